/** @internal */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as SinchNumbersCli from "../SinchNumbersCli.js"

/**
 * Runs the command line on `process.argv` and exits with its code.
 *
 * @internal
 */
export const main = (): void => {
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
}
