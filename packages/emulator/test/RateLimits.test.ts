import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Emulator from "../src/Emulator.js"
import { basic, call } from "./rawClient.js"

const token = Effect.gen(function*() {
  const emulator = yield* Emulator.Emulator
  const client = yield* HttpClient.HttpClient
  const response = yield* client.execute(
    HttpClientRequest.post(emulator.tokenUrl).pipe(
      HttpClientRequest.bodyUrlParams({ grant_type: "client_credentials" }),
      HttpClientRequest.setHeader("authorization", basic(emulator.keyId, Redacted.value(emulator.keySecret)))
    )
  )
  return { status: response.status, headers: response.headers, body: (yield* response.json) as any }
}).pipe(Effect.scoped, Effect.orDie)

const tokens = (n: number) => Effect.all(Array.from({ length: n }, () => token), { concurrency: "unbounded" })

const statuses = (answers: ReadonlyArray<{ readonly status: number }>) => {
  const counts: Record<number, number> = {}
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1
  return counts
}

describe("the emulator's own limits", () => {
  it.effect("authBurstLimit: a burst of 30 token requests, then 10 a second, each refusal the gateway's 429", () =>
    Effect.gen(function*() {
      const first = yield* tokens(40)
      expect(statuses(first)).toEqual({ 200: 30, 429: 10 })
      const refused = first.find((answer) => answer.status === 429)!
      expect(refused.body).toEqual({ error: "rate_limited", error_description: "Too many requests", status_code: 429 })
      expect(refused.headers["retry-after"]).toBeUndefined()

      // a refused request spends nothing: after half a second, five more go through
      yield* TestClock.adjust("500 millis")
      expect(statuses(yield* tokens(8))).toEqual({ 200: 5, 429: 3 })
      // and the bucket refills to its burst, no further
      yield* TestClock.adjust("1 hour")
      expect(statuses(yield* tokens(31))).toEqual({ 200: 30, 429: 1 })

      const stats = yield* Effect.flatMap(Emulator.Emulator, (emulator) => emulator.stats)
      expect(stats.tokensIssued).toBe(65)
      expect(stats.throttled).toEqual({ token: 14, api: 0 })
      expect(stats.requests["OAuthToken"]).toEqual({ "200": 65, "429": 14 })
    }).pipe(Effect.provide(Emulator.layerHttpClient({ authBurstLimit: true }))))

  it.effect("without authBurstLimit the token endpoint takes any burst", () =>
    Effect.gen(function*() {
      expect(statuses(yield* tokens(100))).toEqual({ 200: 100 })
    }).pipe(Effect.provide(Emulator.layerHttpClient())))

  it.effect("rateLimit: the project's requests over the budget get 429 RESOURCE_EXHAUSTED with Retry-After", () =>
    Effect.gen(function*() {
      const answers = yield* Effect.all(
        Array.from({ length: 8 }, () => call("GET", "~/availableRegions")),
        { concurrency: "unbounded" }
      )
      expect(statuses(answers)).toEqual({ 200: 5, 429: 3 })
      const refused = answers.find((answer) => answer.status === 429)!
      expect(refused.body.error).toMatchObject({ code: 429, status: "RESOURCE_EXHAUSTED" })
      expect(refused.headers["retry-after"]).toBe("1")

      // 5 a second: one more every 200 ms
      yield* TestClock.adjust("199 millis")
      expect((yield* call("GET", "~/availableRegions")).status).toBe(429)
      yield* TestClock.adjust("1 millis")
      expect((yield* call("GET", "~/availableRegions")).status).toBe(200)

      // the token endpoint and other projects spend nothing of the budget
      yield* TestClock.adjust("1 second")
      expect(statuses(yield* tokens(10))).toEqual({ 200: 10 })
      expect((yield* call("GET", "/v1/projects/someone-else/availableRegions")).status).toBe(403)
      expect(statuses(yield* Effect.all(Array.from({ length: 6 }, () => call("GET", "~/availableRegions")))))
        .toEqual({ 200: 5, 429: 1 })

      const stats = yield* Effect.flatMap(Emulator.Emulator, (emulator) => emulator.stats)
      expect(stats.throttled).toEqual({ token: 0, api: 5 })
    }).pipe(Effect.provide(Emulator.layerHttpClient({ rateLimit: 5 }))))

  it.effect("rateLimit over a longer period: Retry-After says how many seconds until the next request", () =>
    Effect.gen(function*() {
      const answers = yield* Effect.all(Array.from({ length: 3 }, () => call("GET", "~/availableRegions")))
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429])
      expect(answers[2]!.headers["retry-after"]).toBe("30")
    }).pipe(Effect.provide(Emulator.layerHttpClient({ rateLimit: { requests: 2, per: "1 minute" } }))))

  it.effect("a reset fills the buckets again", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      expect(statuses(yield* Effect.all(Array.from({ length: 3 }, () => call("GET", "~/availableRegions")))))
        .toEqual({ 200: 2, 429: 1 })
      yield* emulator.reset
      expect((yield* call("GET", "~/availableRegions")).status).toBe(200)
      expect((yield* emulator.stats).throttled).toEqual({ token: 0, api: 0 })
    }).pipe(Effect.provide(Emulator.layerHttpClient({ rateLimit: { requests: 2, per: "1 hour" } }))))

  it.effect("limits that make no sense are refused at start", () =>
    Effect.gen(function*() {
      const start = (options: Emulator.EmulatorOptions) =>
        Effect.flip(Effect.scoped(Effect.asVoid(Emulator.serve(options)))).pipe(
          Effect.map((error) => error.message),
          Effect.provide(Emulator.layerHttpClient())
        )
      expect(yield* start({ rateLimit: 0 })).toContain("rateLimit")
      expect(yield* start({ rateLimit: { requests: 10, per: 0 } })).toContain("rateLimit")
      expect(yield* start({ authBurstLimit: { burst: 0, perSecond: 10 } })).toContain("authBurstLimit")
      expect(yield* start({ authBurstLimit: { burst: 30, perSecond: 0 } })).toContain("authBurstLimit")
    }))
})
