/** @internal */
import { AccessTokenResponse, AuthErrorBody } from "@effect-sinch/core/OAuthToken"
import * as Retry from "@effect-sinch/core/Retry"
import * as Headers from "@effect/platform/Headers"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type { TokenError } from "../AuthError.js"
import { AuthenticationFailed, AuthServiceUnavailable, InvalidTokenResponse } from "../AuthError.js"
import { display } from "./tokenUrl.js"

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
 * One attempt that may succeed if repeated: 408, 425, 429, 5xx, transport errors and timeouts.
 *
 * @internal
 */
export class Transient {
  readonly _tag = "Transient"
  constructor(
    readonly reason: string,
    readonly status: number | undefined,
    readonly retryAfter: Duration.Duration | undefined
  ) {}
}

const excerptLimit = 200

const excerpt = (text: string): string => {
  const flat = text.replace(/\s+/g, " ").trim()
  return flat.length <= excerptLimit ? flat : `${flat.slice(0, excerptLimit)}…`
}

/**
 * The shape of a JSON value with every string replaced by `<string>`: enough to see what is wrong with a token
 * answer without printing the token.
 *
 * @internal
 */
export const describeShape = (u: unknown, depth = 0): string => {
  if (u === null) return "null"
  if (Array.isArray(u)) {
    if (depth > 2) return "[…]"
    const items = u.slice(0, 3).map((item) => describeShape(item, depth + 1))
    return `[${items.join(",")}${u.length > 3 ? ",…" : ""}]`
  }
  switch (typeof u) {
    case "string":
      return "<string>"
    case "number":
    case "boolean":
      return String(u)
    case "object": {
      if (depth > 2) return "{…}"
      const keys = Object.keys(u)
      const fields = keys.slice(0, 12).map((key) =>
        `${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}:${
          describeShape((u as Record<string, unknown>)[key], depth + 1)
        }`
      )
      return `{${fields.join(",")}${keys.length > 12 ? ",…" : ""}}`
    }
    default:
      return `<${typeof u}>`
  }
}

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

const decodeToken = Schema.decodeUnknownEither(AccessTokenResponse)
const decodeErrorBody = Schema.decodeUnknownOption(AuthErrorBody)

const undecodedFields = (error: ParseResult.ParseError): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const names = issues.map((issue) =>
    `${issue.path.length === 0 ? "(body)" : issue.path.join(".")} ${issue._tag === "Missing" ? "missing" : "invalid"}`
  )
  return [...new Set(names)].join(", ")
}

/**
 * Options of the token endpoint client, already validated and normalised.
 *
 * @internal
 */
export interface EndpointOptions {
  readonly http: HttpClient.HttpClient
  readonly url: URL
  readonly keyId: string
  readonly keySecret: Redacted.Redacted<string>
  readonly retrySchedule: Schedule.Schedule<unknown, unknown>
  readonly maxRetryAfter: Duration.Duration
  readonly requestTimeout: Duration.Duration
}

/**
 * Fetches a token from the endpoint, with retries. Every string that came from outside is scrubbed of the secret
 * before it goes into an error, so even a server echoing our credentials cannot leak them.
 *
 * @internal
 */
export const make = (options: EndpointOptions): Effect.Effect<Token, TokenError> => {
  const secret = Redacted.value(options.keySecret)
  const credentials = Encoding.encodeBase64(`${options.keyId}:${secret}`)
  const authorization = Redacted.make(`Basic ${credentials}`)
  const secrets = [secret, credentials].filter((s) => s.length > 0)
  const scrub = (text: string): string => secrets.reduce((out, s) => out.split(s).join("<redacted>"), text)
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
    HttpClientRequest.setHeader("authorization", Redacted.value(authorization)),
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
    const json = parseJson(text)
    if (Option.isNone(json)) {
      const type = response.headers["content-type"] ?? "no content type"
      return Either.left(
        new InvalidTokenResponse({
          status,
          reason: "the body is not JSON",
          excerpt: `${excerpt(type)}, ${text.length} characters`
        })
      )
    }
    const decoded = decodeToken(json.value)
    if (Either.isLeft(decoded)) {
      return Either.left(
        new InvalidTokenResponse({
          status,
          reason: `fields that did not decode: ${undecodedFields(decoded.left)}`,
          excerpt: excerpt(describeShape(json.value))
        })
      )
    }
    const body = decoded.right
    if (body.token_type.toLowerCase() !== "bearer") {
      return Either.left(
        new InvalidTokenResponse({
          status,
          reason: `token_type is ${JSON.stringify(excerpt(body.token_type))}, expected Bearer`,
          excerpt: excerpt(describeShape(json.value))
        })
      )
    }
    if (body.expires_in <= 0) {
      return Either.left(
        new InvalidTokenResponse({
          status,
          reason: "expires_in is 0: the token is expired on arrival",
          excerpt: excerpt(describeShape(json.value))
        })
      )
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
            keyId: options.keyId,
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
        new InvalidTokenResponse({ status, reason: `unexpected HTTP ${status}`, excerpt: excerpt(scrub(text)) })
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
        Effect.mapError((error) =>
          new Transient(
            `transport error: ${scrub(error.reason)}${
              "description" in error && error.description ? ` (${scrub(error.description)})` : ""
            }`,
            undefined,
            undefined
          )
        )
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
      failure.retryAfter === undefined || Duration.toMillis(failure.retryAfter) <= maxRetryAfterMillis
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
              ...(failure.status === undefined ? {} : { status: failure.status }),
              ...(failure.retryAfter === undefined ? {} : { retryAfter: failure.retryAfter })
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
      attributes: { "sinch.auth.token_url": display(options.url), "sinch.auth.key_id": options.keyId }
    })
  )
}
