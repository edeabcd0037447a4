/**
 * How clients of Sinch retry: full-jitter exponential backoff, and the waits servers ask for with `Retry-After`.
 * Shared by the token fetches of `@effect-sinch/auth` and the calls of `@effect-sinch/numbers`.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"

/**
 * Full-jitter exponential backoff: before retry n (0-based) wait a random time in [0, min(cap, base * 2^n)], at most
 * `retries` times, so a fleet refused together does not come back together. The randomness comes from Effect's
 * `Random`, so tests can make it deterministic.
 *
 * @since 0.1.0
 * @category schedules
 */
export const fullJitter = (options: {
  readonly base: Duration.DurationInput
  readonly cap: Duration.DurationInput
  readonly retries: number
}): Schedule.Schedule<unknown, unknown> => {
  const cap = Duration.toMillis(options.cap)
  return Schedule.exponential(options.base, 2).pipe(
    Schedule.modifyDelayEffect((_, delay) =>
      Effect.map(Random.next, (r) => Duration.millis(Math.floor(r * Math.min(cap, Duration.toMillis(delay)))))
    ),
    Schedule.intersect(Schedule.recurs(options.retries))
  )
}

/**
 * Reads a `Retry-After` value: delay-seconds or an HTTP date (RFC 9110 section 10.2.3), relative to `nowMillis`;
 * `undefined` when absent or unreadable.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseRetryAfter = (header: string | undefined, nowMillis: number): Duration.Duration | undefined => {
  if (header === undefined) return undefined
  const value = header.trim()
  if (/^\d+$/.test(value)) return Duration.seconds(Number(value))
  // An HTTP date has a day or month name ("Wed, 21 Oct 2015 07:28:00 GMT"); "-5" is not one.
  if (!/[A-Za-z]/.test(value)) return undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Duration.millis(Math.max(0, date - nowMillis))
}
