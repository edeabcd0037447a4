/** @internal */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ExitCode from "../ExitCode.js"
import * as Completions from "./completions.js"
import * as Output from "./output.js"
import * as Root from "./root.js"
import * as Session from "./session.js"

const printError = (
  line: string,
  document: unknown | undefined
): Effect.Effect<void, never, Output.Output> =>
  Effect.gen(function*() {
    const output = yield* Output.Output
    yield* Output.note(`${Root.name}: ${Output.printable(line)}`)
    // with --json, stdout holds one document: the error's, unless the command has started its own (it then ends
    // it with the error inside, or it is a report that says what failed)
    if (document !== undefined && !(yield* output.wroteStdout)) {
      yield* Effect.ignore(output.stdout.write(JSON.stringify({ error: document }) + "\n"))
    }
  })

const usageError = (error: ValidationError.ValidationError) => ({
  tag: error._tag,
  message: Output.plain(HelpDoc.toAnsiText(error.error)).trim().replace(/\s*\n\s*/g, " "),
  exitCode: ExitCode.ExitCode.Usage
})

/** `SINCH_NUMBERS_DEBUG` set (and not `0`): a defect's whole cause, stack included, goes to stderr. */
const debug = () => !["", "0"].includes(process.env["SINCH_NUMBERS_DEBUG"] ?? "")

/**
 * @effect/cli's help of a subcommand starts its usage with the subcommand alone (`$ list [--ndjson] …`): this puts
 * the whole command in front (`$ sinch-numbers active list [--ndjson] …`), from the words before the first option.
 */
const fullPathInHelp = (name: string, args: ReadonlyArray<string>) => <A, E, R>(self: Effect.Effect<A, E, R>) => {
  const words = args.slice(2)
  if (!words.includes("--help") && !words.includes("-h")) return self
  const path = words.slice(0, Math.max(0, words.findIndex((word) => word.startsWith("-"))))
  if (path.length === 0) return self
  // not anchored: on a terminal the line starts with colour codes
  const usage = new RegExp(`\\$ ${path[path.length - 1]}\\b`)
  return Effect.flatMap(Effect.console, (console) =>
    Effect.withConsole(self, {
      ...console,
      log: (...texts: ReadonlyArray<unknown>) =>
        console.log(...texts.map((text) => String(text).replace(usage, `$ ${[name, ...path].join(" ")}`)))
    }))
}

/**
 * A run that succeeded, unless what @effect/cli printed through `Console` (help, `--version`, completions) could not
 * be written: then that is its error (a full disk exits 11, as a listing does).
 */
const consoleWritten = (json: boolean) => (code: ExitCode.ExitCode) =>
  code !== ExitCode.ExitCode.Ok
    ? Effect.succeed(code)
    : Effect.flatMap(Effect.serviceOption(Output.ConsoleWrites), (writes) =>
      Option.isNone(writes) ?
        Effect.succeed(code) :
        Effect.flatMap(writes.value.failure, (failure) =>
          Option.isNone(failure) ? Effect.succeed(code) : Effect.as(
            printError(ExitCode.describe(failure.value), json ? ExitCode.toJson(failure.value) : undefined),
            ExitCode.fromError(failure.value)
          )))

/**
 * Runs the command tree on `argv` and maps how it ended to an exit code: the typed error through the exhaustive
 * `ExitCode.fromError`, an interruption (Ctrl-C, SIGTERM) to 130, a defect to 1, a closed stdout to 0 in silence.
 *
 * @internal
 */
export const run = <R, E extends ExitCode.Failure, A extends { readonly json: boolean }>(
  command: Command.Command<typeof Root.name, R, E, A>,
  info: { readonly name: string; readonly version: string },
  argv: ReadonlyArray<string>
) => {
  const { args, root } = Root.hoist(argv)
  const cli = Command.run(
    command.pipe(
      Command.transformHandler((effect, config) =>
        Effect.tapError(
          effect,
          (error) =>
            printError(ExitCode.describe(error), config.json ? ExitCode.toJson(error) : undefined).pipe(
              Effect.when(() => !(error._tag === "OutputFailed" && error.reason === "BrokenPipe"))
            )
        )
      )
    ),
    { name: info.name, version: info.version, executable: info.name }
  )
  return Effect.suspend(() => {
    // @effect/cli's wizard reads a terminal: without one it would wait forever
    if (args.includes("--wizard") && !Session.canAsk()) {
      return Effect.zipRight(
        printError("--wizard needs a terminal (stdin and stderr); give the command's options instead", undefined),
        Effect.succeed(ExitCode.ExitCode.Usage)
      )
    }
    if (args.length === 4 && args[2] === "--completions" && args[3] === "bash") {
      return Completions.bash(command, info.name).pipe(
        Effect.as(ExitCode.ExitCode.Ok),
        Effect.flatMap(consoleWritten(false))
      )
    }
    return cli(args).pipe(
      fullPathInHelp(info.name, args.slice(root.length)),
      Effect.as(ExitCode.ExitCode.Ok),
      Effect.catchAll((error) =>
        ValidationError.isValidationError(error)
          // @effect/cli has printed what was wrong, with the usage; under --json stdout gets a document too
          ? Effect.as(
            root.includes("--json") && error._tag !== "HelpRequested"
              ? Effect.flatMap(Output.Output, (output) =>
                Effect.ignore(output.stdout.write(JSON.stringify({ error: usageError(error) }) + "\n")))
              : Effect.void,
            ExitCode.ExitCode.Usage
          )
          : Effect.succeed(ExitCode.fromError(error))
      ),
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause)
          ? Effect.succeed(ExitCode.ExitCode.Interrupted)
          : Effect.as(
            // a defect is a bug: SINCH_NUMBERS_DEBUG=1 shows where (the bin then maps its stack to the sources)
            Effect.zipRight(
              Effect.when(Output.note(Cause.pretty(cause)), debug),
              printError(
                `Defect: ${Cause.pretty(cause).split("\n")[0]}`,
                root.includes("--json") ?
                  {
                    tag: "Defect",
                    message: Cause.pretty(cause).split("\n")[0],
                    exitCode: ExitCode.ExitCode.Internal
                  } :
                  undefined
              )
            ),
            ExitCode.ExitCode.Internal
          )
      ),
      Effect.flatMap(consoleWritten(root.includes("--json"))),
      Effect.provide(Session.terminalLayer)
    )
  })
}
