import { SinchAuth } from "@effect-sinch/auth"
import * as RedisTokenStore from "@effect-sinch/auth/RedisTokenStore"
import { Emulator } from "@effect-sinch/emulator"
import * as RedisServer from "@effect-sinch/test-support/RedisServer"
import * as RedisSuite from "@effect-sinch/test-support/RedisSuite"
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Logger from "effect/Logger"
import * as Schedule from "effect/Schedule"
import { Redis } from "ioredis"
import * as FleetRateLimiter from "../src/FleetRateLimiter.js"
import * as NumbersClient from "../src/NumbersClient.js"
import { drive } from "./support/clock.js"
import { json, sinchError, stubClient } from "./support/stubHttp.js"

const captureLogs = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ logLevel, message }) => {
    lines.push(`${logLevel.label} ${Array.isArray(message) ? message.map(String).join(" ") : String(message)}`)
  })
  return { lines, layer: Logger.replace(Logger.defaultLogger, logger) }
}

const redisClient = (url: string) =>
  Effect.acquireRelease(
    Effect.sync(() => new Redis(url, { maxRetriesPerRequest: 1 }).on("error", () => {})),
    (client) => Effect.sync(() => client.disconnect())
  )

/** Every key in Redis, by SCAN. */
const allKeys = (client: Redis) => Effect.promise(() => client.scan(0, "COUNT", 1000).then(([, keys]) => keys.sort()))

const sinceMs = (start: number) => Date.now() - start

describe("FleetRateLimiter: a 429 pauses the project", () => {
  it.effect("the client tells the limiter of a 429's Retry-After, once per 429", () =>
    Effect.gen(function*() {
      const pauses: Array<[string, number]> = []
      const rateLimiter: NumbersClient.RateLimiter = {
        take: () => Effect.void,
        pause: (projectId, retryAfter) =>
          Effect.sync(() => void pauses.push([projectId, Duration.toMillis(retryAfter)]))
      }
      const { client } = yield* stubClient([
        json(429, sinchError(429, "RESOURCE_EXHAUSTED"), { "retry-after": "2" }),
        json(429, sinchError(429, "RESOURCE_EXHAUSTED")),
        json(200, { projectId: "p", hmacSecret: "x".repeat(32) })
      ], { rateLimiter, retrySchedule: NumbersClient.defaultRetrySchedule })
      const { exit } = yield* drive(client.getCallbackConfiguration())
      assert.strictEqual(exit._tag, "Success")
      // the 429 without Retry-After says nothing of how long to pause
      assert.strictEqual(pauses.length, 1)
      assert.strictEqual(pauses[0]![1], 2000)
    }))

  it.effect("with make, a pause holds this process's turns until the Retry-After has passed", () =>
    Effect.gen(function*() {
      const limiter = yield* FleetRateLimiter.make({ limit: 4, window: "1 second" }).pipe(
        Effect.provide(RateLimiter.layer),
        Effect.provide(RateLimiter.layerStoreMemory)
      )
      yield* limiter.pause!("p", Duration.seconds(2))
      const { waits } = yield* drive(Effect.all(Array.from({ length: 3 }, () => limiter.take("p"))))
      assert.deepStrictEqual(waits, [2000])
      // another project is not paused
      assert.deepStrictEqual((yield* drive(limiter.take("q"))).waits, [])
    }))

  it.effect("fleetSize: with the store failing, each process keeps to limit / fleetSize on its own", () =>
    Effect.gen(function*() {
      const failing = Context.make(RateLimiter.RateLimiter, {
        [RateLimiter.TypeId]: RateLimiter.TypeId,
        consume: () => Effect.fail(new RateLimiter.RateLimitStoreError({ message: "connection refused" }))
      })
      const limiter = yield* FleetRateLimiter.make({ limit: 40, burst: 10, fleetSize: 8 }).pipe(
        Effect.provide(failing)
      )
      const { waits } = yield* drive(Effect.all(Array.from({ length: 8 }, () => limiter.take("p"))))
      // 40 / 8 = 5 a second: a bucket of 5, then one every 200 ms
      assert.deepStrictEqual(waits, [200, 200, 200])
    }).pipe(Effect.provide(Logger.remove(Logger.defaultLogger))))
})

/** One process of a fleet on Redis: its token store, its limiter (its own connections), its client. */
const fleetProcess = (
  emulator: Emulator.Service,
  redisUrl: string,
  limits: FleetRateLimiter.Options
) =>
  Effect.gen(function*() {
    const shared = yield* RedisTokenStore.make(redisUrl, { commandTimeout: "300 millis" })
    const auth = yield* SinchAuth.makeOAuth({
      keyId: emulator.keyId,
      keySecret: emulator.keySecret,
      tokenUrl: emulator.tokenUrl,
      store: { shared }
    })
    const rateLimiter = yield* FleetRateLimiter.makeRedis(redisUrl, {
      storeTimeout: "300 millis",
      retryStoreAfter: "1 second",
      ...limits
    })
    return yield* NumbersClient.make({ projectId: emulator.projectId, baseUrl: emulator.baseUrl, rateLimiter }).pipe(
      Effect.provideService(SinchAuth.SinchAuth, auth)
    )
  })

/** `calls` calls from each process, two at a time; the exits, none of which may be a failure. */
const callFrom = (clients: ReadonlyArray<NumbersClient.Service>, calls: number) =>
  Effect.all(
    clients.map((client) =>
      Effect.forEach(Array.from({ length: calls }), () => Effect.exit(client.listAvailableRegions()), {
        concurrency: 2
      })
    ),
    { concurrency: "unbounded" }
  ).pipe(Effect.map((exits) => exits.flat()))

const failures = (exits: ReadonlyArray<Exit.Exit<unknown, unknown>>) => exits.filter(Exit.isFailure).length

const tokenRequests = (emulator: Emulator.Service) =>
  Effect.map(emulator.stats, (stats) => Object.values(stats.requests["OAuthToken"] ?? {}).reduce((a, b) => a + b, 0))

const warnings = (lines: ReadonlyArray<string>, from: string) =>
  lines.filter((line) => line.startsWith("WARN") && line.includes(from)).length

RedisSuite.describeWithRedis("FleetRateLimiter.makeRedis on a real redis-server", () => {
  it.scopedLive("four processes keep to one budget together", () =>
    Effect.gen(function*() {
      const redis = yield* RedisServer.make
      const fleet = yield* Effect.all(
        Array.from({ length: 4 }, () => FleetRateLimiter.makeRedis(redis.url, { limit: 40 }))
      )
      const started = Date.now()
      const granted = yield* Effect.all(
        fleet.flatMap((limiter) =>
          Array.from({ length: 20 }, () => Effect.map(limiter.take("fleet"), () => sinceMs(started)))
        ),
        { concurrency: "unbounded" }
      )
      const offsets = granted.sort((a, b) => a - b)
      // 40 at once, then one every 25 ms
      offsets.forEach((offset, i) => assert.isAtLeast(offset, (i + 1 - 40) * 25 - 15, `turn ${i} at ${offset} ms`))
      assert.isAtLeast(offsets[79]!, 950)
    }))

  it.scopedLive("a project that stops leaves nothing in Redis once its bucket is full again", () =>
    Effect.gen(function*() {
      const redis = yield* RedisServer.make
      const client = yield* redisClient(redis.url)
      const limiter = yield* FleetRateLimiter.makeRedis(redis.url, { limit: 20, burst: 5 })
      yield* Effect.all(Array.from({ length: 5 }, () => limiter.take("stops")))
      assert.deepStrictEqual(yield* allKeys(client), ["effect-sinch/numbers/stops"])
      const ttl = yield* Effect.promise(() => client.pttl("effect-sinch/numbers/stops"))
      // five turns taken at 20 a second: full again within 250 ms
      assert.isTrue(ttl > 0 && ttl <= 250, `PTTL ${ttl}`)
      // a pause keeps the key as long as it lasts, then the bucket's refill
      yield* limiter.pause!("paused", Duration.millis(400))
      const paused = yield* Effect.promise(() => client.pttl("effect-sinch/numbers/paused"))
      assert.isTrue(paused > 400 && paused <= 650, `PTTL ${paused}`)
      yield* Effect.sleep("700 millis")
      assert.deepStrictEqual(yield* allKeys(client), [])
    }))

  it.scopedLive("a 429 in one process pauses the project's calls in the others, which then leave at the budget's pace", () =>
    Effect.gen(function*() {
      const redis = yield* RedisServer.make
      const [first, second] = yield* Effect.all(
        Array.from({ length: 2 }, () => FleetRateLimiter.makeRedis(redis.url, { limit: 20, burst: 5 }))
      )
      yield* first!.take("p")
      const started = Date.now()
      yield* first!.pause!("p", Duration.millis(600))
      const turns = yield* Effect.all(
        Array.from({ length: 4 }, () => Effect.map(second!.take("p"), () => sinceMs(started))),
        { concurrency: "unbounded" }
      )
      const sorted = turns.sort((a, b) => a - b)
      assert.isAtLeast(sorted[0]!, 590, `first turn after ${sorted[0]} ms`)
      // one every 50 ms from the pause's end, not all at once
      assert.isAtLeast(sorted[3]! - sorted[0]!, 140, `turns at ${sorted.join(", ")} ms`)
      // another project is not paused
      const other = Date.now()
      yield* second!.take("q")
      assert.isBelow(sinceMs(other), 100)
    }))

  it.scopedLive("redis-server killed and restarted on its port: no call fails, no token request more, one warning each", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      const redis = yield* RedisServer.make
      const emulator = yield* Emulator.serve({ rateLimit: 30 })
      const limits = { limit: 24, burst: 6, fleetSize: 3 }
      const fleet = yield* Effect.all(Array.from({ length: 3 }, () => fleetProcess(emulator, redis.url, limits)))
      const calling = yield* Effect.fork(callFrom(fleet, 50))
      yield* Effect.sleep("1500 millis")
      yield* redis.kill
      yield* Effect.sleep("1500 millis")
      yield* redis.restart
      const restarted = Date.now()
      // the fleet's bucket is in Redis again: the processes have gone back to the shared budget
      const client = yield* redisClient(redis.url)
      yield* Effect.repeat(Effect.promise(() => client.exists(`effect-sinch/numbers/${emulator.projectId}`)), {
        until: (n) => n === 1,
        schedule: Schedule.spaced("50 millis")
      })
      const backAfter = sinceMs(restarted)
      const exits = yield* Fiber.join(calling)
      assert.strictEqual(failures(exits), 0)
      assert.isBelow(backAfter, 5000, `back to the fleet's budget ${backAfter} ms after the restart`)
      // each process had its token before the outage and kept it
      assert.strictEqual(yield* tokenRequests(emulator), 1)
      assert.strictEqual((yield* emulator.stats).throttled.api, 0)
      assert.strictEqual(warnings(logs.lines, "FleetRateLimiter"), 3, logs.lines.join("\n"))
      // a process that starts now finds the single flight back: one fetches, the next adopts
      const late = yield* fleetProcess(emulator, redis.url, limits)
      const later = yield* fleetProcess(emulator, redis.url, limits)
      yield* late.listAvailableRegions()
      yield* later.listAvailableRegions()
      assert.strictEqual(yield* tokenRequests(emulator), 2)
    }).pipe(Effect.provide([NodeHttpClient.layerUndici, logs.layer]))
  })

  it.scopedLive("redis-server paused past the store timeout: the calls go on, each process under its share", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      const redis = yield* RedisServer.make
      const emulator = yield* Emulator.serve({ rateLimit: 30 })
      const fleet = yield* Effect.all(
        Array.from({ length: 3 }, () => fleetProcess(emulator, redis.url, { limit: 24, burst: 6, fleetSize: 3 }))
      )
      yield* callFrom(fleet, 2)
      const client = yield* redisClient(redis.url)
      const calling = yield* Effect.fork(callFrom(fleet, 30))
      yield* Effect.sleep("300 millis")
      yield* Effect.promise(() => client.call("CLIENT", "PAUSE", "2000", "ALL"))
      const exits = yield* Fiber.join(calling)
      assert.strictEqual(failures(exits), 0)
      assert.strictEqual((yield* emulator.stats).throttled.api, 0)
      assert.strictEqual(yield* tokenRequests(emulator), 1)
      assert.strictEqual(warnings(logs.lines, "FleetRateLimiter"), 3, logs.lines.join("\n"))
    }).pipe(Effect.provide([NodeHttpClient.layerUndici, logs.layer]))
  })

  it.scopedLive("Redis answering errors (a wrong password, memory full): each process fetches one token and keeps to its share", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      const guarded = yield* RedisServer.makeWith({ password: "right-password" })
      const emulator = yield* Emulator.serve({ rateLimit: 30 })
      const wrong = `redis://:wrong-password@127.0.0.1:${guarded.port}`
      const locked = yield* Effect.all(
        Array.from({ length: 3 }, () => fleetProcess(emulator, wrong, { limit: 24, burst: 6, fleetSize: 3 }))
      )
      assert.strictEqual(failures(yield* callFrom(locked, 10)), 0)
      // no Redis to share through: one token per process, each under its share of the budget
      assert.strictEqual(yield* tokenRequests(emulator), 3)
      assert.strictEqual((yield* emulator.stats).throttled.api, 0)
      assert.strictEqual(warnings(logs.lines, "FleetRateLimiter"), 3, logs.lines.join("\n"))
      assert.strictEqual(warnings(logs.lines, "SinchAuth"), 3, logs.lines.join("\n"))

      const full = yield* RedisServer.make
      const admin = yield* redisClient(full.url)
      yield* Effect.promise(() => admin.config("SET", "maxmemory", "1"))
      yield* emulator.reset
      const refused = yield* Effect.all(
        Array.from({ length: 3 }, () => fleetProcess(emulator, full.url, { limit: 24, burst: 6, fleetSize: 3 }))
      )
      assert.strictEqual(failures(yield* callFrom(refused, 10)), 0)
      assert.strictEqual(yield* tokenRequests(emulator), 3)
      assert.strictEqual(warnings(logs.lines, "FleetRateLimiter"), 6, logs.lines.join("\n"))
      assert.include(logs.lines.join("\n"), "OOM")
    }).pipe(Effect.provide([NodeHttpClient.layerUndici, logs.layer]))
  })
})
