/**
 * Parse errors that are safe to keep as the cause of an error. A `ParseError` holds the input it failed on in every
 * issue (`actual`, `output`) and its message prints it; an answer's body may hold an HMAC secret or echo a token, a
 * user's input a secret of theirs. `parseError` copies the issue tree with every value from the input wrapped in
 * `Redacted` (kept for a program that asks with `Redacted.value`, printed as `<redacted>` by `String`,
 * `JSON.stringify`, `util.inspect` and `Cause.pretty`) and with the texts that may quote it (the messages stored on
 * issues, the keys of paths) passed through a scrubber. Paths, schemas and kinds of issue are kept as they were, so
 * `ArrayFormatter` still says where each issue is.
 *
 * @since 0.1.0
 */
import * as Arr from "effect/Array"
import { identity } from "effect/Function"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"

type Scrub = (text: string) => string

const value = (actual: unknown): unknown => actual === undefined ? undefined : Redacted.make(actual)

const text = (message: string | undefined, scrub: Scrub): string | undefined =>
  message === undefined ? undefined : scrub(message)

// A path and the issues of a composite are one item or a non-empty array of them.
const isMany = <A>(self: A | Arr.NonEmptyReadonlyArray<A>): self is Arr.NonEmptyReadonlyArray<A> => Array.isArray(self)

const each = <A>(self: A | Arr.NonEmptyReadonlyArray<A>, f: (a: A) => A): A | Arr.NonEmptyReadonlyArray<A> =>
  isMany(self) ? Arr.map(self, f) : f(self)

const key = (path: PropertyKey, scrub: Scrub): PropertyKey => typeof path === "string" ? scrub(path) : path

const issue = (self: ParseResult.ParseIssue, scrub: Scrub): ParseResult.ParseIssue => {
  switch (self._tag) {
    case "Type":
      return new ParseResult.Type(self.ast, value(self.actual), text(self.message, scrub))
    case "Forbidden":
      return new ParseResult.Forbidden(self.ast, value(self.actual), text(self.message, scrub))
    case "Unexpected":
      return new ParseResult.Unexpected(value(self.actual), text(self.message, scrub))
    case "Missing":
      return new ParseResult.Missing(self.ast, text(self.message, scrub))
    case "Pointer":
      return new ParseResult.Pointer(
        each(self.path, (k) => key(k, scrub)),
        value(self.actual),
        issue(self.issue, scrub)
      )
    case "Refinement":
      return new ParseResult.Refinement(self.ast, value(self.actual), self.kind, issue(self.issue, scrub))
    case "Transformation":
      return new ParseResult.Transformation(self.ast, value(self.actual), self.kind, issue(self.issue, scrub))
    case "Composite":
      return new ParseResult.Composite(
        self.ast,
        value(self.actual),
        each(self.issues, (i) => issue(i, scrub)),
        value(self.output)
      )
  }
}

/**
 * A copy of a parse error that prints no value of the input it failed on: each value is wrapped in `Redacted`, each
 * message stored on an issue and each key of a path goes through `scrub` (by default left as it is). What failed
 * where stays readable: `ParseResult.ArrayFormatter` gives the same paths, and the messages of the schemas' own
 * annotations, which read the issue, show `<redacted>` in place of a value.
 *
 * @example
 * ```ts
 * import * as Redaction from "@effect-sinch/core/Redaction"
 * import * as Either from "effect/Either"
 * import * as Schema from "effect/Schema"
 *
 * const decoded = Schema.decodeUnknownEither(Schema.Struct({ hmacSecret: Schema.Number }))({ hmacSecret: "s3cret" })
 * if (Either.isLeft(decoded)) {
 *   console.log(Redaction.parseError(decoded.left).message) // … Expected number, actual <redacted>
 * }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const parseError = (error: ParseResult.ParseError, scrub: Scrub = identity): ParseResult.ParseError =>
  new ParseResult.ParseError({ issue: issue(error.issue, scrub) })
