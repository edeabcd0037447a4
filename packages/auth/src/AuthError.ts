/**
 * The errors `SinchAuth` can raise. None of them ever holds a key secret or a token: they carry statuses, the auth
 * server's error body and bounded, secret-free excerpts.
 *
 * @since 0.1.0
 */
import { AuthErrorBody } from "@effect-sinch/core/OAuthToken"
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"

/**
 * The token endpoint refused the credentials (HTTP 400, 401 or 403): the key id or key secret is wrong, revoked or
 * not allowed to use client credentials. Never retried: retrying wrong credentials only burns the rate limit.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationFailed extends Schema.TaggedError<AuthenticationFailed>(
  "@effect-sinch/auth/AuthenticationFailed"
)("AuthenticationFailed", {
  /** The HTTP status of the token endpoint's answer. */
  status: Schema.Number,
  /** The auth server's error body, when it sent one we could read. */
  body: Schema.optional(AuthErrorBody),
  /** The access key id that was refused (an identifier, not a secret). */
  keyId: Schema.optional(Schema.String)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    const detail = this.body === undefined
      ? ""
      : `: ${this.body.error}${this.body.error_description ? ` (${this.body.error_description})` : ""}`
    const key = this.keyId === undefined ? "the access key" : `access key "${this.keyId}"`
    return `The Sinch auth server refused ${key} with HTTP ${this.status}${detail}. ` +
      "Check the key id and key secret (SINCH_KEY_ID, SINCH_KEY_SECRET) against the access keys of your project; " +
      "the request was not retried."
  }
}

/**
 * The token endpoint could not issue a token: it kept answering 429 or 5xx, timed out, or could not be reached,
 * and the retry schedule is spent (or it asked us to wait longer than we are willing to).
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthServiceUnavailable extends Schema.TaggedError<AuthServiceUnavailable>(
  "@effect-sinch/auth/AuthServiceUnavailable"
)("AuthServiceUnavailable", {
  /** The HTTP status of the last answer; absent when the last attempt got no answer (transport error, timeout). */
  status: Schema.optional(Schema.Number),
  /** How many requests were sent to the token endpoint. */
  attempts: Schema.Number,
  /** The last `Retry-After` the server asked for, if any. */
  retryAfter: Schema.optional(Schema.DurationFromSelf),
  /** What went wrong with the last attempt, without secrets. */
  reason: Schema.String
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    const last = this.status === undefined ? this.reason : `HTTP ${this.status}, ${this.reason}`
    const wait = this.retryAfter === undefined ? "" : ` It asked to retry after ${Duration.format(this.retryAfter)}.`
    return `The Sinch auth server could not issue a token after ${this.attempts} attempt(s) (last: ${last}).${wait} ` +
      "Try again later; if it persists, check your network and the Sinch status page."
  }
}

/**
 * The token endpoint answered something that is not a token: a 2xx body that does not decode as
 * `{access_token, token_type, expires_in}`, or a status that neither issues a token nor refuses credentials (a
 * wrong `tokenUrl` often gives 404). The excerpt is bounded and, for 2xx bodies, shows only the shape, never values.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidTokenResponse extends Schema.TaggedError<InvalidTokenResponse>(
  "@effect-sinch/auth/InvalidTokenResponse"
)("InvalidTokenResponse", {
  status: Schema.Number,
  /** Why the answer was not accepted. */
  reason: Schema.String,
  /** A bounded, secret-free excerpt of the body. */
  excerpt: Schema.String
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `The token endpoint answered HTTP ${this.status} with something that is not an access token ` +
      `(${this.reason})${this.excerpt === "" ? "" : `: ${this.excerpt}`}. ` +
      "Check that the token URL (tokenUrl, SINCH_AUTH_URL) is the Sinch OAuth2 token endpoint."
  }
}

/**
 * The configured token URL is refused: credentials would travel in clear text (plain `http` to a host other than
 * loopback), or it is not an absolute http(s) URL. Raised when the layer is built.
 *
 * @since 0.1.0
 * @category errors
 */
export class InsecureTokenUrl extends Schema.TaggedError<InsecureTokenUrl>("@effect-sinch/auth/InsecureTokenUrl")(
  "InsecureTokenUrl",
  {
    /** The URL, without any user info, query or fragment. */
    url: Schema.String,
    reason: Schema.String
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Refusing the token URL ${this.url}: ${this.reason}. ` +
      "Use https, or plain http only to a loopback host (localhost, 127.0.0.1, [::1])."
  }
}

/**
 * Every error of `@effect-sinch/auth`. `SinchAuth.authorize` fails with `AuthenticationFailed`,
 * `AuthServiceUnavailable` or `InvalidTokenResponse`; building an OAuth layer can fail with `InsecureTokenUrl`.
 *
 * @since 0.1.0
 * @category errors
 */
export type AuthError = AuthenticationFailed | AuthServiceUnavailable | InvalidTokenResponse | InsecureTokenUrl

/**
 * The errors of fetching a token, which is all `SinchAuth.authorize` can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type TokenError = AuthenticationFailed | AuthServiceUnavailable | InvalidTokenResponse

/**
 * @since 0.1.0
 * @category refinements
 */
export const isAuthError = (u: unknown): u is AuthError =>
  u instanceof AuthenticationFailed || u instanceof AuthServiceUnavailable || u instanceof InvalidTokenResponse ||
  u instanceof InsecureTokenUrl
