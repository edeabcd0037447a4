/**
 * One request budget for a whole fleet: the processes that call the Numbers API for a project take their turns from
 * one token bucket, kept by `@effect/experimental`'s `RateLimiter` (its Redis store for a fleet, its memory store
 * within one process), so that N processes together stay under the project's rate limit instead of each pacing
 * itself with no idea of the others. Pass the result to `NumbersClient.layer({ …, rateLimiter })`.
 *
 * Needs `@effect/experimental` (an optional peer dependency), and `ioredis` for its Redis store.
 *
 * - A bucket of `burst` requests (default `limit`) refilled at `limit` per `window`, one per project (the key ends
 *   with the project id).
 * - A call waits for its turn; nothing is refused. Every attempt takes a turn, retries included.
 * - 429s from Sinch are still honoured: the client retries after their `Retry-After`, as without a limiter.
 * - The bucket refills by the clock of the process that asks: keep the fleet's clocks in sync (NTP).
 * - If the store fails or does not answer within `storeTimeout`, this process logs one warning and keeps to
 *   `fallbackLimit` on its own (a local bucket), asking the store again every `retryStoreAfter`: never an outage.
 *
 * @example
 * ```ts
 * import * as FleetRateLimiter from "@effect-sinch/numbers/FleetRateLimiter"
 * import * as RateLimiter from "@effect/experimental/RateLimiter"
 * import * as RateLimiterRedis from "@effect/experimental/RateLimiter/Redis"
 * import * as Effect from "effect/Effect"
 *
 * // 45 requests a second for each project, for every process on this Redis together
 * const rateLimiter = FleetRateLimiter.make({ limit: 45, window: "1 second" }).pipe(
 *   Effect.provide(RateLimiter.layer),
 *   Effect.provide(RateLimiterRedis.layerStore({ host: "127.0.0.1", port: 6379, maxRetriesPerRequest: 1 }))
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
import * as Ref from "effect/Ref"
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
  /** The budget this process keeps to on its own while the store fails. Default `limit`. */
  readonly fallbackLimit?: number | undefined
}

interface Health {
  /** The store failed: go on alone until this time (epoch milliseconds of the Clock). */
  readonly aloneUntil: number
  readonly degraded: boolean
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

/**
 * A rate limiter for `NumbersClient`'s `rateLimiter` option, on the `RateLimiter` of the environment (give it
 * `RateLimiter/Redis`'s store for a fleet). Fails with `InvalidInput` when an option is not valid.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<NumbersClient.RateLimiter, NumbersError.InvalidInput, RateLimiter.RateLimiter> =>
  Effect.gen(function*() {
    const limit = yield* positiveWhole("limit", options.limit)
    const burst = yield* positiveWhole("burst", options.burst ?? limit)
    const fallbackLimit = yield* positiveWhole("fallbackLimit", options.fallbackLimit ?? limit)
    const window = yield* positiveDuration("window", options.window, Duration.seconds(1))
    const storeTimeout = yield* positiveDuration("storeTimeout", options.storeTimeout, Duration.seconds(1))
    const retryStoreAfter = yield* positiveDuration("retryStoreAfter", options.retryStoreAfter, Duration.seconds(5))
    const prefix = options.keyPrefix ?? "effect-sinch/numbers/"
    const shared = yield* RateLimiter.RateLimiter
    const local = yield* Effect.provide(RateLimiter.make, RateLimiter.layerStoreMemory)
    const health = yield* Ref.make<Health>({ aloneUntil: 0, degraded: false })

    // The RateLimiter's bucket holds `limit` and refills one per window / limit: a bucket of `burst` with the same
    // refill is `burst` per (window × burst / limit).
    const bucket = (rate: number) => {
      const size = Math.min(burst, rate)
      return { limit: size, window: Duration.times(window, size / rate) }
    }
    const fleetBucket = bucket(limit)
    const localBucket = bucket(fallbackLimit)

    // "delay": a turn is never refused, it is given a time; the bucket may go below zero, which queues the turns.
    const turn = (
      limiter: RateLimiter.RateLimiter,
      key: string,
      size: { readonly limit: number; readonly window: Duration.Duration }
    ) =>
      limiter.consume({ algorithm: "token-bucket", onExceeded: "delay", limit: size.limit, window: size.window, key })

    const wait = (result: RateLimiter.ConsumeResult) =>
      Duration.isZero(result.delay) ? Effect.void : Effect.sleep(result.delay)

    const alone = (key: string) => Effect.flatMap(Effect.orDie(turn(local, key, localBucket)), wait)

    const take = (projectId: string): Effect.Effect<void> => {
      const key = `${prefix}${projectId}`
      return Effect.flatMap(Effect.zip(Clock.currentTimeMillis, Ref.get(health)), ([now, state]) => {
        if (now < state.aloneUntil) return alone(key)
        return turn(shared, key, fleetBucket).pipe(
          Effect.timeoutFail({
            duration: storeTimeout,
            onTimeout: () =>
              new RateLimiter.RateLimitStoreError({
                message: `the store did not answer within ${Duration.format(storeTimeout)}`
              })
          }),
          Effect.matchEffect({
            onSuccess: (result) =>
              Effect.zipRight(
                state.degraded
                  ? Effect.zipRight(
                    Ref.set(health, { aloneUntil: 0, degraded: false }),
                    Effect.logInfo("FleetRateLimiter: the shared store answers again; back to the fleet's budget")
                  )
                  : Effect.void,
                wait(result)
              ),
            onFailure: (error) =>
              Effect.zipRight(
                Effect.zipRight(
                  Ref.set(health, { aloneUntil: now + Duration.toMillis(retryStoreAfter), degraded: true }),
                  state.degraded ? Effect.void : Effect.logWarning(
                    `FleetRateLimiter: the shared store failed (${error.message}); this process keeps to ` +
                      `${fallbackLimit} requests per ${Duration.format(window)} on its own and asks the store ` +
                      `again in ${Duration.format(retryStoreAfter)}`
                  )
                ),
                alone(key)
              )
          })
        )
      })
    }

    return { take }
  })
