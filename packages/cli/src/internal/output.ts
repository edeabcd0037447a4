/** @internal */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import type * as Stream from "node:stream"
import { UsageError } from "../CliError.js"

/**
 * Where machine output goes: stdout, or the file of `--output`. `write` waits when the reader is slower than us
 * (backpressure), so an export of millions of lines holds only what is in flight.
 *
 * @internal
 */
export interface Out {
  readonly write: (text: string) => Effect.Effect<void>
  /** true when it is a terminal (people read it: tables, colours of nothing, progress elsewhere) */
  readonly isTerminal: boolean
}

const writerOf = (stream: Stream.Writable): Out["write"] => (text) =>
  Effect.async<void>((resume) => {
    if (stream.write(text)) return resume(Effect.void)
    stream.once("drain", () => resume(Effect.void))
  })

/**
 * stdout, or a file opened for the life of the scope (and flushed when it closes).
 *
 * @internal
 */
export const open = (output: Option.Option<string>): Effect.Effect<Out, UsageError, Scope.Scope> =>
  Option.match(output, {
    onNone: () => Effect.succeed({ write: writerOf(process.stdout), isTerminal: process.stdout.isTTY === true }),
    onSome: (file) =>
      Effect.acquireRelease(
        Effect.async<Fs.WriteStream, UsageError>((resume) => {
          const stream = Fs.createWriteStream(file)
          stream.once("error", (error) =>
            resume(Effect.fail(new UsageError({ message: `Could not write ${file}: ${error.message}` }))))
          stream.once("ready", () =>
            resume(Effect.succeed(stream)))
        }),
        (stream) =>
          Effect.async<void>((resume) => {
            stream.end(() => resume(Effect.void))
          })
      ).pipe(Effect.map((stream) => ({ write: writerOf(stream), isTerminal: false })))
  })

/**
 * Prints a line on stdout (for documents and small outputs).
 *
 * @internal
 */
export const line = (text: string): Effect.Effect<void> => writerOf(process.stdout)(text + "\n")

/**
 * Prints a line on stderr (progress, notes, errors): never mixed with machine output.
 *
 * @internal
 */
export const note = (text: string): Effect.Effect<void> => Effect.sync(() => process.stderr.write(text + "\n"))

/**
 * One JSON document on stdout.
 *
 * @internal
 */
export const json = (value: unknown): Effect.Effect<void> => line(JSON.stringify(value, null, 2))

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
  cells.map((cell, i) => {
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
  return shown.map(([key, value]) => `${(key + ":").padEnd(width + 1)} ${value}`).join("\n")
}
