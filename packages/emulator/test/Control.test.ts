import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as TestClock from "effect/TestClock"
import * as Emulator from "../src/Emulator.js"
import * as Faults from "../src/Faults.js"
import { call, fields, violations } from "./rawClient.js"

const fresh = Effect.provide(Emulator.layerHttpClient({ active: 30, seed: 5 }))

describe("control endpoints", () => {
  it.effect("GET /_emulator/stats counts tokens and requests by operationId and status", () =>
    Effect.gen(function*() {
      yield* call("GET", "~/activeNumbers")
      yield* call("GET", "~/activeNumbers")
      yield* call("GET", "~/activeNumbers/+19999999999")
      yield* call("GET", "~/activeNumbers", { auth: null })
      yield* call("GET", "/nowhere")
      const stats = yield* call("GET", "/_emulator/stats", { auth: null })
      expect(stats.status).toBe(200)
      expect(stats.body).toEqual({
        tokensIssued: 0,
        requestsTotal: 5,
        requests: { ListActiveNumbers: { "200": 2, "401": 1 }, GetActiveNumber: { "404": 1 }, Unknown: { "404": 1 } },
        faultsInjected: 0,
        unencodedQueryValues: 0,
        commaSeparatedQueryValues: 0,
        throttled: { token: 0, api: 0 },
        events: { delivered: 0, failed: 0, skipped: 0 }
      })
      const emulator = yield* Emulator.Emulator
      expect(yield* emulator.stats).toEqual(stats.body)
    }).pipe(fresh))

  it.effect("POST /_emulator/reset restores the inventory, the callback secret, faults and stats", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const initial = (yield* call("GET", "~/activeNumbers", { query: { pageSize: "1000" } })).body
      const rented =
        (yield* call("POST", "~/availableNumbers:rentAny", { body: { regionCode: "US", type: "LOCAL" } })).body
      yield* call("PATCH", `~/activeNumbers/${initial.activeNumbers[0].phoneNumber}`, {
        body: { displayName: "changed" }
      })
      yield* call("PATCH", "~/callbackConfiguration", { body: { hmacSecret: "z".repeat(40) } })
      yield* emulator.setFaults(
        new Faults.Faults({ operations: { GetNumberOrder: new Faults.FaultRule({ rate: 1 }) } })
      )
      expect((yield* call("POST", "/_emulator/reset", { auth: null })).status).toBe(200)
      expect((yield* call("GET", "~/activeNumbers", { query: { pageSize: "1000" } })).body).toEqual(initial)
      expect((yield* call("GET", `~/availableNumbers/${rented.phoneNumber}`)).status).toBe(200)
      expect((yield* call("GET", "~/callbackConfiguration")).body.hmacSecret).toBe(
        "emulator-hmac-secret-0123456789abcdef"
      )
      expect(yield* emulator.faults).toEqual(Faults.none)
      expect((yield* emulator.stats).requestsTotal).toBe(3)
    }).pipe(fresh))

  it.effect("reset empties the store in place: orders and their ids, reservations, and dates from the reset on", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const order = {
        regionCode: "US",
        numberType: "LOCAL",
        quantityOrderOption: { requestedQuantity: 2, numberPattern: { pattern: "+1", searchPattern: "START" } }
      }
      const first = (yield* call("POST", "~/numberOrders:createNumberOrder", { body: order })).body
      const before = (yield* call("GET", "~/activeNumbers", { query: { pageSize: "1" } })).body.activeNumbers[0]
      yield* TestClock.adjust("40 days")
      yield* emulator.reset
      expect((yield* call("GET", `~/numberOrders/${first.idNumberOrder}`)).status).toBe(404)
      for (const n of first.orderNumbers) {
        expect((yield* call("GET", `~/availableNumbers/${n.phoneNumber}`)).status).toBe(200)
      }
      // the same ids and numbers again, as from a fresh start
      const again = (yield* call("POST", "~/numberOrders:createNumberOrder", { body: order })).body
      expect(again.idNumberOrder).toBe(first.idNumberOrder)
      expect(again.orderNumbers).toEqual(first.orderNumbers)
      // derived charge dates count from the reset, 40 days on
      const after = (yield* call("GET", "~/activeNumbers", { query: { pageSize: "1" } })).body.activeNumbers[0]
      expect(after.phoneNumber).toBe(before.phoneNumber)
      expect(Date.parse(after.nextChargeDate) - Date.parse(before.nextChargeDate)).toBe(40 * 86_400_000)
    }).pipe(fresh))

  it.effect("reset cancels provisioning still pending", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const phone = (yield* call("GET", "~/activeNumbers", { query: { capability: "SMS", pageSize: "1" } })).body
        .activeNumbers[0].phoneNumber
      yield* call("PATCH", `~/activeNumbers/${phone}`, { body: { smsConfiguration: { servicePlanId: "pending" } } })
      yield* emulator.reset
      yield* TestClock.adjust("1 minute")
      const after = yield* call("GET", `~/activeNumbers/${phone}`)
      expect(after.body.smsConfiguration).toEqual({ servicePlanId: "", campaignId: "" })
    }).pipe(fresh))

  it.effect("the same seed derives the same inventory; another seed, another", () =>
    Effect.gen(function*() {
      const list = call("GET", "~/activeNumbers", { query: { pageSize: "50" } })
      const a = yield* Effect.provide(list, Emulator.layerHttpClient({ active: 50, seed: 11 }))
      const b = yield* Effect.provide(list, Emulator.layerHttpClient({ active: 50, seed: 11 }))
      const c = yield* Effect.provide(list, Emulator.layerHttpClient({ active: 50, seed: 12 }))
      expect(a.body).toEqual(b.body)
      expect(a.body.activeNumbers.map((n: any) => n.phoneNumber)).not.toEqual(
        c.body.activeNumbers.map((n: any) => n.phoneNumber)
      )
    }))

  it.live("a taken port fails with EmulatorError, naming the address", () =>
    Effect.gen(function*() {
      const first = yield* Emulator.Emulator
      const port = Number(new URL(first.baseUrl).port)
      const failure = yield* Effect.flip(Effect.provide(Emulator.Emulator, Emulator.layer({ port })))
      expect(failure._tag).toBe("EmulatorError")
      expect(failure.reason).toBe("PortInUse")
      expect(failure.message).toBe(
        `Could not listen on 127.0.0.1:${port}: the port is in use; choose another, or 0 for any free one`
      )
      // the listen error itself is kept
      expect(failure.cause).toMatchObject({ code: "EADDRINUSE" })
    }).pipe(Effect.provide(Emulator.layer())))

  it.effect("bad options fail with EmulatorError", () =>
    Effect.gen(function*() {
      const failure = yield* Effect.flip(
        Effect.provide(Emulator.Emulator, Emulator.layerHttpClient({ hmacSecret: "short" }))
      )
      expect(failure._tag).toBe("EmulatorError")
      expect(failure.reason).toBe("InvalidOptions")
      expect(failure.message).toBe("hmacSecret must match ^[a-zA-Z0-9-]{32,64}$")
      // the schema's verdict is kept as the cause
      expect(ParseResult.isParseError(failure.cause)).toBe(true)
      const count = yield* Effect.flip(Effect.provide(Emulator.Emulator, Emulator.layerHttpClient({ active: -1 })))
      expect(count.reason).toBe("InvalidOptions")
      expect(count.message).toBe("active must be a whole number, 0 or more; got -1")
      // an inventory the number ranges cannot hold keeps the inventory's own error
      const tooMany = yield* Effect.flip(
        Effect.provide(Emulator.Emulator, Emulator.layerHttpClient({ active: 2 ** 40 }))
      )
      expect(tooMany.reason).toBe("InvalidOptions")
      expect(tooMany.cause).toMatchObject({ _tag: "InventoryError", message: tooMany.message })
      // a fault configuration built without its schema is checked as PUT /_emulator/faults checks one
      const faults = yield* Effect.flip(Effect.provide(
        Emulator.Emulator,
        Emulator.layerHttpClient({ faults: { global: { rate: 7, latency: 20 } } })
      ))
      expect(faults.reason).toBe("InvalidFaults")
      expect(faults.message).toContain("Expected a rate from 0 to 1, got 7")
      expect(ParseResult.isParseError(faults.cause)).toBe(true)
    }))

  it.effect("PUT /_emulator/limits sets the emulator's own limits live; reset restores the configured ones", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      // the configured limits: the API's budget of 100 a second, none on the token endpoint
      expect((yield* call("GET", "/_emulator/limits", { auth: null })).body).toEqual({
        authBurstLimit: null,
        rateLimit: { burst: 100, perSecond: 100 }
      })
      const set = yield* call("PUT", "/_emulator/limits", {
        auth: null,
        body: { rateLimit: { burst: 2, perSecond: 0.5 } }
      })
      expect(set.status).toBe(200)
      // left out: off
      expect(set.body).toEqual({ authBurstLimit: null, rateLimit: { burst: 2, perSecond: 0.5 } })
      const statuses: Array<number> = []
      for (let i = 0; i < 3; i++) statuses.push((yield* call("GET", "~/activeNumbers")).status)
      expect(statuses).toEqual([200, 200, 429])
      const refused = yield* call("GET", "~/activeNumbers")
      expect(refused.headers["retry-after"]).toBe("2")
      expect(refused.body.error.status).toBe("RESOURCE_EXHAUSTED")
      // the bucket refills at the new rate
      yield* TestClock.adjust("2 seconds")
      expect((yield* call("GET", "~/activeNumbers")).status).toBe(200)
      expect((yield* emulator.stats).throttled).toEqual({ token: 0, api: 2 })
      // the token endpoint's limit: the gateway's 429, no Retry-After
      yield* emulator.setLimits(
        new Faults.Limits({ authBurstLimit: new Faults.BucketLimit({ burst: 1, perSecond: 1 }), rateLimit: null })
      )
      const token = () =>
        call("POST", "/oauth2/token", {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: undefined
        })
      expect((yield* token()).status).not.toBe(429)
      const throttled = yield* token()
      expect(throttled.status).toBe(429)
      expect(throttled.headers["retry-after"]).toBeUndefined()
      // off: any number of API requests pass
      for (let i = 0; i < 5; i++) expect((yield* call("GET", "~/activeNumbers")).status).toBe(200)
      yield* call("POST", "/_emulator/reset", { auth: null })
      expect(yield* emulator.limits).toEqual(
        new Faults.Limits({ authBurstLimit: null, rateLimit: new Faults.BucketLimit({ burst: 100, perSecond: 100 }) })
      )
    }).pipe(Effect.provide(Emulator.layerHttpClient({ active: 5, rateLimit: 100 }))))

  it.effect("PUT /_emulator/limits refuses a misspelt or impossible limit, naming it, and keeps the old ones", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const before = yield* emulator.limits
      const misspelt = yield* call("PUT", "/_emulator/limits", { auth: null, body: { rateLimt: { burst: 1 } } })
      expect(misspelt.status).toBe(400)
      expect(fields(misspelt)).toContain("rateLimt")
      const zero = yield* call("PUT", "/_emulator/limits", {
        auth: null,
        body: { rateLimit: { burst: 0, perSecond: -1 } }
      })
      expect(zero.status).toBe(400)
      expect(violations(zero).map((v) => v.description).join("; ")).toMatch(
        /Expected a whole burst from 1 to 1000000, got 0.*Expected a rate per second above 0 and at most 1000000, got -1/
      )
      const notJson = yield* call("PUT", "/_emulator/limits", {
        auth: null,
        headers: { "content-type": "application/json" }
      })
      expect(notJson.status).toBe(200)
      expect(yield* emulator.limits).toEqual(new Faults.Limits({ authBurstLimit: null, rateLimit: null }))
      expect(before).toEqual(new Faults.Limits({ authBurstLimit: null, rateLimit: null }))
    }).pipe(fresh))
})
