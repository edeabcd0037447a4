import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as Emulator from "../src/Emulator.js"
import type { Answer } from "./rawClient.js"
import { call, upload } from "./rawClient.js"

/** Where a JSON value holds a null, as paths. */
const nullsIn = (value: unknown, path = "$"): Array<string> =>
  value === null
    ? [path]
    : Array.isArray(value)
    ? value.flatMap((item, i) => nullsIn(item, `${path}[${i}]`))
    : typeof value === "object" && value !== undefined
    ? Object.entries(value).flatMap(([key, item]) => nullsIn(item, `${path}.${key}`))
    : []

const address = {
  streetNumber: "12345",
  streetInfo: "Main Street",
  city: "Springfield",
  state: "IL",
  postalCode: "62701"
}

describe("answers", () => {
  it.effect("no answer of any operation holds a null: optional values are left out", () =>
    Effect.gen(function*() {
      const answers: Array<readonly [string, Answer]> = []
      const keep = (label: string) => (answer: Answer) =>
        Effect.sync(() => {
          answers.push([label, answer])
          return answer
        })
      const get = (label: string, path: string, query?: Record<string, string>) =>
        Effect.flatMap(call("GET", path, query === undefined ? {} : { query }), keep(label))
      const send = (label: string, method: "POST" | "PATCH" | "PUT", path: string, body?: unknown) =>
        Effect.flatMap(call(method, path, body === undefined ? {} : { body }), keep(label))

      // available numbers, rent and rentAny with configurations still being provisioned
      const search = yield* get("ListAvailableNumbers", "~/availableNumbers", {
        regionCode: "US",
        type: "LOCAL",
        size: "20"
      })
      const [first, second] = search.body.availableNumbers.filter((n: any) => n.capability.length === 2)
      yield* get("GetAvailableNumber", `~/availableNumbers/${first.phoneNumber}`)
      yield* send("RentNumber", "POST", `~/availableNumbers/${first.phoneNumber}:rent`, {
        smsConfiguration: { servicePlanId: "plan" },
        voiceConfiguration: { type: "RTC", appId: "app" }
      })
      yield* send("RentAnyNumber", "POST", "~/availableNumbers:rentAny", { regionCode: "US", type: "LOCAL" })

      // a big page of derived numbers, and every page after it
      const firstPage = yield* get("ListActiveNumbers", "~/activeNumbers", { pageSize: "1000" })
      expect(firstPage.body.activeNumbers).toHaveLength(1000)
      let page = firstPage
      while (page.body.nextPageToken !== "") {
        page = yield* get("ListActiveNumbers", "~/activeNumbers", {
          pageSize: "1000",
          pageToken: page.body.nextPageToken
        })
      }
      const phone: string = firstPage.body.activeNumbers.find((n: any) =>
        n.regionCode === "US" && n.capability.length === 2
      ).phoneNumber

      // a number with provisioning in progress, one whose provisioning failed, one released
      yield* send("UpdateActiveNumber", "PATCH", `~/activeNumbers/${phone}`, {
        displayName: "in progress",
        smsConfiguration: { servicePlanId: "plan", campaignId: "campaign" },
        voiceConfiguration: { type: "EST", trunkId: "trunk" }
      })
      const during = yield* get("GetActiveNumber", `~/activeNumbers/${phone}`)
      expect(during.body.smsConfiguration.scheduledProvisioning.status).toBe("WAITING")
      expect(during.body.voiceConfiguration.scheduledVoiceProvisioning.status).toBe("WAITING")
      yield* send("UpdateActiveNumber", "PATCH", `~/activeNumbers/${second.phoneNumber}`, {})
      yield* TestClock.adjust("2 seconds")
      yield* get("GetActiveNumber", `~/activeNumbers/${phone}`)
      yield* send("UpdateActiveNumber", "PATCH", `~/activeNumbers/${first.phoneNumber}`, {
        voiceConfiguration: { appId: "fail-app" }
      })
      yield* TestClock.adjust("2 seconds")
      yield* get("GetActiveNumber", `~/activeNumbers/${first.phoneNumber}`)
      yield* send("ReleaseNumber", "POST", `~/activeNumbers/${phone}:release`)

      // emergency addresses
      yield* send("ProvisionEmergencyAddress", "POST", `~/activeNumbers/${phone}/emergencyAddress:provision`, {
        displayName: "HQ",
        address
      })
      yield* get("GetEmergencyAddress", `~/activeNumbers/${phone}/emergencyAddress`)
      for (const candidate of [address, { ...address, streetInfo: "Main St" }, { ...address, postalCode: "X" }]) {
        yield* send("ValidateEmergencyAddress", "POST", `~/activeNumbers/${phone}/emergencyAddress:validate`, {
          displayName: "HQ",
          address: candidate
        })
      }
      yield* send("DeprovisionEmergencyAddress", "POST", `~/activeNumbers/${phone}/emergencyAddress:deprovision`)

      // regions and callbacks
      yield* get("ListAvailableRegions", "~/availableRegions")
      yield* get("GetCallbackConfiguration", "~/callbackConfiguration")
      yield* send("UpdateCallbackConfiguration", "PATCH", "~/callbackConfiguration", { hmacSecret: "h".repeat(32) })

      // a number order through its life, and one that expires
      yield* send("LookupNumberRequirements", "POST", "~/numberOrders:lookupNumberRequirements", {
        regionCode: "AU",
        numberType: "MOBILE"
      })
      const created = yield* send("CreateNumberOrder", "POST", "~/numberOrders:createNumberOrder", {
        regionCode: "AU",
        numberType: "MOBILE",
        smsConfiguration: { servicePlanId: "plan" },
        voiceConfiguration: { type: "FAX" },
        quantityOrderOption: { requestedQuantity: 1 }
      })
      const id: string = created.body.idNumberOrder
      yield* get("GetNumberOrder", `~/numberOrders/${id}`)
      yield* get("GetNumberOrderRegistration", `~/numberOrders/${id}/registration`)
      yield* send("UpdateNumberOrderRegistration", "PUT", `~/numberOrders/${id}/registration`, {
        requestDetails: {
          endBusinessName: "Example",
          endBusinessAddress: "1 Example St",
          city: "Melbourne",
          postalCode: "3000",
          country: "AU"
        }
      })
      answers.push(["UploadNumberOrderAttachment", yield* upload(id, "au-mobile-proof-of-address")])
      yield* send("SubmitNumberOrder", "POST", `~/numberOrders/${id}/submit`)
      yield* TestClock.adjust("5 seconds")
      const completed = yield* get("GetNumberOrder", `~/numberOrders/${id}`)
      expect(completed.body.state).toBe("COMPLETED")
      const lapsing = yield* send("CreateNumberOrder", "POST", "~/numberOrders:createNumberOrder", {
        regionCode: "US",
        numberType: "LOCAL",
        quantityOrderOption: { requestedQuantity: 2 }
      })
      yield* TestClock.adjust("30 minutes")
      const expired = yield* get("GetNumberOrder", `~/numberOrders/${lapsing.body.idNumberOrder}`)
      expect(expired.body.state).toBe("EXPIRED")

      // errors
      yield* get("GetActiveNumber 404", "~/activeNumbers/+19999999999")
      yield* get("ListActiveNumbers 400", "~/activeNumbers", { orderBy: "price" })
      yield* get("ListActiveNumbers 403", "/v1/projects/another-project/activeNumbers")

      const statuses = answers.map(([label, answer]) => `${label} ${answer.status}`)
      expect(statuses).toContain("GetActiveNumber 200")
      expect(statuses).toContain("UploadNumberOrderAttachment 200")
      expect(statuses).toContain("UpdateActiveNumber 400")
      for (const [label, answer] of answers) {
        if (answer.text === "") continue
        expect({ label, nulls: nullsIn(JSON.parse(answer.text)) }).toEqual({ label, nulls: [] })
      }
    }).pipe(Effect.provide(Emulator.layerHttpClient({ active: 2500 }))))

  it.effect("a derived number's precomputed JSON in a page is byte for byte what GET answers for it", () =>
    Effect.gen(function*() {
      const page = yield* call("GET", "~/activeNumbers", { query: { pageSize: "1000" } })
      const phones: Array<string> = page.body.activeNumbers.map((n: any) => n.phoneNumber)
      for (const phone of phones.filter((_, i) => i % 37 === 0)) {
        const got = yield* call("GET", `~/activeNumbers/${phone}`)
        expect(page.text).toContain(got.text)
        expect(got.text).toBe(JSON.stringify(got.body))
      }
    }).pipe(Effect.provide(Emulator.layerHttpClient({ active: 1000, seed: 3 }))))

  it.effect("the operations the document gives no content answer an empty 200", () =>
    Effect.gen(function*() {
      const phone = (yield* call("GET", "~/activeNumbers", { query: { regionCode: "US", pageSize: "1" } })).body
        .activeNumbers[0].phoneNumber
      yield* call("POST", `~/activeNumbers/${phone}/emergencyAddress:provision`, {
        body: { displayName: "HQ", address }
      })
      const deprovisioned = yield* call("POST", `~/activeNumbers/${phone}/emergencyAddress:deprovision`)
      expect(deprovisioned).toMatchObject({ status: 200, text: "" })
      expect(deprovisioned.headers["content-type"]).toBeUndefined()
      const order = yield* call("POST", "~/numberOrders:createNumberOrder", {
        body: { regionCode: "SE", numberType: "LOCAL", quantityOrderOption: { requestedQuantity: 1 } }
      })
      const uploaded = yield* upload(order.body.idNumberOrder, "se-local-proof-of-address")
      expect(uploaded).toMatchObject({ status: 200, text: "" })
      expect(uploaded.headers["content-type"]).toBeUndefined()
    }).pipe(Effect.provide(Emulator.layerHttpClient({ active: 50 }))))

  it.effect("a wrong project is 403 PERMISSION_DENIED where the operation lists 403, else a status it lists", () =>
    Effect.gen(function*() {
      const phone = "%2B12025550134"
      // every operation, with the error statuses its responses list
      const operations: ReadonlyArray<readonly ["GET" | "POST" | "PATCH" | "PUT", string, ReadonlyArray<number>]> = [
        ["GET", "availableNumbers?regionCode=US&type=LOCAL", [400, 403, 404]],
        ["POST", "availableNumbers:rentAny", [400, 403, 404]],
        ["GET", `availableNumbers/${phone}`, [400, 403, 404]],
        ["POST", `availableNumbers/${phone}:rent`, [400, 403, 404]],
        ["GET", "activeNumbers", [400, 403, 404]],
        ["GET", `activeNumbers/${phone}`, [400, 404]],
        ["PATCH", `activeNumbers/${phone}`, [400, 403, 404]],
        ["POST", `activeNumbers/${phone}:release`, [400, 403, 404]],
        ["GET", `activeNumbers/${phone}/emergencyAddress`, [400, 403, 404]],
        ["POST", `activeNumbers/${phone}/emergencyAddress:provision`, [400, 403, 404]],
        ["POST", `activeNumbers/${phone}/emergencyAddress:deprovision`, [400, 403, 404]],
        ["POST", `activeNumbers/${phone}/emergencyAddress:validate`, [400, 404]],
        ["GET", "availableRegions", [400, 403, 404]],
        ["GET", "callbackConfiguration", [400, 403, 404]],
        ["PATCH", "callbackConfiguration", [400, 403, 404]],
        ["POST", "numberOrders:lookupNumberRequirements", [400]],
        ["POST", "numberOrders:createNumberOrder", [400]],
        ["GET", "numberOrders/01order", [404]],
        ["GET", "numberOrders/01order/registration", [404]],
        ["PUT", "numberOrders/01order/registration", [400, 404]],
        ["POST", "numberOrders/01order/attachments/a", [400, 404, 413]],
        ["POST", "numberOrders/01order/submit", [404]]
      ]
      const description = `Project "other" is not accessible with these credentials`
      for (const [method, path, listed] of operations) {
        const answer = yield* call(method, `/v1/projects/other/${path}`, method === "GET" ? {} : { body: {} })
        const expected = listed.includes(403) ? 403 : listed.includes(404) ? 404 : 400
        expect({ path, status: answer.status }).toEqual({ path, status: expected })
        if (expected === 403) {
          expect(answer.body).toEqual({
            error: { code: 403, message: description, status: "PERMISSION_DENIED", details: [] }
          })
        } else if (expected === 404) {
          expect(answer.body.error.details).toEqual([{
            type: "ResourceInfo",
            resourceType: "Project",
            resourceName: "other",
            owner: "",
            description
          }])
        } else {
          expect(answer.body.error.details).toEqual([{
            type: "BadRequest",
            fieldViolations: [{ field: "projectId", description }]
          }])
        }
      }
      // credentials come first: without them, it is 401 whatever the project
      expect((yield* call("GET", "/v1/projects/other/activeNumbers", { auth: null })).status).toBe(401)
    }).pipe(Effect.provide(Emulator.layerHttpClient({ active: 5 }))))
})
