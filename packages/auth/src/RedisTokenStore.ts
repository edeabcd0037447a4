/**
 * A `TokenStore` on Redis, for a fleet of processes that share one access key: the first process to need a token takes
 * a lock (`SET NX PX`, so it expires if its holder crashes), fetches and publishes the token with its expiry; the
 * others wait for it and adopt it. Fifty pods that start together make one token request.
 *
 * Needs the `ioredis` package (an optional peer dependency: install it to use this module). If Redis is down or
 * slow, `SinchAuth` logs a warning and fetches its own token: Redis saves token requests, it is never needed for one.
 *
 * @example
 * ```ts
 * import { SinchAuth } from "@effect-sinch/auth"
 * import * as RedisTokenStore from "@effect-sinch/auth/RedisTokenStore"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const AuthLive = Layer.unwrapScoped(
 *   Effect.map(RedisTokenStore.make("redis://127.0.0.1:6379"), (shared) =>
 *     SinchAuth.layerOAuthConfig({ store: { shared } }))
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import { Redis, type RedisOptions } from "ioredis"
import * as TokenStore from "./TokenStore.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * How long one command may take before the store counts as failed for that look (the process then fetches its
   * own token). Default 1 second.
   */
  readonly commandTimeout?: Duration.DurationInput | undefined
}

/** Deletes a key only if it still holds the given value: a lock released by its owner, a token dropped if unchanged. */
const compareAndDelete =
  `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`

// Sent to Redis, never shown: ioredis errors carry the command's arguments (a token, for SET), so only the message is
// kept, never the error itself.
const reasonOf = (cause: unknown): string =>
  cause instanceof Error && cause.message !== "" ? cause.message.split("\n")[0]!.slice(0, 200) : "unknown error"

/**
 * A `TokenStore` on a Redis client you manage (its connection, options and closing are yours).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromClient = (redis: Redis, options?: Options | undefined): TokenStore.TokenStore => {
  const timeout = Duration.decode(options?.commandTimeout ?? Duration.seconds(1))
  const command = <A>(operation: string, run: () => Promise<A>) =>
    Effect.tryPromise({
      try: run,
      catch: (cause) => new TokenStore.TokenStoreError({ operation, reason: reasonOf(cause) })
    }).pipe(
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () =>
          new TokenStore.TokenStoreError({
            operation,
            reason: `no answer from Redis within ${Duration.format(timeout)}`
          })
      })
    )
  const millis = (duration: Duration.Duration) => Math.max(1, Math.ceil(Duration.toMillis(duration)))
  return TokenStore.make({
    atomicLock: true,
    get: (key) => Effect.map(command("get", () => redis.get(key)), Option.fromNullable),
    set: (key, value, timeToLive) =>
      Effect.asVoid(command("set", () => redis.set(key, value, "PX", millis(timeToLive)))),
    removeIf: (key, value) => Effect.asVoid(command("removeIf", () => redis.eval(compareAndDelete, 1, key, value))),
    tryLock: (key, owner, timeToLive) =>
      Effect.map(
        command("tryLock", () => redis.set(key, owner, "PX", millis(timeToLive), "NX")),
        (reply) => reply === "OK"
      ),
    unlock: (key, owner) => Effect.asVoid(command("unlock", () => redis.eval(compareAndDelete, 1, key, owner)))
  })
}

/**
 * Connects to Redis (a `redis://` URL or ioredis options) for the life of the scope and returns a `TokenStore` on it.
 * Never fails: if Redis cannot be reached, every look at the store fails fast and `SinchAuth` fetches its own tokens
 * until it comes back (ioredis keeps reconnecting).
 *
 * Defaults differ from ioredis' own where a token store needs it: a command is given up after one reconnection
 * attempt (`maxRetriesPerRequest: 1`) and a connection attempt after 2 seconds (`connectTimeout: 2000`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  redis: string | RedisOptions,
  options?: Options | undefined
): Effect.Effect<TokenStore.TokenStore, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => {
        const defaults: RedisOptions = { maxRetriesPerRequest: 1, connectTimeout: 2000 }
        const client = typeof redis === "string" ? new Redis(redis, defaults) : new Redis({ ...defaults, ...redis })
        // Failures surface on each command, where SinchAuth logs them once per look; the connection's own error
        // events would otherwise be printed by ioredis on every reconnection attempt.
        client.on("error", () => {})
        return client
      }),
      (client) => Effect.sync(() => client.disconnect())
    ),
    (client) => fromClient(client, options)
  )
