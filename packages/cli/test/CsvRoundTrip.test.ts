// Issue 21, item 4, through the bundled bin: what `active list --csv` writes, `active bulk-update` reads back as it is
// (the export's read-only columns ignored), and an edited cell with a line break, quotes and commas goes through.
import { Emulator } from "@effect-sinch/emulator"
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import { expect, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Rows from "../src/internal/rows.js"
import * as Cli from "./fixtures/Cli.js"
import * as Numbers from "./fixtures/Numbers.js"

const run = (args: ReadonlyArray<string>, env: Record<string, string>) => Effect.promise(() => Cli.run(args, env))

const environment = Layer.unwrapEffect(
  Effect.map(Emulator.Emulator, (emulator) => Numbers.clientFor(Numbers.credentialsOf(emulator)))
).pipe(Layer.provideMerge(Emulator.layer({ active: 25, seed: 5 })))

const awkward = "Front desk, \"main\"\nsecond line · Zürich"

layer(environment, { excludeTestServices: true })("active list --csv into active bulk-update", (it) => {
  it.effect("the export reads back unchanged; an edited cell holding a line break is applied as written", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const numbers = yield* NumbersClient.NumbersClient
      const env = Cli.envFor(emulator)
      const first = (yield* numbers.listActiveNumbersPage({ pageSize: 1 })).activeNumbers![0]!
      yield* numbers.updateActiveNumber(first.phoneNumber!, { displayName: awkward })

      const file = Path.join(Cli.scratch(), "numbers.csv")
      const exported = yield* run(["active", "list", "--csv", "--output", file], env)
      expect(exported.code).toBe(0)
      expect(Fs.readFileSync(file, "utf8").split("\n")[0]).toBe(Rows.exportColumns.join(","))

      // as exported: every row is already as asked, nothing would be sent
      const dry = yield* run(["active", "bulk-update", "--from", file, "--dry-run", "--json"], env)
      expect(dry.stderr).not.toContain("unknown field")
      expect(dry.code).toBe(0)
      const report = JSON.parse(dry.stdout) as { rows: number; unchanged: number; failed: number; wouldChange: number }
      expect(report).toMatchObject({ rows: 25, unchanged: 25, failed: 0, wouldChange: 0 })

      // edit the awkward name in the file, as a spreadsheet would, and apply it
      const renamed = "Reception \"east\",\nfloor 2 · 東京"
      const quoted = (text: string) => `"${text.replace(/"/g, "\"\"")}"`
      const text = Fs.readFileSync(file, "utf8")
      expect(text).toContain(quoted(awkward))
      Fs.writeFileSync(file, text.replace(quoted(awkward), quoted(renamed)))
      const applied = yield* run(["active", "bulk-update", "--from", file, "--json"], env)
      expect(applied.code).toBe(0)
      expect(JSON.parse(applied.stdout)).toMatchObject({ rows: 25, done: 1, unchanged: 24, failed: 0 })
      expect((yield* numbers.getActiveNumber(first.phoneNumber!)).displayName).toBe(renamed)
    }))
})
