/** @internal */

/**
 * A function built on its first call rather than when a module loads: `Schema.decodeUnknown`, `Schema.encode` and
 * `Schema.is` compile the whole parser of a schema at once, and the client holds one per operation, most of which a
 * program never calls; building them all at import cost start-up time and live heap.
 *
 * @internal
 */
export const lazy = <Args extends ReadonlyArray<unknown>, R>(
  make: () => (...args: Args) => R
): (...args: Args) => R => {
  let f: ((...args: Args) => R) | undefined
  return (...args) => (f ??= make())(...args)
}
