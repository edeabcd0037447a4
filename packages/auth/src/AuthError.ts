/**
 * The errors `SinchAuth` can raise. None of them ever holds a key secret or a token: they carry statuses, the auth
 * server's error body (scrubbed of our credentials) and bounded, secret-free excerpts. An error that wraps another
 * failure keeps it as `cause`, copied so that it prints nothing secret.
 *
 * Each is a `Schema.TaggedError` (it encodes and decodes) on one base built with `ErrorFamily.make` of
 * `@effect-sinch/core`: the type id lives on the prototype and each class adds only its fields and its `message`.
 *
 * @since 0.1.0
 */
import * as ErrorFamily from "@effect-sinch/core/ErrorFamily"
import { AuthErrorBody } from "@effect-sinch/core/OAuthToken"
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Transport from "./internal/transport.js"

/**
 * Marks every error of this module.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("@effect-sinch/auth/AuthError")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

// The base of every class: the type id on the prototype, `@effect-sinch/auth/<Tag>` as schema identifier.
const authError = ErrorFamily.make<{ readonly [TypeId]: TypeId }>("@effect-sinch/auth", (Class) =>
  class extends Class {
    declare readonly [TypeId]: TypeId
  }, TypeId)

const hostOf = (url: string | undefined): string | undefined => {
  if (url === undefined) return undefined
  try {
    return new URL(url).hostname
  } catch {
    return undefined
  }
}

const where = (url: string | undefined): string => url === undefined ? "" : ` at ${url}`

/**
 * The token endpoint refused the credentials (HTTP 400, 401 or 403): the key id or key secret is wrong, revoked or
 * not allowed to use client credentials. Never retried: retrying wrong credentials only burns the rate limit.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationFailed extends authError(Schema.TaggedError<AuthenticationFailed>, "AuthenticationFailed", {
  /** The HTTP status of the token endpoint's answer. */
  status: Schema.Number,
  /** The auth server's error body, when it sent one we could read. */
  body: Schema.optional(AuthErrorBody),
  /** The access key id that was refused (an identifier, not a secret). */
  keyId: Schema.optional(Schema.String),
  /** The token URL: origin and path, never user info or query. */
  url: Schema.optional(Schema.String)
}) {
  override get message(): string {
    const detail = this.body === undefined
      ? ""
      : `: ${this.body.error}${this.body.error_description ? ` (${this.body.error_description})` : ""}`
    const key = this.keyId === undefined ? "the access key" : `access key "${this.keyId}"`
    return `The Sinch auth server${where(this.url)} refused ${key} with HTTP ${this.status}${detail}. ` +
      "Check the key id and key secret (SINCH_KEY_ID, SINCH_KEY_SECRET) against the access keys of your project; " +
      "the request was not retried."
  }
}

/**
 * The token endpoint could not issue a token: it kept answering 429 or 5xx, timed out, or could not be reached, and
 * the retry schedule is spent (or it asked us to wait longer than we are willing to).
 *
 * Failures that waiting cannot heal are not retried (`attempts` is 1): a host name that does not resolve
 * (`code` ENOTFOUND), a TLS certificate that is refused (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT,
 * ERR_TLS_CERT_ALTNAME_INVALID…) and a failed TLS handshake (ERR_SSL_…, typically https to a plain-http server).
 * Connection refused, reset or timed out, 429 and 5xx are retried. The message names the token URL and the cause, and
 * sends a local setup mistake (a loopback or private host, an unresolvable name, a certificate) to the configuration,
 * not to Sinch's status page.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthServiceUnavailable
  extends authError(Schema.TaggedError<AuthServiceUnavailable>, "AuthServiceUnavailable", {
    /** The HTTP status of the last answer; absent when the last attempt got no answer (transport error, timeout). */
    status: Schema.optional(Schema.Number),
    /** How many requests were sent to the token endpoint. */
    attempts: Schema.Number,
    /** The last `Retry-After` the server asked for, if any. */
    retryAfter: Schema.optional(Schema.DurationFromSelf),
    /** What went wrong with the last attempt, without secrets. */
    reason: Schema.String,
    /** The token URL: origin and path, never user info or query. */
    url: Schema.optional(Schema.String),
    /**
     * The error code of the last transport failure, dug out of its cause chain: `ECONNREFUSED`, `ENOTFOUND`,
     * `ETIMEDOUT`, `ECONNRESET`, `CERT_HAS_EXPIRED`, `UND_ERR_CONNECT_TIMEOUT`…
     */
    code: Schema.optional(Schema.String),
    /**
     * The last transport failure (as the HTTP client's `RequestError` carried it), copied without the request, its
     * headers or any server data, and scrubbed of our credentials.
     */
    cause: Schema.optional(Schema.Defect)
  })
{
  override get message(): string {
    const kind = this.code === undefined ? undefined : Transport.kindOf(this.code)
    const host = hostOf(this.url)
    const target = this.url === undefined ? "The Sinch auth server" : `The token endpoint ${this.url}`
    const wait = this.retryAfter === undefined ? "" : ` It asked to retry after ${Duration.format(this.retryAfter)}.`
    const head = this.status !== undefined
      ? `${target} could not issue a token after ${this.attempts} attempt(s) (last: HTTP ${this.status}, ${this.reason}).`
      : kind !== undefined && Transport.isFinal(kind)
      ? `${target} could not be reached: ${this.reason}. Not retried, since waiting would not help.`
      : `${target} could not be reached after ${this.attempts} attempt(s) (last: ${this.reason}).`
    return `${head}${wait} ${advice(kind, host)}`
  }
}

const setting = "SINCH_AUTH_URL (or the tokenUrl option)"

const advice = (kind: Transport.Kind | undefined, host: string | undefined): string => {
  // Without a URL (an error built by hand) the endpoint is taken to be Sinch's.
  const sinch = host === undefined || Transport.isSinchHost(host)
  switch (kind) {
    case "unresolvable":
      return sinch
        ? `Check your network connection and DNS; to use the emulator or another server, set ${setting}.`
        : `Check the host name in ${setting}, and your network's DNS.`
    case "certificate":
      return `Check ${setting}: the host must match its certificate. If a proxy on your network inspects TLS, ` +
        "give Node its CA certificate (NODE_EXTRA_CA_CERTS)."
    case "handshake":
      return `Check ${setting}: use https only with a server that speaks it (the emulator speaks plain http).`
  }
  if (host !== undefined && Transport.isLocalHost(host)) {
    return kind === "refused"
      ? `Nothing is listening there: check ${setting}, and that the emulator (or the server it names) is running.`
      : `Check ${setting}, and that the emulator (or the server it names) is running and healthy.`
  }
  return sinch
    ? "Try again later; if it persists, check your network and the Sinch status page."
    : `Try again later; if it persists, check ${setting}, that its server is up, and your network.`
}

/**
 * The token endpoint answered something that is not a token: a 2xx body that does not decode as
 * `{access_token, token_type, expires_in}`, or a status that neither issues a token nor refuses credentials (a
 * wrong `tokenUrl` often gives 404). For a 2xx body, which may hold a token or other secrets, the reason names the
 * wrong field and what was expected and the excerpt shows only the shape (known field names and value types), never
 * a value; for other statuses the excerpt is bounded and scrubbed of our credentials.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidTokenResponse extends authError(Schema.TaggedError<InvalidTokenResponse>, "InvalidTokenResponse", {
  status: Schema.Number,
  /** Why the answer was not accepted. */
  reason: Schema.String,
  /** A bounded, secret-free excerpt of the body. */
  excerpt: Schema.String,
  /** The token URL: origin and path, never user info or query. */
  url: Schema.optional(Schema.String),
  /**
   * When a 2xx body was JSON that does not decode as a token: the `ParseError`, every issue with its path, the
   * values of the body behind `Redacted` (see `Redaction.parseError` of `@effect-sinch/core`).
   */
  cause: Schema.optional(Schema.Defect)
}) {
  override get message(): string {
    return `The token endpoint${
      where(this.url)
    } answered HTTP ${this.status} with something that is not an access token ` +
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
export class InsecureTokenUrl extends authError(Schema.TaggedError<InsecureTokenUrl>, "InsecureTokenUrl", {
  /** The URL, without any user info, query or fragment. */
  url: Schema.String,
  reason: Schema.String
}) {
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
export const isAuthError = (u: unknown): u is AuthError => Predicate.hasProperty(u, TypeId)
