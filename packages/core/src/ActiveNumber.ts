/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Capability, CapabilityOpen } from "./Capability.js"
import { Money } from "./Money.js"
import { NumberPattern } from "./NumberPattern.js"
import { NumberType, NumberTypeOpen } from "./NumberType.js"
import { RegionCode } from "./RegionCode.js"
import { SmsConfiguration, SmsConfigurationRequest } from "./SmsConfiguration.js"
import { TimestampFromString } from "./Timestamp.js"
import { VoiceConfiguration, VoiceConfigurationRequest } from "./VoiceConfiguration.js"

/**
 * A number the project holds.
 *
 * @since 0.1.0
 * @category models
 */
export class ActiveNumber extends Schema.Class<ActiveNumber>("ActiveNumber")({
  phoneNumber: Schema.String,
  projectId: Schema.optional(Schema.String),
  displayName: Schema.optional(Schema.String),
  regionCode: Schema.optional(Schema.String),
  type: Schema.optional(NumberTypeOpen),
  capability: Schema.optional(Schema.Array(CapabilityOpen)),
  money: Schema.optional(Schema.NullOr(Money)),
  paymentIntervalMonths: Schema.optional(Schema.JsonNumber),
  nextChargeDate: Schema.optional(Schema.NullOr(TimestampFromString)),
  expireAt: Schema.optional(Schema.NullOr(TimestampFromString)),
  smsConfiguration: Schema.optional(Schema.NullOr(SmsConfiguration)),
  voiceConfiguration: Schema.optional(Schema.NullOr(VoiceConfiguration)),
  callbackUrl: Schema.optional(Schema.String)
}) {}

/**
 * One page of active numbers. `nextPageToken` is `""` or absent on the last page.
 *
 * @since 0.1.0
 * @category responses
 */
export class ListActiveNumbersResponse extends Schema.Class<ListActiveNumbersResponse>("ListActiveNumbersResponse")({
  activeNumbers: Schema.optionalWith(Schema.Array(ActiveNumber), { default: () => [] }),
  nextPageToken: Schema.optional(Schema.String),
  totalSize: Schema.optional(Schema.JsonNumber)
}) {}

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
 * Items per page of active numbers: 1 to 1000.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PageSize = Schema.Int.pipe(
  Schema.between(1, 1000, { message: (issue) => `Expected a page size from 1 to 1000, got ${issue.actual}` })
)

/**
 * Filters for listing active numbers; all optional. On the wire `capabilities` is the repeated key `capability`.
 *
 * @since 0.1.0
 * @category requests
 */
export class ListActiveNumbersRequest extends Schema.Class<ListActiveNumbersRequest>("ListActiveNumbersRequest")({
  regionCode: Schema.optional(RegionCode),
  type: Schema.optional(NumberType),
  numberPattern: Schema.optional(NumberPattern),
  capabilities: Schema.optional(Schema.Array(Capability)),
  pageSize: Schema.optional(PageSize),
  pageToken: Schema.optional(Schema.String),
  orderBy: Schema.optional(OrderBy)
}) {}

/**
 * A change to an active number. `displayName` and `callbackUrl` apply at once (`""` clears them); SMS and voice
 * changes go through scheduled provisioning. At least one field must be present.
 *
 * @since 0.1.0
 * @category requests
 */
export class UpdateActiveNumberRequest extends Schema.Class<UpdateActiveNumberRequest>("UpdateActiveNumberRequest")(
  Schema.Struct({
    displayName: Schema.optional(Schema.String),
    smsConfiguration: Schema.optional(SmsConfigurationRequest),
    voiceConfiguration: Schema.optional(VoiceConfigurationRequest),
    callbackUrl: Schema.optional(Schema.String)
  }).pipe(
    Schema.filter(
      (u) =>
        u.displayName !== undefined || u.smsConfiguration !== undefined || u.voiceConfiguration !== undefined ||
        u.callbackUrl !== undefined,
      { message: () => "Expected at least one of displayName, smsConfiguration, voiceConfiguration, callbackUrl" }
    )
  )
) {}
