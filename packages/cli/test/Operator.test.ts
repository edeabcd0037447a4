// The command line as operators push it: closed pipes, full disks, --json on failure, hostile data from the server,
// help without colours, strict input. In-process (InProcess.run, a captured Output) against the emulator.
import { Emulator, Faults } from "@effect-sinch/emulator"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Path from "node:path"
import * as ExitCodes from "../src/ExitCode.js"
import { ExitCode } from "../src/ExitCode.js"
import * as Session from "../src/internal/session.js"
import * as Cli from "./fixtures/Cli.js"
import * as InProcess from "./fixtures/InProcess.js"

const run = InProcess.run

// the emulator's credentials, as the environment gives them (the in-process CLI reads process.env)
const useEmulator = (e: Emulator.Service) =>
  Effect.sync(() => {
    Object.assign(process.env, {
      SINCH_CONFIG: Path.join(Cli.scratch(), "config.json"),
      SINCH_PROJECT_ID: e.projectId,
      SINCH_KEY_ID: e.keyId,
      SINCH_KEY_SECRET: Redacted.value(e.keySecret),
      SINCH_NUMBERS_URL: e.baseUrl,
      SINCH_AUTH_URL: e.tokenUrl
    })
  })

const listRequests = (e: Emulator.Service) =>
  Effect.map(e.stats, (stats) => Object.values(stats.requests["ListActiveNumbers"] ?? {}).reduce((a, b) => a + b, 0))

const oneLine = (stderr: string) => {
  const lines = stderr.trim().split("\n")
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^sinch-numbers: /)
}

const formats = [[], ["--json"], ["--ndjson"], ["--csv"], ["--tsv"]] as const

describe("sinch-numbers, as operators use it", () => {
  layer(Emulator.layer({ active: 300 }), { excludeTestServices: true })("against the emulator", (it) => {
    it.effect("a closed stdout ends a listing quietly in every format, and no more pages are read", () =>
      Effect.gen(function*() {
        const e = yield* Emulator.Emulator
        yield* useEmulator(e)
        for (const format of formats) {
          yield* e.reset
          const ran = yield* run(["active", "list", ...format, "--page-size", "10"], {
            stdout: { failAfter: { writes: 2, code: "EPIPE" } }
          })
          expect(ran.code, format.join(" ")).toBe(0)
          expect(ran.stderr).toBe("")
          // 30 pages make the list; the stream reads one ahead of the write that failed
          expect(yield* listRequests(e)).toBeLessThanOrEqual(4)
        }
      }))

    it.effect("a failed write ends the command with one line and WriteFailed", () =>
      Effect.gen(function*() {
        yield* useEmulator(yield* Emulator.Emulator)
        const full = yield* run(["active", "list", "--ndjson"], {
          stdout: { failAfter: { writes: 0, code: "ENOSPC" } }
        })
        expect(full.code).toBe(ExitCode.WriteFailed)
        oneLine(full.stderr)
        expect(full.stderr).toContain("Could not write stdout")
        for (const target of ["/dev/full", "/proc/version"]) {
          const ran = yield* run(["active", "list", "--csv", "-o", target])
          expect(ran.code, target).toBe(ExitCode.WriteFailed)
          oneLine(ran.stderr)
          expect(ran.stderr).toContain(target)
        }
        const input = Path.join(Cli.scratch(), "in.csv")
        Fs.writeFileSync(input, "phoneNumber,displayName\n+12015550100,x\n")
        // a device as checkpoint was read forever (/dev/full gives zeros): refused, at once
        const checkpoint = yield* run(["active", "bulk-update", "--from", input, "--checkpoint", "/dev/full"])
        expect(checkpoint.code).toBe(ExitCode.Usage)
        oneLine(checkpoint.stderr)
      }))

    it.effect("--json is one document when the listing fails midway, and -o keeps the file it would replace", () =>
      Effect.gen(function*() {
        const e = yield* Emulator.Emulator
        yield* useEmulator(e)
        yield* e.reset
        // the pages after the first written one come back broken, past the client's page budget
        const breakListing = (writes: number) =>
          writes === 2
            ? e.setFaults(
              new Faults.Faults({ operations: { ListActiveNumbers: new Faults.FaultRule({ malformedJson: 1 }) } })
            )
            : Effect.void
        const ran = yield* run(["active", "list", "--json", "--page-size", "10"], { stdout: { onWrite: breakListing } })
        yield* e.setFaults(Faults.none)
        expect(ran.code, ran.stderr).toBe(ExitCode.BadAnswer)
        const document = JSON.parse(ran.stdout) as {
          activeNumbers: Array<unknown>
          count: number
          error: { tag: string; exitCode: number }
        }
        expect(document.count).toBe(document.activeNumbers.length)
        expect(document.count).toBeGreaterThan(0)
        expect(document.error).toMatchObject({ tag: "ResponseDecodeError", exitCode: ExitCode.BadAnswer })
        expect(ran.stderr).toContain("--resume-from")

        const file = Path.join(Cli.scratch(), "numbers.csv")
        Fs.writeFileSync(file, "the export of yesterday\n")
        // an export to a file that fails (here at once: a region the client refuses) leaves the file as it was
        const failed = yield* run(["active", "list", "--json", "-o", file, "--region", "usa"])
        expect(failed.code, failed.stderr).toBe(ExitCode.Usage)
        expect(Fs.readFileSync(file, "utf8")).toBe("the export of yesterday\n")
        expect(Fs.readdirSync(Path.dirname(file))).toEqual(["numbers.csv"])
        expect(JSON.parse(failed.stdout).error.tag).toBe("InvalidInput")
        const ok = yield* run(["active", "list", "--csv", "-o", file])
        expect(ok.code).toBe(0)
        expect(Fs.readFileSync(file, "utf8").trim().split("\n")).toHaveLength(301)
      }))

    it.effect("usage errors under --json print a document on stdout; --size abc names the option", () =>
      Effect.gen(function*() {
        yield* useEmulator(yield* Emulator.Emulator)
        const size = yield* run(["available", "search", "-r", "US", "-t", "LOCAL", "--size", "abc", "--json"])
        expect(size.code).toBe(ExitCode.Usage)
        expect(size.stderr).toContain("--size")
        expect(JSON.parse(size.stdout).error).toMatchObject({ exitCode: ExitCode.Usage })
        const bogus = yield* run(["active", "list", "--bogus", "--json"])
        expect(bogus.code).toBe(ExitCode.Usage)
        expect(JSON.parse(bogus.stdout).error).toMatchObject({ exitCode: ExitCode.Usage })
        expect(JSON.parse(bogus.stdout).error.message).toContain("--bogus")
      }))

    it.effect("phone numbers people type are E.164 in every command, checked before anything is sent", () =>
      Effect.gen(function*() {
        const e = yield* Emulator.Emulator
        yield* useEmulator(e)
        yield* e.reset
        for (
          const args of [
            ["active", "get", "hello"],
            ["active", "update", "12015550100", "--display-name", "x"],
            ["active", "release", "hello", "--yes"],
            ["available", "rent", "hello", "--yes"],
            ["active", "emergency-address", "get", "+1"],
            ["orders", "create", "-r", "US", "-t", "LOCAL", "--phone-number", "hello", "--yes"],
            ["active", "list", "--resume-from", "hello"]
          ]
        ) {
          const ran = yield* run(args)
          expect(ran.code, args.join(" ")).toBe(ExitCode.Usage)
        }
        expect((yield* e.stats).requestsTotal).toBe(0)
      }))

    it.effect("control characters from the server are escaped in every output for people", () =>
      Effect.gen(function*() {
        const e = yield* Emulator.Emulator
        yield* useEmulator(e)
        yield* e.reset
        const first = JSON.parse((yield* run(["active", "list", "--ndjson", "--limit", "1"])).stdout)
        const hostile = "evil\n\x1b[31mred\x1b[0m\ttab\u009b"
        const updated = yield* run(["active", "update", first.phoneNumber, "--display-name", hostile, "--json"])
        expect(updated.code).toBe(0)
        expect(JSON.parse(updated.stdout).displayName).toBe(hostile)
        for (
          const args of [
            ["active", "list", "--limit", "5"],
            ["active", "get", first.phoneNumber],
            ["active", "update", first.phoneNumber, "--display-name", hostile]
          ]
        ) {
          const ran = yield* run(args)
          expect(ran.code, args.join(" ")).toBe(0)
          // eslint-disable-next-line no-control-regex
          expect(ran.stdout, args.join(" ")).not.toMatch(/[\x1b\t\u009b]/)
          expect(ran.stdout).toContain("evil\\n\\u001b[31mred")
        }
        const table = (yield* run(["active", "list", "--limit", "5"])).stdout.trim().split("\n")
        expect(table).toHaveLength(6)
        // machine formats keep the data as it is
        const csv = (yield* run(["active", "list", "--csv", "--limit", "1", "--columns", "displayName"])).stdout
        expect(csv).toBe(`displayName\n"${hostile}"\n`)
      }))

    it.effect("the CSV export reads back into bulk-update: read-only columns ignored and named in the dry run", () =>
      Effect.gen(function*() {
        const e = yield* Emulator.Emulator
        yield* useEmulator(e)
        yield* e.reset
        const file = Path.join(Cli.scratch(), "export.csv")
        expect((yield* run(["active", "list", "--csv", "-o", file, "--limit", "5"])).code).toBe(0)
        const lines = Fs.readFileSync(file, "utf8").trim().split("\n")
        // one name changed: a quoted line break, as the export writes them
        const cells = lines[1]!.split(",")
        cells[4] = "\"two\nlines\""
        Fs.writeFileSync(file, [lines[0], cells.join(","), ...lines.slice(2)].join("\n") + "\n")
        const dry = yield* run(["active", "bulk-update", "--from", file, "--dry-run"])
        expect(dry.code, dry.stderr).toBe(0)
        expect(dry.stdout).toContain("ignored read-only columns: regionCode, type, capability")
        expect(dry.stdout).toContain("1 would change, 4 unchanged")
        Fs.writeFileSync(file, "phoneNumber,colour\n+12015550100,red\n")
        const unknown = yield* run(["active", "bulk-update", "--from", file, "--dry-run"])
        expect(unknown.code).toBe(ExitCode.Usage)
        expect(unknown.stderr).toContain("colour")
        const ignored = yield* run(["active", "bulk-update", "--from", file, "--dry-run", "--ignore-unknown-columns"])
        expect(ignored.stdout).toContain("ignored unknown columns: colour")
      }))

    it.effect("--columns, --no-header, --limit, --tsv and the short flags", () =>
      Effect.gen(function*() {
        const e = yield* Emulator.Emulator
        yield* useEmulator(e)
        yield* e.reset
        const csv = yield* run([
          "active",
          "list",
          "--csv",
          "--columns",
          "phoneNumber,regionCode",
          "--limit",
          "3",
          "-r",
          "US"
        ])
        const rows = csv.stdout.trim().split("\n")
        expect(rows).toHaveLength(4)
        expect(rows[0]).toBe("phoneNumber,regionCode")
        expect(rows.slice(1).every((row) => /^\+\d+,US$/.test(row))).toBe(true)
        const tsv = yield* run([
          "active",
          "list",
          "--tsv",
          "--no-header",
          "--columns",
          "phoneNumber,type",
          "--limit",
          "2",
          "-t",
          "MOBILE"
        ])
        expect(tsv.stdout.trim().split("\n").map((row) => row.split("\t")[1])).toEqual(["MOBILE", "MOBILE"])
        const table = yield* run(["active", "list", "--no-header", "--columns", "phoneNumber", "--limit", "2"])
        expect(table.stdout.trim().split("\n")).toHaveLength(2)
        expect(table.stdout).not.toContain("PHONE NUMBER")
        const wrong = yield* run(["active", "list", "--columns", "phoneNumber,colour"])
        expect(wrong.code).toBe(ExitCode.Usage)
        expect(wrong.stderr).toContain("colour")
      }))

    it.effect("--resume-from continues after a number; --parts exports every number once", () =>
      Effect.gen(function*() {
        const e = yield* Emulator.Emulator
        yield* useEmulator(e)
        yield* e.reset
        const all = (yield* run(["active", "list", "--ndjson", "--order-by", "phoneNumber"])).stdout.trim().split("\n")
          .map((line) => JSON.parse(line).phoneNumber as string)
        expect(all).toHaveLength(300)
        const rest = (yield* run(["active", "list", "--ndjson", "--resume-from", all[99]!])).stdout.trim().split("\n")
          .map((line) => JSON.parse(line).phoneNumber as string)
        expect(rest).toEqual(all.slice(100))
        const parts = (yield* run(["active", "list", "--ndjson", "--parts", "4", "--page-size", "50"])).stdout.trim()
          .split("\n").map((line) => JSON.parse(line).phoneNumber as string)
        expect([...parts].sort()).toEqual([...all].sort())
      }))

    it.effect("emergency-address get, validate, provision and deprovision", () =>
      Effect.gen(function*() {
        const e = yield* Emulator.Emulator
        yield* useEmulator(e)
        yield* e.reset
        const us = JSON.parse(
          (yield* run(["active", "list", "--ndjson", "-r", "US", "-t", "LOCAL", "--limit", "1"])).stdout
        )
        const address = [
          "--street-number",
          "1",
          "--street",
          "Main St",
          "--city",
          "Springfield",
          "--state",
          "IL",
          "--postal-code",
          "62701",
          "--name",
          "Front desk"
        ]
        const validated = yield* run(["active", "emergency-address", "validate", us.phoneNumber, ...address, "--json"])
        expect(validated.code, validated.stderr).toBe(0)
        expect(JSON.parse(validated.stdout)).toHaveProperty("validationResult")
        const provisioned = yield* run([
          "active",
          "emergency-address",
          "provision",
          us.phoneNumber,
          ...address,
          "--json"
        ])
        expect(provisioned.code, provisioned.stderr).toBe(0)
        const got = yield* run(["active", "emergency-address", "get", us.phoneNumber, "--json"])
        expect(got.code).toBe(0)
        expect(JSON.parse(got.stdout)).toMatchObject({ city: "Springfield", postalCode: "62701" })
        const removed = yield* run(["active", "emergency-address", "deprovision", us.phoneNumber])
        expect(removed.code).toBe(0)
        const gone = yield* run(["active", "emergency-address", "get", us.phoneNumber])
        expect(gone.code).toBe(ExitCode.NotFound)
      }))

    it.effect("a busy port is Unavailable for webhooks listen and for emulator alike", () =>
      Effect.gen(function*() {
        yield* useEmulator(yield* Emulator.Emulator)
        const server = Net.createServer()
        yield* Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)))
        const port = String((server.address() as Net.AddressInfo).port)
        const listen = yield* run(["webhooks", "listen", "--port", port])
        const emulator = yield* run(["emulator", "--port", port])
        server.close()
        expect(listen.code).toBe(ExitCode.Unavailable)
        expect(emulator.code).toBe(ExitCode.Unavailable)
      }))
  })
})

describe("the session", () => {
  it.effect("a client option refused becomes a UsageError that keeps the error it maps", () =>
    Effect.gen(function*() {
      const error = yield* Session.clientLayerFor({
        projectId: "p",
        keyId: "k",
        keySecret: Redacted.make("s"),
        numbersUrl: "http://numbers.example.com",
        authUrl: undefined,
        source: "test"
      }).pipe(Layer.build, Effect.scoped, Effect.provide(FetchHttpClient.layer), Effect.flip)
      expect(error._tag).toBe("UsageError")
      expect(error.cause).toMatchObject({ _tag: "InvalidInput", field: "baseUrl" })
      expect(ExitCodes.fromError(error)).toBe(ExitCode.Usage)
    }))
})

describe("help and completion", () => {
  {
    it.effect("help has colours only on a terminal without NO_COLOR", () =>
      Effect.gen(function*() {
        // eslint-disable-next-line no-control-regex
        const ansi = /\x1b\[/
        const piped = yield* run(["active", "list", "--help"])
        expect(piped.code).toBe(0)
        expect(piped.stdout).toContain("--limit")
        expect(piped.stdout).not.toMatch(ansi)
        // the whole command, optional options in brackets, defaults said
        expect(piped.stdout).toContain("$ sinch-numbers active list [--ndjson]")
        expect(piped.stdout).toContain("[(-c, --capability SMS | VOICE)...]")
        expect(piped.stdout).toContain("default: 1000")
        expect((yield* run(["--json", "active", "list", "--help"])).stdout).toContain("$ sinch-numbers active list")
        const terminal = yield* run(["active", "list", "--help"], { stdout: { isTerminal: true } })
        expect(terminal.stdout).toMatch(ansi)
        process.env["NO_COLOR"] = "1"
        const noColor = yield* run(["active", "list", "--help"], { stdout: { isTerminal: true } })
        delete process.env["NO_COLOR"]
        expect(noColor.stdout).not.toMatch(ansi)
      }))

    it.effect("bash completion offers a command's subcommands and options", () =>
      Effect.gen(function*() {
        const script = yield* run(["--completions", "bash"])
        expect(script.code).toBe(0)
        const complete = (...words: ReadonlyArray<string>) =>
          ChildProcess.execFileSync("bash", [
            "-c",
            `${script.stdout}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; ` +
            `_sinch-numbers_bash_completions sinch-numbers; echo "\${COMPREPLY[@]}"`
          ], { encoding: "utf8" }).trim().split(" ")
        const active = complete("sinch-numbers", "active", "")
        expect(active).toEqual(expect.arrayContaining(["list", "get", "bulk-update", "emergency-address"]))
        expect(active).not.toContain("login")
        const list = complete("sinch-numbers", "active", "list", "--")
        expect(list).toEqual(expect.arrayContaining(["--limit", "--columns", "--csv", "--resume-from"]))
        expect(complete("sinch-numbers", "available", "rent-any", "--y")).toEqual(["--yes"])
      }))

    it.effect("--wizard without a terminal is a usage error, at once", () =>
      Effect.gen(function*() {
        const ran = yield* run(["--wizard"])
        expect(ran.code).toBe(ExitCode.Usage)
        expect(ran.stderr).toContain("--wizard needs a terminal")
      }))
  }
})
