/** @internal */
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { OutputFailed } from "../CliError.js"

import { Output, type Sink } from "../CliOutput.js"

export { Output, type Sink }

/**
 * A write error as `OutputFailed`: the reader going away (EPIPE) is a broken pipe, anything else a failure.
 *
 * @internal
 */
export const failed = (target: string, error: unknown): OutputFailed =>
  new OutputFailed({
    reason: (error as NodeJS.ErrnoException | undefined)?.code === "EPIPE" ? "BrokenPipe" : "Failed",
    target,
    cause: error
  })

const streamSink = (stream: NodeJS.WriteStream, name: string): Sink => {
  let broken: unknown
  // an unhandled 'error' event would crash the process: keep it, the next write reports it
  stream.on("error", (error) => {
    broken = error
  })
  return {
    name,
    isTerminal: stream.isTTY === true,
    write: (text) =>
      Effect.async<void, OutputFailed>((resume) => {
        if (broken !== undefined) return resume(Effect.fail(failed(name, broken)))
        try {
          stream.write(text, (error) => resume(error ? Effect.fail(failed(name, error)) : Effect.void))
        } catch (error) {
          // stdout on a file writes synchronously and throws (ENOSPC on /dev/full)
          resume(Effect.fail(failed(name, error)))
        }
      })
  }
}

// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;?]*[ -/]*[@-~]/g

/**
 * Text without its colour codes.
 *
 * @internal
 */
export const plain = (text: string): string => text.replace(ansi, "")

/**
 * Whether help text may keep its colours on this sink: a terminal, and `NO_COLOR` unset (https://no-color.org).
 *
 * @internal
 */
export const colours = (sink: Sink, env: NodeJS.ProcessEnv = process.env): boolean =>
  sink.isTerminal && (env["NO_COLOR"] ?? "") === ""

/**
 * What became of `Console`'s writes in this run (help, `--version`, completions): the first that failed for another
 * reason than a closed pipe, if one did.
 *
 * @internal
 */
export class ConsoleWrites extends Context.Tag("@effect-sinch/cli/ConsoleWrites")<ConsoleWrites, {
  readonly failure: Effect.Effect<Option.Option<OutputFailed>>
}>() {}

/**
 * `@effect/cli` prints help, usage errors and completions with `Console`, always in colour: this `Console` sends
 * them through `Output` (stdout and stderr) and drops the colours unless they go to a terminal without `NO_COLOR`.
 * @effect/cli does not look at how a write went: a failed one is kept in `ConsoleWrites` for the runner, which ends
 * the run with it (help into a full disk exits 11, as a listing does; into a closed pipe, 0).
 *
 * @internal
 */
export const consoleLayer: Layer.Layer<ConsoleWrites, never, Output> = Layer.unwrapEffect(
  Effect.gen(function*() {
    const output = yield* Output
    const current = yield* Effect.console
    let failure: Option.Option<OutputFailed> = Option.none()
    const print = (sink: Sink) => (...args: ReadonlyArray<unknown>) => {
      const text = args.map(String).join(" ")
      return sink.write((colours(sink) ? text : plain(text)) + "\n").pipe(
        Effect.catchAll((error) =>
          Effect.sync(() => {
            if (error.reason !== "BrokenPipe" && Option.isNone(failure)) failure = Option.some(error)
          })
        )
      )
    }
    return Layer.merge(
      Console.setConsole({ ...current, log: print(output.stdout), error: print(output.stderr) }),
      Layer.succeed(ConsoleWrites, ConsoleWrites.of({ failure: Effect.sync(() => failure) }))
    )
  })
)

/**
 * The process's stdout and stderr.
 *
 * @internal
 */
export const layerNode: Layer.Layer<Output> = Layer.sync(Output, () => {
  let wrote = false
  const stdout = streamSink(process.stdout, "stdout")
  return Output.of({
    stdout: { ...stdout, write: (text) => Effect.suspend(() => (wrote = true, stdout.write(text))) },
    stderr: streamSink(process.stderr, "stderr"),
    wroteStdout: Effect.sync(() => wrote)
  })
})

/**
 * An output file being written: `sink` writes to a temporary file beside it (or to the file itself when it is not
 * a regular file: a device, a pipe), `commit` renames it over the file. A scope closed without `commit` removes the
 * temporary file, so a failed export leaves an existing file as it was.
 *
 * @internal
 */
export interface OutputFile {
  readonly sink: Sink
  readonly commit: Effect.Effect<void, OutputFailed>
}

const fsCall = <A>(target: string, f: (callback: (error: Error | null, value: A) => void) => void) =>
  Effect.async<A, OutputFailed>((resume) =>
    f((error, value) => resume(error === null ? Effect.succeed(value) : Effect.fail(failed(target, error))))
  )

/**
 * Opens the file of `--output` for the life of the scope.
 *
 * @internal
 */
export const openFile = (file: string): Effect.Effect<OutputFile, OutputFailed, Scope.Scope> =>
  Effect.gen(function*() {
    const existing = yield* Effect.sync(() => Fs.statSync(file, { throwIfNoEntry: false }))
    // a device or a pipe cannot be replaced by renaming, and should not be
    const direct = existing !== undefined && !existing.isFile()
    const temporary = direct
      ? file
      : Path.join(Path.dirname(file), `.${Path.basename(file)}.${Crypto.randomBytes(6).toString("hex")}.tmp`)
    let committed = direct
    const fd = yield* Effect.acquireRelease(
      fsCall<number>(
        file,
        (callback) => Fs.open(temporary, direct ? "w" : "wx", existing?.mode ?? 0o666, callback)
      ),
      (fd) =>
        Effect.async<void>((resume) =>
          Fs.close(fd, () => {
            if (committed) return resume(Effect.void)
            Fs.unlink(temporary, () => resume(Effect.void))
          })
        )
    )
    return {
      sink: {
        name: file,
        isTerminal: false,
        write: (text) => fsCall<void>(file, (callback) => Fs.writeFile(fd, text, (error) => callback(error, undefined)))
      },
      commit: direct ? Effect.void : fsCall<void>(file, (callback) =>
        Fs.fsync(fd, (error) =>
          error === null
            ? Fs.rename(temporary, file, (error) => {
              if (error === null) committed = true
              callback(error, undefined)
            })
            : callback(error, undefined)))
    }
  })

/**
 * Prints a line on stdout (for documents and small outputs).
 *
 * @internal
 */
export const line = (text: string): Effect.Effect<void, OutputFailed, Output> =>
  Effect.flatMap(Output, (output) => output.stdout.write(text + "\n"))

/**
 * Prints a line on stderr (progress, notes, errors): never mixed with machine output. A note that cannot be
 * written is dropped: it is for people, and stdout decides how the command ends.
 *
 * @internal
 */
export const note = (text: string): Effect.Effect<void, never, Output> =>
  Effect.flatMap(Output, (output) => Effect.ignore(output.stderr.write(text + "\n")))

/**
 * One JSON document on stdout.
 *
 * @internal
 */
export const json = (value: unknown): Effect.Effect<void, OutputFailed, Output> => line(JSON.stringify(value, null, 2))

/**
 * Control characters (line breaks, tabs, ANSI escapes) from data, made visible instead of acted on by the terminal:
 * `\n`, `\t`, `\x1b`… A table cell or a field for people never holds one raw.
 *
 * @internal
 */
export const printable = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === "\n"
      ? "\\n"
      : c === "\t"
      ? "\\t"
      : c === "\r"
      ? "\\r"
      : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)

/**
 * A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180).
 *
 * @internal
 */
export const csvField = (value: string | undefined): string => {
  if (value === undefined) return ""
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, "\"\"")}"` : value
}

/**
 * A table for people: one header row, columns as wide as their widest cell.
 *
 * @internal
 */
export const table = (
  headers: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>
): string => {
  rows = rows.map((row) => row.map(printable))
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)))
  const render = (cells: ReadonlyArray<string>) =>
    cells.map((cell, i) => i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)).join("  ").trimEnd()
  return [render(headers), ...rows.map(render)].join("\n")
}

/**
 * A row of fixed widths, for tables streamed without knowing every row (cells cut with "…" to fit).
 *
 * @internal
 */
export const fixedRow = (widths: ReadonlyArray<number>, cells: ReadonlyArray<string>): string =>
  cells.map(printable).map((cell, i) => {
    const width = widths[i]
    if (width === undefined) return cell
    const fitted = cell.length > width ? cell.slice(0, width - 1) + "…" : cell
    return fitted.padEnd(width)
  }).join("  ").trimEnd()

/**
 * Key and value lines for one record, for people.
 *
 * @internal
 */
export const fields = (entries: ReadonlyArray<readonly [string, string | undefined]>): string => {
  const shown = entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1] !== "")
  const width = Math.max(0, ...shown.map(([key]) => key.length))
  return shown.map(([key, value]) => `${(key + ":").padEnd(width + 1)} ${printable(value)}`).join("\n")
}
