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
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
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

/**
 * Deletes a key only if it still holds the given value (a lock released by its owner, a token dropped if unchanged),
 * and tells the processes waiting on the key's channel.
 */
const compareAndDelete = `if redis.call("GET", KEYS[1]) == ARGV[1] then
  redis.call("DEL", KEYS[1])
  redis.call("PUBLISH", KEYS[1], "released")
  return 1
end
return 0`

/** Stores a value with its expiry and tells the processes waiting on the key's channel, in one step. */
const setAndPublish = `redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
redis.call("PUBLISH", KEYS[1], "stored")
return 1`

// Sent to Redis, never shown: ioredis errors carry the command's arguments (a token, for SET), so only the message is
// kept, never the error itself.
const reasonOf = (cause: unknown): string =>
  cause instanceof Error && cause.message !== "" ? cause.message.split("\n")[0]!.slice(0, 200) : "unknown error"

const millis = (duration: Duration.Duration) => Math.max(1, Math.ceil(Duration.toMillis(duration)))

/**
 * Waits on the channels of `key` and `lock` (one connection of its own, subscribed before the lock is looked at, so
 * that no release falls between the look and the wait), at most the lock's remaining lease and `timeout`. A
 * connection that closes ends the wait with an error: the process then fetches on its own.
 */
const awaitRelease = (
  redis: Redis,
  command: <A>(operation: string, run: () => Promise<A>) => Effect.Effect<A, TokenStore.TokenStoreError>,
  key: string,
  lock: string,
  timeout: Duration.Duration
): Effect.Effect<void, TokenStore.TokenStoreError> =>
  Effect.acquireUseRelease(
    Effect.sync(() => {
      const subscriber = redis.duplicate({
        maxRetriesPerRequest: 0,
        autoResubscribe: false,
        lazyConnect: true,
        // a subscriber needs no INFO before it subscribes: one command less per wait
        enableReadyCheck: false
      })
      const woken = Deferred.unsafeMake<void, TokenStore.TokenStoreError>(FiberId.none)
      // Listening before subscribing: a message may arrive as soon as the subscription is acknowledged.
      subscriber.on("message", () => Deferred.unsafeDone(woken, Exit.void))
      subscriber.on("close", () =>
        Deferred.unsafeDone(
          woken,
          Exit.fail(new TokenStore.TokenStoreError({ operation: "awaitRelease", reason: "the connection closed" }))
        ))
      subscriber.on("error", () => {})
      return { subscriber, woken }
    }),
    ({ subscriber, woken }) =>
      Effect.gen(function*() {
        yield* command("awaitRelease", () => subscriber.connect().then(() => subscriber.subscribe(key, lock)))
        const lease = yield* command("awaitRelease", () => redis.pttl(lock))
        // -2: no lock; -1: a lock without expiry, which only another program could have set: do not wait on it.
        if (lease < 0) return
        yield* Effect.raceFirst(Deferred.await(woken), Effect.sleep(Duration.min(timeout, Duration.millis(lease))))
      }),
    ({ subscriber }) => Effect.sync(() => subscriber.disconnect())
  )

/**
 * A `TokenStore` on a Redis client you manage (its connection, options and closing are yours). Waiting for another
 * process's token opens a short-lived connection of its own (a subscriber, as Redis requires).
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
  return TokenStore.make({
    atomicLock: true,
    get: (key) => Effect.map(command("get", () => redis.get(key)), Option.fromNullable),
    set: (key, value, timeToLive) =>
      Effect.asVoid(command("set", () => redis.eval(setAndPublish, 1, key, value, millis(timeToLive)))),
    removeIf: (key, value) => Effect.asVoid(command("removeIf", () => redis.eval(compareAndDelete, 1, key, value))),
    tryLock: (key, owner, timeToLive) =>
      Effect.map(
        command("tryLock", () => redis.set(key, owner, "PX", millis(timeToLive), "NX")),
        (reply) => reply === "OK"
      ),
    unlock: (key, owner) => Effect.asVoid(command("unlock", () => redis.eval(compareAndDelete, 1, key, owner))),
    awaitRelease: (key, lock, wait) => awaitRelease(redis, command, key, lock, wait)
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
