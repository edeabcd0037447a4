/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Capability, CapabilityOpen } from "./Capability.js"
import { openEnum } from "./internal/openEnum.js"
import { Money } from "./Money.js"
import { NumberPattern } from "./NumberPattern.js"
import { NumberType, NumberTypeOpen } from "./NumberType.js"
import { PhoneNumber } from "./PhoneNumber.js"
import { RegionCode } from "./RegionCode.js"
import { TimestampFromString } from "./Timestamp.js"
import { VoiceConfigurationRequest } from "./VoiceConfiguration.js"

/**
 * Where a number order stands. CREATED orders can be edited and submitted; IN_REVIEW ones wait for Sinch;
 * COMPLETED, REJECTED and EXPIRED are final.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NumberOrderState = openEnum(
  "NUMBER_ORDER_STATE_UNSPECIFIED",
  "CREATED",
  "EXPIRED",
  "IN_REVIEW",
  "BLOCKED",
  "REJECTED",
  "COMPLETED"
)

/**
 * @since 0.1.0
 * @category models
 */
export type NumberOrderState = typeof NumberOrderState.Type

/**
 * The SMS configuration of a number order.
 *
 * @since 0.1.0
 * @category models
 */
export class OrderSmsConfiguration extends Schema.Class<OrderSmsConfiguration>("OrderSmsConfiguration")({
  servicePlanId: Schema.String,
  campaignId: Schema.optional(Schema.String)
}) {}

/**
 * The voice configuration of a number order, as servers send it.
 *
 * @since 0.1.0
 * @category models
 */
export class OrderVoiceConfiguration extends Schema.Class<OrderVoiceConfiguration>("OrderVoiceConfiguration")({
  type: Schema.optional(openEnum("RTC", "EST", "FAX")),
  appId: Schema.optional(Schema.String),
  trunkId: Schema.optional(Schema.String),
  serviceId: Schema.optional(Schema.String)
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export class NumberPrice extends Schema.Class<NumberPrice>("NumberPrice")({
  setupPrice: Schema.optional(Schema.NullOr(Money)),
  monthlyPrice: Schema.optional(Schema.NullOr(Money)),
  paymentIntervalMonths: Schema.optional(Schema.JsonNumber)
}) {}

/**
 * A number in an order, with its price.
 *
 * @since 0.1.0
 * @category models
 */
export class OrderNumber extends Schema.Class<OrderNumber>("OrderNumber")({
  phoneNumber: Schema.String,
  numberPrice: Schema.optional(Schema.NullOr(NumberPrice)),
  capabilities: Schema.optional(Schema.Array(CapabilityOpen))
}) {}

/**
 * An order for numbers: it reserves them until `expireTime`, collects what the region requires, and once submitted
 * and approved makes them active numbers.
 *
 * @since 0.1.0
 * @category models
 */
export class NumberOrder extends Schema.Class<NumberOrder>("NumberOrder")({
  projectId: Schema.optional(Schema.String),
  idNumberOrder: Schema.String,
  regionCode: Schema.optional(Schema.String),
  state: Schema.optional(NumberOrderState),
  numberType: Schema.optional(NumberTypeOpen),
  orderNumbers: Schema.optional(Schema.Array(OrderNumber)),
  smsConfiguration: Schema.optional(Schema.NullOr(OrderSmsConfiguration)),
  voiceConfiguration: Schema.optional(Schema.NullOr(OrderVoiceConfiguration)),
  callbackUrl: Schema.optional(Schema.String),
  expireTime: Schema.optional(Schema.NullOr(TimestampFromString)),
  createTime: Schema.optional(Schema.NullOr(TimestampFromString)),
  updateTime: Schema.optional(Schema.NullOr(TimestampFromString))
}) {}

/**
 * Ordering a given number (one per order, for now).
 *
 * @since 0.1.0
 * @category requests
 */
export class NumberOrderOption extends Schema.Class<NumberOrderOption>("NumberOrderOption")({
  phoneNumbers: Schema.Array(PhoneNumber).pipe(
    Schema.itemsCount(1, { message: () => "Expected exactly one phone number: an order holds one number for now" })
  )
}) {}

/**
 * Ordering 1 to 100 numbers matching criteria.
 *
 * @since 0.1.0
 * @category requests
 */
export class QuantityOrderOption extends Schema.Class<QuantityOrderOption>("QuantityOrderOption")({
  numberPattern: Schema.optional(NumberPattern),
  requestedQuantity: Schema.Int.pipe(
    Schema.between(1, 100, { message: (issue) => `Expected a quantity from 1 to 100, got ${issue.actual}` })
  ),
  sequential: Schema.optional(Schema.Boolean),
  capabilities: Schema.optional(Schema.Array(Capability))
}) {}

/**
 * The SMS configuration a user sets on an order.
 *
 * @since 0.1.0
 * @category requests
 */
export class OrderSmsConfigurationRequest
  extends Schema.Class<OrderSmsConfigurationRequest>("OrderSmsConfigurationRequest")({
    servicePlanId: Schema.String.pipe(Schema.nonEmptyString({ message: () => "Expected a non-empty servicePlanId" })),
    campaignId: Schema.optional(Schema.String)
  })
{}

/**
 * Creating a number order: exactly one of `numberOrderOption` (a given number) and `quantityOrderOption` (by
 * criteria).
 *
 * @since 0.1.0
 * @category requests
 */
export class CreateNumberOrderRequest extends Schema.Class<CreateNumberOrderRequest>("CreateNumberOrderRequest")(
  Schema.Struct({
    regionCode: RegionCode,
    numberType: NumberType,
    smsConfiguration: Schema.optional(OrderSmsConfigurationRequest),
    voiceConfiguration: Schema.optional(VoiceConfigurationRequest),
    callbackUrl: Schema.optional(Schema.String),
    numberOrderOption: Schema.optional(NumberOrderOption),
    quantityOrderOption: Schema.optional(QuantityOrderOption)
  }).pipe(
    Schema.filter((u) =>
      (u.numberOrderOption === undefined) === (u.quantityOrderOption === undefined)
        ? {
          path: [u.numberOrderOption === undefined ? "numberOrderOption" : "quantityOrderOption"],
          message: "Expected exactly one of numberOrderOption and quantityOrderOption"
        }
        : true
    )
  )
) {}

/**
 * Asking what a region and number type require before ordering.
 *
 * @since 0.1.0
 * @category requests
 */
export class LookupNumberRequirementsRequest
  extends Schema.Class<LookupNumberRequirementsRequest>("LookupNumberRequirementsRequest")({
    regionCode: RegionCode,
    numberType: NumberType
  })
{}

/**
 * A template for an attachment.
 *
 * @since 0.1.0
 * @category models
 */
export class AttachmentTemplate extends Schema.Class<AttachmentTemplate>("AttachmentTemplate")({
  name: Schema.optional(Schema.String),
  url: Schema.optional(Schema.String)
}) {}

/**
 * A document an order must (or may) carry.
 *
 * @since 0.1.0
 * @category models
 */
export class RequiredAttachment extends Schema.Class<RequiredAttachment>("RequiredAttachment")({
  id: Schema.String,
  description: Schema.optional(Schema.String),
  mandatory: Schema.optional(Schema.Boolean),
  template: Schema.optional(Schema.Array(AttachmentTemplate)),
  title: Schema.optional(Schema.String),
  allowedMimeTypes: Schema.optional(Schema.Array(Schema.String)),
  allowedDocumentTypes: Schema.optional(Schema.Array(Schema.String))
}) {}

/**
 * What a region and number type require: free-form registration fields and attachments.
 *
 * @since 0.1.0
 * @category responses
 */
export class NumberRequirements extends Schema.Class<NumberRequirements>("NumberRequirements")({
  fields: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  attachments: Schema.optional(Schema.Array(RequiredAttachment))
}) {}
