/** @internal */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type { TokenError } from "../AuthError.js"
import type { TokenStore, TokenStoreError } from "../TokenStore.js"
import * as JsonCodec from "./jsonCodec.js"
import type { FetchMode } from "./tokenCache.js"
import { refreshAt } from "./tokenCache.js"
import type { Token } from "./tokenEndpoint.js"

const storedTokens = JsonCodec.lazy(() =>
  Schema.parseJson(Schema.Struct({
    accessToken: Schema.String,
    issuedAt: Schema.Number,
    expiresAt: Schema.Number
  }))
)

/** How many rejected token values to remember, so a store that still holds one is not believed. */
const rememberRejected = 8

/**
 * @internal
 */
export interface SharedToken {
  /** A token from the store, or fetched under the store's lock and published there. */
  readonly obtain: (mode: FetchMode) => Effect.Effect<Token, TokenError>
  /** A token was rejected by the API: never adopt it again, and take it out of the store if it is still there. */
  readonly forget: (value: string) => Effect.Effect<void>
}

interface Stored {
  /** the text as the store holds it, for a compare-and-delete */
  readonly raw: string
  readonly token: Token
}

/**
 * A token shared through a `TokenStore`: a single flight across processes. A process that finds no usable token
 * takes the store's lock and fetches; the others wait (on the store's `awaitRelease`, or by polling a store without
 * it) until the token appears, or until the lock is free
 * (its holder failed, finished without a token, or crashed and its lock expired), and then try for it themselves.
 * A store that fails is logged and bypassed: it saves fetches, it is never needed for one.
 *
 * @internal
 */
export const make = (options: {
  readonly store: TokenStore
  readonly key: string
  readonly leaseDuration: Duration.Duration
  readonly pollInterval: Duration.Duration
  readonly skew: Duration.Duration
  readonly fetch: Effect.Effect<Token, TokenError>
  /** masks our credentials in a text: a store's error must not carry a token into a log line */
  readonly scrub: (text: string) => string
}): Effect.Effect<SharedToken> =>
  Effect.gen(function*() {
    const { pollInterval, store } = options
    const tokenKey = options.key
    const leaseKey = `${options.key}/lease`
    const rejected = yield* Ref.make<ReadonlyArray<string>>([])

    const warn = (what: string, error: TokenStoreError) =>
      Effect.logWarning(`SinchAuth: ${what} (${options.scrub(error.message)})`)

    const readToken: Effect.Effect<Option.Option<Stored>, TokenStoreError> = Effect.map(
      store.get(tokenKey),
      Option.flatMap((raw) =>
        Option.map(storedTokens().decode(raw), (stored) => ({
          raw,
          token: {
            value: Redacted.make(stored.accessToken),
            issuedAt: stored.issuedAt,
            expiresAt: stored.expiresAt
          }
        }))
      )
    )

    const writeToken = (token: Token) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        store.set(
          tokenKey,
          storedTokens().encode({
            accessToken: Redacted.value(token.value),
            issuedAt: token.issuedAt,
            expiresAt: token.expiresAt
          }),
          Duration.millis(Math.max(1, token.expiresAt - now))
        ))

    const obtain = (mode: FetchMode): Effect.Effect<Token, TokenError> =>
      Effect.flatMap(
        Effect.zipWith(Random.nextInt, Random.nextInt, (a, b) => `${a.toString(36)}-${b.toString(36)}`),
        (owner) => {
          // Once the store has failed in this look, it is not asked again: each further command would only add its
          // timeout to the wait of the callers, and a lock left behind expires by itself.
          const look = { failed: false }
          return Effect.ensuring(
            obtainAs(owner, mode, look),
            Effect.suspend(() => look.failed ? Effect.void : Effect.ignore(store.unlock(leaseKey, owner)))
          )
        }
      )

    const obtainAs = (
      owner: string,
      mode: FetchMode,
      look: { failed: boolean }
    ): Effect.Effect<Token, TokenError> =>
      Effect.gen(function*() {
        // A waiting caller takes any valid token; a background renewal wants one that is not due for renewal itself.
        // Rejections are read at every look, since one may arrive while we wait.
        const acceptable = (stored: Option.Option<Stored>) =>
          Effect.flatMap(
            Clock.currentTimeMillis,
            (now) =>
              Effect.map(Ref.get(rejected), (skipped) =>
                Option.isSome(stored) &&
                now < stored.value.token.expiresAt &&
                (mode === "cold" || now < refreshAt(stored.value.token, options.skew)) &&
                !skipped.includes(Redacted.value(stored.value.token.value)))
          )

        const coordinate: Effect.Effect<Option.Option<Token>, TokenStoreError> = Effect.gen(function*() {
          while (true) {
            const stored = yield* readToken
            if (yield* acceptable(stored)) return Option.map(stored, (s) => s.token)
            if (yield* store.tryLock(leaseKey, owner, options.leaseDuration)) {
              // Someone may have published between our look and our lock.
              const again = yield* readToken
              return (yield* acceptable(again)) ? Option.map(again, (s) => s.token) : Option.none()
            }
            // A store that can wait is woken by the holder's publication or release (at most the lease's length);
            // any other is looked at again after `pollInterval`.
            // A wait that fails (a subscription refused or cut) is one poll: the next look tells whether the store is
            // still there.
            yield* store.awaitRelease === undefined
              ? Effect.sleep(pollInterval)
              : Effect.catchAll(
                store.awaitRelease(tokenKey, leaseKey, options.leaseDuration),
                () => Effect.sleep(pollInterval)
              )
          }
        })

        const adopted = yield* coordinate.pipe(
          Effect.map((token): Option.Option<Option.Option<Token>> => Option.some(token)),
          Effect.catchAll((error) => {
            look.failed = true
            return Effect.as(warn("the shared token store failed; fetching the token directly", error), Option.none())
          })
        )
        // The store failed: fetch, and do not try to publish there (one warning per look is enough).
        if (Option.isNone(adopted)) return yield* options.fetch
        if (Option.isSome(adopted.value)) return adopted.value.value
        return yield* Effect.tap(options.fetch, (token) =>
          Effect.catchAll(writeToken(token), (error) => {
            look.failed = true
            return warn("could not publish the token to the shared store; others fetch their own", error)
          }))
      })

    const forget = (value: string): Effect.Effect<void> =>
      Effect.gen(function*() {
        yield* Ref.update(rejected, (values) => [value, ...values].slice(0, rememberRejected))
        const stored = yield* readToken
        if (Option.isSome(stored) && Redacted.value(stored.value.token.value) === value) {
          yield* store.removeIf(tokenKey, stored.value.raw)
        }
      }).pipe(Effect.catchAll((error) => warn("could not drop a rejected token from the shared store", error)))

    return { obtain, forget }
  })
