/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Where the digits of a {@link NumberPattern} must stand in a number.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SearchPattern = Schema.Literal("START", "CONTAINS", "END").annotations({ identifier: "SearchPattern" })

/**
 * @since 0.1.0
 * @category models
 */
export type SearchPattern = typeof SearchPattern.Type

/**
 * A sequence of digits to search for (a leading `+` is allowed, as in the API's own example `+1208`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Pattern = Schema.String.pipe(
  // No JSON schema rule: the API's prose says "sequence of digits"; its examples put a "+" before them.
  Schema.pattern(/^\+?\d+$/, {
    message: (issue) => `Expected a sequence of digits, optionally after a "+", got ${JSON.stringify(issue.actual)}`
  })
)

/**
 * A digits pattern for searching numbers.
 *
 * @since 0.1.0
 * @category models
 */
export class NumberPattern extends Schema.Class<NumberPattern>("@effect-sinch/core/NumberPattern")({
  pattern: Schema.optional(Pattern),
  searchPattern: Schema.optional(SearchPattern)
}) {}
