// Streamable HTTP with sessions: the official SDK's StreamableHTTPClientTransport declares elicitation and is asked
// before a rent (accepted, declined), receives progress while a summary counts, and a session ends with DELETE.
import * as Faults from "@effect-sinch/emulator/Faults"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type HttpServer, run, type RunningEmulator, startEmulator, startHttp } from "./support.js"

let emulator: RunningEmulator
let server: HttpServer

beforeAll(async () => {
  emulator = await startEmulator({ active: 20_000 })
  server = await startHttp(emulator.env, ["--toolsets", "read,billable"])
})

afterAll(async () => {
  await server?.stop()
  await emulator?.dispose()
})

const activeIn = async (phoneNumber: string) => {
  const e = emulator.service
  const response = await e.fetch(
    `${e.baseUrl}/v1/projects/${e.projectId}/activeNumbers/${encodeURIComponent(phoneNumber)}`,
    {
      headers: { authorization: `Basic ${btoa(`${e.keyId}:emulator-key-secret`)}` }
    }
  )
  return response.status === 200
}

describe("Streamable HTTP sessions", () => {
  it(
    "asks the user before a rent (elicitation over the call's event stream): accepted rents, declined sends nothing",
    async () => {
      const asked: Array<string> = []
      let answer: "accept" | "decline" = "accept"
      const client = new Client({ name: "http-sessions", version: "1" }, { capabilities: { elicitation: {} } })
      client.setRequestHandler(ElicitRequestSchema, (request) => {
        asked.push(request.params.message)
        return answer === "accept" ? { action: "accept", content: { confirm: true } } : { action: "decline" }
      })
      const transport = new StreamableHTTPClientTransport(server.url)
      await client.connect(transport)
      try {
        expect(transport.sessionId).toMatch(/^[0-9a-f]{32}$/)
        const found = await client.callTool({
          name: "search_available_numbers",
          arguments: { regionCode: "US", type: "LOCAL", size: 2 }
        })
        const [a, b] = (found.structuredContent as { availableNumbers: Array<{ phoneNumber: string }> })
          .availableNumbers.map((n) => n.phoneNumber)
        const rented = await client.callTool({ name: "rent_number", arguments: { phoneNumber: a } })
        expect((rented.structuredContent as { status: string }).status).toBe("done")
        expect(await activeIn(a!)).toBe(true)
        answer = "decline"
        const declined = await client.callTool({ name: "rent_number", arguments: { phoneNumber: b } })
        expect((declined.structuredContent as { status: string }).status).toBe("declined")
        expect(await activeIn(b!)).toBe(false)
        expect(asked).toHaveLength(2)
        expect(asked[0]).toContain(a)
      } finally {
        await client.close()
      }
    },
    60_000
  )

  it("sends progress while summarize_active_numbers counts 20,000 numbers", async () => {
    const client = new Client({ name: "http-sessions", version: "1" })
    await client.connect(new StreamableHTTPClientTransport(server.url))
    try {
      const progress: Array<{ progress: number; total?: number | undefined }> = []
      const result = await client.callTool(
        { name: "summarize_active_numbers", arguments: {} },
        undefined,
        { onprogress: (p) => progress.push(p), timeout: 110_000 }
      )
      // 20,000 and the number the first test rented
      const total = (result.structuredContent as { total: number }).total
      expect(total).toBeGreaterThanOrEqual(20_000)
      expect(progress.length).toBeGreaterThanOrEqual(2)
      expect(progress[0]!.total).toBe(total)
      for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress)
    } finally {
      await client.close()
    }
  }, 120_000)

  it(
    "sends a call's progress to its own session only, on its own stream, when two sessions count at once",
    async () => {
      const clients = [new Client({ name: "one", version: "1" }), new Client({ name: "two", version: "1" })]
      // a third session with a call of its own open and no progress asked for: it must hear none of the others'
      const quiet = new Client({ name: "quiet", version: "1" })
      const heardByQuiet: Array<unknown> = []
      for (const client of [...clients, quiet]) await client.connect(new StreamableHTTPClientTransport(server.url))
      quiet.fallbackNotificationHandler = async (notification) => {
        heardByQuiet.push(notification)
      }
      try {
        const progress: Array<Array<number>> = [[], []]
        const [results] = await Promise.all([
          Promise.all(clients.map((client, i) =>
            client.callTool(
              { name: "summarize_active_numbers", arguments: {} },
              undefined,
              { onprogress: (p) => progress[i]!.push(p.progress), timeout: 110_000 }
            )
          )),
          quiet.callTool({ name: "summarize_active_numbers", arguments: {} }, undefined, { timeout: 110_000 })
        ])
        for (const [i, result] of results.entries()) {
          const total = (result.structuredContent as { total: number }).total
          // both clients number their first call alike, so one session hearing the other's progress would see its
          // counts interleaved (not increasing) or more of them than its own count sends
          expect(progress[i]!.length).toBeGreaterThanOrEqual(2)
          expect(progress[i]!.length).toBeLessThanOrEqual(Math.ceil(total / 5_000) + 1)
          for (let k = 1; k < progress[i]!.length; k++) expect(progress[i]![k]).toBeGreaterThan(progress[i]![k - 1]!)
        }
        expect(heardByQuiet).toEqual([])
      } finally {
        await Promise.all([...clients, quiet].map((client) => client.close()))
      }
    },
    120_000
  )

  it("needs the session's id after initialize; DELETE ends the session", async () => {
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
        body: JSON.stringify(body)
      })
    const noSession = await post({ jsonrpc: "2.0", id: 1, method: "tools/list" })
    expect(noSession.status).toBe(400)
    const unknown = await post({ jsonrpc: "2.0", id: 1, method: "tools/list" }, { "mcp-session-id": "f".repeat(32) })
    expect(unknown.status).toBe(404)

    const transport = new StreamableHTTPClientTransport(server.url)
    const client = new Client({ name: "http-sessions", version: "1" })
    await client.connect(transport)
    const id = transport.sessionId!
    expect((await client.listTools()).tools.length).toBeGreaterThan(0)
    await transport.terminateSession()
    const after = await post({ jsonrpc: "2.0", id: 2, method: "tools/list" }, { "mcp-session-id": id })
    expect(after.status).toBe(404)
    await client.close()
  }, 60_000)

  it(
    "answers a string or null id with that id, refuses a body that is no JSON-RPC message, and serves on",
    async () => {
      // RpcServer reads a request id as a BigInt: a string id threw where the session hands messages to it
      const transport = new StreamableHTTPClientTransport(server.url)
      const client = new Client({ name: "http-sessions", version: "1" })
      await client.connect(transport)
      const post = (body: string) =>
        fetch(server.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            "mcp-session-id": transport.sessionId!
          },
          body
        })
      try {
        for (const id of ["abc", "7", "", null, 1.5]) {
          const answered = await post(JSON.stringify({ jsonrpc: "2.0", id, method: "ping" }))
          expect(answered.status, JSON.stringify(id)).toBe(200)
          const data = /^data: (.*)$/m.exec(await answered.text())
          expect(JSON.parse(data![1]!), JSON.stringify(id)).toEqual({ jsonrpc: "2.0", id, result: {} })
        }
        for (const body of ["42", "{}", `{"jsonrpc":"2.0","id":true,"method":"ping"}`]) {
          const refused = await post(body)
          expect(refused.status, body).toBe(400)
          expect((await refused.json()).error.code, body).toBe(-32600)
        }
        // a cancellation of a call that is not running: nothing to do
        const cancelled = await post(
          JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: "nope" } })
        )
        expect(cancelled.status).toBe(202)
        expect(await cancelled.text()).toBe("")
        expect((await client.listTools()).tools.length).toBeGreaterThan(0)
      } finally {
        await client.close()
      }
    },
    60_000
  )

  it("stops at once on SIGTERM, while a client holds a call's event stream open", async () => {
    // Node's server.close() waits for every busy connection: the server now closes the idle ones at once and the
    // others after 2 s (one run of this file in three waited out afterAll's minute on a connection held by this
    // process, a cause not pinned down; 12 runs in a row passed after the change). A call in flight here is one the
    // emulator holds for 20 s.
    const own = await startHttp(emulator.env)
    await run(
      emulator,
      (e) =>
        e.setFaults(new Faults.Faults({ operations: { GetActiveNumber: new Faults.FaultRule({ latency: 20_000 }) } }))
    )
    try {
      const transport = new StreamableHTTPClientTransport(own.url)
      const client = new Client({ name: "http-sessions", version: "1" })
      await client.connect(transport)
      const held = fetch(own.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-session-id": transport.sessionId!
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "tools/call",
          params: { name: "get_active_number", arguments: { phoneNumber: "+12015550100" } }
        })
      }).then((response) => response.text()).catch(() => "closed")
      await new Promise((resolve) => setTimeout(resolve, 500))
      const started = Date.now()
      await own.stop()
      expect(Date.now() - started).toBeLessThan(10_000)
      await held
    } finally {
      await run(emulator, (e) => e.setFaults(Faults.none))
      await own.stop()
    }
  }, 60_000)
})
