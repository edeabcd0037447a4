/**
 * @since 0.1.0
 */
export * as ActiveNumber from "./ActiveNumber.js"

/**
 * @since 0.1.0
 */
export * as ApiError from "./ApiError.js"

/**
 * @since 0.1.0
 */
export * as AvailableNumber from "./AvailableNumber.js"

/**
 * @since 0.1.0
 */
export * as AvailableRegion from "./AvailableRegion.js"

/**
 * @since 0.1.0
 */
export * as CallbackConfiguration from "./CallbackConfiguration.js"

/**
 * @since 0.1.0
 */
export * as CallbackEvent from "./CallbackEvent.js"

/**
 * @since 0.1.0
 */
export * as Capability from "./Capability.js"

/**
 * @since 0.1.0
 */
export * as EmergencyAddress from "./EmergencyAddress.js"

/**
 * @since 0.1.0
 */
export * as ErrorFamily from "./ErrorFamily.js"

/**
 * @since 0.1.0
 */
export * as Money from "./Money.js"

/**
 * @since 0.1.0
 */
export * as NumberOrder from "./NumberOrder.js"

/**
 * @since 0.1.0
 */
export * as NumberPattern from "./NumberPattern.js"

/**
 * @since 0.1.0
 */
export * as NumberType from "./NumberType.js"

/**
 * @since 0.1.0
 */
export * as OAuthToken from "./OAuthToken.js"

/**
 * @since 0.1.0
 */
export * as PhoneNumber from "./PhoneNumber.js"

/**
 * @since 0.1.0
 */
export * as ProjectId from "./ProjectId.js"

/**
 * @since 0.1.0
 */
export * as Redaction from "./Redaction.js"

/**
 * @since 0.1.0
 */
export * as RegionCode from "./RegionCode.js"

/**
 * @since 0.1.0
 */
export * as Registration from "./Registration.js"

/**
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"

/**
 * @since 0.1.0
 */
export * as SmsConfiguration from "./SmsConfiguration.js"

/**
 * @since 0.1.0
 */
export * as Timestamp from "./Timestamp.js"

/**
 * @since 0.1.0
 */
export * as VoiceConfiguration from "./VoiceConfiguration.js"
