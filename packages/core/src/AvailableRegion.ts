/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { optionalNullable } from "./internal/optionalNullable.js"
import { NumberType, NumberTypeOpen } from "./NumberType.js"

/**
 * A region in which numbers are sold, with the number types it offers. Every field may be missing (the API requires
 * none); a `null` reads as missing.
 *
 * @since 0.1.0
 * @category models
 */
export class AvailableRegion extends Schema.Class<AvailableRegion>("@effect-sinch/core/AvailableRegion")({
  regionCode: optionalNullable(Schema.String),
  regionName: optionalNullable(Schema.String),
  types: optionalNullable(Schema.Array(NumberTypeOpen))
}) {}

/**
 * @since 0.1.0
 * @category responses
 */
export class ListAvailableRegionsResponse
  extends Schema.Class<ListAvailableRegionsResponse>("@effect-sinch/core/ListAvailableRegionsResponse")({
    availableRegions: Schema.optionalWith(Schema.Array(AvailableRegion), { nullable: true, default: () => [] })
  })
{}

/**
 * Which regions to list: those offering any of `types` (all when absent).
 *
 * @since 0.1.0
 * @category requests
 */
export class ListAvailableRegionsRequest
  extends Schema.Class<ListAvailableRegionsRequest>("@effect-sinch/core/ListAvailableRegionsRequest")({
    types: Schema.optional(Schema.Array(NumberType))
  })
{}
