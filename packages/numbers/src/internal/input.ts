/** @internal */
import * as Redaction from "@effect-sinch/core/Redaction"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { InvalidInput } from "../NumbersError.js"
import { lazy } from "./lazy.js"

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`,
    ""
  )

/**
 * Turns a ParseError about user input into `InvalidInput`, naming the first wrong field under `field`.
 *
 * @internal
 */
export const invalidInput = (operation: string, field: string, error: ParseResult.ParseError): InvalidInput => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  const path = issue === undefined ? "" : formatPath(issue.path)
  return new InvalidInput({
    operation,
    field: field === "" ? path : path === "" ? field : `${field}.${path}`,
    reason: issue?.message ?? "it is not valid",
    // The caller's own values (an HMAC secret among them) stay out of printouts.
    cause: Redaction.parseError(error)
  })
}

/**
 * Checks user input for an operation, naming the wrong field under `field`, and gives back the clean `Encoded` form.
 *
 * @internal
 */
export type Validator<I> = (operation: string, field: string, input: unknown) => Effect.Effect<I, InvalidInput>

/**
 * Checks a string (a path parameter) for an operation.
 *
 * @internal
 */
export interface StringValidator {
  (operation: string, field: string, input: unknown): Effect.Effect<string, InvalidInput>
  /** Whether the input is valid, checked synchronously without building a parse result (the common case). */
  readonly accepts: (input: unknown) => input is string
}

/**
 * A validator for user input of a schema: decodes the Encoded form strictly (an unknown field is an error, so a
 * typo does not silently drop a filter) and gives back the clean Encoded form to send.
 *
 * @internal
 */
export const validator = <A, I>(schema: Schema.Schema<A, I>): Validator<I> => {
  const decode = lazy(() => Schema.decodeUnknown(schema, { onExcessProperty: "error" }))
  const encode = lazy(() => Schema.encode(schema))
  return (operation: string, field: string, input: unknown): Effect.Effect<I, InvalidInput> =>
    Effect.mapError(Effect.flatMap(decode(input), encode), (error) => invalidInput(operation, field, error))
}

/**
 * A validator for a string schema (a refinement or brand of `String`, whose decoded and encoded forms are the input
 * itself): a valid string is checked without building a parse result, anything else goes through `validator` for
 * its error. Paths hold such strings, so every single-resource call validates one.
 *
 * @internal
 */
export const stringValidator = <A extends string>(schema: Schema.Schema<A, string>): StringValidator => {
  const is = lazy(() => Schema.is(schema))
  const full = validator(schema)
  const accepts = (input: unknown): input is string => typeof input === "string" && is(input)
  return Object.assign(
    (operation: string, field: string, input: unknown): Effect.Effect<string, InvalidInput> =>
      accepts(input) ? Effect.succeed(input) : full(operation, field, input),
    { accepts }
  )
}

/**
 * A resource id or phone number that goes into a path, as the API returned it: not empty, and not `.` or `..`
 * (which URLs resolve away). Anything else is path-encoded safely, so an id the API gave can always be passed back.
 *
 * @internal
 */
export const ResourceId = Schema.String.pipe(
  Schema.filter((s) =>
    s === ""
      ? "Expected a non-empty id"
      : s === "." || s === ".."
      ? `Expected an id, got ${JSON.stringify(s)}`
      : true
  )
)
