// What the MCP layer costs: time from spawning the bundled server to its `initialize` answer, and the p50 of a read
// tool (`get_active_number`) over stdio against the same call made directly with NumbersClient, both on the emulator
// (loopback). Run: `npx tsx packages/mcp/bench/mcp.ts [--calls N]` after the tests have bundled the bin (or it bundles
// it here). Figures go to stdout.
import * as Emulator from "@effect-sinch/emulator/Emulator"
import { NumbersClient } from "@effect-sinch/numbers"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Fs from "node:fs"
import setup, { bundled } from "../test/globalSetup.js"

const calls = Number(process.argv[process.argv.indexOf("--calls") + 1] ?? "") || 1000
const starts = 10

const percentile = (samples: ReadonlyArray<number>, p: number) => {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}
const ms = (n: number) => `${n.toFixed(3)} ms`

const main = async () => {
  if (!Fs.existsSync(bundled)) await setup()
  const runtime = ManagedRuntime.make(Emulator.layer({ active: 1000 }))
  const emulator = await runtime.runPromise(Emulator.Emulator)
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    SINCH_PROJECT_ID: emulator.projectId,
    SINCH_KEY_ID: emulator.keyId,
    SINCH_KEY_SECRET: "emulator-key-secret",
    SINCH_NUMBERS_URL: emulator.baseUrl,
    SINCH_AUTH_URL: emulator.tokenUrl
  }
  try {
    // 1. spawn → initialize answer
    const startup: Array<number> = []
    for (let i = 0; i < starts; i++) {
      const started = performance.now()
      const client = new Client({ name: "bench", version: "1" })
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [bundled], env }))
      startup.push(performance.now() - started)
      await client.close()
    }

    // 2. a read through MCP, and the same read through NumbersClient, one after the other, same emulator
    const client = new Client({ name: "bench", version: "1" })
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [bundled], env }))
    const page = await client.callTool({ name: "list_active_numbers", arguments: { pageSize: 1 } })
    const phoneNumber = (page.structuredContent as { activeNumbers: Array<{ phoneNumber: string }> })
      .activeNumbers[0]!.phoneNumber
    const viaMcp: Array<number> = []
    for (let i = 0; i < calls + 50; i++) {
      const started = performance.now()
      await client.callTool({ name: "get_active_number", arguments: { phoneNumber } })
      if (i >= 50) viaMcp.push(performance.now() - started)
    }
    await client.close()

    Object.assign(process.env, env)
    const direct = ManagedRuntime.make(
      NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(NodeHttpClient.layerUndici))
    )
    const numbers = await direct.runPromise(NumbersClient.NumbersClient)
    const viaSdk: Array<number> = []
    for (let i = 0; i < calls + 50; i++) {
      const started = performance.now()
      await Effect.runPromise(numbers.getActiveNumber(phoneNumber))
      if (i >= 50) viaSdk.push(performance.now() - started)
    }
    await direct.dispose()

    const p50Mcp = percentile(viaMcp, 0.5)
    const p50Sdk = percentile(viaSdk, 0.5)
    process.stdout.write(
      [
        `mcp bench, node ${process.version}, ${calls} calls`,
        `spawn → initialize answer: p50 ${ms(percentile(startup, 0.5))}, max ${
          ms(Math.max(...startup))
        } (${starts} starts)`,
        `get_active_number via MCP (stdio): p50 ${ms(p50Mcp)}, p90 ${ms(percentile(viaMcp, 0.9))}`,
        `getActiveNumber via NumbersClient: p50 ${ms(p50Sdk)}, p90 ${ms(percentile(viaSdk, 0.9))}`,
        `added by the MCP layer: p50 ${ms(p50Mcp - p50Sdk)} (target ≤ 1 ms)`
      ].join("\n") + "\n"
    )
  } finally {
    await runtime.dispose()
  }
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
