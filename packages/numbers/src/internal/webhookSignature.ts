/** @internal */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

const encoder = new TextEncoder()

const hexSignature = /^[0-9a-fA-F]{40}$/

/**
 * The 20 bytes of an HMAC-SHA1 written as 40 hex digits (either case, surrounding spaces ignored), or `None` when the
 * text is anything else.
 *
 * @internal
 */
export const decodeHexSignature = (text: string): Option.Option<Uint8Array<ArrayBuffer>> => {
  const hex = text.trim()
  if (!hexSignature.test(hex)) {
    return Option.none()
  }
  const bytes = new Uint8Array(20)
  for (let i = 0; i < 20; i++) {
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  }
  return Option.some(bytes)
}

/**
 * The body as the bytes that were signed: strings are UTF-8 encoded; byte arrays are copied, so the caller cannot
 * change them while the check runs (and Web Crypto gets a plain `ArrayBuffer` view).
 *
 * @internal
 */
export const bodyBytes = (body: Uint8Array | string): Uint8Array<ArrayBuffer> =>
  typeof body === "string" ? encoder.encode(body) : new Uint8Array(body)

const subtle = (): SubtleCrypto => {
  const crypto = (globalThis as { readonly crypto?: Crypto }).crypto
  if (crypto?.subtle === undefined) {
    throw new Error(
      "Web Crypto (globalThis.crypto.subtle) is not available: verifying Sinch webhooks needs Node 20+, Deno, Bun, " +
        "a worker runtime or a browser in a secure context"
    )
  }
  return crypto.subtle
}

/**
 * Whether `signature` is the HMAC-SHA1 of `body` keyed by `secret`. `crypto.subtle.verify` compares in constant time.
 * Web Crypto failing here is a broken runtime, not bad input, hence a defect.
 *
 * @internal
 */
export const verifyHmacSha1 = (
  secret: string,
  signature: Uint8Array<ArrayBuffer>,
  body: Uint8Array<ArrayBuffer>
): Effect.Effect<boolean> =>
  Effect.promise(async () => {
    const crypto = subtle()
    const key = await crypto.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-1" }, false, [
      "verify"
    ])
    return crypto.verify("HMAC", key, signature, body)
  })
