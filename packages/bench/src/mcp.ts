/**
 * `pnpm bench --only mcp`: what the MCP layer costs. The time from spawning the bundled `sinch-numbers-mcp` to its
 * `initialize` answer, and the p50 of a read tool (`get_active_number`) through the official MCP SDK's client over
 * stdio against the same call made directly with NumbersClient, both on the emulator (loopback).
 *
 * The emulator runs in its own process, as in the other scenarios: both calls then cross the same loopback hop
 * between two processes. (With the emulator inside this process, the direct call's hop never left the process
 * while the server's did: each of its two crossings wakes a sleeping process, a write that took 0.18 to 0.41 ms in
 * the server's profiles against 0.04 ms for the same write read by its own process: a cost of the set-up counted
 * against the MCP layer. docs/mcp.md has the figures.)
 */
import { NumbersClient } from "@effect-sinch/numbers"
import * as BinBundle from "@effect-sinch/test-support/BinBundle"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Url from "node:url"
import { startEmulator } from "./emulatorProcess.js"
import type { Verdict } from "./scenarios.js"

const starts = 10
const mcpBin = Path.resolve(Path.dirname(Url.fileURLToPath(import.meta.url)), "../../mcp/src/bin.ts")

const percentile = (samples: ReadonlyArray<number>, p: number) => {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}
const ms = (n: number) => `${n.toFixed(3)} ms`

// user + system CPU time of a process, from /proc (in clock ticks of 10 ms); NaN where there is no /proc
const cpuTimeMs = (pid: number | null | undefined): number => {
  try {
    const fields = Fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}

/** The figures, and whether the MCP layer adds at most 1 ms at p50. */
export interface McpReport {
  readonly text: string
  readonly figures: {
    readonly initializeP50Ms: number
    readonly mcpP50Ms: number
    readonly sdkP50Ms: number
    readonly addedP50Ms: number
    readonly serverCpuPerCallMs: number
  }
  readonly targets: ReadonlyArray<Verdict>
}

/** @internal */
export const runMcp = async (
  options: { readonly quick: boolean; readonly number: number },
  log: (line: string) => void
): Promise<McpReport> => {
  const calls = options.quick ? 300 : 1000
  const title = `${options.number}. MCP: spawn to initialize, and a read tool over stdio against the same SDK call`
  log(title)
  const outdir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-sinch-bench-mcp-"))
  const bundled = (await BinBundle.bundle({ entry: mcpBin, outdir, name: "sinch-numbers-mcp" })).launcher
  const emulator = await startEmulator(["--active", "1000"])
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    SINCH_PROJECT_ID: emulator.projectId,
    SINCH_KEY_ID: emulator.keyId,
    SINCH_KEY_SECRET: emulator.keySecret,
    SINCH_NUMBERS_URL: emulator.baseUrl,
    SINCH_AUTH_URL: `${emulator.baseUrl}/oauth2/token`
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

    // 2. a read through MCP and the same read through NumbersClient, paired: one of each in turn (which goes first
    // alternates), so that both meet the same load
    const client = new Client({ name: "bench", version: "1" })
    const transport = new StdioClientTransport({ command: process.execPath, args: [bundled], env })
    await client.connect(transport)
    const page = await client.callTool({ name: "list_active_numbers", arguments: { pageSize: 1 } })
    const phoneNumber = (page.structuredContent as { activeNumbers: Array<{ phoneNumber: string }> })
      .activeNumbers[0]!.phoneNumber
    Object.assign(process.env, env)
    const direct = ManagedRuntime.make(
      NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(NodeHttpClient.layerUndici))
    )
    const numbers = await direct.runPromise(NumbersClient.NumbersClient)
    const viaMcp: Array<number> = []
    const viaSdk: Array<number> = []
    const timeMcp = async (keep: boolean) => {
      const started = performance.now()
      await client.callTool({ name: "get_active_number", arguments: { phoneNumber } })
      if (keep) viaMcp.push(performance.now() - started)
    }
    const timeSdk = async (keep: boolean) => {
      const started = performance.now()
      await Effect.runPromise(numbers.getActiveNumber(phoneNumber))
      if (keep) viaSdk.push(performance.now() - started)
    }
    let serverCpuMs = Number.NaN
    for (let i = 0; i < calls + 50; i++) {
      // the server's CPU time over the measured calls, where the system tells it (Linux)
      if (i === 50) serverCpuMs = -cpuTimeMs(transport.pid)
      if (i % 2 === 0) {
        await timeMcp(i >= 50)
        await timeSdk(i >= 50)
      } else {
        await timeSdk(i >= 50)
        await timeMcp(i >= 50)
      }
    }
    serverCpuMs += cpuTimeMs(transport.pid)
    await client.close()
    await direct.dispose()

    const p50Mcp = percentile(viaMcp, 0.5)
    const p50Sdk = percentile(viaSdk, 0.5)
    const added = p50Mcp - p50Sdk
    const met = added <= 1
    const text = [
      title,
      `  ${calls} calls; spawn → initialize answer: p50 ${ms(percentile(startup, 0.5))}, max ${
        ms(Math.max(...startup))
      } (${starts} starts)`,
      `  get_active_number via MCP (stdio): p50 ${ms(p50Mcp)}, p90 ${ms(percentile(viaMcp, 0.9))}`,
      `  getActiveNumber via NumbersClient: p50 ${ms(p50Sdk)}, p90 ${
        ms(percentile(viaSdk, 0.9))
      } (paired with the above; the emulator in its own process)`,
      `  the server's CPU per call: ${Number.isNaN(serverCpuMs) ? "n/a" : ms(serverCpuMs / calls)} (load ${
        Os.loadavg()[0]!.toFixed(2)
      })`,
      `  ${met ? "MET " : "MISS"} added by the MCP layer at p50: ${ms(added)}   target ≤ 1 ms`
    ].join("\n")
    return {
      text,
      figures: {
        initializeP50Ms: percentile(startup, 0.5),
        mcpP50Ms: p50Mcp,
        sdkP50Ms: p50Sdk,
        addedP50Ms: added,
        serverCpuPerCallMs: serverCpuMs / calls
      },
      targets: [{ label: "added by the MCP layer at p50", value: ms(added), target: "≤ 1 ms", met, figure: added }]
    }
  } finally {
    await emulator.stop()
    Fs.rmSync(outdir, { recursive: true, force: true })
  }
}
