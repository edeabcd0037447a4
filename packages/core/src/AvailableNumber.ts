/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Capability, CapabilityOpen } from "./Capability.js"
import { optionalNullable } from "./internal/optionalNullable.js"
import { Money } from "./Money.js"
import { NumberPattern } from "./NumberPattern.js"
import { NumberType, NumberTypeOpen } from "./NumberType.js"
import { RegionCode } from "./RegionCode.js"
import { SmsConfigurationRequest } from "./SmsConfiguration.js"
import { VoiceConfigurationRequest } from "./VoiceConfiguration.js"

/**
 * A number that can be bought, with its prices, as servers send it: every field may be missing (the API requires
 * none), a `null` reads as missing, and `phoneNumber` is kept as sent.
 *
 * @since 0.1.0
 * @category models
 */
export class AvailableNumber extends Schema.Class<AvailableNumber>("@effect-sinch/core/AvailableNumber")({
  phoneNumber: optionalNullable(Schema.String),
  regionCode: optionalNullable(Schema.String),
  type: optionalNullable(NumberTypeOpen),
  capability: optionalNullable(Schema.Array(CapabilityOpen)),
  setupPrice: optionalNullable(Money),
  monthlyPrice: optionalNullable(Money),
  paymentIntervalMonths: optionalNullable(Schema.JsonNumber),
  supportingDocumentationRequired: optionalNullable(Schema.Boolean)
}) {}

/**
 * The answer to a search for available numbers (no paging: `size` caps it).
 *
 * @since 0.1.0
 * @category responses
 */
export class ListAvailableNumbersResponse
  extends Schema.Class<ListAvailableNumbersResponse>("@effect-sinch/core/ListAvailableNumbersResponse")({
    availableNumbers: Schema.optionalWith(Schema.Array(AvailableNumber), { nullable: true, default: () => [] })
  })
{}

/**
 * How many numbers a search returns at most: a whole number from 1 to 2147483647 (the API's int32; it sets no lower
 * cap).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Size = Schema.Int.pipe(
  Schema.between(1, 2147483647, {
    message: (issue) => `Expected a size, a whole number from 1 to 2147483647, got ${issue.actual}`
  })
)

/**
 * A search for numbers to buy: `regionCode` and `type` are required.
 *
 * @since 0.1.0
 * @category requests
 */
export class SearchAvailableNumbersRequest
  extends Schema.Class<SearchAvailableNumbersRequest>("@effect-sinch/core/SearchAvailableNumbersRequest")({
    regionCode: RegionCode,
    type: NumberType,
    numberPattern: Schema.optional(NumberPattern),
    capabilities: Schema.optional(Schema.Array(Capability)),
    size: Schema.optional(Size)
  })
{}

/**
 * Renting a given number (US `LOCAL` only; deprecated by Sinch in favour of number orders).
 *
 * @since 0.1.0
 * @category requests
 */
export class RentNumberRequest extends Schema.Class<RentNumberRequest>("@effect-sinch/core/RentNumberRequest")({
  smsConfiguration: Schema.optional(SmsConfigurationRequest),
  voiceConfiguration: Schema.optional(VoiceConfigurationRequest),
  callbackUrl: Schema.optional(Schema.String)
}) {}

/**
 * Renting any number matching criteria (US `LOCAL` only; deprecated by Sinch in favour of number orders).
 *
 * @since 0.1.0
 * @category requests
 */
export class RentAnyNumberRequest
  extends Schema.Class<RentAnyNumberRequest>("@effect-sinch/core/RentAnyNumberRequest")({
    regionCode: RegionCode,
    type: NumberType,
    numberPattern: Schema.optional(NumberPattern),
    capabilities: Schema.optional(Schema.Array(Capability)),
    smsConfiguration: Schema.optional(SmsConfigurationRequest),
    voiceConfiguration: Schema.optional(VoiceConfigurationRequest),
    callbackUrl: Schema.optional(Schema.String)
  })
{}
