// Internal: every declaration is marked one by one, but for the table. A file-level marker would strip the first
// import from the declaration files, and the table's type needs it.
import { ActiveNumber, ListActiveNumbersRequest, UpdateActiveNumberRequest } from "@effect-sinch/core/ActiveNumber"
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
import type * as HttpBody from "@effect/platform/HttpBody"
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Record from "effect/Record"
import * as Schema from "effect/Schema"
import type { InvalidInput } from "../NumbersError.js"
import type { Definition, HttpMethod, Param } from "../NumbersOperation.js"
import { decodeActiveNumber, decodeActiveNumbersPage, type DecodedPage } from "./activeNumbersPage.js"
import { jsonBody, multipartBody, query } from "./encoding.js"
import * as Input from "./input.js"
import { lazy } from "./lazy.js"

/**
 * An operation's input once validated: the path parameters by name, and the request (query or body) in the
 * `Encoded` form of its schema (`undefined` when the operation takes none).
 *
 * @internal
 */
export interface ValidInput<I> {
  readonly params: Readonly<Record<string, string>>
  readonly request: I | undefined
}

/**
 * How a 2xx answer is read: decoded (`empty`, when present, is what an empty body reads as instead of an error),
 * or ignored for a fixed value.
 *
 * @internal
 */
export type Answer<A> =
  | {
    readonly _tag: "Decode"
    readonly decode: (json: unknown) => Effect.Effect<A, ParseResult.ParseError>
    readonly empty?: { readonly value: A } | undefined
  }
  | { readonly _tag: "Ignore"; readonly value: A }

/**
 * What a billable call does after an ambiguous failure: `check` says what to look at before trying again; with
 * `reconcile` the active number is looked up first (within the same deadline), and `done` says whether the
 * answer shows that the call took effect.
 *
 * @internal
 */
export interface Billing<I, A> {
  // Method syntax here and below: an entry stays usable where any entry is expected (`AnyDefinition`).
  check(input: ValidInput<I>): string
  readonly reconcile?: {
    done(answer: A): boolean
    readonly notDone: string
  } | undefined
}

/**
 * How an operation's request goes: validated strictly from its schema, then sent as query parameters or a body.
 *
 * @internal
 */
export interface RequestRoute<I> {
  readonly validate: Input.Validator<I>
  /** Whether the request may be left out (it is then `{}`). */
  readonly optional: boolean
  query?(request: I): UrlParams.UrlParams
  /** How the request goes as a body (absent: it goes as query parameters). */
  body?(operation: string, request: I): Effect.Effect<HttpBody.HttpBody, InvalidInput>
}

/**
 * What `execute` needs of an operation. Its members only give out `I` and `A` (or take them in method syntax), so
 * any entry's route is a `Route<unknown, unknown>`.
 *
 * @internal
 */
export interface Route<I, A> {
  readonly method: HttpMethod
  readonly path: string
  /** Validators of the path parameters other than `projectId`, by name (the template's order). */
  readonly params: ReadonlyArray<readonly [name: string, validate: Input.StringValidator]>
  readonly request: RequestRoute<I> | undefined
  readonly answer: Answer<A>
  /** Present exactly when the operation is billable. */
  readonly billing: Billing<I, A> | undefined
}

/**
 * The request's schemas for `NumbersOperation`'s input: as plain values, checked as the client checks them, and
 * its JSON form where that differs.
 *
 * @internal
 */
export interface RequestSchemas<I, J> {
  readonly plain: Schema.Schema<I>
  readonly json: Schema.Schema<I, J> | undefined
}

/**
 * Reads and changes that can be repeated: retried by the retry policy.
 *
 * @internal
 */
export const idempotent: { readonly _tag: "idempotent" } = { _tag: "idempotent" }

/**
 * An operation from its data, typed from its schemas: the input from the path parameters (a `const` tuple of names
 * and schemas) and the request schema, the answer from the success schema, the errors from `retry`.
 *
 * @internal
 */
export const define = <
  const P extends ReadonlyArray<Param>,
  A,
  AI,
  R extends "idempotent" | "billable",
  IA = never,
  I = never,
  J = I,
  O extends boolean = false
>(operation: {
  readonly operationId: string
  readonly method: HttpMethod
  /** The path template of the OpenAPI document, `{projectId}` included. */
  readonly path: string
  readonly params: P
  readonly request?: Schema.Schema<IA, I> | undefined
  /** The request may be left out; it is then `{}`. */
  readonly optional?: O | undefined
  /** The request's fields as plain values for tools, where they differ from the request schema's. */
  readonly json?: Schema.Schema<NoInfer<I>, J> | undefined
  readonly query?: ((request: NoInfer<I>) => UrlParams.UrlParams) | undefined
  readonly body?:
    | ((operation: string, request: NoInfer<I>) => Effect.Effect<HttpBody.HttpBody, InvalidInput>)
    | undefined
  readonly success: Schema.Schema<A, AI>
  /** How the answer is read, when not by decoding `success`. */
  readonly answer?: Answer<NoInfer<A>> | undefined
  readonly retry: { readonly _tag: R } & Partial<Billing<NoInfer<I>, NoInfer<A>>>
  readonly summary: string
}): Definition<P, I, J, O, A, AI, R> => {
  const { check, reconcile } = operation.retry
  return {
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    params: operation.params,
    retry: operation.retry._tag,
    summary: operation.summary,
    success: operation.success,
    route: {
      method: operation.method,
      path: operation.path,
      params: operation.params.map(([name, schema]): readonly [string, Input.StringValidator] => [
        name,
        Input.stringValidator(schema)
      ]),
      request: operation.request === undefined ? undefined : {
        validate: Input.validator(operation.request),
        optional: operation.optional === true,
        ...(operation.query === undefined ? {} : { query: operation.query }),
        ...(operation.body === undefined ? {} : { body: operation.body })
      },
      answer: operation.answer ?? decode(operation.success),
      billing: check === undefined ? undefined : { check, reconcile }
    },
    request: operation.request === undefined ? undefined : requestSchemas(operation.request, operation.json)
  }
}

/**
 * The request's schemas for `NumbersOperation`, its bound schema built when first read: the client never reads it,
 * and building one per operation at import makes a dozen schema classes each.
 */
const requestSchemas = <A, I, J>(
  request: Schema.Schema<A, I>,
  json: Schema.Schema<I, J> | undefined
): RequestSchemas<I, J> => {
  let plain: Schema.Schema<I> | undefined
  return {
    get plain() {
      return plain ??= Schema.encodedBoundSchema(request)
    },
    json
  }
}

/**
 * A type-level function over the entries of a table: `type` is computed from `Key` and `Entry`.
 *
 * @internal
 */
export interface EntryLambda {
  readonly Key: string
  readonly Entry: unknown
  readonly type: unknown
}

/** @internal */
export type Apply<F extends EntryLambda, K, E> = (F & { readonly Key: K; readonly Entry: E })["type"]

/**
 * `Record.map` over a table whose entries differ in type, with the type of each result stated by `F`.
 *
 * TypeScript cannot check that an object built key by key at run time has a mapped type (Effect's `Record.map` gives
 * every value one type), so this signature states it, and only the implementation's below is checked. The tests hold
 * every method and operation to its stated type by calling it.
 *
 * @internal
 */
export function mapEntries<F extends EntryLambda, T extends object>(
  table: T,
  f: (entry: T[keyof T], key: keyof T & string) => unknown
): { readonly [K in keyof T]: Apply<F, K, T[K]> }
export function mapEntries(
  table: Readonly<Record<string, unknown>>,
  f: (entry: unknown, key: string) => unknown
): Record<string, unknown> {
  return Record.map(table, f)
}

/**
 * A schema of user input: an unknown field is an error (a typo must not silently drop a filter).
 *
 * @internal
 */
export const strict = <A, I>(schema: Schema.Schema<A, I>): Schema.Schema<A, I> =>
  schema.annotations({ parseOptions: { onExcessProperty: "error" } })

const decode = <A, I>(schema: Schema.Schema<A, I>): Answer<A> => ({
  _tag: "Decode",
  decode: lazy(() => Schema.decodeUnknown(schema))
})

/**
 * Numbers that are being bought are checked as E.164 (the API accepts only that). Numbers and ids that the API
 * returned are passed back as they are (safely path-encoded), even when they are not clean E.164.
 */
const NumberToBuy = Schema.encodedBoundSchema(PhoneNumber)
const activeNumber = [["phoneNumber", Input.ResourceId]] as const
const numberOrder = [["numberOrderId", Input.ResourceId]] as const

const numberPattern = (
  numberPattern: { readonly pattern?: string | undefined; readonly searchPattern?: string | undefined } | undefined
) => ({
  "numberPattern.pattern": numberPattern?.pattern,
  "numberPattern.searchPattern": numberPattern?.searchPattern
})

const activeNumberAnswer: Answer<ActiveNumber> = { _tag: "Decode", decode: decodeActiveNumber }

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
  getActiveNumber: define({
    operationId: "NumberService_GetActiveNumber",
    method: "GET",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}",
    params: activeNumber,
    success: ActiveNumber,
    answer: activeNumberAnswer,
    retry: idempotent,
    summary: "Gets one of the project's active numbers."
  }),

  /** Updates an active number (PATCH): display name, SMS and voice configuration, callback URL. */
  updateActiveNumber: define({
    operationId: "NumberService_UpdateActiveNumber",
    method: "PATCH",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}",
    params: activeNumber,
    request: UpdateActiveNumberRequest,
    body: jsonBody,
    success: ActiveNumber,
    answer: activeNumberAnswer,
    retry: idempotent,
    summary: "Updates an active number (PATCH): display name, SMS and voice configuration, callback URL."
  }),

  /**
   * Releases an active number (billable): it stays until its `expireAt`.
   *
   * After an ambiguous failure the number is looked up: an `expireAt` means the release went through, and it is
   * returned.
   */
  releaseNumber: define({
    operationId: "NumberService_ReleaseNumber",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}:release",
    params: activeNumber,
    success: ActiveNumber,
    answer: activeNumberAnswer,
    retry: {
      _tag: "billable",
      check: ({ params }) =>
        `Call getActiveNumber(${JSON.stringify(params.phoneNumber)}): an expireAt means the release went through.`,
      reconcile: {
        done: (number) => number.expireAt !== undefined,
        notDone: "Looking the number up showed no expireAt."
      }
    },
    summary: "Releases an active number (billable): it stays until its `expireAt`."
  }),

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

/**
 * ListActiveNumbers, which the three listings of `NumbersClient` read (they are written by hand: streams, and a
 * page read on its own).
 *
 * @internal
 */
export const listActiveNumbers = define({
  operationId: "NumberService_ListActiveNumbers",
  method: "GET",
  path: "/v1/projects/{projectId}/activeNumbers",
  params: [],
  request: ListActiveNumbersRequest,
  optional: true,
  query: listActiveNumbersQuery,
  // The page as the listings read it (items that did not decode kept aside): never encoded, so declared, not described.
  success: Schema.declare((u): u is DecodedPage => typeof u === "object" && u !== null),
  answer: { _tag: "Decode", decode: decodeActiveNumbersPage },
  retry: idempotent,
  summary: "Lists the project's active numbers, one page."
})
