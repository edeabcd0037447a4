// The direct path of tools/call (the transport answers the calls of tools that need nothing of the calling client,
// skipping RpcServer's per-request machinery), over stdio and over Streamable HTTP: the answers are byte for byte
// those McpServer sends, a cancelled call is interrupted, and the calls do skip McpServer (no RpcServer span for
// them).
import * as Faults from "@effect-sinch/emulator/Faults"
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpServer from "@effect/platform/HttpServer"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"
import { PassThrough } from "node:stream"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as McpHttp from "../src/internal/http.js"
import * as Serve from "../src/internal/serve.js"
import * as Stdio from "../src/internal/stdio.js"
import * as NumbersTools from "../src/NumbersTools.js"
import * as SinchNumbersMcp from "../src/SinchNumbersMcp.js"
import { run, type RunningEmulator, startEmulator } from "./support.js"

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ active: 20 })
})

afterAll(async () => {
  await emulator?.dispose()
})

interface Served {
  /** Sends one JSON-RPC message; answers what carries the answer with the same id (a line, an event stream). */
  readonly request: (message: Record<string, unknown>) => Promise<string>
  readonly notify: (message: Record<string, unknown>) => void
  readonly spans: ReadonlyArray<string>
  readonly dispose: () => Promise<void>
}

interface InProcess extends Served {
  /** Writes a line to stdin as it is. */
  readonly raw: (line: string) => void
  /** Every line written to stdout so far. */
  readonly lines: ReadonlyArray<string>
}

// The server as `sinch-numbers mcp` builds it, its calls answered by the transport or not, with a client of the
// emulator and a tracer that records the names of its spans.
const server = (direct: boolean) => {
  const spans: Array<string> = []
  const recording = Effect.map(Effect.tracer, (base) =>
    Tracer.make({
      span: (name, ...rest) => {
        spans.push(name)
        return base.span(name, ...rest)
      },
      context: base.context
    }))
  const client = NumbersClient.layerConfigWithOAuth().pipe(
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(emulator.env)))))
  )
  const layer = Serve.layer(SinchNumbersMcp.serverInfo, {
    toolsets: NumbersTools.defaultToolsets,
    readOnly: false,
    maxMonthlySpend: Option.none(),
    confirmationTtl: SinchNumbersMcp.defaultConfirmationTtl
  }, { elicitation: true, direct })
  const around = <A, E>(self: Layer.Layer<A, E, NumbersClient.NumbersClient>) =>
    self.pipe(Layer.provide(client), Layer.provide(Layer.unwrapEffect(Effect.map(recording, Layer.setTracer))))
  return { spans, layer, around }
}

// on a pair of in-memory ends, as over stdio
const serve = async (direct: boolean): Promise<InProcess> => {
  const stdin = new PassThrough()
  const stdout = new PassThrough()
  const { around, layer, spans } = server(direct)
  const runtime = ManagedRuntime.make(around(layer.pipe(Layer.provide(Stdio.layerEnds(() => ({ stdin, stdout }))))))
  await runtime.runPromise(Effect.void)
  const waiting = new Map<string, (line: string) => void>()
  const lines: Array<string> = []
  let buffer = ""
  stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8")
    let end = buffer.indexOf("\n")
    while (end !== -1) {
      const line = buffer.slice(0, end)
      buffer = buffer.slice(end + 1)
      end = buffer.indexOf("\n")
      lines.push(line)
      const id = String((JSON.parse(line) as { id?: unknown }).id)
      waiting.get(id)?.(line)
      waiting.delete(id)
    }
  })
  return {
    request: (message) =>
      new Promise((resolve) => {
        waiting.set(String(message.id), resolve)
        stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`)
      }),
    notify: (message) => {
      stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`)
    },
    raw: (line) => {
      stdin.write(`${line}\n`)
    },
    lines,
    spans,
    dispose: () => runtime.dispose()
  }
}

// over Streamable HTTP on 127.0.0.1, port 0: a request is a POST of the session, answered with an event stream
const serveHttp = async (direct: boolean): Promise<Served> => {
  const { around, layer, spans } = server(direct)
  const runtime = ManagedRuntime.make(around(McpHttp.layer(layer, { port: 0 })))
  const address = (await runtime.runPromise(HttpServer.HttpServer)).address
  if (address._tag !== "TcpAddress") throw new Error("not on TCP")
  const url = `http://127.0.0.1:${address.port}/mcp`
  let session: string | undefined
  const post = async (message: Record<string, unknown>) => {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...(session === undefined ? {} : { "mcp-session-id": session })
      },
      body: JSON.stringify({ jsonrpc: "2.0", ...message })
    })
    session ??= response.headers.get("mcp-session-id") ?? undefined
    return response.text()
  }
  return {
    // the event stream's text: one `message` event with the answer
    request: post,
    notify: (message) => void post(message),
    spans,
    dispose: () => runtime.dispose()
  }
}

/** The answer an event stream carries (the data of its one event). */
const answerOf = (events: string): string => {
  const data = /^data: (.*)$/m.exec(events)
  expect(data, events).not.toBeNull()
  return data![1]!
}

const initialize = {
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "direct-test", version: "1" } }
}

const call = (id: number | string, name: string, args?: Record<string, unknown>) => ({
  id,
  method: "tools/call",
  params: args === undefined ? { name } : { name, arguments: args }
})

/** The server both ways (through McpServer, and with the transport's direct path), each initialized. */
const initializedPair = async <S extends Served>(serve: (direct: boolean) => Promise<S>) => {
  const servers = await Promise.all([serve(false), serve(true)])
  for (const server of servers) {
    await server.request(initialize)
    server.notify({ method: "notifications/initialized" })
  }
  return servers
}

const clientInterrupt = { _tag: "Runtime", id: -499, startTimeMillis: 0 }

// The causes an encoded cause is made of, its empty parts left out.
const leaves = (cause: any): Array<unknown> =>
  cause._tag === "Sequential" || cause._tag === "Parallel"
    ? [...leaves(cause.left), ...leaves(cause.right)]
    : cause._tag === "Empty"
    ? []
    : [cause]

const transports: ReadonlyArray<{
  readonly name: string
  readonly serve: (direct: boolean) => Promise<Served>
  readonly answer: (text: string) => string
}> = [
  { name: "stdio", serve, answer: (line: string) => line },
  { name: "Streamable HTTP", serve: serveHttp, answer: answerOf }
] as const

describe.each(transports)("tools/call answered by the transport, over $name", ({ answer, serve }) => {
  it("answers byte for byte as McpServer does: results, tool errors, invalid params, unusual requests", async () => {
    const [viaMcpServer, viaTransport] = await Promise.all([serve(false), serve(true)])
    try {
      const both = async (message: Record<string, unknown>) => {
        const [a, b] = [await viaMcpServer.request(message), await viaTransport.request(message)]
        expect(b).toBe(a)
        return JSON.parse(answer(a)) as { result?: any; error?: any }
      }
      await both(initialize)
      for (const server of [viaMcpServer, viaTransport]) server.notify({ method: "notifications/initialized" })

      const page = await both(call(1, "list_active_numbers", { pageSize: 2 }))
      const phoneNumber: string = page.result.structuredContent.activeNumbers[0].phoneNumber
      const found = await both(call(2, "get_active_number", { phoneNumber }))
      expect(found.result.isError).toBe(false)
      expect(found.result.structuredContent.phoneNumber).toBe(phoneNumber)
      // the text content is the structured answer's compact JSON
      expect(found.result.content).toEqual([{ type: "text", text: JSON.stringify(found.result.structuredContent) }])
      // a typed error of the API: an isError result with its message
      const missing = await both(call(3, "get_active_number", { phoneNumber: "+12015550999" }))
      expect(missing.result.isError).toBe(true)
      expect(missing.result.content[0].text).toMatch(/^NotFound: /)
      // bad arguments: invalid params naming the field
      const invalid = await both(call(4, "get_active_number", { phoneNumber: 12 }))
      expect(invalid.error.code).toBe(-32602)
      expect(invalid.error.message).toMatch(/phoneNumber/)
      const tooBig = await both(call(5, "list_active_numbers", { pageSize: 5000 }))
      expect(tooBig.error.code).toBe(-32602)
      // no arguments at all, an unknown tool, id 0 again, a billable tool (not served): as McpServer answers them
      await both(call(6, "get_active_number"))
      await both(call(7, "no_such_tool", {}))
      await both(call(0, "get_active_number", { phoneNumber }))
      await both(call(8, "rent_number", { phoneNumber }))
      await both({ id: 9, method: "tools/list" })

      // the calls went around McpServer's RPC server on one side only; the API call is traced on both
      const calls = (spans: ReadonlyArray<string>) => spans.filter((name) => name === "McpServer.tools/call").length
      // (the call without arguments is refused by RpcServer's decoding before any span)
      expect(calls(viaMcpServer.spans)).toBe(8)
      // only the unknown tool and rent_number went to McpServer's handler
      expect(calls(viaTransport.spans)).toBe(2)
      expect(viaTransport.spans).toContain("NumbersClient.getActiveNumber")
      expect(viaTransport.spans).toContain("McpServer.initialize")
    } finally {
      await Promise.all([viaMcpServer.dispose(), viaTransport.dispose()])
    }
  }, 60_000)

  it("interrupts a call the client cancels (notifications/cancelled), and answers it as McpServer does", async () => {
    const [viaMcpServer, viaTransport] = await initializedPair(serve)
    try {
      const page = JSON.parse(answer(await viaTransport.request(call(1, "list_active_numbers", { pageSize: 1 }))))
      const phoneNumber: string = page.result.structuredContent.activeNumbers[0].phoneNumber
      // the emulator holds the answer for 20 s
      await run(
        emulator,
        (e) =>
          e.setFaults(new Faults.Faults({ operations: { GetActiveNumber: new Faults.FaultRule({ latency: 20_000 }) } }))
      )
      try {
        const answers = await Promise.all([viaMcpServer, viaTransport].map(async (server) => {
          const started = Date.now()
          const answered = server.request(call(2, "get_active_number", { phoneNumber }))
          await new Promise((resolve) => setTimeout(resolve, 300))
          server.notify({ method: "notifications/cancelled", params: { requestId: 2, reason: "changed my mind" } })
          const line = await answered
          return { line, took: Date.now() - started }
        }))
        for (const { line, took } of answers) {
          // an error whose cause is the client's interruption (RpcServer's fiber id -499) and nothing else
          const error = JSON.parse(answer(line)).error
          expect(error.code).toBe(0)
          expect(leaves(error.data).map((leaf) => JSON.stringify(leaf))).toEqual(
            expect.arrayContaining([JSON.stringify({ _tag: "Interrupt", fiberId: clientInterrupt })])
          )
          for (const leaf of leaves(error.data)) {
            expect(leaf).toEqual({ _tag: "Interrupt", fiberId: clientInterrupt })
          }
          expect(took).toBeLessThan(10_000)
        }
        // a string id, cancelled by that id: interrupted, and answered with it
        for (const server of [viaMcpServer, viaTransport]) {
          const answered = server.request(call("slow-1", "get_active_number", { phoneNumber }))
          await new Promise((resolve) => setTimeout(resolve, 300))
          server.notify({ method: "notifications/cancelled", params: { requestId: "slow-1" } })
          const cancelled = JSON.parse(answer(await answered))
          expect(cancelled.id).toBe("slow-1")
          expect(leaves(cancelled.error.data)).toContainEqual({ _tag: "Interrupt", fiberId: clientInterrupt })
        }
        // and the server reads on
        const after = JSON.parse(answer(await viaTransport.request(call(3, "get_active_number", { phoneNumber: 12 }))))
        expect(after.error.code).toBe(-32602)
      } finally {
        await run(emulator, (e) => e.setFaults(new Faults.Faults({})))
      }
    } finally {
      await Promise.all([viaMcpServer.dispose(), viaTransport.dispose()])
    }
  }, 60_000)

  it("answers every request id JSON-RPC allows with that id, and reads on", async () => {
    // RpcServer reads a request id as a BigInt and answers it as a number: a string id made it throw in the
    // transport's one reading fiber, and the server read nothing more (both paths); "7" was answered as 7, null as 0
    const [viaMcpServer, viaTransport] = await initializedPair(serve)
    try {
      for (const server of [viaMcpServer, viaTransport]) {
        const ids: ReadonlyArray<string | number | null> = ["abc", "7", "0x10", "", 1.5, 12345678901234567000, null]
        for (const id of ids) {
          const invalid = JSON.parse(
            answer(await server.request(call(id as string, "get_active_number", { phoneNumber: 12 })))
          )
          expect(invalid.id, JSON.stringify(id)).toStrictEqual(id)
          expect(invalid.error.code).toBe(-32602)
        }
        const page = JSON.parse(answer(await server.request(call("page", "list_active_numbers", { pageSize: 1 }))))
        expect(page.id).toBe("page")
        expect(page.result.structuredContent.activeNumbers).toHaveLength(1)
        expect(JSON.parse(answer(await server.request({ id: "p", method: "ping" })))).toEqual({
          jsonrpc: "2.0",
          id: "p",
          result: {}
        })
        // a field MCP does not have, that RpcServer reads (and threw on): ignored
        expect(JSON.parse(answer(await server.request({ id: 99, method: "ping", headers: "ab" }))).result).toEqual({})
      }
    } finally {
      await Promise.all([viaMcpServer.dispose(), viaTransport.dispose()])
    }
  }, 60_000)
})

describe("over stdio", () => {
  it("refuses a message that is no request, ignores a cancellation of nothing, and reads on", async () => {
    const [viaMcpServer, viaTransport] = await initializedPair(serve)
    try {
      for (const server of [viaMcpServer, viaTransport]) {
        // a cancellation of an id that is not running, has none, or no params: ignored
        const before = server.lines.length
        server.notify({ method: "notifications/cancelled", params: { requestId: "nope" } })
        server.notify({ method: "notifications/cancelled", params: { requestId: 2.5 } })
        server.notify({ method: "notifications/cancelled", params: {} })
        server.notify({ method: "notifications/cancelled", params: null })
        server.notify({ method: "notifications/cancelled" })
        // RpcServer's own control messages are not MCP's: ignored (an interrupt of "x" threw as a string id did)
        server.notify({ method: "@effect/rpc/Interrupt", params: { requestId: "x" } })
        server.notify({ method: "@effect/rpc/Eof" })
        expect(JSON.parse(await server.request({ id: 100, method: "ping" })).result).toEqual({})
        expect(server.lines.length).toBe(before + 1)

        // JSON that is no JSON-RPC message, or an id JSON-RPC does not allow: Invalid Request, id null
        for (
          const line of [
            "42",
            "{}",
            "[]",
            `{"jsonrpc":"2.0","id":true,"method":"ping"}`,
            `{"jsonrpc":"2.0","id":{},"method":"ping"}`
          ]
        ) {
          const count = server.lines.length
          server.raw(line)
          expect(JSON.parse(await server.request({ id: 101, method: "ping" })).result, line).toEqual({})
          expect(server.lines.slice(count, -1).map((answer) => JSON.parse(answer)), line).toEqual([
            { jsonrpc: "2.0", id: null, error: { code: -32600, message: expect.stringMatching(/^Invalid Request/) } }
          ])
        }
      }
    } finally {
      await Promise.all([viaMcpServer.dispose(), viaTransport.dispose()])
    }
  }, 60_000)
})
