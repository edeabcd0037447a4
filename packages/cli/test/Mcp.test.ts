// `sinch-numbers mcp`: the MCP server mounted in the command line, spoken to by the official MCP SDK's client over
// stdio (the bundled bin as a child process), against the emulator on loopback.
import { Emulator } from "@effect-sinch/emulator"
import { describe, expect, it } from "@effect/vitest"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { ExitCode } from "../src/ExitCode.js"
import * as Cli from "./fixtures/Cli.js"

const connect = (args: ReadonlyArray<string>, env: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.promise(async () => {
      const transport = new StdioClientTransport({ command: process.execPath, args: [Cli.bin, ...args], env })
      const client = new Client({ name: "sinch-numbers-cli-tests", version: "1.0.0" })
      await client.connect(transport)
      return client
    }),
    (client) => Effect.promise(() => client.close())
  )

describe("sinch-numbers mcp", () => {
  it.scoped(
    "serves the operations as tools with the CLI's credentials; a read tool answers the emulator's number",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const client = yield* connect(["mcp"], Cli.envFor(emulator))
        const { tools } = yield* Effect.promise(() => client.listTools())
        const names = tools.map((tool) => tool.name)
        expect(names).toContain("get_active_number")
        expect(names).toContain("summarize_active_numbers")
        // the default toolsets are read and write: nothing that spends
        expect(names).not.toContain("rent_number")
        expect(names).not.toContain("release_number")

        const page = yield* Effect.promise(() => client.callTool({ name: "list_active_numbers", arguments: {} }))
        expect(page.isError).not.toBe(true)
        const listed =
          (page.structuredContent as { activeNumbers: ReadonlyArray<{ phoneNumber: string }> }).activeNumbers
        expect(listed).toHaveLength(5)
        const result = yield* Effect.promise(() =>
          client.callTool({ name: "get_active_number", arguments: { phoneNumber: listed[0]!.phoneNumber } })
        )
        expect(result.isError).not.toBe(true)
        expect(result.structuredContent).toMatchObject({ phoneNumber: listed[0]!.phoneNumber })
      }).pipe(Effect.provide(Layer.fresh(Emulator.layer({ active: 5 })))),
    60_000
  )

  it.effect(
    "ends with 0 when the client closes stdin, as sinch-numbers-mcp does (docs/mcp.md), mid-call too",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const idle = yield* Effect.promise(() => Cli.run(["mcp"], Cli.envFor(emulator)))
        expect(idle).toMatchObject({ code: 0, stdout: "", signal: null })
        const initialize = {
          jsonrpc: "2.0",
          id: 0,
          method: "initialize",
          params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } }
        }
        const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_active_numbers" } }
        // stdin ends right after the call: the call is interrupted, and answered so
        const midCall = yield* Effect.promise(() =>
          Cli.run(
            ["mcp"],
            Cli.envFor(emulator),
            [initialize, call].map((message) => JSON.stringify(message)).join("\n")
          )
        )
        expect(midCall.code).toBe(0)
        expect(midCall.stdout.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line).id)).toContain(0)
      }).pipe(Effect.provide(Layer.fresh(Emulator.layer({ active: 1 })))),
    60_000
  )

  it.effect(
    "a setting that makes no sense is a usage error (2) before anything starts, and stdout stays empty",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const ran = yield* Effect.promise(() => Cli.run(["mcp", "--max-monthly-spend", "lots"], Cli.envFor(emulator)))
        expect(ran.code).toBe(ExitCode.Usage)
        expect(ran.stdout).toBe("")
        expect(ran.stderr).toContain("--max-monthly-spend")
      }).pipe(Effect.provide(Layer.fresh(Emulator.layer({ active: 1 })))),
    60_000
  )

  it.effect("without credentials it exits 4 and names what is missing", () =>
    Effect.gen(function*() {
      const dir = Cli.scratch()
      const ran = yield* Effect.promise(() =>
        Cli.run(["mcp"], {
          PATH: process.env["PATH"] ?? "",
          HOME: dir,
          SINCH_CONFIG: Path.join(dir, "config.json")
        })
      )
      expect(ran.code).toBe(ExitCode.Auth)
      expect(ran.stdout).toBe("")
      expect(ran.stderr).toContain("SINCH_PROJECT_ID")
      expect(Fs.existsSync(Path.join(dir, "config.json"))).toBe(false)
    }), 60_000)
})
