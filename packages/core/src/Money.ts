/**
 * @since 0.1.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { optionalNullable } from "./internal/optionalNullable.js"

/**
 * A decimal amount as the API describes it: `"2.00"`, `"0.8"`. What {@link toBigDecimal} reads as a number.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DecimalString = Schema.String.pipe(
  Schema.pattern(/^-?\d+(\.\d+)?$/, {
    message: (issue) => `Expected a decimal amount such as "2.00", got ${JSON.stringify(issue.actual)}`
  }),
  Schema.annotations({ identifier: "DecimalString" })
)

/**
 * An amount in a currency, both kept exactly as sent. The API describes `currencyCode` as ISO 4217 and `amount` as a
 * decimal string, but requires neither and servers have sent other codes (`DOLLAR`); read the amount as a number with
 * {@link toBigDecimal}.
 *
 * @since 0.1.0
 * @category models
 */
export class Money extends Schema.Class<Money>("@effect-sinch/core/Money")({
  currencyCode: optionalNullable(Schema.String),
  amount: optionalNullable(Schema.String)
}) {
  /**
   * The amount as an exact `BigDecimal`; `None` when it is absent or not a decimal.
   *
   * @since 0.1.0
   */
  get bigDecimal(): Option.Option<BigDecimal.BigDecimal> {
    return toBigDecimal(this)
  }
}

// Compiled on first use, not when the module loads.
let isDecimalString: ((u: unknown) => u is string) | undefined
const isDecimal = (u: unknown): u is string => (isDecimalString ??= Schema.is(DecimalString))(u)

/**
 * The amount as an exact `BigDecimal`; `None` when it is absent or not a decimal such as `"2.00"`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toBigDecimal = (money: { readonly amount?: string | undefined }): Option.Option<BigDecimal.BigDecimal> =>
  money.amount !== undefined && isDecimal(money.amount)
    ? Option.some(BigDecimal.unsafeFromString(money.amount))
    : Option.none()
