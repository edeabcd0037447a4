/** @internal */
import * as ServeOptions from "@effect-sinch/mcp/ServeOptions"
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Session from "./session.js"

/**
 * `sinch-numbers mcp`: the Numbers API as an MCP server for agents (stdio, or `--http`), with the server's own flags
 * from `ServeOptions`, declared once there. The client comes from this command line's credentials (`--profile`,
 * the `SINCH_*` variables, the keychain), as for every other command; stdout carries only the protocol. The server
 * (@effect/ai, the tools) is loaded when the command runs: `--help` and the other commands never load it.
 *
 * @internal
 */
export const command = Command.make(
  "mcp",
  ServeOptions.serveOptions,
  (config) =>
    Effect.flatMap(
      Effect.promise(() => import("@effect-sinch/mcp/SinchNumbersMcp")),
      (SinchNumbersMcp) =>
        // the server's settings are checked before it starts; the client layer was built (credentials found) before
        Effect.zipRight(
          SinchNumbersMcp.optionsFrom(config),
          // stdin closing interrupts the server's own fiber: the normal end of a stdio server, 0 as for
          // sinch-numbers-mcp (an interruption of the command line itself, Ctrl-C, is still 130)
          Effect.flatMap(
            Effect.fork(SinchNumbersMcp.serve(config)),
            (server) => Effect.flatMap(Fiber.await(server), (exit) => Exit.isInterrupted(exit) ? Effect.void : exit)
          )
        )
    )
).pipe(
  Command.withDescription(
    "Serve the Numbers API to AI agents over MCP (stdio by default, --http for Streamable HTTP on loopback): " +
      "every operation as a tool; billable tools ask before they spend (see docs/mcp.md)."
  ),
  Command.provide(Session.layer)
)
