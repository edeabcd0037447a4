/** @internal */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { createHmac, timingSafeEqual } from "node:crypto"
import type { Config } from "./context.js"
import type { EmulatorRequest, Outcome } from "./protocol.js"
import { errorOutcome, jsonOutcome, readFailure } from "./protocol.js"
import type { ErrorResponse } from "./wire.js"
import { unauthenticated } from "./wire.js"

const b64url = (data: string | Buffer): string => Buffer.from(data).toString("base64url")

/** @internal */
export interface Claims {
  readonly sub: string
  readonly iat: number
  readonly exp: number
  readonly jti: string
  /** expiry in milliseconds, so TTLs below a second work */
  readonly ems: number
}

/**
 * Issues and checks HS256 JWTs, signed with a key derived from the key secret: no token store, so a million
 * requests cost no memory.
 *
 * @internal
 */
export class Tokens {
  private readonly key: Buffer
  constructor(keySecret: string, seed: number) {
    this.key = createHmac("sha256", "effect-sinch-emulator").update(`${seed}:${keySecret}`).digest()
  }

  issue(keyId: string, now: number, ttlMillis: number, counter: number): string {
    const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))
    const claims: Claims = {
      sub: keyId,
      iat: Math.floor(now / 1000),
      exp: Math.floor((now + ttlMillis) / 1000),
      jti: `${now.toString(36)}-${counter.toString(36)}`,
      ems: now + ttlMillis
    }
    const payload = b64url(JSON.stringify(claims))
    return `${header}.${payload}.${this.signature(`${header}.${payload}`)}`
  }

  private signature(input: string): string {
    return createHmac("sha256", this.key).update(input).digest("base64url")
  }

  /** The claims of a token this emulator signed, or undefined. */
  verify(token: string): Claims | undefined {
    const parts = token.split(".")
    if (parts.length !== 3) return undefined
    const expected = Buffer.from(this.signature(`${parts[0]}.${parts[1]}`))
    const actual = Buffer.from(parts[2]!)
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined
    try {
      const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Claims
      return typeof claims.ems === "number" ? claims : undefined
    } catch {
      return undefined
    }
  }
}

/** Constant-time comparison of two strings. @internal */
export const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Reads `Basic base64(id:secret)`. @internal */
export const parseBasic = (header: string): { id: string; secret: string } | undefined => {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
  if (match === null) return undefined
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) }
}

const expiredAt = (millis: number) => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z")

const challenge = `Bearer realm="Sinch Numbers emulator", Basic realm="Sinch Numbers emulator"`

/**
 * Checks an API request's credentials: a bearer token this emulator issued and that has not expired, or HTTP Basic
 * with the key. The failure to answer with, or undefined.
 *
 * @internal
 */
export const authorize = (
  config: Config,
  tokens: Tokens,
  headers: globalThis.Headers,
  now: number
): ErrorResponse | undefined => {
  const header = headers.get("authorization")
  if (header === null || header.trim() === "") {
    return unauthenticated("Missing credentials: send a Bearer token from /oauth2/token, or HTTP Basic", challenge)
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (bearer !== null) {
    const claims = tokens.verify(bearer[1]!)
    if (claims === undefined) {
      return unauthenticated(
        "Invalid access token",
        `Bearer error="invalid_token", error_description="Jwt is malformed or was not issued by this server", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"`
      )
    }
    if (claims.ems <= now) {
      return unauthenticated(
        "Access token expired",
        `Bearer error="invalid_token", error_description="Jwt expired at ${
          expiredAt(claims.ems)
        }", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"`
      )
    }
    return undefined
  }
  const basic = parseBasic(header)
  if (basic !== undefined && basic.id === config.keyId && sameSecret(basic.secret, config.keySecret)) {
    return undefined
  }
  return unauthenticated("Invalid credentials", challenge)
}

/**
 * `POST /oauth2/token`: client credentials, the key by HTTP Basic or as `client_id`/`client_secret` in the form.
 * Errors are the auth server's own shape. `issued` counts the token and gives its number.
 *
 * @internal
 */
export const tokenEndpoint = (
  config: Config,
  tokens: Tokens,
  request: EmulatorRequest,
  issued: Effect.Effect<number>
): Effect.Effect<Outcome> =>
  Effect.gen(function*() {
    const read = yield* Effect.either(request.body)
    if (read._tag === "Left") return errorOutcome(readFailure(read.left))
    const form = new URLSearchParams(new TextDecoder().decode(read.right))
    const grantType = form.get("grant_type")
    if (grantType !== "client_credentials") {
      return jsonOutcome(400, {
        error: grantType === null ? "invalid_request" : "unsupported_grant_type",
        error_description: grantType === null
          ? "The request is missing a required parameter: grant_type."
          : "The authorization grant type is not supported by the authorization server.",
        error_hint: "Send grant_type=client_credentials as a form body.",
        status_code: 400
      })
    }
    const header = request.headers.get("authorization")
    const credentials = header !== null
      ? parseBasic(header)
      : form.get("client_id") !== null
      ? { id: form.get("client_id")!, secret: form.get("client_secret") ?? "" }
      : undefined
    if (
      credentials === undefined || credentials.id !== config.keyId ||
      !sameSecret(credentials.secret, config.keySecret)
    ) {
      return jsonOutcome(401, {
        error: "invalid_client",
        error_description:
          "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).",
        error_hint: "The requested OAuth 2.0 Client does not exist or the credentials are wrong.",
        status_code: 401
      }, { "www-authenticate": `Basic realm="Sinch auth emulator"` })
    }
    const now = yield* Clock.currentTimeMillis
    const counter = yield* issued
    return jsonOutcome(200, {
      access_token: tokens.issue(config.keyId, now, config.tokenTtlMillis, counter),
      token_type: "bearer",
      expires_in: Math.ceil(config.tokenTtlMillis / 1000),
      scope: ""
    }, { "cache-control": "no-store", pragma: "no-cache" })
  })
