/** @internal */
import { createHmac, timingSafeEqual } from "node:crypto"

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
