/** @internal */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { Ctx } from "./context.js"
import { violationsOf } from "./protocol.js"
import { listParameters, plusParameters } from "./spec.js"
import type { ErrorResponse, FieldViolation } from "./wire.js"
import { invalidArgument } from "./wire.js"

/**
 * Reads a query string against a schema whose fields are named by their query keys.
 *
 * Strict (the default): query values are read as sent. A "+" that arrived unencoded reads as a space, and a value
 * where "+" means something (a number pattern, a page token) that holds a space is refused; lists are repeated keys
 * (`capabilities=SMS&capabilities=VOICE`), so `capabilities=SMS,VOICE` is the one value "SMS,VOICE", not a capability.
 * Lenient: the space is read back as "+", and a comma-separated value as a list. Both are counted in the stats.
 * An empty value of an optional parameter reads as absent.
 *
 * @internal
 */
export const decodeQuery = <A, I>(
  ctx: Ctx,
  query: URLSearchParams,
  schema: Schema.Schema<A, I> & { readonly fields: Schema.Struct.Fields }
): Effect.Effect<A, ErrorResponse> =>
  Effect.gen(function*() {
    const lenient = ctx.config.lenientEncoding
    const raw: Record<string, unknown> = {}
    const violations: Array<FieldViolation> = []
    for (const key of Object.keys(schema.fields)) {
      if (listParameters.has(key)) {
        let values = query.getAll(key)
        if (lenient && values.some((v) => v.includes(","))) {
          yield* ctx.noteCommaList
          values = values.flatMap((v) => v.split(",")).map((v) => v.trim())
        }
        if (lenient) values = values.filter((v) => v !== "")
        if (values.length > 0) raw[key] = values
        continue
      }
      const value = query.get(key)
      if (value === null || value === "") continue
      if (plusParameters.has(key) && value.includes(" ")) {
        yield* ctx.noteUnencoded
        if (lenient) {
          raw[key] = value.replace(/ /g, "+")
          continue
        }
        violations.push({
          field: key,
          description: `${
            JSON.stringify(value)
          } holds a space: a "+" was sent without URL-encoding; send it as %2B (or start the emulator with --lenient-encoding)`
        })
        continue
      }
      raw[key] = value
    }
    // a violation in a list names the parameter, not its position
    const result = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "ignore" })(raw)
    if (Either.isLeft(result)) {
      for (const violation of violationsOf(result.left, (field) => field.replace(/\.\d+$/, ""))) {
        violations.push(violation)
      }
    }
    if (violations.length > 0) return yield* invalidArgument(violations)
    return (result as Either.Right<never, A>).right
  })
