/** @internal */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as FiberSet from "effect/FiberSet"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import type { TokenError } from "../AuthError.js"
import type { Token } from "./tokenEndpoint.js"

/**
 * When a token should be renewed: `skew` before it expires, but never later than half its life, so a token that lives
 * shorter than twice the skew is renewed at half-life rather than at once.
 *
 * @internal
 */
export const refreshAt = (token: Token, skew: Duration.Duration): number => {
  const life = token.expiresAt - token.issuedAt
  return token.expiresAt - Math.min(Duration.toMillis(skew), life / 2)
}

/**
 * How a fetch is asked for: `cold` when callers wait for it, `refresh` when it renews a still-valid token in the
 * background.
 *
 * @internal
 */
export type FetchMode = "cold" | "refresh"

/**
 * @internal
 */
export interface TokenCache {
  /** A valid token: the cached one, or the result of the single fetch every waiting caller shares. */
  readonly get: Effect.Effect<Token, TokenError>
  /** Drops the cached token if its value is `value`; returns whether it did. */
  readonly invalidate: (value: string) => Effect.Effect<boolean>
}

interface Cached {
  readonly token: Token
  readonly refreshAt: number
}

interface State {
  readonly cached: Cached | undefined
  readonly inflight: Deferred.Deferred<Token, TokenError> | undefined
}

type Action =
  | { readonly _tag: "Use"; readonly token: Token }
  | { readonly _tag: "UseAndRefresh"; readonly token: Token; readonly deferred: Deferred.Deferred<Token, TokenError> }
  | { readonly _tag: "Await"; readonly deferred: Deferred.Deferred<Token, TokenError> }
  | { readonly _tag: "Fetch"; readonly deferred: Deferred.Deferred<Token, TokenError> }

/** After a failed background refresh, wait this long (at most half the remaining life) before trying again. */
const refreshRetryDelay = 5_000

/**
 * The in-process cache. Lock-free: a caller either uses the cached token, or joins the one in-flight fetch, or
 * starts it. Fetches run in a `FiberSet` owned by the layer's scope, so an interrupted caller never cancels a fetch
 * others wait for, and closing the layer stops everything.
 *
 * @internal
 */
export const make = (options: {
  readonly fetch: (mode: FetchMode) => Effect.Effect<Token, TokenError>
  readonly skew: Duration.Duration
}): Effect.Effect<TokenCache, never, Scope.Scope> =>
  Effect.gen(function*() {
    const state = yield* Ref.make<State>({ cached: undefined, inflight: undefined })
    const fibers = yield* FiberSet.make<void, never>()
    let closed = false
    // Added after the FiberSet, so it runs before the FiberSet is closed.
    yield* Effect.addFinalizer(() => Effect.sync(() => (closed = true)))

    const complete = (deferred: Deferred.Deferred<Token, TokenError>, exit: Exit.Exit<Token, TokenError>) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Ref.update(state, (s): State => {
          if (s.inflight !== deferred) return s
          if (exit._tag === "Success") {
            return {
              cached: { token: exit.value, refreshAt: refreshAt(exit.value, options.skew) },
              inflight: undefined
            }
          }
          // A failure is not cached; a still-valid token stays, and its renewal is tried again a little later.
          const cached = s.cached
          if (cached !== undefined && now < cached.token.expiresAt) {
            const delay = Math.min(refreshRetryDelay, (cached.token.expiresAt - now) / 2)
            return { cached: { token: cached.token, refreshAt: now + delay }, inflight: undefined }
          }
          return { cached: undefined, inflight: undefined }
        })).pipe(Effect.zipRight(Deferred.done(deferred, exit)))

    // The fiber starts uninterruptible (it is forked from one), so `onExit` is in place before the fetch can be
    // interrupted: whatever happens, the deferred every caller waits on is completed.
    const settle = (deferred: Deferred.Deferred<Token, TokenError>, mode: FetchMode) =>
      Effect.interruptible(options.fetch(mode)).pipe(
        Effect.onExit((exit) => complete(deferred, exit)),
        Effect.tapError((error) =>
          mode === "refresh"
            ? Effect.logWarning(
              `SinchAuth: renewing the access token ahead of expiry failed; the current token stays in use. ${error.message}`
            )
            : Effect.void
        ),
        Effect.ignore
      )

    const start = (deferred: Deferred.Deferred<Token, TokenError>, mode: FetchMode) =>
      Effect.zipRight(
        FiberSet.run(fibers, settle(deferred, mode)),
        // A closed FiberSet (the layer is gone) never runs the effect: fail the waiters instead of leaving them hanging.
        Effect.suspend(() =>
          closed
            ? complete(deferred, Exit.die(new Error("SinchAuth was used after the layer that provides it was closed")))
            : Effect.void
        )
      )

    const get: Effect.Effect<Token, TokenError> = Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.flatMap(
          Ref.modify(state, (s): [Action, State] => {
            const cached = s.cached
            if (cached !== undefined && now < cached.token.expiresAt) {
              if (now >= cached.refreshAt && s.inflight === undefined) {
                const deferred = Deferred.unsafeMake<Token, TokenError>(FiberId.none)
                return [{ _tag: "UseAndRefresh", token: cached.token, deferred }, { cached, inflight: deferred }]
              }
              return [{ _tag: "Use", token: cached.token }, s]
            }
            if (s.inflight !== undefined) return [{ _tag: "Await", deferred: s.inflight }, s]
            const deferred = Deferred.unsafeMake<Token, TokenError>(FiberId.none)
            return [{ _tag: "Fetch", deferred }, { cached: undefined, inflight: deferred }]
          }),
          (action): Effect.Effect<Token, TokenError> => {
            switch (action._tag) {
              case "Use":
                return Effect.succeed(action.token)
              case "UseAndRefresh":
                return Effect.as(start(action.deferred, "refresh"), action.token)
              case "Await":
                return restore(Deferred.await(action.deferred))
              case "Fetch":
                return Effect.zipRight(start(action.deferred, "cold"), restore(Deferred.await(action.deferred)))
            }
          }
        ))
    )

    const invalidate = (value: string): Effect.Effect<boolean> =>
      Ref.modify(state, (s): [boolean, State] =>
        s.cached !== undefined && Redacted.value(s.cached.token.value) === value
          ? [true, { cached: undefined, inflight: s.inflight }]
          : [false, s])

    return { get, invalidate } as const
  })
