/** @internal */
import * as Schema from "effect/Schema"

/**
 * A response field that may be missing or `null`: the API documents that "null values ... will be omitted in
 * responses", so a `null` decodes as a missing key and the decoded type is `A | undefined`, never `A | null`.
 *
 * @internal
 */
export const optionalNullable = <S extends Schema.Schema.All>(self: S): Schema.optionalWith<S, { nullable: true }> =>
  Schema.optionalWith(self, { nullable: true })
