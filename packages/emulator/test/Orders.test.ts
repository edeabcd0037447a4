import * as NumberOrder from "@effect-sinch/core/NumberOrder"
import * as Registration from "@effect-sinch/core/Registration"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Emulator from "../src/Emulator.js"
import { call, fields, upload } from "./rawClient.js"

const fresh = Effect.provide(Emulator.layerHttpClient({
  active: 10,
  orderReviewDelay: "5 seconds",
  orderReservation: "30 minutes",
  provisioningDelay: "2 seconds",
  maxAttachmentSize: 4096
}))

const kyc = {
  endBusinessName: "Example Pty",
  endBusinessAddress: "1 Example St",
  city: "Melbourne",
  postalCode: "3000",
  country: "AU"
}

describe("number orders", () => {
  it.effect("lookup tells what a region and type require", () =>
    Effect.gen(function*() {
      const us = yield* call("POST", "~/numberOrders:lookupNumberRequirements", {
        body: { regionCode: "US", numberType: "LOCAL" }
      })
      expect(us.status).toBe(200)
      Schema.decodeUnknownSync(NumberOrder.NumberRequirements)(us.body)
      expect(us.body.attachments).toEqual([])
      const au = yield* call("POST", "~/numberOrders:lookupNumberRequirements", {
        body: { regionCode: "AU", numberType: "MOBILE" }
      })
      expect(au.body.attachments).toEqual([
        expect.objectContaining({ id: "au-mobile-proof-of-address", mandatory: true })
      ])
      expect(au.body.fields.required).toContain("endBusinessName")
      const missing = yield* call("POST", "~/numberOrders:lookupNumberRequirements", { body: {} })
      expect(fields(missing).sort()).toEqual(["numberType", "regionCode"])
      const none = yield* call("POST", "~/numberOrders:lookupNumberRequirements", {
        body: { regionCode: "FR", numberType: "MOBILE" }
      })
      expect(none.status).toBe(400)
    }).pipe(fresh))

  it.effect("a KYC order lives its whole life: reserve, register, upload, submit, review, complete", () =>
    Effect.gen(function*() {
      const available = yield* call("GET", "~/availableNumbers", {
        query: { regionCode: "AU", type: "MOBILE", size: "1" }
      })
      const phone: string = available.body.availableNumbers[0].phoneNumber
      const created = yield* call("POST", "~/numberOrders:createNumberOrder", {
        body: {
          regionCode: "AU",
          numberType: "MOBILE",
          smsConfiguration: { servicePlanId: "plan-au" },
          numberOrderOption: { phoneNumbers: [phone] }
        }
      })
      expect(created.status).toBe(200)
      const order = Schema.decodeUnknownSync(NumberOrder.NumberOrder)(created.body)
      expect(order.state).toBe("CREATED")
      expect(Date.parse(created.body.expireTime)).toBe(30 * 60_000)
      expect(order.orderNumbers!.map((n) => n.phoneNumber)).toEqual([phone])
      const id: string = created.body.idNumberOrder
      // reserved: no longer available to anyone else
      expect((yield* call("GET", `~/availableNumbers/${phone}`)).status).toBe(404)
      const early = yield* call("POST", `~/numberOrders/${id}/submit`)
      expect(early.status).toBe(400)
      expect(fields(early)).toContain("attachments.au-mobile-proof-of-address")
      const partial = yield* call("PUT", `~/numberOrders/${id}/registration`, {
        body: { requestDetails: { city: "Melbourne" } }
      })
      expect(partial.status).toBe(400)
      expect(fields(partial)).toContain("requestDetails.endBusinessName")
      const registered = yield* call("PUT", `~/numberOrders/${id}/registration`, { body: { requestDetails: kyc } })
      expect(registered.status).toBe(200)
      Schema.decodeUnknownSync(Registration.Registration)(registered.body)
      const pdf = new Blob(["%PDF-1.4 proof"], { type: "application/pdf" })
      const tooBig = yield* upload(
        id,
        "au-mobile-proof-of-address",
        new Blob([new Uint8Array(5000)], { type: "application/pdf" }),
        "big.pdf"
      )
      expect(tooBig.status).toBe(413)
      expect(tooBig.body.error.status).toBe("CONTENT_TOO_LARGE")
      const wrongType = yield* upload(
        id,
        "au-mobile-proof-of-address",
        new Blob(["x"], { type: "text/plain" }),
        "a.txt"
      )
      expect(fields({ status: 400, headers: {}, text: "", body: wrongType.body })).toEqual(["file"])
      expect((yield* upload(id, "no-such-attachment", pdf, "a.pdf")).status).toBe(404)
      // the document gives a successful upload no content
      const uploaded = yield* upload(id, "au-mobile-proof-of-address", pdf, "proof.pdf", "Utility bill")
      expect(uploaded.status).toBe(200)
      expect(uploaded.text).toBe("")
      const registration = yield* call("GET", `~/numberOrders/${id}/registration`)
      expect(registration.body.requestDetails).toEqual(kyc)
      expect(registration.body.attachments).toEqual([
        expect.objectContaining({
          attachmentId: "au-mobile-proof-of-address",
          fileName: "proof.pdf",
          mimeType: "application/pdf",
          uploadStatus: "COMPLETED",
          documentType: "Utility bill"
        })
      ])
      const submitted = yield* call("POST", `~/numberOrders/${id}/submit`)
      expect(submitted.body.state).toBe("IN_REVIEW")
      expect((yield* call("PUT", `~/numberOrders/${id}/registration`, { body: { requestDetails: kyc } })).status).toBe(
        400
      )
      yield* TestClock.adjust("5 seconds")
      const completed = yield* call("GET", `~/numberOrders/${id}`)
      expect(completed.body.state).toBe("COMPLETED")
      const active = yield* call("GET", `~/activeNumbers/${phone}`)
      expect(active.status).toBe(200)
      expect(active.body.smsConfiguration.scheduledProvisioning.servicePlanId).toBe("plan-au")
      yield* TestClock.adjust("2 seconds")
      expect((yield* call("GET", `~/activeNumbers/${phone}`)).body.smsConfiguration.servicePlanId).toBe("plan-au")
    }).pipe(fresh))

  it.effect("a quantity order reserves matching numbers, and expires unless submitted in time", () =>
    Effect.gen(function*() {
      const created = yield* call("POST", "~/numberOrders:createNumberOrder", {
        body: {
          regionCode: "US",
          numberType: "LOCAL",
          quantityOrderOption: {
            requestedQuantity: 3,
            numberPattern: { pattern: "+1303", searchPattern: "START" },
            capabilities: ["SMS"]
          }
        }
      })
      expect(created.status).toBe(200)
      const phones: Array<string> = created.body.orderNumbers.map((n: any) => n.phoneNumber)
      expect(phones).toHaveLength(3)
      for (const n of created.body.orderNumbers) {
        expect(n.phoneNumber.startsWith("+1303")).toBe(true)
        expect(n.capabilities).toContain("SMS")
      }
      for (const phone of phones) expect((yield* call("GET", `~/availableNumbers/${phone}`)).status).toBe(404)
      yield* TestClock.adjust("30 minutes")
      const expired = yield* call("GET", `~/numberOrders/${created.body.idNumberOrder}`)
      expect(expired.body.state).toBe("EXPIRED")
      // no reservation in force: no expiry, left out rather than null
      expect(expired.body).not.toHaveProperty("expireTime")
      for (const phone of phones) expect((yield* call("GET", `~/availableNumbers/${phone}`)).status).toBe(200)
      expect((yield* call("POST", `~/numberOrders/${created.body.idNumberOrder}/submit`)).status).toBe(400)
    }).pipe(fresh))

  it.effect("the emulated review can reject an order, which frees its numbers", () =>
    Effect.gen(function*() {
      const created = yield* call("POST", "~/numberOrders:createNumberOrder", {
        body: { regionCode: "US", numberType: "LOCAL", quantityOrderOption: { requestedQuantity: 1 } }
      })
      const id = created.body.idNumberOrder
      const phone = created.body.orderNumbers[0].phoneNumber
      yield* call("PUT", `~/numberOrders/${id}/registration`, {
        body: { requestDetails: { emulatorReviewOutcome: "REJECTED" } }
      })
      yield* call("POST", `~/numberOrders/${id}/submit`)
      yield* TestClock.adjust("5 seconds")
      const rejected = yield* call("GET", `~/numberOrders/${id}`)
      expect(rejected.body.state).toBe("REJECTED")
      expect((yield* call("GET", `~/numberOrders/${id}/registration`)).body.logs).toHaveLength(1)
      expect((yield* call("GET", `~/availableNumbers/${phone}`)).status).toBe(200)
      expect((yield* call("GET", `~/activeNumbers/${phone}`)).status).toBe(404)
    }).pipe(fresh))

  it.effect("create refuses what the contract refuses", () =>
    Effect.gen(function*() {
      const both = yield* call("POST", "~/numberOrders:createNumberOrder", {
        body: {
          regionCode: "US",
          numberType: "LOCAL",
          numberOrderOption: { phoneNumbers: ["+12015550100"] },
          quantityOrderOption: { requestedQuantity: 1 }
        }
      })
      expect(both.status).toBe(400)
      const neither = yield* call("POST", "~/numberOrders:createNumberOrder", {
        body: { regionCode: "US", numberType: "LOCAL" }
      })
      expect(neither.status).toBe(400)
      const many = yield* call("POST", "~/numberOrders:createNumberOrder", {
        body: { regionCode: "US", numberType: "LOCAL", quantityOrderOption: { requestedQuantity: 101 } }
      })
      expect(fields(many)).toEqual(["quantityOrderOption.requestedQuantity"])
      const two = yield* call("POST", "~/numberOrders:createNumberOrder", {
        body: {
          regionCode: "US",
          numberType: "LOCAL",
          numberOrderOption: { phoneNumbers: ["+12015550100", "+12015550101"] }
        }
      })
      expect(fields(two)).toEqual(["numberOrderOption.phoneNumbers"])
      // the document gives this operation no 404: a number that cannot be ordered is an invalid argument
      const taken = yield* call("POST", "~/numberOrders:createNumberOrder", {
        body: { regionCode: "US", numberType: "LOCAL", numberOrderOption: { phoneNumbers: ["+12015550100"] } }
      })
      expect(taken.status).toBe(400)
      expect(fields(taken)).toEqual(["numberOrderOption.phoneNumbers"])
      expect((yield* call("GET", "~/numberOrders/01nosuchorder")).status).toBe(404)
    }).pipe(fresh))
})
