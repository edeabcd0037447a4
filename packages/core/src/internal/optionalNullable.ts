/** @internal */
import * as Schema from "effect/Schema"

// One property signature per schema, shared by every field that uses it: building one makes three schema classes
// (`NullishOr`, `typeSchema`, `UndefinedOr`), and core has more than a hundred such fields, most of them strings.
const cache = new WeakMap<Schema.Schema.All, Schema.optionalWith<Schema.Schema.All, { nullable: true }>>()

/**
 * A response field that may be missing or `null`: the API documents that "null values ... will be omitted in
 * responses", so a `null` decodes as a missing key and the decoded type is `A | undefined`, never `A | null`.
 * Property signatures are immutable, so fields of the same schema share one (the overload states its type for `S`:
 * the value cached for `self` is `Schema.optionalWith(self, { nullable: true })`).
 *
 * @internal
 */
export function optionalNullable<S extends Schema.Schema.All>(self: S): Schema.optionalWith<S, { nullable: true }>
export function optionalNullable(self: Schema.Schema.All): Schema.optionalWith<Schema.Schema.All, { nullable: true }> {
  let signature = cache.get(self)
  if (signature === undefined) {
    signature = Schema.optionalWith(self, { nullable: true })
    cache.set(self, signature)
  }
  return signature
}
