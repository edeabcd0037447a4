/** @internal */
import * as Command from "@effect/cli/Command"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as ExitCode from "../ExitCode.js"
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
  message: error._tag === "HelpRequested" ? "help requested" : "the command line is not valid (see stderr)",
  exitCode: ExitCode.ExitCode.Usage
})

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
    return cli(args).pipe(
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
            printError(
              `Defect: ${Cause.pretty(cause).split("\n")[0]}`,
              root.includes("--json") ?
                {
                  tag: "Defect",
                  message: Cause.pretty(cause).split("\n")[0],
                  exitCode: ExitCode.ExitCode.Internal
                } :
                undefined
            ),
            ExitCode.ExitCode.Internal
          )
      ),
      Effect.provide(Session.terminalLayer)
    )
  })
}
