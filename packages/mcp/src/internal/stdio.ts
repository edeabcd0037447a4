/** @internal */
import type * as RpcMessage from "@effect/rpc/RpcMessage"
import * as RpcSerialization from "@effect/rpc/RpcSerialization"
import * as RpcServer from "@effect/rpc/RpcServer"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Mailbox from "effect/Mailbox"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import * as JsonRpcIds from "./jsonRpcIds.js"
import { Notifier, progressMessage } from "./server.js"

/**
 * The ends of a stdio transport: Node's `process.stdin` and `process.stdout`, or a pair of the same shape.
 *
 * @internal
 */
export interface Ends {
  readonly stdin: NodeJS.ReadableStream
  readonly stdout: NodeJS.WritableStream
}

// the longest line RpcSerialization's ndjson framing accepts
const maxLine = 16 * 1024 * 1024

const parseError = (message: string) =>
  `${JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message } })}\n`

const invalidRequest = `${
  JSON.stringify({
    jsonrpc: "2.0",
    id: null,
    error: {
      code: -32600,
      message: "Invalid Request: a line of stdin is not a JSON-RPC request, notification or response"
    }
  })
}\n`

const internalError = `${
  JSON.stringify({
    jsonrpc: "2.0",
    id: null,
    error: { code: -32603, message: "Internal error: a message could not be read" }
  })
}\n`

/**
 * Newline-delimited JSON-RPC on stdin and stdout, written for one client's latency: an answer is written to stdout
 * as soon as it is encoded, and the lines read from stdin go to the server in order, from one fiber.
 *
 * `RpcServer.layerProtocolStdio` takes a `Stream` and a `Sink` and passes every answer through a mailbox and a
 * stream to the sink, a fiber at each step: measured in-process, a quarter of a millisecond of CPU per call, as
 * much as the rest of the MCP layer. Node writes to a pipe at once when it has room and queues the rest, in order:
 * answers leave in the order they are sent.
 *
 * A line that is not JSON is answered with JSON-RPC's parse error (-32700) and the server reads on (RpcServer's
 * framing stops reading at the first such line); JSON that is no JSON-RPC message, or a request id JSON-RPC does not
 * allow, with Invalid Request (-32600). A request id RpcServer cannot carry (a string, `null`, a number that is not a
 * safe integer) is carried as a number of its own and given back in the answer (see `JsonRpcIds`). When stdin ends (the client went away) the fiber that built the
 * server is interrupted, as RpcServer's does; a stdout whose reader is gone (EPIPE) drops what is written to it.
 *
 * @internal
 */
export const make = (ends: Ends): Effect.Effect<
  { readonly protocol: RpcServer.Protocol["Type"]; readonly notifier: Notifier["Type"] },
  never,
  Scope.Scope
> =>
  Effect.gen(function*() {
    const owner = Option.getOrThrow(Fiber.getCurrentFiber())
    let broken = false
    const write = (text: string) => {
      if (!broken) ends.stdout.write(text)
    }
    // one client on stdio: its progress goes to stdout as any answer does
    const notifier: Notifier["Type"] = {
      progress: (_clientId, params) => Effect.sync(() => write(`${progressMessage(params)}\n`))
    }
    const protocol = yield* RpcServer.Protocol.make((writeRequest) =>
      Effect.gen(function*() {
        // JSON-RPC without framing: the lines are cut here, so a bad one leaves nothing behind in the parser
        const parser = RpcSerialization.jsonRpc().unsafeMake()
        const ids = JsonRpcIds.make()
        const refuse = (): undefined => {
          write(invalidRequest)
          return undefined
        }
        const decoder = new TextDecoder()
        const incoming = yield* Queue.unbounded<ReadonlyArray<RpcMessage.FromClientEncoded> | null>()
        let buffer = ""
        let skipping = false
        const onData = (chunk: string | Uint8Array) => {
          buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true })
          const messages: Array<RpcMessage.FromClientEncoded> = []
          let start = 0
          let end = buffer.indexOf("\n")
          while (end !== -1) {
            const line = buffer.slice(start, end)
            start = end + 1
            end = buffer.indexOf("\n", start)
            if (skipping) {
              // the rest of a line too long to keep
              skipping = false
              continue
            }
            if (line.trim() === "") continue
            let value: unknown
            try {
              value = JSON.parse(line)
            } catch {
              write(parseError("Parse error: a line of stdin is not JSON"))
              continue
            }
            const admitted = ids.inbound(line, value, refuse)
            if (admitted === undefined) continue
            try {
              for (const message of parser.decode(admitted)) messages.push(message as RpcMessage.FromClientEncoded)
            } catch {
              write(invalidRequest)
            }
          }
          buffer = buffer.slice(start)
          if (buffer.length > maxLine) {
            buffer = ""
            skipping = true
            write(parseError(`Parse error: a message longer than ${maxLine} characters was dropped`))
          }
          if (messages.length > 0) incoming.unsafeOffer(messages)
        }
        const onEnd = () => incoming.unsafeOffer(null)
        const onWriteError = () => {
          broken = true
        }
        yield* Effect.acquireRelease(
          Effect.sync(() => {
            ends.stdin.on("data", onData)
            ends.stdin.once("end", onEnd)
            ends.stdin.once("error", onEnd)
            ends.stdout.on("error", onWriteError)
          }),
          () =>
            Effect.sync(() => {
              ends.stdin.off("data", onData)
              ends.stdin.off("end", onEnd)
              ends.stdin.off("error", onEnd)
              ends.stdout.off("error", onWriteError)
              ends.stdin.pause()
            })
        )
        yield* Queue.take(incoming).pipe(
          Effect.flatMap((messages) =>
            messages === null
              ? Effect.zipRight(Fiber.interruptFork(owner), Effect.never)
              : Effect.forEach(
                messages,
                // a message the server fails on is answered as such, and the fiber reads on
                (message) =>
                  Effect.catchAllDefect(writeRequest(0, message), () => Effect.sync(() => write(internalError))),
                { discard: true }
              )
          ),
          Effect.forever,
          Effect.interruptible,
          Effect.forkScoped
        )
        return {
          disconnects: yield* Mailbox.make<number>(),
          send: (_clientId, response) =>
            Effect.sync(() => {
              const encoded = parser.encode(response)
              if (typeof encoded === "string") write(`${ids.outbound(encoded)}\n`)
            }),
          end: () => Effect.void,
          clientIds: Effect.succeed(new Set([0])),
          initialMessage: Effect.succeedNone,
          supportsAck: true,
          supportsTransferables: false,
          supportsSpanPropagation: true
        }
      })
    )
    return { protocol, notifier }
  })

/**
 * The protocol and the notifier on a pair of ends.
 *
 * @internal
 */
export const layerEnds = (ends: () => Ends): Layer.Layer<RpcServer.Protocol | Notifier> =>
  Layer.scopedContext(
    Effect.suspend(() => make(ends())).pipe(
      Effect.map(({ notifier, protocol }) =>
        Context.make(RpcServer.Protocol, protocol).pipe(Context.add(Notifier, notifier))
      )
    )
  )

/**
 * The protocol on the process's stdin and stdout.
 *
 * @internal
 */
export const layer: Layer.Layer<RpcServer.Protocol | Notifier> = layerEnds(() => ({
  stdin: process.stdin,
  stdout: process.stdout
}))
