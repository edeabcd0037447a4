import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as Emulator from "../src/Emulator.js"
import { call, fields, violations } from "./rawClient.js"

// What the emulator accepts and refuses by its own reading of the OpenAPI document, where that reading differs from a
// client's wishes: the document's prose rules, its defaults, and its nulls.

const fresh = Effect.provide(Emulator.layerHttpClient({ active: 40, provisioningDelay: "2 seconds" }))

const usNumber = Effect.map(
  call("GET", "~/activeNumbers", { query: { regionCode: "US", capability: ["SMS", "VOICE"], pageSize: "1" } }),
  (answer) => answer.body.activeNumbers[0].phoneNumber as string
)

describe("request bodies, as the document reads", () => {
  it.effect("a voice configuration without type is RTC, the document's default", () =>
    Effect.gen(function*() {
      const phone = yield* usNumber
      const updated = yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: { voiceConfiguration: { appId: "app-7" } }
      })
      expect(updated.status).toBe(200)
      expect(updated.body.voiceConfiguration.scheduledVoiceProvisioning).toMatchObject({ type: "RTC", appId: "app-7" })
      yield* TestClock.adjust("2 seconds")
      const done = yield* call("GET", `~/activeNumbers/${phone}`)
      expect(done.body.voiceConfiguration).toMatchObject({ type: "RTC", appId: "app-7" })
      const [available] = (yield* call("GET", "~/availableNumbers", {
        query: { regionCode: "US", type: "LOCAL", capabilities: ["SMS", "VOICE"], size: "1" }
      })).body.availableNumbers
      const rented = yield* call("POST", `~/availableNumbers/${available.phoneNumber}:rent`, {
        body: { voiceConfiguration: { appId: "app-8" } }
      })
      expect(rented.body.voiceConfiguration.scheduledVoiceProvisioning).toMatchObject({ type: "RTC", appId: "app-8" })
    }).pipe(fresh))

  it.effect("null clears: display name, callback URL, SMS, campaign and voice configuration", () =>
    Effect.gen(function*() {
      const phone = yield* usNumber
      yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: {
          displayName: "Support",
          callbackUrl: "http://127.0.0.1:9/cb",
          smsConfiguration: { servicePlanId: "plan", campaignId: "campaign" },
          voiceConfiguration: { type: "EST", trunkId: "trunk" }
        }
      })
      yield* TestClock.adjust("2 seconds")
      const campaign = yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: { smsConfiguration: { servicePlanId: "plan", campaignId: null } }
      })
      expect(campaign.status).toBe(200)
      expect(campaign.body.smsConfiguration.scheduledProvisioning).toMatchObject({
        servicePlanId: "plan",
        campaignId: ""
      })
      yield* TestClock.adjust("2 seconds")
      expect((yield* call("GET", `~/activeNumbers/${phone}`)).body.smsConfiguration).toEqual({
        servicePlanId: "plan",
        campaignId: ""
      })
      const cleared = yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: { displayName: null, callbackUrl: null, smsConfiguration: null, voiceConfiguration: null }
      })
      expect(cleared.status).toBe(200)
      expect(cleared.body).toMatchObject({ displayName: "", callbackUrl: "" })
      expect(cleared.body.smsConfiguration.scheduledProvisioning).toMatchObject({ servicePlanId: "", campaignId: "" })
      expect(cleared.body.voiceConfiguration.scheduledVoiceProvisioning).toMatchObject({ type: "EST", trunkId: "" })
      yield* TestClock.adjust("2 seconds")
      const after = (yield* call("GET", `~/activeNumbers/${phone}`)).body
      expect(after.smsConfiguration).toEqual({ servicePlanId: "", campaignId: "" })
      expect(after.voiceConfiguration).toMatchObject({ appId: "", trunkId: "", serviceId: "" })
      expect(after.voiceConfiguration).not.toHaveProperty("scheduledVoiceProvisioning")
    }).pipe(fresh))

  it.effect("an empty configuration object fails, as the document says; read-only fields do not count", () =>
    Effect.gen(function*() {
      const phone = yield* usNumber
      for (const voiceConfiguration of [{}, { lastUpdatedTime: "2024-01-01T00:00:00Z" }, { unknown: 1 }]) {
        const answer = yield* call("PATCH", `~/activeNumbers/${phone}`, { body: { voiceConfiguration } })
        expect(answer.status).toBe(400)
        expect(violations(answer)).toEqual([{
          field: "voiceConfiguration",
          description: expect.stringContaining("An empty configuration object is refused")
        }])
      }
      const sms = yield* call("PATCH", `~/activeNumbers/${phone}`, { body: { smsConfiguration: {} } })
      expect(fields(sms)).toEqual(["smsConfiguration.servicePlanId"])
      const readOnly = yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: { smsConfiguration: { scheduledProvisioning: { status: "WAITING" } } }
      })
      expect(fields(readOnly)).toEqual(["smsConfiguration.servicePlanId"])
    }).pipe(fresh))

  it.effect("fields the document does not list are ignored, not refused", () =>
    Effect.gen(function*() {
      const phone = yield* usNumber
      const updated = yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: { displayName: "Named", newFeature: { x: 1 }, smsConfiguration: { servicePlanId: "p", extra: true } }
      })
      expect(updated.status).toBe(200)
      expect(updated.body).not.toHaveProperty("newFeature")
      const rentAny = yield* call("POST", "~/availableNumbers:rentAny", {
        body: { regionCode: "US", type: "LOCAL", futureOption: "yes" }
      })
      expect(rentAny.status).toBe(200)
    }).pipe(fresh))

  it.effect("a required body must be there; one that is not JSON, or not an object, is refused", () =>
    Effect.gen(function*() {
      const [available] = (yield* call("GET", "~/availableNumbers", {
        query: { regionCode: "US", type: "LOCAL", size: "1" }
      })).body.availableNumbers
      const none = yield* call("POST", `~/availableNumbers/${available.phoneNumber}:rent`)
      expect(none.status).toBe(400)
      expect(violations(none)).toEqual([{ field: "", description: "The request body is required" }])
      const list = yield* call("POST", `~/availableNumbers/${available.phoneNumber}:rent`, { body: [1] })
      expect(list.status).toBe(400)
      expect(violations(list)[0]!.description).toContain("RentNumberRequest")
      // the callback configuration's body is optional, and has no required field: nothing changes
      const unchanged = yield* call("PATCH", "~/callbackConfiguration", { body: {} })
      expect(unchanged.body.hmacSecret).toBe("emulator-hmac-secret-0123456789abcdef")
    }).pipe(fresh))

  it.effect("number orders: format uri, int32 quantities from 1 to 100, E.164 numbers, a typed voice configuration", () =>
    Effect.gen(function*() {
      const order = (body: Record<string, unknown>) =>
        call("POST", "~/numberOrders:createNumberOrder", { body: { regionCode: "US", numberType: "LOCAL", ...body } })
      const quantity = { quantityOrderOption: { requestedQuantity: 1 } }
      expect(fields(yield* order({ ...quantity, callbackUrl: "not a url" }))).toEqual(["callbackUrl"])
      expect((yield* order({ ...quantity, callbackUrl: "https://example.com/cb" })).status).toBe(200)
      for (const requestedQuantity of [0, 101, 1.5, "3"]) {
        const answer = yield* order({ quantityOrderOption: { requestedQuantity } })
        expect(fields(answer)).toEqual(["quantityOrderOption.requestedQuantity"])
      }
      const local = yield* order({ numberOrderOption: { phoneNumbers: ["12015550100"] } })
      expect(fields(local)).toEqual(["numberOrderOption.phoneNumbers.0"])
      const untyped = yield* order({ ...quantity, voiceConfiguration: { appId: "app" } })
      expect(fields(untyped)).toEqual(["voiceConfiguration.type"])
      // a registration's requestDetails is optional: a US order requires no field
      const created = yield* order(quantity)
      const registration = yield* call("PUT", `~/numberOrders/${created.body.idNumberOrder}/registration`, {
        body: {}
      })
      expect(registration.status).toBe(200)
      expect(registration.body.requestDetails).toEqual({})
    }).pipe(fresh))

  it.effect("a phone number in a path must be E.164", () =>
    Effect.gen(function*() {
      const phone = yield* usNumber
      for (const bad of [phone.slice(1), "+0123456789", "+1234567890123456", "+1 202 555 0134", "+"]) {
        for (
          const [method, path] of [
            ["GET", `~/activeNumbers/${encodeURIComponent(bad)}`],
            ["GET", `~/availableNumbers/${encodeURIComponent(bad)}`],
            ["POST", `~/activeNumbers/${encodeURIComponent(bad)}:release`]
          ] as const
        ) {
          const answer = yield* call(method, path)
          expect(answer.status).toBe(400)
          expect(fields(answer)).toEqual(["phoneNumber"])
        }
      }
    }).pipe(fresh))

  it.effect("a region code is ISO 3166-1 alpha-2", () =>
    Effect.gen(function*() {
      for (const regionCode of ["us", "USA", "U"]) {
        const answer = yield* call("GET", "~/availableNumbers", { query: { regionCode, type: "LOCAL" } })
        expect(fields(answer)).toEqual(["regionCode"])
      }
      const unknown = yield* call("GET", "~/availableNumbers", { query: { regionCode: "FR", type: "LOCAL" } })
      expect(unknown.body).toEqual({ availableNumbers: [] })
    }).pipe(fresh))
})
