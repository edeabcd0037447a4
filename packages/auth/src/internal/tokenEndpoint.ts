/** @internal */
import { AccessTokenResponse, AuthErrorBody } from "@effect-sinch/core/OAuthToken"
import * as Redaction from "@effect-sinch/core/Redaction"
import * as Retry from "@effect-sinch/core/Retry"
import * as Headers from "@effect/platform/Headers"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type { TokenError } from "../AuthError.js"
import { AuthenticationFailed, AuthServiceUnavailable, InvalidTokenResponse } from "../AuthError.js"
import type { Credentials } from "./credentials.js"
import { display } from "./tokenUrl.js"
import * as Transport from "./transport.js"

/**
 * An access token as the cache keeps it. Times are epoch milliseconds of the `Clock`.
 *
 * @internal
 */
export interface Token {
  readonly value: Redacted.Redacted<string>
  readonly issuedAt: number
  readonly expiresAt: number
}

/**
 * One failed attempt: 408, 425, 429, 5xx, a transport error or a timeout. It is retried unless `final` (waiting
 * cannot heal it: an unresolvable host, a refused certificate).
 *
 * @internal
 */
export class Transient {
  readonly _tag = "Transient"
  constructor(
    readonly reason: string,
    readonly status: number | undefined,
    readonly retryAfter: Duration.Duration | undefined,
    readonly transport?: Transport.Failure | undefined
  ) {}
  get final(): boolean {
    return this.transport !== undefined && Transport.isFinal(this.transport.kind)
  }
}

const excerptLimit = 200

const excerpt = (text: string): string => {
  const flat = text.replace(/\s+/g, " ").trim()
  return flat.length <= excerptLimit ? flat : `${flat.slice(0, excerptLimit)}…`
}

/** Field names a token answer may carry; only these are named when its shape is shown. */
const knownFields: ReadonlySet<string> = new Set([
  "access_token",
  "token_type",
  "expires_in",
  "scope",
  "refresh_token",
  "id_token",
  "issued_token_type",
  "error",
  "error_description"
])

const typeName = (u: unknown): string =>
  u === null ? "null" : Array.isArray(u) ? "array" : typeof u === "object" ? "object" : typeof u

/**
 * The shape of a 2xx token answer without a single value from it: the known field names with the types of their
 * values, and how many other fields there are (their names could be anything, a token included).
 *
 * @internal
 */
export const describeShape = (u: unknown): string => {
  if (typeName(u) !== "object") return `a JSON ${typeName(u)}`
  const record = u as Record<string, unknown>
  const keys = Object.keys(record)
  const known = keys.filter((key) => knownFields.has(key))
  const others = keys.length - known.length
  const fields = known.map((key) => `"${key}":<${typeName(record[key])}>`)
  if (others > 0) fields.push(`${others} other field(s)`)
  return `{${fields.join(",")}}`
}

/** Media types worth naming when a 2xx body is not JSON; any other content type is not shown (it came from the server). */
const knownMediaTypes: ReadonlySet<string> = new Set([
  "application/json",
  "application/problem+json",
  "application/x-www-form-urlencoded",
  "application/xml",
  "application/octet-stream",
  "text/plain",
  "text/html",
  "text/xml"
])

const mediaType = (header: string | undefined): string => {
  if (header === undefined) return "no content type"
  const type = header.split(";")[0]!.trim().toLowerCase()
  return knownMediaTypes.has(type) ? `content type ${type}` : "an unusual content type"
}

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

// The schema's parser, built on the first body the field-by-field check does not accept.
let decodeTokenSchema: ((u: unknown) => Either.Either<AccessTokenResponse, ParseResult.ParseError>) | undefined

/**
 * Reads a token endpoint's 2xx body as `AccessTokenResponse`. The common answer is checked field by field, which
 * accepts exactly what the schema accepts; anything else goes through the schema, for its `ParseError`. Its parser
 * is built then: compiling it cost every program's first call, and most never see a bad token response.
 *
 * @internal
 */
export const decodeToken = (
  json: unknown
): Either.Either<Pick<AccessTokenResponse, "access_token" | "token_type" | "expires_in">, ParseResult.ParseError> => {
  if (Predicate.isRecord(json)) {
    const { access_token, expires_in, scope, token_type } = json
    if (
      typeof access_token === "string" && access_token !== "" && typeof token_type === "string" &&
      typeof expires_in === "number" && Number.isFinite(expires_in) && expires_in >= 0 &&
      (scope === undefined || scope === null || typeof scope === "string")
    ) {
      return Either.right({ access_token, token_type, expires_in })
    }
  }
  return (decodeTokenSchema ??= Schema.decodeUnknownEither(AccessTokenResponse))(json)
}

// Built on the first refusal that carries a body.
let decodeErrorBodySchema: ((u: unknown) => Option.Option<AuthErrorBody>) | undefined
const decodeErrorBody = (u: unknown): Option.Option<AuthErrorBody> =>
  (decodeErrorBodySchema ??= Schema.decodeUnknownOption(AuthErrorBody))(u)

const expectations: Record<string, string> = {
  access_token: "a non-empty string",
  token_type: "a string",
  expires_in: "a number of seconds, 0 or more",
  scope: "a string"
}

/** Which fields are wrong and what was expected, from the paths of the issues only: never a value. */
const undecodedFields = (error: ParseResult.ParseError, json: unknown): string => {
  if (typeName(json) !== "object") {
    return `the body is a JSON ${typeName(json)}, expected an object with access_token, token_type and expires_in`
  }
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const fields = issues.map((issue) => {
    const field = String(issue.path[0])
    const expected = expectations[field]
    if (expected === undefined) return "a field is not valid"
    return `${field} is ${issue._tag === "Missing" ? "missing" : "not valid"} (expected ${expected})`
  })
  return [...new Set(fields)].join("; ")
}

/**
 * Options of the token endpoint client, already validated and normalised.
 *
 * @internal
 */
export interface EndpointOptions {
  readonly http: HttpClient.HttpClient
  readonly url: URL
  readonly credentials: Credentials
  readonly retrySchedule: Schedule.Schedule<unknown, unknown>
  readonly maxRetryAfter: Duration.Duration
  readonly requestTimeout: Duration.Duration
}

/**
 * Fetches a token from the endpoint, with retries. Every string that came from outside is scrubbed with the
 * credentials' scrubber (the one `SinchAuth.scrub` uses) before it goes into an error, so even a server echoing our
 * credentials cannot leak them; values of a 2xx body are never shown at all.
 *
 * @internal
 */
export const make = (options: EndpointOptions): Effect.Effect<Token, TokenError> => {
  const { keyId, scrubber } = options.credentials
  const scrub = scrubber.scrub
  const url = display(options.url)
  const scrubBody = (body: AuthErrorBody): AuthErrorBody =>
    new AuthErrorBody({
      error: scrub(body.error),
      ...(body.error_description === undefined ? {} : { error_description: scrub(body.error_description) }),
      ...(body.error_hint === undefined ? {} : { error_hint: scrub(body.error_hint) }),
      ...(body.error_verbose === undefined ? {} : { error_verbose: scrub(body.error_verbose) }),
      ...(body.status_code === undefined ? {} : { status_code: body.status_code })
    })
  const timeoutText = Duration.format(options.requestTimeout)

  const request = HttpClientRequest.post(options.url).pipe(
    HttpClientRequest.setHeader("authorization", Redacted.value(options.credentials.basic)),
    HttpClientRequest.acceptJson,
    HttpClientRequest.bodyUrlParams({ grant_type: "client_credentials" })
  )

  type Outcome = Either.Either<Token, AuthenticationFailed | InvalidTokenResponse>

  const readText = (response: HttpClientResponse.HttpClientResponse) =>
    Effect.mapError(
      response.text,
      (error) => new Transient(`the body could not be read (${scrub(error.reason)})`, response.status, undefined)
    )

  const onSuccess = (response: HttpClientResponse.HttpClientResponse, text: string, sentAt: number): Outcome => {
    const status = response.status
    // A 2xx body may hold a token or other secrets: errors say which field is wrong, never what it holds.
    const invalid = (reason: string, shape: string, cause?: ParseResult.ParseError) =>
      Either.left(
        new InvalidTokenResponse({
          status,
          reason,
          excerpt: shape,
          url,
          ...(cause === undefined ? {} : { cause: Redaction.parseError(cause, scrub) })
        })
      )
    const json = parseJson(text)
    if (Option.isNone(json)) {
      return invalid(
        "the body is not JSON",
        `${mediaType(response.headers["content-type"])}, ${text.length} characters`
      )
    }
    const decoded = decodeToken(json.value)
    if (Either.isLeft(decoded)) {
      return invalid(undecodedFields(decoded.left, json.value), describeShape(json.value), decoded.left)
    }
    const body = decoded.right
    if (body.token_type.toLowerCase() !== "bearer") {
      return invalid("token_type is not valid (expected \"Bearer\", in any letter case)", describeShape(json.value))
    }
    if (body.expires_in <= 0) {
      return invalid("expires_in is 0: the token is expired on arrival", describeShape(json.value))
    }
    // Time starts when the request was sent: the token may have been issued any time after that.
    return Either.right({
      value: Redacted.make(body.access_token),
      issuedAt: sentAt,
      expiresAt: sentAt + Math.floor(body.expires_in * 1000)
    })
  }

  const classify = (
    response: HttpClientResponse.HttpClientResponse,
    sentAt: number
  ): Effect.Effect<Outcome, Transient> => {
    const status = response.status
    if (status >= 200 && status < 300) {
      return Effect.map(readText(response), (text) => onSuccess(response, text, sentAt))
    }
    if (status === 400 || status === 401 || status === 403) {
      return Effect.map(readText(response), (text): Outcome => {
        const body = Option.flatMap(parseJson(text), decodeErrorBody)
        return Either.left(
          new AuthenticationFailed({
            status,
            keyId,
            url,
            ...(Option.isSome(body) ? { body: scrubBody(body.value) } : {})
          })
        )
      })
    }
    if (status === 408 || status === 425 || status === 429 || status >= 500) {
      return Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const retryAfter = Retry.parseRetryAfter(response.headers["retry-after"], now)
        return Effect.flatMap(
          Effect.orElseSucceed(readText(response), () => ""),
          (text) => {
            const body = excerpt(scrub(text))
            return Effect.fail(
              new Transient(body === "" ? `HTTP ${status}` : `HTTP ${status}: ${body}`, status, retryAfter)
            )
          }
        )
      })
    }
    return Effect.map(readText(response), (text) =>
      Either.left(
        new InvalidTokenResponse({ status, reason: `unexpected HTTP ${status}`, excerpt: excerpt(scrub(text)), url })
      ))
  }

  const attempt = (attempts: Ref.Ref<number>, last: Ref.Ref<Transient | undefined>) =>
    Effect.gen(function*() {
      yield* Ref.update(attempts, (n) => n + 1)
      const sentAt = yield* Clock.currentTimeMillis
      const response = yield* options.http.execute(request).pipe(
        // An environment client that already filters statuses still lets us read the answer it refused.
        Effect.catchTag("ResponseError", (error) =>
          error.reason === "StatusCode" ? Effect.succeed(error.response) : Effect.fail(error)),
        Effect.mapError((error) => {
          // Only the error's cause is kept, copied: the RequestError itself holds the request and its headers.
          const failure = Transport.describe(error.cause, scrub)
          const reason = error.reason === "Transport"
            ? failure.reason
            : `${error.reason} error${
              "description" in error && error.description ? ` (${scrub(error.description)})` : ""
            }`
          return new Transient(reason, undefined, undefined, failure)
        })
      )
      return yield* classify(response, sentAt)
    }).pipe(
      Effect.timeoutFail({
        duration: options.requestTimeout,
        onTimeout: () =>
          new Transient(`no answer within ${timeoutText}`, undefined, undefined)
      }),
      Effect.tapError((failure) => Ref.set(last, failure))
    )

  const maxRetryAfterMillis = Duration.toMillis(options.maxRetryAfter)
  const policy = options.retrySchedule.pipe(
    Schedule.intersect(Schedule.identity<Transient>()),
    Schedule.whileInput((failure: Transient) =>
      !failure.final &&
      (failure.retryAfter === undefined || Duration.toMillis(failure.retryAfter) <= maxRetryAfterMillis)
    ),
    Schedule.modifyDelayEffect(([, failure], delay) => {
      const wait = failure.retryAfter !== undefined && Duration.greaterThan(failure.retryAfter, delay)
        ? failure.retryAfter
        : delay
      return Effect.as(
        Effect.logDebug(
          `SinchAuth: the token endpoint failed (${failure.reason}); retrying in ${Duration.format(wait)}`
        ),
        wait
      )
    })
  )

  return Effect.gen(function*() {
    const attempts = yield* Ref.make(0)
    const last = yield* Ref.make<Transient | undefined>(undefined)
    const outcome = yield* attempt(attempts, last).pipe(
      Effect.retry(policy),
      Effect.catchAll((failure) =>
        Effect.map(Ref.get(attempts), (n) =>
          Either.left(
            new AuthServiceUnavailable({
              attempts: n,
              reason: failure.reason,
              url,
              ...(failure.status === undefined ? {} : { status: failure.status }),
              ...(failure.retryAfter === undefined ? {} : { retryAfter: failure.retryAfter }),
              ...(failure.transport?.code === undefined ? {} : { code: failure.transport.code }),
              ...(failure.transport === undefined ? {} : { cause: failure.transport.cause })
            })
          ))
      )
    )
    yield* Effect.annotateCurrentSpan("sinch.auth.attempts", yield* Ref.get(attempts))
    return yield* outcome
  }).pipe(
    // Whatever the user did to the redaction list, the Basic credentials stay out of the HTTP client's span.
    Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, "authorization"]),
    Effect.withSpan("SinchAuth.fetchToken", {
      kind: "client",
      attributes: { "sinch.auth.token_url": url, "sinch.auth.key_id": keyId }
    })
  )
}
