/** @internal */
import * as SinchNumbersMcp from "@effect-sinch/mcp/SinchNumbersMcp"
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Session from "./session.js"

/**
 * `sinch-numbers mcp`: the Numbers API as an MCP server for agents (stdio, or `--http`), with the server's own flags
 * from `SinchNumbersMcp`, declared once there. The client comes from this command line's credentials (`--profile`,
 * the `SINCH_*` variables, the keychain), as for every other command; stdout carries only the protocol.
 *
 * @internal
 */
export const command = Command.make(
  "mcp",
  SinchNumbersMcp.serveOptions,
  (config) =>
    // the server's settings are checked before it starts; the client layer was built (credentials found) before that
    Effect.zipRight(SinchNumbersMcp.optionsFrom(config), SinchNumbersMcp.serve(config))
).pipe(
  Command.withDescription(
    "Serve the Numbers API to AI agents over MCP (stdio by default, --http for Streamable HTTP on loopback): " +
      "every operation as a tool; billable tools ask before they spend (see docs/mcp.md)."
  ),
  Command.provide(Session.layer)
)
