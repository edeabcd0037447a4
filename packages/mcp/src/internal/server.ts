/** @internal */
import * as McpSchema from "@effect/ai/McpSchema"
import * as McpServer from "@effect/ai/McpServer"
import * as Rpc from "@effect/rpc/Rpc"
import type * as RpcMessage from "@effect/rpc/RpcMessage"
import * as RpcServer from "@effect/rpc/RpcServer"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Predicate from "effect/Predicate"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"

/**
 * A `tools/call` request as the server receives it, `_meta` (and its progress token) included.
 *
 * @internal
 */
export type CallRequest = typeof McpSchema.CallTool.payloadSchema.Type

/** @internal */
export type Handle = (
  request: CallRequest
) => Effect.Effect<McpSchema.CallToolResult, McpSchema.InvalidParams, McpSchema.McpServerClient>

/**
 * A tool's result with text content only, its fields in the order of `CallToolResult`'s schema: the same value on
 * both sides of that schema, so the transport's direct path sends it as it is.
 *
 * @internal
 */
export interface TextResult {
  readonly content: ReadonlyArray<{ readonly type: "text"; readonly text: string }>
  readonly structuredContent?: Record<string, unknown>
  readonly isError: boolean
}

/**
 * A handler that needs nothing of the calling client (no elicitation, no progress): the transport answers its calls
 * itself (see `layerProtocol`).
 *
 * @internal
 */
export type DirectHandle = (
  request: CallRequest
) => Effect.Effect<TextResult, McpSchema.InvalidParams>

/**
 * What this server adds around `@effect/ai`'s `McpServer`: tool handlers that see the whole request (its progress
 * token), each tool's `outputSchema`, and which clients declared elicitation.
 *
 * @internal
 */
export interface Session {
  readonly handles: Map<string, Handle>
  /** The tools whose calls skip `McpServer`'s RPC machinery. */
  readonly direct: Map<string, DirectHandle>
  readonly outputSchemas: Map<string, unknown>
  readonly elicitation: Set<number>
  readonly toolLists: Set<string>
}

/** A `notifications/progress`'s params. @internal */
export interface Progress {
  readonly progressToken: string | number
  readonly progress: number
  readonly total?: number
  readonly message?: string
}

/**
 * Tells one client how far its call has got. `McpServer`'s own notifications go to every client, which over HTTP
 * would show one session another's progress (and, their tokens alike, mix them up), so each transport sends progress
 * to the calling client alone.
 *
 * @internal
 */
export class Notifier extends Context.Tag("@effect-sinch/mcp/internal/Notifier")<Notifier, {
  readonly progress: (clientId: number, params: Progress) => Effect.Effect<void>
}>() {}

/** The JSON-RPC notification of a progress. @internal */
export const progressMessage = (params: Progress): string =>
  JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress", params })

/** @internal */
export class SessionTag extends Context.Tag("@effect-sinch/mcp/internal/Session")<SessionTag, Session>() {}

/**
 * The `McpServer` registry, with `tools/call` answered by the session's handlers (the registry's own handler is
 * given the arguments only).
 *
 * @internal
 */
export const layerRegistry: Layer.Layer<McpServer.McpServer | SessionTag> = Layer.scopedContext(
  Effect.map(McpServer.McpServer.make, (base) => {
    const session: Session = {
      handles: new Map(),
      direct: new Map(),
      outputSchemas: new Map(),
      elicitation: new Set(),
      toolLists: new Set()
    }
    const server = McpServer.McpServer.of({
      ...base,
      callTool: (request) => {
        const handle = session.handles.get(request.name)
        return handle === undefined ? base.callTool(request) : handle(request)
      }
    })
    return Context.make(McpServer.McpServer, server).pipe(Context.add(SessionTag, session))
  })
)

// JSON-RPC id 0 arrives as "" and leaves as "0".
const requestKey = (clientId: number, id: string) => `${clientId}:${id === "" ? "0" : id}`

const declaresElicitation = (payload: unknown): boolean =>
  Predicate.hasProperty(payload, "capabilities") && Predicate.hasProperty(payload.capabilities, "elicitation") &&
  Predicate.isObject(payload.capabilities.elicitation)

const withOutputSchemas = (value: unknown, schemas: ReadonlyMap<string, unknown>): unknown =>
  Predicate.hasProperty(value, "tools") && Array.isArray(value.tools)
    ? {
      ...value,
      tools: value.tools.map((tool: unknown) => {
        const name = Predicate.hasProperty(tool, "name") ? tool.name : undefined
        const outputSchema = typeof name === "string" ? schemas.get(name) : undefined
        return outputSchema === undefined || !Predicate.isObject(tool) ? tool : { ...tool, outputSchema }
      })
    }
    : value

const decodeCall = Schema.decodeUnknownEither(McpSchema.CallTool.payloadSchema)
// the schema RpcServer encodes a tools/call's exit with
const encodeExit = Schema.encodeEither(Rpc.exitSchema(McpSchema.CallTool))

// How RpcServer reads a request id (a bigint: "" is 0); undefined where it cannot, which RpcServer then answers.
const rpcRequestId = (id: string): string | undefined => {
  try {
    return String(BigInt(id))
  } catch {
    return undefined
  }
}

// The answer RpcServer sends for a tools/call's exit: a result is already encoded, a failure is encoded as RpcServer
// encodes it.
const exitMessage = (
  requestId: string,
  exit: Exit.Exit<TextResult, McpSchema.InvalidParams>
): RpcMessage.FromServerEncoded => ({
  _tag: "Exit",
  requestId,
  exit: Exit.isSuccess(exit)
    ? { _tag: "Success", value: exit.value }
    : Either.getOrElse(encodeExit(Exit.failCause(exit.cause)), (error) => ({
      _tag: "Failure",
      cause: { _tag: "Die", defect: `The answer could not be encoded: ${error.message}` }
    }))
})

/**
 * The transport, seen by the session: it records which clients declare elicitation (`initialize`), adds each
 * tool's `outputSchema` to `tools/list` answers (`@effect/ai` 0.37's `Tool` schema has no such field), and with
 * `direct` answers the calls of the session's direct tools itself.
 *
 * A direct call runs in a fiber of its own, as `RpcServer` runs every request, and its answer is the one
 * `RpcServer` would send (the same result encoding, an invalid-params error as a JSON-RPC error, an interruption
 * as RpcServer's); `notifications/cancelled` interrupts it. What it skips is `RpcServer`'s per-request machinery:
 * a runtime and a context built for the request, a span, the `McpServerClient` middleware and the payload
 * decoded through an `Effect` (figures in docs/mcp.md).
 *
 * @internal
 */
export const layerProtocol = (
  options: { readonly elicitation: boolean; readonly direct: boolean }
): Layer.Layer<RpcServer.Protocol, never, RpcServer.Protocol | SessionTag> =>
  Layer.scoped(
    RpcServer.Protocol,
    Effect.gen(function*() {
      const protocol = yield* RpcServer.Protocol
      const session = yield* SessionTag
      const runFork = Runtime.runFork(yield* Effect.runtime<never>())
      const running = new Map<string, Fiber.RuntimeFiber<void>>()
      yield* Effect.addFinalizer(() => Effect.suspend(() => Fiber.interruptAll(running.values())))

      const callDirect = (clientId: number, message: RpcMessage.RequestEncoded): Effect.Effect<void> | undefined => {
        const name = Predicate.hasProperty(message.payload, "name") ? message.payload.name : undefined
        const handle = typeof name === "string" ? session.direct.get(name) : undefined
        const requestId = handle === undefined ? undefined : rpcRequestId(message.id)
        const request = requestId === undefined ? undefined : decodeCall(message.payload)
        // anything unusual is left to McpServer, which answers it as before
        if (handle === undefined || requestId === undefined || request === undefined || Either.isLeft(request)) {
          return undefined
        }
        const key = `${clientId}:${requestId}`
        const start = Effect.sync(() => {
          let answered = false
          const fiber = runFork(
            Effect.flatMap(Effect.exit(handle(request.right)), (exit) => {
              answered = true
              return protocol.send(clientId, exitMessage(requestId, exit))
            })
          )
          running.set(key, fiber)
          fiber.addObserver((exit) => {
            running.delete(key)
            // interrupted before it answered: RpcServer answers with the interruption
            if (!answered && Exit.isFailure(exit)) {
              runFork(protocol.send(clientId, exitMessage(requestId, Exit.failCause(exit.cause))))
            }
          })
        })
        // a request id still in use: after the call that holds it, as RpcServer does
        const whenFree: Effect.Effect<void> = Effect.suspend(() => {
          const earlier = running.get(key)
          return earlier === undefined ? start : Effect.zipRight(Fiber.await(earlier), whenFree)
        })
        return whenFree
      }

      const cancel = (clientId: number, payload: unknown) => {
        const id = Predicate.hasProperty(payload, "requestId") ? payload.requestId : undefined
        const fiber = typeof id === "string" || typeof id === "number"
          ? running.get(`${clientId}:${rpcRequestId(String(id))}`)
          : undefined
        if (fiber !== undefined) fiber.unsafeInterruptAsFork(RpcServer.fiberIdClientInterrupt)
      }

      return RpcServer.Protocol.of({
        ...protocol,
        run: (f) =>
          protocol.run((clientId, message: RpcMessage.FromClientEncoded) => {
            if (message._tag === "Request") {
              if (message.tag === "tools/call" && options.direct) {
                const direct = callDirect(clientId, message)
                if (direct !== undefined) return direct
              } else if (message.tag === "notifications/cancelled" && options.direct) {
                cancel(clientId, message.payload)
              } else if (message.tag === "initialize" && options.elicitation && declaresElicitation(message.payload)) {
                session.elicitation.add(clientId)
              } else if (message.tag === "tools/list") {
                session.toolLists.add(requestKey(clientId, message.id))
              }
            }
            return f(clientId, message)
          }),
        send: (clientId, response, transferables) => {
          if (
            response._tag === "Exit" && session.toolLists.delete(requestKey(clientId, response.requestId)) &&
            response.exit._tag === "Success"
          ) {
            const patched: RpcMessage.FromServerEncoded = {
              ...response,
              exit: { ...response.exit, value: withOutputSchemas(response.exit.value, session.outputSchemas) }
            }
            return protocol.send(clientId, patched, transferables)
          }
          return protocol.send(clientId, response, transferables)
        }
      })
    })
  )

/**
 * Serves the registry over the protocol: the registry (with its tools and resources) is built first, so the
 * `initialize` answer lists every capability.
 *
 * @internal
 */
export const layerRun = (
  info: { readonly name: string; readonly version: string },
  options: { readonly elicitation: boolean; readonly direct: boolean }
): Layer.Layer<never, never, RpcServer.Protocol | McpServer.McpServer | SessionTag> =>
  Layer.scopedDiscard(Effect.forkScoped(McpServer.run(info))).pipe(
    Layer.provide(layerProtocol(options))
  )
