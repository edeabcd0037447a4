/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { NumberType, NumberTypeOpen } from "./NumberType.js"

/**
 * A region in which numbers are sold, with the number types it offers.
 *
 * @since 0.1.0
 * @category models
 */
export class AvailableRegion extends Schema.Class<AvailableRegion>("AvailableRegion")({
  regionCode: Schema.String,
  regionName: Schema.optional(Schema.String),
  types: Schema.optional(Schema.Array(NumberTypeOpen))
}) {}

/**
 * @since 0.1.0
 * @category responses
 */
export class ListAvailableRegionsResponse
  extends Schema.Class<ListAvailableRegionsResponse>("ListAvailableRegionsResponse")({
    availableRegions: Schema.optionalWith(Schema.Array(AvailableRegion), { default: () => [] })
  })
{}

/**
 * Which regions to list: those offering any of `types` (all when absent).
 *
 * @since 0.1.0
 * @category requests
 */
export class ListAvailableRegionsRequest
  extends Schema.Class<ListAvailableRegionsRequest>("ListAvailableRegionsRequest")({
    types: Schema.optional(Schema.Array(NumberType))
  })
{}
