/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * An ISO 3166-1 alpha-2 country code, in capitals: `US`, `GB`, `SE`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RegionCode = Schema.String.pipe(
  Schema.pattern(/^[A-Z]{2}$/, {
    message: (issue) =>
      `Expected a region code of two capital letters (ISO 3166-1 alpha-2, like US), got ${JSON.stringify(issue.actual)}`
  }),
  Schema.brand("RegionCode"),
  Schema.annotations({ identifier: "RegionCode" })
)

/**
 * @since 0.1.0
 * @category models
 */
export type RegionCode = typeof RegionCode.Type

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: (input: string) => RegionCode = (input) => (decode ??= Schema.decodeSync(RegionCode))(input)

// The parser is compiled on first use, not when the module loads.
let decode: ((input: string) => RegionCode) | undefined
