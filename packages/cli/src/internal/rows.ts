/** @internal */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Readline from "node:readline"
import { UsageError } from "../CliError.js"

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
export type Format = "csv" | "ndjson"

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
    : first?.trimStart().startsWith("{") === true
    ? "ndjson"
    : "csv"

/**
 * Reads the file once: digest, format, and the number of rows (non-empty lines, less the CSV header).
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
    return { sha256: hash.digest("hex"), format, rows: format === "csv" ? Math.max(0, count - 1) : count }
  })

/**
 * Splits one CSV line (RFC 4180 quoting; a field may not span lines).
 *
 * @internal
 */
export const splitCsv = (line: string): ReadonlyArray<string> | undefined => {
  const cells: Array<string> = []
  let i = 0
  for (;;) {
    if (line[i] === "\"") {
      let value = ""
      i++
      for (;;) {
        const quote = line.indexOf("\"", i)
        if (quote < 0) return undefined
        value += line.slice(i, quote)
        if (line[quote + 1] === "\"") {
          value += "\""
          i = quote + 2
        } else {
          i = quote + 1
          break
        }
      }
      cells.push(value)
      if (i >= line.length) return cells
      if (line[i] !== ",") return undefined
      i++
    } else {
      const comma = line.indexOf(",", i)
      if (comma < 0) {
        cells.push(line.slice(i).trim())
        return cells
      }
      cells.push(line.slice(i, comma).trim())
      i = comma + 1
    }
  }
}

const known = new Set<string>(["phoneNumber", ...updateFields])

/**
 * The rows of a CSV file with a header row (`phoneNumber`, then any of the update fields) or of an NDJSON file of
 * objects with the same fields, in order. `allowed` limits the fields (none for bulk-release). An unknown column is
 * a usage error; a row that cannot be read comes with its `problem`. An empty CSV cell changes nothing.
 *
 * @internal
 */
export const read = (
  file: string,
  format: Format,
  allowed: ReadonlyArray<UpdateField>
): Stream.Stream<Row, UsageError> => {
  const accepted = new Set<string>(["phoneNumber", ...allowed])
  const unknownField = (name: string) =>
    new UsageError({
      message: `${file}: unknown field ${JSON.stringify(name)}; expected phoneNumber${
        allowed.length === 0 ? "" : ` and any of ${allowed.join(", ")}`
      }`
    })
  let header: ReadonlyArray<string> | undefined
  let lineNumber = 0
  return lines(file).pipe(
    Stream.mapEffect((text): Effect.Effect<Row | undefined, UsageError> => {
      lineNumber++
      const line = lineNumber
      if (text.trim() === "") return Effect.succeed(undefined)
      if (format === "csv") {
        const cells = splitCsv(text)
        if (header === undefined) {
          if (cells === undefined) return Effect.fail(new UsageError({ message: `${file}: the header row is not CSV` }))
          const names = cells.map((cell) => cell.replace(/^\uFEFF/, ""))
          const wrong = names.find((name) => !accepted.has(name))
          if (wrong !== undefined) return Effect.fail(unknownField(wrong))
          if (!names.includes("phoneNumber")) {
            return Effect.fail(
              new UsageError({ message: `${file}: the header row has no phoneNumber column (it names the columns)` })
            )
          }
          header = names
          return Effect.succeed(undefined)
        }
        if (cells === undefined) return Effect.succeed({ line, phoneNumber: "", values: {}, problem: "not valid CSV" })
        const values: Partial<Record<UpdateField, string>> = {}
        let phoneNumber = ""
        header.forEach((name, i) => {
          const cell = cells[i] ?? ""
          if (name === "phoneNumber") phoneNumber = cell
          else if (cell !== "") values[name as UpdateField] = cell
        })
        return Effect.succeed(
          cells.length > header.length
            ? { line, phoneNumber, values, problem: `${cells.length} cells for ${header.length} columns` }
            : rowOf(line, phoneNumber, values)
        )
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return Effect.succeed({ line, phoneNumber: "", values: {}, problem: "not valid JSON" })
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return Effect.succeed({ line, phoneNumber: "", values: {}, problem: "not a JSON object" })
      }
      const record = parsed as Record<string, unknown>
      const wrong = Object.keys(record).find((name) => !accepted.has(name))
      if (wrong !== undefined) {
        return Effect.succeed({
          line,
          phoneNumber: typeof record["phoneNumber"] === "string" ? record["phoneNumber"] : "",
          values: {},
          problem: known.has(wrong) ? `${wrong} cannot be set here` : `unknown field ${JSON.stringify(wrong)}`
        })
      }
      const values: Partial<Record<UpdateField, string | null>> = {}
      for (const name of allowed) {
        const value = record[name]
        if (value === undefined) continue
        if (value !== null && typeof value !== "string") {
          return Effect.succeed({ line, phoneNumber: "", values: {}, problem: `${name} must be a string or null` })
        }
        values[name] = value
      }
      const phoneNumber = record["phoneNumber"]
      return Effect.succeed(rowOf(line, typeof phoneNumber === "string" ? phoneNumber : "", values))
    }),
    Stream.filter((row): row is Row => row !== undefined)
  )
}

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
