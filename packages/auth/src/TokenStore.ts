/**
 * Where processes that use the same access key share one token: the few operations `SinchAuth` needs from a shared
 * store to run a single flight across processes (one fetches, the others wait and adopt its token).
 *
 * Two come with the package: {@link fromKeyValueStore} over any `KeyValueStore` (no compare-and-set, so its lock is
 * best effort), and `RedisTokenStore` (an atomic lock with an expiry; needs `ioredis`). Pass either to
 * `SinchAuth.layerOAuth({ …, store: { shared } })`.
 *
 * @since 0.1.0
 */
import type * as KeyValueStore from "@effect/platform/KeyValueStore"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as JsonCodec from "./internal/jsonCodec.js"

/**
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("@effect-sinch/auth/TokenStore")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * A shared store failed (unreachable, timed out, refused a command). `SinchAuth` never fails with it: it logs a
 * warning and fetches the token itself.
 *
 * @since 0.1.0
 * @category errors
 */
export class TokenStoreError extends Schema.TaggedError<TokenStoreError>(
  "@effect-sinch/auth/TokenStoreError"
)("TokenStoreError", {
  /** What was asked of the store: `get`, `set`, `removeIf`, `tryLock`, `unlock`. */
  operation: Schema.String,
  /** What went wrong, without any value that was read or written. */
  reason: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `The shared token store failed on ${this.operation}: ${this.reason}`
  }
}

/**
 * Whether a value is a {@link TokenStoreError}.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTokenStoreError = (u: unknown): u is TokenStoreError =>
  Predicate.hasProperty(u, TypeId) && Predicate.isTagged(u, "TokenStoreError")

/**
 * The operations of a shared token store. Keys and values are text; values hold live access tokens, so give the
 * store the protection you give the key secret.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenStore {
  readonly [TypeId]: TypeId
  /** Whether `tryLock` is atomic (a compare-and-set): then at most one process fetches at a time. */
  readonly atomicLock: boolean
  /** The text under `key`, if any and not expired. */
  readonly get: (key: string) => Effect.Effect<Option.Option<string>, TokenStoreError>
  /** Stores `value` under `key`, to expire after `timeToLive` where the store has expiry. */
  readonly set: (key: string, value: string, timeToLive: Duration.Duration) => Effect.Effect<void, TokenStoreError>
  /** Removes `key` if it still holds `value`. */
  readonly removeIf: (key: string, value: string) => Effect.Effect<void, TokenStoreError>
  /**
   * Takes the lock `key` for `owner` unless another owner holds it; `true` when taken. The lock expires after
   * `timeToLive`, so a holder that crashed does not block the others for longer.
   */
  readonly tryLock: (
    key: string,
    owner: string,
    timeToLive: Duration.Duration
  ) => Effect.Effect<boolean, TokenStoreError>
  /** Releases the lock `key` if `owner` still holds it. */
  readonly unlock: (key: string, owner: string) => Effect.Effect<void, TokenStoreError>
  /**
   * Waits until the lock `lock` is released or expires, or a value is written under `key`, for at most `timeout`;
   * returns at once when the lock is free. Optional: a store without it is looked at again every `pollInterval`.
   * `RedisTokenStore` waits on Redis pub/sub, bounded by the lock's remaining lease.
   *
   * @since 0.2.0
   */
  readonly awaitRelease?: (
    key: string,
    lock: string,
    timeout: Duration.Duration
  ) => Effect.Effect<void, TokenStoreError>
}

/**
 * Makes a {@link TokenStore} from its operations.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (operations: Omit<TokenStore, TypeId>): TokenStore => ({ [TypeId]: TypeId, ...operations })

/**
 * Whether a value is a {@link TokenStore}.
 *
 * @since 0.1.0
 * @category guards
 */
export const isTokenStore = (u: unknown): u is TokenStore => Predicate.hasProperty(u, TypeId)

// Only a store over a KeyValueStore reads and writes leases.
const leases = JsonCodec.lazy(() => Schema.parseJson(Schema.Struct({ owner: Schema.String, until: Schema.Number })))

/**
 * A {@link TokenStore} over any `KeyValueStore`. A `KeyValueStore` has neither expiry nor compare-and-set, so the
 * lock is best effort: write a lease `{ owner, until }`, wait `settle` for concurrent writers to land, read it back,
 * and hold it only if it is still ours. Over a slow store two processes may now and then both fetch.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromKeyValueStore = (
  kv: KeyValueStore.KeyValueStore,
  options?: {
    /** How long to wait between writing a lease and reading it back. Default 100 milliseconds. */
    readonly settle?: Duration.DurationInput | undefined
  }
): TokenStore => {
  const settle = Duration.decode(options?.settle ?? Duration.millis(100))
  const fail = (operation: string) => (error: { readonly message: string }) =>
    new TokenStoreError({ operation, reason: error.message, cause: error })
  const readLease = (key: string) => Effect.map(kv.get(key), Option.flatMap((text) => leases().decode(text)))
  return make({
    atomicLock: false,
    get: (key) => Effect.mapError(kv.get(key), fail("get")),
    set: (key, value) => Effect.mapError(kv.set(key, value), fail("set")),
    removeIf: (key, value) =>
      kv.get(key).pipe(
        Effect.flatMap((current) => Option.contains(current, value) ? kv.remove(key) : Effect.void),
        Effect.mapError(fail("removeIf"))
      ),
    tryLock: (key, owner, timeToLive) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const lease = yield* readLease(key)
        if (Option.isSome(lease) && lease.value.owner !== owner && now < lease.value.until) return false
        yield* kv.set(key, leases().encode({ owner, until: now + Duration.toMillis(timeToLive) }))
        // Without compare-and-set, let concurrent writers land, then see who won.
        yield* Effect.sleep(settle)
        const check = yield* readLease(key)
        return Option.isSome(check) && check.value.owner === owner
      }).pipe(Effect.mapError(fail("tryLock"))),
    unlock: (key, owner) =>
      readLease(key).pipe(
        Effect.flatMap((lease) => Option.isSome(lease) && lease.value.owner === owner ? kv.remove(key) : Effect.void),
        Effect.mapError(fail("unlock"))
      )
  })
}
