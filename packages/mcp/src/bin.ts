#!/usr/bin/env node
/**
 * The `sinch-numbers-mcp` bin: `sinch-numbers mcp` on its own.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as SinchNumbersMcp from "./SinchNumbersMcp.js"

const cli = Command.run(SinchNumbersMcp.command, {
  name: "sinch-numbers-mcp",
  version: SinchNumbersMcp.serverInfo.version
})

cli(process.argv).pipe(
  // stdout is the protocol's: whatever goes wrong is said on stderr
  Effect.tapErrorCause((cause) =>
    Effect.sync(() => {
      const error = Cause.failureOption(cause)
      const message = Option.isSome(error) && typeof error.value === "object" && error.value !== null &&
          "message" in error.value
        ? String(error.value.message)
        : Cause.pretty(cause)
      process.stderr.write(`sinch-numbers-mcp: ${message}\n`)
    })
  ),
  Effect.provide(NodeContext.layer),
  Effect.provide(SinchNumbersMcp.layerLogger),
  NodeRuntime.runMain({
    disableErrorReporting: true,
    // interrupted: the client closed stdin, or SIGINT/SIGTERM: a normal end for a server
    teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) || Exit.isInterrupted(exit) ? 0 : 2)
  })
)
