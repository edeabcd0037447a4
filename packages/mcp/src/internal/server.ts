/** @internal */
import type * as McpSchema from "@effect/ai/McpSchema"
import * as McpServer from "@effect/ai/McpServer"
import type * as RpcMessage from "@effect/rpc/RpcMessage"
import * as RpcServer from "@effect/rpc/RpcServer"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Predicate from "effect/Predicate"

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
 * What this server adds around `@effect/ai`'s `McpServer`: tool handlers that see the whole request (its progress
 * token), each tool's `outputSchema`, and which clients declared elicitation.
 *
 * @internal
 */
export interface Session {
  readonly handles: Map<string, Handle>
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

/**
 * The transport, seen by the session: it records which clients declare elicitation (`initialize`), and adds each
 * tool's `outputSchema` to `tools/list` answers (`@effect/ai` 0.37's `Tool` schema has no such field).
 *
 * @internal
 */
export const layerProtocol = (
  options: { readonly elicitation: boolean }
): Layer.Layer<RpcServer.Protocol, never, RpcServer.Protocol | SessionTag> =>
  Layer.effect(
    RpcServer.Protocol,
    Effect.gen(function*() {
      const protocol = yield* RpcServer.Protocol
      const session = yield* SessionTag
      return RpcServer.Protocol.of({
        ...protocol,
        run: (f) =>
          protocol.run((clientId, message: RpcMessage.FromClientEncoded) => {
            if (message._tag === "Request") {
              if (message.tag === "initialize" && options.elicitation && declaresElicitation(message.payload)) {
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
  options: { readonly elicitation: boolean }
): Layer.Layer<never, never, RpcServer.Protocol | McpServer.McpServer | SessionTag> =>
  Layer.scopedDiscard(Effect.forkScoped(McpServer.run(info))).pipe(
    Layer.provide(layerProtocol(options))
  )
