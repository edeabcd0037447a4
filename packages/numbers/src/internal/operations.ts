/** @internal */
import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import { ListActiveNumbersRequest, UpdateActiveNumberRequest } from "@effect-sinch/core/ActiveNumber"
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
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { decodeActiveNumber, decodeActiveNumbersPage, type DecodedPage } from "./activeNumbersPage.js"
import { query } from "./encoding.js"
import * as Input from "./input.js"

/**
 * How a call may be retried, and what is done after an ambiguous failure.
 *
 * - `Idempotent`: reads and changes that can be repeated; retried by the retry policy.
 * - `Billable`: retried only when the request provably never left. After an ambiguous failure, `reconcile` (when
 *   there is one) looks the number up; otherwise the call fails with `OutcomeUnknown`, whose `check` says what to
 *   look at.
 *
 * @internal
 */
export type Billing =
  | { readonly _tag: "Idempotent" }
  | {
    readonly _tag: "Billable"
    readonly check: (input: ValidInput) => string
    readonly reconcile?: Reconcile | undefined
  }

/**
 * After an ambiguous rent or release, the active number is looked up: `done` says whether it shows that the call
 * took effect.
 *
 * @internal
 */
export interface Reconcile {
  readonly done: (number: ActiveNumber) => boolean
  readonly notDone: string
}

/**
 * An operation's input once validated: the path parameters by name, and the request (query or body) in the
 * `Encoded` form of its schema.
 *
 * @internal
 */
export interface ValidInput {
  readonly params: Readonly<Record<string, string>>
  readonly request: any
}

/**
 * How a 2xx answer is read. `empty`, when present, is what an empty body reads as (instead of an error).
 *
 * @internal
 */
export type Answer<A> =
  | {
    readonly _tag: "Decode"
    readonly decode: (json: unknown) => Effect.Effect<A, ParseResult.ParseError>
    readonly empty?: { readonly value: A } | undefined
  }
  | { readonly _tag: "Ignore" }

/**
 * One operation of the Numbers API, as data: its name in the client and in the OpenAPI document, its method and path
 * template, how its input is validated and sent, how its answer is read, and how it may be retried.
 *
 * @internal
 */
export interface Operation<A, Kind extends "read" | "billable" = "read" | "billable"> {
  /** The `NumbersClient` method, also the `operation` of errors and spans. */
  readonly name: string
  /** The operationId in the OpenAPI document. */
  readonly operationId: string
  readonly method: "GET" | "POST" | "PATCH" | "PUT"
  /** The path template of the OpenAPI document, `{projectId}` included. */
  readonly path: string
  /** Validators of the path parameters other than `projectId`, by name (the template's order). */
  readonly params: ReadonlyArray<readonly [name: string, validate: Input.StringValidator]>
  /** Validates the request object (query filters or body); absent when the operation takes none. */
  readonly request?: Input.Validator | undefined
  /** The query parameters, from the validated request. */
  readonly query?: ((request: any) => UrlParams.UrlParams) | undefined
  /** How the validated request goes as a body. */
  readonly body?: "json" | "multipart" | undefined
  readonly answer: Answer<A>
  readonly kind: Kind
  readonly billing: Billing
}

const idempotent: Billing = { _tag: "Idempotent" }

const define = <A, Kind extends "read" | "billable">(operation: Operation<A, Kind>): Operation<A, Kind> => operation

const decode = <A, I>(schema: Schema.Schema<A, I>): Answer<A> => ({
  _tag: "Decode",
  decode: Schema.decodeUnknown(schema)
})

/**
 * Numbers that are being bought are checked as E.164 (the API accepts only that). Numbers and ids that the API
 * returned are passed back as they are (safely path-encoded), even when they are not clean E.164.
 */
const numberToBuy = Input.stringValidator(PhoneNumber)
const returnedId = Input.stringValidator(Input.ResourceId)

const activeNumber = [["phoneNumber", returnedId]] as const
const numberOrder = [["numberOrderId", returnedId]] as const

const numberPattern = (
  numberPattern: { readonly pattern?: string | undefined; readonly searchPattern?: string | undefined } | undefined
) => ({
  "numberPattern.pattern": numberPattern?.pattern,
  "numberPattern.searchPattern": numberPattern?.searchPattern
})

/**
 * The filters of a page of active numbers as query parameters: `capabilities` goes as the repeated key `capability`.
 *
 * @internal
 */
export const listActiveNumbersQuery = (request: Schema.Schema.Encoded<typeof ListActiveNumbersRequest>) =>
  query({
    regionCode: request.regionCode,
    type: request.type,
    ...numberPattern(request.numberPattern),
    capability: request.capabilities,
    pageSize: request.pageSize,
    pageToken: request.pageToken === "" ? undefined : request.pageToken,
    orderBy: request.orderBy
  })

const activeNumberAnswer: Answer<ActiveNumber> = { _tag: "Decode", decode: decodeActiveNumber }

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

/**
 * The request of an attachment upload, without the path parameters.
 *
 * @internal
 */
export const UploadRequest = Schema.Struct({
  file: Schema.Union(Schema.Uint8ArrayFromSelf, Schema.instanceOf(Blob)),
  fileName: Schema.String.pipe(Schema.nonEmptyString({ message: () => "Expected a non-empty file name" })),
  mimeType: Schema.optional(Schema.String),
  documentType: Schema.optional(Schema.String)
})

/**
 * Every operation of the OpenAPI document, once. `NumbersClient` runs them with one generic `execute`; a test checks
 * this table against the document (operationId, method, path template).
 *
 * @internal
 */
export const operations = {
  searchAvailableNumbers: define<ListAvailableNumbersResponse, "read">({
    name: "searchAvailableNumbers",
    operationId: "NumberService_ListAvailableNumbers",
    method: "GET",
    path: "/v1/projects/{projectId}/availableNumbers",
    params: [],
    request: Input.validator(SearchAvailableNumbersRequest),
    query: (r: Schema.Schema.Encoded<typeof SearchAvailableNumbersRequest>) =>
      query({
        regionCode: r.regionCode,
        type: r.type,
        ...numberPattern(r.numberPattern),
        capabilities: r.capabilities,
        size: r.size
      }),
    answer: decode(ListAvailableNumbersResponse),
    kind: "read",
    billing: idempotent
  }),

  getAvailableNumber: define<AvailableNumber, "read">({
    name: "getAvailableNumber",
    operationId: "NumberService_GetAvailableNumber",
    method: "GET",
    path: "/v1/projects/{projectId}/availableNumbers/{phoneNumber}",
    params: [["phoneNumber", numberToBuy]],
    answer: decode(AvailableNumber),
    kind: "read",
    billing: idempotent
  }),

  rentNumber: define<ActiveNumber, "billable">({
    name: "rentNumber",
    operationId: "NumberService_RentNumber",
    method: "POST",
    path: "/v1/projects/{projectId}/availableNumbers/{phoneNumber}:rent",
    params: [["phoneNumber", numberToBuy]],
    request: Input.validator(RentNumberRequest),
    body: "json",
    answer: activeNumberAnswer,
    kind: "billable",
    billing: {
      _tag: "Billable",
      check: ({ params }) =>
        `Call getActiveNumber(${
          JSON.stringify(params.phoneNumber)
        }) to see whether the number is now yours before renting again.`,
      reconcile: {
        done: (number) => number.expireAt === undefined,
        notDone: "Looking the number up did not show it active in this project."
      }
    }
  }),

  rentAnyNumber: define<ActiveNumber, "billable">({
    name: "rentAnyNumber",
    operationId: "NumberService_RentAnyNumber",
    method: "POST",
    path: "/v1/projects/{projectId}/availableNumbers:rentAny",
    params: [],
    request: Input.validator(RentAnyNumberRequest),
    body: "json",
    answer: activeNumberAnswer,
    kind: "billable",
    billing: {
      _tag: "Billable",
      check: ({ request }) =>
        `List active numbers (regionCode ${request.regionCode}, type ${request.type}) to see whether a number was ` +
        "rented before renting again."
    }
  }),

  listActiveNumbers: define<DecodedPage, "read">({
    name: "listActiveNumbers",
    operationId: "NumberService_ListActiveNumbers",
    method: "GET",
    path: "/v1/projects/{projectId}/activeNumbers",
    params: [],
    request: Input.validator(ListActiveNumbersRequest),
    query: listActiveNumbersQuery,
    answer: { _tag: "Decode", decode: decodeActiveNumbersPage },
    kind: "read",
    billing: idempotent
  }),

  getActiveNumber: define<ActiveNumber, "read">({
    name: "getActiveNumber",
    operationId: "NumberService_GetActiveNumber",
    method: "GET",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}",
    params: activeNumber,
    answer: activeNumberAnswer,
    kind: "read",
    billing: idempotent
  }),

  updateActiveNumber: define<ActiveNumber, "read">({
    name: "updateActiveNumber",
    operationId: "NumberService_UpdateActiveNumber",
    method: "PATCH",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}",
    params: activeNumber,
    request: Input.validator(UpdateActiveNumberRequest),
    body: "json",
    answer: activeNumberAnswer,
    kind: "read",
    billing: idempotent
  }),

  releaseNumber: define<ActiveNumber, "billable">({
    name: "releaseNumber",
    operationId: "NumberService_ReleaseNumber",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}:release",
    params: activeNumber,
    answer: activeNumberAnswer,
    kind: "billable",
    billing: {
      _tag: "Billable",
      check: ({ params }) =>
        `Call getActiveNumber(${JSON.stringify(params.phoneNumber)}): an expireAt means the release went through.`,
      reconcile: {
        done: (number) => number.expireAt !== undefined,
        notDone: "Looking the number up showed no expireAt."
      }
    }
  }),

  getEmergencyAddress: define<EmergencyAddress, "read">({
    name: "getEmergencyAddress",
    operationId: "NumberService_GetEmergencyAddress",
    method: "GET",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress",
    params: activeNumber,
    answer: decode(EmergencyAddress),
    kind: "read",
    billing: idempotent
  }),

  provisionEmergencyAddress: define<EmergencyAddress, "read">({
    name: "provisionEmergencyAddress",
    operationId: "NumberService_ProvisionEmergencyAddress",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:provision",
    params: activeNumber,
    request: Input.validator(EmergencyAddressRequest),
    body: "json",
    answer: decode(EmergencyAddress),
    kind: "read",
    billing: idempotent
  }),

  deprovisionEmergencyAddress: define<void, "read">({
    name: "deprovisionEmergencyAddress",
    operationId: "NumberService_DeprovisionEmergencyAddress",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:deprovision",
    params: activeNumber,
    answer: { _tag: "Ignore" },
    kind: "read",
    billing: idempotent
  }),

  validateEmergencyAddress: define<ValidateAddressResponse, "read">({
    name: "validateEmergencyAddress",
    operationId: "NumberService_ValidateEmergencyAddress",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:validate",
    params: activeNumber,
    request: Input.validator(EmergencyAddressRequest),
    body: "json",
    answer: decode(ValidateAddressResponse),
    kind: "read",
    billing: idempotent
  }),

  listAvailableRegions: define<ListAvailableRegionsResponse, "read">({
    name: "listAvailableRegions",
    operationId: "NumberService_ListAvailableRegions",
    method: "GET",
    path: "/v1/projects/{projectId}/availableRegions",
    params: [],
    request: Input.validator(ListAvailableRegionsRequest),
    query: (r: Schema.Schema.Encoded<typeof ListAvailableRegionsRequest>) => query({ types: r.types }),
    answer: decode(ListAvailableRegionsResponse),
    kind: "read",
    billing: idempotent
  }),

  getCallbackConfiguration: define<CallbackConfiguration, "read">({
    name: "getCallbackConfiguration",
    operationId: "GetCallbackConfiguration",
    method: "GET",
    path: "/v1/projects/{projectId}/callbackConfiguration",
    params: [],
    answer: decode(CallbackConfiguration),
    kind: "read",
    billing: idempotent
  }),

  updateCallbackConfiguration: define<CallbackConfiguration, "read">({
    name: "updateCallbackConfiguration",
    operationId: "UpdateCallbackConfiguration",
    method: "PATCH",
    path: "/v1/projects/{projectId}/callbackConfiguration",
    params: [],
    request: Input.validator(UpdateCallbackConfigurationRequest),
    body: "json",
    answer: decode(CallbackConfiguration),
    kind: "read",
    billing: idempotent
  }),

  lookupNumberRequirements: define<NumberRequirements, "read">({
    name: "lookupNumberRequirements",
    operationId: "LookupNumberRequirements",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders:lookupNumberRequirements",
    params: [],
    request: Input.validator(LookupNumberRequirementsRequest),
    body: "json",
    answer: decode(NumberRequirements),
    kind: "read",
    billing: idempotent
  }),

  createNumberOrder: define<NumberOrder, "billable">({
    name: "createNumberOrder",
    operationId: "CreateNumberOrder",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders:createNumberOrder",
    params: [],
    request: Input.validator(CreateNumberOrderRequest),
    body: "json",
    answer: decode(NumberOrder),
    kind: "billable",
    billing: {
      _tag: "Billable",
      check: () =>
        "An order may have been created and may be holding numbers until its expireTime: check the Sinch " +
        "dashboard (or a NUMBER_ORDER callback) before creating another."
    }
  }),

  getNumberOrder: define<NumberOrder, "read">({
    name: "getNumberOrder",
    operationId: "GetNumberOrder",
    method: "GET",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}",
    params: numberOrder,
    answer: decode(NumberOrder),
    kind: "read",
    billing: idempotent
  }),

  getNumberOrderRegistration: define<Registration, "read">({
    name: "getNumberOrderRegistration",
    operationId: "GetNumberOrderRegistration",
    method: "GET",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/registration",
    params: numberOrder,
    answer: decode(Registration),
    kind: "read",
    billing: idempotent
  }),

  updateNumberOrderRegistration: define<Registration, "read">({
    name: "updateNumberOrderRegistration",
    operationId: "UpdateNumberOrderRegistration",
    method: "PUT",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/registration",
    params: numberOrder,
    request: Input.validator(UpdateNumberOrderRegistrationRequest),
    body: "json",
    answer: decode(Registration),
    kind: "read",
    billing: idempotent
  }),

  uploadNumberOrderAttachment: define<Option.Option<Attachment>, "read">({
    name: "uploadNumberOrderAttachment",
    operationId: "UploadNumberOrderAttachment",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/attachments/{attachmentId}",
    params: [["numberOrderId", returnedId], ["attachmentId", returnedId]],
    request: Input.validator(UploadRequest),
    body: "multipart",
    answer: optionalAttachment,
    kind: "read",
    billing: idempotent
  }),

  submitNumberOrder: define<NumberOrder, "billable">({
    name: "submitNumberOrder",
    operationId: "SubmitNumberOrder",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/submit",
    params: numberOrder,
    answer: decode(NumberOrder),
    kind: "billable",
    billing: {
      _tag: "Billable",
      check: ({ params }) =>
        `Call getNumberOrder(${
          JSON.stringify(params.numberOrderId)
        }): a state other than CREATED means the submission went through.`
    }
  })
} as const
