/** @internal */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { ErrorResponse, FieldViolation } from "./wire.js"
import { contentTooLarge, invalidArgument } from "./wire.js"

/**
 * A request as the emulator sees it, whether it came over a socket or from the in-process client.
 *
 * @internal
 */
export interface EmulatorRequest {
  readonly method: string
  readonly url: URL
  readonly headers: globalThis.Headers
  readonly body: Effect.Effect<Uint8Array, BodyTooLarge | BodyUnreadable>
}

/** @internal */
export class BodyTooLarge {
  readonly _tag = "BodyTooLarge"
}

/** @internal */
export class BodyUnreadable {
  readonly _tag = "BodyUnreadable"
  constructor(readonly cause: unknown) {}
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

/** A handler's successful answer. @internal */
export interface Reply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** @internal */
export const ok = (body: unknown): Reply => ({ status: 200, body })

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

/**
 * Turns a schema failure into Sinch's field violations: one per issue, named by its dotted path.
 *
 * @internal
 */
export const violationsOf = (
  error: ParseResult.ParseError,
  rename: (field: string) => string = (f) => f
): Array<FieldViolation> => {
  const all = ParseResult.ArrayFormatter.formatErrorSync(error)
  // `optional` fields add an "or undefined" branch whose failure only repeats the real one
  const meaningful = all.filter((issue) => !issue.message.startsWith("Expected undefined, actual"))
  const byField = new Map<string, Array<string>>()
  for (const issue of meaningful.length > 0 ? meaningful : all) {
    const field = rename(issue.path.map(String).join("."))
    const description = issue._tag === "Missing" ? "must be specified" : issue.message
    const descriptions = byField.get(field) ?? []
    if (!descriptions.includes(description)) descriptions.push(description)
    byField.set(field, descriptions)
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

/** @internal */
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

/** Reads a JSON body; an empty body reads as `{}`. @internal */
export const jsonBody = (request: EmulatorRequest): Effect.Effect<unknown, ErrorResponse> =>
  request.body.pipe(
    Effect.mapError((e) =>
      e._tag === "BodyTooLarge"
        ? contentTooLarge("request", "The request body is too large")
        : invalidArgument([{ field: "", description: "The request body could not be read" }])
    ),
    Effect.flatMap((bytes) => {
      const text = new TextDecoder().decode(bytes)
      if (text.trim() === "") return Effect.succeed({})
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
  request: EmulatorRequest
): Effect.Effect<A, ErrorResponse> => Effect.flatMap(jsonBody(request), (json) => decodeWith(schema, json))
