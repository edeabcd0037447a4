/** @internal */
import type * as UrlParams from "@effect/platform/UrlParams"

/**
 * One path segment, percent-encoded. `+` stays as it is: it is legal in a path, means itself there, and is how
 * Sinch's own examples write E.164 numbers (`/activeNumbers/+12025550134`).
 *
 * @internal
 */
export const segment = (value: string): string => encodeURIComponent(value).replace(/%2B/g, "+")

/**
 * Query parameters from a record: `undefined` is left out, arrays become repeated keys. The values are encoded
 * later by `URLSearchParams` (`+` as `%2B`, space as `+`), so page tokens round-trip byte for byte.
 *
 * @internal
 */
export const query = (
  entries: Record<string, string | number | ReadonlyArray<string> | undefined>
): UrlParams.UrlParams => {
  const params: Array<[string, string]> = []
  for (const key in entries) {
    const value = entries[key]
    if (value === undefined) continue
    if (typeof value === "string") params.push([key, value])
    else if (typeof value === "number") params.push([key, String(value)])
    else for (const item of value) params.push([key, item])
  }
  return params
}

const secretLike = /("[^"]*(?:secret|token|password|key)[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)/gi

/**
 * A bounded excerpt of a body for error messages, with the values of secret-looking JSON fields masked
 * (`hmacSecret`, `access_token`…).
 *
 * @internal
 */
export const excerpt = (text: string, max = 512): string => {
  // Cut first, then mask: a value cut short at the end is masked too (the pattern accepts the end as its close).
  const cut = text.length > max ? text.slice(0, max) : text
  const masked = cut.replace(secretLike, (_, key: string) => `${key}"<redacted>"`)
  return cut.length < text.length ? `${masked}…` : masked
}
