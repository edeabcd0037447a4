/** @internal */
import type * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import type * as RpcMessage from "@effect/rpc/RpcMessage"
import * as RpcSerialization from "@effect/rpc/RpcSerialization"
import * as RpcServer from "@effect/rpc/RpcServer"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Mailbox from "effect/Mailbox"
import * as Stream from "effect/Stream"
import * as JsonRpcIds from "./jsonRpcIds.js"
import type { Notifier } from "./server.js"
import { progressMessage } from "./server.js"

interface Open {
  readonly mailbox: Mailbox.Mailbox<Uint8Array>
  /** the requests of its POST still to be answered */
  readonly waiting: Set<string>
}

interface Session {
  readonly id: string
  readonly clientId: number
  readonly parser: ReturnType<RpcSerialization.RpcSerialization["Type"]["unsafeMake"]>
  /** the client's request ids RpcServer cannot carry as they are */
  readonly ids: ReturnType<typeof JsonRpcIds.make>
  /** the POSTs' event streams still open, oldest first */
  readonly streams: Array<Open>
  readonly byRequest: Map<string, Open>
  /** the progress tokens of its calls still running (JSON of the token), and the call each belongs to */
  readonly progress: Map<string, string>
}

const encoder = new TextEncoder()

// sessions kept at once; one more ends the oldest
const maxSessions = 1_000

const event = (json: string) => encoder.encode(`event: message\ndata: ${json}\n\n`)

const jsonRpcError = (status: number, code: number, message: string) =>
  HttpServerResponse.unsafeJson({ jsonrpc: "2.0", id: null, error: { code, message } }, { status })

const sessionId = () => {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
}

// JSON-RPC id 0 arrives as "" and leaves as "0" (see server.ts)
const key = (id: string) => id === "" ? "0" : id

/** The progress token a request asks for (`params._meta.progressToken`), as JSON; undefined when none. */
const progressTokenOf = (payload: unknown): string | undefined => {
  if (typeof payload !== "object" || payload === null || !("_meta" in payload)) return undefined
  const meta = payload._meta
  if (typeof meta !== "object" || meta === null || !("progressToken" in meta)) return undefined
  const token = meta.progressToken
  return typeof token === "string" || typeof token === "number" ? JSON.stringify(token) : undefined
}

const isRequest = (message: unknown): boolean =>
  typeof message === "object" && message !== null && "method" in message && "id" in message &&
  (message as { readonly id: unknown }).id !== undefined && (message as { readonly id: unknown }).id !== null

/**
 * Streamable HTTP with sessions, for `McpServer`: `initialize` opens a session (its `Mcp-Session-Id` on the answer),
 * and every later POST of that session is the same client to the server, so the server can ask it (elicitation)
 * and tell it how far a call has got (progress) on the POST's event stream while the call runs. A POST holding
 * requests is answered with an event stream that ends once each is answered; one holding only notifications or
 * answers (to an elicitation) with 202. DELETE ends the session, and past 1,000 sessions the oldest ends. `GET`
 * stays 405: the server sends nothing outside a call.
 *
 * `RpcServer.layerProtocolHttp` makes every POST a client of its own, which is why the answer to an elicitation,
 * posted later, never reached the call waiting for it.
 *
 * @internal
 */
export const make = <E, R>(
  router: HttpRouter.HttpRouter.Service<E, R>,
  path: HttpRouter.PathInput
): Effect.Effect<{ readonly protocol: RpcServer.Protocol["Type"]; readonly notifier: Notifier["Type"] }> =>
  Effect.suspend(() => {
    const byClient = new Map<number, Session>()
    // a call's progress goes to its own session, on the stream of the POST that holds the call
    const notifier: Notifier["Type"] = {
      progress: (clientId, params) =>
        Effect.sync(() => {
          const session = byClient.get(clientId)
          if (session === undefined) return
          const owner = session.progress.get(JSON.stringify(params.progressToken))
          const open = (owner === undefined ? undefined : session.byRequest.get(owner)) ??
            session.streams[session.streams.length - 1]
          open?.mailbox.unsafeOffer(event(progressMessage(params)))
        })
    }
    return Effect.map(protocolOf(router, path, byClient), (protocol) => ({ protocol, notifier }))
  })

const protocolOf = <E, R>(
  router: HttpRouter.HttpRouter.Service<E, R>,
  path: HttpRouter.PathInput,
  byClient: Map<number, Session>
): Effect.Effect<RpcServer.Protocol["Type"]> =>
  RpcServer.Protocol.make((writeRequest) =>
    Effect.gen(function*() {
      const disconnects = yield* Mailbox.make<number>()
      const sessions = new Map<string, Session>()
      let nextClientId = 0

      const forget = (session: Session, request: string) => {
        session.byRequest.delete(request)
        for (const [token, owner] of session.progress) if (owner === request) session.progress.delete(token)
      }

      const close = (session: Session, open: Open) => {
        const index = session.streams.indexOf(open)
        if (index !== -1) session.streams.splice(index, 1)
        for (const id of open.waiting) forget(session, id)
        open.mailbox.unsafeDone(Exit.void)
      }

      const endSession = (session: Session) => {
        sessions.delete(session.id)
        byClient.delete(session.clientId)
        for (const open of [...session.streams]) close(session, open)
        disconnects.unsafeOffer(session.clientId)
      }

      const post = Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const text = yield* Effect.orElseSucceed(request.text, () => "")
        let raw: unknown
        try {
          raw = JSON.parse(text)
        } catch {
          return jsonRpcError(400, -32700, "Parse error: the body is not JSON")
        }
        const initialize = (Array.isArray(raw) ? raw : [raw]).some((m) =>
          typeof m === "object" && m !== null && "method" in m && m.method === "initialize"
        )
        let session: Session
        if (initialize) {
          session = {
            id: sessionId(),
            clientId: nextClientId++,
            parser: RpcSerialization.jsonRpc().unsafeMake(),
            ids: JsonRpcIds.make(),
            streams: [],
            byRequest: new Map(),
            progress: new Map()
          }
          sessions.set(session.id, session)
          byClient.set(session.clientId, session)
          // a client that never says DELETE must not hold memory for ever: the oldest session past the bound ends
          if (sessions.size > maxSessions) endSession(sessions.values().next().value!)
        } else {
          const id = request.headers["mcp-session-id"]
          if (id === undefined) return jsonRpcError(400, -32000, "Bad Request: no Mcp-Session-Id header")
          const found = sessions.get(id)
          if (found === undefined) return jsonRpcError(404, -32001, "Session not found: initialize again")
          session = found
        }
        // what RpcServer can take of the body (a string id carried as a number, a cancellation of nothing left out)
        let refused = false
        const admitted = session.ids.inbound(text, raw, () => {
          refused = true
          return undefined
        })
        if (refused) {
          return jsonRpcError(400, -32600, "Invalid Request: not a JSON-RPC request, notification or response")
        }
        const headers = { "mcp-session-id": session.id }
        if (admitted === undefined) return HttpServerResponse.empty({ status: 202, headers })
        const admittedValue: unknown = admitted === text ? raw : JSON.parse(admitted)
        const messages: ReadonlyArray<unknown> = Array.isArray(admittedValue) ? admittedValue : [admittedValue]
        let decoded: ReadonlyArray<RpcMessage.FromClientEncoded>
        try {
          decoded = session.parser.decode(admitted) as ReadonlyArray<RpcMessage.FromClientEncoded>
        } catch {
          return jsonRpcError(400, -32600, "Invalid Request")
        }
        if (!messages.some(isRequest)) {
          yield* Effect.forEach(decoded, (message) => writeRequest(session.clientId, message), { discard: true })
          return HttpServerResponse.empty({ status: 202, headers })
        }
        const open: Open = { mailbox: yield* Mailbox.make<Uint8Array>(), waiting: new Set() }
        for (const message of decoded) {
          if (message._tag === "Request" && !message.tag.startsWith("notifications/")) {
            open.waiting.add(key(message.id))
            session.byRequest.set(key(message.id), open)
            const token = progressTokenOf(message.payload)
            if (token !== undefined) session.progress.set(token, key(message.id))
          }
        }
        session.streams.push(open)
        yield* Effect.forEach(decoded, (message) => writeRequest(session.clientId, message), { discard: true })
        return HttpServerResponse.stream(
          Mailbox.toStream(open.mailbox).pipe(Stream.ensuring(Effect.sync(() => close(session, open)))),
          { contentType: "text/event-stream", headers: { ...headers, "cache-control": "no-cache" } }
        )
      })

      const remove = Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const id = request.headers["mcp-session-id"]
        const session = id === undefined ? undefined : sessions.get(id)
        if (session === undefined) return jsonRpcError(404, -32001, "Session not found")
        endSession(session)
        return HttpServerResponse.empty({ status: 200 })
      })

      yield* router.post(path, post)
      yield* router.del(path, remove)

      return {
        disconnects,
        send: (clientId, response) =>
          Effect.sync(() => {
            const session = byClient.get(clientId)
            if (session === undefined) return
            const encoded = session.parser.encode(response)
            if (encoded === undefined) return
            const answers = response._tag === "Exit" ? key(response.requestId) : undefined
            const open = answers === undefined
              ? session.streams[session.streams.length - 1]
              : session.byRequest.get(answers)
            if (open === undefined) return
            open.mailbox.unsafeOffer(event(session.ids.outbound(String(encoded))))
            if (answers !== undefined) {
              open.waiting.delete(answers)
              forget(session, answers)
              if (open.waiting.size === 0) close(session, open)
            }
          }),
        end: (clientId) =>
          Effect.sync(() => {
            const session = byClient.get(clientId)
            if (session !== undefined) endSession(session)
          }),
        clientIds: Effect.sync(() => new Set(byClient.keys())),
        initialMessage: Effect.succeedNone,
        supportsAck: false,
        supportsTransferables: false,
        supportsSpanPropagation: false
      }
    })
  )
