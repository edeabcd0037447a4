#!/usr/bin/env node
/**
 * The `sinch-numbers-emulator` bin: starts the Sinch Numbers emulator until Ctrl-C. Exit codes: 0 after Ctrl-C or
 * `--help`, 1 when it cannot start (the port is taken), 2 for an invalid command line.
 *
 * @since 0.1.0
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as EmulatorCli from "./EmulatorCli.js"

const exit = (code: number) =>
  Effect.sync(() => {
    process.exitCode = code
  })

// `pnpm emulator -- --port 0` passes the "--" on; the command line starts after it
const argv = process.argv[2] === "--" ? [...process.argv.slice(0, 2), ...process.argv.slice(3)] : process.argv

EmulatorCli.run(argv).pipe(
  Effect.catchIf(ValidationError.isValidationError, () => exit(2)),
  Effect.catchTag("EmulatorError", (error) => Effect.zipRight(Console.error(`emulator: ${error.message}`), exit(1))),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disableErrorReporting: false })
)
