/** @internal */

/**
 * Page tokens are opaque: standard base64 (so they hold `+`, `/` and `=`, and a client that forgets to encode
 * query values finds out here) of a marker and the last key of the page.
 *
 * @internal
 */
export interface Cursor {
  readonly orderBy: "phoneNumber" | "displayName"
  readonly phoneNumber: string
  readonly displayName: string
}

// 0xfb 0xff 0xbf encode as "+/+/": every token starts with both characters that need encoding.
const marker = [0xfb, 0xff, 0xbf]

/** @internal */
export const encode = (cursor: Cursor): string => {
  const payload = new TextEncoder().encode(
    JSON.stringify([cursor.orderBy === "phoneNumber" ? "p" : "d", cursor.phoneNumber, cursor.displayName])
  )
  // a length that is not a multiple of 3 makes base64 end with "=" padding
  const pad = (marker.length + payload.length) % 3 === 0 ? 1 : 0
  const bytes = new Uint8Array(marker.length + payload.length + pad)
  bytes.set(marker, 0)
  bytes.set(payload, marker.length)
  return Buffer.from(bytes).toString("base64")
}

/** @internal */
export const decode = (token: string): Cursor | undefined => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token) || token.length % 4 !== 0) return undefined
  const bytes = Buffer.from(token, "base64")
  if (bytes.length < marker.length || marker.some((b, i) => bytes[i] !== b)) return undefined
  let end = bytes.length
  while (end > marker.length && bytes[end - 1] === 0) end--
  try {
    const value: unknown = JSON.parse(bytes.subarray(marker.length, end).toString("utf8"))
    if (
      Array.isArray(value) && value.length === 3 && (value[0] === "p" || value[0] === "d") &&
      typeof value[1] === "string" && typeof value[2] === "string"
    ) {
      return { orderBy: value[0] === "p" ? "phoneNumber" : "displayName", phoneNumber: value[1], displayName: value[2] }
    }
    return undefined
  } catch {
    return undefined
  }
}
