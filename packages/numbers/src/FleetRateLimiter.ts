/**
 * One request budget for a whole fleet: the processes that call the Numbers API for a project take their turns from
 * one token bucket, so that N processes together stay under the project's rate limit instead of each pacing itself
 * with no idea of the others. Pass the result to `NumbersClient.layer({ …, rateLimiter })`.
 *
 * - {@link makeRedis} (for a fleet; needs `ioredis`): the bucket lives in Redis, one hash per project that expires
 *   once the bucket would be full again (a project that stops leaves nothing behind), and a 429 with `Retry-After`
 *   from Sinch pauses the project's calls in every process until then, after which they leave at the budget's pace.
 * - {@link make}: on `@effect/experimental`'s `RateLimiter` of the environment (its memory store within one process,
 *   its Redis store, whose keys never expire); a 429 pauses this process's calls only.
 *
 * For both:
 *
 * - A bucket of `burst` requests (default `limit`) refilled at `limit` per `window`, one per project (the key ends
 *   with the project id).
 * - A call waits for its turn; nothing is refused. Every attempt takes a turn, retries included.
 * - 429s from Sinch are still honoured: the client retries after their `Retry-After`, as without a limiter.
 * - The bucket refills by the clock of the process that asks: keep the fleet's clocks in sync (NTP).
 * - If the store fails or does not answer within `storeTimeout`, this process logs one warning and keeps to its share
 *   of the budget on its own (`limit / fleetSize`, or `fallbackLimit`), asking the store again every
 *   `retryStoreAfter`: never an outage. Its own bucket starts empty, so that the switch sends no burst; with
 *   {@link makeRedis}, a turn Redis answers after its caller gave up is given back, and a process coming back takes
 *   no burst saved up meanwhile while the others may still be alone (see {@link makeRedis}).
 *
 * @example
 * ```ts
 * import * as FleetRateLimiter from "@effect-sinch/numbers/FleetRateLimiter"
 *
 * // 45 requests a second for each project, for the 20 processes on this Redis together
 * const rateLimiter = FleetRateLimiter.makeRedis(
 *   { host: "127.0.0.1", port: 6379 },
 *   { limit: 45, burst: 10, fleetSize: 20 }
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import type { RedisOptions } from "ioredis"
import type * as NumbersClient from "./NumbersClient.js"
import * as NumbersError from "./NumbersError.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * Requests per `window` for each project, for all the processes on the store together. Set it a little under the
   * limit Sinch gives the project (say 90%): requests leave on the budget's beat but arrive with the network's
   * jitter.
   */
  readonly limit: number
  /** The window `limit` is counted over. Default 1 second. */
  readonly window?: Duration.DurationInput | undefined
  /**
   * How many requests may leave at once when the fleet has been quiet: the bucket's size. Default `limit`. A smaller
   * burst spreads the requests evenly, which leaves room for the network's jitter: with `limit: 45, burst: 10`
   * against a limit of 50 a second, requests may arrive up to about 0.8 seconds out of step with no 429.
   */
  readonly burst?: number | undefined
  /** The store key is this followed by the project id. Default `"effect-sinch/numbers/"`. */
  readonly keyPrefix?: string | undefined
  /** How long a turn may wait for the store's answer before this process goes on alone. Default 1 second. */
  readonly storeTimeout?: Duration.DurationInput | undefined
  /** How long this process goes on alone after the store failed before it asks the store again. Default 5 seconds. */
  readonly retryStoreAfter?: Duration.DurationInput | undefined
  /**
   * How many processes share the budget. While the store fails, each keeps to `limit / fleetSize` on its own, so that
   * the fleet together stays near `limit` (a fraction is kept as a longer window). Default 1.
   *
   * @since 0.2.0
   */
  readonly fleetSize?: number | undefined
  /** The budget this process keeps to on its own while the store fails. Default `limit / fleetSize`. */
  readonly fallbackLimit?: number | undefined
  /**
   * The longest pause a 429's `Retry-After` imposes on the project's calls (longer ones pause this long). Default 30
   * seconds.
   *
   * @since 0.2.0
   */
  readonly maxPause?: Duration.DurationInput | undefined
}

interface Health {
  /** The store failed: go on alone until this time (epoch milliseconds of the Clock). */
  readonly aloneUntil: number
  readonly degraded: boolean
  /** Counts the outages: this process's own bucket starts empty in each. */
  readonly outage: number
  /** Went alone since its last turn in the store: the next turn there takes no saved-up burst. */
  readonly returning: boolean
}

/** A bucket: `size` turns at most, one more every `refillMillis`. */
interface Bucket {
  readonly size: number
  readonly refillMillis: number
}

/**
 * How a turn comes back to the fleet's bucket: `returning`, this process was alone (a burst saved up meanwhile is not
 * for it to take, and the others may still be alone); for `millis` after, the bucket gives the processes seen their
 * share of the `fleetSize` only; the turns its own bucket gave that have not left yet (`pending`) are taken too.
 */
interface Recovery {
  readonly returning: boolean
  /** turns this process's own bucket gave that have not left yet: the fleet's bucket counts them too */
  readonly pending: number
  readonly fleetSize: number
  readonly millis: number
}

/**
 * Where the fleet's buckets live: a turn is a wait in milliseconds (0: go now); a pause empties the project's bucket
 * until a time; `pausedFor` says how long the project's calls are still paused.
 */
interface SharedBuckets {
  readonly turn: (key: string, bucket: Bucket, now: number, recovery: Recovery) => Effect.Effect<number, unknown>
  readonly pause: (key: string, bucket: Bucket, now: number, until: number) => Effect.Effect<void, unknown>
  readonly pausedFor: (key: string, now: number) => Effect.Effect<number, unknown>
}

const invalid = (field: string, reason: string) =>
  new NumbersError.InvalidInput({ operation: "FleetRateLimiter.make", field, reason })

const positiveWhole = (field: string, value: number) =>
  Number.isSafeInteger(value) && value >= 1
    ? Effect.succeed(value)
    : Effect.fail(invalid(field, `Expected a whole number of requests, 1 or more; got ${value}`))

const positiveDuration = (field: string, input: Duration.DurationInput | undefined, fallback: Duration.Duration) => {
  if (input === undefined) return Effect.succeed(fallback)
  const duration = Duration.decodeUnknown(input)
  return Option.isSome(duration) && Duration.greaterThan(duration.value, Duration.zero)
    ? Effect.succeed(duration.value)
    : Effect.fail(invalid(field, "Expected a positive duration"))
}

const messageOf = (error: unknown) =>
  (Predicate.hasProperty(error, "message") ? String(error.message) : String(error)).split("\n")[0]!.slice(0, 200)

/** Builds the limiter on a store of buckets (the fleet's) and a bucket in memory (this process's, when alone). */
const makeWith = (
  options: Options,
  shared: SharedBuckets
): Effect.Effect<NumbersClient.RateLimiter, NumbersError.InvalidInput> =>
  Effect.gen(function*() {
    const limit = yield* positiveWhole("limit", options.limit)
    const burst = yield* positiveWhole("burst", options.burst ?? limit)
    const fleetSize = yield* positiveWhole("fleetSize", options.fleetSize ?? 1)
    const fallbackLimit = options.fallbackLimit === undefined
      ? limit / fleetSize
      : yield* positiveWhole("fallbackLimit", options.fallbackLimit)
    const window = yield* positiveDuration("window", options.window, Duration.seconds(1))
    const storeTimeout = yield* positiveDuration("storeTimeout", options.storeTimeout, Duration.seconds(1))
    const retryStoreAfter = yield* positiveDuration("retryStoreAfter", options.retryStoreAfter, Duration.seconds(5))
    const maxPause = Duration.toMillis(yield* positiveDuration("maxPause", options.maxPause, Duration.seconds(30)))
    const prefix = options.keyPrefix ?? "effect-sinch/numbers/"
    // This process's own buckets, for when the store fails: each starts empty when an outage begins, from the
    // last turn the fleet's bucket gave this process, so that the switch sends nothing the fleet's budget has not
    // already paced (a full bucket in each of N processes would be N bursts at once).
    const own = new Map<string, { tokens: number; at: number; outage: number }>()
    const grantedUntil = new Map<string, number>()
    const ownPending = new Map<string, number>()
    const pausedUntil = new Map<string, number>()
    const health = yield* Ref.make<Health>({ aloneUntil: 0, degraded: false, outage: 0, returning: false })

    // `rate` turns per window, at most `burst` (and at least one) at once; a fraction of a turn per window is a
    // longer refill.
    const bucket = (rate: number): Bucket => ({
      size: Math.max(1, Math.min(burst, Math.floor(rate))),
      refillMillis: Duration.toMillis(window) / rate
    })
    const fleetBucket = bucket(limit)
    // the others alone may come back up to a retry's time after this process, and a store timeout later
    const recoveryMillis = Duration.toMillis(retryStoreAfter) + Duration.toMillis(storeTimeout)
    const localBucket = bucket(fallbackLimit)
    const fallbackText = Number.isInteger(fallbackLimit) ? String(fallbackLimit) : fallbackLimit.toFixed(2)

    const ownTurn = (key: string, now: number, outage: number) =>
      Effect.sync(() => {
        const saved = own.get(key)
        const start = saved !== undefined && saved.outage === outage
          ? saved
          : { tokens: 0, at: Math.max(now, grantedUntil.get(key) ?? 0) }
        const current = refill(start, localBucket, now)
        const tokens = current.tokens - 1
        own.set(key, { tokens, at: current.at, outage })
        return waitFor(tokens, current.at, localBucket, now)
      })

    const timed = <A>(effect: Effect.Effect<A, unknown>) =>
      Effect.timeoutFail(effect, {
        duration: storeTimeout,
        onTimeout: () => new Error(`the store did not answer within ${Duration.format(storeTimeout)}`)
      })

    /**
     * Runs `use` on the fleet's store while it answers; on its failure goes on alone, with one warning per outage.
     * Only a turn (a write) brings the process back: a store that refuses writes may still answer reads.
     */
    const withStore = <A>(
      now: number,
      use: (store: SharedBuckets, returning: boolean) => Effect.Effect<A, unknown>,
      alone: (outage: number) => Effect.Effect<A>,
      heals = false
    ): Effect.Effect<A> =>
      Effect.flatMap(Ref.get(health), (state) => {
        if (now < state.aloneUntil) return alone(state.outage)
        // The health changes in one step, so that of the turns that fail together only one warns (and of those
        // that succeed again together, only one says so).
        return Effect.matchEffect(timed(use(shared, state.returning)), {
          onSuccess: (result) =>
            heals && state.degraded
              ? Effect.flatMap(
                Ref.modify(health, (s): [boolean, Health] => [s.degraded, { ...s, aloneUntil: 0, degraded: false }]),
                (wasDegraded) =>
                  wasDegraded
                    ? Effect.as(
                      Effect.logInfo("FleetRateLimiter: the shared store answers again; back to the fleet's budget"),
                      result
                    )
                    : Effect.succeed(result)
              )
              : Effect.succeed(result),
          onFailure: (error) =>
            Effect.flatMap(
              Ref.modify(health, (s): [Health, Health] => {
                const next = {
                  aloneUntil: now + Duration.toMillis(retryStoreAfter),
                  degraded: true,
                  outage: s.degraded ? s.outage : s.outage + 1,
                  returning: true
                }
                return [s, next]
              }),
              (before) =>
                before.degraded ? alone(before.outage) : Effect.zipRight(
                  Effect.logWarning(
                    `FleetRateLimiter: the shared store failed (${messageOf(error)}); this process keeps to ` +
                      `${fallbackText} requests per ${Duration.format(window)} on its own and asks the store ` +
                      `again in ${Duration.format(retryStoreAfter)}`
                  ),
                  alone(before.outage + 1)
                )
            )
        })
      })

    const sleepMillis = (millis: number) => millis <= 0 ? Effect.void : Effect.sleep(Duration.millis(millis))

    // A turn in the fleet's bucket; this process notes how far ahead it was given, where its own bucket would start.
    const fleetTurn = (key: string, now: number) => (store: SharedBuckets, returning: boolean) =>
      Effect.tap(
        store.turn(key, fleetBucket, now, {
          returning,
          pending: returning ? ownPending.get(key) ?? 0 : 0,
          fleetSize,
          millis: recoveryMillis
        }),
        (wait) =>
          Effect.zipRight(
            returning ? Ref.update(health, (s) => ({ ...s, returning: false })) : Effect.void,
            Effect.sync(() => {
              if (now + wait > (grantedUntil.get(key) ?? 0)) {
                grantedUntil.set(key, now + wait)
              }
            })
          )
      )

    // A turn: wait out this process's record of a pause, take a turn from the fleet's bucket (or this process's,
    // when alone) and wait for it; a turn of the fleet's that had to wait looks again for a pause that began
    // meanwhile, and after one takes a new turn, so that the calls held up by a pause leave at the budget's pace,
    // not all at once. A look the store answered late (it froze, or failed: many turns would then leave at once,
    // when it wakes or when its failure is known) is not a go either: the turn is taken again, once, from the
    // fleet's bucket if the store answers, else from this process's.
    const lateMillis = Duration.toMillis(storeTimeout) / 2
    const take = (projectId: string): Effect.Effect<void> => {
      const key = `${prefix}${projectId}`
      const once = (retaken: boolean): Effect.Effect<void> =>
        Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          const pausedHere = (pausedUntil.get(key) ?? 0) - now
          if (pausedHere > 0) {
            return yield* Effect.zipRight(sleepMillis(pausedHere), once(retaken))
          }
          let fromFleet = true
          const wait = yield* withStore(now, fleetTurn(key, now), (outage) => {
            fromFleet = false
            return ownTurn(key, now, outage)
          }, true)
          if (wait <= 0) {
            return
          }
          if (!fromFleet) {
            ownPending.set(key, (ownPending.get(key) ?? 0) + 1)
            return yield* Effect.ensuring(
              sleepMillis(wait),
              Effect.sync(() => ownPending.set(key, (ownPending.get(key) ?? 1) - 1))
            )
          }
          yield* sleepMillis(wait)
          const after = yield* Clock.currentTimeMillis
          let answered = true
          const pausedThere = yield* withStore(after, (store) => store.pausedFor(key, after), () => {
            answered = false
            return Effect.succeed(0)
          })
          const late = !answered || (yield* Clock.currentTimeMillis) - after > lateMillis
          const paused = Math.max((pausedUntil.get(key) ?? 0) - after, pausedThere)
          if (paused > 0) {
            return yield* Effect.zipRight(sleepMillis(paused), once(retaken))
          }
          if (late && !retaken) {
            return yield* once(true)
          }
        })
      return once(false)
    }

    const pause = (projectId: string, retryAfter: Duration.Duration): Effect.Effect<void> => {
      const key = `${prefix}${projectId}`
      return Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const until = now + Math.min(Duration.toMillis(retryAfter), maxPause)
        if (until <= now) {
          return Effect.void
        }
        return Effect.zipRight(
          Effect.sync(() => {
            if (until > (pausedUntil.get(key) ?? 0)) {
              pausedUntil.set(key, until)
            }
            // this process's own bucket, if it has one, refills from the pause's end
            const saved = own.get(key)
            if (saved !== undefined && until > saved.at) {
              own.set(key, { ...saved, tokens: 0, at: until })
            }
          }),
          withStore(now, (store) => store.pause(key, fleetBucket, now, until), () => Effect.void)
        )
      })
    }

    return { take, pause }
  })

const refill = (current: { tokens: number; at: number } | undefined, bucket: Bucket, now: number) => {
  if (current === undefined) return { tokens: bucket.size, at: now }
  if (now <= current.at) return current
  const gained = Math.floor((now - current.at) / bucket.refillMillis)
  if (gained <= 0) return current
  const tokens = current.tokens + gained
  return tokens >= bucket.size
    ? { tokens: bucket.size, at: now }
    : { tokens, at: current.at + gained * bucket.refillMillis }
}

const waitFor = (tokens: number, at: number, bucket: Bucket, now: number) =>
  Math.max(0, tokens < 0 ? at + -tokens * bucket.refillMillis - now : at - now)

/**
 * A rate limiter for `NumbersClient`'s `rateLimiter` option, on the `RateLimiter` of the environment (give it
 * `RateLimiter/Redis`'s store for a fleet). Fails with `InvalidInput` when an option is not valid. A 429's pause
 * holds this process's calls only, and its Redis keys never expire: for a fleet, {@link makeRedis} does both.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<NumbersClient.RateLimiter, NumbersError.InvalidInput, RateLimiter.RateLimiter> =>
  Effect.flatMap(RateLimiter.RateLimiter, (limiter) =>
    makeWith(options, {
      // "delay": a turn is never refused, it is given a time; the bucket may go below zero, which queues the turns.
      // The RateLimiter's bucket holds `limit` and refills one per window / limit.
      turn: (key, bucket) =>
        Effect.map(
          limiter.consume({
            algorithm: "token-bucket",
            onExceeded: "delay",
            limit: bucket.size,
            window: Duration.millis(bucket.size * bucket.refillMillis),
            key
          }),
          (result) => Duration.toMillis(result.delay)
        ),
      pause: () => Effect.void,
      pausedFor: () => Effect.succeed(0)
    }))

/**
 * The project's bucket in one Redis hash (`tokens`, `at`: the time of the last refill, in the future while a 429's
 * pause lasts). A turn takes a token and answers how long to wait; the hash expires once the bucket would be full
 * again, so a project that stops leaves nothing behind.
 *
 * Coming back: a process that was alone (`ARGV[4]`) takes no burst saved up meanwhile (nor the full bucket of a Redis
 * that restarted empty), takes as well the turns its own bucket gave that have not left yet (`ARGV[8]`), and opens a
 * recovery of `ARGV[6]` ms (unless one is open) in which the bucket refills at the share of the processes seen in it
 * (`seen` of `ARGV[5]`, the fleet's size): those not seen yet may still be alone, each at its share. A process counts once per recovery (a field `p:<id>` holding the recovery's start); the
 * recovery ends when the whole fleet was seen, or at its end.
 */
const turnScript = `local now = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local size = tonumber(ARGV[3])
local returning = ARGV[4]
local fleet = tonumber(ARGV[5])
local recoveryMillis = tonumber(ARGV[6])
local id = ARGV[7]
local pending = tonumber(ARGV[8]) or 0
local state = redis.call("HMGET", KEYS[1], "tokens", "at", "recovery", "since", "seen")
local tokens = tonumber(state[1])
local at = tonumber(state[2])
local recovery = tonumber(state[3]) or 0
local since = state[4] or ""
local seen = tonumber(state[5]) or 0
if not tokens or not at then
  tokens = size
  at = now
end
if returning == "1" and recovery <= now then
  local fields = redis.call("HKEYS", KEYS[1])
  for _, field in ipairs(fields) do
    if string.sub(field, 1, 2) == "p:" then redis.call("HDEL", KEYS[1], field) end
  end
  recovery = now + recoveryMillis
  since = tostring(now)
  seen = 0
end
if recovery > now then
  if redis.call("HGET", KEYS[1], "p:" .. id) ~= since then
    redis.call("HSET", KEYS[1], "p:" .. id, since)
    seen = seen + 1
  end
  if seen >= fleet then recovery = 0 end
end
if recovery > now then
  refill = refill * fleet / seen
  size = math.max(1, math.floor(size * seen / fleet))
end
if now > at then
  local gained = math.floor((now - at) / refill)
  if gained > 0 then
    tokens = tokens + gained
    at = at + gained * refill
    if tokens >= size then
      tokens = size
      at = now
    end
  end
end
if returning == "1" then
  if tokens > 0 then
    tokens = 0
    at = now
  end
  tokens = tokens - pending
end
if tokens > size then tokens = size end
tokens = tokens - 1
local wait = 0
if tokens < 0 then
  wait = at + (-tokens) * refill - now
elseif at > now then
  wait = at - now
end
redis.call("HSET", KEYS[1], "tokens", tokens, "at", at, "recovery", recovery, "since", since, "seen", seen)
redis.call("PEXPIRE", KEYS[1], math.max(1, math.ceil(at + (size - tokens) * refill - now), math.ceil(recovery - now)))
return math.ceil(wait)`

/** Gives back the token of a turn whose caller stopped waiting for it (and went on alone): never spent twice. */
const refundScript = `local size = tonumber(ARGV[1])
local tokens = tonumber(redis.call("HGET", KEYS[1], "tokens"))
if not tokens then return 0 end
redis.call("HSET", KEYS[1], "tokens", math.min(size, tokens + 1))
return 1`

/** A 429's pause: the bucket empties and refills from the pause's end (turns already queued take new ones). */
const pauseScript = `local now = tonumber(ARGV[1])
local untilAt = tonumber(ARGV[2])
local refill = tonumber(ARGV[3])
local size = tonumber(ARGV[4])
local at = tonumber(redis.call("HGET", KEYS[1], "at"))
if at and at >= untilAt then return 0 end
redis.call("HSET", KEYS[1], "tokens", 0, "at", untilAt)
redis.call("PEXPIRE", KEYS[1], math.max(1, math.ceil(untilAt + size * refill - now)))
return 1`

/**
 * A rate limiter for `NumbersClient`'s `rateLimiter` option whose buckets live in Redis, for a fleet: connects (a
 * `redis://` URL or ioredis options) for the life of the scope. Each turn is one Redis script; a 429 with
 * `Retry-After` pauses every process's calls to the project until then (within `maxPause`); a project's key expires
 * once its bucket would be full again. Needs the `ioredis` package. Fails with `InvalidInput` when an option is not
 * valid, never because Redis is away: then each process keeps to its share (`limit / fleetSize`) on its own. Back
 * from going alone, a process opens a recovery of `retryStoreAfter` + `storeTimeout` in which the bucket refills at
 * the share of the processes seen in it (the others may still be alone, each at its share), until `fleetSize` were
 * seen.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeRedis = (
  redis: string | RedisOptions,
  options: Options
): Effect.Effect<NumbersClient.RateLimiter, NumbersError.InvalidInput, Scope.Scope> =>
  Effect.flatMap(
    Effect.acquireRelease(
      Effect.promise(async () => {
        const { Redis } = await import("ioredis")
        const defaults: RedisOptions = { maxRetriesPerRequest: 1, connectTimeout: 2000 }
        const client = typeof redis === "string" ? new Redis(redis, defaults) : new Redis({ ...defaults, ...redis })
        // Failures surface on each turn, where the limiter warns once per outage.
        client.on("error", () => {})
        return client
      }),
      (client) => Effect.sync(() => client.disconnect())
    ),
    (client) => {
      // this process, as the recovery after an outage counts the processes it has seen
      const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
      const run = (script: string, key: string, args: ReadonlyArray<number>, texts: ReadonlyArray<string> = []) =>
        Effect.tryPromise({
          try: () => client.eval(script, 1, key, ...args.map(String), ...texts),
          catch: (cause) => new Error(`Redis: ${messageOf(cause)}`)
        })
      return makeWith(options, {
        // A turn Redis answers after its caller gave up (a timeout) was taken for nothing: the same connection
        // then carries a refund, which Redis runs right after the turn.
        turn: (key, bucket, now, recovery) =>
          run(turnScript, key, [
            now,
            bucket.refillMillis,
            bucket.size,
            recovery.returning ? 1 : 0,
            recovery.fleetSize,
            recovery.millis
          ], [id, String(recovery.pending)]).pipe(
            Effect.map((wait) => Number(wait)),
            Effect.onInterrupt(() =>
              Effect.sync(() => void client.eval(refundScript, 1, key, String(bucket.size)).catch(() => undefined))
            )
          ),
        pause: (key, bucket, now, until) =>
          Effect.asVoid(run(pauseScript, key, [now, until, bucket.refillMillis, bucket.size])),
        pausedFor: (key, now) =>
          Effect.map(
            Effect.tryPromise({
              try: () => client.hget(key, "at"),
              catch: (cause) => new Error(`Redis: ${messageOf(cause)}`)
            }),
            (at) => at === null ? 0 : Math.max(0, Number(at) - now)
          )
      })
    }
  )
