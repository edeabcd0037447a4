/** @internal */
import * as Effect from "effect/Effect"

/**
 * @internal
 */
export interface Options {
  /** A part is split while it holds more numbers than this (by the server's `totalSize`). */
  readonly maxPartitionSize: number
  /** How many parts are counted at once while splitting. */
  readonly concurrency: number
  /** The caller's own START pattern, which every part extends; `undefined` for none. */
  readonly base: string | undefined
}

// E.164 numbers are "+" and digits: the ten digits after a prefix cover every number under it.
const digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] as const
const maxPrefixLength = 16

/**
 * Splits a listing into disjoint parts by the leading digits of the phone number (`numberPattern` START), given how
 * many numbers a prefix holds (`count`, the server's `totalSize` of a one-item page; `undefined` when it sends none):
 * a part larger than `maxPartitionSize` is split into its ten one-digit-longer prefixes, as long as those account
 * for every number of the part (their counts add up to at least its own). A part whose numbers do not all continue
 * with a digit (a server that returns numbers that are not E.164), or a server that sends no `totalSize`, is not
 * split: it is read as one part, so no number is ever left out. Empty parts are dropped. Gives the prefixes of the
 * parts (`undefined`: the whole listing, unsplit).
 *
 * @internal
 */
export const partitions = <E>(
  count: (prefix: string | undefined) => Effect.Effect<number | undefined, E>,
  options: Options
): Effect.Effect<ReadonlyArray<string | undefined>, E> => {
  const split = (
    prefix: string | undefined,
    total: number | undefined
  ): Effect.Effect<Array<string | undefined>, E> => {
    const stem = prefix ?? options.base ?? "+"
    if (total === undefined || total <= options.maxPartitionSize || stem.length >= maxPrefixLength) {
      return Effect.succeed([prefix])
    }
    return Effect.flatMap(
      Effect.forEach(digits, (digit) => Effect.map(count(stem + digit), (n) => [stem + digit, n] as const), {
        concurrency: options.concurrency
      }),
      (children) => {
        const covered = children.reduce((sum, [, n]) => sum + (n ?? Number.NaN), 0)
        // Not every number continues with a digit, or a child did not say its size: read the part as it is.
        if (!(covered >= total)) return Effect.succeed([prefix])
        return Effect.map(
          Effect.forEach(children.filter(([, n]) => n !== 0), ([child, n]) => split(child, n), {
            concurrency: options.concurrency
          }),
          (parts) => parts.flat()
        )
      }
    )
  }
  return Effect.flatMap(count(options.base), (total) => split(options.base, total))
}
