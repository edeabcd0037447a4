/** @internal */
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type { Quoted } from "./quote.js"

/**
 * The monthly spend this server process has committed, against `--max-monthly-spend`.
 *
 * @internal
 */
export interface Spend {
  /** Fails with why the quote would pass the cap. */
  readonly check: (quoted: Quoted) => Effect.Effect<void, string>
  /** Checks and counts the quote at once (so two calls side by side cannot both pass); answers how to give it back. */
  readonly reserve: (quoted: Quoted) => Effect.Effect<Effect.Effect<void>, string>
  readonly committed: Effect.Effect<BigDecimal.BigDecimal>
}

const format = (amount: BigDecimal.BigDecimal) => BigDecimal.format(BigDecimal.normalize(amount))

/** @internal */
export const make = (max: Option.Option<BigDecimal.BigDecimal>): Effect.Effect<Spend> =>
  Effect.map(Ref.make(BigDecimal.fromBigInt(0n)), (committed) => {
    const refusal = (spent: BigDecimal.BigDecimal, quoted: Quoted): Option.Option<string> => {
      if (Option.isNone(max) || !quoted.charges) return Option.none()
      if (Option.isNone(quoted.monthly)) {
        return Option.some(
          `Refused: --max-monthly-spend ${format(max.value)} is set and Sinch lists no monthly price for this call, ` +
            "so it cannot be checked against the cap. Nothing was sent."
        )
      }
      const after = BigDecimal.sum(spent, quoted.monthly.value)
      return BigDecimal.greaterThan(after, max.value)
        ? Option.some(
          `Refused: this adds ${format(quoted.monthly.value)} a month; this server has committed ${
            format(spent)
          } of its --max-monthly-spend ${format(max.value)}, and would pass it. Nothing was sent.`
        )
        : Option.none()
    }
    return {
      check: (quoted) =>
        Effect.flatMap(
          Ref.get(committed),
          (spent) => Option.match(refusal(spent, quoted), { onNone: () => Effect.void, onSome: Effect.fail })
        ),
      reserve: (quoted) =>
        Effect.flatten(
          Ref.modify(
            committed,
            (spent): readonly [Effect.Effect<Effect.Effect<void>, string>, BigDecimal.BigDecimal] => {
              const refused = refusal(spent, quoted)
              if (Option.isSome(refused)) return [Effect.fail(refused.value), spent]
              const amount = quoted.charges
                ? Option.getOrElse(quoted.monthly, () => BigDecimal.fromBigInt(0n))
                : undefined
              if (amount === undefined) return [Effect.succeed(Effect.void), spent]
              return [
                Effect.succeed(Ref.update(committed, (now) => BigDecimal.subtract(now, amount))),
                BigDecimal.sum(spent, amount)
              ]
            }
          )
        ),
      committed: Ref.get(committed)
    }
  })
