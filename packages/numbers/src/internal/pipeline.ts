/** @internal */
import { ApiErrorBody, fieldViolations } from "@effect-sinch/core/ApiError"
import * as Redaction from "@effect-sinch/core/Redaction"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { globalValue } from "effect/GlobalValue"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Tracer from "effect/Tracer"
import * as NumbersError from "../NumbersError.js"
import { excerpt } from "./encoding.js"
import { lazy } from "./lazy.js"
import type { Answer } from "./operations.js"
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
  /** Masks every credential SinchAuth holds in a text kept from a server (an echo must not leak a token). */
  readonly scrub: (text: string) => string
  readonly timeout: Duration.Duration
  readonly deadline: Duration.Duration
  /** The base URL the client prepends, for the attempt span's `url.full`. */
  readonly baseUrl: string
  /** Its host name, the attempt span's `server.address`. */
  readonly serverAddress: string
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
  readonly answer: Answer<A>
}

interface Base {
  readonly operation: string
  readonly method: string
  readonly path: string
  readonly attempts: number
}

// compiled on the first error answer, not at import
const decodeErrorBody = lazy(() => Schema.decodeUnknownOption(ApiErrorBody))

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
  // already scrubbed of our credentials: everything kept from it is safe to show
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

/**
 * The first issue of a parse error, as one bounded line (`at activeNumbers.3.money: Expected string, …`).
 *
 * @internal
 */
export const parseIssue = (error: ParseResult.ParseError): string => {
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
      reason: `the connection broke while reading the answer (${RetryPolicy.describeTransport(error.cause)})`,
      cause: error.cause
    })
  }
  switch (error.reason) {
    case "Transport":
      return new NumbersError.TransportError({
        ...base,
        beforeSending: RetryPolicy.neverSent(error.cause),
        reason: RetryPolicy.describeTransport(error.cause),
        cause: error.cause
      })
    case "Encode":
      return new NumbersError.TransportError({
        ...base,
        beforeSending: true,
        reason: `the request body could not be encoded (${RetryPolicy.describeTransport(error.cause)})`,
        cause: error.cause
      })
    case "InvalidUrl":
      return new NumbersError.TransportError({
        ...base,
        beforeSending: true,
        reason: "the request URL is not valid; check the base URL (SINCH_NUMBERS_URL)"
      })
  }
}

// UTF-8 as `response.text` reads a body (a leading BOM skipped, a malformed sequence replaced), in the same way on
// every HttpClient (undici, fetch).
const utf8 = globalValue("@effect-sinch/numbers/utf8", () => new TextDecoder())

/*
 * A body as text, read as bytes and decoded here rather than with `response.text`.
 *
 * A body's text that comes back from the HttpClient's promise through the Effect runtime outlives a minor garbage
 * collection far more often than its bytes do, and a page's text is large (370 KB for 1,000 numbers), so it was
 * promoted to the old generation, page after page: streaming 200,000 numbers promoted 148–153 MB with
 * `response.text` and 67–78 MB as bytes (the bench's stream runner, 2026-12-07); a bare loop of
 * `Effect.promise(() => body.text())` on undici promoted 83 MB, of `body.arrayBuffer()` decoded before `JSON.parse`
 * 10.5 MB. Promoted garbage is what a stream's peak heap is made of (V8 collects the old generation at about four
 * times its live size): 109 → 76 MB plain, 58 → 47–50 MB bundled (`pnpm bench --quick --only stream`, load 7–9).
 * The bytes live outside the JavaScript heap, and the text now lives only while it is parsed. For a small answer the
 * bytes cost about 0.5 µs more than `response.text` (an ArrayBuffer and a decoder call for 400 bytes).
 */
const bodyText = (
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<string, HttpClientError.ResponseError> =>
  unread(response) ? Effect.map(response.arrayBuffer, (bytes) => utf8.decode(bytes)) : response.text

/*
 * Whether the body is known to be unread, from the HttpClient's own answer object: a `Response` of fetch
 * (`bodyUsed`), undici's body (no read begun on it: `bodyUsed`, `readableEnded` and its consumer), Node's
 * `IncomingMessage` (nothing read, not ended); a test holds this to each of the three HttpClients
 * (NumbersClient.http.test.ts). A program's middleware (`transformClient`, or one inside the HttpClient it provides)
 * may have read the body already, as text: each HttpClient keeps that text, while its bytes can no longer be read
 * (undici and fetch refuse, node:http would wait for a stream that has ended). Then, and for any HttpClient whose
 * answer is not one of these, the body is read with `response.text` as before.
 *
 * There is no second try with `response.text` after a failed read of the bytes (a body cut short): it cannot succeed,
 * and on undici it fails an `assert` whose message Node builds by parsing the source line around it, which in a
 * bundle is one line of a megabyte: seconds of CPU for each cut body, with every other fiber of the process stopped
 * (200 rents under faults through the MCP server took 60 s instead of 15).
 */
/** @internal */
export const unread = (response: HttpClientResponse.HttpClientResponse): boolean => {
  // HttpClient hands out its answer wrapped (`original`) so that the request is aborted with the scope
  let answer: unknown = response
  for (let depth = 0; depth < 4 && Predicate.hasProperty(answer, "original"); depth++) answer = answer.original
  if (!Predicate.hasProperty(answer, "source")) return false
  const source = answer.source
  if (Predicate.hasProperty(source, "bodyUsed")) return source.bodyUsed === false
  if (Predicate.hasProperty(source, "body") && Predicate.hasProperty(source.body, "bodyUsed")) {
    const body = source.body
    return body.bodyUsed === false && !(Predicate.hasProperty(body, "readableEnded") && body.readableEnded === true) &&
      !consuming(body)
  }
  return Predicate.hasProperty(source, "readableDidRead") && source.readableDidRead === false &&
    Predicate.hasProperty(source, "readableEnded") && source.readableEnded === false
}

// undici's body keeps the read begun on it (`text()`, `arrayBuffer()`…) under a symbol of its own, and refuses a
// second (an empty body read as text is not `bodyUsed`).
const consuming = (body: object): boolean => {
  for (const symbol of Object.getOwnPropertySymbols(body)) {
    if (symbol.description === "kConsume") return (body as Record<symbol, unknown>)[symbol] != null
  }
  return false
}

const success = <A>(
  pipeline: Pipeline,
  base: Base,
  call: Call<A>,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<A, NumbersError.ResponseDecodeError | HttpClientError.ResponseError> => {
  const answer = call.answer
  if (answer._tag === "Ignore") return Effect.as(response.text, answer.value)
  return Effect.flatMap(bodyText(response), (text) => {
    if (text === "" && answer.empty !== undefined) return Effect.succeed(answer.empty.value)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      const safe = pipeline.scrub(text)
      return Effect.fail(
        new NumbersError.ResponseDecodeError({
          ...base,
          status: response.status,
          reason: text === ""
            ? "the body is empty"
            : `the body is not JSON (${pipeline.scrub(e instanceof Error ? e.message : String(e))})`,
          excerpt: excerpt(safe),
          malformed: true
        })
      )
    }
    return Effect.mapError(answer.decode(json), (error) =>
      new NumbersError.ResponseDecodeError({
        ...base,
        status: response.status,
        reason: pipeline.scrub(parseIssue(error)),
        excerpt: excerpt(pipeline.scrub(text)),
        cause: Redaction.parseError(error, pipeline.scrub)
      }))
  })
}

// The tracer every fiber has unless a program installs one (`Layer.setTracer`, OpenTelemetry): read through public API
// only. Its spans are never exported or read, so the client makes none under it.
const nativeTracer = globalValue("@effect-sinch/numbers/nativeTracer", () => Effect.runSync(Effect.tracer))

/**
 * Whether a program installed a tracer: spans made under Effect's own tracer go nowhere.
 *
 * Skipping them under that tracer is what it saves: about 50 µs of CPU per call of the 150 µs the client adds to a
 * `getActiveNumber` over the bare HttpClient (a stub HttpClient answering on the next macrotask, 2026-12-07); see
 * docs/performance.md. Under any other tracer every span is made as before.
 *
 * @internal
 */
export const isTracing = (tracer: Tracer.Tracer): boolean => tracer !== nativeTracer

/**
 * `Effect.withSpan`, made only when a program installed a tracer (see `isTracing`).
 *
 * @internal
 */
export const withSpan =
  (name: string, options: Tracer.SpanOptions) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.tracerWith((tracer) => isTracing(tracer) ? Effect.withSpan(self, name, options) : self)

// The clock every fiber has unless a program provides another (TestClock): read through public API only.
const liveClock = globalValue("@effect-sinch/numbers/liveClock", () => Effect.runSync(Effect.clock))

// The longest delay `setTimeout` takes as it is (2^31 - 1 ms); longer ones go through the Clock.
const maxTimerMillis = 2_147_483_647

/**
 * `Effect.timeoutFail`, with one fiber instead of two on the live clock: the attempt runs in a child fiber and a
 * timer interrupts it. The live clock's own timer is `setTimeout`, so this is the same timer; any other clock
 * (`TestClock`) gets `Effect.timeoutFail`, which goes through that clock.
 *
 * Kept because it is cheaper (issue 20 asked): around an attempt answered on the next macrotask, 20,000 times, this
 * costs 14 µs of CPU per attempt over no timer, `Effect.timeoutFail` 32 µs (20–22 against 38–40 µs in all, three
 * runs each, Node 20, 2026-12-07): 18 µs per call, an eighth of the 0.15 ms the bench allows the SDK over a raw
 * request. `pnpm bench --only latency` could not tell them apart on the shared machine (p50 noise of several ms).
 *
 * The child hands its outcome over in a variable and ends with `void`: what a forked fiber ends with stays reachable
 * past minor garbage collections (Effect 3.22 on Node 20: a fiber that ends with a 2,000-object array, 5,000 times,
 * leaves 4.6 MB alive at every scavenge and takes 805 µs each; ending with `void`, 98 KB and 224 µs). Here that was a
 * decoded answer per call and a page of 1,000 numbers per page: about 40 µs of CPU per `getActiveNumber`, and
 * promoted pages when streaming (docs/performance.md, "What the SDK costs over the floor").
 */
const timeoutFail = <A, E, E2>(
  self: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2> =>
  Effect.clockWith((clock) => {
    const millis = Duration.toMillis(duration)
    if (clock !== liveClock || !(millis <= maxTimerMillis)) return Effect.timeoutFail(self, { duration, onTimeout })
    return Effect.uninterruptibleMask((restore) => {
      let outcome: Exit.Exit<A, E> | undefined
      const attempt = Effect.flatMap(Effect.exit(restore(self)), (exit) => {
        outcome = exit
        return Effect.void
      })
      return Effect.flatMap(Effect.fork(attempt), (child) =>
        Effect.onInterrupt(
          restore(Effect.async<A, E | E2>((resume) => {
            let done = false
            const timer = setTimeout(() => {
              if (done) return
              done = true
              // As `Effect.timeoutFail`: the attempt has stopped (its request aborted) before the call goes on.
              resume(Effect.zipRight(Fiber.interrupt(child), Effect.fail(onTimeout())))
            }, millis)
            child.addObserver((exit) => {
              if (done) return
              done = true
              clearTimeout(timer)
              const handedOver = outcome
              outcome = undefined
              // The child ends with the attempt's outcome handed over, or fails before it (interrupted from outside).
              resume(
                handedOver ??
                  (Exit.isFailure(exit)
                    ? Exit.failCause(exit.cause)
                    : Exit.die(new Error("the attempt ended without an outcome")))
              )
            })
            return Effect.sync(() => {
              done = true
              clearTimeout(timer)
            })
          })),
          () => Fiber.interrupt(child)
        ))
    })
  })

/**
 * Runs a call: one attempt at a time (each within the per-attempt timeout, reading the body included, and never past
 * `deadlineAt`), one fresh token after a 401, retries by `schedule`, all before `deadlineAt`. Adds `sinch.attempts`
 * and the last status to the current span.
 *
 * The common case, an answer at the first attempt, races one timer: the deadline caps each attempt's own timeout,
 * and only a call that retries adds a deadline over its waits (a race per page is a measurable cost when streaming).
 *
 * @internal
 */
export const run = <A>(
  pipeline: Pipeline,
  call: Call<A>,
  schedule: Schedule.Schedule<unknown, NumbersError.CallError> | undefined,
  deadlineAt: number
): Effect.Effect<A, NumbersError.CallError> =>
  Effect.tracerWith((tracer) => {
    const tracing = isTracing(tracer)
    let attempts = 0
    let lastStatus: number | undefined
    let reauthorized = false
    const method = call.request.method
    const timeoutMillis = Duration.toMillis(pipeline.timeout)
    const base = (): Base => ({ operation: call.operation, method, path: call.path, attempts })
    const deadlineError = () =>
      new NumbersError.Timeout({
        ...base(),
        ...(lastStatus === undefined ? {} : { status: lastStatus }),
        scope: "deadline",
        limit: pipeline.deadline
      })

    let attributes: Record<string, unknown> | undefined
    const attributesOf = (attempt: number): Record<string, unknown> => {
      if (attributes === undefined) {
        const query = UrlParams.toString(call.request.urlParams)
        attributes = {
          "sinch.operation": call.operation,
          "http.request.method": method,
          "server.address": pipeline.serverAddress,
          "url.full": `${pipeline.baseUrl}${call.path}${query === "" ? "" : `?${query}`}`
        }
      }
      return { ...attributes, "sinch.attempt": attempt }
    }

    const attempt: Effect.Effect<A, NumbersError.CallError> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const remaining = deadlineAt - now
      if (remaining <= 0) return Effect.fail(deadlineError())
      attempts++
      const here = base()
      const byDeadline = remaining < timeoutMillis
      const send = (span: Tracer.Span | undefined) =>
        pipeline.client.execute(call.request).pipe(
          Effect.flatMap((response): Effect.Effect<
            A,
            NumbersError.CallError | HttpClientError.ResponseError
          > => {
            lastStatus = response.status
            span?.attribute("http.response.status_code", response.status)
            if (response.status >= 200 && response.status < 300) return success(pipeline, here, call, response)
            return Effect.flatMap(
              Effect.zip(response.text, Clock.currentTimeMillis),
              ([text, now]): Effect.Effect<never, NumbersError.StatusError | NumbersError.Timeout> => {
                const error = statusError(here, response, pipeline.scrub(text), now)
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
            )
        )
      // `useSpan`, not `withSpan`: nothing below opens a span of its own, so the attempt need not become the parent
      // in the context (a copy of the fiber's context per call).
      return tracing
        ? Effect.useSpan("NumbersClient.attempt", {
          kind: "client",
          attributes: attributesOf(here.attempts),
          captureStackTrace: false
        }, send)
        : send(undefined)
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

    const retried = schedule === undefined ? authorized : Effect.catchAll(authorized, (first) =>
      // `Effect.retry` by hand, so that the schedule's state is made only when a retry may happen: `Effect.retry`
      // makes it before the first attempt, 7 µs of CPU per call that succeeds at once (13 against 6 µs around an
      // attempt answered on the next macrotask, 20,000 times, three runs each, 2026-12-07). The deadline bounds the
      // waits.
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

    return !tracing ? retried : Effect.onExit(retried, () =>
      Effect.annotateCurrentSpan({
        "sinch.attempts": attempts,
        ...(lastStatus === undefined ? {} : { "http.response.status_code": lastStatus })
      }))
  })

/**
 * The `OutcomeUnknown` of a billable call's ambiguous failure, with `check`: what to look at before trying again.
 *
 * @internal
 */
export const outcomeUnknown = (
  error: Exclude<NumbersError.CallError, NumbersError.TokenError>,
  check: string
): NumbersError.OutcomeUnknown =>
  new NumbersError.OutcomeUnknown({
    operation: error.operation,
    method: error.method,
    path: error.path,
    ...(error.status === undefined ? {} : { status: error.status }),
    attempts: error.attempts,
    failure: error._tag,
    reason: error.message,
    check,
    cause: error
  })

/**
 * The default per-attempt timeout.
 *
 * @internal
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/**
 * The default total deadline of a call, retries and a billable call's reconcile included.
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
