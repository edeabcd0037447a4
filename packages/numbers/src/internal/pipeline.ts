/** @internal */
import { ApiErrorBody, fieldViolations } from "@effect-sinch/core/ApiError"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as NumbersError from "../NumbersError.js"
import { excerpt } from "./encoding.js"
import * as RetryPolicy from "./retryPolicy.js"

/**
 * What the pipeline needs, built once in `NumbersClient.make`.
 *
 * @internal
 */
export interface Pipeline {
  /** The HTTP client with base URL, `Accept: application/json` and per-request authorization. */
  readonly client: HttpClient.HttpClient.With<HttpClientError.HttpClientError | NumbersError.TokenError>
  /** Tells SinchAuth that a token was refused (401). */
  readonly reject: (authorizedRequest: HttpClientRequest.HttpClientRequest) => Effect.Effect<void>
  readonly timeout: Duration.Duration
  readonly deadline: Duration.Duration
  /** The retry policy of idempotent calls; `undefined` when retries are off. */
  readonly idempotent: Schedule.Schedule<unknown, NumbersError.CallError> | undefined
  /** The retry policy of billable calls (never-sent failures only); `undefined` when retries are off. */
  readonly unsent: Schedule.Schedule<unknown, NumbersError.CallError> | undefined
}

/**
 * One call to the API.
 *
 * @internal
 */
export interface Call<A> {
  readonly operation: string
  readonly request: HttpClientRequest.HttpClientRequest
  /** The path, for errors and spans (without the query). */
  readonly path: string
  /** Billable calls are retried only when the request was provably never sent. */
  readonly billable: boolean
  /** Reads a 2xx body; `undefined` for operations whose answer is empty or ignored. */
  readonly decode: ((json: unknown) => Effect.Effect<A, ParseResult.ParseError>) | undefined
  /** When present, an empty 2xx body is read as this value instead of being an error. */
  readonly emptyBody?: unknown
}

interface Base {
  readonly operation: string
  readonly method: string
  readonly path: string
  readonly attempts: number
}

const decodeErrorBody = Schema.decodeUnknownOption(ApiErrorBody)

const readErrorBody = (text: string): ApiErrorBody | undefined => {
  if (text === "") return undefined
  try {
    return Option.getOrUndefined(decodeErrorBody(JSON.parse(text)))
  } catch {
    return undefined
  }
}

const statusError = (
  base: Base,
  response: HttpClientResponse.HttpClientResponse,
  text: string,
  nowMillis: number
): NumbersError.StatusError | NumbersError.Timeout => {
  const status = response.status
  const body = readErrorBody(text)
  const common = body === undefined ? { ...base, status } : { ...base, status, body }
  const noBody = body === undefined && text !== "" ? { excerpt: excerpt(text, 256) } : {}
  switch (status) {
    case 400:
      return new NumbersError.InvalidArgument({
        ...common,
        fieldViolations: body === undefined ? [] : fieldViolations(body)
      })
    case 401:
      return new NumbersError.Unauthorized(common)
    case 403:
      return new NumbersError.PermissionDenied(common)
    case 404:
      return new NumbersError.NotFound(common)
    case 408:
      return new NumbersError.Timeout({ ...common, scope: "server" })
    case 413:
      return new NumbersError.ContentTooLarge(common)
    case 429: {
      const retryAfter = RetryPolicy.parseRetryAfter(response.headers["retry-after"], nowMillis)
      return new NumbersError.RateLimited(retryAfter === undefined ? common : { ...common, retryAfter })
    }
    default: {
      if (status >= 500 && status < 600) {
        const retryAfter = RetryPolicy.parseRetryAfter(response.headers["retry-after"], nowMillis)
        return new NumbersError.ServerError({
          ...common,
          ...noBody,
          ...(retryAfter === undefined ? {} : { retryAfter })
        })
      }
      return new NumbersError.UnexpectedStatus({ ...common, ...noBody })
    }
  }
}

const parseIssue = (error: ParseResult.ParseError): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  if (issue === undefined) return "it does not match the expected shape"
  const path = issue.path.length === 0 ? "" : `at ${issue.path.map(String).join(".")}: `
  const text = `${path}${issue.message}`
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}

const fromClientError = (
  base: Base,
  error: HttpClientError.HttpClientError
): NumbersError.TransportError => {
  if (error._tag === "ResponseError") {
    // Reading the body failed: the answer started, then the connection broke.
    return new NumbersError.TransportError({
      ...base,
      status: error.response.status,
      beforeSending: false,
      reason: `the connection broke while reading the answer (${RetryPolicy.describeTransport(error.cause)})`
    })
  }
  switch (error.reason) {
    case "Transport":
      return new NumbersError.TransportError({
        ...base,
        beforeSending: RetryPolicy.neverSent(error.cause),
        reason: RetryPolicy.describeTransport(error.cause)
      })
    case "Encode":
      return new NumbersError.TransportError({
        ...base,
        beforeSending: true,
        reason: `the request body could not be encoded (${RetryPolicy.describeTransport(error.cause)})`
      })
    case "InvalidUrl":
      return new NumbersError.TransportError({
        ...base,
        beforeSending: true,
        reason: "the request URL is not valid; check the base URL (SINCH_NUMBERS_URL)"
      })
  }
}

const success = <A>(
  base: Base,
  call: Call<A>,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<A, NumbersError.ResponseDecodeError | HttpClientError.ResponseError> => {
  const decode = call.decode
  if (decode === undefined) return Effect.as(response.text, undefined as A)
  return Effect.flatMap(response.text, (text) => {
    if (text === "" && "emptyBody" in call) return decodeOrFail(base, response.status, decode, call.emptyBody, text)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      return Effect.fail(
        new NumbersError.ResponseDecodeError({
          ...base,
          status: response.status,
          reason: text === "" ? "the body is empty" : `the body is not JSON (${(e as Error).message})`,
          excerpt: excerpt(text)
        })
      )
    }
    return decodeOrFail(base, response.status, decode, json, text)
  })
}

const decodeOrFail = <A>(
  base: Base,
  status: number,
  decode: (json: unknown) => Effect.Effect<A, ParseResult.ParseError>,
  json: unknown,
  text: string
): Effect.Effect<A, NumbersError.ResponseDecodeError> =>
  Effect.mapError(decode(json), (error) =>
    new NumbersError.ResponseDecodeError({
      ...base,
      status,
      reason: parseIssue(error),
      excerpt: excerpt(text)
    }))

// What `Clock.make()` (the live clock) offers besides the `Clock` interface: its timer, without a fiber.
interface LiveClock extends Clock.Clock {
  readonly scheduler: () => Effect.Effect<Clock.ClockScheduler>
}

const hasScheduler = (clock: Clock.Clock): clock is LiveClock =>
  typeof (clock as Partial<LiveClock>).scheduler === "function"

/**
 * `Effect.timeoutFail`, with one fiber instead of two on the live clock: the attempt runs in a child fiber and the
 * clock's own timer interrupts it (a second fiber racing a sleep, and the join of both, cost about a third of a
 * call). Any other clock (`TestClock`) gets `Effect.timeoutFail`.
 */
const timeoutFail = <A, E, E2>(
  self: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2> =>
  Effect.clockWith((clock) => {
    if (!hasScheduler(clock)) return Effect.timeoutFail(self, { duration, onTimeout })
    return Effect.flatMap(clock.scheduler(), (scheduler) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(Effect.fork(restore(self)), (child) =>
          Effect.onInterrupt(
            restore(Effect.async<A, E | E2>((resume) => {
              let done = false
              const cancel = scheduler.unsafeSchedule(() => {
                if (done) {
                  return
                }
                done = true
                // As `Effect.timeoutFail`: the attempt has stopped (its request aborted) before the call goes on.
                resume(Effect.zipRight(Fiber.interrupt(child), Effect.fail(onTimeout())))
              }, duration)
              child.addObserver((exit) => {
                if (done) {
                  return
                }
                done = true
                cancel()
                resume(exit)
              })
              return Effect.sync(() => {
                done = true
                cancel()
              })
            })),
            () =>
              Fiber.interrupt(child)
          ))
      ))
  })

/**
 * Runs a call: one attempt at a time (each within the per-attempt timeout, reading the body included, and never past
 * the deadline), one fresh token after a 401, retries by policy, all within the total deadline. Adds
 * `sinch.attempts` and the last status to the current span.
 *
 * The common case, an answer at the first attempt, races one timer: the deadline caps each attempt's own timeout,
 * and only a call that retries adds a deadline over its waits (a race per page is a measurable cost when streaming).
 *
 * @internal
 */
export const run = <A>(pipeline: Pipeline, call: Call<A>): Effect.Effect<A, NumbersError.CallError> =>
  Effect.flatMap(Clock.currentTimeMillis, (startedAt) => {
    let attempts = 0
    let lastStatus: number | undefined
    let reauthorized = false
    const method = call.request.method
    const timeoutMillis = Duration.toMillis(pipeline.timeout)
    const deadlineAt = startedAt + Duration.toMillis(pipeline.deadline)
    const base = (): Base => ({ operation: call.operation, method, path: call.path, attempts })
    const deadlineError = () =>
      new NumbersError.Timeout({
        ...base(),
        ...(lastStatus === undefined ? {} : { status: lastStatus }),
        scope: "deadline",
        limit: pipeline.deadline
      })

    const attempt: Effect.Effect<A, NumbersError.CallError> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const remaining = deadlineAt - now
      if (remaining <= 0) return Effect.fail(deadlineError())
      attempts++
      const here = base()
      const byDeadline = remaining < timeoutMillis
      return pipeline.client.execute(call.request).pipe(
        Effect.flatMap((response): Effect.Effect<
          A,
          NumbersError.CallError | HttpClientError.ResponseError
        > => {
          lastStatus = response.status
          if (response.status >= 200 && response.status < 300) return success(here, call, response)
          return Effect.flatMap(
            Effect.zip(response.text, Clock.currentTimeMillis),
            ([text, now]): Effect.Effect<never, NumbersError.StatusError | NumbersError.Timeout> => {
              const error = statusError(here, response, text, now)
              return error._tag === "Unauthorized"
                ? Effect.zipRight(pipeline.reject(response.request), Effect.fail(error))
                : Effect.fail(error)
            }
          )
        }),
        Effect.catchIf(HttpClientError.isHttpClientError, (error) => Effect.fail(fromClientError(here, error))),
        (effect) =>
          timeoutFail(
            effect,
            byDeadline ? Duration.millis(remaining) : pipeline.timeout,
            () =>
              byDeadline
                ? deadlineError()
                : new NumbersError.Timeout({ ...here, scope: "attempt", limit: pipeline.timeout })
          ),
        Effect.withSpan("NumbersClient.attempt", {
          kind: "client",
          attributes: { "sinch.operation": call.operation, "sinch.attempt": here.attempts },
          captureStackTrace: false
        })
      )
    })

    // A 401 may be a token that expired in flight: SinchAuth dropped it, so one more attempt gets a new one.
    const authorized = Effect.catchIf(
      attempt,
      (error): error is NumbersError.Unauthorized => error._tag === "Unauthorized" && !reauthorized,
      () => {
        reauthorized = true
        return attempt
      }
    )

    const schedule = call.billable ? pipeline.unsent : pipeline.idempotent
    const retried = schedule === undefined ? authorized : Effect.catchAll(authorized, (first) =>
      // The schedule's state is made only when a retry may happen; the deadline bounds its waits.
      Effect.flatMap(Effect.zip(Schedule.driver(schedule), Clock.currentTimeMillis), ([driver, now]) => {
        const retry = (error: NumbersError.CallError): Effect.Effect<A, NumbersError.CallError> =>
          Effect.matchEffect(driver.next(error), {
            onFailure: () => Effect.fail(error),
            onSuccess: () => Effect.catchAll(authorized, retry)
          })
        return Effect.timeoutFail(retry(first), {
          duration: Duration.millis(Math.max(0, deadlineAt - now)),
          onTimeout: deadlineError
        })
      }))

    return Effect.onExit(retried, () =>
      Effect.annotateCurrentSpan({
        "sinch.attempts": attempts,
        ...(lastStatus === undefined ? {} : { "http.response.status_code": lastStatus })
      }))
  })

/**
 * The policy of a billable call's ambiguous failure: what to say in `OutcomeUnknown`.
 *
 * @internal
 */
export const outcomeUnknown = (
  error: NumbersError.CallError & { readonly operation: string; readonly method: string; readonly path: string },
  check: string
): NumbersError.OutcomeUnknown =>
  new NumbersError.OutcomeUnknown({
    operation: error.operation,
    method: error.method,
    path: error.path,
    ...("status" in error && error.status !== undefined ? { status: error.status } : {}),
    attempts: "attempts" in error ? error.attempts : 1,
    failure: error._tag,
    reason: error.message,
    check
  })

/**
 * Runs a billable call. An ambiguous failure goes to `reconcile` (which looks the resource up) when there is one,
 * else becomes `OutcomeUnknown` with `check`.
 *
 * @internal
 */
export const runBillable = <A>(
  pipeline: Pipeline,
  call: Call<A>,
  check: string,
  reconcile?: (failure: NumbersError.OutcomeUnknown) => Effect.Effect<A, NumbersError.OutcomeUnknown>
): Effect.Effect<A, NumbersError.BillableError> =>
  Effect.catchAll(run(pipeline, call), (error): Effect.Effect<A, NumbersError.BillableError> => {
    if (!NumbersError.isCallError(error) || !RetryPolicy.isAmbiguous(error)) {
      // What is left is definite: refused before acting, or never sent.
      return Effect.fail(error as NumbersError.BillableError)
    }
    const unknown = outcomeUnknown(error, check)
    return reconcile === undefined ? Effect.fail(unknown) : reconcile(unknown)
  })

/**
 * The default per-attempt timeout.
 *
 * @internal
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/**
 * The default total deadline across retries.
 *
 * @internal
 */
export const defaultDeadline: Duration.Duration = Duration.minutes(2)

/**
 * The default longest `Retry-After` honoured.
 *
 * @internal
 */
export const defaultMaxRetryAfter: Duration.Duration = Duration.seconds(30)
