/** @internal */
import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import type * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import type * as NumbersError from "@effect-sinch/numbers/NumbersError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Path from "node:path"
import type { OutputFailed, UsageError } from "../CliError.js"
import * as Checkpoint from "./checkpoint.js"
import type * as Output from "./output.js"
import * as Progress from "./progress.js"
import * as Rows from "./rows.js"
import * as Session from "./session.js"

/** @internal */
export type Job = "bulk-update" | "bulk-release"

/** @internal */
export interface Options {
  readonly from: string
  readonly checkpoint: Option.Option<string>
  readonly concurrency: number
  readonly dryRun: boolean
  readonly format: Option.Option<Rows.Format>
  readonly ignoreUnknownColumns: boolean
}

/** How one row ended. */
type Outcome = "done" | "unchanged" | "failed" | "skipped" | "would-change"

/** @internal */
export interface Result {
  readonly line: number
  readonly phoneNumber: string
  readonly outcome: Outcome
  readonly reason?: string
  /** what changes (dry run) or changed (update), field by field */
  readonly changes?: Readonly<Record<string, { readonly from: string | null; readonly to: string | null }>>
  /** true when the outcome was read from the checkpoint: an earlier run finished this row */
  readonly resumed?: boolean
}

/**
 * What a bulk job did, over all its runs (the checkpoint's rows included).
 *
 * @internal
 */
export interface Report {
  readonly job: Job
  readonly input: string
  readonly checkpoint: string
  readonly dryRun: boolean
  readonly rows: number
  readonly done: number
  readonly unchanged: number
  readonly failed: number
  readonly skipped: number
  readonly wouldChange: number
  /** rows whose outcome was read from the checkpoint (finished by an earlier run) */
  readonly resumed: number
  /** how many times a call met 429 after the client's own retries, and every worker paused */
  readonly rateLimitPauses: number
  /** columns of the input this job does not read: those of `active list --csv` it does not set, and unknown ones */
  readonly ignoredColumns: { readonly readOnly: ReadonlyArray<string>; readonly unknown: ReadonlyArray<string> }
  readonly results: ReadonlyArray<Result>
}

/** @internal */
export const defaultCheckpoint = (from: string, job: Job): string => `${Path.resolve(from)}.${job}.checkpoint`

interface Gate {
  until: number
  pauses: number
}

const maxRateLimitedTries = 8

// A release whose outcome was unknown is sent again only after a lookup shows it did not happen, at most this often.
const maxReleaseAttempts = 5

/**
 * Runs a call; on `RateLimited` (what is left after the client's own retries) every worker pauses for the server's
 * `Retry-After` (or a doubling backoff from 1 s, capped at 30 s), then the call is tried again.
 */
const throttled = <A, E extends { readonly _tag: string }, R>(
  gate: Gate,
  call: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> => {
  const attempt = (n: number): Effect.Effect<A, E, R> =>
    Effect.suspend(() => {
      const wait = gate.until - Date.now()
      return wait > 0 ? Effect.sleep(Duration.millis(wait)) : Effect.void
    }).pipe(
      Effect.zipRight(call),
      Effect.catchIf(
        (error) => error._tag === "RateLimited" && n < maxRateLimitedTries,
        (error) =>
          Effect.suspend(() => {
            const asked = (error as unknown as NumbersError.RateLimited).retryAfter
            const wait = asked === undefined ? Math.min(30_000, 1000 * 2 ** n) : Duration.toMillis(asked)
            gate.until = Math.max(gate.until, Date.now() + wait)
            gate.pauses++
            return attempt(n + 1)
          })
      )
    )
  return attempt(0)
}

const reasonOf = (error: { readonly _tag: string; readonly message: string }): string =>
  `${error._tag}: ${error.message}`.replace(/\s*\n\s*/g, " ")

/** The SMS service plan a number is on, or on its way to (a pending provisioning counts: it was asked for). */
const effectivePlan = (n: ActiveNumber): { servicePlanId: string | null; campaignId: string | null } => {
  const scheduled = n.smsConfiguration?.scheduledProvisioning
  if (scheduled !== undefined && scheduled.status !== "FAILED" && scheduled.servicePlanId !== undefined) {
    return { servicePlanId: scheduled.servicePlanId || null, campaignId: scheduled.campaignId || null }
  }
  return {
    servicePlanId: n.smsConfiguration?.servicePlanId || null,
    campaignId: n.smsConfiguration?.campaignId || null
  }
}

const effectiveAppId = (n: ActiveNumber): string | null => {
  const scheduled = n.voiceConfiguration?.scheduledVoiceProvisioning
  if (scheduled !== undefined && scheduled.status !== "FAILED" && scheduled.appId !== undefined) {
    return scheduled.appId || null
  }
  return n.voiceConfiguration?.appId || null
}

/**
 * The PATCH that brings a number to what the row asks, field by field against its current (or pending) state; an
 * empty `changes` means it already is.
 *
 * @internal
 */
export const plan = (
  row: Rows.Row,
  current: ActiveNumber
): Either.Either<
  {
    readonly request: NumbersClient.UpdateActiveNumberInput
    readonly changes: Record<string, { from: string | null; to: string | null }>
  },
  string
> => {
  const changes: Record<string, { from: string | null; to: string | null }> = {}
  const request: {
    -readonly [K in keyof NumbersClient.UpdateActiveNumberInput]: NumbersClient.UpdateActiveNumberInput[K]
  } = {}
  const v = row.values
  const differs = (from: string | null, to: string | null) => (from ?? "") !== (to ?? "")
  if (v.displayName !== undefined && differs(current.displayName ?? null, v.displayName)) {
    changes["displayName"] = { from: current.displayName ?? null, to: v.displayName }
    request.displayName = v.displayName
  }
  if (v.callbackUrl !== undefined && differs(current.callbackUrl ?? null, v.callbackUrl)) {
    changes["callbackUrl"] = { from: current.callbackUrl ?? null, to: v.callbackUrl }
    request.callbackUrl = v.callbackUrl
  }
  if (v.servicePlanId !== undefined || v.campaignId !== undefined) {
    const now = effectivePlan(current)
    const servicePlanId = v.servicePlanId === undefined ? now.servicePlanId : v.servicePlanId
    const campaignId = v.campaignId === undefined ? now.campaignId : v.campaignId
    if (differs(now.servicePlanId, servicePlanId) || differs(now.campaignId, campaignId)) {
      if (servicePlanId === null || servicePlanId === "") {
        if (v.servicePlanId === null) {
          changes["servicePlanId"] = { from: now.servicePlanId, to: null }
          request.smsConfiguration = null
        } else {
          return Either.left("campaignId needs a servicePlanId: the number has none, and the row gives none")
        }
      } else {
        if (differs(now.servicePlanId, servicePlanId)) {
          changes["servicePlanId"] = { from: now.servicePlanId, to: servicePlanId }
        }
        if (differs(now.campaignId, campaignId)) changes["campaignId"] = { from: now.campaignId, to: campaignId }
        request.smsConfiguration = campaignId === null || campaignId === ""
          ? { servicePlanId }
          : { servicePlanId, campaignId }
      }
    }
  }
  if (v.appId !== undefined) {
    const now = effectiveAppId(current)
    if (differs(now, v.appId)) {
      changes["appId"] = { from: now, to: v.appId }
      request.voiceConfiguration = v.appId === null || v.appId === "" ? null : { type: "RTC", appId: v.appId }
    }
  }
  return Either.right({ request, changes })
}

/**
 * Runs a bulk job over an input file: every row once, `concurrency` at a time, resumable from its checkpoint.
 *
 * @internal
 */
export const run = (
  job: Job,
  options: Options
): Effect.Effect<Report, UsageError | OutputFailed, NumbersClient.NumbersClient | Output.Output> =>
  Effect.scoped(Effect.gen(function*() {
    const numbers = yield* Session.numbers
    const surveyed = yield* Rows.survey(options.from)
    const format = Option.getOrElse(options.format, () => surveyed.format)
    const allowed = job === "bulk-update" ? Rows.updateFields : []
    const readOptions: Rows.ReadOptions = { ignoreUnknownColumns: options.ignoreUnknownColumns }
    // the header is checked before anything is sent or recorded
    const columns = yield* Rows.columns(options.from, format, allowed, readOptions)
    const checkpointFile = Option.getOrElse(options.checkpoint, () => defaultCheckpoint(options.from, job))
    const checkpoint = yield* Checkpoint.open(checkpointFile, job, surveyed.sha256, options.dryRun)
    const gate: Gate = { until: 0, pauses: 0 }
    const seen = new Map<string, number>()
    const results: Array<Result> = []
    const progress = yield* Progress.make("rows", surveyed.rows)
    const tally = { done: 0, failed: 0 }
    const finish = (result: Result) =>
      Effect.suspend(() => {
        results.push(result)
        if (result.outcome === "failed") tally.failed++
        if (result.outcome === "done") tally.done++
        return progress.advance(1, `${tally.done} done, ${tally.failed} failed`)
      })

    const lookup = (phoneNumber: string) => throttled(gate, numbers.getActiveNumber(phoneNumber))

    const update = (row: Rows.Row, started: boolean): Effect.Effect<Result, OutputFailed> =>
      Effect.gen(function*() {
        const current = yield* Effect.either(lookup(row.phoneNumber))
        if (Either.isLeft(current)) {
          return { line: row.line, phoneNumber: row.phoneNumber, outcome: "failed", reason: reasonOf(current.left) }
        }
        const planned = plan(row, current.right)
        if (Either.isLeft(planned)) {
          return { line: row.line, phoneNumber: row.phoneNumber, outcome: "failed", reason: planned.left }
        }
        const { changes, request } = planned.right
        if (Object.keys(changes).length === 0) {
          // A row started by a run that died, now as asked: that run's change went through.
          const outcome = started ? "done" : "unchanged"
          yield* checkpoint.record(row.line, { phoneNumber: row.phoneNumber, state: outcome })
          return { line: row.line, phoneNumber: row.phoneNumber, outcome }
        }
        if (options.dryRun) {
          return { line: row.line, phoneNumber: row.phoneNumber, outcome: "would-change", changes }
        }
        yield* checkpoint.record(row.line, { phoneNumber: row.phoneNumber, state: "started" })
        const updated = yield* Effect.either(throttled(gate, numbers.updateActiveNumber(row.phoneNumber, request)))
        if (Either.isLeft(updated)) {
          // an update is idempotent: whatever it did, the next run compares again and sends what is still missing
          yield* checkpoint.record(row.line, { phoneNumber: row.phoneNumber, state: "failed" })
          return { line: row.line, phoneNumber: row.phoneNumber, outcome: "failed", reason: reasonOf(updated.left) }
        }
        yield* checkpoint.record(row.line, { phoneNumber: row.phoneNumber, state: "done" })
        return { line: row.line, phoneNumber: row.phoneNumber, outcome: "done", changes }
      })

    // Never sends a release for a number that is released, and never repeats one whose outcome is unknown without
    // looking the number up first.
    const release = (row: Rows.Row, started: boolean): Effect.Effect<Result, OutputFailed> =>
      Effect.gen(function*() {
        const failed = (reason: string): Result => ({
          line: row.line,
          phoneNumber: row.phoneNumber,
          outcome: "failed",
          reason
        })
        for (let attempt = 1;; attempt++) {
          const current = yield* Effect.either(lookup(row.phoneNumber))
          if (Either.isLeft(current)) {
            return failed(
              attempt === 1
                ? reasonOf(current.left)
                : `OutcomeUnknown: the release may or may not have gone through, and looking the number up failed ` +
                  `(${reasonOf(current.left)}); run again: the number is looked up before anything is sent`
            )
          }
          if (current.right.expireAt !== undefined) {
            // Released by this job (an earlier attempt, or a run that died after sending it), or before the job.
            const outcome = started || attempt > 1 ? "done" : "unchanged"
            yield* checkpoint.record(row.line, { phoneNumber: row.phoneNumber, state: outcome })
            return {
              line: row.line,
              phoneNumber: row.phoneNumber,
              outcome,
              ...(outcome === "unchanged"
                ? { reason: `already released; expires ${String(current.right.expireAt)}` }
                : {})
            }
          }
          if (options.dryRun) return { line: row.line, phoneNumber: row.phoneNumber, outcome: "would-change" }
          if (attempt > maxReleaseAttempts) {
            return failed(
              `OutcomeUnknown ${maxReleaseAttempts} times in a row, and the number is still not released; run again later`
            )
          }
          if (!started) {
            yield* checkpoint.record(row.line, { phoneNumber: row.phoneNumber, state: "started" })
            started = true
          }
          const released = yield* Effect.either(throttled(gate, numbers.releaseNumber(row.phoneNumber)))
          if (Either.isRight(released)) {
            yield* checkpoint.record(row.line, { phoneNumber: row.phoneNumber, state: "done" })
            return { line: row.line, phoneNumber: row.phoneNumber, outcome: "done" }
          }
          // Ambiguous: loop to look the number up, which decides; anything else was refused for sure.
          if (released.left._tag !== "OutcomeUnknown") {
            yield* checkpoint.record(row.line, { phoneNumber: row.phoneNumber, state: "failed" })
            return failed(reasonOf(released.left))
          }
        }
      })

    const perform = (row: Rows.Row): Effect.Effect<Result, OutputFailed> => {
      if (row.problem !== undefined) {
        return Effect.succeed({
          line: row.line,
          phoneNumber: row.phoneNumber,
          outcome: "failed",
          reason: `line ${row.line}: ${row.problem}`
        })
      }
      const first = seen.get(row.phoneNumber)
      if (first !== undefined) {
        return Effect.succeed({
          line: row.line,
          phoneNumber: row.phoneNumber,
          outcome: "skipped",
          reason: `duplicate of line ${first}`
        })
      }
      seen.set(row.phoneNumber, row.line)
      const earlier = checkpoint.entries.get(row.line)
      if (
        earlier !== undefined && earlier.phoneNumber === row.phoneNumber &&
        (earlier.state === "done" || earlier.state === "unchanged")
      ) {
        return Effect.succeed({
          line: row.line,
          phoneNumber: row.phoneNumber,
          outcome: earlier.state,
          resumed: true
        })
      }
      const started = earlier?.state === "started" && earlier.phoneNumber === row.phoneNumber
      return job === "bulk-update" ? update(row, started) : release(row, started)
    }

    yield* Rows.read(options.from, format, allowed, readOptions).pipe(
      // duplicates are decided in file order, before rows run concurrently
      Stream.map(perform),
      // unordered: a row waiting on a lookup or a 429 pause does not hold back the rows behind it
      Stream.mapEffect((result) => Effect.flatMap(result, finish), {
        concurrency: options.concurrency,
        unordered: true
      }),
      Stream.runDrain
    )
    const count = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length
    results.sort((a, b) => a.line - b.line)
    const report: Report = {
      job,
      input: Path.resolve(options.from),
      checkpoint: checkpointFile,
      dryRun: options.dryRun,
      rows: results.length,
      done: count("done"),
      unchanged: count("unchanged"),
      failed: count("failed"),
      skipped: count("skipped"),
      wouldChange: count("would-change"),
      resumed: results.filter((r) => r.resumed === true).length,
      rateLimitPauses: gate.pauses,
      ignoredColumns: { readOnly: columns.readOnly, unknown: columns.unknown },
      results
    }
    yield* progress.finish()
    return report
  }))
