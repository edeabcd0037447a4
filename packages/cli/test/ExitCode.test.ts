import { AuthenticationFailed } from "@effect-sinch/auth/AuthError"
import { InvalidArgument, NotFound, OutcomeUnknown, RateLimited } from "@effect-sinch/numbers/NumbersError"
import { describe, expect, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"
import * as CliError from "../src/CliError.js"
import * as ExitCode from "../src/ExitCode.js"

const docs = Fs.readFileSync(
  Path.join(Path.dirname(Url.fileURLToPath(import.meta.url)), "../../../docs/cli.md"),
  "utf8"
)

const call = { operation: "getActiveNumber", method: "GET", path: "/v1/projects/p/activeNumbers/+1", attempts: 1 }

describe("ExitCode", () => {
  it("each kind of error has its own code, chosen by its type", () => {
    expect(ExitCode.fromError(new NotFound({ ...call, status: 404 }))).toBe(3)
    expect(ExitCode.fromError(new AuthenticationFailed({ status: 401 }))).toBe(4)
    expect(ExitCode.fromError(new InvalidArgument({ ...call, status: 400, fieldViolations: [] }))).toBe(5)
    expect(ExitCode.fromError(new RateLimited({ ...call, status: 429 }))).toBe(6)
    expect(
      ExitCode.fromError(new OutcomeUnknown({ ...call, failure: "Timeout", reason: "timed out", check: "look it up" }))
    ).toBe(7)
    expect(ExitCode.fromError(new CliError.Incomplete({ message: "1 row failed" }))).toBe(9)
    expect(ExitCode.fromError(new CliError.NotConfirmed({ message: "no" }))).toBe(10)
    expect(ExitCode.fromError(new CliError.ListenFailed({ message: "port taken" }))).toBe(6)
    expect(ExitCode.fromError(new CliError.OutputFailed({ reason: "Failed", target: "stdout" }))).toBe(11)
    // a closed pipe is how `| head` ends a listing: not a failure
    expect(ExitCode.fromError(new CliError.OutputFailed({ reason: "BrokenPipe", target: "stdout" }))).toBe(0)
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
