/**
 * `pnpm demo`: the whole SDK at work against the emulator, in one command (`--live` for read-only steps against
 * Sinch). Exits 0 on success; on failure prints what went wrong and exits 1.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as DemoCli from "./DemoCli.js"

const program = DemoCli.main(process.argv.slice(2), Console.log).pipe(
  Effect.tapError((error) => Console.error(`\ndemo failed: ${error.message}`))
)

NodeRuntime.runMain(program, { disableErrorReporting: true })
