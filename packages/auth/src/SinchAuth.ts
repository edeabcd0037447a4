/**
 * `SinchAuth` proves who we are to Sinch: OAuth2 client credentials with a token cache, or HTTP Basic for scripts.
 *
 * The OAuth cache:
 * - fetches once for everyone: any number of concurrent callers without a valid token share one token request;
 * - renews ahead: the first call after `expiry − refreshSkew` (or after half the token's life, if that is later)
 *   starts a renewal in the background and goes on with the still-valid token, so in steady state no call waits;
 *   an idle process fetches nothing;
 * - never caches a failure: the next caller tries again (a failed background renewal is retried 5 s later at most);
 * - drops a token on `reject` only if it is still the cached one, so a burst of 401s causes one refresh;
 * - retries the token endpoint after 429, 5xx, timeouts and transport errors that may heal (full-jitter backoff,
 *   `Retry-After` honoured); fails at once on wrong credentials (`AuthenticationFailed`) and on what waiting cannot
 *   fix: a host that does not resolve, a refused TLS certificate (`AuthServiceUnavailable` with its `code`);
 * - optionally shares its token with other processes: through Redis (`RedisTokenStore`), where a whole fleet that
 *   starts at once makes one token request, or through any `KeyValueStore`;
 * - keeps the key secret and tokens `Redacted`: they appear in no error, log line or span attribute;
 * - lends its `scrub` to clients, so that what a server echoes back (the token, the Basic credentials) is masked
 *   in their errors too.
 *
 * @example
 * ```ts
 * import { SinchAuth } from "@effect-sinch/auth"
 * import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
 * import * as Layer from "effect/Layer"
 *
 * // SINCH_KEY_ID, SINCH_KEY_SECRET and (optionally) SINCH_AUTH_URL from the environment
 * const AuthLive = SinchAuth.layerOAuthConfig().pipe(Layer.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 */
import * as Retry from "@effect-sinch/core/Retry"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as KeyValueStore from "@effect/platform/KeyValueStore"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type { InsecureTokenUrl, TokenError } from "./AuthError.js"
import * as ConfigHints from "./internal/config.js"
import * as Credentials from "./internal/credentials.js"
import * as TokenCache from "./internal/tokenCache.js"
import * as TokenEndpoint from "./internal/tokenEndpoint.js"
import * as SharedToken from "./internal/tokenStore.js"
import * as TokenUrl from "./internal/tokenUrl.js"
import * as SinchConfig from "./SinchConfig.js"
import * as TokenStore from "./TokenStore.js"

/**
 * Authorizes outgoing requests to Sinch APIs.
 *
 * @example
 * ```ts
 * import { SinchAuth } from "@effect-sinch/auth"
 * import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function*() {
 *   const auth = yield* SinchAuth.SinchAuth
 *   const request = yield* auth.authorize(HttpClientRequest.get("https://numbers.api.sinch.com/v1/projects/p/activeNumbers"))
 *   return request.headers["authorization"] // "Bearer …"
 * })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class SinchAuth extends Context.Tag("@effect-sinch/auth/SinchAuth")<SinchAuth, SinchAuth.Service>() {}

/**
 * @since 0.1.0
 */
export declare namespace SinchAuth {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /**
     * Returns the request with an `Authorization` header: `Bearer <token>` (OAuth) or `Basic …`. With OAuth it waits
     * only when no valid token is cached, and then shares the one fetch with every other waiting caller.
     */
    readonly authorize: (
      request: HttpClientRequest.HttpClientRequest
    ) => Effect.Effect<HttpClientRequest.HttpClientRequest, TokenError>
    /**
     * Tells the cache that a request, as returned by `authorize`, got 401. Its token is dropped only if it is still
     * the cached one, so a burst of 401s for one token causes one refresh. A no-op for Basic.
     */
    readonly reject: (authorizedRequest: HttpClientRequest.HttpClientRequest) => Effect.Effect<void>
    /**
     * Masks every credential this service holds or has held in `text`: the current and previous access tokens (the
     * last 5), the Basic header value (base64) and its decoded form `keyId:keySecret`, and the key secret alone, each
     * also in its JSON-escaped (`\/`, `\u00e4`) and URL-encoded (`%2B`, `%2b`, `+` for space) forms. Every match
     * becomes `<redacted>`; the key id alone is not a secret and stays.
     *
     * Synchronous, linear in the length of `text`, and returns `text` itself when there is nothing to mask. Clients
     * run it on every text they keep from a server (error bodies, messages, excerpts), since a server may echo the
     * `Authorization` header back.
     *
     * @since 0.1.0
     */
    readonly scrub: (text: string) => string
  }
}

/**
 * The Sinch OAuth2 token endpoint.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultTokenUrl: string = TokenUrl.defaultTokenUrl

/**
 * By default a token is renewed this long before it expires; a token that lives less than twice the skew is renewed
 * at half its life instead.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRefreshSkew: Duration.Duration = Duration.seconds(60)

/**
 * The default retry schedule for the token endpoint: full-jitter exponential backoff from 200 ms, each wait capped at
 * 5 s, at most 5 retries (6 requests). A `Retry-After` from the server lengthens a wait, never shortens it.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRetrySchedule: Schedule.Schedule<unknown, unknown> = Retry.fullJitter({
  base: Duration.millis(200),
  cap: Duration.seconds(5),
  retries: 5
})

/**
 * Where several processes (or layers) that use the same key share one token: the first to need a token takes a lock
 * in the store, fetches and publishes the token; the others wait for it and adopt it, and the same happens at renewal.
 *
 * - `shared`: a `TokenStore`, such as `RedisTokenStore.make(…)` (an atomic lock with an expiry: one fetch for a whole
 *   fleet that starts at once, waiters woken by Redis pub/sub, and a holder that crashes blocks the others for at most
 *   `leaseDuration`);
 * - `kv`: any `KeyValueStore`. It has no compare-and-set, so the lock is best effort (write, wait `pollInterval`, read
 *   back): over a slow store two processes may now and then both fetch.
 *
 * A store that fails is logged and bypassed, never fatal: the process fetches its own token. The store holds live
 * access tokens: give it the protection you give the key secret.
 *
 * @example
 * ```ts
 * import { SinchAuth } from "@effect-sinch/auth"
 * import * as KeyValueStore from "@effect/platform/KeyValueStore"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * import * as Redacted from "effect/Redacted"
 *
 * const AuthLive = Layer.unwrapEffect(
 *   Effect.map(KeyValueStore.KeyValueStore, (kv) =>
 *     SinchAuth.layerOAuth({ keyId: "my-key-id", keySecret: Redacted.make("my-key-secret"), store: { kv } }))
 * )
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TokenStoreOptions =
  & TokenStoreOptions.Common
  & (
    | {
      /** A `TokenStore` with a lock of its own: `RedisTokenStore.make`, or your own `TokenStore.make`. */
      readonly shared: TokenStore.TokenStore
    }
    | {
      /** Any `KeyValueStore`: `KeyValueStore.layerFileSystem`, `layerMemory` within a process… */
      readonly kv: KeyValueStore.KeyValueStore
    }
  )

/**
 * @since 0.1.0
 */
export declare namespace TokenStoreOptions {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Common {
    /** The key of the token; its lock lives at `${key}/lease`. Default: derived from the key id and token URL. */
    readonly key?: string | undefined
    /** How long a process may hold the right to fetch before others take over. Default 30 seconds. */
    readonly leaseDuration?: Duration.DurationInput | undefined
    /**
     * How often a waiting process looks for the token another one is fetching. Default 100 milliseconds. A store that
     * can wait (`awaitRelease`: `RedisTokenStore`) is not polled; this is then the pause after a wait that failed.
     */
    readonly pollInterval?: Duration.DurationInput | undefined
  }
}

/**
 * @since 0.1.0
 * @category models
 */
export interface OAuthOptions {
  /** The access key id (not secret). */
  readonly keyId: string
  /** The access key secret. A plain string is accepted and wrapped at once. */
  readonly keySecret: Redacted.Redacted<string> | string
  /** The token endpoint. Default `https://auth.sinch.com/oauth2/token`. Plain http is refused unless to loopback. */
  readonly tokenUrl?: string | URL | undefined
  /**
   * How long before expiry a token is renewed, in the background. Default 60 seconds. A token that lives less than
   * twice the skew is renewed at half its life instead.
   */
  readonly refreshSkew?: Duration.DurationInput | undefined
  /**
   * How to retry the token endpoint after 408, 425, 429, 5xx, a timeout or a transport error that may heal
   * (connection refused, reset or timed out). Its delays are the waits (lengthened to any `Retry-After`); when it
   * stops, the fetch fails with `AuthServiceUnavailable`. Default `defaultRetrySchedule`. Wrong credentials, a host
   * name that does not resolve and a refused TLS certificate are never retried.
   */
  readonly retrySchedule?: Schedule.Schedule<unknown, unknown> | undefined
  /** A `Retry-After` longer than this is not waited for: the fetch fails at once. Default 60 seconds. */
  readonly maxRetryAfter?: Duration.DurationInput | undefined
  /** How long one request to the token endpoint may take before it counts as failed (and is retried). Default 10 s. */
  readonly requestTimeout?: Duration.DurationInput | undefined
  /** Share tokens with other processes using the same key: `{ shared: RedisTokenStore… }` or `{ kv }`. */
  readonly store?: TokenStoreOptions | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface BasicOptions {
  readonly keyId: string
  readonly keySecret: Redacted.Redacted<string> | string
}

const toRedacted = (secret: Redacted.Redacted<string> | string): Redacted.Redacted<string> =>
  Redacted.isRedacted(secret) ? secret : Redacted.make(secret)

const bearerPrefix = /^bearer\s+/i

/**
 * Builds the OAuth2 client-credentials service. The cache and its background fetches live in the `Scope`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeOAuth = (
  options: OAuthOptions
): Effect.Effect<SinchAuth.Service, InsecureTokenUrl, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    const url = yield* TokenUrl.validate(options.tokenUrl ?? TokenUrl.defaultTokenUrl)
    const http = yield* HttpClient.HttpClient
    const skew = Duration.decode(options.refreshSkew ?? defaultRefreshSkew)
    const credentials = Credentials.make(options.keyId, toRedacted(options.keySecret))
    const endpoint = TokenEndpoint.make({
      http,
      url,
      credentials,
      retrySchedule: options.retrySchedule ?? defaultRetrySchedule,
      maxRetryAfter: Duration.decode(options.maxRetryAfter ?? Duration.seconds(60)),
      requestTimeout: Duration.decode(options.requestTimeout ?? Duration.seconds(10))
    })
    const shared = options.store
    const pollInterval = Duration.decode(shared?.pollInterval ?? Duration.millis(100))
    const store = shared === undefined ? undefined : yield* SharedToken.make({
      store: "shared" in shared ? shared.shared : TokenStore.fromKeyValueStore(shared.kv, { settle: pollInterval }),
      key: shared.key ?? `effect-sinch/auth/token/${options.keyId}@${url.host}${url.pathname}`,
      leaseDuration: Duration.decode(shared.leaseDuration ?? Duration.seconds(30)),
      pollInterval,
      skew,
      fetch: endpoint,
      scrub: credentials.scrubber.scrub
    })
    const obtain = store === undefined ? () => endpoint : store.obtain
    const cache = yield* TokenCache.make({
      skew,
      // Every token the cache will hand out comes through here: the scrubber learns it before anyone can send it.
      fetch: (mode) =>
        Effect.tap(
          obtain(mode),
          (token) => Effect.sync(() => credentials.scrubber.remember(Redacted.value(token.value)))
        )
    })

    const authorize = (request: HttpClientRequest.HttpClientRequest) =>
      Effect.map(cache.get, (token) => HttpClientRequest.bearerToken(request, token.value))

    const reject = (authorizedRequest: HttpClientRequest.HttpClientRequest): Effect.Effect<void> => {
      const header = authorizedRequest.headers["authorization"]
      if (header === undefined || !bearerPrefix.test(header)) return Effect.void
      const value = header.replace(bearerPrefix, "")
      return Effect.flatMap(
        cache.invalidate(value),
        (dropped) => dropped && store !== undefined ? store.forget(value) : Effect.void
      )
    }

    return SinchAuth.of({ authorize, reject, scrub: credentials.scrubber.scrub })
  })

/**
 * Builds the HTTP Basic service: `Authorization: Basic base64(keyId:keySecret)` on every request. Sinch accepts it,
 * with a strict rate limit: for scripts, not services.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeBasic = (options: BasicOptions): SinchAuth.Service => {
  const credentials = Credentials.make(options.keyId, toRedacted(options.keySecret))
  return SinchAuth.of({
    authorize: (request) =>
      Effect.succeed(HttpClientRequest.setHeader(request, "authorization", Redacted.value(credentials.basic))),
    reject: () => Effect.void,
    scrub: credentials.scrubber.scrub
  })
}

/**
 * OAuth2 client credentials from values.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerOAuth = (options: OAuthOptions): Layer.Layer<SinchAuth, InsecureTokenUrl, HttpClient.HttpClient> =>
  Layer.scoped(SinchAuth, makeOAuth(options))

/**
 * The options of {@link layerOAuthConfig}: those a deployment sets as a `Config` each (a value is accepted for the
 * durations), the others as values.
 *
 * @since 0.1.0
 * @category models
 */
export interface OAuthConfigOptions
  extends Omit<OAuthOptions, "keyId" | "keySecret" | "tokenUrl" | "refreshSkew" | "maxRetryAfter" | "requestTimeout">
{
  /** Default `Config.string("SINCH_KEY_ID")`: an access key's id, on the dashboard under Settings > Access keys. */
  readonly keyId?: Config.Config<string> | undefined
  /** Default `Config.redacted("SINCH_KEY_SECRET")`: that key's secret, shown once when the key is created. */
  readonly keySecret?: Config.Config<Redacted.Redacted<string>> | undefined
  /** Default `Config.string("SINCH_AUTH_URL")`, else `https://auth.sinch.com/oauth2/token`. */
  readonly tokenUrl?: Config.Config<string> | undefined
  readonly refreshSkew?: Duration.DurationInput | Config.Config<Duration.DurationInput> | undefined
  readonly maxRetryAfter?: Duration.DurationInput | Config.Config<Duration.DurationInput> | undefined
  readonly requestTimeout?: Duration.DurationInput | Config.Config<Duration.DurationInput> | undefined
}

/**
 * The {@link OAuthOptions} as one `Config`: every missing setting is reported at once, each with where to find it.
 * {@link layerOAuthConfig} reads it; compose it with other configs to read them all in one go.
 *
 * @since 0.1.0
 * @category config
 */
export const configOAuth = (options: OAuthConfigOptions = {}): Config.Config<OAuthOptions> => {
  const { keyId, keySecret, maxRetryAfter, refreshSkew, requestTimeout, tokenUrl, ...values } = options
  return Config.map(
    Config.all({
      keyId: keyId ?? SinchConfig.required("SINCH_KEY_ID", Config.string, ConfigHints.keyIdHint),
      keySecret: keySecret ??
        SinchConfig.required("SINCH_KEY_SECRET", ConfigHints.redactedString, ConfigHints.keySecretHint),
      tokenUrl: tokenUrl ?? Config.withDefault(Config.string("SINCH_AUTH_URL"), TokenUrl.defaultTokenUrl),
      refreshSkew: SinchConfig.valueOrConfig(refreshSkew),
      maxRetryAfter: SinchConfig.valueOrConfig(maxRetryAfter),
      requestTimeout: SinchConfig.valueOrConfig(requestTimeout)
    }),
    (read): OAuthOptions => ({ ...values, ...read })
  )
}

/**
 * OAuth2 client credentials from `Config`: by default `SINCH_KEY_ID`, `SINCH_KEY_SECRET` and, optionally,
 * `SINCH_AUTH_URL`. Give a `Config` to read another name:
 * `SinchAuth.layerOAuthConfig({ keySecret: Config.redacted("MY_SINCH_SECRET") })`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerOAuthConfig = (
  options?: OAuthConfigOptions | undefined
): Layer.Layer<SinchAuth, ConfigError.ConfigError | InsecureTokenUrl, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(configOAuth(options), layerOAuth))

/**
 * HTTP Basic from values.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerBasic = (options: BasicOptions): Layer.Layer<SinchAuth> =>
  Layer.succeed(SinchAuth, makeBasic(options))

/**
 * The options of {@link layerBasicConfig}, a `Config` each.
 *
 * @since 0.1.0
 * @category models
 */
export interface BasicConfigOptions {
  /** Default `Config.string("SINCH_KEY_ID")`. */
  readonly keyId?: Config.Config<string> | undefined
  /** Default `Config.redacted("SINCH_KEY_SECRET")`. */
  readonly keySecret?: Config.Config<Redacted.Redacted<string>> | undefined
}

/**
 * The {@link BasicOptions} as one `Config`; every missing setting is reported at once.
 *
 * @since 0.1.0
 * @category config
 */
export const configBasic = (options: BasicConfigOptions = {}): Config.Config<BasicOptions> =>
  Config.all({
    keyId: options.keyId ?? SinchConfig.required("SINCH_KEY_ID", Config.string, ConfigHints.keyIdHint),
    keySecret: options.keySecret ??
      SinchConfig.required("SINCH_KEY_SECRET", ConfigHints.redactedString, ConfigHints.keySecretHint)
  })

/**
 * HTTP Basic from `Config`: by default `SINCH_KEY_ID` and `SINCH_KEY_SECRET`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerBasicConfig = (
  options?: BasicConfigOptions | undefined
): Layer.Layer<SinchAuth, ConfigError.ConfigError> =>
  Layer.effect(SinchAuth, Effect.map(configBasic(options), makeBasic))

/**
 * Keeps the `Authorization` header out of the HTTP client's spans whatever `Headers.currentRedactedNames` says.
 *
 * `@effect/platform`'s `HttpClient` records every request and response header on its `http.client` span
 * (`http.request.header.<name>`), masking only the names in `Headers.currentRedactedNames` as the executing fiber
 * sees it when the request is sent. The default list holds `authorization`, but a user may replace it, even with
 * `[]`. This combinator adds `authorization` back around the whole execution of every request (it wraps the
 * client's postprocessing, so it holds wherever it sits in a chain of combinators).
 *
 * @example
 * ```ts
 * import { SinchAuth } from "@effect-sinch/auth"
 * import * as HttpClient from "@effect/platform/HttpClient"
 * import * as Effect from "effect/Effect"
 *
 * const client = Effect.gen(function*() {
 *   const auth = yield* SinchAuth.SinchAuth
 *   return (yield* HttpClient.HttpClient).pipe(
 *     HttpClient.mapRequestEffect(auth.authorize),
 *     SinchAuth.withRedactedAuthorization
 *   )
 * })
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const withRedactedAuthorization = <E, R>(
  client: HttpClient.HttpClient.With<E, R>
): HttpClient.HttpClient.With<E, R> => HttpClient.transformResponse(client, redactingAuthorization)

// Whether a list of redacted names already covers `authorization`, per list (the default one is shared): most
// requests then only read the fiber ref, and only a program that replaced the list pays for a local copy.
const coverage = globalValue(
  "@effect-sinch/auth/SinchAuth/authorizationRedacted",
  () => new WeakMap<ReadonlyArray<string | RegExp>, boolean>()
)

const coversAuthorization = (names: ReadonlyArray<string | RegExp>): boolean => {
  let covered = coverage.get(names)
  if (covered === undefined) {
    covered = names.some((name) =>
      typeof name === "string" ? name.toLowerCase() === "authorization" : name.test("authorization")
    )
    coverage.set(names, covered)
  }
  return covered
}

const redactingAuthorization = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(
    FiberRef.get(Headers.currentRedactedNames),
    (names) =>
      coversAuthorization(names)
        ? effect
        : Effect.locally(effect, Headers.currentRedactedNames, [...names, "authorization"])
  )

/**
 * Sends a request with authorization; on 401, rejects the token it used and sends once more with a fresh one (if
 * there is a different one to send: with Basic, the 401 is returned as is). The `Authorization` header stays out of
 * the client's spans, as with `withRedactedAuthorization`.
 *
 * @since 0.1.0
 * @category combinators
 */
export const executeAuthorized = <E, R>(
  client: HttpClient.HttpClient.With<E, R>,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, E | TokenError, R | SinchAuth> =>
  Effect.gen(function*() {
    const auth = yield* SinchAuth
    const redacted = withRedactedAuthorization(client)
    const authorized = yield* auth.authorize(request)
    const response = yield* redacted.execute(authorized)
    if (response.status !== 401) return response
    yield* auth.reject(authorized)
    const again = yield* auth.authorize(request)
    if (again.headers["authorization"] === authorized.headers["authorization"]) return response
    // Read the refused answer to the end so its connection can be reused.
    yield* Effect.ignore(response.text)
    return yield* redacted.execute(again)
  })
