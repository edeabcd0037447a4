/** @internal */
import * as HttpBody from "@effect/platform/HttpBody"
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as NumbersError from "../NumbersError.js"

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

/**
 * A request as a JSON body.
 *
 * @internal
 */
export const jsonBody = (
  operation: string,
  request: unknown
): Effect.Effect<HttpBody.HttpBody, NumbersError.InvalidInput> => {
  try {
    return Effect.succeed(HttpBody.text(JSON.stringify(request), "application/json"))
  } catch (e) {
    // A value JSON cannot carry (a cycle, a BigInt) in a free-form field: refused before anything is sent.
    return Effect.fail(
      new NumbersError.InvalidInput({
        operation,
        field: "",
        reason: `it cannot be sent as JSON (${e instanceof Error ? e.message : String(e)})`
      })
    )
  }
}

// The multipart body is encoded here, once, into bytes: every HttpClient sends bytes the same way (a FormData
// instance is not understood by all of them, e.g. undici's own FormData differs from the global one), and a retry
// resends the very same body.
/**
 * An upload as a multipart body.
 *
 * @internal
 */
export const multipartBody = (operation: string, upload: {
  readonly file: Uint8Array | Blob
  readonly fileName: string
  readonly mimeType?: string | undefined
  readonly documentType?: string | undefined
}): Effect.Effect<HttpBody.HttpBody, NumbersError.InvalidInput> =>
  Effect.tryPromise({
    try: async () => {
      const form = new FormData()
      const type = upload.mimeType ?? (upload.file instanceof Blob && upload.file.type !== ""
        ? upload.file.type
        : "application/octet-stream")
      const blob = upload.file instanceof Blob
        ? upload.file.slice(0, upload.file.size, type)
        : new Blob([upload.file.slice()], { type })
      form.append("file", blob, upload.fileName)
      if (upload.documentType !== undefined) form.append("documentType", upload.documentType)
      const encoded = new Response(form)
      const bytes = new Uint8Array(await encoded.arrayBuffer())
      return HttpBody.uint8Array(bytes, encoded.headers.get("content-type") ?? "multipart/form-data")
    },
    catch: (e) =>
      new NumbersError.InvalidInput({
        operation,
        field: "file",
        reason: `it could not be read (${e instanceof Error ? e.message : String(e)})`
      })
  })
