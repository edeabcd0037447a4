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
import { SmsConfiguration, SmsConfigurationRequest } from "./SmsConfiguration.js"
import { TimestampOrText } from "./Timestamp.js"
import { VoiceConfiguration, VoiceConfigurationRequest } from "./VoiceConfiguration.js"

/**
 * A number the project holds, as servers send it: every field may be missing (the API requires none), a `null` reads
 * as missing, `phoneNumber` is kept as sent (not always clean E.164), and a timestamp that does not read as one is
 * kept as its text.
 *
 * @since 0.1.0
 * @category models
 */
export class ActiveNumber extends Schema.Class<ActiveNumber>("@effect-sinch/core/ActiveNumber")({
  phoneNumber: optionalNullable(Schema.String),
  projectId: optionalNullable(Schema.String),
  displayName: optionalNullable(Schema.String),
  regionCode: optionalNullable(Schema.String),
  type: optionalNullable(NumberTypeOpen),
  capability: optionalNullable(Schema.Array(CapabilityOpen)),
  money: optionalNullable(Money),
  paymentIntervalMonths: optionalNullable(Schema.JsonNumber),
  nextChargeDate: optionalNullable(TimestampOrText),
  expireAt: optionalNullable(TimestampOrText),
  smsConfiguration: optionalNullable(SmsConfiguration),
  voiceConfiguration: optionalNullable(VoiceConfiguration),
  callbackUrl: optionalNullable(Schema.String)
}) {}

/**
 * One page of active numbers. `nextPageToken` is `""` or absent on the last page.
 *
 * @since 0.1.0
 * @category responses
 */
export class ListActiveNumbersResponse
  extends Schema.Class<ListActiveNumbersResponse>("@effect-sinch/core/ListActiveNumbersResponse")({
    activeNumbers: Schema.optionalWith(Schema.Array(ActiveNumber), { nullable: true, default: () => [] }),
    nextPageToken: optionalNullable(Schema.String),
    totalSize: optionalNullable(Schema.JsonNumber)
  })
{}

/**
 * How a list of active numbers is ordered.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OrderBy = Schema.Literal("phoneNumber", "displayName").annotations({ identifier: "OrderBy" })

/**
 * @since 0.1.0
 * @category models
 */
export type OrderBy = typeof OrderBy.Type

/**
 * Items per page of active numbers: a whole number from 1 to 2147483647 (the API's int32; it sets no lower cap).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PageSize = Schema.Int.pipe(
  Schema.between(1, 2147483647, {
    message: (issue) => `Expected a page size, a whole number from 1 to 2147483647, got ${issue.actual}`
  })
)

/**
 * Filters for listing active numbers; all optional. On the wire `capabilities` is the repeated key `capability`.
 *
 * @since 0.1.0
 * @category requests
 */
export class ListActiveNumbersRequest
  extends Schema.Class<ListActiveNumbersRequest>("@effect-sinch/core/ListActiveNumbersRequest")({
    regionCode: Schema.optional(RegionCode),
    type: Schema.optional(NumberType),
    numberPattern: Schema.optional(NumberPattern),
    capabilities: Schema.optional(Schema.Array(Capability)),
    pageSize: Schema.optional(PageSize),
    pageToken: Schema.optional(Schema.String),
    orderBy: Schema.optional(OrderBy)
  })
{}

/**
 * A change to an active number; every field is optional (an empty change is allowed and changes nothing).
 * `displayName` and `callbackUrl` apply at once (`""` clears them); SMS and voice changes go through scheduled
 * provisioning. `null` is sent as `null`: the API lets an explicit `null` overwrite a value set before.
 *
 * @since 0.1.0
 * @category requests
 */
export class UpdateActiveNumberRequest
  extends Schema.Class<UpdateActiveNumberRequest>("@effect-sinch/core/UpdateActiveNumberRequest")({
    displayName: Schema.optional(Schema.NullOr(Schema.String)),
    smsConfiguration: Schema.optional(Schema.NullOr(SmsConfigurationRequest)),
    voiceConfiguration: Schema.optional(Schema.NullOr(VoiceConfigurationRequest)),
    callbackUrl: Schema.optional(Schema.NullOr(Schema.String))
  })
{}
