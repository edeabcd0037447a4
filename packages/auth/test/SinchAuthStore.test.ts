import { SinchAuth } from "@effect-sinch/auth"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as PlatformError from "@effect/platform/Error"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as KeyValueStore from "@effect/platform/KeyValueStore"
import { assert, describe, it } from "@effect/vitest"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import { drive } from "./fixtures/TestTime.js"
import * as TokenServer from "./fixtures/TokenServer.js"

const keyId = "fleet-key"
const keySecret = Redacted.make("fleet-secret-7Hq")
const apiRequest = HttpClientRequest.get("https://numbers.api.sinch.com/v1/projects/p/activeNumbers")
const bearer = (n: number) => `Bearer ${TokenServer.tokenValue(n)}`

const header = (auth: SinchAuth.SinchAuth.Service) =>
  Effect.map(auth.authorize(apiRequest), (request) => request.headers["authorization"])

const many = (auth: SinchAuth.SinchAuth.Service, n: number) =>
  Effect.all(Array.from({ length: n }, () => header(auth)), { concurrency: "unbounded" })

/** Runs `effect` in a fiber while the TestClock moves on in small steps, so polling and leases play out. */
const driven = <A, E, R>(effect: Effect.Effect<A, E, R>, step: Duration.DurationInput = "20 millis") =>
  Effect.flatMap(Effect.fork(effect), (fiber) => drive(fiber, step))

/** Asks until `auth` hands out the given header. */
const until = (auth: SinchAuth.SinchAuth.Service, expected: string) =>
  header(auth).pipe(Effect.repeat({ until: (h) => h === expected, schedule: Schedule.spaced("10 millis") }))

const Env = Layer.merge(NodeHttpClient.layerUndici, KeyValueStore.layerMemory)

describe("SinchAuth with a shared token store", () => {
  it.scoped("two layers sharing a store make one token fetch between them, then one renewal between them", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const kv = yield* KeyValueStore.KeyValueStore
      const options = { keyId, keySecret, tokenUrl: server.tokenUrl, store: { kv } }
      // Two separately built layers: two caches, one store.
      const build = Effect.map(Layer.build(SinchAuth.layerOAuth(options)), Context.get(SinchAuth.SinchAuth))
      const a = yield* build
      const b = yield* build

      const [fromA, fromB] = yield* driven(Effect.all([many(a, 100), many(b, 100)], { concurrency: "unbounded" }))
      assert.isTrue([...fromA, ...fromB].every((h) => h === bearer(1)))
      assert.strictEqual(yield* server.count, 1)

      // A third process starting later adopts the stored token.
      const c = yield* SinchAuth.makeOAuth(options)
      assert.strictEqual(yield* driven(header(c)), bearer(1))
      assert.strictEqual(yield* server.count, 1)

      // Everyone reaches the renewal time together: one of them renews, the others pick the new token up.
      yield* TestClock.adjust("3540 seconds")
      yield* driven(Effect.all([until(a, bearer(2)), until(b, bearer(2)), until(c, bearer(2))]))
      assert.strictEqual(yield* server.count, 2)
    }).pipe(Effect.provide(Env)))

  it.scoped("a token rejected by the API is dropped from the store and never adopted again", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const kv = yield* KeyValueStore.KeyValueStore
      const options = { keyId, keySecret, tokenUrl: server.tokenUrl, store: { kv, key: "sinch-token" } }
      const a = yield* SinchAuth.makeOAuth(options)
      const b = yield* SinchAuth.makeOAuth(options)
      const seen = yield* driven(a.authorize(apiRequest))
      assert.strictEqual(yield* driven(header(b)), bearer(1))
      assert.isTrue(yield* kv.has("sinch-token"))

      yield* a.reject(seen)
      assert.isFalse(yield* kv.has("sinch-token"))
      assert.strictEqual(yield* driven(header(a)), bearer(2))
      // b learns of the 401 later: it adopts a's new token instead of fetching its own.
      yield* b.reject(seen)
      assert.strictEqual(yield* driven(header(b)), bearer(2))
      assert.strictEqual(yield* server.count, 2)
    }).pipe(Effect.provide(Env)))

  it.scoped("a lease left by a process that died runs out, then another process fetches", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const kv = yield* KeyValueStore.KeyValueStore
      yield* kv.set("sinch-token/lease", JSON.stringify({ owner: "ghost", until: 30_000 }))
      const a = yield* SinchAuth.makeOAuth({
        keyId,
        keySecret,
        tokenUrl: server.tokenUrl,
        store: { kv, key: "sinch-token", leaseDuration: "30 seconds" }
      })
      assert.strictEqual(yield* driven(header(a), "250 millis"), bearer(1))
      const [request] = yield* server.requests
      assert.isAtLeast(request!.at, 30_000)
      assert.isAtMost(request!.at, 31_000)
      assert.isFalse(yield* kv.has("sinch-token/lease"), "the lease is released after the fetch")
    }).pipe(Effect.provide(Env)))

  it.scoped("a store that fails is bypassed: tokens are still fetched", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const failure = (method: string) =>
        Effect.fail(new PlatformError.SystemError({ reason: "Unknown", module: "KeyValueStore", method }))
      const kv = KeyValueStore.make({
        get: () => failure("get"),
        getUint8Array: () => failure("getUint8Array"),
        set: () => failure("set"),
        remove: () => failure("remove"),
        clear: failure("clear"),
        size: failure("size")
      })
      const a = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl, store: { kv } })
      assert.isTrue((yield* driven(many(a, 10))).every((h) => h === bearer(1)))
      assert.strictEqual(yield* server.count, 1)
      yield* a.reject(yield* a.authorize(apiRequest))
      assert.strictEqual(yield* driven(header(a)), bearer(2))
    }).pipe(Effect.provide(Env)))
})
