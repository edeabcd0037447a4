import { expect } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Timestamp from "../../src/Timestamp.js"

/** The folder holding the JSON fixtures (copied into the repository, see fixtures/README.md). */
export const fixturesDir = fileURLToPath(new URL("../fixtures/", import.meta.url))

/** Reads a fixture by its path under `test/fixtures`. */
export const readJson = (relative: string): unknown =>
  JSON.parse(Fs.readFileSync(Path.join(fixturesDir, relative), "utf8"))

/** Every `.json` file under a folder of `test/fixtures`, as paths relative to `test/fixtures`. */
export const listJson = (relative: string): ReadonlyArray<string> =>
  (Fs.readdirSync(Path.join(fixturesDir, relative), { recursive: true, encoding: "utf8" }))
    .filter((file) => file.endsWith(".json"))
    .map((file) => Path.posix.join(relative, file.split(Path.sep).join("/")))
    .sort()

/** Decodes with every error reported, so a message names every field at fault. */
export const decode = <A, I>(schema: Schema.Schema<A, I>, input: unknown): Either.Either<A, ParseResult.ParseError> =>
  Schema.decodeUnknownEither(schema, { errors: "all" })(input)

/** Decodes, failing the test with the parse error's message if it does not. */
export const decodeOk = <A, I>(schema: Schema.Schema<A, I>, input: unknown): A => {
  const result = decode(schema, input)
  if (Either.isLeft(result)) {
    expect.fail(`expected the input to decode, got:\n${result.left.message}`)
  }
  return result.right
}

/**
 * Asserts that decoding fails with a ParseError whose message points at each of `fields` (the `["field"]` path
 * segment a failure inside a struct prints) and returns the message.
 */
export const expectRejected = <A, I>(
  schema: Schema.Schema<A, I>,
  input: unknown,
  fields: ReadonlyArray<string>
): string => {
  const result = decode(schema, input)
  if (Either.isRight(result)) {
    return expect.fail(`expected a ParseError naming ${fields.join(", ")}, but it decoded`)
  }
  const error = result.left
  expect(error).toBeInstanceOf(ParseResult.ParseError)
  expect(error._tag).toBe("ParseError")
  for (const field of fields) {
    expect(error.message).toContain(`["${field}"]`)
  }
  return error.message
}

/**
 * A JSON value with every `null` object member removed, recursively: what a response schema encodes back, since a
 * `null` in a response reads as a missing field.
 */
export const withoutNulls = (json: unknown): unknown => {
  if (Array.isArray(json)) return json.map(withoutNulls)
  if (typeof json !== "object" || json === null) return json
  return Object.fromEntries(
    Object.entries(json).flatMap(([key, value]) => value === null ? [] : [[key, withoutNulls(value)]])
  )
}

/** Decode then encode: what goes back on the wire. */
export const reencode = <A, I>(schema: Schema.Schema<A, I>, input: unknown): I =>
  Schema.encodeSync(schema)(decodeOk(schema, input))

/**
 * Property: for arbitrary values of the schema, encoding then decoding gives back an equivalent value (by the
 * schema's equivalence, which compares Timestamps as instants and records field by field).
 */
export const assertRoundTrip = <A, I>(schema: Schema.Schema<A, I>, numRuns = 100): void => {
  const arbitrary = Arbitrary.make(schema)
  const equivalence = Schema.equivalence(schema)
  const encode = Schema.encodeSync(schema)
  const decodeSync = Schema.decodeUnknownSync(schema)
  FastCheck.assert(
    FastCheck.property(arbitrary, (value) => {
      const decoded = decodeSync(encode(value))
      return equivalence(decoded, value)
    }),
    { numRuns }
  )
}

/** A response timestamp that must have been read as a `Timestamp` (not kept as text). */
export const readTimestamp = (value: Timestamp.Timestamp | string | undefined): Timestamp.Timestamp => {
  if (!Timestamp.isTimestamp(value)) return expect.fail(`expected a Timestamp, got ${JSON.stringify(value)}`)
  return value
}
