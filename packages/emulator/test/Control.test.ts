import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as Emulator from "../src/Emulator.js"
import * as Faults from "../src/Faults.js"
import { call } from "./rawClient.js"

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
      expect(failure.message).toContain(`127.0.0.1:${port}`)
    }).pipe(Effect.provide(Emulator.layer())))

  it.effect("bad options fail with EmulatorError", () =>
    Effect.gen(function*() {
      const failure = yield* Effect.flip(
        Effect.provide(Emulator.Emulator, Emulator.layerHttpClient({ hmacSecret: "short" }))
      )
      expect(failure._tag).toBe("EmulatorError")
      const count = yield* Effect.flip(Effect.provide(Emulator.Emulator, Emulator.layerHttpClient({ active: -1 })))
      expect(count.message).toContain("active")
    }))
})
