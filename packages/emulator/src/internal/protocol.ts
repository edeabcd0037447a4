/** @internal */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { ErrorResponse, FieldViolation } from "./wire.js"
import { contentTooLarge, invalidArgument } from "./wire.js"

/** @internal */
export class BodyTooLarge extends Data.TaggedError("BodyTooLarge")<{ readonly maxBytes: number }> {}

/** @internal */
export class BodyUnreadable extends Data.TaggedError("BodyUnreadable")<{ readonly cause: unknown }> {}

/**
 * A request as a transport hands it over, whether it came over a socket or from the in-process client. The body is
 * read at most once, up to `maxBytes`: a declared Content-Length over the limit fails at once, a longer stream as soon
 * as the limit is passed.
 *
 * @internal
 */
export interface IncomingRequest {
  readonly method: string
  readonly url: URL
  readonly headers: globalThis.Headers
  readonly readBody: (maxBytes: number) => Effect.Effect<Uint8Array, BodyTooLarge | BodyUnreadable>
}

/**
 * A request as an operation sees it: its body already bounded by the endpoint's limit.
 *
 * @internal
 */
export interface EmulatorRequest {
  readonly method: string
  readonly url: URL
  readonly headers: globalThis.Headers
  readonly body: Effect.Effect<Uint8Array, BodyTooLarge | BodyUnreadable>
}

/** The largest body an API endpoint reads (attachments included). @internal */
export const maxApiBodyBytes = 10 * 1024 * 1024

/** The largest body the unauthenticated endpoints read: `/oauth2/token` and `/_emulator/*`. @internal */
export const maxSmallBodyBytes = 16 * 1024

/** The declared Content-Length, if any and well-formed. @internal */
export const declaredLength = (headers: globalThis.Headers): number | undefined => {
  const value = headers.get("content-length")
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined
}

/** The 413 of a body over its endpoint's limit. @internal */
export const bodyTooLarge = (maxBytes: number): ErrorResponse =>
  contentTooLarge("request", `The request body is larger than the ${maxBytes} bytes this endpoint accepts`)

/**
 * Collects a body's chunks, refusing it once it passes `maxBytes`; one copy at the end, so reading is linear.
 *
 * @internal
 */
export class BodyCollector {
  private readonly chunks: Array<Uint8Array> = []
  private size = 0
  constructor(readonly maxBytes: number) {}

  /** false once the body is over the limit */
  add(chunk: Uint8Array): boolean {
    this.size += chunk.length
    if (this.size > this.maxBytes) {
      this.chunks.length = 0
      return false
    }
    this.chunks.push(chunk)
    return true
  }

  result(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!
    const out = new Uint8Array(this.size)
    let offset = 0
    for (const chunk of this.chunks) {
      out.set(chunk, offset)
      offset += chunk.length
    }
    return out
  }
}

/**
 * What the transport must do with a request: answer, or cut the connection before or in the middle of the body.
 *
 * @internal
 */
export type Outcome =
  | {
    readonly _tag: "Response"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    /** a string is sent as UTF-8 */
    readonly body: Uint8Array | string
  }
  | { readonly _tag: "DropBeforeResponse" }
  | {
    readonly _tag: "DropMidBody"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: Uint8Array
  }

/** @internal */
export const bytesOf = (body: Uint8Array | string): Uint8Array =>
  typeof body === "string" ? new TextEncoder().encode(body) : body

/** JSON already serialized (the fast path of large pages). @internal */
export class RawJson {
  constructor(readonly json: string) {}
}

/** A handler's successful answer; no body (`undefined`) where the document gives the answer no content. @internal */
export interface Reply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** @internal */
export const ok = (body: unknown): Reply => ({ status: 200, body })

/** A 200 without content. @internal */
export const noContent: Reply = { status: 200, body: undefined }

/** @internal */
export const jsonOutcome = (
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {}
): Outcome => ({
  _tag: "Response",
  status,
  headers: { "content-type": "application/json", ...headers },
  body: body instanceof RawJson ? body.json : JSON.stringify(body)
})

/** @internal */
export const replyOutcome = (reply: Reply): Outcome =>
  reply.body === undefined
    ? { _tag: "Response", status: reply.status, headers: reply.headers ?? {}, body: "" }
    : jsonOutcome(reply.status, reply.body, reply.headers)

/** @internal */
export const errorOutcome = (error: ErrorResponse): Outcome => jsonOutcome(error.status, error.body, error.headers)

/** @internal */
export const textOutcome = (
  status: number,
  body: string,
  contentType: string,
  headers: Readonly<Record<string, string>> = {}
): Outcome => ({
  _tag: "Response",
  status,
  headers: { "content-type": contentType, ...headers },
  body
})

const branchNoise = /^Expected (undefined|null), actual /

/**
 * Turns a schema failure into Sinch's field violations: one per field, named by its dotted path.
 *
 * @internal
 */
export const violationsOf = (
  error: ParseResult.ParseError,
  rename: (field: string) => string = (f) => f
): Array<FieldViolation> => {
  const all = ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    ...issue,
    field: rename(issue.path.map(String).join("."))
  }))
  // a nullable field adds a "null" branch whose failure only repeats the real one, at the same place or deeper
  const meaningful = all.filter((issue) =>
    !branchNoise.test(issue.message) ||
    !all.some((other) =>
      other !== issue && !branchNoise.test(other.message) &&
      (issue.field === "" || other.field === issue.field || other.field.startsWith(`${issue.field}.`))
    )
  )
  const byField = new Map<string, Array<string>>()
  for (const issue of meaningful) {
    const description = issue._tag === "Missing" ? "must be specified" : issue.message
    const descriptions = byField.get(issue.field) ?? []
    if (!descriptions.includes(description)) descriptions.push(description)
    byField.set(issue.field, descriptions)
  }
  return [...byField].map(([field, descriptions]) => ({ field, description: combine(descriptions) }))
}

/** `Expected "A", actual "X"` for every member of a union reads better as one line. */
const combine = (descriptions: ReadonlyArray<string>): string => {
  const parts = descriptions.map((d) => /^Expected (.+), actual (.+)$/.exec(d))
  if (descriptions.length > 1 && parts.every((m) => m !== null && m[2] === parts[0]![2])) {
    return `Expected one of ${parts.map((m) => m![1]).join(", ")}; got ${parts[0]![2]}`
  }
  return descriptions.join("; or ")
}

/** Decodes with a schema; every failure is a 400 with one violation per field. @internal */
export const decodeWith = <A, I>(
  schema: Schema.Schema<A, I>,
  input: unknown,
  rename?: (field: string) => string,
  onExcessProperty: "ignore" | "error" = "ignore"
): Effect.Effect<A, ErrorResponse> => {
  const result = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty })(input)
  return Either.isRight(result)
    ? Effect.succeed(result.right)
    : Effect.fail(invalidArgument(violationsOf(result.left, rename)))
}

/** @internal */
export const readFailure = (e: BodyTooLarge | BodyUnreadable): ErrorResponse =>
  e._tag === "BodyTooLarge"
    ? bodyTooLarge(e.maxBytes)
    : invalidArgument([{ field: "", description: "The request body could not be read" }])

/**
 * Reads a JSON body. An empty body reads as `{}` unless the document marks the body `required`; anything that is not
 * JSON is refused ("Requests with invalid JSON will be rejected").
 *
 * @internal
 */
export const jsonBody = (request: EmulatorRequest, required = false): Effect.Effect<unknown, ErrorResponse> =>
  request.body.pipe(
    Effect.mapError(readFailure),
    Effect.flatMap((bytes) => {
      const text = new TextDecoder().decode(bytes)
      if (text.trim() === "") {
        return required
          ? Effect.fail(invalidArgument([{ field: "", description: "The request body is required" }]))
          : Effect.succeed({})
      }
      try {
        return Effect.succeed(JSON.parse(text) as unknown)
      } catch (e) {
        return Effect.fail(
          invalidArgument([{ field: "", description: `Invalid JSON payload: ${(e as Error).message}` }])
        )
      }
    })
  )

/** @internal */
export const decodeBody = <A, I>(
  schema: Schema.Schema<A, I>,
  request: EmulatorRequest,
  required = false
): Effect.Effect<A, ErrorResponse> => Effect.flatMap(jsonBody(request, required), (json) => decodeWith(schema, json))
