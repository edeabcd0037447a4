/** @internal */
import type * as SinchAuth from "@effect-sinch/auth/SinchAuth"
import { ProjectId } from "@effect-sinch/core/ProjectId"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type { Options } from "../NumbersClient.js"
import * as NumbersError from "../NumbersError.js"
import type * as Execute from "./execute.js"
import * as Input from "./input.js"
import * as RetryPolicy from "./retryPolicy.js"

const isLoopback = (hostname: string) =>
  hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

const invalidOption = (field: string, reason: string) =>
  new NumbersError.InvalidInput({ operation: "NumbersClient.make", field, reason })

/**
 * The base URL, checked: http(s), plain http only to a loopback host, no user info, query or fragment.
 *
 * @internal
 */
export const baseUrl = (raw: string): Effect.Effect<string, NumbersError.InvalidInput> => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    // Not echoed: a malformed URL may still hold credentials.
    return Effect.fail(invalidOption("baseUrl", "Expected an absolute http(s) URL, like https://numbers.api.sinch.com"))
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return Effect.fail(invalidOption("baseUrl", `Expected an http(s) URL, got the scheme ${url.protocol}`))
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    return Effect.fail(
      invalidOption("baseUrl", `Refusing plain http to ${url.host}: the token would travel in clear; use https`)
    )
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    return Effect.fail(invalidOption("baseUrl", "Expected a base URL without user info, query or fragment"))
  }
  return Effect.succeed(`${url.origin}${url.pathname.replace(/\/+$/, "")}`)
}

const decodeProjectId = Schema.decodeUnknown(ProjectId)

/**
 * The project id, checked.
 *
 * @internal
 */
export const projectId = (input: string): Effect.Effect<ProjectId, NumbersError.InvalidInput> =>
  Effect.mapError(decodeProjectId(input), (error) => Input.invalidInput("NumbersClient.make", "projectId", error))

/**
 * A duration option, checked positive; `fallback` when it is not given.
 *
 * @internal
 */
export const duration = (
  field: string,
  input: Duration.DurationInput | undefined,
  fallback: Duration.Duration
): Effect.Effect<Duration.Duration, NumbersError.InvalidInput> => {
  if (input === undefined) return Effect.succeed(fallback)
  const duration = Duration.decodeUnknown(input)
  return Option.isSome(duration) && Duration.greaterThan(duration.value, Duration.zero)
    ? Effect.succeed(duration.value)
    : Effect.fail(invalidOption(field, "Expected a positive duration"))
}

const off = (schedule: unknown): schedule is false | "off" => schedule === false || schedule === "off"

/**
 * The HTTP pipeline, built once: base URL, Accept, the user's transform, the fleet's budget, authorization.
 *
 * @internal
 */
export const httpClient = (
  http: HttpClient.HttpClient,
  auth: SinchAuth.SinchAuth.Service,
  options: Options,
  baseUrl: string,
  projectId: string
) =>
  http.pipe(
    HttpClient.mapRequest((request) => HttpClientRequest.acceptJson(HttpClientRequest.prependUrl(request, baseUrl))),
    // Before authorization: a transform's request hooks never see the token.
    (client) => options.transformClient === undefined ? client : options.transformClient(client),
    // The token is in hand before the turn is taken: a turn taken during a token fetch would leave when the fetch
    // ends, at once with every turn given meanwhile (a burst over the budget). The token is set after the turn
    // (from the cache), so a long wait never sends a token that aged in it.
    (client) => {
      const limiter = options.rateLimiter
      if (limiter === undefined) return client
      const paced = HttpClient.mapRequestEffect(
        client,
        (request) => Effect.zipRight(auth.authorize(request), Effect.as(limiter.take(projectId), request))
      )
      const pause = limiter.pause
      // A 429's Retry-After holds the project's calls in every process on the limiter, not only this call's retry.
      return pause === undefined ? paced : HttpClient.tap(paced, (response) => {
        const retryAfter = response.status === 429 ? response.headers["retry-after"] : undefined
        return retryAfter === undefined ? Effect.void : Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const wait = RetryPolicy.parseRetryAfter(retryAfter, now)
          return wait === undefined ? Effect.void : pause(projectId, wait)
        })
      })
    },
    HttpClient.mapRequestEffect(auth.authorize),
    // The client's own `NumbersClient.attempt` span is the HTTP client span (kind "client", with the semantic
    // conventions' method, URL and status): the platform's `http.client` span would repeat it, record every
    // header of the request (the token too, wherever a program changed the redacted names) and of the answer, and
    // hold the answer, headers included, as its exit. It also cost about a tenth of a call's CPU. Without that span
    // the platform writes no b3 or traceparent header either, which Sinch would not read.
    HttpClient.withTracerDisabledWhen(() => true)
  )

/**
 * The retry policies of the options, built once.
 *
 * @internal
 */
export const policies = (options: Options, maxRetryAfter: Duration.Duration): Execute.Policies => {
  const timing = off(options.retrySchedule) ? undefined : options.retrySchedule ?? RetryPolicy.defaultSchedule
  // Pages follow `pageRetrySchedule`, else a `retrySchedule` given (or off), else their own default budget.
  const pageTiming = off(options.pageRetrySchedule)
    ? undefined
    : options.pageRetrySchedule ?? (options.retrySchedule === undefined ? RetryPolicy.defaultPageSchedule : timing)
  const policy = (
    schedule: Schedule.Schedule<unknown, NumbersError.CallError> | undefined,
    retryable: (error: NumbersError.CallError) => boolean
  ) => schedule === undefined ? undefined : RetryPolicy.policy(schedule, retryable, maxRetryAfter)
  return {
    idempotent: policy(timing, RetryPolicy.isTransient),
    unsent: policy(timing, RetryPolicy.isUnsent),
    pages: policy(pageTiming, RetryPolicy.isTransient)
  }
}
