/** @internal */
import type * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as RpcServer from "@effect/rpc/RpcServer"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Http from "node:http"
import { McpConfigError } from "../McpConfigError.js"
import * as HttpSessions from "./httpSessions.js"
import * as Server from "./server.js"

class McpRouter extends HttpRouter.Tag("@effect-sinch/mcp/McpRouter")<McpRouter>() {}

const isLoopbackHost = (host: string) =>
  host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)

// On loopback, a browser page elsewhere must not reach the server (DNS rebinding): a foreign Origin is refused.
const originCheck = (loopback: boolean) =>
  HttpMiddleware.make((app) =>
    Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
      const origin = request.headers["origin"]
      if (!loopback || origin === undefined) return app
      let host: string
      try {
        host = new URL(origin).hostname
      } catch {
        host = ""
      }
      return isLoopbackHost(host) ? app : HttpServerResponse.text("Forbidden origin", { status: 403 })
    })
  )

// how long a stopping server lets the answers in flight finish before it closes their connections
const shutdownGrace = 2_000

// Node closes an idle connection after 5 s by default: a client reusing it at that moment gets a closed socket.
// Agents pause longer than that between calls; keep their connections for a minute. A stopping server (SIGTERM, the
// scope closed) does not wait for them: `close()` waits for every connection, and a client that kept one busy (an
// event stream it never read to the end) held the process for the test's whole minute. Idle connections are closed
// at once, the others after `shutdownGrace`.
const serverKeepingClients = () => {
  let made: Http.Server | undefined
  const evaluate = () => {
    made = Http.createServer()
    made.keepAliveTimeout = 65_000
    return made
  }
  // released before the server's own `close()` (it is built after the server, which it needs)
  const bounded = Layer.scopedDiscard(Effect.zipRight(
    HttpServer.HttpServer,
    Effect.addFinalizer(() =>
      Effect.sync(() => {
        const server = made
        if (server === undefined) return
        server.closeIdleConnections()
        setTimeout(() => server.closeAllConnections(), shutdownGrace).unref()
      })
    )
  ))
  return { evaluate, bounded }
}

/**
 * `server` (the MCP server on a protocol, see `Serve.layer`) over Streamable HTTP at `/mcp` on `host:port`
 * (loopback by default), with sessions (`HttpSessions`). Logs the address it listens on, and gives the HTTP server
 * (its address: port 0 is any free port).
 *
 * @internal
 */
export const layer = (
  server: Layer.Layer<never, never, NumbersClient.NumbersClient | RpcServer.Protocol | Server.Notifier>,
  options: { readonly port: number; readonly host?: string | undefined }
): Layer.Layer<HttpServer.HttpServer, McpConfigError, NumbersClient.NumbersClient> => {
  const host = options.host ?? "127.0.0.1"
  const notAllowed = HttpServerResponse.text("Method Not Allowed", { status: 405, headers: { allow: "POST" } })
  const routes = McpRouter.use((router) => router.get("/mcp", Effect.succeed(notAllowed)))
  const listening = Layer.effectDiscard(
    Effect.flatMap(HttpServer.HttpServer, (server) =>
      Effect.logInfo(
        `sinch-numbers mcp listening on ${
          server.address._tag === "TcpAddress"
            ? `http://${
              server.address.hostname.includes(":") ? `[${server.address.hostname}]` : server.address.hostname
            }:${server.address.port}/mcp`
            : "a unix socket"
        }`
      ))
  )
  const node = serverKeepingClients()
  return Layer.mergeAll(McpRouter.serve(originCheck(isLoopbackHost(host))), listening, node.bounded).pipe(
    Layer.provide(routes),
    Layer.provide(server),
    Layer.provide(
      Layer.effectContext(
        Effect.flatMap(McpRouter, (router) => HttpSessions.make(router, "/mcp")).pipe(
          Effect.map(({ notifier, protocol }) =>
            Context.make(RpcServer.Protocol, protocol).pipe(Context.add(Server.Notifier, notifier))
          )
        )
      )
    ),
    Layer.provide(McpRouter.Live),
    Layer.provideMerge(NodeHttpServer.layer(node.evaluate, { port: options.port, host })),
    Layer.mapError((error) => new McpConfigError({ message: `Could not listen on ${host}:${options.port}: ${error}` }))
  )
}
