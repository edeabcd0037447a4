/** @internal */
import * as Schema from "effect/Schema"

/**
 * An enum that servers may grow: the known literals stay typed, any other string decodes and is kept as it is.
 *
 * @internal
 */
export const openEnum = <const Literals extends ReadonlyArray<string>>(
  ...literals: Literals
): Schema.Schema<Literals[number] | (string & {})> =>
  Schema.Union(Schema.Literal(...literals), Schema.String).annotations({
    description: `one of ${literals.join(", ")} (other values are kept)`
  })
