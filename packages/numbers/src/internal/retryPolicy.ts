/** @internal */
import * as Retry from "@effect-sinch/core/Retry"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { CallError, TokenError } from "../NumbersError.js"

/** @internal */
export { fullJitter, parseRetryAfter } from "@effect-sinch/core/Retry"

/**
 * The default retry timing: full jitter from 0.5 s doubling, capped at 8 s, 3 retries.
 *
 * @internal
 */
export const defaultSchedule: Schedule.Schedule<unknown, unknown> = Retry.fullJitter({
  base: Duration.millis(500),
  cap: Duration.seconds(8),
  retries: 3
})

/**
 * The default retry timing of each page of a listing: full jitter from 250 ms doubling, capped at 4 s, up to 10
 * retries in a row. A page that is read starts the next one's count afresh, so a long listing survives a high rate of
 * faults (at 20% faults a page fails 11 times in a row once in 20 million pages) without waiting long on any one.
 *
 * @internal
 */
export const defaultPageSchedule: Schedule.Schedule<unknown, unknown> = Retry.fullJitter({
  base: Duration.millis(250),
  cap: Duration.seconds(4),
  retries: 10
})

const retryableStatuses = new Set([500, 502, 503, 504])

/**
 * What an idempotent call retries: no answer, a timed-out attempt, 408, 429, 500, 502, 503, 504, and a 2xx body that
 * is not JSON at all (cut short or garbled on the way: reading again is safe).
 *
 * @internal
 */
export const isTransient = (error: CallError): boolean => {
  switch (error._tag) {
    case "TransportError":
      return true
    case "Timeout":
      return error.scope !== "deadline"
    case "RateLimited":
      return true
    case "ServerError":
      return error.status !== undefined && retryableStatuses.has(error.status)
    case "ResponseDecodeError":
      return error.malformed === true
    default:
      return false
  }
}

/**
 * What a billable call retries: only failures that provably happened before the request was sent.
 *
 * @internal
 */
export const isUnsent = (error: CallError): boolean => error._tag === "TransportError" && error.beforeSending

/**
 * Failures after which the server may or may not have acted.
 *
 * @internal
 */
export const isAmbiguous = (error: CallError): boolean => ambiguous(error) !== undefined

/**
 * The failure, when the server may or may not have acted after it.
 *
 * @internal
 */
export const ambiguous = (error: CallError): Exclude<CallError, TokenError> | undefined => {
  switch (error._tag) {
    case "TransportError":
      return error.beforeSending ? undefined : error
    case "Timeout":
    case "ServerError":
    case "ResponseDecodeError":
      return error
    default:
      return undefined
  }
}

/**
 * The wait a failure asked for with `Retry-After`.
 *
 * @internal
 */
export const retryAfterOf = (error: CallError): Duration.Duration | undefined =>
  error._tag === "RateLimited" || error._tag === "ServerError" ? error.retryAfter : undefined

/**
 * Wraps a timing schedule into a retry policy over `CallError`s: only errors that `retryable` accepts are retried,
 * a `Retry-After` longer than `maxRetryAfter` stops the retries (waiting less would only be refused again), a shorter
 * one lengthens the wait to it, and every retry is logged at debug.
 *
 * @internal
 */
export const policy = (
  timing: Schedule.Schedule<unknown, CallError>,
  retryable: (error: CallError) => boolean,
  maxRetryAfter: Duration.Duration
): Schedule.Schedule<unknown, CallError> =>
  Schedule.intersect(timing, Schedule.identity<CallError>()).pipe(
    Schedule.whileInput((error: CallError) => {
      if (!retryable(error)) return false
      const retryAfter = retryAfterOf(error)
      return retryAfter === undefined || Duration.lessThanOrEqualTo(retryAfter, maxRetryAfter)
    }),
    Schedule.modifyDelayEffect(([, error], delay) => {
      const retryAfter = retryAfterOf(error)
      const wait = retryAfter === undefined ? delay : Duration.max(delay, retryAfter)
      const attempts = "attempts" in error ? error.attempts : undefined
      const status = "status" in error && error.status !== undefined ? ` (HTTP ${error.status})` : ""
      return Effect.as(
        Effect.logDebug(
          `${"operation" in error ? error.operation : "request"}: attempt ${
            attempts ?? "?"
          } failed with ${error._tag}` +
            `${status}; ${Duration.toMillis(wait) === 0 ? "retrying at once" : `retrying in ${Duration.format(wait)}`}`
        ).pipe(Effect.annotateLogs({ "sinch.operation": "operation" in error ? error.operation : "" })),
        wait
      )
    })
  )

const neverSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
])

const causes = (cause: unknown): Array<unknown> => {
  const found: Array<unknown> = []
  const visit = (u: unknown, depth: number) => {
    if (depth > 6 || u === null || typeof u !== "object") return
    found.push(u)
    if ("cause" in u) visit(u.cause, depth + 1)
    if ("errors" in u && Array.isArray(u.errors)) { for (const e of u.errors) visit(e, depth + 1) }
  }
  visit(cause, 0)
  return found
}

const codeOf = (u: unknown): string | undefined =>
  typeof u === "object" && u !== null && "code" in u && typeof u.code === "string" ? u.code : undefined

/**
 * Whether a transport failure provably happened before the request was sent: the connection was never made
 * (refused, unreachable, DNS failure, connect timeout).
 *
 * @internal
 */
export const neverSent = (cause: unknown): boolean => {
  const all = causes(cause)
  if (all.length === 0) return false
  // Happy eyeballs gives an AggregateError of connect failures: never sent only if every one of them is.
  const codes = all.map(codeOf).filter((code): code is string => code !== undefined)
  return codes.length > 0 && codes.some((code) => neverSentCodes.has(code)) &&
    codes.every((code) => neverSentCodes.has(code) || code === "ERR_SOCKET_CONNECTION_TIMEOUT")
}

/**
 * A short, secret-free description of a transport failure (`ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9`).
 *
 * @internal
 */
export const describeTransport = (cause: unknown): string => {
  const all = causes(cause)
  const deepest = all.length === 0 ? cause : all[all.length - 1]
  const code = all.map(codeOf).find((c) => c !== undefined)
  const first = all[0]
  const message = deepest instanceof Error
    ? deepest.message
    : typeof deepest === "string"
    ? deepest
    : first instanceof Error
    ? first.message
    : "the connection failed"
  const text = code !== undefined && !message.includes(code) ? `${code}: ${message}` : message
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}
