/**
 * The errors `NumbersClient` can raise. Every error about a request carries the operation, the HTTP method, the
 * path, the status (when there was an answer), Sinch's error body (when it sent one) and how many attempts were
 * made. None of them holds a token, a key secret or an HMAC secret. An error that wraps another failure keeps it as
 * `cause`: a `ParseError` as `Redaction.parseError` copies it (its values behind `Redacted`), a transport failure
 * as the HTTP client reported it.
 *
 * One class per outcome, so that `Effect.catchTag("NotFound", …)` picks one; each is a `Schema.TaggedError` (it
 * encodes and decodes) on one of two bases built with `ErrorFamily.make` of `@effect-sinch/core`: the type ids live
 * on the prototype, not on every instance, and each class adds only its fields and its `message`.
 *
 * @since 0.1.0
 */
import type * as AuthError from "@effect-sinch/auth/AuthError"
import { ApiErrorBody, FieldViolation, resourceInfo } from "@effect-sinch/core/ApiError"
import * as ErrorFamily from "@effect-sinch/core/ErrorFamily"
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * Marks every error of `@effect-sinch/numbers`.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("@effect-sinch/numbers/NumbersError")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * Marks the errors of one HTTP call that got past input validation (statuses, transport, timeouts, unreadable
 * answers): the family a retry policy looks at.
 *
 * @since 0.1.0
 * @category type ids
 */
export const CallErrorTypeId: unique symbol = Symbol.for("@effect-sinch/numbers/NumbersError/CallError")

/**
 * @since 0.1.0
 * @category type ids
 */
export type CallErrorTypeId = typeof CallErrorTypeId

// The bases of the classes: the type ids on the prototype, `@effect-sinch/numbers/<Tag>` as schema identifier.
const numbersError = ErrorFamily.make<{ readonly [TypeId]: TypeId }>(
  "@effect-sinch/numbers",
  (Class) =>
    class extends Class {
      declare readonly [TypeId]: TypeId
    },
  TypeId
)

const callError = ErrorFamily.make<{ readonly [TypeId]: TypeId; readonly [CallErrorTypeId]: CallErrorTypeId }>(
  "@effect-sinch/numbers",
  (Class) =>
    class extends Class {
      declare readonly [TypeId]: TypeId
      declare readonly [CallErrorTypeId]: CallErrorTypeId
    },
  TypeId,
  CallErrorTypeId
)

/**
 * Where a listing of active numbers stands: the token of the page being read (`undefined` for the first page) and
 * how many of that page's items were already given out. Pass it back as `resumeFrom` to continue with the very next
 * item.
 *
 * @since 0.1.0
 * @category models
 */
export const ListCursor = Schema.Struct({
  pageToken: Schema.optional(Schema.String),
  skip: Schema.Number
}).annotations({ identifier: "@effect-sinch/numbers/ListCursor" })

/**
 * @since 0.1.0
 * @category models
 */
export type ListCursor = typeof ListCursor.Type

const request = {
  /** The operation, named after the API's operationId (`getActiveNumber`). */
  operation: Schema.String,
  /** The HTTP method. */
  method: Schema.String,
  /** The URL path, without the query. */
  path: Schema.String,
  /** The HTTP status of the answer, when there was one. */
  status: Schema.optional(Schema.Number),
  /** Sinch's error body, when the answer held one that could be read. */
  body: Schema.optional(ApiErrorBody),
  /** How many requests were sent (1 when it was not retried). */
  attempts: Schema.Number,
  /** When a listing failed on this call: where to resume it (see `NumbersClient.ListOptions.resumeFrom`). */
  resumeFrom: Schema.optional(ListCursor)
}

const where = (self: { readonly operation: string; readonly method: string; readonly path: string }) =>
  `${self.operation} (${self.method} ${self.path})`

const tries = (attempts: number) => attempts === 1 ? "" : ` after ${attempts} attempts`

const resume = (self: { readonly resumeFrom?: ListCursor | undefined }) =>
  self.resumeFrom === undefined
    ? ""
    : ` The listing can continue where it stopped: pass this error's resumeFrom (${self.resumeFrom.skip} item(s) into page ${
      self.resumeFrom.pageToken === undefined ? "1" : JSON.stringify(self.resumeFrom.pageToken.slice(0, 64))
    }) to listActiveNumbers.`

const serverSays = (body: ApiErrorBody | undefined) => {
  if (body === undefined) return ""
  const status = body.error.status === undefined ? "" : body.error.status
  const text = body.error.message === "" ? "" : `${status === "" ? "" : ": "}${body.error.message}`
  return status === "" && text === "" ? "" : ` (${status}${text})`
}

/**
 * HTTP 404: the resource does not exist, or not in this project (a number that is not available, not active, an
 * unknown order).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends callError(Schema.TaggedError<NotFound>, "NotFound", request) {
  override get message(): string {
    const info = this.body === undefined ? undefined : resourceInfo(this.body)
    const what = info === undefined
      ? "the resource"
      : `${info.resourceType ?? "resource"}${info.resourceName ? ` ${info.resourceName}` : ""}`
    // A project the key does not belong to answers 403, so a 404 is about the resource itself.
    return `${where(this)} answered 404 NOT_FOUND: ${what} does not exist or is not in this project's reach ` +
      `(not active, not available, already released, or an unknown id). Check the id.${resume(this)}`
  }
}

/**
 * HTTP 400: the API rejected the request; `fieldViolations` says which fields and why.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidArgument extends callError(Schema.TaggedError<InvalidArgument>, "InvalidArgument", {
  ...request,
  /** Each field the API found wrong, and why (empty when the body did not say). */
  fieldViolations: Schema.Array(FieldViolation)
}) {
  override get message(): string {
    const violations = this.fieldViolations.length === 0
      ? serverSays(this.body)
      : `: ${this.fieldViolations.map((v) => `${v.field === "" ? "(request)" : v.field}: ${v.description}`).join("; ")}`
    return `${where(this)} was rejected with 400 INVALID_ARGUMENT${violations}. Fix the request; it was not retried.${
      resume(this)
    }`
  }
}

/**
 * HTTP 403: the credentials are valid but may not do this (often a project id that the access key does not belong
 * to).
 *
 * @since 0.1.0
 * @category errors
 */
export class PermissionDenied extends callError(Schema.TaggedError<PermissionDenied>, "PermissionDenied", request) {
  override get message(): string {
    return `${where(this)} was refused with 403 PERMISSION_DENIED${serverSays(this.body)}. ` +
      `Check that the access key belongs to the project (SINCH_PROJECT_ID) and may use the Numbers API.${resume(this)}`
  }
}

/**
 * HTTP 401 even after fetching a new token: the API does not accept the credentials.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends callError(Schema.TaggedError<Unauthorized>, "Unauthorized", request) {
  override get message(): string {
    return `${where(this)} was refused with 401 Unauthorized${tries(this.attempts)}${serverSays(this.body)}. ` +
      "A fresh token was refused too: check the access key (SINCH_KEY_ID, SINCH_KEY_SECRET) and that it is not revoked." +
      resume(this)
  }
}

/**
 * HTTP 429: too many requests. `retryAfter` is what the server asked for, when it did.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited extends callError(Schema.TaggedError<RateLimited>, "RateLimited", {
  ...request,
  /** The server's `Retry-After`, when it sent one. */
  retryAfter: Schema.optional(Schema.DurationFromSelf)
}) {
  override get message(): string {
    const wait = this.retryAfter === undefined ? "" : ` It asked to wait ${Duration.format(this.retryAfter)}.`
    return `${where(this)} was rate limited (429)${tries(this.attempts)}.${wait} Slow down or try again later.${
      resume(this)
    }`
  }
}

/**
 * HTTP 5xx: the server failed. `retryAfter` is what it asked for, when it did (503 may carry one).
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerError extends callError(Schema.TaggedError<ServerError>, "ServerError", {
  ...request,
  /** The server's `Retry-After`, when it sent one. */
  retryAfter: Schema.optional(Schema.DurationFromSelf),
  /** A bounded, secret-free excerpt of the body when it was not a Sinch error body (a proxy's HTML page). */
  excerpt: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return `${where(this)} failed on the server with HTTP ${this.status ?? "5xx"}${tries(this.attempts)}${
      serverSays(this.body)
    }. Try again later; if it persists, check the Sinch status page.${resume(this)}`
  }
}

/**
 * HTTP 413: the request body (an attachment) is larger than the API accepts.
 *
 * @since 0.1.0
 * @category errors
 */
export class ContentTooLarge extends callError(Schema.TaggedError<ContentTooLarge>, "ContentTooLarge", request) {
  override get message(): string {
    return `${where(this)} was refused with 413 CONTENT_TOO_LARGE${serverSays(this.body)}. Send a smaller file.${
      resume(this)
    }`
  }
}

/**
 * An HTTP status the Numbers API does not document (a redirect, 409, 415…).
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedStatus extends callError(Schema.TaggedError<UnexpectedStatus>, "UnexpectedStatus", {
  ...request,
  /** A bounded, secret-free excerpt of the body when it was not a Sinch error body. */
  excerpt: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return `${where(this)} answered HTTP ${this.status ?? "?"}, which the Numbers API does not document${
      serverSays(this.body)
    }. Check the base URL (SINCH_NUMBERS_URL).${resume(this)}`
  }
}

/**
 * No answer: the connection failed or broke. When `beforeSending` is true the request provably never left
 * (connection refused, host not found), so nothing happened on the server.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends callError(Schema.TaggedError<TransportError>, "TransportError", {
  ...request,
  /** True when the failure provably happened before the request was sent (ECONNREFUSED, DNS failure). */
  beforeSending: Schema.Boolean,
  /** What failed, e.g. `ECONNREFUSED` or `socket hang up`. */
  reason: Schema.String,
  /** The underlying transport failure (the socket or fetch error), never the request or its headers. */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message(): string {
    return `${where(this)} got no answer${tries(this.attempts)}: ${this.reason}${
      this.beforeSending ? " (the request was never sent)" : ""
    }. Check the network and the base URL (SINCH_NUMBERS_URL).${resume(this)}`
  }
}

/**
 * A time limit ran out: one attempt's (`scope: "attempt"`, reading the body included), the total deadline across
 * retries (`"deadline"`), or the server's own (`"server"`, HTTP 408).
 *
 * @since 0.1.0
 * @category errors
 */
export class Timeout extends callError(Schema.TaggedError<Timeout>, "Timeout", {
  ...request,
  scope: Schema.Literal("attempt", "deadline", "server"),
  /** The limit that ran out (absent for a server's 408). */
  limit: Schema.optional(Schema.DurationFromSelf)
}) {
  override get message(): string {
    const limit = this.limit === undefined ? "" : ` of ${Duration.format(this.limit)}`
    const what = this.scope === "attempt"
      ? `did not complete within the per-attempt timeout${limit}`
      : this.scope === "deadline"
      ? `did not complete within the total deadline${limit}${tries(this.attempts)}`
      : `timed out on the server (408)${tries(this.attempts)}`
    return `${where(this)} ${what}. Try again, or raise the timeout or deadline option.${resume(this)}`
  }
}

/**
 * The answer was a success status but its body could not be read as what the API documents.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError extends callError(Schema.TaggedError<ResponseDecodeError>, "ResponseDecodeError", {
  ...request,
  /** Why the body was not accepted. */
  reason: Schema.String,
  /** A bounded excerpt of the body, with secret-looking values and our own credentials masked. */
  excerpt: Schema.String,
  /**
   * True when the body was not JSON at all (empty, cut short, garbled): a transport accident that a read may retry.
   * False or absent when it was JSON of the wrong shape, which retrying would not change.
   */
  malformed: Schema.optional(Schema.Boolean),
  /**
   * When the body was JSON of the wrong shape: the `ParseError`, every issue with its path, the values of the body
   * behind `Redacted` (see `Redaction.parseError`). Absent when the body was not JSON, whose parser's message
   * quotes the raw body: `reason` says what it said, scrubbed.
   */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message(): string {
    return `${where(this)} answered HTTP ${
      this.status ?? "?"
    } with a body that is not what the API documents: ${this.reason}${
      this.excerpt === "" ? "" : `. Body starts: ${this.excerpt}`
    }. Check the base URL (SINCH_NUMBERS_URL).${resume(this)}`
  }
}

/**
 * The caller's input is not valid; nothing was sent. `field` is the path of the first wrong field
 * (`numberPattern.pattern`, `phoneNumber`).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput extends numbersError(Schema.TaggedError<InvalidInput>, "InvalidInput", {
  operation: Schema.String,
  /** The path of the first wrong field (`""` for the input as a whole). */
  field: Schema.String,
  /** What is wrong with it. */
  reason: Schema.String,
  /** The `ParseError` of the input, when it was one, its values behind `Redacted` (see `Redaction.parseError`). */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message(): string {
    return `Invalid input to ${this.operation}${this.field === "" ? "" : `, field ${this.field}`}: ${this.reason}. ` +
      "Nothing was sent."
  }
}

/**
 * A billable call (rent, release, number orders) failed in a way that leaves its outcome unknown (a timeout, a
 * dropped connection, a 5xx): the server may or may not have acted. It was not retried, to avoid buying or
 * releasing twice. `check` says what to look at before trying again.
 *
 * @since 0.1.0
 * @category errors
 */
export class OutcomeUnknown extends numbersError(Schema.TaggedError<OutcomeUnknown>, "OutcomeUnknown", {
  operation: Schema.String,
  method: Schema.String,
  path: Schema.String,
  /** The status of the ambiguous answer, when there was one. */
  status: Schema.optional(Schema.Number),
  attempts: Schema.Number,
  /** The tag of the ambiguous failure (`Timeout`, `TransportError`, `ServerError`, `ResponseDecodeError`). */
  failure: Schema.String,
  /** Its message. */
  reason: Schema.String,
  /** What to check before trying again. */
  check: Schema.String,
  /** The ambiguous failure itself. */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message(): string {
    return `${where(this)} may or may not have taken effect: ${this.reason} It was not retried, so as not to act ` +
      `twice. ${this.check}`
  }
}

/**
 * The server sent a page token it had sent before while listing: following it would loop for ever.
 *
 * @since 0.1.0
 * @category errors
 */
export class PageTokenRepeated extends numbersError(Schema.TaggedError<PageTokenRepeated>, "PageTokenRepeated", {
  operation: Schema.String,
  method: Schema.String,
  path: Schema.String,
  /** The repeated token. */
  pageToken: Schema.String,
  /** How many pages had been read when it repeated. */
  pages: Schema.Number
}) {
  override get message(): string {
    return `${where(this)} sent page token ${JSON.stringify(this.pageToken.slice(0, 64))} a second time after ` +
      `${this.pages} page(s); listing stopped instead of looping. Report it to Sinch support.`
  }
}

/**
 * One item of a page of active numbers is not what the API documents, so it could not be read. The other items of
 * its page are not lost: by default the stream gives out the items before it, then fails with this error, whose
 * `resumeFrom` continues with the item after it; with `invalidItems: "skip"` the stream skips it and reports it.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidItem extends numbersError(Schema.TaggedError<InvalidItem>, "InvalidItem", {
  operation: Schema.String,
  method: Schema.String,
  path: Schema.String,
  /** The item's position in the stream (0 for the first item given out since the stream started or resumed). */
  position: Schema.Number,
  /** The token of the page that held it (`undefined` for the first page). */
  pageToken: Schema.optional(Schema.String),
  /** Its index within that page. */
  index: Schema.Number,
  /** Why it was not accepted. */
  reason: Schema.String,
  /** A bounded excerpt of the item's JSON, with secret-looking values and our own credentials masked. */
  excerpt: Schema.String,
  /** Where to resume: the item after this one. */
  resumeFrom: ListCursor,
  /** The item's `ParseError`, its values behind `Redacted` (see `Redaction.parseError`). */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message(): string {
    return `${where(this)}: item ${this.index} of page ${
      this.pageToken === undefined ? "1" : JSON.stringify(this.pageToken.slice(0, 64))
    } (position ${this.position} in the stream) is not an active number as the API documents it: ${this.reason}. ` +
      `Item: ${this.excerpt}. Pass this error's resumeFrom to listActiveNumbers to continue after it, or list with ` +
      `invalidItems: "skip".`
  }
}

/**
 * The errors of fetching a token, from `SinchAuth`.
 *
 * @since 0.1.0
 * @category errors
 */
export type TokenError = AuthError.TokenError

/**
 * An answer with an error status.
 *
 * @since 0.1.0
 * @category errors
 */
export type StatusError =
  | NotFound
  | InvalidArgument
  | PermissionDenied
  | Unauthorized
  | RateLimited
  | ServerError
  | ContentTooLarge
  | UnexpectedStatus

/**
 * Everything one call to the API can fail with once its input is valid.
 *
 * @since 0.1.0
 * @category errors
 */
export type CallError = StatusError | TransportError | Timeout | ResponseDecodeError | TokenError

/**
 * The errors of a read or of an idempotent change (GET, PATCH, PUT) with input.
 *
 * @since 0.1.0
 * @category errors
 */
export type RequestError = InvalidInput | CallError

/**
 * The errors of a billable call: ambiguous failures (timeouts, dropped connections, 5xx, unreadable 2xx) become
 * `OutcomeUnknown`; a `TransportError` left means the request was never sent.
 *
 * @since 0.1.0
 * @category errors
 */
export type BillableError =
  | InvalidInput
  | NotFound
  | InvalidArgument
  | PermissionDenied
  | Unauthorized
  | RateLimited
  | ContentTooLarge
  | UnexpectedStatus
  | TransportError
  | OutcomeUnknown
  | TokenError

/**
 * The errors of listing active numbers as a stream.
 *
 * @since 0.1.0
 * @category errors
 */
export type ListError = RequestError | PageTokenRepeated | InvalidItem

/**
 * Every error of `@effect-sinch/numbers`.
 *
 * @since 0.1.0
 * @category errors
 */
export type NumbersError = RequestError | OutcomeUnknown | PageTokenRepeated | InvalidItem

/**
 * Whether a value is an error about an HTTP call that got past input validation (not an auth error).
 *
 * @since 0.1.0
 * @category refinements
 */
export const isCallError = (u: unknown): u is Exclude<CallError, TokenError> =>
  Predicate.hasProperty(u, CallErrorTypeId)

/**
 * Whether a value is an error of `@effect-sinch/numbers` (token errors from `SinchAuth` are `SinchAuth`'s own).
 *
 * @since 0.1.0
 * @category refinements
 */
export const isNumbersError = (u: unknown): u is Exclude<NumbersError, TokenError> => Predicate.hasProperty(u, TypeId)

/**
 * Where a failed listing can resume: the `resumeFrom` of its error, when it has one (every error of a listing does,
 * but input and token errors). Pass it to `listActiveNumbers` as `resumeFrom` to continue with the next item.
 *
 * @since 0.1.0
 * @category listing
 */
export const resumeCursor = (error: ListError): ListCursor | undefined =>
  Predicate.hasProperty(error, "resumeFrom") ? error.resumeFrom as ListCursor | undefined : undefined
