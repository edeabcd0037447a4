import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { inspect } from "node:util"
import * as Redaction from "../src/Redaction.js"
import { TimestampFromString } from "../src/Timestamp.js"

const secret = "hmac-S3cret-value-0123456789"

const Config = Schema.Struct({
  projectId: Schema.String,
  hmacSecret: Schema.Number,
  items: Schema.Array(Schema.Struct({ at: TimestampFromString, size: Schema.Int.pipe(Schema.positive()) })),
  kind: Schema.Union(Schema.Literal("a"), Schema.Literal("b")),
  limits: Schema.Record({ key: Schema.String, value: Schema.Number })
})

const failure = (input: unknown): ParseResult.ParseError => {
  const decoded = Schema.decodeUnknownEither(Config)(input, { errors: "all" })
  if (Either.isRight(decoded)) throw new Error("expected a decode failure")
  return decoded.left
}

// The secret only as values: the texts that quote the input are the scrubber's business (see below).
const input = {
  projectId: 7,
  hmacSecret: secret,
  items: [{ at: "2024-02-10T17:22:09Z", size: secret }, { at: "2024-02-10T17:22:09Z", size: -1 }],
  kind: secret,
  limits: { max: secret }
}

const printed = (error: ParseResult.ParseError): string =>
  [
    error.message,
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 20 }),
    Cause.pretty(Cause.fail(error)),
    JSON.stringify(ParseResult.ArrayFormatter.formatErrorSync(error))
  ].join("\n")

describe("Redaction.parseError", () => {
  it("prints no value of the input, where the original prints them", () => {
    const original = failure(input)
    assert.include(printed(original), secret)
    assert.notInclude(printed(Redaction.parseError(original)), secret)
    assert.include(Redaction.parseError(original).message, "actual <redacted>")
  })

  it("keeps every issue where it was: the same paths and kinds", () => {
    const original = failure(input)
    const redacted = Redaction.parseError(original)
    const shape = (error: ParseResult.ParseError) =>
      ParseResult.ArrayFormatter.formatErrorSync(error).map(({ _tag, path }) => ({ _tag, path }))
    assert.deepStrictEqual(shape(redacted), shape(original))
    assert.isAbove(shape(original).length, 4)
    assert.strictEqual(redacted.issue._tag, original.issue._tag)
  })

  it("keeps the values, behind Redacted", () => {
    const redacted = Redaction.parseError(failure(input))
    assert.strictEqual(redacted.issue._tag, "Composite")
    const actual = redacted.issue._tag === "Composite" ? redacted.issue.actual : undefined
    assert.isTrue(Redacted.isRedacted(actual))
    assert.strictEqual(Redacted.isRedacted(actual) ? Redacted.value(actual) : undefined, input)
  })

  it("scrubs the messages stored on issues and the keys of paths", () => {
    const scrub = (text: string) => text.replaceAll(secret, "<masked>")
    // The timestamp's message quotes the text it could not read; a record's key comes from the input.
    const original = failure({ ...input, items: [{ at: `not a time ${secret}`, size: 1 }], limits: { [secret]: "x" } })
    assert.include(JSON.stringify(ParseResult.ArrayFormatter.formatErrorSync(original)), `not a time ${secret}`)
    const redacted = Redaction.parseError(original, scrub)
    const issues = ParseResult.ArrayFormatter.formatErrorSync(redacted)
    assert.isTrue(issues.some((issue) => issue.message.includes("not a time <masked>")))
    assert.isTrue(ParseResult.ArrayFormatter.formatErrorSync(original).some((issue) => issue.path.includes(secret)))
    assert.isTrue(issues.some((issue) => issue.path.includes("<masked>")))
    assert.notInclude(printed(redacted), secret)
  })

  it("leaves a missing value missing", () => {
    const redacted = Redaction.parseError(failure({}))
    assert.isTrue(ParseResult.ArrayFormatter.formatErrorSync(redacted).every((issue) => issue._tag === "Missing"))
    assert.include(redacted.message, "is missing")
  })
})
