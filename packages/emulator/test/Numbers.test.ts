import * as ActiveNumber from "@effect-sinch/core/ActiveNumber"
import * as ApiError from "@effect-sinch/core/ApiError"
import * as AvailableNumber from "@effect-sinch/core/AvailableNumber"
import * as AvailableRegion from "@effect-sinch/core/AvailableRegion"
import * as CallbackConfiguration from "@effect-sinch/core/CallbackConfiguration"
import * as EmergencyAddress from "@effect-sinch/core/EmergencyAddress"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Emulator from "../src/Emulator.js"
import { call, fields, violations } from "./rawClient.js"

const fresh = Effect.provide(Emulator.layerHttpClient({ active: 40, provisioningDelay: "2 seconds" }))
const decodes = <A, I>(schema: Schema.Schema<A, I>, body: unknown) =>
  expect(() => Schema.decodeUnknownSync(schema)(body)).not.toThrow()

const someAvailable = (query: Record<string, string> = {}) =>
  Effect.map(
    call("GET", "~/availableNumbers", { query: { regionCode: "US", type: "LOCAL", size: "5", ...query } }),
    (answer) => answer.body.availableNumbers as Array<{ phoneNumber: string; capability: Array<string> }>
  )

const firstActive = Effect.map(
  call("GET", "~/activeNumbers", { query: { regionCode: "US", capability: ["SMS", "VOICE"], pageSize: "1" } }),
  (answer) => answer.body.activeNumbers[0].phoneNumber as string
)

describe("available numbers", () => {
  it.effect("search answers numbers of the region and type asked, which decode with core's schema", () =>
    Effect.gen(function*() {
      const answer = yield* call("GET", "~/availableNumbers", {
        query: { regionCode: "GB", type: "MOBILE", capabilities: ["SMS", "VOICE"], size: "4" }
      })
      expect(answer.status).toBe(200)
      decodes(AvailableNumber.ListAvailableNumbersResponse, answer.body)
      expect(answer.body.availableNumbers).toHaveLength(4)
      for (const n of answer.body.availableNumbers) {
        expect(n.regionCode).toBe("GB")
        expect(n.type).toBe("MOBILE")
        expect(n.capability).toEqual(["SMS", "VOICE"])
        expect(n.setupPrice.amount).toMatch(/^\d+\.\d{2}$/)
      }
      const pattern = yield* someAvailable({ "numberPattern.pattern": "+1208", "numberPattern.searchPattern": "START" })
      expect(pattern.length).toBeGreaterThan(0)
      for (const n of pattern) expect(n.phoneNumber.startsWith("+1208")).toBe(true)
    }).pipe(fresh))

  it.effect("search rejects a missing regionCode and type, a bad type and a size that is no int32", () =>
    Effect.gen(function*() {
      const missing = yield* call("GET", "~/availableNumbers")
      expect(missing.status).toBe(400)
      decodes(ApiError.ApiErrorBody, missing.body)
      expect(missing.body.error.status).toBe("INVALID_ARGUMENT")
      expect(fields(missing).sort()).toEqual(["regionCode", "type"])
      const bad = yield* call("GET", "~/availableNumbers", {
        query: { regionCode: "usa", type: "CHEAP", size: "2147483648" }
      })
      expect(fields(bad).sort()).toEqual(["regionCode", "size", "type"])
      expect(violations(bad).find((v) => v.field === "type")!.description).toBe(
        `Expected one of "MOBILE", "LOCAL", "TOLL_FREE"; got "CHEAP"`
      )
      const pattern = yield* call("GET", "~/availableNumbers", {
        query: { regionCode: "US", type: "LOCAL", "numberPattern.searchPattern": "MIDDLE" }
      })
      expect(fields(pattern)).toEqual(["numberPattern.searchPattern"])
      expect(
        fields(yield* call("GET", "~/availableNumbers", { query: { regionCode: "US", type: "LOCAL", size: "-1" } }))
      )
        .toEqual(["size"])
    }).pipe(fresh))

  it.effect("search takes any int32 size, and answers at most 1000 numbers", () =>
    Effect.gen(function*() {
      const answer = yield* call("GET", "~/availableNumbers", {
        query: { regionCode: "US", type: "LOCAL", size: "5000" }
      })
      expect(answer.status).toBe(200)
      expect(answer.body.availableNumbers).toHaveLength(1000)
    }).pipe(fresh))

  it.effect("get answers an available number, and 404 with ResourceInfo for one that is not", () =>
    Effect.gen(function*() {
      const [n] = yield* someAvailable()
      const found = yield* call("GET", `~/availableNumbers/${n!.phoneNumber}`)
      expect(found.status).toBe(200)
      expect(found.body.phoneNumber).toBe(n!.phoneNumber)
      const active = yield* firstActive
      const missing = yield* call("GET", `~/availableNumbers/${active}`)
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual({
        error: {
          code: 404,
          message: "",
          status: "NOT_FOUND",
          details: [{
            type: "ResourceInfo",
            resourceType: "AvailableNumber",
            resourceName: active,
            owner: "",
            description: ""
          }]
        }
      })
      const bad = yield* call("GET", "~/availableNumbers/12345")
      expect(bad.status).toBe(400)
      expect(fields(bad)).toEqual(["phoneNumber"])
    }).pipe(fresh))

  it.effect("rent moves a number from available to active, with its configuration scheduled", () =>
    Effect.gen(function*() {
      const [n] = yield* someAvailable({ capabilities: "SMS" })
      const rented = yield* call("POST", `~/availableNumbers/${encodeURIComponent(n!.phoneNumber)}:rent`, {
        body: { smsConfiguration: { servicePlanId: "plan-1" }, callbackUrl: "http://127.0.0.1:9/cb" }
      })
      expect(rented.status).toBe(200)
      decodes(ActiveNumber.ActiveNumber, rented.body)
      expect(rented.body.phoneNumber).toBe(n!.phoneNumber)
      expect(rented.body.callbackUrl).toBe("http://127.0.0.1:9/cb")
      expect(rented.body.smsConfiguration.scheduledProvisioning.status).toBe("WAITING")
      expect((yield* call("GET", `~/activeNumbers/${n!.phoneNumber}`)).status).toBe(200)
      expect((yield* call("GET", `~/availableNumbers/${n!.phoneNumber}`)).status).toBe(404)
      const again = yield* call("POST", `~/availableNumbers/${n!.phoneNumber}:rent`, { body: {} })
      expect(again.status).toBe(404)
    }).pipe(fresh))

  it.effect("rent refuses numbers outside US LOCAL and configurations the number cannot take", () =>
    Effect.gen(function*() {
      const [gb] = yield* someAvailable({ regionCode: "GB", type: "MOBILE" })
      const refused = yield* call("POST", `~/availableNumbers/${gb!.phoneNumber}:rent`, { body: {} })
      expect(refused.status).toBe(400)
      expect(fields(refused)).toEqual(["phoneNumber"])
      const voiceOnly = (yield* call("GET", "~/availableNumbers", {
        query: { regionCode: "US", type: "LOCAL", capabilities: "VOICE", size: "50" }
      })).body.availableNumbers.find((n: any) => !n.capability.includes("SMS"))
      const sms = yield* call("POST", `~/availableNumbers/${voiceOnly.phoneNumber}:rent`, {
        body: { smsConfiguration: { servicePlanId: "p" } }
      })
      expect(fields(sms)).toEqual(["smsConfiguration"])
      const empty = yield* call("POST", `~/availableNumbers/${voiceOnly.phoneNumber}:rent`, {
        body: { voiceConfiguration: {} }
      })
      expect(empty.status).toBe(400)
      expect(fields(empty)[0]).toMatch(/^voiceConfiguration/)
    }).pipe(fresh))

  it.effect("rentAny honours the pattern and capabilities, and refuses other regions and types", () =>
    Effect.gen(function*() {
      const rented = yield* call("POST", "~/availableNumbers:rentAny", {
        body: {
          regionCode: "US",
          type: "LOCAL",
          numberPattern: { pattern: "+1617", searchPattern: "START" },
          capabilities: ["SMS"]
        }
      })
      expect(rented.status).toBe(200)
      expect(rented.body.phoneNumber.startsWith("+1617")).toBe(true)
      expect(rented.body.capability).toContain("SMS")
      const second = yield* call("POST", "~/availableNumbers:rentAny", {
        body: { regionCode: "US", type: "LOCAL", numberPattern: { pattern: "+1617", searchPattern: "START" } }
      })
      expect(second.body.phoneNumber).not.toBe(rented.body.phoneNumber)
      const missing = yield* call("POST", "~/availableNumbers:rentAny", { body: { numberPattern: { pattern: "1" } } })
      expect(fields(missing).sort()).toEqual(["regionCode", "type"])
      const gb = yield* call("POST", "~/availableNumbers:rentAny", { body: { regionCode: "GB", type: "MOBILE" } })
      expect(fields(gb).sort()).toEqual(["regionCode", "type"])
      const none = yield* call("POST", "~/availableNumbers:rentAny", {
        body: { regionCode: "US", type: "LOCAL", numberPattern: { pattern: "99999999", searchPattern: "END" } }
      })
      expect(none.status).toBe(404)
    }).pipe(fresh))
})

describe("active numbers", () => {
  it.effect("get answers the number, decoding with core's schema; 404 and 400 otherwise", () =>
    Effect.gen(function*() {
      const phone = yield* firstActive
      const answer = yield* call("GET", `~/activeNumbers/${phone}`)
      expect(answer.status).toBe(200)
      decodes(ActiveNumber.ActiveNumber, answer.body)
      expect(answer.body).toMatchObject({ phoneNumber: phone, projectId: "emulator-project", regionCode: "US" })
      const missing = yield* call("GET", "~/activeNumbers/+19999999999")
      expect(missing.status).toBe(404)
      expect(missing.body.error.details[0]).toMatchObject({ type: "ResourceInfo", resourceType: "ActiveNumber" })
      expect((yield* call("GET", "~/activeNumbers/not-a-number")).status).toBe(400)
    }).pipe(fresh))

  it.effect("update applies displayName and callbackUrl at once, SMS and voice after the provisioning delay", () =>
    Effect.gen(function*() {
      const phone = yield* firstActive
      const updated = yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: {
          displayName: "Support line",
          callbackUrl: "http://127.0.0.1:9/cb",
          smsConfiguration: { servicePlanId: "plan-a", campaignId: "camp-1" },
          voiceConfiguration: { type: "EST", trunkId: "trunk-7" }
        }
      })
      expect(updated.status).toBe(200)
      expect(updated.body.displayName).toBe("Support line")
      expect(updated.body.callbackUrl).toBe("http://127.0.0.1:9/cb")
      expect(updated.body.smsConfiguration).toMatchObject({
        servicePlanId: "",
        scheduledProvisioning: { servicePlanId: "plan-a", campaignId: "camp-1", status: "WAITING" }
      })
      expect(updated.body.voiceConfiguration).toMatchObject({
        type: "RTC",
        scheduledVoiceProvisioning: { type: "EST", trunkId: "trunk-7", status: "WAITING" }
      })
      yield* TestClock.adjust("1999 millis")
      const pending = yield* call("GET", `~/activeNumbers/${phone}`)
      expect(pending.body.smsConfiguration.scheduledProvisioning).toMatchObject({ status: "WAITING" })
      yield* TestClock.adjust("1 millis")
      const done = yield* call("GET", `~/activeNumbers/${phone}`)
      // provisioned: the scheduled job is gone, left out rather than null
      expect(done.body.smsConfiguration).toEqual({ servicePlanId: "plan-a", campaignId: "camp-1" })
      expect(done.body.voiceConfiguration).toMatchObject({ type: "EST", trunkId: "trunk-7" })
      expect(done.body.voiceConfiguration).not.toHaveProperty("scheduledVoiceProvisioning")
      expect(done.body.displayName).toBe("Support line")
    }).pipe(fresh))

  it.effect("update rejects an empty configuration object, an empty body and relinking without unlinking", () =>
    Effect.gen(function*() {
      const phone = yield* firstActive
      const sms = yield* call("PATCH", `~/activeNumbers/${phone}`, { body: { smsConfiguration: {} } })
      expect(sms.status).toBe(400)
      expect(fields(sms)).toEqual(["smsConfiguration.servicePlanId"])
      const voice = yield* call("PATCH", `~/activeNumbers/${phone}`, { body: { voiceConfiguration: {} } })
      expect(voice.status).toBe(400)
      expect(fields(voice)[0]).toMatch(/^voiceConfiguration/)
      expect((yield* call("PATCH", `~/activeNumbers/${phone}`, { body: {} })).status).toBe(400)
      yield* call("PATCH", `~/activeNumbers/${phone}`, { body: { smsConfiguration: { servicePlanId: "one" } } })
      yield* TestClock.adjust("2 seconds")
      const relink = yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: { smsConfiguration: { servicePlanId: "two" } }
      })
      expect(fields(relink)).toEqual(["smsConfiguration.servicePlanId"])
      const unlink = yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: { smsConfiguration: { servicePlanId: "" } }
      })
      expect(unlink.status).toBe(200)
      yield* TestClock.adjust("2 seconds")
      expect((yield* call("GET", `~/activeNumbers/${phone}`)).body.smsConfiguration.servicePlanId).toBe("")
      const invalidJson = yield* call("PATCH", `~/activeNumbers/${phone}`, {
        headers: { "content-type": "application/json" },
        body: undefined
      })
      expect(invalidJson.status).toBe(400)
    }).pipe(fresh))

  it.effect("a plan id starting with 'fail' leaves a FAILED scheduled provisioning with an error code", () =>
    Effect.gen(function*() {
      const phone = yield* firstActive
      yield* call("PATCH", `~/activeNumbers/${phone}`, { body: { smsConfiguration: { servicePlanId: "fail-plan" } } })
      yield* TestClock.adjust("2 seconds")
      const answer = yield* call("GET", `~/activeNumbers/${phone}`)
      expect(answer.body.smsConfiguration.scheduledProvisioning).toMatchObject({
        status: "FAILED",
        errorCodes: ["SMS_PROVISIONING_FAILED"]
      })
    }).pipe(fresh))

  it.effect("release sets expireAt to the end of the paid period and keeps the number until then", () =>
    Effect.gen(function*() {
      const phone = yield* firstActive
      const released = yield* call("POST", `~/activeNumbers/${phone}:release`)
      expect(released.status).toBe(200)
      expect(released.body.expireAt).toBe(released.body.nextChargeDate)
      expect((yield* call("GET", `~/activeNumbers/${phone}`)).body.expireAt).toBe(released.body.expireAt)
      expect((yield* call("POST", "~/activeNumbers/+19999999999:release")).status).toBe(404)
    }).pipe(fresh))

  it.effect("emergency address: provision, get, validate, deprovision; US numbers only", () =>
    Effect.gen(function*() {
      const phone = yield* firstActive
      expect((yield* call("GET", `~/activeNumbers/${phone}/emergencyAddress`)).status).toBe(404)
      const address = {
        streetNumber: "12345",
        streetInfo: "Main Street",
        city: "Springfield",
        state: "IL",
        postalCode: "62701"
      }
      const near = yield* call("POST", `~/activeNumbers/${phone}/emergencyAddress:validate`, {
        body: { displayName: "HQ", address }
      })
      decodes(EmergencyAddress.ValidateAddressResponse, near.body)
      expect(near.body.validationResult).toBe("NEAR_MATCH")
      expect(near.body.correctedAddress.streetInfo).toBe("Main St")
      const exact = yield* call("POST", `~/activeNumbers/${phone}/emergencyAddress:validate`, {
        body: { displayName: "HQ", address: { ...address, streetInfo: "Main St" } }
      })
      expect(exact.body.validationResult).toBe("EXACT_MATCH")
      const noMatch = yield* call("POST", `~/activeNumbers/${phone}/emergencyAddress:validate`, {
        body: { displayName: "HQ", address: { ...address, postalCode: "ABC" } }
      })
      expect(noMatch.body.validationResult).toBe("NO_MATCH")
      expect(noMatch.body.candidateAddresses.length).toBeGreaterThan(0)
      const provisioned = yield* call("POST", `~/activeNumbers/${phone}/emergencyAddress:provision`, {
        body: { displayName: "HQ", address }
      })
      expect(provisioned.status).toBe(200)
      expect(provisioned.body).toEqual(address)
      expect((yield* call("GET", `~/activeNumbers/${phone}/emergencyAddress`)).body).toEqual(address)
      const missing = yield* call("POST", `~/activeNumbers/${phone}/emergencyAddress:provision`, {
        body: { displayName: "HQ", address: { streetNumber: "1" } }
      })
      expect(fields(missing).sort()).toEqual([
        "address.city",
        "address.postalCode",
        "address.state",
        "address.streetInfo"
      ])
      // the document gives deprovisioning no content
      const deprovisioned = yield* call("POST", `~/activeNumbers/${phone}/emergencyAddress:deprovision`)
      expect(deprovisioned.status).toBe(200)
      expect(deprovisioned.text).toBe("")
      expect((yield* call("GET", `~/activeNumbers/${phone}/emergencyAddress`)).status).toBe(404)
      const gb = (yield* call("GET", "~/activeNumbers", { query: { regionCode: "GB", pageSize: "1" } })).body
        .activeNumbers[0].phoneNumber
      const refused = yield* call("POST", `~/activeNumbers/${gb}/emergencyAddress:provision`, {
        body: { displayName: "HQ", address }
      })
      expect(fields(refused)).toEqual(["phoneNumber"])
    }).pipe(fresh))
})

describe("regions and callback configuration", () => {
  it.effect("lists regions with their types, filtered by types", () =>
    Effect.gen(function*() {
      const all = yield* call("GET", "~/availableRegions")
      decodes(AvailableRegion.ListAvailableRegionsResponse, all.body)
      expect(all.body.availableRegions.map((r: any) => r.regionCode)).toEqual(["AU", "DE", "GB", "SE", "US"])
      expect(all.body.availableRegions.find((r: any) => r.regionCode === "US").types).toEqual(["LOCAL", "TOLL_FREE"])
      const tollFree = yield* call("GET", "~/availableRegions", { query: { types: "TOLL_FREE" } })
      expect(tollFree.body.availableRegions.map((r: any) => r.regionCode)).toEqual(["US"])
      const both = yield* call("GET", "~/availableRegions", { query: { types: ["TOLL_FREE", "MOBILE"] } })
      expect(both.body.availableRegions.length).toBe(5)
      expect(fields(yield* call("GET", "~/availableRegions", { query: { types: "PREMIUM" } }))[0]).toMatch(/^types/)
    }).pipe(fresh))

  it.effect("gets and updates the callback configuration; a bad hmacSecret is a field violation", () =>
    Effect.gen(function*() {
      const got = yield* call("GET", "~/callbackConfiguration")
      decodes(CallbackConfiguration.CallbackConfiguration, got.body)
      expect(got.body).toEqual({ projectId: "emulator-project", hmacSecret: "emulator-hmac-secret-0123456789abcdef" })
      const secret = "a".repeat(20) + "-" + "B".repeat(20)
      const updated = yield* call("PATCH", "~/callbackConfiguration", { body: { hmacSecret: secret } })
      expect(updated.body.hmacSecret).toBe(secret)
      expect((yield* call("GET", "~/callbackConfiguration")).body.hmacSecret).toBe(secret)
      for (const hmacSecret of ["short", "x".repeat(65), "has spaces in it and is long enough to pass"]) {
        const bad = yield* call("PATCH", "~/callbackConfiguration", { body: { hmacSecret } })
        expect(bad.status).toBe(400)
        expect(fields(bad)).toEqual(["hmacSecret"])
      }
    }).pipe(fresh))
})

describe("routing", () => {
  it.effect("a project these credentials do not open is 403 PERMISSION_DENIED; an unknown path is 404", () =>
    Effect.gen(function*() {
      const project = yield* call("GET", "/v1/projects/someone-else/activeNumbers")
      expect(project.status).toBe(403)
      expect(project.body).toEqual({
        error: { code: 403, message: expect.any(String), status: "PERMISSION_DENIED", details: [] }
      })
      const path = yield* call("GET", "/v1/projects/emulator-project/inactiveNumbers")
      expect(path.status).toBe(404)
      expect(path.body.error.status).toBe("NOT_FOUND")
      const method = yield* call("DELETE", "~/activeNumbers/+12025550134")
      expect(method.status).toBe(404)
    }).pipe(fresh))
})
