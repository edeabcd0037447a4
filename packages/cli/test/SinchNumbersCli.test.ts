import { Emulator, Faults } from "@effect-sinch/emulator"
import { describe, expect, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"
import { ExitCode } from "../src/ExitCode.js"
import * as SinchNumbersCli from "../src/SinchNumbersCli.js"
import * as Cli from "./fixtures/Cli.js"

const run = (args: ReadonlyArray<string>, env: Record<string, string>, input?: string) =>
  Effect.promise(() => Cli.run(args, env, input))

const emulator = Emulator.Emulator

// what no output may ever hold
const expectNoSecret = (ran: Cli.Ran, ...secrets: ReadonlyArray<string>) => {
  for (const secret of secrets) {
    expect(ran.stdout).not.toContain(secret)
    expect(ran.stderr).not.toContain(secret)
  }
}

// an error is one line on stderr, without a stack trace
const expectOneLine = (ran: Cli.Ran) => {
  const lines = ran.stderr.trim().split("\n")
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^sinch-numbers: /)
  expect(ran.stderr).not.toMatch(/\n\s+at /)
}

// login to the emulator's project, the secret from stdin
const loginArgs = (e: Emulator.Service, profile: string) => [
  "login",
  "--profile",
  profile,
  "--project-id",
  e.projectId,
  "--key-id",
  e.keyId,
  "--numbers-url",
  e.baseUrl,
  "--auth-url",
  e.tokenUrl
]

describe("sinch-numbers", () => {
  // Child processes and the emulator's own timers run on the real clock.
  layer(
    Emulator.layer({ active: 300, provisioningDelay: "100 millis", orderReviewDelay: "200 millis" }),
    { excludeTestServices: true }
  )(
    "against the emulator",
    (it) => {
      it.effect("--help exits 0, an unknown option is a usage error (2), --version is the package's", () =>
        Effect.gen(function*() {
          const env = Cli.envFor(yield* emulator)
          const help = yield* run(["active", "--help"], env)
          expect(help.code).toBe(0)
          expect(help.stdout).toContain("bulk-update")
          const wrong = yield* run(["active", "list", "--bogus"], env)
          expect(wrong.code).toBe(ExitCode.Usage)
          const version = yield* run(["--version"], env)
          const manifest = JSON.parse(
            Fs.readFileSync(Path.join(Path.dirname(Url.fileURLToPath(import.meta.url)), "../package.json"), "utf8")
          ) as { version: string }
          expect(version.stdout).toContain(manifest.version)
          expect(SinchNumbersCli.version).toBe(manifest.version)
        }))

      it.effect("auth status fetches a token and prints project and key id, never the secret", () =>
        Effect.gen(function*() {
          const e = yield* emulator
          const secret = Redacted.value(e.keySecret)
          const ok = yield* run(["auth", "status", "--json"], Cli.envFor(e))
          expect(ok.code).toBe(0)
          expect(JSON.parse(ok.stdout)).toMatchObject({
            projectId: e.projectId,
            keyId: e.keyId,
            source: "environment",
            token: "obtained"
          })
          expectNoSecret(ok, secret)
          const refused = yield* run(["auth", "status"], Cli.envFor(e, { SINCH_KEY_SECRET: "wrong-secret-123" }))
          expect(refused.code).toBe(ExitCode.Auth)
          expectOneLine(refused)
          expectNoSecret(refused, "wrong-secret-123", secret)
          const none = yield* run(["auth", "status"], { ...Cli.envFor(e), SINCH_KEY_SECRET: "" })
          expect(none.code).toBe(ExitCode.Auth)
          expect(none.stderr).toContain("SINCH_KEY_SECRET")
        }))

      it.effect("login reads the secret from stdin, writes the profile 0600, and --profile uses it", () =>
        Effect.gen(function*() {
          const e = yield* emulator
          const secret = Redacted.value(e.keySecret)
          const dir = Cli.scratch()
          const env = {
            PATH: process.env["PATH"] ?? "",
            HOME: dir,
            SINCH_CONFIG: Path.join(dir, "sinch", "config.json")
          }
          const login = yield* run(loginArgs(e, "staging"), env, secret + "\n")
          expect(login.code).toBe(0)
          expectNoSecret(login, secret)
          const mode = Fs.statSync(env.SINCH_CONFIG).mode & 0o777
          expect(mode).toBe(0o600)
          const status = yield* run(["auth", "status", "--profile", "staging", "--json"], env)
          expect(status.code).toBe(0)
          expect(JSON.parse(status.stdout).source).toContain("profile staging")
          const missing = yield* run(["auth", "status", "--profile", "production"], env)
          expect(missing.code).toBe(ExitCode.Auth)
          expect(missing.stderr).toContain("login --profile production")
          // the first profile saved is the current one: used without --profile
          const current = yield* run(["regions", "list"], env)
          expect(current.code).toBe(0)
        }))

      it.effect("available search, rent (refused without a terminal or --yes), get, not found", () =>
        Effect.gen(function*() {
          const e = yield* emulator
          const env = Cli.envFor(e)
          const found = yield* run([
            "available",
            "search",
            "--region",
            "US",
            "--type",
            "LOCAL",
            "--size",
            "2",
            "--json"
          ], env)
          expect(found.code).toBe(0)
          const phone = (JSON.parse(found.stdout) as { availableNumbers: Array<{ phoneNumber: string }> })
            .availableNumbers[0]!.phoneNumber
          const unasked = yield* run(["available", "rent", phone], env)
          expect(unasked.code).toBe(ExitCode.NotConfirmed)
          expect(unasked.stderr).toContain("setup 0.00 USD")
          const rented = yield* run(["available", "rent", phone, "--yes", "--json"], env)
          expect(rented.code).toBe(0)
          expect(JSON.parse(rented.stdout).phoneNumber).toBe(phone)
          const got = yield* run(["active", "get", phone], env)
          expect(got.code).toBe(0)
          expect(got.stdout).toContain(phone)
          const missing = yield* run(["active", "get", "+19999999999", "--json"], env)
          expect(missing.code).toBe(ExitCode.NotFound)
          expectOneLine(missing)
          expect(JSON.parse(missing.stdout).error).toMatchObject({ tag: "NotFound", exitCode: 3 })
          const invalid = yield* run(["available", "search", "--region", "USA", "--type", "LOCAL"], env)
          expect(invalid.code).toBe(ExitCode.Usage)
          expectOneLine(invalid)
        }))

      it.effect("active list exports every number as NDJSON, CSV, one JSON document and a table, to a file too", () =>
        Effect.gen(function*() {
          const e = yield* emulator
          yield* e.reset
          const env = Cli.envFor(e)
          const ndjson = yield* run(["active", "list", "--ndjson", "--page-size", "70"], env)
          expect(ndjson.code).toBe(0)
          const lines = ndjson.stdout.trim().split("\n")
          expect(lines).toHaveLength(300)
          expect(new Set(lines.map((l) => JSON.parse(l).phoneNumber)).size).toBe(300)
          expect(ndjson.stderr).toBe("") // no progress line when stderr is not a terminal
          const json = yield* run(["active", "list", "--json", "--region", "US"], env)
          const document = JSON.parse(json.stdout) as { activeNumbers: Array<unknown>; count: number }
          expect(document.count).toBe(document.activeNumbers.length)
          expect(document.activeNumbers.every((n) => (n as { regionCode: string }).regionCode === "US")).toBe(true)
          const file = Path.join(Cli.scratch(), "numbers.csv")
          const csv = yield* run(["active", "list", "--csv", "--output", file], env)
          expect(csv.code).toBe(0)
          const rows = Fs.readFileSync(file, "utf8").trim().split("\n")
          expect(rows[0]).toMatch(/^phoneNumber,regionCode,type,/)
          expect(rows).toHaveLength(301)
          const table = yield* run(["active", "list"], env)
          expect(table.stdout.split("\n")[0]).toMatch(/^PHONE NUMBER/)
          const both = yield* run(["active", "list", "--json", "--csv"], env)
          expect(both.code).toBe(ExitCode.Usage)
        }))

      it.effect("active update and release (asks; --yes)", () =>
        Effect.gen(function*() {
          const e = yield* emulator
          const env = Cli.envFor(e)
          const list = yield* run(["active", "list", "--ndjson", "--region", "GB"], env)
          const phone = JSON.parse(list.stdout.split("\n")[0]!).phoneNumber as string
          const updated = yield* run(["active", "update", phone, "--display-name", "front desk", "--json"], env)
          expect(updated.code).toBe(0)
          expect(JSON.parse(updated.stdout).displayName).toBe("front desk")
          const nothing = yield* run(["active", "update", phone], env)
          expect(nothing.code).toBe(ExitCode.Usage)
          const unasked = yield* run(["active", "release", phone], env)
          expect(unasked.code).toBe(ExitCode.NotConfirmed)
          const released = yield* run(["active", "release", phone, "--yes", "--json"], env)
          expect(released.code).toBe(0)
          expect(JSON.parse(released.stdout).expireAt).toBeDefined()
        }))

      it.effect("orders: lookup, create, submit, wait until COMPLETED", () =>
        Effect.gen(function*() {
          const e = yield* emulator
          const env = Cli.envFor(e)
          const lookup = yield* run(["orders", "lookup", "--region", "US", "--type", "LOCAL", "--json"], env)
          expect(lookup.code).toBe(0)
          const found = yield* run([
            "available",
            "search",
            "--region",
            "US",
            "--type",
            "LOCAL",
            "--size",
            "5",
            "--json"
          ], env)
          const phone = (JSON.parse(found.stdout) as { availableNumbers: Array<{ phoneNumber: string }> })
            .availableNumbers[4]!.phoneNumber
          const created = yield* run(
            ["orders", "create", "--region", "US", "--type", "LOCAL", "--phone-number", phone, "--yes", "--json"],
            env
          )
          expect(created.code).toBe(0)
          const id = JSON.parse(created.stdout).order.idNumberOrder as string
          const submitted = yield* run(["orders", "submit", id, "--yes"], env)
          expect(submitted.code).toBe(0)
          const waited = yield* run(["orders", "wait", id, "--interval", "1", "--json"], env)
          expect(waited.code).toBe(0)
          expect(JSON.parse(waited.stdout).state).toBe("COMPLETED")
          const unknown = yield* run(["orders", "get", "no-such-order"], env)
          expect(unknown.code).toBe(ExitCode.NotFound)
        }))

      it.effect("callbacks: the secret is masked unless asked, and set from stdin, never from argv", () =>
        Effect.gen(function*() {
          const e = yield* emulator
          const env = Cli.envFor(e)
          const before = yield* e.hmacSecret
          const masked = yield* run(["callbacks", "get"], env)
          expect(masked.code).toBe(0)
          expect(masked.stdout).not.toContain(before)
          const secret = "cli-test-secret-0123456789-abcdefghij"
          const set = yield* run(["callbacks", "set-secret"], env, secret + "\n")
          expect(set.code).toBe(0)
          expectNoSecret(set, secret)
          expect(yield* e.hmacSecret).toBe(secret)
          const shown = yield* run(["callbacks", "get", "--show-secret", "--json"], env)
          expect(JSON.parse(shown.stdout).hmacSecret).toBe(secret)
          const bad = yield* run(["callbacks", "set-secret"], env, "short\n")
          expect(bad.code).toBe(ExitCode.Usage)
        }))

      it.effect("webhooks listen verifies signatures and prints the typed events", () =>
        Effect.gen(function*() {
          const e = yield* emulator
          const env = Cli.envFor(e)
          const child = Cli.spawn(["webhooks", "listen", "--port", "0", "--count", "1", "--json"], env)
          const ran = Cli.collect(child)
          const address = yield* Effect.promise(() =>
            new Promise<string>((resolve) => {
              let text = ""
              child.stderr!.on("data", (chunk: Buffer) => {
                text += chunk.toString("utf8")
                const match = /Listening on (http:\/\/\S+) /.exec(text)
                if (match) resolve(match[1]!)
              })
            })
          )
          // a forged callback is refused
          const forged = yield* Effect.promise(() =>
            fetch(address, { method: "POST", body: "{}", headers: { "x-sinch-signature": "0".repeat(40) } })
          )
          expect(forged.status).toBe(401)
          const list = yield* run(["active", "list", "--ndjson", "--region", "SE"], env)
          const phone = JSON.parse(list.stdout.split("\n")[0]!).phoneNumber as string
          const fired = yield* e.fireEvent({ phoneNumber: phone, callbackUrl: address })
          expect(fired.delivery.status).toBe("delivered")
          const done = yield* Effect.promise(() => ran)
          expect(done.code).toBe(0)
          const event = JSON.parse(done.stdout.trim()) as { resourceType: string; resourceId: string }
          expect(event).toMatchObject({ resourceType: "ACTIVE_NUMBER", resourceId: phone })
          expect(done.stderr).toContain("rejected a callback")
        }))

      it.effect("emulator starts the emulator with its own flags, and the CLI works against what it prints", () =>
        Effect.gen(function*() {
          const help = yield* run(["emulator", "--help"], { PATH: process.env["PATH"] ?? "" })
          expect(help.code).toBe(0)
          expect(help.stdout).toContain("--lenient-encoding")
          const child = Cli.spawn(["emulator", "--port", "0", "--active", "7"], { PATH: process.env["PATH"] ?? "" })
          const ran = Cli.collect(child)
          const settings = yield* Effect.promise(() =>
            new Promise<Record<string, string>>((resolve) => {
              let text = ""
              child.stdout!.on("data", (chunk: Buffer) => {
                text += chunk.toString("utf8")
                if (!text.includes("Press Ctrl-C")) return
                resolve(Object.fromEntries([...text.matchAll(/(SINCH_[A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])))
              })
            })
          )
          const listed = yield* run(["active", "list", "--ndjson"], {
            PATH: process.env["PATH"] ?? "",
            SINCH_CONFIG: Path.join(Cli.scratch(), "none.json"),
            ...settings
          })
          child.kill("SIGTERM")
          yield* Effect.promise(() => ran)
          expect(listed.code).toBe(0)
          expect(listed.stdout.trim().split("\n")).toHaveLength(7)
        }))

      it.effect(
        "the bin: | head ends quietly in every format, > /dev/full is one line and 11, SIGTERM ends it",
        () =>
          Effect.gen(function*() {
            const e = yield* emulator
            const env = Cli.envFor(e)
            for (const format of ["", "--json", "--ndjson", "--csv", "--tsv"]) {
              const piped = yield* Effect.promise(() =>
                new Promise<{ stdout: string }>((resolve) =>
                  ChildProcess.execFile(
                    "bash",
                    [
                      "-c",
                      `"${process.execPath}" "${Cli.bin}" active list ${format} --page-size 10 2>"$ERR" | head -3 ` +
                      `>/dev/null; echo "\${PIPESTATUS[0]}"; cat "$ERR"`
                    ],
                    { env: { ...env, ERR: Path.join(Cli.scratch(), "err") } },
                    (_error, stdout) => resolve({ stdout })
                  )
                )
              )
              expect(piped.stdout, format).toBe("0\n")
            }
            const full = yield* Effect.promise(() =>
              new Promise<{ code: number; stderr: string }>((resolve) => {
                const child = ChildProcess.spawn(process.execPath, [Cli.bin, "active", "list", "--ndjson"], {
                  env,
                  stdio: ["ignore", Fs.openSync("/dev/full", "w"), "pipe"]
                })
                let stderr = ""
                child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")))
                child.once("close", (code) => resolve({ code: code ?? -1, stderr }))
              })
            )
            expect(full.code).toBe(ExitCode.WriteFailed)
            expectOneLine({ code: full.code, signal: null, stdout: "", stderr: full.stderr })
            // a slow listing whose stdout nobody reads: SIGTERM ends it at once, with 130
            yield* e.setFaults(
              new Faults.Faults({ operations: { ListActiveNumbers: new Faults.FaultRule({ latency: 300 }) } })
            )
            const stalled = ChildProcess.spawn(process.execPath, [
              Cli.bin,
              "active",
              "list",
              "--ndjson",
              "--page-size",
              "5"
            ], {
              env,
              stdio: ["ignore", "pipe", "pipe"]
            })
            const ended = new Promise<number | null>((resolve) => stalled.once("close", (code) => resolve(code)))
            // once it writes, it runs (its signal handlers too); then nobody reads
            yield* Effect.promise(() => new Promise((resolve) => stalled.stdout!.once("data", resolve)))
            stalled.stdout!.pause()
            stalled.kill("SIGTERM")
            const code = yield* Effect.promise(() =>
              Promise.race([ended, new Promise<string>((resolve) => setTimeout(() => resolve("hung"), 5000))])
            )
            if (code === "hung") stalled.kill("SIGKILL")
            yield* e.setFaults(Faults.none)
            expect(code).toBe(ExitCode.Interrupted)
          }),
        120_000
      )

      it.effect(
        "profiles: login asks before replacing, profile list, use, logout, delete",
        () =>
          Effect.gen(function*() {
            const e = yield* emulator
            const secret = Redacted.value(e.keySecret)
            const dir = Cli.scratch()
            const env = {
              PATH: process.env["PATH"] ?? "",
              HOME: dir,
              SINCH_CONFIG: Path.join(dir, "config.json"),
              SINCH_KEYCHAIN: "off"
            }
            const login = (name: string, ...extra: ReadonlyArray<string>) =>
              run([...loginArgs(e, name), ...extra], env, secret + "\n")
            expect((yield* login("blue")).code).toBe(0)
            expect((yield* login("green")).code).toBe(0)
            const again = yield* login("green")
            expect(again.code).toBe(ExitCode.NotConfirmed)
            expect(again.stderr).toContain("replace")
            expect((yield* login("green", "--yes")).code).toBe(0)
            const listed = JSON.parse((yield* run(["profile", "list", "--json"], env)).stdout) as {
              current: string
              profiles: Array<{ name: string; current: boolean }>
            }
            expect(listed.profiles.map((p) => p.name)).toEqual(["blue", "green"])
            expect(listed.current).toBe("blue")
            expect((yield* run(["profile", "use", "green"], env)).code).toBe(0)
            expect((yield* run(["auth", "status", "--json"], env)).stdout).toContain("profile green")
            expect((yield* run(["profile", "use", "red"], env)).code).toBe(ExitCode.Auth)
            expect((yield* run(["logout"], env)).code).toBe(0)
            const loggedOut = yield* run(["regions", "list"], env)
            expect(loggedOut.code).toBe(ExitCode.Auth)
            expect(loggedOut.stderr).toContain("logged out")
            expect((yield* run(["profile", "delete", "blue"], env)).code).toBe(0)
            const table = yield* run(["profile", "list"], env)
            expect(table.stdout).toContain("green")
            expect(table.stdout).not.toContain("blue")
            expectNoSecret(table, secret)
          }),
        120_000
      )

      it.effect("under pnpm sinch-numbers a relative -o is the caller's directory (INIT_CWD), not the root", () =>
        Effect.gen(function*() {
          const e = yield* emulator
          const caller = Cli.scratch()
          const root = Cli.scratch()
          const code = yield* Effect.promise(() =>
            new Promise<number>((resolve) =>
              ChildProcess.execFile(
                process.execPath,
                [Cli.bin, "active", "list", "--csv", "--limit", "2", "-o", "numbers.csv"],
                { cwd: root, env: { ...Cli.envFor(e), npm_lifecycle_event: "sinch-numbers", INIT_CWD: caller } },
                (error) => resolve(error === null ? 0 : Number(error.code))
              )
            )
          )
          expect(code).toBe(0)
          expect(Fs.readFileSync(Path.join(caller, "numbers.csv"), "utf8").trim().split("\n")).toHaveLength(3)
          expect(Fs.existsSync(Path.join(root, "numbers.csv"))).toBe(false)
        }))

      it.effect("the source bin runs under tsx too", () =>
        Effect.gen(function*() {
          const e = yield* emulator
          const ran = yield* Effect.promise(() =>
            new Promise<{ code: number | null; stdout: string }>((resolve) => {
              ChildProcess.execFile(
                process.execPath,
                [
                  "--import",
                  "tsx",
                  Path.join(Path.dirname(Url.fileURLToPath(import.meta.url)), "../src/bin.ts"),
                  "regions",
                  "list",
                  "--json"
                ],
                { env: Cli.envFor(e) },
                (error, stdout) => resolve({ code: error === null ? 0 : (error.code as number), stdout })
              )
            })
          )
          expect(ran.code).toBe(0)
          expect(JSON.parse(ran.stdout).availableRegions.length).toBeGreaterThan(0)
        }), 60_000)
    }
  )
})
