/** @internal */
import * as Effect from "effect/Effect"
import type { DecodedPage } from "./activeNumbersPage.js"

/**
 * One part of a partitioned listing: the numbers starting with `prefix` (all of them when `undefined`), and its
 * first page, already read while deciding whether to split it.
 *
 * @internal
 */
export interface Partition {
  readonly prefix: string | undefined
  readonly firstPage: DecodedPage
}

/**
 * @internal
 */
export interface Options {
  /** A part is split while it holds more numbers than this (by the server's `totalSize`). */
  readonly maxPartitionSize: number
  /** How many first pages are read at once while splitting. */
  readonly concurrency: number
  /** The caller's own START pattern, which every part extends; `undefined` for none. */
  readonly base: string | undefined
}

// E.164 numbers are "+" and digits: the ten digits after a prefix cover every number under it.
const digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] as const
const maxPrefixLength = 16

/**
 * Splits a listing into disjoint parts by the leading digits of the phone number (`numberPattern` START): a part
 * larger than `maxPartitionSize` is split into its ten one-digit-longer prefixes, as long as those account for every
 * number of the part (their totals add up to at least its total). A part whose numbers do not all continue with a
 * digit (a server that returns numbers that are not E.164), or a server that sends no `totalSize`, is not split: it
 * is read as one part, so no number is ever left out.
 *
 * @internal
 */
export const partitions = <E>(
  firstPage: (prefix: string | undefined) => Effect.Effect<DecodedPage, E>,
  options: Options
): Effect.Effect<ReadonlyArray<Partition>, E> => {
  const split = (part: Partition): Effect.Effect<ReadonlyArray<Partition>, E> => {
    const total = part.firstPage.totalSize
    const prefix = part.prefix ?? options.base ?? "+"
    if (total === undefined || total <= options.maxPartitionSize || prefix.length >= maxPrefixLength) {
      return Effect.succeed([part])
    }
    return Effect.flatMap(
      Effect.forEach(
        digits,
        (digit) =>
          Effect.map(firstPage(prefix + digit), (page): Partition => ({ prefix: prefix + digit, firstPage: page })),
        { concurrency: options.concurrency }
      ),
      (children) => {
        const covered = children.reduce((sum, child) => sum + (child.firstPage.totalSize ?? Number.NaN), 0)
        // Not every number continues with a digit, or a child did not say its size: read the part as it is.
        if (!(covered >= total)) return Effect.succeed([part])
        const nonEmpty = children.filter((child) =>
          child.firstPage.totalSize !== 0 || child.firstPage.activeNumbers.length > 0 ||
          child.firstPage.invalid.length > 0
        )
        return Effect.map(
          Effect.forEach(nonEmpty, split, { concurrency: options.concurrency }),
          (parts) => parts.flat()
        )
      }
    )
  }
  return Effect.flatMap(firstPage(options.base), (page) => split({ prefix: options.base, firstPage: page }))
}
