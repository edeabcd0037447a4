// The table of NumbersClient's methods. NumbersClient loads it on the first call of a method that is not one of
// `activeNumberOperations` (operations.ts), so that a program's start does not build the schemas it alone needs;
// NumbersOperation imports it.
import { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import {
  AvailableNumber,
  ListAvailableNumbersResponse,
  RentAnyNumberRequest,
  RentNumberRequest,
  SearchAvailableNumbersRequest
} from "@effect-sinch/core/AvailableNumber"
import { ListAvailableRegionsRequest, ListAvailableRegionsResponse } from "@effect-sinch/core/AvailableRegion"
import { CallbackConfiguration, UpdateCallbackConfigurationRequest } from "@effect-sinch/core/CallbackConfiguration"
import { EmergencyAddress, EmergencyAddressRequest, ValidateAddressResponse } from "@effect-sinch/core/EmergencyAddress"
import {
  CreateNumberOrderRequest,
  LookupNumberRequirementsRequest,
  NumberOrder,
  NumberRequirements
} from "@effect-sinch/core/NumberOrder"
import { PhoneNumber } from "@effect-sinch/core/PhoneNumber"
import { Attachment, Registration, UpdateNumberOrderRegistrationRequest } from "@effect-sinch/core/Registration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { jsonBody, multipartBody, query } from "./encoding.js"
import * as Input from "./input.js"
import {
  activeNumber,
  activeNumberAnswer,
  activeNumberOperations,
  type Answer,
  define,
  idempotent,
  numberPattern
} from "./operations.js"

/**
 * Numbers that are being bought are checked as E.164 (the API accepts only that). Numbers and ids that the API
 * returned are passed back as they are (safely path-encoded), even when they are not clean E.164.
 */
const NumberToBuy = Schema.encodedBoundSchema(PhoneNumber)
const numberOrder = [["numberOrderId", Input.ResourceId]] as const

/**
 * What a call that answers nothing gives: `void`, as `null` in JSON.
 *
 * @internal
 */
export const Done: Schema.Schema<void, null> = Schema.transform(Schema.Null, Schema.Void, {
  strict: true,
  decode: () => undefined,
  encode: () => null
})

// An empty answer is what the API documents; a JSON body (older servers, our emulator before) is read if present.
const decodeAttachment = Schema.decodeUnknown(Attachment)
const optionalAttachment: Answer<Option.Option<Attachment>> = {
  _tag: "Decode",
  decode: (json) =>
    typeof json === "object" && json !== null && Object.keys(json).length === 0
      ? Effect.succeed(Option.none())
      : Effect.map(decodeAttachment(json), Option.some),
  empty: { value: Option.none() }
}

const uploadFields = {
  fileName: Schema.String.pipe(Schema.nonEmptyString({ message: () => "Expected a non-empty file name" })),
  mimeType: Schema.optional(Schema.String),
  documentType: Schema.optional(Schema.String)
}

const UploadRequest = Schema.Struct({
  file: Schema.Union(Schema.Uint8ArrayFromSelf, Schema.instanceOf(Blob)),
  ...uploadFields
})

// For tools the file is base64 text. A Blob cannot be written back to text without reading it, which a schema cannot
// do synchronously: encoding one fails.
const FileFromBase64 = Schema.transformOrFail(Schema.Uint8ArrayFromBase64, UploadRequest.fields.file, {
  strict: true,
  decode: ParseResult.succeed,
  encode: (file, _, ast) =>
    file instanceof Blob
      ? ParseResult.fail(new ParseResult.Type(ast, file, "Expected the file as bytes (read the Blob first)"))
      : ParseResult.succeed(file)
})

/**
 * Every operation of the OpenAPI document that is a method of `NumbersClient`, once: the methods, their JSDoc and
 * `NumbersOperation` are derived from it. A test checks it against the document (operationId, method, path template).
 *
 * Not marked internal, unlike the rest of this module: the types of `NumbersClient.Service` and
 * `NumbersOperation.operations` are derived from it, so the declaration files must keep it (users still cannot import
 * `internal/*`).
 */
export const operations = {
  /** Lists numbers for sale in a region, of a type, optionally by pattern and capability (`size` caps the answer). */
  searchAvailableNumbers: define({
    operationId: "NumberService_ListAvailableNumbers",
    method: "GET",
    path: "/v1/projects/{projectId}/availableNumbers",
    params: [],
    request: SearchAvailableNumbersRequest,
    query: (r) =>
      query({
        regionCode: r.regionCode,
        type: r.type,
        ...numberPattern(r.numberPattern),
        capabilities: r.capabilities,
        size: r.size
      }),
    success: ListAvailableNumbersResponse,
    retry: idempotent,
    summary:
      "Lists numbers for sale in a region, of a type, optionally by pattern and capability (`size` caps the answer)."
  }),

  /** Gets one number for sale by its E.164 number; `NotFound` when it is not available. */
  getAvailableNumber: define({
    operationId: "NumberService_GetAvailableNumber",
    method: "GET",
    path: "/v1/projects/{projectId}/availableNumbers/{phoneNumber}",
    params: [["phoneNumber", NumberToBuy]],
    success: AvailableNumber,
    retry: idempotent,
    summary: "Gets one number for sale by its E.164 number; `NotFound` when it is not available."
  }),

  /**
   * Rents a given number for sale (billable; US LOCAL only, deprecated by Sinch in favour of number orders).
   *
   * After an ambiguous failure the number is looked up: active without `expireAt` means the rent went through, and
   * it is returned.
   */
  rentNumber: define({
    operationId: "NumberService_RentNumber",
    method: "POST",
    path: "/v1/projects/{projectId}/availableNumbers/{phoneNumber}:rent",
    params: [["phoneNumber", NumberToBuy]],
    request: RentNumberRequest,
    optional: true,
    body: jsonBody,
    success: ActiveNumber,
    answer: activeNumberAnswer,
    retry: {
      _tag: "billable",
      check: ({ params }) =>
        `Call getActiveNumber(${
          JSON.stringify(params.phoneNumber)
        }) to see whether the number is now yours before renting again.`,
      reconcile: {
        done: (number) => number.expireAt === undefined,
        notDone: "Looking the number up did not show it active in this project."
      }
    },
    summary: "Rents a given number for sale (billable; US LOCAL only, deprecated by Sinch in favour of number orders)."
  }),

  /**
   * Rents any number matching criteria (billable; US LOCAL only, deprecated). An ambiguous failure is
   * `OutcomeUnknown`.
   */
  rentAnyNumber: define({
    operationId: "NumberService_RentAnyNumber",
    method: "POST",
    path: "/v1/projects/{projectId}/availableNumbers:rentAny",
    params: [],
    request: RentAnyNumberRequest,
    body: jsonBody,
    success: ActiveNumber,
    answer: activeNumberAnswer,
    retry: {
      _tag: "billable",
      check: ({ request }) =>
        `List active numbers (regionCode ${request?.regionCode}, type ${request?.type}) to see whether a number was ` +
        "rented before renting again."
    },
    summary: "Rents any number matching criteria (billable; US LOCAL only, deprecated). An ambiguous failure is " +
      "`OutcomeUnknown`."
  }),

  /** Gets one of the project's active numbers. */
  getActiveNumber: activeNumberOperations.getActiveNumber,

  /** Updates an active number (PATCH): display name, SMS and voice configuration, callback URL. */
  updateActiveNumber: activeNumberOperations.updateActiveNumber,

  /**
   * Releases an active number (billable): it stays until its `expireAt`.
   *
   * After an ambiguous failure the number is looked up: an `expireAt` means the release went through, and it is
   * returned.
   */
  releaseNumber: activeNumberOperations.releaseNumber,

  /** Gets the emergency address of an active number. */
  getEmergencyAddress: define({
    operationId: "NumberService_GetEmergencyAddress",
    method: "GET",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress",
    params: activeNumber,
    success: EmergencyAddress,
    retry: idempotent,
    summary: "Gets the emergency address of an active number."
  }),

  /** Provisions an emergency address for an active number. */
  provisionEmergencyAddress: define({
    operationId: "NumberService_ProvisionEmergencyAddress",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:provision",
    params: activeNumber,
    request: EmergencyAddressRequest,
    body: jsonBody,
    success: EmergencyAddress,
    retry: idempotent,
    summary: "Provisions an emergency address for an active number."
  }),

  /** Removes the emergency address of an active number. It answers nothing (`null` in `NumbersOperation`). */
  deprovisionEmergencyAddress: define({
    operationId: "NumberService_DeprovisionEmergencyAddress",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:deprovision",
    params: activeNumber,
    success: Done,
    answer: { _tag: "Ignore", value: undefined },
    retry: idempotent,
    summary: "Removes the emergency address of an active number. It answers nothing (`null` in `NumbersOperation`)."
  }),

  /** Validates an emergency address: EXACT_MATCH, NEAR_MATCH (with a corrected address) or NO_MATCH (with candidates). */
  validateEmergencyAddress: define({
    operationId: "NumberService_ValidateEmergencyAddress",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:validate",
    params: activeNumber,
    request: EmergencyAddressRequest,
    body: jsonBody,
    success: ValidateAddressResponse,
    retry: idempotent,
    summary:
      "Validates an emergency address: EXACT_MATCH, NEAR_MATCH (with a corrected address) or NO_MATCH (with candidates)."
  }),

  /** Lists the regions where numbers are sold, optionally only those offering some number types. */
  listAvailableRegions: define({
    operationId: "NumberService_ListAvailableRegions",
    method: "GET",
    path: "/v1/projects/{projectId}/availableRegions",
    params: [],
    request: ListAvailableRegionsRequest,
    optional: true,
    query: (r) => query({ types: r.types }),
    success: ListAvailableRegionsResponse,
    retry: idempotent,
    summary: "Lists the regions where numbers are sold, optionally only those offering some number types."
  }),

  /** Gets the project's callback configuration: the HMAC secret that signs callbacks. */
  getCallbackConfiguration: define({
    operationId: "GetCallbackConfiguration",
    method: "GET",
    path: "/v1/projects/{projectId}/callbackConfiguration",
    params: [],
    success: CallbackConfiguration,
    retry: idempotent,
    summary: "Gets the project's callback configuration: the HMAC secret that signs callbacks."
  }),

  /** Sets a new HMAC secret for callbacks (PATCH): 32 to 64 of `[a-zA-Z0-9-]`. */
  updateCallbackConfiguration: define({
    operationId: "UpdateCallbackConfiguration",
    method: "PATCH",
    path: "/v1/projects/{projectId}/callbackConfiguration",
    params: [],
    request: UpdateCallbackConfigurationRequest,
    body: jsonBody,
    success: CallbackConfiguration,
    retry: idempotent,
    summary: "Sets a new HMAC secret for callbacks (PATCH): 32 to 64 of `[a-zA-Z0-9-]`."
  }),

  /** Looks up what a number order in a region needs: the registration fields and documents to provide. */
  lookupNumberRequirements: define({
    operationId: "LookupNumberRequirements",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders:lookupNumberRequirements",
    params: [],
    request: LookupNumberRequirementsRequest,
    body: jsonBody,
    success: NumberRequirements,
    retry: idempotent,
    summary: "Looks up what a number order in a region needs: the registration fields and documents to provide."
  }),

  /** Creates a number order (billable: it reserves numbers). An ambiguous failure is `OutcomeUnknown`. */
  createNumberOrder: define({
    operationId: "CreateNumberOrder",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders:createNumberOrder",
    params: [],
    request: CreateNumberOrderRequest,
    body: jsonBody,
    success: NumberOrder,
    retry: {
      _tag: "billable",
      check: () =>
        "An order may have been created and may be holding numbers until its expireTime: check the Sinch " +
        "dashboard (or a NUMBER_ORDER callback) before creating another."
    },
    summary: "Creates a number order (billable: it reserves numbers). An ambiguous failure is `OutcomeUnknown`."
  }),

  /** Gets a number order by its id: its state, its numbers and when it expires. */
  getNumberOrder: define({
    operationId: "GetNumberOrder",
    method: "GET",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}",
    params: numberOrder,
    success: NumberOrder,
    retry: idempotent,
    summary: "Gets a number order by its id: its state, its numbers and when it expires."
  }),

  /** Gets the registration details of a number order. */
  getNumberOrderRegistration: define({
    operationId: "GetNumberOrderRegistration",
    method: "GET",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/registration",
    params: numberOrder,
    success: Registration,
    retry: idempotent,
    summary: "Gets the registration details of a number order."
  }),

  /** Replaces the registration details of a number order (PUT): the free-form fields its requirements ask for. */
  updateNumberOrderRegistration: define({
    operationId: "UpdateNumberOrderRegistration",
    method: "PUT",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/registration",
    params: numberOrder,
    request: UpdateNumberOrderRegistrationRequest,
    body: jsonBody,
    success: Registration,
    retry: idempotent,
    summary: "Replaces the registration details of a number order (PUT): the free-form fields its requirements ask for."
  }),

  /**
   * Uploads a document for a number order's registration (multipart); a file too large is `ContentTooLarge`.
   *
   * `attachmentId` is an id from `lookupNumberRequirements`; the file goes as the multipart part `file`, with
   * `fileName` and `mimeType` (default `application/octet-stream`). The API documents no answer body: the
   * attachment's record is `Some` when the server sends one, `None` when the answer is empty (`null` in
   * `NumbersOperation`, where the file is base64 text).
   */
  uploadNumberOrderAttachment: define({
    operationId: "UploadNumberOrderAttachment",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/attachments/{attachmentId}",
    params: [["numberOrderId", Input.ResourceId], ["attachmentId", Input.ResourceId]],
    request: UploadRequest,
    json: Schema.Struct({ file: FileFromBase64, ...uploadFields }),
    body: multipartBody,
    success: Schema.OptionFromNullOr(Attachment),
    answer: optionalAttachment,
    retry: idempotent,
    summary: "Uploads a document for a number order's registration (multipart); a file too large is `ContentTooLarge`."
  }),

  /** Submits a number order (billable). An ambiguous failure is `OutcomeUnknown`. */
  submitNumberOrder: define({
    operationId: "SubmitNumberOrder",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/submit",
    params: numberOrder,
    success: NumberOrder,
    retry: {
      _tag: "billable",
      check: ({ params }) =>
        `Call getNumberOrder(${
          JSON.stringify(params.numberOrderId)
        }): a state other than CREATED means the submission went through.`
    },
    summary: "Submits a number order (billable). An ambiguous failure is `OutcomeUnknown`."
  })
}
