/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Capability, CapabilityOpen } from "./Capability.js"
import { openEnum } from "./internal/openEnum.js"
import { optionalNullable } from "./internal/optionalNullable.js"
import { Money } from "./Money.js"
import { NumberPattern } from "./NumberPattern.js"
import { NumberType, NumberTypeOpen } from "./NumberType.js"
import { PhoneNumber } from "./PhoneNumber.js"
import { RegionCode } from "./RegionCode.js"
import { TimestampOrText } from "./Timestamp.js"
import { VoiceConfigurationEstRequest, VoiceConfigurationFaxRequest } from "./VoiceConfiguration.js"

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
 * The SMS configuration of a number order, as servers send it. The API marks `servicePlanId` as required, but a
 * `null` one (which the API says it omits) reads as missing, so it is optional here.
 *
 * @since 0.1.0
 * @category models
 */
export class OrderSmsConfiguration
  extends Schema.Class<OrderSmsConfiguration>("@effect-sinch/core/OrderSmsConfiguration")({
    servicePlanId: optionalNullable(Schema.String),
    campaignId: optionalNullable(Schema.String)
  })
{}

/**
 * The voice configuration of a number order, as servers send it.
 *
 * @since 0.1.0
 * @category models
 */
export class OrderVoiceConfiguration
  extends Schema.Class<OrderVoiceConfiguration>("@effect-sinch/core/OrderVoiceConfiguration")({
    type: optionalNullable(openEnum("RTC", "EST", "FAX")),
    appId: optionalNullable(Schema.String),
    trunkId: optionalNullable(Schema.String),
    serviceId: optionalNullable(Schema.String)
  })
{}

/**
 * @since 0.1.0
 * @category models
 */
export class NumberPrice extends Schema.Class<NumberPrice>("@effect-sinch/core/NumberPrice")({
  setupPrice: optionalNullable(Money),
  monthlyPrice: optionalNullable(Money),
  paymentIntervalMonths: optionalNullable(Schema.JsonNumber)
}) {}

/**
 * A number in an order, with its price. `phoneNumber` is kept as sent.
 *
 * @since 0.1.0
 * @category models
 */
export class OrderNumber extends Schema.Class<OrderNumber>("@effect-sinch/core/OrderNumber")({
  phoneNumber: optionalNullable(Schema.String),
  numberPrice: optionalNullable(NumberPrice),
  capabilities: optionalNullable(Schema.Array(CapabilityOpen))
}) {}

/**
 * An order for numbers: it reserves them until `expireTime`, collects what the region requires, and once submitted
 * and approved makes them active numbers. Every field may be missing (the API requires none); a `null` reads as
 * missing, and a timestamp that does not read as one is kept as its text.
 *
 * @since 0.1.0
 * @category models
 */
export class NumberOrder extends Schema.Class<NumberOrder>("@effect-sinch/core/NumberOrder")({
  projectId: optionalNullable(Schema.String),
  idNumberOrder: optionalNullable(Schema.String),
  regionCode: optionalNullable(Schema.String),
  state: optionalNullable(NumberOrderState),
  numberType: optionalNullable(NumberTypeOpen),
  orderNumbers: optionalNullable(Schema.Array(OrderNumber)),
  smsConfiguration: optionalNullable(OrderSmsConfiguration),
  voiceConfiguration: optionalNullable(OrderVoiceConfiguration),
  callbackUrl: optionalNullable(Schema.String),
  expireTime: optionalNullable(TimestampOrText),
  createTime: optionalNullable(TimestampOrText),
  updateTime: optionalNullable(TimestampOrText)
}) {}

/**
 * Ordering a given number (one per order, for now).
 *
 * @since 0.1.0
 * @category requests
 */
export class NumberOrderOption extends Schema.Class<NumberOrderOption>("@effect-sinch/core/NumberOrderOption")({
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
export class QuantityOrderOption extends Schema.Class<QuantityOrderOption>("@effect-sinch/core/QuantityOrderOption")({
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
  extends Schema.Class<OrderSmsConfigurationRequest>("@effect-sinch/core/OrderSmsConfigurationRequest")({
    servicePlanId: Schema.String,
    campaignId: Schema.optional(Schema.String)
  })
{}

/**
 * The voice configuration a user sets on an order: unlike on an active number, `type` is required
 * (OrderVoiceConfigurationBase).
 *
 * @since 0.1.0
 * @category requests
 */
export const OrderVoiceConfigurationRequest = Schema.Union(
  Schema.Struct({ type: Schema.Literal("RTC"), appId: Schema.String }).annotations({
    identifier: "OrderVoiceConfigurationRtcRequest"
  }),
  VoiceConfigurationEstRequest,
  VoiceConfigurationFaxRequest
).annotations({ identifier: "OrderVoiceConfigurationRequest" })

/**
 * @since 0.1.0
 * @category models
 */
export type OrderVoiceConfigurationRequest = typeof OrderVoiceConfigurationRequest.Type

/**
 * Creating a number order: exactly one of `numberOrderOption` (a given number) and `quantityOrderOption` (by
 * criteria).
 *
 * @since 0.1.0
 * @category requests
 */
export class CreateNumberOrderRequest
  extends Schema.Class<CreateNumberOrderRequest>("@effect-sinch/core/CreateNumberOrderRequest")(
    Schema.Struct({
      regionCode: RegionCode,
      numberType: NumberType,
      smsConfiguration: Schema.optional(OrderSmsConfigurationRequest),
      voiceConfiguration: Schema.optional(OrderVoiceConfigurationRequest),
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
  )
{}

/**
 * Asking what a region and number type require before ordering.
 *
 * @since 0.1.0
 * @category requests
 */
export class LookupNumberRequirementsRequest
  extends Schema.Class<LookupNumberRequirementsRequest>("@effect-sinch/core/LookupNumberRequirementsRequest")({
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
export class AttachmentTemplate extends Schema.Class<AttachmentTemplate>("@effect-sinch/core/AttachmentTemplate")({
  name: optionalNullable(Schema.String),
  url: optionalNullable(Schema.String)
}) {}

/**
 * A document an order must (or may) carry.
 *
 * @since 0.1.0
 * @category models
 */
export class RequiredAttachment extends Schema.Class<RequiredAttachment>("@effect-sinch/core/RequiredAttachment")({
  id: optionalNullable(Schema.String),
  description: optionalNullable(Schema.String),
  mandatory: optionalNullable(Schema.Boolean),
  template: optionalNullable(Schema.Array(AttachmentTemplate)),
  title: optionalNullable(Schema.String),
  allowedMimeTypes: optionalNullable(Schema.Array(Schema.String)),
  allowedDocumentTypes: optionalNullable(Schema.Array(Schema.String))
}) {}

/**
 * What a region and number type require: free-form registration fields and attachments.
 *
 * @since 0.1.0
 * @category responses
 */
export class NumberRequirements extends Schema.Class<NumberRequirements>("@effect-sinch/core/NumberRequirements")({
  fields: optionalNullable(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  attachments: optionalNullable(Schema.Array(RequiredAttachment))
}) {}
