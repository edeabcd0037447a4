/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum } from "./internal/openEnum.js"
import { optionalNullable } from "./internal/optionalNullable.js"
import { TimestampOrText } from "./Timestamp.js"

/**
 * The state of a scheduled provisioning job.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProvisioningStatus = openEnum("PROVISIONING_STATUS_UNSPECIFIED", "WAITING", "IN_PROGRESS", "FAILED")

/**
 * @since 0.1.0
 * @category models
 */
export type ProvisioningStatus = typeof ProvisioningStatus.Type

/**
 * Why a scheduled SMS provisioning failed.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SmsErrorCode = openEnum(
  "ERROR_CODE_UNSPECIFIED",
  "INTERNAL_ERROR",
  "SMS_PROVISIONING_FAILED",
  "CAMPAIGN_PROVISIONING_FAILED",
  "CAMPAIGN_NOT_AVAILABLE",
  "EXCEEDED_10DLC_LIMIT",
  "NUMBER_PROVISIONING_FAILED",
  "PARTNER_SERVICE_UNAVAILABLE",
  "CAMPAIGN_PENDING_ACCEPTANCE",
  "MNO_SHARING_ERROR",
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
 * @since 0.1.0
 * @category models
 */
export type SmsErrorCode = typeof SmsErrorCode.Type

/**
 * An ongoing or failed SMS provisioning job; absent once the number is provisioned.
 *
 * @since 0.1.0
 * @category models
 */
export class ScheduledProvisioning
  extends Schema.Class<ScheduledProvisioning>("@effect-sinch/core/ScheduledProvisioning")({
    servicePlanId: optionalNullable(Schema.String),
    campaignId: optionalNullable(Schema.String),
    status: optionalNullable(ProvisioningStatus),
    lastUpdatedTime: optionalNullable(TimestampOrText),
    errorCodes: optionalNullable(Schema.Array(SmsErrorCode))
  })
{}

/**
 * A number's SMS configuration, as servers send it. While a change is being provisioned, it shows under
 * `scheduledProvisioning`; `servicePlanId` and `campaignId` hold what is in force. The API marks `servicePlanId` as
 * required, but a `null` one (which the API says it omits) reads as missing, so it is optional here.
 *
 * @since 0.1.0
 * @category models
 */
export class SmsConfiguration extends Schema.Class<SmsConfiguration>("@effect-sinch/core/SmsConfiguration")({
  servicePlanId: optionalNullable(Schema.String),
  campaignId: optionalNullable(Schema.String),
  scheduledProvisioning: optionalNullable(ScheduledProvisioning)
}) {}

/**
 * The SMS configuration a user sends: the service plan to link (an empty string unlinks) and, for US numbers, the
 * 10DLC campaign (`""` unlinks it; `null`, sent as `null`, overwrites it).
 *
 * @since 0.1.0
 * @category requests
 */
export class SmsConfigurationRequest
  extends Schema.Class<SmsConfigurationRequest>("@effect-sinch/core/SmsConfigurationRequest")({
    servicePlanId: Schema.String,
    campaignId: Schema.optional(Schema.NullOr(Schema.String))
  })
{}
