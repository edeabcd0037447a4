/**
 * `NumbersClient`: every operation of the Sinch Numbers API as a typed `Effect`, with input validated before anything
 * is sent, retries that never buy or release twice, a per-attempt timeout and a total deadline, and active numbers
 * as a lazy `Stream` over all pages.
 *
 * @since 0.1.0
 */
import type { InsecureTokenUrl } from "@effect-sinch/auth/AuthError"
import * as SinchAuth from "@effect-sinch/auth/SinchAuth"
import * as SinchConfig from "@effect-sinch/auth/SinchConfig"
import type { ActiveNumber, ListActiveNumbersRequest } from "@effect-sinch/core/ActiveNumber"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import type * as Schedule from "effect/Schedule"
import type * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Execute from "./internal/execute.js"
import * as Listing from "./internal/listing.js"
import { type EntryLambda, mapEntries, operations } from "./internal/operations.js"
import * as ClientOptions from "./internal/options.js"
import * as Pipeline from "./internal/pipeline.js"
import * as RetryPolicy from "./internal/retryPolicy.js"
import type * as NumbersError from "./NumbersError.js"
import type * as NumbersOperation from "./NumbersOperation.js"

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

type Table = typeof operations

/**
 * A search for numbers to buy, as plain values: `{ regionCode: "US", type: "LOCAL" }`.
 *
 * @since 0.1.0
 * @category inputs
 */
export type SearchAvailableNumbersInput = NumbersOperation.Request<Table["searchAvailableNumbers"]>

/**
 * @since 0.1.0
 * @category inputs
 */
export type RentNumberInput = NumbersOperation.Request<Table["rentNumber"]>

/**
 * @since 0.1.0
 * @category inputs
 */
export type RentAnyNumberInput = NumbersOperation.Request<Table["rentAnyNumber"]>

/**
 * @since 0.1.0
 * @category inputs
 */
export type UpdateActiveNumberInput = NumbersOperation.Request<Table["updateActiveNumber"]>

/**
 * An emergency address, for `provisionEmergencyAddress` and `validateEmergencyAddress`.
 *
 * @since 0.1.0
 * @category inputs
 */
export type EmergencyAddressInput = NumbersOperation.Request<Table["provisionEmergencyAddress"]>

/**
 * @since 0.1.0
 * @category inputs
 */
export type ListAvailableRegionsInput = NumbersOperation.Request<Table["listAvailableRegions"]>

/**
 * @since 0.1.0
 * @category inputs
 */
export type UpdateCallbackConfigurationInput = NumbersOperation.Request<Table["updateCallbackConfiguration"]>

/**
 * @since 0.1.0
 * @category inputs
 */
export type LookupNumberRequirementsInput = NumbersOperation.Request<Table["lookupNumberRequirements"]>

/**
 * @since 0.1.0
 * @category inputs
 */
export type CreateNumberOrderInput = NumbersOperation.Request<Table["createNumberOrder"]>

/**
 * @since 0.1.0
 * @category inputs
 */
export type UpdateNumberOrderRegistrationInput = NumbersOperation.Request<Table["updateNumberOrderRegistration"]>

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
 * A document for a number order's registration: the path parameters, the file (as bytes or a `Blob`), its name,
 * and optionally its MIME type (default `application/octet-stream`) and document type.
 *
 * @since 0.1.0
 * @category inputs
 */
export type UploadNumberOrderAttachmentInput = NumbersOperation.Input<Table["uploadNumberOrderAttachment"]>

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
 * How to stream active numbers, besides the filters.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions {
  /**
   * Continue a listing that failed: the `resumeFrom` of its error (every error of a listing carries one, but for
   * token errors). The stream then starts with the item after the last one the failed stream gave out. Pass the same
   * filters as the listing that failed.
   */
  readonly resumeFrom?: NumbersError.ListCursor | undefined
  /**
   * What to do with an item that does not decode (the server broke the contract for it):
   * - `"fail"` (default): give out the items before it, then fail with `InvalidItem`, whose `resumeFrom` continues
   *   after it: no item is lost, and none is dropped silently;
   * - `"skip"`: skip it, log a warning with its position and an excerpt, and go on;
   * - a function: skip it and hand it the `InvalidItem` (to count, store or log it your way), then go on.
   */
  readonly invalidItems?: "fail" | "skip" | ((item: NumbersError.InvalidItem) => Effect.Effect<void>) | undefined
}

/**
 * How to read active numbers in parts side by side (`listActiveNumbersPartitioned`).
 *
 * @since 0.1.0
 * @category models
 */
export interface PartitionedListOptions {
  /** How many parts are read at once (and first pages probed at once). Default 8, at most 64. */
  readonly concurrency?: number | undefined
  /** A part is split while it holds more numbers than this. Default 20,000. */
  readonly maxPartitionSize?: number | undefined
  /** As `ListOptions.invalidItems`. */
  readonly invalidItems?: ListOptions["invalidItems"]
}

/**
 * The methods of the operation table, one per operation of the Numbers API that answers one value.
 *
 * @since 0.1.0
 * @category models
 */
export type Methods = { readonly [K in keyof Table]: NumbersOperation.Method<Table[K]> }

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
export interface Service extends Methods {
  /**
   * ListActiveNumbers, every page: lazy, one page fetched ahead while the consumer works, each page retried on its
   * own (a budget of failures in a row per page, see `pageRetrySchedule`), every number exactly once in the server's
   * order. Every error says where to resume (`resumeFrom`, passed back in `options`). An item that does not decode
   * fails the stream with `InvalidItem` after the items before it (or is skipped and reported, see
   * `ListOptions.invalidItems`). A page token that comes back twice fails with `PageTokenRepeated`.
   */
  readonly listActiveNumbers: (
    filters?: ListActiveNumbersFilters,
    options?: ListOptions
  ) => Stream.Stream<ActiveNumber, NumbersError.ListError>
  /**
   * ListActiveNumbers split into parts read side by side, for exports over a real network, where a sequential
   * listing pays one round trip per page whatever its speed. The parts are disjoint by the leading digits of the
   * number (`numberPattern` START prefixes, split further while a part holds more than `maxPartitionSize` numbers),
   * at most `concurrency` read at once. Every number that exists from start to end comes exactly once; the order
   * is only kept within a part. See `PartitionedListOptions` and docs/streaming.md for what changes during the
   * export do. With a CONTAINS or END pattern, or a server that reports no `totalSize`, it lists sequentially.
   */
  readonly listActiveNumbersPartitioned: (
    filters?: ListActiveNumbersFilters,
    options?: PartitionedListOptions
  ) => Stream.Stream<ActiveNumber, NumbersError.ListError>
  /** ListActiveNumbers, one page, for callers who page themselves. */
  readonly listActiveNumbersPage: (
    request?: ListActiveNumbersPageInput
  ) => Effect.Effect<ActiveNumbersPage, NumbersError.RequestError>
}

interface MethodLambda extends EntryLambda {
  readonly type: NumbersOperation.Method<this["Entry"]>
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
  /**
   * The timing of retries of each page of `listActiveNumbers`, or `false` / `"off"`. Its count is a budget of
   * failures in a row that every page read starts afresh, so a long listing survives a high rate of faults. Default
   * `retrySchedule` when one is given (or off), else `defaultPageRetrySchedule` (full jitter from 250 ms, waits capped
   * at 4 s, 10 retries per page).
   */
  readonly pageRetrySchedule?: Schedule.Schedule<unknown, NumbersError.CallError> | false | "off" | undefined
  /**
   * Paces requests to a budget shared with other processes (`FleetRateLimiter.make`): every attempt, retries
   * included, waits for its turn before it is sent, within the attempt's timeout and the call's deadline. A 429 from
   * Sinch is still retried after its `Retry-After`. Default: none.
   */
  readonly rateLimiter?: RateLimiter | undefined
  /**
   * Wraps the HTTP client each attempt goes through, to add a header, log or count. Its request hooks
   * (`HttpClient.mapRequest`, `tapRequest`) run after the base URL and `Accept` are set and before `Authorization`
   * is added, so they never see the token; retries, timeouts and rate limiting stay around it. Default: none.
   */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

/**
 * Paces a client's requests. `take` waits until one more request to the project may be sent; it does not fail (a
 * limiter whose store fails decides for itself how to go on).
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimiter {
  readonly take: (projectId: string) => Effect.Effect<void>
  /**
   * Told of every 429 that carries a `Retry-After`, so that the limiter can hold the project's other calls (in every
   * process that shares it) until then. Optional.
   *
   * @since 0.2.0
   */
  readonly pause?: ((projectId: string, retryAfter: Duration.Duration) => Effect.Effect<void>) | undefined
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

/**
 * The default retry timing of each page of a listing: full jitter from 250 ms doubling, each wait capped at 4 s, up
 * to 10 retries in a row; a page read starts the count afresh.
 *
 * @since 0.1.0
 * @category retries
 */
export const defaultPageRetrySchedule: Schedule.Schedule<unknown, unknown> = RetryPolicy.defaultPageSchedule

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
): Effect.Effect<Service, NumbersError.InvalidInput, SinchAuth.SinchAuth | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const projectId = yield* ClientOptions.projectId(options.projectId)
    const baseUrl = yield* ClientOptions.baseUrl(options.baseUrl ?? defaultBaseUrl)
    const timeout = yield* ClientOptions.duration("timeout", options.timeout, Pipeline.defaultTimeout)
    const deadline = yield* ClientOptions.duration("deadline", options.deadline, Pipeline.defaultDeadline)
    const maxRetryAfter = yield* ClientOptions.duration(
      "maxRetryAfter",
      options.maxRetryAfter,
      Pipeline.defaultMaxRetryAfter
    )
    const auth = yield* SinchAuth.SinchAuth
    const http = yield* HttpClient.HttpClient

    const { execute, listPage, pathOf, validate } = Execute.make(
      {
        client: ClientOptions.httpClient(http, auth, options, baseUrl, projectId),
        reject: auth.reject,
        scrub: auth.scrub,
        timeout,
        deadline,
        baseUrl,
        serverAddress: new URL(baseUrl).hostname
      },
      ClientOptions.policies(options, maxRetryAfter),
      projectId
    )

    const listing = Listing.make({ listPage, pathOf, validate }, auth.scrub)

    return {
      ...mapEntries<MethodLambda, Table>(
        operations,
        (definition, name) => (...args: ReadonlyArray<unknown>) =>
          execute<unknown, unknown>(definition.route, name, args)
      ),
      listActiveNumbers: (filters = {}, options = {}) => listing.stream(filters, options),
      listActiveNumbersPartitioned: (filters = {}, options = {}) => listing.partitioned(filters, options),
      listActiveNumbersPage: (request = {}) => listing.page(request)
    }
  })

/**
 * A `NumbersClient` from values. Needs `SinchAuth` and an `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<NumbersClient, NumbersError.InvalidInput, SinchAuth.SinchAuth | HttpClient.HttpClient> =>
  Layer.effect(NumbersClient, make(options))

/**
 * The options of {@link layerConfig}: those a deployment sets as a `Config` each (a value is accepted for the
 * durations), the others (schedules, the rate limiter, `transformClient`) as values.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConfigOptions
  extends Omit<Options, "projectId" | "baseUrl" | "timeout" | "deadline" | "maxRetryAfter">
{
  /** Default `Config.string("SINCH_PROJECT_ID")`: your project's id, on the dashboard under Settings > Projects. */
  readonly projectId?: Config.Config<string> | undefined
  /**
   * Default `Config.string("SINCH_NUMBERS_URL")`, else `https://numbers.api.sinch.com`: the origin alone, as the
   * emulator prints it (the client adds `/v1/projects/<id>`).
   */
  readonly baseUrl?: Config.Config<string> | undefined
  readonly timeout?: Duration.DurationInput | Config.Config<Duration.DurationInput> | undefined
  readonly deadline?: Duration.DurationInput | Config.Config<Duration.DurationInput> | undefined
  readonly maxRetryAfter?: Duration.DurationInput | Config.Config<Duration.DurationInput> | undefined
}

const projectIdHint = "your project's id, on the Sinch dashboard under Settings > Projects"

/**
 * The client's {@link Options} as one `Config`: every missing setting is reported at once, each with where to find
 * it. {@link layerConfig} reads it.
 *
 * @since 0.1.0
 * @category config
 */
export const config = (options: ConfigOptions = {}): Config.Config<Options> => {
  const { baseUrl, deadline, maxRetryAfter, projectId, timeout, ...values } = options
  return Config.map(
    Config.all({
      projectId: projectId ?? SinchConfig.required("SINCH_PROJECT_ID", Config.string, projectIdHint),
      baseUrl: baseUrl ?? Config.withDefault(Config.string("SINCH_NUMBERS_URL"), defaultBaseUrl),
      timeout: SinchConfig.valueOrConfig(timeout),
      deadline: SinchConfig.valueOrConfig(deadline),
      maxRetryAfter: SinchConfig.valueOrConfig(maxRetryAfter)
    }),
    (read): Options => ({ ...values, ...read })
  )
}

/**
 * A `NumbersClient` from `Config`: by default `SINCH_PROJECT_ID` and, optionally, `SINCH_NUMBERS_URL` (default
 * `https://numbers.api.sinch.com`). Give a `Config` to read another name:
 * `NumbersClient.layerConfig({ projectId: Config.string("MY_PROJECT") })`. Needs `SinchAuth` and an `HttpClient`;
 * {@link layerConfigWithOAuth} reads the auth settings too.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options?: ConfigOptions | undefined
): Layer.Layer<
  NumbersClient,
  ConfigError.ConfigError | NumbersError.InvalidInput,
  SinchAuth.SinchAuth | HttpClient.HttpClient
> => Layer.effect(NumbersClient, Effect.flatMap(config(options), make))

/**
 * The common case in one layer: a `NumbersClient` with OAuth2, both from `Config` (by default `SINCH_PROJECT_ID`,
 * `SINCH_KEY_ID`, `SINCH_KEY_SECRET`, and optionally `SINCH_NUMBERS_URL` and `SINCH_AUTH_URL`). Every missing
 * setting is reported in one `ConfigError`, each with where to find it. Needs only an `HttpClient`.
 *
 * @example
 * ```ts
 * import { NumbersClient } from "@effect-sinch/numbers"
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Layer } from "effect"
 *
 * const MainLive = NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfigWithOAuth = (
  options?: ConfigOptions & { readonly auth?: SinchAuth.OAuthConfigOptions | undefined } | undefined
): Layer.Layer<
  NumbersClient,
  ConfigError.ConfigError | NumbersError.InvalidInput | InsecureTokenUrl,
  HttpClient.HttpClient
> => {
  const { auth, ...client } = options ?? {}
  return Layer.unwrapEffect(Effect.map(
    Config.all({ client: config(client), auth: SinchAuth.configOAuth(auth) }),
    (read) => Layer.effect(NumbersClient, make(read.client)).pipe(Layer.provide(SinchAuth.layerOAuth(read.auth)))
  ))
}
