import { Emulator } from "@effect-sinch/emulator"
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import { describe, expect, it, layer } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Records from "../src/internal/records.js"
import * as Rows from "../src/internal/rows.js"
import * as Cli from "./fixtures/Cli.js"
import * as Numbers from "./fixtures/Numbers.js"

const fileWith = (name: string, text: string): string => {
  const file = Path.join(Cli.scratch(), name)
  Fs.writeFileSync(file, text)
  return file
}

const rowsOf = (file: string, format: Rows.Format, options: Rows.ReadOptions = {}) =>
  Effect.map(Stream.runCollect(Rows.read(file, format, Rows.updateFields, options)), Chunk.toReadonlyArray)

const failureOf = <A>(effect: Effect.Effect<A, { readonly message: string }>) =>
  Effect.map(Effect.flip(effect), (error) => error.message)

// What an export holds that a person wrote: every character CSV has to quote, and some it does not.
const awkward = [
  "Front desk\nsecond line",
  "Say \"hello\"",
  "Acme, Inc.",
  "Zürich ☎ 東京 — 🚀",
  "\"quoted\", with\r\nCRLF and \"\"doubled\"\"",
  "trailing comma,"
]

const emulatorWithClient = Layer.unwrapEffect(
  Effect.map(Emulator.Emulator, (emulator) => Numbers.clientFor(Numbers.credentialsOf(emulator)))
).pipe(Layer.provideMerge(Emulator.layer({ active: 40, seed: 21 })))

layer(emulatorWithClient, { excludeTestServices: true })("active list --csv reads back", (it) => {
  it.effect(
    "rows written by the export writer parse back equal, cell for cell, including quoted line breaks, quotes, commas and unicode",
    () =>
      Effect.gen(function*() {
        const numbers = yield* NumbersClient.NumbersClient
        const listed = Chunk.toReadonlyArray(yield* Stream.runCollect(numbers.listActiveNumbers()))
        expect(listed.length).toBe(40)
        for (const [i, displayName] of awkward.entries()) {
          yield* numbers.updateActiveNumber(listed[i]!.phoneNumber!, { displayName })
        }
        const exported = Chunk.toReadonlyArray(yield* Stream.runCollect(numbers.listActiveNumbers()))
        const file = fileWith(
          "export.csv",
          [Records.activeCsvHeader, ...exported.map(Records.activeCsvRow)].join("\n") + "\n"
        )

        // every cell of every record, as the writer wrote it
        const records = Chunk.toReadonlyArray(yield* Stream.runCollect(Rows.records(file, "csv")))
        expect(records[0]!.cells).toEqual(Rows.exportColumns)
        expect(records.length).toBe(exported.length + 1)
        const byColumn = (cells: ReadonlyArray<string>) =>
          Object.fromEntries(Rows.exportColumns.map((name, i) => [name, cells[i]]))
        for (const [i, number] of exported.entries()) {
          const cells = byColumn(records[i + 1]!.cells)
          expect(cells["phoneNumber"]).toBe(number.phoneNumber)
          expect(cells["regionCode"]).toBe(number.regionCode)
          expect(cells["displayName"]).toBe(number.displayName ?? "")
          expect(cells["capability"]).toBe(number.capability?.join(";") ?? "")
          expect(cells["monthlyPrice"]).toBe(number.money?.amount ?? "")
        }
        expect(exported.filter((n) => awkward.includes(n.displayName ?? "")).length).toBe(awkward.length)

        // bulk-update's reading: the read-only columns are ignored and said so; the fields it sets come back equal
        const columns = yield* Rows.columns(file, "csv", Rows.updateFields)
        expect(columns.readOnly).toEqual([
          "regionCode",
          "type",
          "capability",
          "monthlyPrice",
          "currencyCode",
          "nextChargeDate",
          "expireAt"
        ])
        expect(columns.unknown).toEqual([])
        const rows = yield* rowsOf(file, "csv")
        expect(rows.map((row) => row.phoneNumber)).toEqual(exported.map((n) => n.phoneNumber))
        for (const [i, row] of rows.entries()) {
          const number = exported[i]!
          expect(row.problem).toBeUndefined()
          expect(row.values.displayName).toBe(number.displayName || undefined)
          expect(row.values.servicePlanId).toBe(number.smsConfiguration?.servicePlanId || undefined)
          expect(row.values.callbackUrl).toBe(number.callbackUrl || undefined)
        }
        // a record's line is the line it starts on: the rows after a quoted line break are one line further down
        const text = Fs.readFileSync(file, "utf8")
        for (const row of rows) {
          expect(text.split("\n")[row.line - 1]!.startsWith(row.phoneNumber)).toBe(true)
        }
        const survey = yield* Rows.survey(file)
        expect(survey).toMatchObject({ format: "csv", rows: exported.length })
      })
  )
})

describe("reading bulk input", () => {
  it.effect("an unknown column is an error naming it, unless ignoreUnknownColumns, which reports it", () =>
    Effect.gen(function*() {
      const file = fileWith("unknown.csv", "phoneNumber,displayName,nickname\n+12015550100,Desk,Bob\n")
      const refused = yield* failureOf(Stream.runDrain(Rows.read(file, "csv", Rows.updateFields)))
      expect(refused).toContain("unknown column \"nickname\"")
      expect(refused).toContain("--ignore-unknown-columns")
      const refusedColumns = yield* failureOf(Rows.columns(file, "csv", Rows.updateFields))
      expect(refusedColumns).toContain("\"nickname\"")
      const rows = yield* rowsOf(file, "csv", { ignoreUnknownColumns: true })
      expect(rows).toEqual([{ line: 2, phoneNumber: "+12015550100", values: { displayName: "Desk" } }])
      const columns = yield* Rows.columns(file, "csv", Rows.updateFields, { ignoreUnknownColumns: true })
      expect(columns).toEqual({
        names: ["phoneNumber", "displayName", "nickname"],
        readOnly: [],
        unknown: ["nickname"]
      })
    }))

  it.effect("bulk-release ignores the export's other columns, and reads only phone numbers", () =>
    Effect.gen(function*() {
      const file = fileWith(
        "release.csv",
        `${Records.activeCsvHeader}\n+12015550100,US,LOCAL,SMS,"a, b",,,,,2.00,USD,,\n`
      )
      const rows = Chunk.toReadonlyArray(yield* Stream.runCollect(Rows.read(file, "csv", [])))
      expect(rows).toEqual([{ line: 2, phoneNumber: "+12015550100", values: {} }])
      const columns = yield* Rows.columns(file, "csv", [])
      expect(columns.readOnly).toEqual(Rows.exportColumns.filter((name) => name !== "phoneNumber"))
    }))

  it.effect("a quote never closed is an error with the line its record starts on; nothing is read", () =>
    Effect.gen(function*() {
      const file = fileWith(
        "broken.csv",
        "phoneNumber,displayName\n+12015550100,\"fine\nover two lines\"\n\n+12015550101,\"never closed\n+12015550102,x\n"
      )
      const message = yield* failureOf(Rows.survey(file))
      expect(message).toContain(`${file}: line 5: not valid CSV`)
      expect(message).toMatch(/quote/i)
      const read = yield* failureOf(Stream.runDrain(Rows.read(file, "csv", Rows.updateFields)))
      expect(read).toContain("line 5")
      const after = fileWith("after.csv", "phoneNumber,displayName\n+12015550100,\"closed\"then text\n")
      expect(yield* failureOf(Rows.survey(after))).toContain("line 2: not valid CSV")
    }))

  it.effect("a quoted cell too long to be data stops the read instead of filling memory", () =>
    Effect.gen(function*() {
      const file = fileWith("huge.csv", `phoneNumber,displayName\n+12015550100,"${"x".repeat(2 * 1024 * 1024)}\n`)
      expect(yield* failureOf(Rows.survey(file))).toContain("line 2: not valid CSV")
    }))

  it.effect("TSV reads like CSV; blank lines, spaces around cells and a byte-order mark are tolerated", () =>
    Effect.gen(function*() {
      const tsv = fileWith("numbers.tsv", "phoneNumber\tdisplayName\tregionCode\n\n+12015550100\tFront, desk\tUS\n")
      const survey = yield* Rows.survey(tsv)
      expect(survey).toMatchObject({ format: "tsv", rows: 1 })
      expect(yield* rowsOf(tsv, "tsv")).toEqual([
        { line: 3, phoneNumber: "+12015550100", values: { displayName: "Front, desk" } }
      ])
      // as Excel writes it: CRLF between records and inside quoted cells, each one line for an editor
      const crlf = fileWith("excel.csv", "phoneNumber,displayName\r\n+12015550100,\"a\r\nb\"\r\n\r\n+12015550101,c\r\n")
      expect(yield* Rows.survey(crlf)).toMatchObject({ format: "csv", rows: 2 })
      expect(yield* rowsOf(crlf, "csv")).toEqual([
        { line: 2, phoneNumber: "+12015550100", values: { displayName: "a\r\nb" } },
        { line: 5, phoneNumber: "+12015550101", values: { displayName: "c" } }
      ])
      const csv = fileWith("spaced.csv", "\uFEFFphoneNumber , displayName\n  \n +12015550100 , \" kept \" \n")
      expect(yield* rowsOf(csv, "csv")).toEqual([
        { line: 3, phoneNumber: "+12015550100", values: { displayName: " kept " } }
      ])
    }))

  it.effect("a column twice, or no phoneNumber column, is refused; a row with too many cells is a row problem", () =>
    Effect.gen(function*() {
      const twice = fileWith("twice.csv", "phoneNumber,displayName,displayName\n")
      expect(yield* failureOf(Stream.runDrain(Rows.read(twice, "csv", Rows.updateFields)))).toContain(
        "\"displayName\" appears twice"
      )
      const none = fileWith("none.csv", "displayName\nx\n")
      expect(yield* failureOf(Stream.runDrain(Rows.read(none, "csv", Rows.updateFields)))).toContain(
        "no phoneNumber column"
      )
      const wide = fileWith("wide.csv", "phoneNumber,displayName\n+12015550100,a,b\nnot-a-number,c\n")
      const rows = yield* rowsOf(wide, "csv")
      expect(rows[0]!.problem).toBe("3 cells for 2 columns")
      expect(rows[1]!.problem).toContain("is not E.164")
    }))

  it("columnsOf sorts a header: accepted, read-only, unknown", () => {
    const sorted = Rows.columnsOf("f.csv", ["phoneNumber", "type", "appId"], ["appId"])
    expect(Either.getOrThrow(sorted)).toEqual({
      names: ["phoneNumber", "type", "appId"],
      readOnly: ["type"],
      unknown: []
    })
    expect(Either.isLeft(Rows.columnsOf("f.csv", ["phoneNumber", "bogus"], ["appId"]))).toBe(true)
  })

  it.effect("NDJSON: unknown fields are a row problem, or skipped with ignoreUnknownColumns", () =>
    Effect.gen(function*() {
      const file = fileWith(
        "rows.ndjson",
        "{\"phoneNumber\":\"+12015550100\",\"displayName\":null,\"nickname\":\"x\"}\n"
      )
      const strict = yield* rowsOf(file, "ndjson")
      expect(strict[0]!.problem).toBe("unknown field \"nickname\"")
      const lenient = yield* rowsOf(file, "ndjson", { ignoreUnknownColumns: true })
      expect(lenient).toEqual([{ line: 1, phoneNumber: "+12015550100", values: { displayName: null } }])
    }))
})
