/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { optionalNullable } from "./internal/optionalNullable.js"
import { ProvisioningStatus } from "./SmsConfiguration.js"
import { TimestampOrText } from "./Timestamp.js"

/**
 * The voice platforms a number can be linked to: RTC (Voice API apps), EST (Elastic SIP Trunking) and FAX.
 *
 * @since 0.1.0
 * @category schemas
 */
export const VoiceApplicationType = Schema.Literal("RTC", "EST", "FAX").annotations({
  identifier: "VoiceApplicationType"
})

/**
 * @since 0.1.0
 * @category models
 */
export type VoiceApplicationType = typeof VoiceApplicationType.Type

// Responses may carry all three ids, the unused ones as "": every variant keeps them all. A `null` reads as missing.
const ids = {
  appId: optionalNullable(Schema.String),
  trunkId: optionalNullable(Schema.String),
  serviceId: optionalNullable(Schema.String)
}

const scheduledCommon = {
  ...ids,
  status: optionalNullable(ProvisioningStatus),
  lastUpdatedTime: optionalNullable(TimestampOrText)
}

// A missing (or null) type means RTC, the API's default.
const rtcType = optionalNullable(Schema.Literal("RTC"))

/**
 * An ongoing or failed voice provisioning job. Its `type` may differ from the configuration's while a switch
 * (say from RTC to FAX) is pending. Older responses omit `type`, which then means RTC.
 *
 * @since 0.1.0
 * @category models
 */
export const ScheduledVoiceProvisioning = Schema.Union(
  Schema.Struct({ type: rtcType, ...scheduledCommon }),
  Schema.Struct({ type: Schema.Literal("EST"), ...scheduledCommon }),
  Schema.Struct({ type: Schema.Literal("FAX"), ...scheduledCommon }),
  // A platform added after this SDK was written: kept, not rejected.
  Schema.Struct({ type: Schema.String, ...scheduledCommon })
).annotations({ identifier: "ScheduledVoiceProvisioning" })

/**
 * @since 0.1.0
 * @category models
 */
export type ScheduledVoiceProvisioning = typeof ScheduledVoiceProvisioning.Type

const common = {
  ...ids,
  lastUpdatedTime: optionalNullable(TimestampOrText),
  scheduledVoiceProvisioning: optionalNullable(ScheduledVoiceProvisioning)
}

/**
 * RTC voice configuration: the number is linked to a Voice API app (`appId`). A missing `type` means RTC.
 *
 * @since 0.1.0
 * @category models
 */
export const VoiceConfigurationRtc = Schema.Struct({ type: rtcType, ...common })
  .annotations({ identifier: "VoiceConfigurationRtc" })

/**
 * EST voice configuration: the number is linked to an Elastic SIP trunk (`trunkId`).
 *
 * @since 0.1.0
 * @category models
 */
export const VoiceConfigurationEst = Schema.Struct({ type: Schema.Literal("EST"), ...common })
  .annotations({ identifier: "VoiceConfigurationEst" })

/**
 * FAX voice configuration: the number is linked to a fax service (`serviceId`).
 *
 * @since 0.1.0
 * @category models
 */
export const VoiceConfigurationFax = Schema.Struct({ type: Schema.Literal("FAX"), ...common })
  .annotations({ identifier: "VoiceConfigurationFax" })

/**
 * A voice configuration of a platform this SDK does not know yet: kept as sent, not rejected.
 *
 * @since 0.1.0
 * @category models
 */
export const VoiceConfigurationOther = Schema.Struct({ type: Schema.String, ...common })
  .annotations({ identifier: "VoiceConfigurationOther" })

/**
 * A number's voice configuration as servers send it: a union on `type`. Narrow with `type === "EST"` or
 * `type === "FAX"`; RTC is `"RTC"` or absent.
 *
 * @since 0.1.0
 * @category models
 */
export const VoiceConfiguration = Schema.Union(
  VoiceConfigurationRtc,
  VoiceConfigurationEst,
  VoiceConfigurationFax,
  VoiceConfigurationOther
).annotations({ identifier: "VoiceConfiguration" })

/**
 * @since 0.1.0
 * @category models
 */
export type VoiceConfiguration = typeof VoiceConfiguration.Type

/**
 * Link a number to a Voice API app (an empty `appId` unlinks). `type` may be left out: RTC is the API's default.
 *
 * @since 0.1.0
 * @category requests
 */
export const VoiceConfigurationRtcRequest = Schema.Struct({
  type: Schema.optional(Schema.Literal("RTC")),
  // The API rejects an empty configuration object: the app id is what makes an RTC one.
  appId: Schema.String
}).annotations({ identifier: "VoiceConfigurationRtcRequest" })

/**
 * Link a number to an Elastic SIP trunk.
 *
 * @since 0.1.0
 * @category requests
 */
export const VoiceConfigurationEstRequest = Schema.Struct({ type: Schema.Literal("EST"), trunkId: Schema.String })
  .annotations({ identifier: "VoiceConfigurationEstRequest" })

/**
 * Link a number to a fax service.
 *
 * @since 0.1.0
 * @category requests
 */
export const VoiceConfigurationFaxRequest = Schema.Struct({ type: Schema.Literal("FAX"), serviceId: Schema.String })
  .annotations({ identifier: "VoiceConfigurationFaxRequest" })

/**
 * The voice configuration a user sends: exactly one platform, with its id (no `type` means RTC).
 *
 * @since 0.1.0
 * @category requests
 */
export const VoiceConfigurationRequest = Schema.Union(
  VoiceConfigurationRtcRequest,
  VoiceConfigurationEstRequest,
  VoiceConfigurationFaxRequest
).annotations({ identifier: "VoiceConfigurationRequest" })

/**
 * @since 0.1.0
 * @category models
 */
export type VoiceConfigurationRequest = typeof VoiceConfigurationRequest.Type
