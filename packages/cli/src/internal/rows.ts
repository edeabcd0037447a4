/** @internal */
import * as Csv from "csv-parse"
import * as CsvSync from "csv-parse/sync"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Readline from "node:readline"
import * as NodeStream from "node:stream"
import { UsageError } from "../CliError.js"
import * as Records from "./records.js"

/**
 * The fields of an active number a bulk update can set, by the API's names.
 *
 * @internal
 */
export const updateFields = ["displayName", "servicePlanId", "campaignId", "appId", "callbackUrl"] as const

/** @internal */
export type UpdateField = typeof updateFields[number]

/**
 * One row of an input file. `values` holds what the row sets: a string, or `null` (NDJSON only) to clear a field.
 * `problem` says why the row cannot be used, when it cannot.
 *
 * @internal
 */
export interface Row {
  /** the line in the file (1 for the first), which identifies the row in the checkpoint and the report */
  readonly line: number
  readonly phoneNumber: string
  readonly values: Readonly<Partial<Record<UpdateField, string | null>>>
  readonly problem?: string | undefined
}

/** @internal */
export type Format = "csv" | "tsv" | "ndjson"

/**
 * What a pass over the file found before anything is done: its digest (so a checkpoint is tied to this very file),
 * its format and how many rows it has.
 *
 * @internal
 */
export interface Survey {
  readonly sha256: string
  readonly format: Format
  readonly rows: number
}

/**
 * What `bulk-update` and `bulk-release` read from a file, besides its rows.
 *
 * @internal
 */
export interface ReadOptions {
  /** skip columns (CSV, TSV) and fields (NDJSON) no job knows, instead of refusing the file */
  readonly ignoreUnknownColumns?: boolean | undefined
}

/**
 * The columns of a CSV or TSV file's header, sorted by what a job does with them: `readOnly` are the columns of
 * `active list --csv` that this job does not set (ignored: the export reads back as it is), `unknown` the columns
 * nobody knows (only with `ignoreUnknownColumns`; otherwise they are an error).
 *
 * @internal
 */
export interface Columns {
  readonly names: ReadonlyArray<string>
  readonly readOnly: ReadonlyArray<string>
  readonly unknown: ReadonlyArray<string>
}

const lines = (file: string): Stream.Stream<string, UsageError> =>
  Stream.fromAsyncIterable(
    Readline.createInterface({ input: Fs.createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity }),
    (error) => new UsageError({ message: `Could not read ${file}: ${error instanceof Error ? error.message : error}` })
  )

const formatOf = (file: string, first: string | undefined): Format =>
  /\.(nd)?jsonl?$/i.test(file) || /\.ndjson$/i.test(file)
    ? "ndjson"
    : /\.csv$/i.test(file)
    ? "csv"
    : /\.(tsv|tab)$/i.test(file)
    ? "tsv"
    : first?.trimStart().startsWith("{") === true
    ? "ndjson"
    : first?.includes("\t") === true && !first.includes(",")
    ? "tsv"
    : "csv"

// A cell longer than this is a broken file (a quote never closed), not data: stop before it fills memory.
const maxRecordBytes = 1024 * 1024

/**
 * One record of a CSV or TSV file: its cells, and the line it starts on (a quoted cell may span lines).
 *
 * @internal
 */
export interface TableRecord {
  readonly line: number
  readonly cells: ReadonlyArray<string>
}

/**
 * Counts the lines of a file as an editor does (CRLF, LF or a lone CR ends one) while its bytes go by, so that a
 * record csv-parse reports by byte offset gets its line (csv-parse's own count takes a CRLF for two).
 */
class LineIndex extends NodeStream.Transform {
  private offset = 0
  private afterCr = false
  /** line breaks seen and not yet passed: where each starts and ends, in bytes */
  private readonly pending: Array<{ start: number; end: number }> = []
  private passed = 0
  private lastBreakEnd = -1

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: NodeStream.TransformCallback) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]
      const at = this.offset + i
      if (byte === 10 && this.afterCr) this.pending[this.pending.length - 1]!.end = at + 1
      else if (byte === 10 || byte === 13) this.pending.push({ start: at, end: at + 1 })
      this.afterCr = byte === 13
    }
    this.offset += chunk.length
    callback(null, chunk)
  }

  /** The line of the last byte before `end` (which only grows from one call to the next). */
  lineBefore(end: number): number {
    while (this.pending.length > 0 && this.pending[0]!.start < end) {
      this.lastBreakEnd = this.pending.shift()!.end
      this.passed++
    }
    // a record that ends with its line break is on the line that break closes
    return this.lastBreakEnd === end ? this.passed : this.passed + 1
  }
}

const breaksIn = (cells: ReadonlyArray<string>): number =>
  cells.reduce((count, cell) => count + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0)

// What the parser holds at each turn, at once: one step of the stream per batch rather than per record.
async function* batches(parser: NodeStream.Readable): AsyncGenerator<ReadonlyArray<unknown>> {
  for await (const first of parser) {
    const batch: Array<unknown> = [first]
    for (let next: unknown = parser.read(); next !== null; next = parser.read()) batch.push(next)
    yield batch
  }
}

/**
 * The records of a CSV (RFC 4180) or TSV file, streamed in constant memory with csv-parse. Quoted cells may hold
 * separators, quotes (doubled) and line breaks; blank lines are skipped; spaces around unquoted cells are trimmed; a
 * byte-order mark is ignored. A file that is not valid (a quote never closed, text after a closing quote, a record
 * over 1 MiB) is a usage error naming the line its record starts on.
 *
 * @internal
 */
export const records = (file: string, format: "csv" | "tsv"): Stream.Stream<TableRecord, UsageError> =>
  Stream.suspend(() => {
    const index = new LineIndex()
    // kept by the parser as it goes: the line each record starts on, for the reader to take in the same order
    const starts: Array<number> = []
    let lastLine = 0
    let lastEmpty = 0
    const parser = Csv.parse({
      delimiter: format === "tsv" ? "\t" : ",",
      bom: true,
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: maxRecordBytes,
      on_record: (cells, info) => {
        lastLine = index.lineBefore(info.bytes)
        lastEmpty = info.empty_lines
        starts.push(lastLine - breaksIn(cells))
        return cells
      }
    })
    // errors of the file reach the parser, whose iteration then fails with them
    NodeStream.pipeline(Fs.createReadStream(file), index, parser, () => {})
    return Stream.fromAsyncIterable(batches(parser), (error) =>
      new UsageError({
        message: error instanceof Csv.CsvError
          // the record that failed starts after the last good one and the blank lines after it
          ? `${file}: line ${
            lastLine + 1 + Number(error["empty_lines"] ?? 0) - lastEmpty
          }: not valid ${format.toUpperCase()}: ${error.message.replace(/ at line \d+/, "")}`
          : `Could not read ${file}: ${error instanceof Error ? error.message : String(error)}`
      })).pipe(
        Stream.mapConcat((batch) =>
          batch.flatMap((cells) => {
            const line = starts.shift() ?? 0
            return Array.isArray(cells) && cells.some((cell) => cell !== "") ? [{ line, cells: cells.map(String) }] : []
          })
        )
      )
  })

/**
 * Reads the file: digest, format, and the number of rows (non-empty lines of NDJSON; records less the header of CSV
 * and TSV). A CSV or TSV file that is not valid fails here, before anything is sent.
 *
 * @internal
 */
export const survey = (file: string): Effect.Effect<Survey, UsageError> =>
  Effect.gen(function*() {
    const exists = yield* Effect.sync(() => Fs.existsSync(file))
    if (!exists) return yield* new UsageError({ message: `No such file: ${file}` })
    const hash = Crypto.createHash("sha256")
    let first: string | undefined
    let count = 0
    yield* Stream.runForEach(lines(file), (line) =>
      Effect.sync(() => {
        hash.update(line + "\n")
        if (line.trim() === "") return
        if (first === undefined) first = line
        count++
      }))
    const format = formatOf(file, first)
    const rows = format === "ndjson" ? count : Math.max(0, (yield* Stream.runCount(records(file, format))) - 1)
    return { sha256: hash.digest("hex"), format, rows }
  })

/**
 * Splits one CSV line (RFC 4180 quoting); undefined when it is not valid CSV.
 *
 * @internal
 */
export const splitCsv = (line: string): ReadonlyArray<string> | undefined => {
  try {
    const [cells] = CsvSync.parse(line, { relax_quotes: true, relax_column_count: true, trim: true })
    return cells ?? []
  } catch {
    return undefined
  }
}

/**
 * The columns of `active list --csv`, by the API's names.
 *
 * @internal
 */
export const exportColumns: ReadonlyArray<string> = Records.activeCsvHeader.split(",")

/**
 * Sorts the names of a header row for a job that sets `allowed`: `phoneNumber` is required, a name twice is an
 * error, and so is an unknown one unless `ignoreUnknownColumns`.
 *
 * @internal
 */
export const columnsOf = (
  file: string,
  names: ReadonlyArray<string>,
  allowed: ReadonlyArray<UpdateField>,
  options: ReadOptions = {}
): Either.Either<Columns, UsageError> => {
  const accepted = new Set<string>(["phoneNumber", ...allowed])
  const twice = names.find((name, i) => names.indexOf(name) !== i)
  if (twice !== undefined) {
    return Either.left(new UsageError({ message: `${file}: the column ${JSON.stringify(twice)} appears twice` }))
  }
  if (!names.includes("phoneNumber")) {
    return Either.left(
      new UsageError({ message: `${file}: the header row has no phoneNumber column (it names the columns)` })
    )
  }
  const readOnly = names.filter((name) => !accepted.has(name) && exportColumns.includes(name))
  const unknown = names.filter((name) => !accepted.has(name) && !exportColumns.includes(name))
  if (unknown.length > 0 && options.ignoreUnknownColumns !== true) {
    return Either.left(
      new UsageError({
        message: `${file}: unknown column ${JSON.stringify(unknown[0])}; expected phoneNumber${
          allowed.length === 0 ? "" : ` and any of ${allowed.join(", ")}`
        } (the other columns of active list --csv are ignored; --ignore-unknown-columns ignores any other)`
      })
    )
  }
  return Either.right({ names, readOnly, unknown })
}

const headerOf = (file: string, format: "csv" | "tsv"): Effect.Effect<ReadonlyArray<string>, UsageError> =>
  Effect.map(
    Stream.runHead(records(file, format)),
    (first) => first._tag === "Some" ? first.value.cells : []
  )

/**
 * The columns of a CSV or TSV file, sorted for a job (see `Columns`), for the dry run to say which it ignores; an
 * NDJSON file has none.
 *
 * @internal
 */
export const columns = (
  file: string,
  format: Format,
  allowed: ReadonlyArray<UpdateField>,
  options: ReadOptions = {}
): Effect.Effect<Columns, UsageError> =>
  format === "ndjson"
    ? Effect.succeed({ names: [], readOnly: [], unknown: [] })
    : Effect.flatMap(headerOf(file, format), (names) => columnsOf(file, names, allowed, options))

const known = new Set<string>(["phoneNumber", ...updateFields])

const tabular = (
  file: string,
  format: "csv" | "tsv",
  allowed: ReadonlyArray<UpdateField>,
  options: ReadOptions
): Stream.Stream<Row, UsageError> => {
  const used = new Set<string>(allowed)
  let header: ReadonlyArray<string> | undefined
  return records(file, format).pipe(
    Stream.mapEffect((record): Effect.Effect<Row | undefined, UsageError> => {
      if (header === undefined) {
        return Effect.map(columnsOf(file, record.cells, allowed, options), (columns) => {
          header = columns.names
          return undefined
        })
      }
      const values: Partial<Record<UpdateField, string>> = {}
      let phoneNumber = ""
      header.forEach((name, i) => {
        const cell = record.cells[i] ?? ""
        if (name === "phoneNumber") phoneNumber = cell
        else if (cell !== "" && used.has(name)) values[name as UpdateField] = cell
      })
      return Effect.succeed(
        record.cells.length > header.length
          ? {
            line: record.line,
            phoneNumber,
            values,
            problem: `${record.cells.length} cells for ${header.length} columns`
          }
          : rowOf(record.line, phoneNumber, values)
      )
    }),
    Stream.filter((row): row is Row => row !== undefined)
  )
}

const ndjson = (
  file: string,
  allowed: ReadonlyArray<UpdateField>,
  options: ReadOptions
): Stream.Stream<Row, UsageError> => {
  const accepted = new Set<string>(["phoneNumber", ...allowed])
  let lineNumber = 0
  return lines(file).pipe(
    Stream.map((text): Row | undefined => {
      lineNumber++
      const line = lineNumber
      if (text.trim() === "") return undefined
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return { line, phoneNumber: "", values: {}, problem: "not valid JSON" }
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return { line, phoneNumber: "", values: {}, problem: "not a JSON object" }
      }
      const record = parsed as Readonly<Record<string, unknown>>
      const wrong = Object.keys(record).find((name) =>
        !accepted.has(name) && (known.has(name) || options.ignoreUnknownColumns !== true)
      )
      if (wrong !== undefined) {
        return {
          line,
          phoneNumber: typeof record["phoneNumber"] === "string" ? record["phoneNumber"] : "",
          values: {},
          problem: known.has(wrong) ? `${wrong} cannot be set here` : `unknown field ${JSON.stringify(wrong)}`
        }
      }
      const values: Partial<Record<UpdateField, string | null>> = {}
      for (const name of allowed) {
        const value = record[name]
        if (value === undefined) continue
        if (value !== null && typeof value !== "string") {
          return { line, phoneNumber: "", values: {}, problem: `${name} must be a string or null` }
        }
        values[name] = value
      }
      const phoneNumber = record["phoneNumber"]
      return rowOf(line, typeof phoneNumber === "string" ? phoneNumber : "", values)
    }),
    Stream.filter((row): row is Row => row !== undefined)
  )
}

/**
 * The rows of a CSV or TSV file with a header row (`phoneNumber`, then any of the update fields) or of an NDJSON file
 * of objects with the same fields, in order. `allowed` limits the fields (none for bulk-release). The other columns
 * of `active list --csv` are ignored (see `columns`); an unknown column is a usage error unless
 * `ignoreUnknownColumns`. A row that cannot be used comes with its `problem`. An empty CSV cell changes nothing.
 *
 * @internal
 */
export const read = (
  file: string,
  format: Format,
  allowed: ReadonlyArray<UpdateField>,
  options: ReadOptions = {}
): Stream.Stream<Row, UsageError> =>
  format === "ndjson" ? ndjson(file, allowed, options) : tabular(file, format, allowed, options)

const e164 = /^\+[1-9]\d{1,14}$/

const rowOf = (
  line: number,
  phoneNumber: string,
  values: Partial<Record<UpdateField, string | null>>
): Row =>
  phoneNumber === ""
    ? { line, phoneNumber, values, problem: "no phoneNumber" }
    : !e164.test(phoneNumber)
    ? { line, phoneNumber, values, problem: `phoneNumber ${JSON.stringify(phoneNumber)} is not E.164 (+ and digits)` }
    : { line, phoneNumber, values }
