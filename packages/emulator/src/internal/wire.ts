/** @internal */
import * as Data from "effect/Data"

// The emulator's answers, typed by its own reading of the OpenAPI document's response schemas (each type names the
// component it reads), not by the client's schemas. Optional fields are left out, never `null`: "Null values can be
// omitted in requests and will be omitted in responses".

/** components/schemas/NumberType @internal */
export type NumberTypeWire = "MOBILE" | "LOCAL" | "TOLL_FREE"

/** components/schemas/NumberCapability @internal */
export type CapabilityWire = "SMS" | "VOICE"

/** components/schemas/VoiceApplicationType @internal */
export type VoiceApplicationTypeWire = "RTC" | "EST" | "FAX"

/** components/schemas/ProvisioningStatus @internal */
export type ProvisioningStatusWire = "PROVISIONING_STATUS_UNSPECIFIED" | "WAITING" | "IN_PROGRESS" | "FAILED"

/** components/schemas/NumberOrderState @internal */
export type NumberOrderStateWire =
  | "NUMBER_ORDER_STATE_UNSPECIFIED"
  | "CREATED"
  | "EXPIRED"
  | "IN_REVIEW"
  | "BLOCKED"
  | "REJECTED"
  | "COMPLETED"

/** components/schemas/money @internal */
export interface MoneyWire {
  readonly currencyCode: string
  readonly amount: string
}

/** components/schemas/scheduledProvisioning @internal */
export interface ScheduledProvisioningWire {
  readonly servicePlanId?: string
  readonly campaignId?: string
  readonly status?: ProvisioningStatusWire
  readonly lastUpdatedTime?: string
  readonly errorCodes?: ReadonlyArray<string>
}

/** components/schemas/smsConfiguration (smsConfigurationBase and its scheduledProvisioning) @internal */
export interface SmsConfigurationWire {
  readonly servicePlanId: string
  readonly campaignId?: string
  readonly scheduledProvisioning?: ScheduledProvisioningWire
}

/** components/schemas/ScheduledVoiceProvisioning (its RTC, EST and FAX variants, `type` required) @internal */
export interface ScheduledVoiceProvisioningWire {
  readonly type: VoiceApplicationTypeWire
  readonly lastUpdatedTime?: string
  readonly status?: ProvisioningStatusWire
  readonly appId?: string
  readonly trunkId?: string
  readonly serviceId?: string
}

/** components/schemas/VoiceConfiguration (its RTC, EST and FAX variants) @internal */
export interface VoiceConfigurationWire {
  readonly type?: VoiceApplicationTypeWire
  readonly lastUpdatedTime?: string
  readonly scheduledVoiceProvisioning?: ScheduledVoiceProvisioningWire
  readonly appId?: string
  readonly trunkId?: string
  readonly serviceId?: string
}

/** components/schemas/ActiveNumberResponse @internal */
export interface ActiveNumberWire {
  readonly phoneNumber: string
  readonly projectId?: string
  readonly displayName?: string
  readonly regionCode?: string
  readonly type?: NumberTypeWire
  readonly capability?: ReadonlyArray<CapabilityWire>
  readonly money?: MoneyWire
  readonly paymentIntervalMonths?: number
  readonly nextChargeDate?: string
  readonly expireAt?: string
  readonly smsConfiguration?: SmsConfigurationWire
  readonly voiceConfiguration?: VoiceConfigurationWire
  readonly callbackUrl?: string
}

/** components/schemas/AvailableNumber @internal */
export interface AvailableNumberWire {
  readonly phoneNumber: string
  readonly regionCode: string
  readonly type: NumberTypeWire
  readonly capability: ReadonlyArray<CapabilityWire>
  readonly setupPrice: MoneyWire
  readonly monthlyPrice: MoneyWire
  readonly paymentIntervalMonths: number
  readonly supportingDocumentationRequired: boolean
}

/** components/schemas/AvailableRegion @internal */
export interface AvailableRegionWire {
  readonly regionCode: string
  readonly regionName: string
  readonly types: ReadonlyArray<NumberTypeWire>
}

/** components/schemas/ListAvailableNumbersResponse @internal */
export interface ListAvailableNumbersWire {
  readonly availableNumbers: ReadonlyArray<AvailableNumberWire>
}

/** components/schemas/ListAvailableRegionsResponse @internal */
export interface ListAvailableRegionsWire {
  readonly availableRegions: ReadonlyArray<AvailableRegionWire>
}

/** components/schemas/EmergencyAddress @internal */
export interface EmergencyAddressWire {
  readonly streetNumber?: string
  readonly streetInfo?: string
  readonly location?: string
  readonly city?: string
  readonly state?: string
  readonly postalCode?: string
  readonly postalCodePlusFour?: string
}

/** components/schemas/AddressValidationResultCode @internal */
export type AddressValidationResultWire =
  | "ADDRESS_VALIDATION_RESULT_CODE_UNSPECIFIED"
  | "EXACT_MATCH"
  | "NEAR_MATCH"
  | "NO_MATCH"

/** components/schemas/ValidateAddressResponse @internal */
export interface ValidateAddressWire {
  readonly phoneNumber: string
  readonly displayName: string
  readonly validatedAddress: EmergencyAddressWire
  readonly validationResult: AddressValidationResultWire
  readonly validationMessage: string
  readonly correctedAddress: EmergencyAddressWire
  readonly candidateAddresses: ReadonlyArray<EmergencyAddressWire>
}

/** components/schemas/CallbackConfiguration @internal */
export interface CallbackConfigurationWire {
  readonly projectId: string
  readonly hmacSecret: string
}

/** components/schemas/AttachmentTemplate @internal */
export interface AttachmentTemplateWire {
  readonly name?: string
  readonly url?: string
}

/** components/schemas/RequiredAttachment @internal */
export interface RequiredAttachmentWire {
  readonly id: string
  readonly description: string
  readonly mandatory: boolean
  readonly template: ReadonlyArray<AttachmentTemplateWire>
  readonly title: string
  readonly allowedMimeTypes: ReadonlyArray<string>
  readonly allowedDocumentTypes: ReadonlyArray<string>
}

/** components/schemas/NumberRequirements @internal */
export interface NumberRequirementsWire {
  readonly fields: Readonly<Record<string, unknown>>
  readonly attachments: ReadonlyArray<RequiredAttachmentWire>
}

/** components/schemas/NumberPrice @internal */
export interface NumberPriceWire {
  readonly setupPrice: MoneyWire
  readonly monthlyPrice: MoneyWire
  readonly paymentIntervalMonths: number
}

/** components/schemas/OrderNumber @internal */
export interface OrderNumberWire {
  readonly phoneNumber: string
  readonly numberPrice: NumberPriceWire
  readonly capabilities: ReadonlyArray<CapabilityWire>
}

/** components/schemas/OrderSmsConfiguration @internal */
export interface OrderSmsConfigurationWire {
  readonly servicePlanId: string
  readonly campaignId?: string
}

/** components/schemas/OrderVoiceConfiguration (its RTC, EST and FAX variants, `type` required) @internal */
export interface OrderVoiceConfigurationWire {
  readonly type: VoiceApplicationTypeWire
  readonly appId?: string
  readonly trunkId?: string
  readonly serviceId?: string
}

/** components/schemas/NumberOrder @internal */
export interface NumberOrderWire {
  readonly projectId: string
  readonly idNumberOrder: string
  readonly regionCode: string
  readonly state: NumberOrderStateWire
  readonly numberType: NumberTypeWire
  readonly orderNumbers: ReadonlyArray<OrderNumberWire>
  readonly smsConfiguration?: OrderSmsConfigurationWire
  readonly voiceConfiguration?: OrderVoiceConfigurationWire
  readonly expireTime?: string
  readonly createTime: string
  readonly updateTime: string
}

/** components/schemas/UploadStatus @internal */
export type UploadStatusWire = "COMPLETED" | "WAITING" | "FAILED"

/** components/schemas/Attachment @internal */
export interface AttachmentWire {
  readonly attachmentId: string
  readonly fileName: string
  readonly mimeType: string
  readonly createTime: string
  readonly updateTime: string
  readonly uploadStatus: UploadStatusWire
  readonly documentType?: string
}

/** components/schemas/RegistrationLog @internal */
export interface RegistrationLogWire {
  readonly message: string
  readonly createTime: string
}

/** components/schemas/Registration @internal */
export interface RegistrationWire {
  readonly requestDetails: Readonly<Record<string, unknown>>
  readonly attachments: ReadonlyArray<AttachmentWire>
  readonly logs: ReadonlyArray<RegistrationLogWire>
}

// ---------------------------------------------------------------------------------------------------------------
// errors

/** components/schemas/FieldViolation @internal */
export interface FieldViolation {
  readonly field: string
  readonly description: string
}

/** components/schemas/BadRequest @internal */
export interface BadRequestWire {
  readonly type: "BadRequest"
  readonly fieldViolations: ReadonlyArray<FieldViolation>
}

/** components/schemas/NotFoundErrorDetails @internal */
export interface NotFoundDetailsWire {
  readonly type: string
  readonly resourceType: string
  readonly resourceName: string
  readonly owner: string
  readonly description: string
}

/** components/schemas/RequestEntityTooLargeErrorDetails @internal */
export interface RequestEntityTooLargeDetailsWire {
  readonly type: string
  readonly resourceName: string
  readonly description: string
}

/**
 * The error body every error status shares: InvalidArgument, NotFound, RequestEntityTooLarge, InternalError and the
 * PermissionDenied example.
 *
 * @internal
 */
export interface ErrorBodyWire {
  readonly error: {
    readonly code: number
    readonly message: string
    readonly status: string
    readonly details: ReadonlyArray<
      BadRequestWire | NotFoundDetailsWire | RequestEntityTooLargeDetailsWire
    >
  }
}

/**
 * An operation's failure: the HTTP status, the Sinch error body and any headers to answer with.
 *
 * @internal
 */
export class ErrorResponse extends Data.TaggedError("ErrorResponse")<{
  readonly status: number
  readonly body: ErrorBodyWire
  readonly headers: Readonly<Record<string, string>>
}> {}

const errorResponse = (
  status: number,
  error: ErrorBodyWire["error"],
  headers: Readonly<Record<string, string>> = {}
): ErrorResponse => new ErrorResponse({ status, body: { error }, headers })

/** 400, components/schemas/InvalidArgument: one BadRequest with a violation per field. @internal */
export const invalidArgument = (violations: ReadonlyArray<FieldViolation>, message?: string): ErrorResponse =>
  errorResponse(400, {
    code: 400,
    message: message ??
      violations.map((v) => v.field === "" ? v.description : `${v.field}: ${v.description}`).join("; "),
    status: "INVALID_ARGUMENT",
    details: [{ type: "BadRequest", fieldViolations: violations.map((v) => ({ ...v })) }]
  })

/** 404, components/schemas/NotFound: the resource that was not found. @internal */
export const notFound = (resourceType: string, resourceName: string, description?: string): ErrorResponse =>
  errorResponse(404, {
    code: 404,
    message: "",
    status: "NOT_FOUND",
    details: [{ type: "ResourceInfo", resourceType, resourceName, owner: "", description: description ?? "" }]
  })

/** 404 for a path no operation has. @internal */
export const routeNotFound = (method: string, path: string): ErrorResponse =>
  errorResponse(404, { code: 404, message: `No such endpoint: ${method} ${path}`, status: "NOT_FOUND", details: [] })

/** 413, components/schemas/RequestEntityTooLarge. @internal */
export const contentTooLarge = (resourceName: string, description: string): ErrorResponse =>
  errorResponse(413, {
    code: 413,
    message: description,
    status: "CONTENT_TOO_LARGE",
    details: [{ type: "RequestEntityTooLarge", resourceName, description }]
  })

/** 403, components/responses/PermissionDenied, its example with a message added. @internal */
export const permissionDenied = (message: string): ErrorResponse =>
  errorResponse(403, { code: 403, message, status: "PERMISSION_DENIED", details: [] })

/** 401 (the document lists none; Sinch answers this). @internal */
export const unauthenticated = (description: string, wwwAuthenticate: string): ErrorResponse =>
  errorResponse(401, { code: 401, message: description, status: "UNAUTHENTICATED", details: [] }, {
    "www-authenticate": wwwAuthenticate
  })

const serverStatuses: Readonly<Record<number, readonly [string, string]>> = {
  429: ["RESOURCE_EXHAUSTED", "Too many requests"],
  500: ["INTERNAL", "Internal error"],
  502: ["UNAVAILABLE", "Bad gateway"],
  503: ["UNAVAILABLE", "Service unavailable"],
  504: ["DEADLINE_EXCEEDED", "Gateway timeout"]
}

/** 5xx and 429; a 500 is components/schemas/InternalError. @internal */
export const serverError = (
  status: number,
  message?: string,
  headers: Readonly<Record<string, string>> = {}
): ErrorResponse => {
  const [name, text] = serverStatuses[status] ?? ["UNKNOWN", "Error"]
  return errorResponse(status, { code: status, message: message ?? text, status: name, details: [] }, headers)
}
