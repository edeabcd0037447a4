import { describe, expect, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"
import * as ExitCode from "../src/ExitCode.js"

const docs = Fs.readFileSync(
  Path.join(Path.dirname(Url.fileURLToPath(import.meta.url)), "../../../docs/cli.md"),
  "utf8"
)

describe("ExitCode", () => {
  it("each kind of error has its own code", () => {
    expect(ExitCode.fromError({ _tag: "NotFound" })).toBe(3)
    expect(ExitCode.fromError({ _tag: "Unauthorized" })).toBe(4)
    expect(ExitCode.fromError({ _tag: "InvalidArgument" })).toBe(5)
    expect(ExitCode.fromError({ _tag: "RateLimited" })).toBe(6)
    expect(ExitCode.fromError({ _tag: "OutcomeUnknown" })).toBe(7)
    expect(ExitCode.fromError({ _tag: "ResponseDecodeError" })).toBe(8)
    expect(ExitCode.fromError({ _tag: "Incomplete" })).toBe(9)
    expect(ExitCode.fromError({ _tag: "NotConfirmed" })).toBe(10)
    expect(ExitCode.fromError(new Error("boom"))).toBe(ExitCode.ExitCode.Internal)
    expect(new Set(Object.values(ExitCode.ExitCode)).size).toBe(Object.keys(ExitCode.ExitCode).length)
  })

  it("an error is one line: its tag and message, line breaks folded", () => {
    expect(ExitCode.describe({ _tag: "NotFound", message: "no such\n  number" })).toBe("NotFound: no such number")
    expect(ExitCode.describe(new Error("plain"))).toBe("plain")
  })

  it("docs/cli.md documents every exit code", () => {
    for (const [name, code] of Object.entries(ExitCode.ExitCode)) {
      expect(docs).toContain(`| ${code} | \`${name}\` |`)
      expect(ExitCode.name(code)).toBe(name)
    }
  })
})
