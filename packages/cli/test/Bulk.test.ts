import { Emulator, Faults } from "@effect-sinch/emulator"
import { describe, expect, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { ExitCode } from "../src/ExitCode.js"
import type * as Bulk from "../src/internal/bulk.js"
import { plan } from "../src/internal/bulk.js"
import { splitCsv } from "../src/internal/rows.js"
import * as Cli from "./fixtures/Cli.js"

const run = (args: ReadonlyArray<string>, env: Record<string, string>, input?: string) =>
  Effect.promise(() => Cli.run(args, env, input))

interface Listed {
  readonly phoneNumber: string
  readonly displayName?: string
  readonly callbackUrl?: string
  readonly expireAt?: string
  readonly capability?: ReadonlyArray<string>
  readonly smsConfiguration?: {
    readonly servicePlanId?: string
    readonly scheduledProvisioning?: { readonly servicePlanId?: string; readonly status?: string }
  }
}

/** Every active number, read through the CLI itself. */
const listAll = (env: Record<string, string>) =>
  Effect.map(run(["active", "list", "--ndjson"], env), (ran) => {
    expect(ran.code).toBe(0)
    return ran.stdout.trim().split("\n").map((line) => JSON.parse(line) as Listed)
  })

/** The requests the emulator processed for an operation: answered 2xx, or dropped after processing. */
const processed = (stats: Awaited<ReturnType<typeof Cli.stats>>, operation: string) => {
  const byStatus = stats.requests[operation] ?? {}
  return (byStatus["200"] ?? 0) + (byStatus["dropBeforeResponse"] ?? 0) + (byStatus["dropMidBody"] ?? 0)
}

const until = (condition: () => boolean, timeoutMs: number) =>
  Effect.promise(() =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now()
      const timer = setInterval(() => {
        if (condition()) {
          clearInterval(timer)
          resolve()
        } else if (Date.now() - started > timeoutMs) {
          clearInterval(timer)
          reject(new Error("timed out waiting"))
        }
      }, 20)
    })
  )

describe("bulk", () => {
  describe("plan", () => {
    const row = (values: Record<string, string | null>) => ({ line: 2, phoneNumber: "+12015550100", values })
    const current = {
      phoneNumber: "+12015550100",
      displayName: "old",
      smsConfiguration: { servicePlanId: "plan-a", campaignId: "" }
    } as never

    it("sends only the fields that differ, and nothing when the number already is as asked", () => {
      const same = plan(row({ displayName: "old", servicePlanId: "plan-a" }), current)
      expect(Either.getOrThrow(same).changes).toEqual({})
      const other = Either.getOrThrow(plan(row({ displayName: "new", servicePlanId: "plan-a" }), current))
      expect(other.request).toEqual({ displayName: "new" })
    })

    it("a campaign keeps the current service plan; a campaign with no plan anywhere is refused", () => {
      const campaign = Either.getOrThrow(plan(row({ campaignId: "C1" }), current))
      expect(campaign.request).toEqual({ smsConfiguration: { servicePlanId: "plan-a", campaignId: "C1" } })
      expect(Either.isLeft(plan(row({ campaignId: "C1" }), { phoneNumber: "+12015550100" } as never))).toBe(true)
    })

    it("a pending provisioning counts as asked for", () => {
      const pending = {
        phoneNumber: "+12015550100",
        smsConfiguration: { servicePlanId: "", scheduledProvisioning: { servicePlanId: "plan-b", status: "WAITING" } }
      } as never
      expect(Either.getOrThrow(plan(row({ servicePlanId: "plan-b" }), pending)).changes).toEqual({})
    })

    it("reads quoted CSV cells", () => {
      expect(splitCsv("+12015550100,\"Acme, Inc.\",\"say \"\"hi\"\"\"")).toEqual([
        "+12015550100",
        "Acme, Inc.",
        "say \"hi\""
      ])
      expect(splitCsv("\"unclosed,x")).toBeUndefined()
    })
  })
})

// Child processes and the emulator's own timers run on the real clock.
layer(
  Emulator.layer({ active: 500, seed: 11, provisioningDelay: "100 millis" }),
  { excludeTestServices: true }
)("bulk jobs against the emulator", (it) => {
  it.effect(
    "bulk-update killed midway with SIGKILL and resumed applies every row exactly once",
    () =>
      Effect.gen(function*() {
        const e = yield* Emulator.Emulator
        yield* e.reset
        const env = Cli.envFor(e)
        const sms = (yield* listAll(env)).filter((n) => n.capability?.includes("SMS")).slice(0, 60)
        expect(sms).toHaveLength(60)
        const dir = Cli.scratch()
        const input = Path.join(dir, "changes.csv")
        const wanted = new Map(sms.map((n, i) => [n.phoneNumber, {
          displayName: `fleet, unit ${i}`,
          servicePlanId: `plan-${i % 3}`,
          callbackUrl: `https://hooks.example.com/${i}`
        }]))
        Fs.writeFileSync(
          input,
          [
            "phoneNumber,displayName,servicePlanId,callbackUrl",
            ...[...wanted].map(([phone, w]) => `${phone},"${w.displayName}",${w.servicePlanId},${w.callbackUrl}`)
          ].join("\n") + "\n"
        )
        // slow updates, so that the kill lands in the middle of the job
        yield* e.setFaults(
          new Faults.Faults({ operations: { UpdateActiveNumber: new Faults.FaultRule({ latency: 120 }) } })
        )
        const checkpoint = `${input}.bulk-update.checkpoint`
        const doneLines = () =>
          Fs.existsSync(checkpoint)
            ? Fs.readFileSync(checkpoint, "utf8").split("\n").filter((l) => l.includes("\"done\"")).length
            : 0
        const child = Cli.spawn(["active", "bulk-update", "--from", input, "--concurrency", "4"], env)
        const first = Cli.collect(child)
        yield* until(() => doneLines() >= 15, 30_000)
        child.kill("SIGKILL")
        const killed = yield* Effect.promise(() => first)
        expect(killed.signal).toBe("SIGKILL")
        const finishedBeforeKill = doneLines()
        expect(finishedBeforeKill).toBeLessThan(60)

        const resumed = yield* run(["active", "bulk-update", "--from", input, "--concurrency", "4", "--json"], env)
        expect(resumed.code).toBe(0)
        const report = JSON.parse(resumed.stdout) as Bulk.Report
        expect(report).toMatchObject({ rows: 60, done: 60, unchanged: 0, failed: 0, skipped: 0 })
        expect(report.resumed).toBeGreaterThanOrEqual(finishedBeforeKill)

        // exactly once: one processed PATCH per row over both runs, whatever was in flight at the kill
        const stats = yield* Effect.promise(() => Cli.stats(e))
        expect(processed(stats, "UpdateActiveNumber")).toBe(60)
        for (const n of yield* listAll(env)) {
          const w = wanted.get(n.phoneNumber)
          if (w === undefined) continue
          expect(n.displayName).toBe(w.displayName)
          expect(n.callbackUrl).toBe(w.callbackUrl)
          const plan = n.smsConfiguration?.scheduledProvisioning?.servicePlanId ?? n.smsConfiguration?.servicePlanId
          expect(plan).toBe(w.servicePlanId)
        }

        // a third run has nothing left to do and sends nothing
        const again = yield* run(["active", "bulk-update", "--from", input, "--json"], env)
        expect((JSON.parse(again.stdout) as Bulk.Report).resumed).toBe(60)
        expect(processed(yield* Effect.promise(() => Cli.stats(e)), "UpdateActiveNumber")).toBe(60)
        yield* e.setFaults(Faults.none)
      }),
    90_000
  )

  it.effect("bulk-update --dry-run prints what would change against the current state, and changes nothing", () =>
    Effect.gen(function*() {
      const e = yield* Emulator.Emulator
      yield* e.reset
      const env = Cli.envFor(e)
      const numbers = (yield* listAll(env)).slice(0, 3)
      const input = Path.join(Cli.scratch(), "names.ndjson")
      Fs.writeFileSync(
        input,
        [
          JSON.stringify({ phoneNumber: numbers[0]!.phoneNumber, displayName: "renamed" }),
          JSON.stringify({ phoneNumber: numbers[1]!.phoneNumber, displayName: numbers[1]!.displayName ?? "" }),
          JSON.stringify({ phoneNumber: numbers[2]!.phoneNumber, nickname: "x" }),
          JSON.stringify({ phoneNumber: numbers[0]!.phoneNumber, displayName: "again" })
        ].join("\n") + "\n"
      )
      const ran = yield* run(["active", "bulk-update", "--from", input, "--dry-run"], env)
      expect(ran.code).toBe(ExitCode.Incomplete)
      expect(ran.stdout).toContain(`would change line 1 ${numbers[0]!.phoneNumber}: displayName`)
      expect(ran.stdout).toContain("unknown field \"nickname\"")
      expect(ran.stdout).toContain("duplicate of line 1")
      expect(ran.stdout).toContain("1 would change, 1 unchanged, 1 failed, 1 skipped")
      expect(Fs.existsSync(`${input}.bulk-update.checkpoint`)).toBe(false)
      expect((yield* Effect.promise(() => Cli.stats(e))).requests["UpdateActiveNumber"]).toBeUndefined()
    }))

  it.effect(
    "bulk-release under faults releases nothing twice and reports what the emulator holds",
    () =>
      Effect.gen(function*() {
        const e = yield* Emulator.Emulator
        yield* e.reset
        const env = Cli.envFor(e)
        const numbers = (yield* listAll(env)).slice(100, 180).map((n) => n.phoneNumber)
        // one released before the job: unchanged, not released again
        expect((yield* run(["active", "release", numbers[0]!, "--yes"], env)).code).toBe(0)
        const input = Path.join(Cli.scratch(), "release.csv")
        Fs.writeFileSync(input, ["phoneNumber", ...numbers, numbers[5]!].join("\n") + "\n")
        // every kind of fault on release, 429 with Retry-After among them; lookups fail too
        yield* e.setFaults(
          new Faults.Faults({
            operations: {
              ReleaseNumber: new Faults.FaultRule({
                rate: 0.2,
                statuses: [429, 500, 503],
                retryAfter: 1,
                dropBeforeResponse: 0.15,
                dropMidBody: 0.1,
                malformedJson: 0.1
              }),
              GetActiveNumber: new Faults.FaultRule({ rate: 0.1 })
            }
          })
        )
        const before = processed(yield* Effect.promise(() => Cli.stats(e)), "ReleaseNumber")
        let report: Bulk.Report | undefined
        let pauses = 0
        // an operator runs it again while rows failed (rarely needed: lookups and 429s are retried)
        for (let attempt = 0; attempt < 3 && (report === undefined || report.failed > 0); attempt++) {
          const ran = yield* run(["active", "bulk-release", "--from", input, "--yes", "--json"], env)
          report = JSON.parse(ran.stdout) as Bulk.Report
          pauses += report.rateLimitPauses
          expect(ran.code).toBe(report.failed > 0 ? ExitCode.Incomplete : ExitCode.Ok)
        }
        yield* e.setFaults(Faults.none)
        expect(report).toMatchObject({ rows: 81, done: 79, unchanged: 1, failed: 0, skipped: 1 })
        // a release is billable: the client leaves its 429s to the job, whose workers paused for the Retry-After
        expect(pauses).toBeGreaterThan(0)

        // nothing released twice: the emulator processed exactly one release per number the job released
        const after = processed(yield* Effect.promise(() => Cli.stats(e)), "ReleaseNumber")
        expect(after - before).toBe(report!.done)
        // the report is the emulator's state
        const released = new Set(
          (yield* listAll(env)).filter((n) => n.expireAt !== undefined).map((n) => n.phoneNumber)
        )
        const reported = report!.results.filter((r) => r.outcome === "done" || r.outcome === "unchanged")
        expect(new Set(reported.map((r) => r.phoneNumber))).toEqual(new Set(numbers.filter((n) => released.has(n))))
        expect(numbers.every((n) => released.has(n))).toBe(true)
      }),
    90_000
  )
})
