/** @internal */
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * Reads and writes a value as JSON text.
 *
 * @internal
 */
export interface JsonCodec<A> {
  readonly decode: (u: unknown) => Option.Option<A>
  readonly encode: (a: A) => string
}

/**
 * A JSON codec whose schema is built, and parsers compiled, on first use rather than when its module loads: a
 * shared token store's records, which a client with no shared store never reads.
 *
 * @internal
 */
export const lazy = <A>(schema: () => Schema.Schema<A, string>): () => JsonCodec<A> => {
  let codec: JsonCodec<A> | undefined
  return () => {
    if (codec === undefined) {
      const json = schema()
      codec = { decode: Schema.decodeUnknownOption(json), encode: Schema.encodeSync(json) }
    }
    return codec
  }
}
