/**
 * @since 0.1.0
 */
import { HmacSecret } from "@effect-sinch/core/CallbackConfiguration"
import { ProjectId } from "@effect-sinch/core/ProjectId"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import * as Faults from "./Faults.js"
import * as ConsoleServer from "./internal/console/server.js"
import type { Config } from "./internal/context.js"
import { FireEventRequest } from "./internal/control.js"
import { defaults as defaultOptions } from "./internal/defaults.js"
import * as Engine from "./internal/engine.js"
import * as Transport from "./internal/transport.js"
import type { ErrorResponse } from "./internal/wire.js"

/**
 * How to start an emulator. Everything is optional.
 *
 * @since 0.1.0
 * @category models
 */
export interface EmulatorOptions {
  /** The one project the emulator serves. Default `"emulator-project"`. */
  readonly projectId?: string | undefined
  /** The access key id accepted for OAuth2 and HTTP Basic. Default `"emulator-key-id"`. */
  readonly keyId?: string | undefined
  /** The access key secret. Default `"emulator-key-secret"`. */
  readonly keySecret?: string | Redacted.Redacted<string> | undefined
  /** Seeds the inventory, ids and fault decisions. Default `1`. */
  readonly seed?: number | undefined
  /** How many numbers the project starts with. Default `100`. Up to millions: they are derived, not stored. */
  readonly active?: number | undefined
  /** How many numbers are available to rent or order. Default `10000`. */
  readonly available?: number | undefined
  /** How long an access token lives. Default 1 hour. */
  readonly tokenTtl?: Duration.DurationInput | undefined
  /** How long SMS and voice configuration changes take to apply. Default 2 seconds. */
  readonly provisioningDelay?: Duration.DurationInput | undefined
  /** How long a submitted number order stays IN_REVIEW. Default 5 seconds. */
  readonly orderReviewDelay?: Duration.DurationInput | undefined
  /** How long a created number order reserves its numbers. Default 30 minutes. */
  readonly orderReservation?: Duration.DurationInput | undefined
  /** The project's initial callback HMAC secret. Default `"emulator-hmac-secret-0123456789abcdef"`. */
  readonly hmacSecret?: string | undefined
  /** Faults from the start. Default none. */
  readonly faults?: Faults.Faults | undefined
  /** Shorthand for a global latency fault. */
  readonly latency?: Duration.DurationInput | undefined
  /** The largest attachment accepted, in bytes; larger ones get 413. Default 5 MiB. */
  readonly maxAttachmentSize?: number | undefined
  /** How many times a failed callback delivery is retried. Default 3. */
  readonly callbackRetries?: number | undefined
  /** The delay before the first callback retry (doubling after). Default 500 ms. */
  readonly callbackRetryDelay?: Duration.DurationInput | undefined
  /** The page size of `ListActiveNumbers` when none is asked for. Default 100. */
  readonly defaultPageSize?: number | undefined
  /**
   * Repair what careless clients send instead of refusing it: a "+" that arrived unencoded (read as a space) in
   * `numberPattern.pattern` or `pageToken` is read back as "+", and a comma-separated list (`capabilities=SMS,VOICE`)
   * as a list; both are counted in {@link Stats}. Default `false`: such requests get 400 INVALID_ARGUMENT, as from a
   * server that reads queries by the book. The official Node SDK (`@sinch/numbers` 1.5.0) needs `true` to page: it
   * does not URL-encode page tokens.
   */
  readonly lenientEncoding?: boolean | undefined
  /**
   * Limit the token endpoint as Sinch's auth gateway does: `true` for a burst of 30 token requests refilled 10 a
   * second ({@link defaults}`.authBurstLimit`), or `{ burst, perSecond }`. A request over it gets 429 with the
   * gateway's JSON body and no `Retry-After`, and is counted in {@link Stats}`.throttled.token`. Default off.
   */
  readonly authBurstLimit?: boolean | { readonly burst: number; readonly perSecond: number } | undefined
  /**
   * Limit the project's Numbers API requests, for the whole of its clients: a number of requests per second, or
   * `{ requests, per }`. A token bucket of `requests` at once, refilled evenly over `per` (default 1 second). A
   * request over it gets 429 RESOURCE_EXHAUSTED with a `Retry-After` in whole seconds, and is counted in
   * {@link Stats}`.throttled.api`. Default none.
   */
  readonly rateLimit?: number | { readonly requests: number; readonly per?: Duration.DurationInput } | undefined
  /** The interface {@link layer} listens on. Default `"127.0.0.1"`. */
  readonly host?: string | undefined
  /** The port {@link layer} listens on. Default `0` (any free port). */
  readonly port?: number | undefined
  /**
   * Serve the console, a web page to watch and steer the emulator, at `${baseUrl}/_emulator/console` (servers only:
   * {@link layer} and {@link serve}). Default `true`; `false` also turns the request log off.
   */
  readonly console?: boolean | undefined
  /** How many requests the console's log keeps, the oldest dropped first. Default 10,000. */
  readonly requestLogSize?: number | undefined
}

/**
 * The defaults of {@link EmulatorOptions}.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = defaultOptions

/**
 * Why an emulator failed: it could not start (`InvalidOptions`, `InvalidFaults` for a fault configuration out of its
 * bounds, `PortInUse`, `CannotListen`), or {@link Service.fireEvent} could not fire (`EventNotFired`).
 *
 * @since 0.2.0
 * @category errors
 */
export const EmulatorErrorReason = Schema.Literal(
  "InvalidOptions",
  "InvalidFaults",
  "PortInUse",
  "CannotListen",
  "EventNotFired"
)

/**
 * @since 0.2.0
 * @category errors
 */
export type EmulatorErrorReason = typeof EmulatorErrorReason.Type

/**
 * The emulator could not start (bad options, the port taken or not listenable), or an event could not be fired.
 * `reason` says which; `cause` keeps what failed underneath (the listen error, the schema's `ParseError`, the
 * emulator's own error answer), and `message` says what happened and what to change.
 *
 * @since 0.1.0
 * @category errors
 */
export class EmulatorError
  extends Schema.TaggedError<EmulatorError>("@effect-sinch/emulator/EmulatorError")("EmulatorError", {
    reason: EmulatorErrorReason,
    description: Schema.String,
    cause: Schema.optional(Schema.Defect)
  })
{
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return this.description
  }
}

const invalidOptions = (description: string, cause?: unknown) =>
  new EmulatorError({ reason: "InvalidOptions", description, ...(cause === undefined ? {} : { cause }) })

/**
 * Request counts and event deliveries since the start or the last reset.
 *
 * @since 0.1.0
 * @category models
 */
export interface Stats {
  readonly tokensIssued: number
  readonly requestsTotal: number
  /** counts by operationId (`OAuthToken` for the token endpoint, `Unknown` for no route), then by status */
  readonly requests: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly faultsInjected: number
  /** query values that arrived with a "+" unencoded (read as a space); a client that encodes keeps this at 0 */
  readonly unencodedQueryValues: number
  /** query values read as comma-separated lists (only with `lenientEncoding`; otherwise they are refused) */
  readonly commaSeparatedQueryValues: number
  /** requests answered 429 by the emulator's own limits (`authBurstLimit`, `rateLimit`), not by faults */
  readonly throttled: { readonly token: number; readonly api: number }
  readonly events: { readonly delivered: number; readonly failed: number; readonly skipped: number }
}

/**
 * One callback delivery: the exact body, its signature, and how it went.
 *
 * @since 0.1.0
 * @category models
 */
export interface Delivery {
  readonly url: string
  readonly body: string
  readonly signature: string
  /** `skipped` when the callback URL is not on this machine: the emulator only posts to loopback */
  readonly status: "delivered" | "failed" | "skipped"
  readonly attempts: number
}

/**
 * What to fire with {@link Service.fireEvent}: an event for an active number (`phoneNumber`) or a number order
 * (`numberOrderId`), posted to its callback URL (or `callbackUrl`). Defaults: eventType PROVISIONING_TO_SMS_PLATFORM
 * or NUMBER_ORDER_PROCESSING, status SUCCEEDED or the order's state.
 *
 * @since 0.1.0
 * @category models
 */
export const FireEvent = FireEventRequest

/**
 * @since 0.1.0
 * @category models
 */
export type FireEvent = FireEventRequest

/**
 * @since 0.1.0
 * @category models
 */
export interface FiredEvent {
  readonly payload: Readonly<Record<string, unknown>>
  readonly delivery: Delivery
}

/**
 * A running emulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Where the API answers, e.g. `http://127.0.0.1:4010`; use it as both the Numbers and the auth base URL. */
  readonly baseUrl: string
  /** The token endpoint: `${baseUrl}/oauth2/token`. */
  readonly tokenUrl: string
  readonly projectId: string
  readonly keyId: string
  readonly keySecret: Redacted.Redacted<string>
  /** The project's callback HMAC secret now. */
  readonly hmacSecret: Effect.Effect<string>
  readonly stats: Effect.Effect<Stats>
  /**
   * Back to the initial state: inventory, callback secret, stats, faults, limits. Pending work (provisioning, order reviews
   * and reservations, callback deliveries and their retries) is cancelled.
   */
  readonly reset: Effect.Effect<void>
  readonly faults: Effect.Effect<Faults.Faults>
  readonly setFaults: (faults: Faults.Faults) => Effect.Effect<void>
  /** The emulator's own limits in force: the configured ones until set, and again after a reset. */
  readonly limits: Effect.Effect<Faults.Limits>
  /**
   * Replaces the emulator's own limits live (as `PUT /_emulator/limits` and the console do); a limit set starts with a
   * full bucket.
   */
  readonly setLimits: (limits: Faults.Limits) => Effect.Effect<void>
  /** Sends an event now and waits for the delivery's outcome. */
  readonly fireEvent: (event: FireEvent) => Effect.Effect<FiredEvent, EmulatorError>
  /** The last 1000 callback deliveries. */
  readonly deliveries: Effect.Effect<ReadonlyArray<Delivery>>
  /** A `fetch` that the emulator answers in-process. */
  readonly fetch: typeof globalThis.fetch
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Emulator extends Context.Tag("@effect-sinch/emulator/Emulator")<Emulator, Service>() {}

const nonNegativeInt = (name: string, value: number | undefined, fallback: number) =>
  value === undefined
    ? Effect.succeed(fallback)
    : Number.isSafeInteger(value) && value >= 0
    ? Effect.succeed(value)
    : Effect.fail(invalidOptions(`${name} must be a whole number, 0 or more; got ${value}`))

const bucketLimit = (name: string, limit: { readonly burst: number; readonly perSecond: number }) =>
  Number.isSafeInteger(limit.burst) && limit.burst >= 1 && Number.isFinite(limit.perSecond) && limit.perSecond > 0
    ? Effect.succeed({ burst: limit.burst, perSecond: limit.perSecond })
    : Effect.fail(invalidOptions(
      `${name} needs a whole burst of 1 or more and a positive rate; got ${limit.burst} and ${limit.perSecond}/s`
    ))

const requestBudget = (budget: NonNullable<EmulatorOptions["rateLimit"]>) => {
  const requests = typeof budget === "number" ? budget : budget.requests
  const per = typeof budget === "number" || budget.per === undefined ? 1000 : Duration.toMillis(budget.per)
  return per > 0 && Number.isFinite(per)
    ? bucketLimit("rateLimit", { burst: requests, perSecond: (requests * 1000) / per })
    : Effect.fail(invalidOptions("rateLimit needs a positive period"))
}

const decodeProjectId = Schema.decodeUnknownEither(ProjectId)
const decodeHmacSecret = Schema.decodeUnknownEither(HmacSecret)
// a plain object passes for `Faults` with the type checker: decoding checks its bounds, as PUT /_emulator/faults does
const decodeFaults = Schema.decodeUnknownEither(Faults.Faults, { errors: "all" })

const resolve = (options: EmulatorOptions): Effect.Effect<Config, EmulatorError> =>
  Effect.gen(function*() {
    const projectId = decodeProjectId(options.projectId ?? defaults.projectId)
    if (Either.isLeft(projectId)) {
      return yield* invalidOptions(
        `projectId must be 1 to 128 characters without "/", "?", "#" or spaces, and not "." or ".."`,
        projectId.left
      )
    }
    const hmacSecret = decodeHmacSecret(options.hmacSecret ?? defaults.hmacSecret)
    if (Either.isLeft(hmacSecret)) {
      return yield* invalidOptions("hmacSecret must match ^[a-zA-Z0-9-]{32,64}$", hmacSecret.left)
    }
    const keySecret = options.keySecret === undefined
      ? defaults.keySecret
      : typeof options.keySecret === "string"
      ? options.keySecret
      : Redacted.value(options.keySecret)
    const keyId = options.keyId ?? defaults.keyId
    if (keyId === "" || keySecret === "") {
      return yield* invalidOptions("keyId and keySecret must not be empty")
    }
    const document = decodeFaults(options.faults ?? Faults.none)
    if (Either.isLeft(document)) {
      return yield* new EmulatorError({
        reason: "InvalidFaults",
        description: `faults is not a valid fault configuration: ${
          ParseResult.TreeFormatter.formatErrorSync(document.left)
        }`,
        cause: document.left
      })
    }
    const base = document.right
    const latency = options.latency === undefined ? 0 : Duration.toMillis(options.latency)
    if (!(latency >= 0 && latency <= 600_000)) {
      return yield* invalidOptions(`latency must be from 0 to 10 minutes; got ${latency} ms`)
    }
    const faults = options.latency === undefined
      ? base
      : new Faults.Faults({
        ...base,
        global: new Faults.FaultRule({ ...base.global, latency })
      })
    const defaultPageSize = yield* nonNegativeInt("defaultPageSize", options.defaultPageSize, defaults.defaultPageSize)
    if (defaultPageSize < 1 || defaultPageSize > 1000) {
      return yield* invalidOptions(`defaultPageSize must be from 1 to 1000; got ${defaultPageSize}`)
    }
    const authBurstLimit = options.authBurstLimit === undefined || options.authBurstLimit === false
      ? undefined
      : yield* bucketLimit(
        "authBurstLimit",
        options.authBurstLimit === true ? defaults.authBurstLimit : options.authBurstLimit
      )
    const rateLimit = options.rateLimit === undefined ? undefined : yield* requestBudget(options.rateLimit)
    return {
      projectId: projectId.right,
      keyId,
      keySecret,
      seed: yield* nonNegativeInt("seed", options.seed, defaults.seed),
      active: yield* nonNegativeInt("active", options.active, defaults.active),
      available: yield* nonNegativeInt("available", options.available, defaults.available),
      tokenTtlMillis: Duration.toMillis(options.tokenTtl ?? defaults.tokenTtl),
      provisioningDelayMillis: Duration.toMillis(options.provisioningDelay ?? defaults.provisioningDelay),
      orderReviewDelayMillis: Duration.toMillis(options.orderReviewDelay ?? defaults.orderReviewDelay),
      orderReservationMillis: Duration.toMillis(options.orderReservation ?? defaults.orderReservation),
      hmacSecret: hmacSecret.right,
      faults,
      maxAttachmentBytes: yield* nonNegativeInt(
        "maxAttachmentSize",
        options.maxAttachmentSize,
        defaults.maxAttachmentSize
      ),
      callbackRetries: yield* nonNegativeInt("callbackRetries", options.callbackRetries, defaults.callbackRetries),
      callbackRetryDelayMillis: Duration.toMillis(options.callbackRetryDelay ?? defaults.callbackRetryDelay),
      defaultPageSize,
      lenientEncoding: options.lenientEncoding ?? false,
      authBurstLimit,
      rateLimit
    }
  })

const toEmulatorError = (e: ErrorResponse) => {
  const detail = e.body.error.details[0]
  const message = e.body.error.message ||
    (detail === undefined || !("resourceType" in detail)
      ? "The event could not be fired"
      : `No ${detail.resourceType} ${detail.resourceName}: the event could not be fired`)
  return new EmulatorError({ reason: "EventNotFired", description: message, cause: e })
}

const build = (options: EmulatorOptions & { readonly baseUrl: string }, requestLogSize = 0) =>
  Effect.gen(function*() {
    const config = yield* resolve(options)
    const engine = yield* Engine.make(config, requestLogSize).pipe(
      Effect.mapError((error) => invalidOptions(error.message, error))
    )
    const runtime = yield* Effect.runtime<never>()
    const service: Service = {
      baseUrl: options.baseUrl,
      tokenUrl: `${options.baseUrl}/oauth2/token`,
      projectId: config.projectId,
      keyId: config.keyId,
      keySecret: Redacted.make(config.keySecret),
      hmacSecret: engine.hmacSecret,
      stats: engine.stats,
      reset: engine.reset,
      faults: engine.faults,
      setFaults: engine.setFaults,
      limits: engine.limits,
      setLimits: engine.setLimits,
      fireEvent: (event) => Effect.mapError(engine.fireEvent(event), toEmulatorError),
      deliveries: engine.deliveries,
      fetch: Transport.makeFetch(engine, runtime)
    }
    return { service, engine }
  })

/**
 * Builds an emulator without any transport: the pieces {@link layer} and {@link layerHttpClient} share. Callbacks
 * are posted with the `HttpClient` of the environment.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: EmulatorOptions & { readonly baseUrl: string }
): Effect.Effect<Service, EmulatorError, Scope.Scope | HttpClient.HttpClient> =>
  Effect.map(build(options), ({ service }) => service)

/**
 * Starts the emulator on a Node HTTP server (127.0.0.1, any free port unless told otherwise) for the life of the
 * scope, and provides it as {@link Emulator}: point any Sinch client at `baseUrl`; open `${baseUrl}/_emulator/console`
 * in a browser to watch and steer it (unless `console: false`). Callbacks are posted with `NodeHttpClient.layer`,
 * provided here at the edge (build the layer from {@link serve} to use another `HttpClient`).
 * When the scope closes, pending work is interrupted and requests still in flight are answered 503: shutdown does not
 * wait for a reservation or a provisioning delay to run out.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: EmulatorOptions = {}): Layer.Layer<Emulator, EmulatorError> =>
  Layer.scoped(Emulator, serve(options)).pipe(Layer.provide(NodeHttpClient.layer))

/**
 * Starts the emulator on a Node HTTP server and returns it, with its console at `${baseUrl}/_emulator/console` unless
 * `console: false`; the server stops when the scope closes, interrupting pending work and requests still in flight. Callbacks are posted with the `HttpClient` of the environment.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (
  options: EmulatorOptions = {}
): Effect.Effect<Service, EmulatorError, Scope.Scope | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const host = options.host ?? defaults.host
    const port = options.port ?? defaults.port
    const server = yield* NodeHttpServer.make(() => Http.createServer(), { host, port }).pipe(
      Effect.mapError(({ cause }) =>
        Predicate.hasProperty(cause, "code") && cause.code === "EADDRINUSE"
          ? new EmulatorError({
            reason: "PortInUse",
            description:
              `Could not listen on ${host}:${port}: the port is in use; choose another, or 0 for any free one`,
            cause
          })
          : new EmulatorError({
            reason: "CannotListen",
            description: `Could not listen on ${host}:${port}: ${String(cause)}`,
            cause
          })
      )
    )
    const address = server.address
    const baseUrl = address._tag === "TcpAddress"
      ? `http://${address.hostname.includes(":") ? `[${address.hostname}]` : address.hostname}:${address.port}`
      : `http://localhost`
    const withConsole = options.console ?? true
    const requestLogSize = withConsole
      ? yield* nonNegativeInt("requestLogSize", options.requestLogSize, defaults.requestLogSize)
      : 0
    const { engine, service } = yield* build({ ...options, baseUrl }, requestLogSize)
    const app = Transport.nodeApp(engine)
    yield* server.serve(withConsole ? yield* ConsoleServer.mount(engine, app, { host }) : app)
    return service
  })

/**
 * Provides an `HttpClient` that the emulator answers in-process (no socket, any host), plus {@link Emulator}:
 * swap this layer in for a real `HttpClient` and a Sinch client talks to the emulator. Its `baseUrl` is
 * `http://127.0.0.1:0`, a loopback address nothing listens on (so clients that insist on https or loopback accept
 * it); only this client answers it. Callbacks still go over loopback HTTP, posted with `NodeHttpClient.layer` (build
 * from {@link make} to use another `HttpClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient = (
  options: EmulatorOptions = {}
): Layer.Layer<Emulator | HttpClient.HttpClient, EmulatorError> =>
  Layer.unwrapScoped(
    Effect.map(make({ ...options, baseUrl: "http://127.0.0.1:0" }), (service) =>
      Layer.merge(
        Layer.succeed(Emulator, service),
        // the client this layer provides, not one the emulator uses: the platform's fetch adapter over the in-process
        // fetch; fresh, so that a FetchHttpClient.layer built elsewhere in the same program cannot stand in for it
        Layer.fresh(FetchHttpClient.layer).pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, service.fetch)))
      ))
  ).pipe(Layer.provide(NodeHttpClient.layer))
