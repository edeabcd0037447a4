/** @internal */
import type * as ActiveNumber from "@effect-sinch/core/ActiveNumber"
import type * as ApiError from "@effect-sinch/core/ApiError"
import type * as AvailableNumber from "@effect-sinch/core/AvailableNumber"
import type * as EmergencyAddress from "@effect-sinch/core/EmergencyAddress"
import type * as NumberOrder from "@effect-sinch/core/NumberOrder"
import type * as Registration from "@effect-sinch/core/Registration"
import type * as Schema from "effect/Schema"

// Responses are built directly in their wire form, typed by core's schemas' encoded side, so the compiler holds
// every response to the contract and a 1,000-item page costs no schema pass.

/** @internal */
export type ActiveNumberWire = Schema.Schema.Encoded<typeof ActiveNumber.ActiveNumber>
/** @internal */
export type AvailableNumberWire = Schema.Schema.Encoded<typeof AvailableNumber.AvailableNumber>
/** @internal */
export type ListActiveNumbersWire = Schema.Schema.Encoded<typeof ActiveNumber.ListActiveNumbersResponse>
/** @internal */
export type EmergencyAddressWire = Schema.Schema.Encoded<typeof EmergencyAddress.EmergencyAddress>
/** @internal */
export type ValidateAddressWire = Schema.Schema.Encoded<typeof EmergencyAddress.ValidateAddressResponse>
/** @internal */
export type NumberOrderWire = Schema.Schema.Encoded<typeof NumberOrder.NumberOrder>
/** @internal */
export type NumberRequirementsWire = Schema.Schema.Encoded<typeof NumberOrder.NumberRequirements>
/** @internal */
export type RegistrationWire = Schema.Schema.Encoded<typeof Registration.Registration>
/** @internal */
export type AttachmentWire = Schema.Schema.Encoded<typeof Registration.Attachment>
/** @internal */
export type ApiErrorWire = Schema.Schema.Encoded<typeof ApiError.ApiErrorBody>

/** @internal */
export interface FieldViolation {
  readonly field: string
  readonly description: string
}

/** @internal */
export interface ErrorResponse {
  readonly status: number
  readonly body: ApiErrorWire
  readonly headers?: Record<string, string>
}

/** @internal */
export const invalidArgument = (violations: ReadonlyArray<FieldViolation>, message?: string): ErrorResponse => ({
  status: 400,
  body: {
    error: {
      code: 400,
      message: message ??
        violations.map((v) => v.field === "" ? v.description : `${v.field}: ${v.description}`).join("; "),
      status: "INVALID_ARGUMENT",
      details: [{ type: "BadRequest", fieldViolations: violations.map((v) => ({ ...v })) }]
    }
  }
})

/** @internal */
export const notFound = (resourceType: string, resourceName: string, description?: string): ErrorResponse => ({
  status: 404,
  body: {
    error: {
      code: 404,
      message: "",
      status: "NOT_FOUND",
      details: [{ type: "ResourceInfo", resourceType, resourceName, owner: "", description: description ?? "" }]
    }
  }
})

/** @internal */
export const routeNotFound = (method: string, path: string): ErrorResponse => ({
  status: 404,
  body: {
    error: {
      code: 404,
      message: `No such endpoint: ${method} ${path}`,
      status: "NOT_FOUND",
      details: []
    }
  }
})

/** @internal */
export const contentTooLarge = (resourceName: string, description: string): ErrorResponse => ({
  status: 413,
  body: {
    error: {
      code: 413,
      message: description,
      status: "CONTENT_TOO_LARGE",
      details: [{ type: "RequestEntityTooLarge", resourceName, description }]
    }
  }
})

/** @internal */
export const failedPrecondition = (message: string): ErrorResponse => ({
  status: 400,
  body: { error: { code: 400, message, status: "FAILED_PRECONDITION", details: [] } }
})

/** @internal */
export const unauthenticated = (description: string, wwwAuthenticate: string): ErrorResponse => ({
  status: 401,
  headers: { "www-authenticate": wwwAuthenticate },
  body: { error: { code: 401, message: description, status: "UNAUTHENTICATED", details: [] } }
})

/** @internal */
export const serverError = (status: number): ErrorResponse => {
  const names: Record<number, string> = {
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED"
  }
  const messages: Record<number, string> = {
    429: "Too many requests",
    500: "Internal error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout"
  }
  return {
    status,
    body: {
      error: {
        code: status,
        message: messages[status] ?? "Error",
        status: names[status] ?? "UNKNOWN",
        details: []
      }
    }
  }
}
