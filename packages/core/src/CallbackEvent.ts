/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum } from "./internal/openEnum.js"
import { optionalNullable } from "./internal/optionalNullable.js"
import { TimestampOrText } from "./Timestamp.js"

// Only `resourceType` is required (CallbackPayloadCommon); a `null` reads as missing.
const common = {
  eventId: optionalNullable(Schema.String),
  // No zone means UTC; up to nine fractional digits. Text that does not read as a timestamp is kept: the signature,
  // checked on the raw body before decoding, already proved the event came from Sinch.
  timestamp: optionalNullable(TimestampOrText),
  projectId: optionalNullable(Schema.String),
  resourceId: optionalNullable(Schema.String)
}

/**
 * What happened to an active number.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ActiveNumberEventType = openEnum(
  "PROVISIONING_TO_SMS_PLATFORM",
  "DEPROVISIONING_FROM_SMS_PLATFORM",
  "PROVISIONING_TO_CAMPAIGN",
  "DEPROVISIONING_FROM_CAMPAIGN",
  "PROVISIONING_TO_VOICE_PLATFORM",
  "DEPROVISIONING_FROM_VOICE_PLATFORM"
)

/**
 * Why a campaign provisioning failed.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FailureCode = openEnum(
  "CAMPAIGN_NOT_AVAILABLE",
  "EXCEEDED_10DLC_LIMIT",
  "NUMBER_PROVISIONING_FAILED",
  "PARTNER_SERVICE_UNAVAILABLE",
  "CAMPAIGN_PENDING_ACCEPTANCE",
  "MNO_SHARING_ERROR",
  "CAMPAIGN_PROVISIONING_FAILED",
  "CAMPAIGN_EXPIRED",
  "CAMPAIGN_MNO_REJECTED",
  "CAMPAIGN_MNO_SUSPENDED",
  "CAMPAIGN_MNO_REVIEW",
  "INSUFFICIENT_BALANCE",
  "MOCK_CAMPAIGN_NOT_ALLOWED",
  "TFN_NOT_ALLOWED",
  "INVALID_NNID"
)

/**
 * An event about an active number (`resourceId` is the phone number).
 *
 * @since 0.1.0
 * @category models
 */
export class ActiveNumberEvent extends Schema.Class<ActiveNumberEvent>("@effect-sinch/core/ActiveNumberEvent")({
  ...common,
  resourceType: Schema.Literal("ACTIVE_NUMBER"),
  eventType: optionalNullable(ActiveNumberEventType),
  status: optionalNullable(openEnum("SUCCEEDED", "FAILED")),
  failureCode: optionalNullable(FailureCode),
  internalFailureCode: optionalNullable(Schema.String)
}) {}

/**
 * An event about a number order (`resourceId` is the order id; `status` its new state).
 *
 * @since 0.1.0
 * @category models
 */
export class NumberOrderEvent extends Schema.Class<NumberOrderEvent>("@effect-sinch/core/NumberOrderEvent")({
  ...common,
  resourceType: Schema.Literal("NUMBER_ORDER"),
  eventType: optionalNullable(openEnum("NUMBER_ORDER_PROCESSING")),
  status: optionalNullable(openEnum("IN_REVIEW", "BLOCKED", "COMPLETED", "REJECTED", "EXPIRED")),
  failureCode: optionalNullable(Schema.String),
  internalFailureCode: optionalNullable(Schema.String)
}) {}

/**
 * An event about a resource of a type this SDK does not know yet: decoded, not rejected.
 *
 * @since 0.1.0
 * @category models
 */
export class OtherEvent extends Schema.Class<OtherEvent>("@effect-sinch/core/OtherEvent")({
  ...common,
  resourceType: Schema.String,
  eventType: optionalNullable(Schema.String),
  status: optionalNullable(Schema.String)
}) {}

/**
 * An event Sinch posts to a callback URL: a union on `resourceType`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CallbackEvent = Schema.Union(ActiveNumberEvent, NumberOrderEvent, OtherEvent).annotations({
  identifier: "CallbackEvent"
})

/**
 * @since 0.1.0
 * @category models
 */
export type CallbackEvent = typeof CallbackEvent.Type

/**
 * A callback event decoded from its raw JSON text.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CallbackEventFromJson = Schema.parseJson(CallbackEvent)
