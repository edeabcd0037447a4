// Streamable HTTP: the official SDK's Client, the MCP conformance suite and the MCP Inspector's CLI against the
// bundled bin with --http, the bin against the emulator.
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Url from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  compile,
  connectHttp,
  type HttpServer,
  type RunningEmulator,
  startEmulator,
  startHttp,
  structured,
  textOf
} from "./support.js"

const root = Path.resolve(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")
const bin = (name: string) => Path.join(root, "node_modules", ...name.split("/"))

let emulator: RunningEmulator
let server: HttpServer

beforeAll(async () => {
  emulator = await startEmulator({ active: 200 })
  server = await startHttp(emulator.env, ["--toolsets", "read,write,billable"])
})

afterAll(async () => {
  await server?.stop()
  await emulator?.dispose()
})

const execNode = (args: ReadonlyArray<string>, cwd: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    ChildProcess.execFile(
      process.execPath,
      args,
      { cwd, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : (error.code as number | null) ?? 1, stdout, stderr })
    )
  })

describe("Streamable HTTP", () => {
  it("serves the SDK client: tools/list with valid schemas, a read, and the confirmation-token path", async () => {
    const client = await connectHttp(server.url)
    try {
      const tools = new Map((await client.listTools()).tools.map((t) => [t.name, t]))
      expect(tools.size).toBe(23)
      for (const tool of tools.values()) {
        compile(tool.inputSchema)
        compile(tool.outputSchema)
      }
      const found = structured(
        tools.get("search_available_numbers"),
        await client.callTool({
          name: "search_available_numbers",
          arguments: { regionCode: "US", type: "LOCAL", size: 2 }
        })
      )
      const phoneNumber = found.availableNumbers[0].phoneNumber as string
      // HTTP has no server-to-client requests here: billable tools answer a quote and a token
      const quote = structured(
        tools.get("rent_number"),
        await client.callTool({ name: "rent_number", arguments: { phoneNumber } })
      )
      expect(quote.status).toBe("confirmation_required")
      expect(quote.quote.numbers[0].monthlyPrice).toEqual({ currencyCode: "USD", amount: "2.00" })
      const done = structured(
        tools.get("rent_number"),
        await client.callTool({
          name: "rent_number",
          arguments: { phoneNumber, confirmationToken: quote.confirmationToken }
        })
      )
      expect(done.status).toBe("done")
      const reused = await client.callTool({
        name: "rent_number",
        arguments: { phoneNumber, confirmationToken: quote.confirmationToken }
      })
      expect(reused.isError).toBe(true)
      expect(textOf(reused)).toMatch(/already used/)
      const resource = await client.readResource({ uri: `sinch://active-numbers/${phoneNumber}` })
      expect(JSON.parse((resource.contents[0] as { text: string }).text).phoneNumber).toBe(phoneNumber)
      const regions = await client.readResource({ uri: "sinch://regions" })
      expect(JSON.parse((regions.contents[0] as { text: string }).text).availableRegions.length).toBeGreaterThan(0)
    } finally {
      await client.close()
    }
  })

  it("refuses a request from a foreign Origin (DNS rebinding) and answers GET with 405", async () => {
    const foreign = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example", accept: "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })
    })
    expect(foreign.status).toBe(403)
    expect((await fetch(server.url)).status).toBe(405)
  })

  it("passes the MCP conformance suite's server scenarios, but those in the baseline (see docs/mcp.md)", async () => {
    const output = Fs.mkdtempSync(Path.join(Os.tmpdir(), "mcp-conformance-"))
    const ran = await execNode([
      bin("@modelcontextprotocol/conformance/dist/index.js"),
      "server",
      "--url",
      server.url.href,
      "--expected-failures",
      Path.join(root, "test/conformance-baseline.yml"),
      "-o",
      output
    ], root)
    const summary = ran.stdout.slice(ran.stdout.indexOf("=== SUMMARY ==="))
    expect(ran.code, summary + ran.stderr).toBe(0)
    for (const scenario of ["server-initialize", "ping", "tools-list", "resources-list", "dns-rebinding-protection"]) {
      expect(summary).toMatch(new RegExp(`✓ ${scenario}: [1-9]\\d* passed, 0 failed`))
    }
  }, 120_000)

  it("answers the MCP Inspector's CLI: it lists the tools and calls one", async () => {
    // inspector-cli 1.0.3 reads its own package.json at ../package.json from the working directory
    const cwd = Path.join(root, "test")
    const cli = bin("@modelcontextprotocol/inspector-cli/build/cli.js")
    const listed = await execNode([cli, "--cli", server.url.href, "--transport", "http", "--method", "tools/list"], cwd)
    expect(listed.code, listed.stderr).toBe(0)
    expect((JSON.parse(listed.stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name)).toContain(
      "rent_number"
    )
    const called = await execNode([
      cli,
      "--cli",
      server.url.href,
      "--transport",
      "http",
      "--method",
      "tools/call",
      "--tool-name",
      "list_available_regions"
    ], cwd)
    expect(called.code, called.stderr).toBe(0)
    const result = JSON.parse(called.stdout) as { structuredContent: { availableRegions: Array<unknown> } }
    expect(result.structuredContent.availableRegions.length).toBeGreaterThan(0)
  }, 60_000)
})
