/** @internal */
import type * as KeyValueStore from "@effect/platform/KeyValueStore"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type { TokenError } from "../AuthError.js"
import type { FetchMode } from "./tokenCache.js"
import { refreshAt } from "./tokenCache.js"
import type { Token } from "./tokenEndpoint.js"

const StoredToken = Schema.parseJson(Schema.Struct({
  accessToken: Schema.String,
  issuedAt: Schema.Number,
  expiresAt: Schema.Number
}))

const Lease = Schema.parseJson(Schema.Struct({
  owner: Schema.String,
  until: Schema.Number
}))

const decodeToken = Schema.decodeUnknownOption(StoredToken)
const encodeToken = Schema.encodeSync(StoredToken)
const decodeLease = Schema.decodeUnknownOption(Lease)
const encodeLease = Schema.encodeSync(Lease)

/** How many rejected token values to remember, so a store that still holds one is not believed. */
const rememberRejected = 8

/**
 * @internal
 */
export interface TokenStore {
  /** A token from the store, or fetched under the store's lease and published there. */
  readonly obtain: (mode: FetchMode) => Effect.Effect<Token, TokenError>
  /** A token was rejected by the API: never adopt it again, and take it out of the store if it is still there. */
  readonly forget: (value: string) => Effect.Effect<void>
}

/**
 * A token shared through a `KeyValueStore`. A `KeyValueStore` has no compare-and-set, so the lease is best-effort:
 * write it, wait `pollInterval`, read it back, and fetch only if it is still ours. The others poll the store until
 * the token appears or the lease runs out. A store that fails is logged and bypassed: it saves fetches, it is never
 * needed for one.
 *
 * @internal
 */
export const make = (options: {
  readonly kv: KeyValueStore.KeyValueStore
  readonly key: string
  readonly leaseDuration: Duration.Duration
  readonly pollInterval: Duration.Duration
  readonly skew: Duration.Duration
  readonly fetch: Effect.Effect<Token, TokenError>
}): Effect.Effect<TokenStore> =>
  Effect.gen(function*() {
    const { kv, pollInterval } = options
    const tokenKey = options.key
    const leaseKey = `${options.key}/lease`
    const leaseMillis = Duration.toMillis(options.leaseDuration)
    const rejected = yield* Ref.make<ReadonlyArray<string>>([])

    const readToken = Effect.map(
      kv.get(tokenKey),
      (value): Option.Option<Token> =>
        Option.map(Option.flatMap(value, decodeToken), (stored) => ({
          value: Redacted.make(stored.accessToken),
          issuedAt: stored.issuedAt,
          expiresAt: stored.expiresAt
        }))
    )
    const readLease = Effect.map(kv.get(leaseKey), Option.flatMap(decodeLease))

    const writeToken = (token: Token) =>
      kv.set(
        tokenKey,
        encodeToken({ accessToken: Redacted.value(token.value), issuedAt: token.issuedAt, expiresAt: token.expiresAt })
      ).pipe(
        Effect.catchAll((error) =>
          Effect.logWarning(`SinchAuth: could not publish the token to the shared store (${error.message})`)
        )
      )

    const releaseLease = (owner: string) =>
      readLease.pipe(
        Effect.flatMap((lease) =>
          Option.isSome(lease) && lease.value.owner === owner ? kv.remove(leaseKey) : Effect.void
        ),
        Effect.ignore
      )

    const obtain = (mode: FetchMode): Effect.Effect<Token, TokenError> =>
      Effect.flatMap(
        Effect.zipWith(Random.nextInt, Random.nextInt, (a, b) => `${a.toString(36)}-${b.toString(36)}`),
        (owner) => Effect.ensuring(obtainAs(owner, mode), releaseLease(owner))
      )

    const obtainAs = (owner: string, mode: FetchMode): Effect.Effect<Token, TokenError> =>
      Effect.gen(function*() {
        // A waiting caller takes any valid token; a background renewal wants one that is not due for renewal itself.
        // Rejections are read at every look, since one may arrive while we wait.
        const acceptable = (token: Token, now: number) =>
          Effect.map(Ref.get(rejected), (skipped) =>
            now < token.expiresAt &&
            (mode === "cold" || now < refreshAt(token, options.skew)) &&
            !skipped.includes(Redacted.value(token.value)))

        const coordinate = Effect.gen(function*() {
          while (true) {
            const now = yield* Clock.currentTimeMillis
            const stored = yield* readToken
            if (Option.isSome(stored) && (yield* acceptable(stored.value, now))) return stored
            const lease = yield* readLease
            if (Option.isSome(lease) && lease.value.owner !== owner && now < lease.value.until) {
              yield* Effect.sleep(pollInterval)
              continue
            }
            yield* kv.set(leaseKey, encodeLease({ owner, until: now + leaseMillis }))
            // Without compare-and-set, let concurrent writers land, then see who won.
            yield* Effect.sleep(pollInterval)
            const check = yield* readLease
            if (Option.isSome(check) && check.value.owner === owner) {
              const again = yield* readToken
              const later = yield* Clock.currentTimeMillis
              return Option.isSome(again) && (yield* acceptable(again.value, later)) ? again : Option.none<Token>()
            }
          }
        })

        const adopted = yield* coordinate.pipe(
          Effect.catchAll((error) =>
            Effect.as(
              Effect.logWarning(`SinchAuth: the shared token store failed (${error.message}); fetching directly`),
              Option.none<Token>()
            )
          )
        )
        if (Option.isSome(adopted)) return adopted.value
        return yield* Effect.tap(options.fetch, writeToken)
      })

    const forget = (value: string): Effect.Effect<void> =>
      Effect.gen(function*() {
        yield* Ref.update(rejected, (values) => [value, ...values].slice(0, rememberRejected))
        const stored = yield* readToken
        if (Option.isSome(stored) && Redacted.value(stored.value.value) === value) {
          yield* kv.remove(tokenKey)
        }
      }).pipe(Effect.ignore)

    return { obtain, forget }
  })
