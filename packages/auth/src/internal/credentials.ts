/** @internal */
import * as Encoding from "effect/Encoding"
import * as Redacted from "effect/Redacted"
import * as Scrubber from "./scrubber.js"

/**
 * An access key, the HTTP Basic header made of it, and the one scrubber that masks every credential derived from it
 * (plus the access tokens it is told about).
 *
 * @internal
 */
export interface Credentials {
  readonly keyId: string
  /** `Basic base64(keyId:keySecret)`. */
  readonly basic: Redacted.Redacted<string>
  readonly scrubber: Scrubber.Scrubber
}

/**
 * @internal
 */
export const make = (keyId: string, keySecret: Redacted.Redacted<string>): Credentials => {
  const secret = Redacted.value(keySecret)
  const decoded = `${keyId}:${secret}`
  const encoded = Encoding.encodeBase64(decoded)
  return {
    keyId,
    basic: Redacted.make(`Basic ${encoded}`),
    // The key id alone is not a secret: it stays readable in errors and spans.
    scrubber: Scrubber.make([encoded, decoded, secret])
  }
}
