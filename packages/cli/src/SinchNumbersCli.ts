/**
 * `sinch-numbers`: the command line for the people who run fleets of Sinch numbers, on `@effect/cli` over
 * `NumbersClient` and `SinchAuth`. `command` is the whole command tree (mount it in another CLI, or read its help);
 * `run` runs it on an argv and resolves to the documented exit code, having printed any error as one line on stderr.
 *
 * @example
 * ```ts
 * import { SinchNumbersCli } from "@effect-sinch/cli"
 * import { NodeRuntime } from "@effect/platform-node"
 * import { Effect } from "effect"
 *
 * SinchNumbersCli.run(process.argv).pipe(
 *   Effect.flatMap((code) => Effect.sync(() => { process.exitCode = code })),
 *   NodeRuntime.runMain
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as ExitCode from "./ExitCode.js"
import * as ActiveCommand from "./internal/activeCommand.js"
import * as AuthCommand from "./internal/authCommand.js"
import * as AvailableCommand from "./internal/availableCommand.js"
import * as CallbacksCommand from "./internal/callbacksCommand.js"
import * as EmulatorCommand from "./internal/emulatorCommand.js"
import * as OrdersCommand from "./internal/ordersCommand.js"

/**
 * The name of the bin.
 *
 * @since 0.1.0
 * @category constants
 */
export const name = "sinch-numbers"

/**
 * The package's version, shown by `--version` (a test keeps it equal to package.json's).
 *
 * @since 0.1.0
 * @category constants
 */
export const version: string = "0.1.0"

/**
 * The command tree.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(name).pipe(
  Command.withDescription(
    "Operate Sinch numbers: search and rent, export the inventory, change or release thousands at once " +
      "(resumable), orders, callbacks, webhooks. Credentials: SINCH_PROJECT_ID, SINCH_KEY_ID, SINCH_KEY_SECRET, " +
      "or a profile saved by login."
  ),
  Command.withSubcommands([
    AuthCommand.login,
    AuthCommand.auth,
    AvailableCommand.command,
    AvailableCommand.regions,
    ActiveCommand.command,
    OrdersCommand.command,
    CallbacksCommand.callbacks,
    CallbacksCommand.webhooks,
    EmulatorCommand.command
  ])
)

const cli = Command.run(command, { name, version, executable: name })

const report = (error: unknown, json: boolean): Effect.Effect<ExitCode.ExitCode> =>
  Effect.sync(() => {
    const code = ExitCode.fromError(error)
    const line = ExitCode.describe(error)
    process.stderr.write(`${name}: ${line}\n`)
    // an incomplete run has printed its report: that is the one document
    if (json && code !== ExitCode.ExitCode.Incomplete) {
      process.stdout.write(
        JSON.stringify({ error: { tag: (error as { _tag?: string })._tag, message: line, exitCode: code } }) + "\n"
      )
    }
    return code
  })

/**
 * Runs the command line on `argv` (as in `process.argv`: the runtime and the script first) and resolves to its exit
 * code. Every failure is printed as one line on stderr (and, with `--json`, as `{"error": …}` on stdout): never a
 * stack trace, never a secret.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<ExitCode.ExitCode> => {
  const json = argv.includes("--json")
  return cli(argv).pipe(
    Effect.as(ExitCode.ExitCode.Ok),
    Effect.catchAll((error) =>
      // @effect/cli has printed what was wrong with the command line, with the usage
      ValidationError.isValidationError(error) ? Effect.succeed(ExitCode.ExitCode.Usage) : report(error, json)
    ),
    Effect.catchAllCause((cause) =>
      Cause.isInterruptedOnly(cause)
        ? Effect.succeed(ExitCode.ExitCode.Interrupted)
        : report({ _tag: "Defect", message: Cause.pretty(cause).split("\n")[0] }, json).pipe(
          Effect.as(ExitCode.ExitCode.Internal)
        )
    ),
    Effect.provide(NodeContext.layer)
  )
}
