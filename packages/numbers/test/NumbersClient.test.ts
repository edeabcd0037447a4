import { Emulator } from "@effect-sinch/emulator"
import { describe, expect, layer } from "@effect/vitest"
import type { Vitest } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as NumbersClient from "../src/NumbersClient.js"
import * as NumbersError from "../src/NumbersError.js"
import { inProcess, overHttp } from "./support/emulator.js"

const setup = Effect.gen(function*() {
  const emulator = yield* Emulator.Emulator
  yield* emulator.reset
  const client = yield* NumbersClient.NumbersClient
  return { emulator, client }
})

const requestsOf = (stats: Emulator.Stats, operationId: string) =>
  Object.values(stats.requests[operationId] ?? {}).reduce((a, b) => a + b, 0)

const flipped = <A, E>(effect: Effect.Effect<A, E>) => Effect.flip(effect)

type It = Vitest.MethodsNonLive<NumbersClient.NumbersClient | Emulator.Emulator>

const address = {
  displayName: "Front desk",
  address: { streetNumber: "12345", streetInfo: "Main Street", city: "Springfield", state: "IL", postalCode: "62701" }
}

const operations = (it: It) => {
  it.effect("searchAvailableNumbers encodes every filter and returns what matches", () =>
    Effect.gen(function*() {
      const { client, emulator } = yield* setup
      const found = yield* client.searchAvailableNumbers({
        regionCode: "US",
        type: "LOCAL",
        numberPattern: { pattern: "+1208", searchPattern: "START" },
        capabilities: ["SMS", "VOICE"],
        size: 5
      })
      expect(found.availableNumbers).toHaveLength(5)
      for (const number of found.availableNumbers) {
        expect(number.phoneNumber!.startsWith("+1208")).toBe(true)
        expect(number.regionCode).toBe("US")
        expect(number.type).toBe("LOCAL")
        expect(number.capability).toEqual(expect.arrayContaining(["SMS", "VOICE"]))
        expect(number.monthlyPrice?.amount).toBe("2.00")
      }
      // "+1208" went out as %2B1208: a "+" read as a space would be counted here.
      expect((yield* emulator.stats).unencodedQueryValues).toBe(0)
    }))

  it.effect("getAvailableNumber returns the number; an active one is NotFound with Sinch's body", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const [first] = (yield* client.searchAvailableNumbers({ regionCode: "GB", type: "MOBILE", size: 1 }))
        .availableNumbers
      const number = yield* client.getAvailableNumber(first!.phoneNumber!)
      expect(number.phoneNumber!).toBe(first!.phoneNumber!)
      expect(number.monthlyPrice?.amount).toBe("0.80")

      const active = (yield* client.listActiveNumbersPage({ pageSize: 1 })).activeNumbers[0]!
      const error = yield* flipped(client.getAvailableNumber(active.phoneNumber!))
      expect(error).toBeInstanceOf(NumbersError.NotFound)
      const notFound = error as NumbersError.NotFound
      expect(notFound.status).toBe(404)
      expect(notFound.attempts).toBe(1)
      expect(notFound.operation).toBe("getAvailableNumber")
      expect(notFound.method).toBe("GET")
      expect(notFound.path).toBe(`/v1/projects/emulator-project/availableNumbers/${active.phoneNumber}`)
      expect(notFound.body?.error.status).toBe("NOT_FOUND")
      expect(notFound.message).toContain(`AvailableNumber ${active.phoneNumber}`)
    }))

  it.effect("rentNumber activates the number with its configuration; a GB number is InvalidArgument", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const [wanted] = (yield* client.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 1 }))
        .availableNumbers
      const rented = yield* client.rentNumber(wanted!.phoneNumber!, {
        smsConfiguration: { servicePlanId: "plan-1" }
      })
      expect(rented.phoneNumber!).toBe(wanted!.phoneNumber!)
      expect(rented.smsConfiguration?.scheduledProvisioning?.servicePlanId).toBe("plan-1")
      expect((yield* client.getActiveNumber(wanted!.phoneNumber!)).phoneNumber!).toBe(wanted!.phoneNumber!)

      const [gb] = (yield* client.searchAvailableNumbers({ regionCode: "GB", type: "MOBILE", size: 1 }))
        .availableNumbers
      const error = yield* flipped(client.rentNumber(gb!.phoneNumber!))
      expect(error._tag).toBe("InvalidArgument")
      expect((error as NumbersError.InvalidArgument).fieldViolations.map((v) => v.field)).toEqual(["phoneNumber"])
      expect(error.message).toContain("phoneNumber: Only US LOCAL numbers")
    }))

  it.effect("rentAnyNumber rents a matching number; none matching is NotFound", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const rented = yield* client.rentAnyNumber({
        regionCode: "US",
        type: "LOCAL",
        numberPattern: { pattern: "+1415", searchPattern: "START" }
      })
      expect(rented.phoneNumber!.startsWith("+1415")).toBe(true)
      expect(rented.regionCode).toBe("US")
      const error = yield* flipped(client.rentAnyNumber({
        regionCode: "US",
        type: "LOCAL",
        numberPattern: { pattern: "999999999", searchPattern: "START" }
      }))
      expect(error._tag).toBe("NotFound")
    }))

  it.effect("listActiveNumbersPage gives a page and a token that leads to the next one", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const first = yield* client.listActiveNumbersPage({ pageSize: 10, orderBy: "phoneNumber" })
      expect(first.activeNumbers).toHaveLength(10)
      expect(first.totalSize).toEqual(Option.some(100))
      expect(Option.isSome(first.nextPageToken)).toBe(true)
      const second = yield* client.listActiveNumbersPage({
        pageSize: 10,
        orderBy: "phoneNumber",
        pageToken: Option.getOrThrow(first.nextPageToken)
      })
      expect(second.activeNumbers).toHaveLength(10)
      expect(second.activeNumbers[0]!.phoneNumber! > first.activeNumbers[9]!.phoneNumber!).toBe(true)
      const last = yield* client.listActiveNumbersPage({ pageSize: 1000 })
      expect(last.activeNumbers).toHaveLength(100)
      expect(last.nextPageToken).toEqual(Option.none())
    }))

  it.effect("listActiveNumbers streams every number matching the filters", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(client.listActiveNumbers({ pageSize: 7 })))
      expect(all).toHaveLength(100)
      expect(new Set(all.map((n) => n.phoneNumber!)).size).toBe(100)
      const us = Chunk.toReadonlyArray(
        yield* Stream.runCollect(client.listActiveNumbers({ regionCode: "US", type: "LOCAL", pageSize: 9 }))
      )
      expect(us.length).toBe(all.filter((n) => n.regionCode === "US" && n.type === "LOCAL").length)
      expect(us.every((n) => n.regionCode === "US" && n.type === "LOCAL")).toBe(true)
      const sms = Chunk.toReadonlyArray(yield* Stream.runCollect(client.listActiveNumbers({ capabilities: ["SMS"] })))
      expect(sms.length).toBe(all.filter((n) => n.capability?.includes("SMS")).length)
    }))

  it.effect("getActiveNumber returns the number; an unknown one is NotFound", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const first = (yield* client.listActiveNumbersPage({ pageSize: 1 })).activeNumbers[0]!
      const number = yield* client.getActiveNumber(first.phoneNumber!)
      expect(number).toEqual(first)
      const error = yield* flipped(client.getActiveNumber("+19999999999"))
      expect(error._tag).toBe("NotFound")
      expect((error as NumbersError.NotFound).body?.error.code).toBe(404)
    }))

  it.effect("updateActiveNumber changes the display name; linking SMS on a voice-only number is InvalidArgument", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(client.listActiveNumbers({ pageSize: 1000 })))
      const target = all.find((n) => n.capability?.includes("SMS"))!
      const updated = yield* client.updateActiveNumber(target.phoneNumber!, { displayName: "Support line" })
      expect(updated.displayName).toBe("Support line")
      expect((yield* client.getActiveNumber(target.phoneNumber!)).displayName).toBe("Support line")

      const voiceOnly = all.find((n) => !n.capability?.includes("SMS"))!
      const error = yield* flipped(
        client.updateActiveNumber(voiceOnly.phoneNumber!, { smsConfiguration: { servicePlanId: "plan-1" } })
      )
      expect(error._tag).toBe("InvalidArgument")
      expect((error as NumbersError.InvalidArgument).fieldViolations[0]?.field).toBe("smsConfiguration")
    }))

  it.effect("releaseNumber sets expireAt; releasing an unknown number is NotFound", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const first = (yield* client.listActiveNumbersPage({ pageSize: 1 })).activeNumbers[0]!
      expect(first.expireAt).toBeUndefined()
      const released = yield* client.releaseNumber(first.phoneNumber!)
      expect(released.phoneNumber!).toBe(first.phoneNumber!)
      expect(String(released.expireAt)).toBe(String(first.nextChargeDate))
      const error = yield* flipped(client.releaseNumber("+19999999999"))
      expect(error._tag).toBe("NotFound")
    }))

  it.effect("emergency addresses: validate, provision, get, deprovision, then NotFound", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const us = Chunk.toReadonlyArray(
        yield* Stream.runCollect(client.listActiveNumbers({ regionCode: "US", pageSize: 1 }).pipe(Stream.take(1)))
      )[0]!
      const missing = yield* flipped(client.getEmergencyAddress(us.phoneNumber!))
      expect(missing._tag).toBe("NotFound")

      const validated = yield* client.validateEmergencyAddress(us.phoneNumber!, address)
      expect(validated.validationResult).toBe("NEAR_MATCH")
      expect(validated.correctedAddress?.streetInfo).toBe("Main St")
      const noMatch = yield* client.validateEmergencyAddress(us.phoneNumber!, {
        ...address,
        address: { ...address.address, postalCode: "nope" }
      })
      expect(noMatch.validationResult).toBe("NO_MATCH")
      expect(noMatch.candidateAddresses?.length).toBe(2)

      const provisioned = yield* client.provisionEmergencyAddress(us.phoneNumber!, address)
      expect(provisioned.streetInfo).toBe("Main Street")
      expect(provisioned.postalCode).toBe("62701")
      expect(yield* client.getEmergencyAddress(us.phoneNumber!)).toEqual(provisioned)
      yield* client.deprovisionEmergencyAddress(us.phoneNumber!)
      expect((yield* flipped(client.getEmergencyAddress(us.phoneNumber!)))._tag).toBe("NotFound")
      expect((yield* flipped(client.deprovisionEmergencyAddress(us.phoneNumber!)))._tag).toBe("NotFound")

      const gb = Chunk.toReadonlyArray(
        yield* Stream.runCollect(client.listActiveNumbers({ regionCode: "GB" }).pipe(Stream.take(1)))
      )[0]!
      const refused = yield* flipped(client.provisionEmergencyAddress(gb.phoneNumber!, address))
      expect(refused._tag).toBe("InvalidArgument")
    }))

  it.effect("listAvailableRegions lists regions, filtered by types (repeated keys)", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const all = yield* client.listAvailableRegions()
      expect(all.availableRegions.map((r) => r.regionCode)).toEqual(["AU", "DE", "GB", "SE", "US"])
      const offering = (...types: Array<string>) =>
        all.availableRegions.filter((r) => r.types?.some((t) => types.includes(t))).map((r) => r.regionCode)
      const tollFree = yield* client.listAvailableRegions({ types: ["TOLL_FREE"] })
      expect(tollFree.availableRegions.map((r) => r.regionCode)).toEqual(offering("TOLL_FREE"))
      expect(tollFree.availableRegions.length).toBeLessThan(all.availableRegions.length)
      const two = yield* client.listAvailableRegions({ types: ["TOLL_FREE", "MOBILE"] })
      expect(two.availableRegions.map((r) => r.regionCode)).toEqual(offering("TOLL_FREE", "MOBILE"))
      expect(two.availableRegions.length).toBeGreaterThan(tollFree.availableRegions.length)
    }))

  it.effect("callback configuration: get, update, and a bad secret is refused before sending", () =>
    Effect.gen(function*() {
      const { client, emulator } = yield* setup
      const before = yield* client.getCallbackConfiguration()
      expect(before.projectId).toBe("emulator-project")
      expect(before.hmacSecret).toBe(yield* emulator.hmacSecret)
      const secret = "a-brand-new-callback-secret-0123456789"
      const after = yield* client.updateCallbackConfiguration({ hmacSecret: secret })
      expect(after.hmacSecret).toBe(secret)
      expect(yield* emulator.hmacSecret).toBe(secret)
      const sent = (yield* emulator.stats).requestsTotal
      const error = yield* flipped(client.updateCallbackConfiguration({ hmacSecret: "short" }))
      expect(error._tag).toBe("InvalidInput")
      expect((error as NumbersError.InvalidInput).field).toBe("hmacSecret")
      expect((yield* emulator.stats).requestsTotal).toBe(sent)
    }))

  it.effect("number orders: requirements, create, registration, attachment, submit, get", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      const requirements = yield* client.lookupNumberRequirements({ regionCode: "GB", numberType: "LOCAL" })
      const attachment = requirements.attachments![0]!
      expect(attachment.id).toBe("gb-local-proof-of-address")
      expect(attachment.mandatory).toBe(true)

      const order = yield* client.createNumberOrder({
        regionCode: "GB",
        numberType: "LOCAL",
        quantityOrderOption: { requestedQuantity: 2 }
      })
      expect(order.state).toBe("CREATED")
      expect(order.orderNumbers).toHaveLength(2)
      expect(yield* client.getNumberOrder(order.idNumberOrder!)).toEqual(order)

      const empty = yield* client.getNumberOrderRegistration(order.idNumberOrder!)
      expect(empty.requestDetails).toEqual({})
      const details = {
        endBusinessName: "Acme Ltd",
        endBusinessAddress: "1 High Street",
        city: "London",
        postalCode: "SW1A 1AA",
        country: "GB"
      }
      const registration = yield* client.updateNumberOrderRegistration(order.idNumberOrder!, {
        requestDetails: details
      })
      expect(registration.requestDetails).toEqual(details)

      const uploaded = yield* client.uploadNumberOrderAttachment({
        numberOrderId: order.idNumberOrder!,
        attachmentId: attachment.id!,
        file: new TextEncoder().encode("%PDF-1.4 a utility bill"),
        fileName: "bill.pdf",
        mimeType: "application/pdf",
        documentType: "Utility bill"
      })
      // The API documents an empty 200: the attachment shows in the registration.
      expect(Option.isNone(uploaded)).toBe(true)
      const attached = (yield* client.getNumberOrderRegistration(order.idNumberOrder!)).attachments ?? []
      expect(attached.map((a) => [a.fileName, a.mimeType, a.documentType, a.uploadStatus])).toEqual([
        ["bill.pdf", "application/pdf", "Utility bill", "COMPLETED"]
      ])
      const refusedType = yield* flipped(client.uploadNumberOrderAttachment({
        numberOrderId: order.idNumberOrder!,
        attachmentId: attachment.id!,
        file: new Blob(["text"], { type: "text/plain" }),
        fileName: "bill.txt"
      }))
      expect(refusedType._tag).toBe("InvalidArgument")

      const submitted = yield* client.submitNumberOrder(order.idNumberOrder!)
      expect(submitted.idNumberOrder!).toBe(order.idNumberOrder!)
      expect(submitted.state).toBe("IN_REVIEW")
      expect((yield* client.getNumberOrder(order.idNumberOrder!)).state).toBe("IN_REVIEW")
    }))

  it.effect("number orders: documented errors", () =>
    Effect.gen(function*() {
      const { client } = yield* setup
      expect((yield* flipped(client.getNumberOrder("no-such-order")))._tag).toBe("NotFound")
      expect((yield* flipped(client.getNumberOrderRegistration("no-such-order")))._tag).toBe("NotFound")
      expect((yield* flipped(client.submitNumberOrder("no-such-order")))._tag).toBe("NotFound")
      const lookup = yield* flipped(client.lookupNumberRequirements({ regionCode: "AU", numberType: "TOLL_FREE" }))
      expect(lookup._tag).toBe("InvalidArgument")
      expect((lookup as NumbersError.InvalidArgument).fieldViolations[0]?.field).toBe("regionCode")
      const tooMany = yield* flipped(client.createNumberOrder({
        regionCode: "GB",
        numberType: "LOCAL",
        quantityOrderOption: { requestedQuantity: 100, numberPattern: { pattern: "99999", searchPattern: "END" } }
      }))
      expect(tooMany._tag).toBe("InvalidArgument")
      const order = yield* client.createNumberOrder({
        regionCode: "SE",
        numberType: "MOBILE",
        quantityOrderOption: { requestedQuantity: 1 }
      })
      // Submitting without the required registration fields is refused, naming each field.
      const incomplete = yield* flipped(client.submitNumberOrder(order.idNumberOrder!))
      expect(incomplete._tag).toBe("InvalidArgument")
      expect((incomplete as NumbersError.InvalidArgument).fieldViolations.map((v) => v.field)).toContain(
        "requestDetails.endBusinessName"
      )
    }))
}

const inputs = (it: It) => {
  it.effect("bad input is InvalidInput naming the field, and nothing is sent", () =>
    Effect.gen(function*() {
      const { client, emulator } = yield* setup
      const cases: Array<[Effect.Effect<unknown, NumbersError.NumbersError>, string, string]> = [
        // numbers to buy are E.164; numbers and ids the API returned go back as they are, but never empty or ".."
        [client.getAvailableNumber("12025550134"), "getAvailableNumber", "phoneNumber"],
        [client.rentNumber("+1 202 555 0134"), "rentNumber", "phoneNumber"],
        [client.releaseNumber(""), "releaseNumber", "phoneNumber"],
        [client.getActiveNumber(".."), "getActiveNumber", "phoneNumber"],
        [client.searchAvailableNumbers({ regionCode: "us", type: "LOCAL" }), "searchAvailableNumbers", "regionCode"],
        [
          client.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", numberPattern: { pattern: "12a" } }),
          "searchAvailableNumbers",
          "numberPattern.pattern"
        ],
        [
          client.searchAvailableNumbers({ regionCode: "US", type: "FIXED" as "LOCAL" }),
          "searchAvailableNumbers",
          "type"
        ],
        [
          client.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", capabilities: ["SMS", "FAX" as "SMS"] }),
          "searchAvailableNumbers",
          "capabilities[1]"
        ],
        [client.listActiveNumbersPage({ pageSize: 0 }), "listActiveNumbersPage", "pageSize"],
        [
          client.listActiveNumbersPage({ regioncode: "US" } as NumbersClient.ListActiveNumbersPageInput),
          "listActiveNumbersPage",
          "regioncode"
        ],
        [
          client.updateActiveNumber("+12025550134", { displayName: 5 as unknown as string }),
          "updateActiveNumber",
          "displayName"
        ],
        [
          client.updateNumberOrderRegistration("order", { requestDetails: { amount: 10n } }),
          "updateNumberOrderRegistration",
          ""
        ],
        [client.getNumberOrder(""), "getNumberOrder", "numberOrderId"],
        [client.getNumberOrderRegistration(".."), "getNumberOrderRegistration", "numberOrderId"],
        [
          client.createNumberOrder({
            regionCode: "US",
            numberType: "LOCAL",
            numberOrderOption: { phoneNumbers: ["+12025550134"] },
            quantityOrderOption: { requestedQuantity: 1 }
          }),
          "createNumberOrder",
          "quantityOrderOption"
        ],
        [
          client.createNumberOrder({
            regionCode: "US",
            numberType: "LOCAL",
            quantityOrderOption: { requestedQuantity: 101 }
          }),
          "createNumberOrder",
          "quantityOrderOption.requestedQuantity"
        ],
        [
          client.rentNumber("+12025550134", { voiceConfiguration: "RTC" as never }),
          "rentNumber",
          "voiceConfiguration"
        ],
        [
          client.provisionEmergencyAddress("+12025550134", {
            ...address,
            address: { ...address.address, city: undefined as unknown as string }
          }),
          "provisionEmergencyAddress",
          "address.city"
        ],
        [
          client.uploadNumberOrderAttachment({
            numberOrderId: "order",
            attachmentId: "a",
            file: "not bytes" as never,
            fileName: "x.pdf"
          }),
          "uploadNumberOrderAttachment",
          "file"
        ]
      ]
      for (const [effect, operation, field] of cases) {
        const result = yield* Effect.either(effect)
        expect(Either.isLeft(result), `${operation} ${field}`).toBe(true)
        const error = (result as Either.Left<NumbersError.NumbersError, unknown>).left
        expect(error, `${operation} ${field}`).toBeInstanceOf(NumbersError.InvalidInput)
        expect((error as NumbersError.InvalidInput).operation).toBe(operation)
        expect((error as NumbersError.InvalidInput).field, operation).toBe(field)
        expect(error.message).toContain("Nothing was sent")
      }
      const stats = yield* emulator.stats
      expect(stats.requestsTotal).toBe(0)
      expect(stats.tokensIssued).toBe(0)
    }))

  it.effect("listActiveNumbers with bad filters fails with InvalidInput before any request", () =>
    Effect.gen(function*() {
      const { client, emulator } = yield* setup
      const error = yield* Effect.flip(Stream.runDrain(client.listActiveNumbers({ type: "PREMIUM" as "LOCAL" })))
      expect(error._tag).toBe("InvalidInput")
      expect((error as NumbersError.InvalidInput).field).toBe("type")
      expect(requestsOf(yield* emulator.stats, "ListActiveNumbers")).toBe(0)
    }))
}

const suite = (name: string, live: Layer.Layer<NumbersClient.NumbersClient | Emulator.Emulator, unknown>) =>
  layer(live)(name, (it) => {
    operations(it)
    inputs(it)
  })

describe("NumbersClient against the emulator", () => {
  // Retries are off here: the retry suites prove them; here an error must surface as it is.
  suite("over HTTP", overHttp({}, { retrySchedule: "off" }))
  suite("in-process", inProcess({}, { retrySchedule: "off" }))
})
