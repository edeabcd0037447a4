/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Capability, CapabilityOpen } from "./Capability.js"
import { Money } from "./Money.js"
import { NumberPattern } from "./NumberPattern.js"
import { NumberType, NumberTypeOpen } from "./NumberType.js"
import { RegionCode } from "./RegionCode.js"
import { SmsConfigurationRequest } from "./SmsConfiguration.js"
import { VoiceConfigurationRequest } from "./VoiceConfiguration.js"

/**
 * A number that can be bought, with its prices.
 *
 * @since 0.1.0
 * @category models
 */
export class AvailableNumber extends Schema.Class<AvailableNumber>("AvailableNumber")({
  phoneNumber: Schema.String,
  regionCode: Schema.optional(Schema.String),
  type: Schema.optional(NumberTypeOpen),
  capability: Schema.optional(Schema.Array(CapabilityOpen)),
  setupPrice: Schema.optional(Schema.NullOr(Money)),
  monthlyPrice: Schema.optional(Schema.NullOr(Money)),
  paymentIntervalMonths: Schema.optional(Schema.JsonNumber),
  supportingDocumentationRequired: Schema.optional(Schema.Boolean)
}) {}

/**
 * The answer to a search for available numbers (no paging: `size` caps it).
 *
 * @since 0.1.0
 * @category responses
 */
export class ListAvailableNumbersResponse
  extends Schema.Class<ListAvailableNumbersResponse>("ListAvailableNumbersResponse")({
    availableNumbers: Schema.optionalWith(Schema.Array(AvailableNumber), { default: () => [] })
  })
{}

/**
 * A positive whole number of items.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Size = Schema.Int.pipe(
  Schema.between(1, 1000, { message: (issue) => `Expected a whole number from 1 to 1000, got ${issue.actual}` })
)

/**
 * A search for numbers to buy: `regionCode` and `type` are required.
 *
 * @since 0.1.0
 * @category requests
 */
export class SearchAvailableNumbersRequest
  extends Schema.Class<SearchAvailableNumbersRequest>("SearchAvailableNumbersRequest")({
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
export class RentNumberRequest extends Schema.Class<RentNumberRequest>("RentNumberRequest")({
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
export class RentAnyNumberRequest extends Schema.Class<RentAnyNumberRequest>("RentAnyNumberRequest")({
  regionCode: RegionCode,
  type: NumberType,
  numberPattern: Schema.optional(NumberPattern),
  capabilities: Schema.optional(Schema.Array(Capability)),
  smsConfiguration: Schema.optional(SmsConfigurationRequest),
  voiceConfiguration: Schema.optional(VoiceConfigurationRequest),
  callbackUrl: Schema.optional(Schema.String)
}) {}
