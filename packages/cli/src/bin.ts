#!/usr/bin/env node
/**
 * The `sinch-numbers` bin.
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as SinchNumbersCli from "./SinchNumbersCli.js"

// `pnpm sinch-numbers` runs the script in the repository's root: relative paths (--from, -o, --checkpoint) are the
// caller's, the directory pnpm was started in (INIT_CWD)
if (process.env["npm_lifecycle_event"] === "sinch-numbers" && (process.env["INIT_CWD"] ?? "") !== "") {
  process.chdir(process.env["INIT_CWD"]!)
}

let code = 0

SinchNumbersCli.run(process.argv).pipe(
  Effect.map((exitCode) => {
    code = exitCode
  }),
  NodeRuntime.runMain({
    disableErrorReporting: true,
    teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? code : 130)
  })
)
