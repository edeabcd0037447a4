/**
 * `NumbersClient`: every operation of the Sinch Numbers API as a typed `Effect`, with input validated before anything
 * is sent, retries that never buy or release twice, a per-attempt timeout and a total deadline, and active numbers
 * as a lazy `Stream` over all pages.
 *
 * @since 0.1.0
 */
import { SinchAuth } from "@effect-sinch/auth/SinchAuth"
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
import { ProjectId } from "@effect-sinch/core/ProjectId"
import { Attachment, Registration, UpdateNumberOrderRegistrationRequest } from "@effect-sinch/core/Registration"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as UrlParams from "@effect/platform/UrlParams"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { decodeActiveNumber, decodeActiveNumbersPage } from "./internal/activeNumbersPage.js"
import { query, segment } from "./internal/encoding.js"
import * as Input from "./internal/input.js"
import * as Paging from "./internal/paging.js"
import * as Pipeline from "./internal/pipeline.js"
import * as RetryPolicy from "./internal/retryPolicy.js"
import * as NumbersError from "./NumbersError.js"

/**
 * The Sinch Numbers API.
 *
 * @example
 * ```ts
 * import { SinchAuth } from "@effect-sinch/auth"
 * import { NumbersClient } from "@effect-sinch/numbers"
 * import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * import * as Stream from "effect/Stream"
 *
 * const program = Effect.gen(function*() {
 *   const numbers = yield* NumbersClient.NumbersClient
 *   const found = yield* numbers.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 5 })
 *   const count = yield* Stream.runCount(numbers.listActiveNumbers({ regionCode: "US" }))
 *   return { available: found.availableNumbers.length, active: count }
 * })
 *
 * const MainLive = NumbersClient.layerConfig().pipe(
 *   Layer.provide(SinchAuth.layerOAuthConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 *
 * program.pipe(Effect.provide(MainLive))
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class NumbersClient extends Context.Tag("@effect-sinch/numbers/NumbersClient")<NumbersClient, Service>() {}

/**
 * A search for numbers to buy, as plain values: `{ regionCode: "US", type: "LOCAL" }`.
 *
 * @since 0.1.0
 * @category inputs
 */
export type SearchAvailableNumbersInput = Schema.Schema.Encoded<typeof SearchAvailableNumbersRequest>

/**
 * @since 0.1.0
 * @category inputs
 */
export type RentNumberInput = Schema.Schema.Encoded<typeof RentNumberRequest>

/**
 * @since 0.1.0
 * @category inputs
 */
export type RentAnyNumberInput = Schema.Schema.Encoded<typeof RentAnyNumberRequest>

/**
 * Filters for active numbers (all optional), without the page token.
 *
 * @since 0.1.0
 * @category inputs
 */
export type ListActiveNumbersFilters = Omit<Schema.Schema.Encoded<typeof ListActiveNumbersRequest>, "pageToken">

/**
 * Filters for one page of active numbers, with the token of the page (absent for the first).
 *
 * @since 0.1.0
 * @category inputs
 */
export type ListActiveNumbersPageInput = Schema.Schema.Encoded<typeof ListActiveNumbersRequest>

/**
 * @since 0.1.0
 * @category inputs
 */
export type UpdateActiveNumberInput = Schema.Schema.Encoded<typeof UpdateActiveNumberRequest>

/**
 * @since 0.1.0
 * @category inputs
 */
export type EmergencyAddressInput = Schema.Schema.Encoded<typeof EmergencyAddressRequest>

/**
 * @since 0.1.0
 * @category inputs
 */
export type ListAvailableRegionsInput = Schema.Schema.Encoded<typeof ListAvailableRegionsRequest>

/**
 * @since 0.1.0
 * @category inputs
 */
export type UpdateCallbackConfigurationInput = Schema.Schema.Encoded<typeof UpdateCallbackConfigurationRequest>

/**
 * @since 0.1.0
 * @category inputs
 */
export type LookupNumberRequirementsInput = Schema.Schema.Encoded<typeof LookupNumberRequirementsRequest>

/**
 * @since 0.1.0
 * @category inputs
 */
export type CreateNumberOrderInput = Schema.Schema.Encoded<typeof CreateNumberOrderRequest>

/**
 * @since 0.1.0
 * @category inputs
 */
export type UpdateNumberOrderRegistrationInput = Schema.Schema.Encoded<typeof UpdateNumberOrderRegistrationRequest>

/**
 * A document for a number order's registration. `attachmentId` is an id from `lookupNumberRequirements`; the file
 * goes as the multipart part `file`, with `fileName` and `mimeType` (default `application/octet-stream`).
 *
 * @since 0.1.0
 * @category inputs
 */
export interface UploadNumberOrderAttachmentInput {
  readonly numberOrderId: string
  readonly attachmentId: string
  readonly file: Uint8Array | Blob
  readonly fileName: string
  readonly mimeType?: string | undefined
  readonly documentType?: string | undefined
}

/**
 * One page of active numbers, for callers who page themselves. `nextPageToken` is `None` on the last page; pass
 * it back as `pageToken` to get the next one.
 *
 * @since 0.1.0
 * @category models
 */
export interface ActiveNumbersPage {
  readonly activeNumbers: ReadonlyArray<ActiveNumber>
  readonly nextPageToken: Option.Option<string>
  /** The total the server reports (informational: it may change while paging). */
  readonly totalSize: Option.Option<number>
}

/**
 * The operations of the Numbers API, named after its operationIds. Inputs are plain values (the `Encoded` form of
 * core's request schemas) and are validated before anything is sent: bad input fails with `InvalidInput`.
 *
 * Reads and idempotent changes (GET, PATCH, PUT, and the POSTs that only look up or set the same thing again:
 * `lookupNumberRequirements`, the emergency-address calls, `uploadNumberOrderAttachment`) are retried by the
 * retry schedule. Billable calls (`rentNumber`, `rentAnyNumber`, `releaseNumber`, `createNumberOrder`,
 * `submitNumberOrder`) are retried only when the request provably never left; after an ambiguous failure
 * `rentNumber` and `releaseNumber` look the number up, and otherwise fail with `OutcomeUnknown`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** ListAvailableNumbers: numbers for sale in a region (no paging; `size` caps the answer). */
  readonly searchAvailableNumbers: (
    request: SearchAvailableNumbersInput
  ) => Effect.Effect<ListAvailableNumbersResponse, NumbersError.RequestError>
  /** GetAvailableNumber: one number for sale; `NotFound` when it is not available. */
  readonly getAvailableNumber: (phoneNumber: string) => Effect.Effect<AvailableNumber, NumbersError.RequestError>
  /**
   * RentNumber (billable; US LOCAL only, deprecated by Sinch in favour of number orders). After an ambiguous failure
   * the number is looked up: active without `expireAt` means the rent went through, and it is returned.
   */
  readonly rentNumber: (
    phoneNumber: string,
    request?: RentNumberInput
  ) => Effect.Effect<ActiveNumber, NumbersError.BillableError>
  /** RentAnyNumber (billable; US LOCAL only, deprecated). An ambiguous failure is `OutcomeUnknown`. */
  readonly rentAnyNumber: (request: RentAnyNumberInput) => Effect.Effect<ActiveNumber, NumbersError.BillableError>
  /**
   * ListActiveNumbers, every page: lazy, one page fetched ahead while the consumer works, each page retried on its
   * own, every number exactly once in the server's order. A page token that comes back twice fails with
   * `PageTokenRepeated`.
   */
  readonly listActiveNumbers: (
    filters?: ListActiveNumbersFilters
  ) => Stream.Stream<ActiveNumber, NumbersError.ListError>
  /** ListActiveNumbers, one page, for callers who page themselves. */
  readonly listActiveNumbersPage: (
    request?: ListActiveNumbersPageInput
  ) => Effect.Effect<ActiveNumbersPage, NumbersError.RequestError>
  /** GetActiveNumber. */
  readonly getActiveNumber: (phoneNumber: string) => Effect.Effect<ActiveNumber, NumbersError.RequestError>
  /** UpdateActiveNumber (PATCH): display name, SMS and voice configuration, callback URL. */
  readonly updateActiveNumber: (
    phoneNumber: string,
    request: UpdateActiveNumberInput
  ) => Effect.Effect<ActiveNumber, NumbersError.RequestError>
  /**
   * ReleaseNumber (billable): the number stays until its `expireAt`. After an ambiguous failure the number is looked
   * up: an `expireAt` means the release went through, and it is returned.
   */
  readonly releaseNumber: (phoneNumber: string) => Effect.Effect<ActiveNumber, NumbersError.BillableError>
  /** GetEmergencyAddress. */
  readonly getEmergencyAddress: (phoneNumber: string) => Effect.Effect<EmergencyAddress, NumbersError.RequestError>
  /** ProvisionEmergencyAddress. */
  readonly provisionEmergencyAddress: (
    phoneNumber: string,
    request: EmergencyAddressInput
  ) => Effect.Effect<EmergencyAddress, NumbersError.RequestError>
  /** DeprovisionEmergencyAddress. */
  readonly deprovisionEmergencyAddress: (phoneNumber: string) => Effect.Effect<void, NumbersError.RequestError>
  /** ValidateEmergencyAddress: EXACT_MATCH, NEAR_MATCH (with a corrected address) or NO_MATCH (with candidates). */
  readonly validateEmergencyAddress: (
    phoneNumber: string,
    request: EmergencyAddressInput
  ) => Effect.Effect<ValidateAddressResponse, NumbersError.RequestError>
  /** ListAvailableRegions, optionally only those offering some number types. */
  readonly listAvailableRegions: (
    request?: ListAvailableRegionsInput
  ) => Effect.Effect<ListAvailableRegionsResponse, NumbersError.RequestError>
  /** GetCallbackConfiguration: the project's HMAC secret for callbacks. */
  readonly getCallbackConfiguration: () => Effect.Effect<CallbackConfiguration, NumbersError.CallError>
  /** UpdateCallbackConfiguration (PATCH): a new HMAC secret, 32 to 64 of `[a-zA-Z0-9-]`. */
  readonly updateCallbackConfiguration: (
    request: UpdateCallbackConfigurationInput
  ) => Effect.Effect<CallbackConfiguration, NumbersError.RequestError>
  /** LookupNumberRequirements: what a region and number type require before ordering. */
  readonly lookupNumberRequirements: (
    request: LookupNumberRequirementsInput
  ) => Effect.Effect<NumberRequirements, NumbersError.RequestError>
  /** CreateNumberOrder (billable: it reserves numbers). An ambiguous failure is `OutcomeUnknown`. */
  readonly createNumberOrder: (
    request: CreateNumberOrderInput
  ) => Effect.Effect<NumberOrder, NumbersError.BillableError>
  /** GetNumberOrder. */
  readonly getNumberOrder: (numberOrderId: string) => Effect.Effect<NumberOrder, NumbersError.RequestError>
  /** GetNumberOrderRegistration. */
  readonly getNumberOrderRegistration: (
    numberOrderId: string
  ) => Effect.Effect<Registration, NumbersError.RequestError>
  /** UpdateNumberOrderRegistration (PUT): the free-form registration details. */
  readonly updateNumberOrderRegistration: (
    numberOrderId: string,
    request: UpdateNumberOrderRegistrationInput
  ) => Effect.Effect<Registration, NumbersError.RequestError>
  /**
   * UploadNumberOrderAttachment: a multipart upload; a file too large is `ContentTooLarge`. The API documents no
   * answer body: the attachment's record is `Some` when the server sends one, `None` when the answer is empty.
   */
  readonly uploadNumberOrderAttachment: (
    input: UploadNumberOrderAttachmentInput
  ) => Effect.Effect<Option.Option<Attachment>, NumbersError.RequestError>
  /** SubmitNumberOrder (billable). An ambiguous failure is `OutcomeUnknown`. */
  readonly submitNumberOrder: (numberOrderId: string) => Effect.Effect<NumberOrder, NumbersError.BillableError>
}

/**
 * How to build a `NumbersClient`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The Sinch project id (usually a UUID). */
  readonly projectId: string
  /**
   * The API's base URL. Default `https://numbers.api.sinch.com`. Plain http is refused unless to a loopback host, as
   * it would send the token in clear.
   */
  readonly baseUrl?: string | undefined
  /** How long one attempt may take, reading the whole body included. Default 30 seconds. */
  readonly timeout?: Duration.DurationInput | undefined
  /** How long a call may take in all, retries and their waits included. Default 2 minutes. */
  readonly deadline?: Duration.DurationInput | undefined
  /**
   * The timing of retries: any `Schedule` (its input is the failure), or `false` / `"off"` for no retries.
   * Default `defaultRetrySchedule`: full-jitter exponential backoff from 0.5 s doubling, each wait capped at 8 s,
   * 3 retries. Which failures are retried does not change: idempotent calls retry no answer, timeouts, 408, 429,
   * 500, 502, 503 and 504; billable calls only failures that provably happened before sending.
   */
  readonly retrySchedule?: Schedule.Schedule<unknown, NumbersError.CallError> | false | "off" | undefined
  /**
   * A `Retry-After` up to this long lengthens the wait to it; a longer one stops the retries (the error carries
   * it). Default 30 seconds.
   */
  readonly maxRetryAfter?: Duration.DurationInput | undefined
}

/**
 * The Numbers API's production base URL.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl: string = "https://numbers.api.sinch.com"

/**
 * Full-jitter exponential backoff: before retry n (from 0) wait a random time in `[0, min(cap, base * 2^n)]`, at
 * most `retries` times. Randomness comes from Effect's `Random`.
 *
 * @since 0.1.0
 * @category retries
 */
export const fullJitter: (options: {
  readonly base: Duration.DurationInput
  readonly cap: Duration.DurationInput
  readonly retries: number
}) => Schedule.Schedule<unknown, unknown> = RetryPolicy.fullJitter

/**
 * The default retry timing: full jitter from 0.5 s doubling, each wait capped at 8 s, 3 retries (4 attempts).
 *
 * @since 0.1.0
 * @category retries
 */
export const defaultRetrySchedule: Schedule.Schedule<unknown, unknown> = RetryPolicy.defaultSchedule

const decodeAvailableNumber = Schema.decodeUnknown(AvailableNumber)
const decodeListAvailableNumbers = Schema.decodeUnknown(ListAvailableNumbersResponse)
const decodeEmergencyAddress = Schema.decodeUnknown(EmergencyAddress)
const decodeValidateAddress = Schema.decodeUnknown(ValidateAddressResponse)
const decodeListAvailableRegions = Schema.decodeUnknown(ListAvailableRegionsResponse)
const decodeCallbackConfiguration = Schema.decodeUnknown(CallbackConfiguration)
const decodeNumberRequirements = Schema.decodeUnknown(NumberRequirements)
const decodeNumberOrder = Schema.decodeUnknown(NumberOrder)
const decodeRegistration = Schema.decodeUnknown(Registration)
const decodeAttachment = Schema.decodeUnknown(Attachment)
// An empty answer (what the API documents) reads as `null`, see `Pipeline.Call.emptyBody`.
const decodeOptionalAttachment = (json: unknown) =>
  json === null || (typeof json === "object" && Object.keys(json).length === 0)
    ? Effect.succeed(Option.none<Attachment>())
    : Effect.map(decodeAttachment(json), Option.some)

const validatePhoneNumber = Input.stringValidator(PhoneNumber)
const validateResourceId = Input.stringValidator(Input.ResourceId)
const validateSearch = Input.validator(SearchAvailableNumbersRequest)
const validateRentNumber = Input.validator(RentNumberRequest)
const validateRentAny = Input.validator(RentAnyNumberRequest)
const validateListActive = Input.validator(ListActiveNumbersRequest)
const validateUpdateActive = Input.validator(UpdateActiveNumberRequest)
const validateEmergencyAddressRequest = Input.validator(EmergencyAddressRequest)
const validateListRegions = Input.validator(ListAvailableRegionsRequest)
const validateUpdateCallback = Input.validator(UpdateCallbackConfigurationRequest)
const validateLookup = Input.validator(LookupNumberRequirementsRequest)
const validateCreateOrder = Input.validator(CreateNumberOrderRequest)
const validateUpdateRegistration = Input.validator(UpdateNumberOrderRegistrationRequest)
const validateUpload = Input.validator(Schema.Struct({
  numberOrderId: Input.ResourceId,
  attachmentId: Input.ResourceId,
  file: Schema.Union(Schema.Uint8ArrayFromSelf, Schema.instanceOf(Blob)),
  fileName: Schema.String.pipe(Schema.nonEmptyString({ message: () => "Expected a non-empty file name" })),
  mimeType: Schema.optional(Schema.String),
  documentType: Schema.optional(Schema.String)
}))

// The multipart body is encoded here, once, into bytes: every HttpClient sends bytes the same way (a FormData
// instance is not understood by all of them, e.g. undici's own FormData differs from the global one), and a retry
// resends the very same body.
const multipart = (upload: {
  readonly file: Uint8Array | Blob
  readonly fileName: string
  readonly mimeType?: string | undefined
  readonly documentType?: string | undefined
}): Effect.Effect<HttpBody.HttpBody> =>
  Effect.promise(async () => {
    const form = new FormData()
    const type = upload.mimeType ?? (upload.file instanceof Blob && upload.file.type !== ""
      ? upload.file.type
      : "application/octet-stream")
    const blob = upload.file instanceof Blob
      ? upload.file.slice(0, upload.file.size, type)
      : new Blob([upload.file as Uint8Array<ArrayBuffer>], { type })
    form.append("file", blob, upload.fileName)
    if (upload.documentType !== undefined) form.append("documentType", upload.documentType)
    const encoded = new Response(form)
    const bytes = new Uint8Array(await encoded.arrayBuffer())
    return HttpBody.uint8Array(bytes, encoded.headers.get("content-type") ?? "multipart/form-data")
  })

const isLoopback = (hostname: string) =>
  hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

const invalidOption = (field: string, reason: string) =>
  new NumbersError.InvalidInput({ operation: "NumbersClient.make", field, reason })

const checkBaseUrl = (raw: string): Effect.Effect<string, NumbersError.InvalidInput> => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    // Not echoed: a malformed URL may still hold credentials.
    return Effect.fail(invalidOption("baseUrl", "Expected an absolute http(s) URL, like https://numbers.api.sinch.com"))
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return Effect.fail(invalidOption("baseUrl", `Expected an http(s) URL, got the scheme ${url.protocol}`))
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    return Effect.fail(
      invalidOption("baseUrl", `Refusing plain http to ${url.host}: the token would travel in clear; use https`)
    )
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    return Effect.fail(invalidOption("baseUrl", "Expected a base URL without user info, query or fragment"))
  }
  return Effect.succeed(`${url.origin}${url.pathname.replace(/\/+$/, "")}`)
}

const decodeProjectId = Schema.decodeUnknown(ProjectId)

const toDuration = (
  field: string,
  input: Duration.DurationInput | undefined,
  fallback: Duration.Duration
): Effect.Effect<Duration.Duration, NumbersError.InvalidInput> => {
  if (input === undefined) return Effect.succeed(fallback)
  const duration = Duration.decodeUnknown(input)
  return Option.isSome(duration) && Duration.greaterThan(duration.value, Duration.zero)
    ? Effect.succeed(duration.value)
    : Effect.fail(invalidOption(field, "Expected a positive duration"))
}

const pattern = (
  numberPattern: { readonly pattern?: string | undefined; readonly searchPattern?: string | undefined } | undefined
) => ({
  "numberPattern.pattern": numberPattern?.pattern,
  "numberPattern.searchPattern": numberPattern?.searchPattern
})

/**
 * Builds the client. The HTTP pipeline (base URL, `Accept: application/json`, authorization per request so that a
 * retry gets a fresh token, status filtering, timeouts, retries) is built once here. Fails with `InvalidInput`
 * when an option is not valid.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, NumbersError.InvalidInput, SinchAuth | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const projectId = yield* Effect.mapError(
      decodeProjectId(options.projectId),
      (error) => Input.invalidInput("NumbersClient.make", "projectId", error)
    )
    const baseUrl = yield* checkBaseUrl(options.baseUrl ?? defaultBaseUrl)
    const timeout = yield* toDuration("timeout", options.timeout, Pipeline.defaultTimeout)
    const deadline = yield* toDuration("deadline", options.deadline, Pipeline.defaultDeadline)
    const maxRetryAfter = yield* toDuration("maxRetryAfter", options.maxRetryAfter, Pipeline.defaultMaxRetryAfter)
    const auth = yield* SinchAuth
    const http = yield* HttpClient.HttpClient

    const timing = options.retrySchedule === false || options.retrySchedule === "off"
      ? undefined
      : options.retrySchedule ?? RetryPolicy.defaultSchedule
    const pipeline: Pipeline.Pipeline = {
      client: http.pipe(
        HttpClient.mapRequest((request) =>
          HttpClientRequest.acceptJson(HttpClientRequest.prependUrl(request, baseUrl))
        ),
        HttpClient.mapRequestEffect(auth.authorize),
        // Sinch reads no b3 or traceparent header: writing them is a copy of the headers per request for nothing.
        HttpClient.withTracerPropagation(false)
      ),
      reject: auth.reject,
      timeout,
      deadline,
      idempotent: timing === undefined ? undefined : RetryPolicy.policy(timing, RetryPolicy.isTransient, maxRetryAfter),
      unsent: timing === undefined ? undefined : RetryPolicy.policy(timing, RetryPolicy.isUnsent, maxRetryAfter)
    }

    const root = `/v1/projects/${segment(projectId)}`

    const traced = (operation: string) => <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
      Effect.withSpan(effect, `NumbersClient.${operation}`, {
        attributes: { "sinch.operation": operation },
        // A stack trace per span is an Error per call; the span's name says where it comes from.
        captureStackTrace: false
      })

    interface Spec<A> {
      readonly operation: string
      readonly method: "GET" | "POST" | "PATCH" | "PUT"
      readonly path: string
      readonly urlParams?: UrlParams.UrlParams
      readonly body?: HttpBody.HttpBody
      readonly decode: ((json: unknown) => Effect.Effect<A, any>) | undefined
      readonly billable?: boolean
      readonly emptyBody?: unknown
    }

    const toCall = <A>(spec: Spec<A>): Pipeline.Call<A> => {
      const path = root + spec.path
      let request = HttpClientRequest.make(spec.method)(path)
      if (spec.urlParams !== undefined) request = HttpClientRequest.setUrlParams(request, spec.urlParams)
      if (spec.body !== undefined) request = HttpClientRequest.setBody(request, spec.body)
      return {
        operation: spec.operation,
        request,
        path,
        billable: spec.billable === true,
        decode: spec.decode,
        ...("emptyBody" in spec ? { emptyBody: spec.emptyBody } : {})
      }
    }

    const send = <A>(spec: Spec<A>): Effect.Effect<A, NumbersError.CallError> => Pipeline.run(pipeline, toCall(spec))

    const json = (body: unknown) => HttpBody.unsafeJson(body)

    // Reads an active number during a billable call's reconcile: the default idempotent policy, its own span.
    const lookUpActiveNumber = (operation: string, phoneNumber: string) =>
      send({
        operation: "getActiveNumber",
        method: "GET",
        path: `/activeNumbers/${segment(phoneNumber)}`,
        decode: decodeActiveNumber
      }).pipe(Effect.withSpan(`NumbersClient.${operation}.reconcile`, { captureStackTrace: false }))

    const reconcileActiveNumber = (
      operation: string,
      phoneNumber: string,
      done: (number: ActiveNumber) => boolean,
      notDone: string
    ) =>
    (unknown: NumbersError.OutcomeUnknown): Effect.Effect<ActiveNumber, NumbersError.OutcomeUnknown> =>
      lookUpActiveNumber(operation, phoneNumber).pipe(
        Effect.matchEffect({
          onFailure: (error) =>
            Effect.fail(
              new NumbersError.OutcomeUnknown({
                ...unknown,
                check: error._tag === "NotFound"
                  ? `Looking the number up found it not active in this project (it may still be processing). ${unknown.check}`
                  : `Looking the number up failed too (${error._tag}). ${unknown.check}`
              })
            ),
          onSuccess: (number) =>
            done(number)
              ? Effect.as(
                Effect.logDebug(`${operation}: ${unknown.failure} was ambiguous; the number shows it took effect`),
                number
              )
              : Effect.fail(new NumbersError.OutcomeUnknown({ ...unknown, check: `${notDone} ${unknown.check}` }))
        })
      )

    const listPage = (
      params: UrlParams.UrlParams,
      pageToken: string | undefined
    ): Effect.Effect<Paging.Page & ActiveNumbersPage, NumbersError.CallError> =>
      Effect.map(
        send({
          operation: "listActiveNumbers",
          method: "GET",
          path: "/activeNumbers",
          urlParams: pageToken === undefined ? params : [...params, ["pageToken", pageToken]],
          decode: decodeActiveNumbersPage
        }),
        (page) => ({
          activeNumbers: page.activeNumbers,
          nextPageToken: page.nextPageToken === undefined || page.nextPageToken === ""
            ? Option.none()
            : Option.some(page.nextPageToken),
          totalSize: Option.fromNullable(page.totalSize)
        })
      )

    const listParams = (request: ListActiveNumbersPageInput): UrlParams.UrlParams =>
      query({
        regionCode: request.regionCode,
        type: request.type,
        ...pattern(request.numberPattern),
        capability: request.capabilities,
        pageSize: request.pageSize,
        orderBy: request.orderBy
      })

    const service: Service = {
      searchAvailableNumbers: (request) =>
        Effect.flatMap(validateSearch("searchAvailableNumbers", "", request), (r) =>
          send({
            operation: "searchAvailableNumbers",
            method: "GET",
            path: "/availableNumbers",
            urlParams: query({
              regionCode: r.regionCode,
              type: r.type,
              ...pattern(r.numberPattern),
              capabilities: r.capabilities,
              size: r.size
            }),
            decode: decodeListAvailableNumbers
          })).pipe(traced("searchAvailableNumbers")),

      getAvailableNumber: (phoneNumber) =>
        Effect.flatMap(validatePhoneNumber("getAvailableNumber", "phoneNumber", phoneNumber), (n) =>
          send({
            operation: "getAvailableNumber",
            method: "GET",
            path: `/availableNumbers/${segment(n)}`,
            decode: decodeAvailableNumber
          })).pipe(traced("getAvailableNumber")),

      rentNumber: (phoneNumber, request = {}) =>
        Effect.flatMap(
          Effect.zip(
            validatePhoneNumber("rentNumber", "phoneNumber", phoneNumber),
            validateRentNumber("rentNumber", "", request)
          ),
          ([n, body]) =>
            Pipeline.runBillable(
              pipeline,
              toCall({
                operation: "rentNumber",
                method: "POST",
                path: `/availableNumbers/${segment(n)}:rent`,
                body: json(body),
                decode: decodeActiveNumber,
                billable: true
              }),
              `Call getActiveNumber(${JSON.stringify(n)}) to see whether the number is now yours before renting again.`,
              reconcileActiveNumber(
                "rentNumber",
                n,
                (number) => number.expireAt === undefined || number.expireAt === null,
                "Looking the number up did not show it active in this project."
              )
            )
        ).pipe(traced("rentNumber")),

      rentAnyNumber: (request) =>
        Effect.flatMap(validateRentAny("rentAnyNumber", "", request), (body) =>
          Pipeline.runBillable(
            pipeline,
            toCall({
              operation: "rentAnyNumber",
              method: "POST",
              path: "/availableNumbers:rentAny",
              body: json(body),
              decode: decodeActiveNumber,
              billable: true
            }),
            `List active numbers (regionCode ${body.regionCode}, type ${body.type}) to see whether a number was ` +
              "rented before renting again."
          )).pipe(traced("rentAnyNumber")),

      listActiveNumbers: (filters = {}) =>
        Stream.unwrap(
          Effect.map(validateListActive("listActiveNumbers", "", filters), (request) => {
            const params = listParams(request)
            return Paging.stream(
              (pageToken) => listPage(params, pageToken).pipe(traced("listActiveNumbersPage")),
              {
                firstPageToken: request.pageToken === "" ? undefined : request.pageToken,
                operation: "listActiveNumbers",
                method: "GET",
                path: `${root}/activeNumbers`
              }
            )
          })
        ).pipe(Stream.withSpan("NumbersClient.listActiveNumbers", { captureStackTrace: false })),

      listActiveNumbersPage: (request = {}) =>
        Effect.flatMap(
          validateListActive("listActiveNumbersPage", "", request),
          (r) => listPage(listParams(r), r.pageToken === "" ? undefined : r.pageToken)
        ).pipe(traced("listActiveNumbersPage")),

      getActiveNumber: (phoneNumber) =>
        Effect.flatMap(validatePhoneNumber("getActiveNumber", "phoneNumber", phoneNumber), (n) =>
          send({
            operation: "getActiveNumber",
            method: "GET",
            path: `/activeNumbers/${segment(n)}`,
            decode: decodeActiveNumber
          })).pipe(traced("getActiveNumber")),

      updateActiveNumber: (phoneNumber, request) =>
        Effect.flatMap(
          Effect.zip(
            validatePhoneNumber("updateActiveNumber", "phoneNumber", phoneNumber),
            validateUpdateActive("updateActiveNumber", "", request)
          ),
          ([n, body]) =>
            send({
              operation: "updateActiveNumber",
              method: "PATCH",
              path: `/activeNumbers/${segment(n)}`,
              body: json(body),
              decode: decodeActiveNumber
            })
        ).pipe(traced("updateActiveNumber")),

      releaseNumber: (phoneNumber) =>
        Effect.flatMap(validatePhoneNumber("releaseNumber", "phoneNumber", phoneNumber), (n) =>
          Pipeline.runBillable(
            pipeline,
            toCall({
              operation: "releaseNumber",
              method: "POST",
              path: `/activeNumbers/${segment(n)}:release`,
              decode: decodeActiveNumber,
              billable: true
            }),
            `Call getActiveNumber(${JSON.stringify(n)}): an expireAt means the release went through.`,
            reconcileActiveNumber(
              "releaseNumber",
              n,
              (number) => number.expireAt !== undefined && number.expireAt !== null,
              "Looking the number up showed no expireAt."
            )
          )).pipe(traced("releaseNumber")),

      getEmergencyAddress: (phoneNumber) =>
        Effect.flatMap(validatePhoneNumber("getEmergencyAddress", "phoneNumber", phoneNumber), (n) =>
          send({
            operation: "getEmergencyAddress",
            method: "GET",
            path: `/activeNumbers/${segment(n)}/emergencyAddress`,
            decode: decodeEmergencyAddress
          })).pipe(traced("getEmergencyAddress")),

      provisionEmergencyAddress: (phoneNumber, request) =>
        Effect.flatMap(
          Effect.zip(
            validatePhoneNumber("provisionEmergencyAddress", "phoneNumber", phoneNumber),
            validateEmergencyAddressRequest("provisionEmergencyAddress", "", request)
          ),
          ([n, body]) =>
            send({
              operation: "provisionEmergencyAddress",
              method: "POST",
              path: `/activeNumbers/${segment(n)}/emergencyAddress:provision`,
              body: json(body),
              decode: decodeEmergencyAddress
            })
        ).pipe(traced("provisionEmergencyAddress")),

      deprovisionEmergencyAddress: (phoneNumber) =>
        Effect.flatMap(validatePhoneNumber("deprovisionEmergencyAddress", "phoneNumber", phoneNumber), (n) =>
          send<void>({
            operation: "deprovisionEmergencyAddress",
            method: "POST",
            path: `/activeNumbers/${segment(n)}/emergencyAddress:deprovision`,
            decode: undefined
          })).pipe(traced("deprovisionEmergencyAddress")),

      validateEmergencyAddress: (phoneNumber, request) =>
        Effect.flatMap(
          Effect.zip(
            validatePhoneNumber("validateEmergencyAddress", "phoneNumber", phoneNumber),
            validateEmergencyAddressRequest("validateEmergencyAddress", "", request)
          ),
          ([n, body]) =>
            send({
              operation: "validateEmergencyAddress",
              method: "POST",
              path: `/activeNumbers/${segment(n)}/emergencyAddress:validate`,
              body: json(body),
              decode: decodeValidateAddress
            })
        ).pipe(traced("validateEmergencyAddress")),

      listAvailableRegions: (request = {}) =>
        Effect.flatMap(validateListRegions("listAvailableRegions", "", request), (r) =>
          send({
            operation: "listAvailableRegions",
            method: "GET",
            path: "/availableRegions",
            urlParams: query({ types: r.types }),
            decode: decodeListAvailableRegions
          })).pipe(traced("listAvailableRegions")),

      getCallbackConfiguration: () =>
        send({
          operation: "getCallbackConfiguration",
          method: "GET",
          path: "/callbackConfiguration",
          decode: decodeCallbackConfiguration
        }).pipe(traced("getCallbackConfiguration")),

      updateCallbackConfiguration: (request) =>
        Effect.flatMap(validateUpdateCallback("updateCallbackConfiguration", "", request), (body) =>
          send({
            operation: "updateCallbackConfiguration",
            method: "PATCH",
            path: "/callbackConfiguration",
            body: json(body),
            decode: decodeCallbackConfiguration
          })).pipe(traced("updateCallbackConfiguration")),

      lookupNumberRequirements: (request) =>
        Effect.flatMap(validateLookup("lookupNumberRequirements", "", request), (body) =>
          send({
            operation: "lookupNumberRequirements",
            method: "POST",
            path: "/numberOrders:lookupNumberRequirements",
            body: json(body),
            decode: decodeNumberRequirements
          })).pipe(traced("lookupNumberRequirements")),

      createNumberOrder: (request) =>
        Effect.flatMap(
          validateCreateOrder("createNumberOrder", "", request),
          (body): Effect.Effect<NumberOrder, NumbersError.BillableError> =>
            Pipeline.runBillable(
              pipeline,
              toCall({
                operation: "createNumberOrder",
                method: "POST",
                path: "/numberOrders:createNumberOrder",
                body: json(body),
                decode: decodeNumberOrder,
                billable: true
              }),
              "An order may have been created and may be holding numbers until its expireTime: check the Sinch " +
                "dashboard (or a NUMBER_ORDER callback) before creating another."
            )
        ).pipe(traced("createNumberOrder")),

      getNumberOrder: (numberOrderId) =>
        Effect.flatMap(validateResourceId("getNumberOrder", "numberOrderId", numberOrderId), (id) =>
          send({
            operation: "getNumberOrder",
            method: "GET",
            path: `/numberOrders/${segment(id)}`,
            decode: decodeNumberOrder
          })).pipe(traced("getNumberOrder")),

      getNumberOrderRegistration: (numberOrderId) =>
        Effect.flatMap(validateResourceId("getNumberOrderRegistration", "numberOrderId", numberOrderId), (id) =>
          send({
            operation: "getNumberOrderRegistration",
            method: "GET",
            path: `/numberOrders/${segment(id)}/registration`,
            decode: decodeRegistration
          })).pipe(traced("getNumberOrderRegistration")),

      updateNumberOrderRegistration: (numberOrderId, request) =>
        Effect.flatMap(
          Effect.zip(
            validateResourceId("updateNumberOrderRegistration", "numberOrderId", numberOrderId),
            validateUpdateRegistration("updateNumberOrderRegistration", "", request)
          ),
          ([id, body]) =>
            send({
              operation: "updateNumberOrderRegistration",
              method: "PUT",
              path: `/numberOrders/${segment(id)}/registration`,
              body: json(body),
              decode: decodeRegistration
            })
        ).pipe(traced("updateNumberOrderRegistration")),

      uploadNumberOrderAttachment: (input) =>
        Effect.flatMap(validateUpload("uploadNumberOrderAttachment", "", input), (upload) =>
          Effect.flatMap(multipart(upload), (body) =>
            send({
              operation: "uploadNumberOrderAttachment",
              method: "POST",
              path: `/numberOrders/${segment(upload.numberOrderId)}/attachments/${segment(upload.attachmentId)}`,
              body,
              decode: decodeOptionalAttachment,
              emptyBody: null
            }))).pipe(traced("uploadNumberOrderAttachment")),

      submitNumberOrder: (numberOrderId) =>
        Effect.flatMap(validateResourceId("submitNumberOrder", "numberOrderId", numberOrderId), (id) =>
          Pipeline.runBillable(
            pipeline,
            toCall({
              operation: "submitNumberOrder",
              method: "POST",
              path: `/numberOrders/${segment(id)}/submit`,
              decode: decodeNumberOrder,
              billable: true
            }),
            `Call getNumberOrder(${JSON.stringify(id)}): a state other than CREATED means the submission went through.`
          )).pipe(traced("submitNumberOrder"))
    }
    return service
  })

/**
 * A `NumbersClient` from values. Needs `SinchAuth` and an `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<NumbersClient, NumbersError.InvalidInput, SinchAuth | HttpClient.HttpClient> =>
  Layer.effect(NumbersClient, make(options))

/**
 * A `NumbersClient` from `SINCH_PROJECT_ID` and, optionally, `SINCH_NUMBERS_URL` (default
 * `https://numbers.api.sinch.com`); the other options as values. Needs `SinchAuth` and an `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options?: Omit<Options, "projectId" | "baseUrl"> | undefined
): Layer.Layer<
  NumbersClient,
  ConfigError.ConfigError | NumbersError.InvalidInput,
  SinchAuth | HttpClient.HttpClient
> =>
  Layer.effect(
    NumbersClient,
    Effect.flatMap(
      Config.all({
        projectId: Config.string("SINCH_PROJECT_ID"),
        baseUrl: Config.withDefault(Config.string("SINCH_NUMBERS_URL"), defaultBaseUrl)
      }),
      ({ baseUrl, projectId }) => make({ ...options, projectId, baseUrl })
    )
  )
