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
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as ExitCode from "./ExitCode.js"
import * as ActiveCommand from "./internal/activeCommand.js"
import * as AuthCommand from "./internal/authCommand.js"
import * as AvailableCommand from "./internal/availableCommand.js"
import * as CallbacksCommand from "./internal/callbacksCommand.js"
import * as EmulatorCommand from "./internal/emulatorCommand.js"
import * as McpCommand from "./internal/mcpCommand.js"
import * as OrdersCommand from "./internal/ordersCommand.js"
import { consoleLayer, layerNode } from "./internal/output.js"
import * as Root from "./internal/root.js"
import * as Runner from "./internal/runner.js"
import * as Version from "./internal/version.js"

/**
 * The name of the bin.
 *
 * @since 0.1.0
 * @category constants
 */
export const name: string = Root.name

/**
 * The package's version, shown by `--version` (a test keeps it equal to package.json's).
 *
 * @since 0.1.0
 * @category constants
 */
export const version: string = Version.version

/**
 * The command tree. The root's options (`--profile`, `--json`) are read by every subcommand through the root.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Root.command.pipe(
  Command.withDescription(
    "Operate Sinch numbers: search and rent, export the inventory, change or release thousands at once " +
      "(resumable), orders, callbacks, webhooks. Credentials: SINCH_PROJECT_ID, SINCH_KEY_ID, SINCH_KEY_SECRET, " +
      "or a profile saved by login."
  ),
  Command.withSubcommands([
    AuthCommand.login,
    AuthCommand.logout,
    AuthCommand.profile,
    AuthCommand.auth,
    AvailableCommand.command,
    AvailableCommand.regions,
    ActiveCommand.command,
    OrdersCommand.command,
    CallbacksCommand.callbacks,
    CallbacksCommand.webhooks,
    EmulatorCommand.command,
    McpCommand.command
  ])
)

/**
 * Runs the command line on `argv` (as in `process.argv`: the runtime and the script first) and resolves to its exit
 * code. Every failure is printed as one line on stderr (and, with `--json`, as `{"error": …}` on stdout): never a
 * stack trace, never a secret. A closed stdout (`| head`) ends it quietly with 0.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<ExitCode.ExitCode> =>
  Runner.run(command, { name, version }, argv).pipe(
    Effect.provide(consoleLayer),
    Effect.provide(layerNode),
    // what @effect/cli and the commands use of Node (the terminal comes from the runner: Session.terminalLayer): not
    // NodeContext, whose workers and command executor they never use and whose modules every run would load
    Effect.provide(Layer.mergeAll(NodeFileSystem.layer, NodePath.layer))
  )
