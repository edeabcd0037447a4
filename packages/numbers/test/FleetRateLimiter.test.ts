import { SinchAuth } from "@effect-sinch/auth"
import { Emulator } from "@effect-sinch/emulator"
import * as RedisServer from "@effect-sinch/test-support/RedisServer"
import * as RedisSuite from "@effect-sinch/test-support/RedisSuite"
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as RateLimiterRedis from "@effect/experimental/RateLimiter/Redis"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as TestClock from "effect/TestClock"
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

/** A RateLimiter whose store fails while `down.value` is true, counting what it is asked. */
const flakyStore = (down: { value: boolean }, asked: { value: number }) =>
  Effect.map(
    Effect.provide(RateLimiter.make, RateLimiter.layerStoreMemory),
    (memory) =>
      Context.make(RateLimiter.RateLimiter, {
        ...memory,
        consume: (options) => {
          asked.value++
          return down.value
            ? Effect.fail(new RateLimiter.RateLimitStoreError({ message: "connection refused" }))
            : memory.consume(options)
        }
      })
  )

describe("FleetRateLimiter", () => {
  it.effect("every attempt takes a turn, and a 429 from Sinch is still retried after its Retry-After", () =>
    Effect.gen(function*() {
      let turns = 0
      const rateLimiter: NumbersClient.RateLimiter = { take: () => Effect.sync(() => void turns++) }
      const { client, requests } = yield* stubClient([
        json(429, sinchError(429, "RESOURCE_EXHAUSTED"), { "retry-after": "2" }),
        json(200, { projectId: "p", hmacSecret: "x".repeat(32) })
      ], { rateLimiter, retrySchedule: NumbersClient.defaultRetrySchedule })
      const { exit, waits } = yield* drive(client.getCallbackConfiguration())
      assert.strictEqual(exit._tag, "Success")
      assert.strictEqual(requests.length, 2)
      assert.strictEqual(turns, 2)
      assert.isTrue(waits.some((wait) => wait >= 2000), `waits ${waits.join(", ")}`)
    }))

  it.effect("a turn is taken with the token in hand: the turns given during a token fetch do not leave at once", () =>
    Effect.gen(function*() {
      // a token fetch of 500 ms, shared by the calls that wait for it, as SinchAuth's OAuth cache does
      const token = yield* Effect.cached(Effect.as(Effect.sleep("500 millis"), "token"))
      const auth = SinchAuth.SinchAuth.of({
        authorize: (request) => Effect.map(token, (value) => HttpClientRequest.bearerToken(request, value)),
        reject: () => Effect.void,
        scrub: (text) => text
      })
      const sent: Array<number> = []
      const http = HttpClient.make((request) =>
        Effect.map(Clock.currentTimeMillis, (now) => {
          sent.push(now)
          return HttpClientResponse.fromWeb(request, json(200, { availableRegions: [] }))
        })
      )
      const rateLimiter = yield* FleetRateLimiter.make({ limit: 2, window: "1 second", burst: 1 }).pipe(
        Effect.provide(RateLimiter.layer),
        Effect.provide(RateLimiter.layerStoreMemory)
      )
      const client = yield* NumbersClient.make({ projectId: "p", baseUrl: "https://numbers.example.com", rateLimiter })
        .pipe(
          Effect.provide(
            Layer.merge(Layer.succeed(SinchAuth.SinchAuth, auth), Layer.succeed(HttpClient.HttpClient, http))
          )
        )
      const { exit } = yield* drive(
        Effect.all(Array.from({ length: 3 }, () => client.listAvailableRegions()), { concurrency: "unbounded" })
      )
      assert.strictEqual(exit._tag, "Success")
      // one turn every 500 ms from the token on; turns taken before it would leave together when it came (500, 500, 1000)
      assert.deepStrictEqual(sent, [500, 1000, 1500])
    }))

  it.effect("turns beyond the budget wait for it: a bucket of `limit`, refilled evenly over the window", () =>
    Effect.gen(function*() {
      const limiter = yield* FleetRateLimiter.make({ limit: 4, window: "1 second" }).pipe(
        Effect.provide(RateLimiter.layer),
        Effect.provide(RateLimiter.layerStoreMemory)
      )
      const { waits } = yield* drive(Effect.all(Array.from({ length: 8 }, () => limiter.take("p"))))
      // four at once, then one every 250 ms
      assert.deepStrictEqual(waits, [250, 250, 250, 250])
      // another project has a bucket of its own
      const other = yield* drive(Effect.all(Array.from({ length: 4 }, () => limiter.take("q"))))
      assert.deepStrictEqual(other.waits, [])
    }))

  it.effect("a smaller burst spreads the same rate evenly", () =>
    Effect.gen(function*() {
      const limiter = yield* FleetRateLimiter.make({ limit: 4, window: "1 second", burst: 2 }).pipe(
        Effect.provide(RateLimiter.layer),
        Effect.provide(RateLimiter.layerStoreMemory)
      )
      const { waits } = yield* drive(Effect.all(Array.from({ length: 8 }, () => limiter.take("p"))))
      // two at once, then one every 250 ms
      assert.deepStrictEqual(waits, [250, 250, 250, 250, 250, 250])
    }))

  it.effect("a store that fails: one warning, turns under a local budget, the store asked again later", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      const down = { value: true }
      const asked = { value: 0 }
      const limiter = yield* FleetRateLimiter.make({ limit: 100, retryStoreAfter: "5 seconds" }).pipe(
        Effect.provide(yield* flakyStore(down, asked))
      )
      // this process's own bucket starts empty at the switch: one turn every 10 ms, no burst
      const alone = yield* drive(Effect.all(Array.from({ length: 10 }, () => limiter.take("p"))))
      assert.deepStrictEqual(alone.waits, Array.from({ length: 10 }, () => 10))
      assert.strictEqual(asked.value, 1)
      assert.strictEqual(logs.lines.length, 1)
      assert.match(logs.lines[0]!, /^WARN FleetRateLimiter: the shared store failed \(connection refused\)/)

      yield* TestClock.adjust("5 seconds")
      down.value = false
      yield* Effect.all(Array.from({ length: 10 }, () => limiter.take("p")))
      assert.strictEqual(asked.value, 11)
      assert.deepStrictEqual(logs.lines.slice(1), [
        "INFO FleetRateLimiter: the shared store answers again; back to the fleet's budget"
      ])
    }).pipe(Effect.provide(logs.layer))
  })

  it.effect("a store that does not answer counts as failed after storeTimeout", () =>
    Effect.gen(function*() {
      const silent = Context.make(RateLimiter.RateLimiter, {
        [RateLimiter.TypeId]: RateLimiter.TypeId,
        consume: () => Effect.never
      })
      const limiter = yield* FleetRateLimiter.make({ limit: 10, storeTimeout: "300 millis" }).pipe(
        Effect.provide(silent)
      )
      const { exit, waits } = yield* drive(limiter.take("p"))
      assert.strictEqual(exit._tag, "Success")
      // the store's 300 ms, then a turn of this process's own bucket (10 a second), which starts empty
      assert.deepStrictEqual(waits, [300, 100])
    }).pipe(Effect.provide(Logger.remove(Logger.defaultLogger))))

  it.effect("options that make no sense are InvalidInput", () =>
    Effect.gen(function*() {
      const fails = (options: FleetRateLimiter.Options) =>
        Effect.flip(FleetRateLimiter.make(options)).pipe(
          Effect.provide(RateLimiter.layer),
          Effect.provide(RateLimiter.layerStoreMemory)
        )
      assert.strictEqual((yield* fails({ limit: 0 })).field, "limit")
      assert.strictEqual((yield* fails({ limit: 1.5 })).field, "limit")
      assert.strictEqual((yield* fails({ limit: 10, window: 0 })).field, "window")
      assert.strictEqual((yield* fails({ limit: 10, fallbackLimit: -1 })).field, "fallbackLimit")
      assert.strictEqual((yield* fails({ limit: 10, burst: 0 })).field, "burst")
    }))
})

/** One process's limiter: its own connection to the Redis store, open for the test's scope. */
const fleetLimiter = (port: number, limit: number, burst?: number) =>
  Effect.flatMap(
    Layer.build(RateLimiter.layer.pipe(Layer.provide(RateLimiterRedis.layerStore({ host: "127.0.0.1", port })))),
    (context) => Effect.provide(FleetRateLimiter.make({ limit, window: "1 second", burst }), context)
  )

/** One process of a fleet: its own SinchAuth and NumbersClient against the emulator. */
const numbersProcess = (emulator: Emulator.Service, rateLimiter: NumbersClient.RateLimiter | undefined) =>
  Effect.flatMap(
    Layer.build(
      SinchAuth.layerOAuth({ keyId: emulator.keyId, keySecret: emulator.keySecret, tokenUrl: emulator.tokenUrl })
    ),
    (auth) =>
      NumbersClient.make({
        projectId: emulator.projectId,
        baseUrl: emulator.baseUrl,
        ...(rateLimiter === undefined ? {} : { rateLimiter })
      }).pipe(Effect.provide(auth))
  )

RedisSuite.describeWithRedis("FleetRateLimiter on a real redis-server", () => {
  it.scopedLive("four processes on one Redis keep to one budget together", () =>
    Effect.gen(function*() {
      const redis = yield* RedisServer.make
      const fleet = yield* Effect.all(Array.from({ length: 4 }, () => fleetLimiter(redis.port, 40)))
      const started = Date.now()
      const granted = yield* Effect.all(
        fleet.flatMap((limiter) =>
          Array.from({ length: 20 }, () => Effect.map(limiter.take("fleet"), () => Date.now()))
        ),
        { concurrency: "unbounded" }
      )
      const offsets = granted.map((at) => at - started).sort((a, b) => a - b)
      // 40 at once, then one every 25 ms: the i-th turn (from 0) comes no earlier than (i + 1 - 40) × 25 ms
      offsets.forEach((offset, i) => assert.isAtLeast(offset, (i + 1 - 40) * 25 - 15, `turn ${i} at ${offset} ms`))
      assert.isAtLeast(offsets[79]!, 950)
      assert.isBelow(offsets[79]!, 3000)
    }))

  it.scopedLive("three processes against a 20/s emulator: no 429 with the fleet limiter; without it 429s, all honoured", () =>
    Effect.gen(function*() {
      const redis = yield* RedisServer.make
      const calls = (clients: ReadonlyArray<NumbersClient.Service>, each: number) =>
        Effect.all(
          clients.flatMap((client) => Array.from({ length: each }, () => client.listAvailableRegions())),
          { concurrency: "unbounded" }
        )

      const paced = yield* Effect.scoped(Effect.gen(function*() {
        const emulator = yield* Emulator.serve({ rateLimit: 20 })
        // 45 calls, over twice the emulator's burst. The emulator shares this process: on a loaded machine it sees
        // the requests up to half a second after they leave, and then together. A burst of 6 under a budget of 18/s
        // lets them arrive up to (20 - 6) / 18 = 0.78 s out of step with no 429 (as the option's docs say); one
        // bucket per process would send 18 at once, then 54/s.
        const clients = yield* Effect.all(
          Array.from(
            { length: 3 },
            () => Effect.flatMap(fleetLimiter(redis.port, 18, 6), (l) => numbersProcess(emulator, l))
          )
        )
        yield* calls(clients, 15)
        return (yield* emulator.stats).throttled.api
      }))
      assert.strictEqual(paced, 0)

      const unpaced = yield* Effect.scoped(Effect.gen(function*() {
        const emulator = yield* Emulator.serve({ rateLimit: 20 })
        const clients = yield* Effect.all(Array.from({ length: 3 }, () => numbersProcess(emulator, undefined)))
        // processes up and running (a token each), so that their calls leave together even on a loaded machine
        yield* calls(clients, 1)
        // every call still succeeds: the client waits out each Retry-After
        const answers = yield* calls(clients, 20)
        assert.strictEqual(answers.length, 60)
        return (yield* emulator.stats).throttled.api
      }))
      assert.isAbove(unpaced, 0)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})
