/**
 * @since 0.1.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Schema from "effect/Schema"

/**
 * A decimal amount as the API writes it: `"2.00"`, `"0.8"`. It stays a string so no precision is lost.
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
 * An amount in a currency. `currencyCode` is usually ISO 4217, but servers have sent other codes (`DOLLAR`), so any
 * string is kept.
 *
 * @since 0.1.0
 * @category models
 */
export class Money extends Schema.Class<Money>("Money")({
  currencyCode: Schema.String,
  amount: DecimalString
}) {
  /**
   * The amount as a `BigDecimal`, exact.
   *
   * @since 0.1.0
   */
  get bigDecimal(): BigDecimal.BigDecimal {
    return toBigDecimal(this)
  }
}

/**
 * @since 0.1.0
 * @category conversions
 */
export const toBigDecimal = (money: Pick<Money, "amount">): BigDecimal.BigDecimal =>
  BigDecimal.unsafeFromString(money.amount)
