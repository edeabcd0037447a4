import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Emulator from "../src/Emulator.js"
import * as Faults from "../src/Faults.js"
import { basic, call } from "./rawClient.js"

// a real socket and a raw client: what any Sinch client would see
const served = (options: Emulator.EmulatorOptions = {}) =>
  Effect.provide(Layer.merge(Emulator.layer({ active: 20, ...options }), NodeHttpClient.layerUndici))

const rule = (fields: ConstructorParameters<typeof Faults.FaultRule>[0]) =>
  new Faults.Faults({ global: new Faults.FaultRule(fields) })

/** A raw GET of the active numbers: the status, headers, and the body read to the end (or how reading failed). */
const rawGet = (path = "activeNumbers") =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const client = yield* HttpClient.HttpClient
    const request = HttpClientRequest.get(`${emulator.baseUrl}/v1/projects/${emulator.projectId}/${path}`).pipe(
      HttpClientRequest.setHeader("authorization", basic(emulator.keyId, Redacted.value(emulator.keySecret)))
    )
    return yield* client.execute(request).pipe(
      Effect.flatMap((response) =>
        Effect.map(Effect.either(response.text), (text) => ({
          status: response.status,
          headers: response.headers,
          text
        }))
      ),
      Effect.scoped,
      Effect.either
    )
  })

const statusesOf = (emulator: Emulator.Service, n: number) =>
  Effect.gen(function*() {
    const out: Array<number> = []
    for (let i = 0; i < n; i++) {
      const r = yield* rawGet()
      out.push(Either.isRight(r) ? r.right.status : -1)
    }
    return out
  })

describe("faults", () => {
  it.live("error statuses: 429 with Retry-After and a Sinch body, and a mix of 500, 502, 503", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.setFaults(rule({ rate: 1, statuses: [429], retryAfter: 3 }))
      const limited = yield* rawGet()
      const answer = Either.getOrThrow(limited)
      expect(answer.status).toBe(429)
      expect(answer.headers["retry-after"]).toBe("3")
      expect(JSON.parse(Either.getOrThrow(answer.text)).error.code).toBe(429)
      yield* emulator.setFaults(rule({ rate: 1, statuses: [500, 502, 503] }))
      const statuses = yield* statusesOf(emulator, 20)
      expect(new Set(statuses)).toEqual(new Set([500, 502, 503]))
      yield* emulator.setFaults(rule({ rate: 0.25 }))
      const mixed = yield* statusesOf(emulator, 100)
      const failed = mixed.filter((s) => s !== 200).length
      expect(failed).toBeGreaterThan(10)
      expect(failed).toBeLessThan(45)
      const stats = yield* emulator.stats
      expect(stats.faultsInjected).toBe(21 + failed)
      expect(stats.requests["ListActiveNumbers"]!["200"]).toBe(100 - failed)
    }).pipe(served()))

  it.live("faults are deterministic under a seed", () =>
    Effect.gen(function*() {
      const faults = new Faults.Faults({ seed: 42, global: new Faults.FaultRule({ rate: 0.5 }) })
      const run = (options: Emulator.EmulatorOptions) =>
        Effect.flatMap(Emulator.Emulator, (e) => statusesOf(e, 40)).pipe(served(options))
      const a = yield* run({ faults })
      const b = yield* run({ faults, seed: 99 })
      const c = yield* run({ faults: new Faults.Faults({ seed: 43, global: new Faults.FaultRule({ rate: 0.5 }) }) })
      expect(a).toEqual(b)
      expect(a).not.toEqual(c)
    }))

  it.live("HTML error pages", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.setFaults(rule({ htmlError: 1 }))
      const answer = Either.getOrThrow(yield* rawGet())
      expect([502, 503]).toContain(answer.status)
      expect(answer.headers["content-type"]).toContain("text/html")
      expect(Either.getOrThrow(answer.text)).toMatch(/^<!DOCTYPE html>/)
    }).pipe(served()))

  it.live("a connection dropped before the response fails the request, though the request was processed", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.setFaults(
        new Faults.Faults({ operations: { RentAnyNumber: new Faults.FaultRule({ dropBeforeResponse: 1 }) } })
      )
      const query = { "numberPattern.pattern": "1720", "numberPattern.searchPattern": "START" }
      const next =
        (yield* call("GET", "~/availableNumbers", { query: { regionCode: "US", type: "LOCAL", size: "1", ...query } }))
          .body.availableNumbers[0].phoneNumber
      const client = yield* HttpClient.HttpClient
      const rent = yield* client.execute(
        HttpClientRequest.post(`${emulator.baseUrl}/v1/projects/${emulator.projectId}/availableNumbers:rentAny`).pipe(
          HttpClientRequest.setHeader("authorization", basic(emulator.keyId, Redacted.value(emulator.keySecret))),
          HttpClientRequest.bodyUnsafeJson({
            regionCode: "US",
            type: "LOCAL",
            numberPattern: { pattern: "1720", searchPattern: "START" }
          })
        )
      ).pipe(Effect.scoped, Effect.either)
      expect(Either.isLeft(rent) && rent.left._tag).toBe("RequestError")
      // the number was rented all the same: the ambiguity a billable call must resolve by looking it up
      expect((yield* call("GET", `~/activeNumbers/${next}`)).status).toBe(200)
      expect((yield* emulator.stats).requests["RentAnyNumber"]).toEqual({ dropBeforeResponse: 1 })
    }).pipe(served()))

  it.live("a connection dropped mid-body: the status arrives, reading the body fails", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.setFaults(rule({ dropMidBody: 1 }))
      const answer = Either.getOrThrow(yield* rawGet())
      expect(answer.status).toBe(200)
      expect(Either.isLeft(answer.text)).toBe(true)
      yield* emulator.setFaults(Faults.none)
      const healthy = Either.getOrThrow(yield* rawGet())
      expect(JSON.parse(Either.getOrThrow(healthy.text)).activeNumbers).toHaveLength(20)
    }).pipe(served()))

  it.live("malformed JSON: a 200 whose body does not parse", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.setFaults(rule({ malformedJson: 1 }))
      const answer = Either.getOrThrow(yield* rawGet())
      expect(answer.status).toBe(200)
      expect(answer.headers["content-type"]).toContain("application/json")
      expect(() => JSON.parse(Either.getOrThrow(answer.text))).toThrow()
    }).pipe(served()))

  it.live("latency delays the answer", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.setFaults(rule({ latency: 150 }))
      const start = Date.now()
      expect(Either.getOrThrow(yield* rawGet()).status).toBe(200)
      expect(Date.now() - start).toBeGreaterThanOrEqual(140)
    }).pipe(served()))

  it.live("the latency option and per-operation rules: only the named operation is faulted", () =>
    Effect.gen(function*() {
      const start = Date.now()
      expect(Either.getOrThrow(yield* rawGet("availableRegions")).status).toBe(429)
      expect(Date.now() - start).toBeGreaterThanOrEqual(90)
      expect(Either.getOrThrow(yield* rawGet()).status).toBe(200)
    }).pipe(served({
      latency: "100 millis",
      faults: new Faults.Faults({
        operations: { ListAvailableRegions: new Faults.FaultRule({ rate: 1, statuses: [429] }) }
      })
    })))

  it.live("token endpoint 429s, with no Retry-After, leaving the API alone", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* HttpClient.HttpClient
      const response = yield* client.execute(
        HttpClientRequest.post(emulator.tokenUrl).pipe(
          HttpClientRequest.basicAuth(emulator.keyId, Redacted.value(emulator.keySecret)),
          HttpClientRequest.bodyUrlParams({ grant_type: "client_credentials" })
        )
      ).pipe(Effect.scoped)
      expect(response.status).toBe(429)
      expect(response.headers["retry-after"]).toBeUndefined()
      expect(Either.getOrThrow(yield* rawGet()).status).toBe(200)
      expect((yield* emulator.stats).tokensIssued).toBe(0)
    }).pipe(served({ faults: new Faults.Faults({ token429: 1 }) })))

  it.effect("latency runs on the Clock: an in-process emulator answers once the TestClock has moved", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(call("GET", "~/availableRegions"))
      // wait until the request is asleep on the clock
      yield* TestClock.sleeps().pipe(
        Effect.tap(() => Effect.yieldNow()),
        Effect.repeat({ until: (sleeps) => Chunk.size(sleeps) > 0 })
      )
      yield* TestClock.adjust("9 seconds")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(fiber)).status).toBe(200)
    }).pipe(Effect.provide(Emulator.layerHttpClient({ latency: "10 seconds" }))))

  it.live("PUT /_emulator/faults sets faults at run time and validates them", () =>
    Effect.gen(function*() {
      const put = yield* call("PUT", "/_emulator/faults", {
        auth: null,
        body: { global: { rate: 1, statuses: [503] } }
      })
      expect(put.status).toBe(200)
      expect(Either.getOrThrow(yield* rawGet()).status).toBe(503)
      expect((yield* call("GET", "/_emulator/faults", { auth: null })).body).toEqual({
        global: { rate: 1, statuses: [503] }
      })
      const bad = yield* call("PUT", "/_emulator/faults", {
        auth: null,
        body: { global: { rate: 2 }, operations: { NoSuchOperation: { rate: 1 } } }
      })
      expect(bad.status).toBe(400)
      expect(bad.body.error.details[0].fieldViolations.map((v: any) => v.field).sort()).toEqual([
        "global.rate",
        "operations.NoSuchOperation"
      ])
      yield* call("PUT", "/_emulator/faults", { auth: null, body: {} })
      expect(Either.getOrThrow(yield* rawGet()).status).toBe(200)
    }).pipe(served()))
})
