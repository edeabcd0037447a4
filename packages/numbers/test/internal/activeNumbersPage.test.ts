import { ActiveNumber, ListActiveNumbersResponse } from "@effect-sinch/core/ActiveNumber"
import { Emulator } from "@effect-sinch/emulator"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { decodeActiveNumber, decodeActiveNumbersPage } from "../../src/internal/activeNumbersPage.js"

const schemaDecode = Schema.decodeUnknownEither(ListActiveNumbersResponse)

const fixture = (relative: string): unknown =>
  JSON.parse(
    Fs.readFileSync(Path.join(import.meta.dirname, "../../../core/test/fixtures", relative), "utf8")
  )

/** Deep equality that also requires the same prototype at every level (a Money, not an object like one). */
const expectIdentical = (actual: unknown, expected: unknown, path = "page"): void => {
  if (typeof expected !== "object" || expected === null) {
    expect(actual, path).toBe(expected)
    return
  }
  expect(typeof actual, path).toBe("object")
  expect(actual, path).not.toBeNull()
  expect(Object.getPrototypeOf(actual), `${path}: prototype`).toBe(Object.getPrototypeOf(expected))
  const keys = Object.keys(expected).sort()
  expect(Object.keys(actual as object).sort(), `${path}: keys`).toEqual(keys)
  for (const key of keys) {
    expectIdentical(
      (actual as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
      `${path}.${key}`
    )
  }
}

/** The fast decoder gives exactly what the schema gives: same instances (class and fields), or a failure. */
const sameAsSchema = (input: unknown) => {
  // Each decoder gets its own fresh parse, as from the wire: the fast one reuses (and changes) what it is given.
  const fresh = () => JSON.parse(JSON.stringify(input)) as unknown
  const expected = schemaDecode(fresh())
  const actual = Effect.runSync(Effect.either(decodeActiveNumbersPage(fresh())))
  if (Either.isLeft(expected)) {
    expect(Either.isLeft(actual)).toBe(true)
    return
  }
  expect(Either.isRight(actual)).toBe(true)
  const page = (actual as Either.Right<never, Effect.Effect.Success<ReturnType<typeof decodeActiveNumbersPage>>>)
    .right
  expect(page.activeNumbers).toStrictEqual(expected.right.activeNumbers)
  expectIdentical(page.activeNumbers, expected.right.activeNumbers)
  for (const number of page.activeNumbers) expect(number).toBeInstanceOf(ActiveNumber)
  expect(page.nextPageToken).toBe(expected.right.nextPageToken)
  expect(page.totalSize).toBe(expected.right.totalSize)
}

const encodeNumber = Schema.encodeSync(ActiveNumber)
const schemaDecodeOne = Schema.decodeUnknownEither(ActiveNumber)

/** The single-number decoder gives exactly what the schema gives, errors included. */
const oneSameAsSchema = (input: unknown) => {
  const fresh = () => JSON.parse(JSON.stringify(input)) as unknown
  const expected = schemaDecodeOne(fresh())
  const actual = Effect.runSync(Effect.either(decodeActiveNumber(fresh())))
  if (Either.isLeft(expected)) {
    expect(Either.isLeft(actual)).toBe(true)
    const message = (e: ParseResult.ParseError) => ParseResult.TreeFormatter.formatErrorSync(e)
    expect(message((actual as Either.Left<ParseResult.ParseError, never>).left)).toBe(message(expected.left))
    return
  }
  expect(Either.isRight(actual)).toBe(true)
  const number = (actual as Either.Right<never, ActiveNumber>).right
  expect(number).toBeInstanceOf(ActiveNumber)
  expect(number).toStrictEqual(expected.right)
  expectIdentical(number, expected.right, "number")
}

describe("decodeActiveNumbersPage", () => {
  it("matches the schema on the official SDKs' fixtures", () => {
    sameAsSchema(fixture("java/active/active-numbers-list.json"))
    sameAsSchema(fixture("java/active/active-numbers-list-light.json"))
    sameAsSchema({ activeNumbers: [fixture("dotnet/Active/ActiveNumber.json")] })
    sameAsSchema({ activeNumbers: [fixture("java/active/active-numbers-get.json")], nextPageToken: "" })
  })

  it("matches the schema on well-formed and odd items", () => {
    const plain = {
      phoneNumber: "+12025550134",
      projectId: "p",
      displayName: "",
      regionCode: "US",
      type: "LOCAL",
      capability: ["SMS", "VOICE"],
      money: { currencyCode: "USD", amount: "2.00" },
      paymentIntervalMonths: 1,
      nextChargeDate: "2026-12-10T00:00:00.000Z",
      expireAt: null,
      smsConfiguration: { servicePlanId: "", scheduledProvisioning: null, campaignId: "" },
      voiceConfiguration: {
        type: "RTC",
        appId: "",
        trunkId: "",
        serviceId: "",
        lastUpdatedTime: null,
        scheduledVoiceProvisioning: null
      },
      callbackUrl: ""
    }
    sameAsSchema({ activeNumbers: [plain], nextPageToken: "t", totalSize: 1 })
    sameAsSchema({})
    sameAsSchema({ activeNumbers: [] })
    sameAsSchema({ activeNumbers: [{ phoneNumber: "+1" }] })
    // Unknown fields dropped; unknown enum values kept; voice without type (RTC); other platforms.
    sameAsSchema({ activeNumbers: [{ ...plain, extra: 1, type: "PREMIUM", capability: ["SMS", "MMS"] }] })
    sameAsSchema({ activeNumbers: [{ ...plain, voiceConfiguration: { appId: "app" } }] })
    sameAsSchema({ activeNumbers: [{ ...plain, money: { currencyCode: "USD", amount: "2.00", display: "$2" } }] })
    sameAsSchema({ activeNumbers: [{ ...plain, smsConfiguration: { servicePlanId: "", extra: 1 } }] })
    sameAsSchema({ activeNumbers: [{ ...plain, voiceConfiguration: { type: "SIP", appId: "x", extra: true } }] })
    sameAsSchema({ activeNumbers: [{ ...plain, money: null, smsConfiguration: null, voiceConfiguration: null }] })
    sameAsSchema({ activeNumbers: [{ ...plain, expireAt: "2026-12-10T00:00:00.123456789", nextChargeDate: null }] })
    sameAsSchema({
      activeNumbers: [{
        ...plain,
        smsConfiguration: {
          servicePlanId: "a",
          scheduledProvisioning: { servicePlanId: "b", status: "WAITING", errorCodes: ["NEW_CODE"] }
        }
      }]
    })
    // Wrong shapes fail, as with the schema.
    sameAsSchema({ activeNumbers: [{ ...plain, phoneNumber: 12025550134 }] })
    sameAsSchema({ activeNumbers: [{ ...plain, money: { currencyCode: "USD", amount: 2 } }] })
    sameAsSchema({ activeNumbers: [{ ...plain, money: { currencyCode: "USD", amount: "2,00" } }] })
    sameAsSchema({ activeNumbers: [{ ...plain, nextChargeDate: "yesterday" }] })
    sameAsSchema({ activeNumbers: [{ ...plain, capability: "SMS" }] })
    sameAsSchema({ activeNumbers: {} })
    sameAsSchema({ activeNumbers: [], nextPageToken: 1 })
    sameAsSchema([])
    sameAsSchema(null)
  })

  it("decodeActiveNumber (one number) matches the schema, errors included", () => {
    oneSameAsSchema(fixture("java/active/active-numbers-get.json"))
    oneSameAsSchema(fixture("dotnet/Active/ActiveNumber.json"))
    const plain = {
      phoneNumber: "+12025550134",
      money: { currencyCode: "USD", amount: "2.00" },
      nextChargeDate: "2026-12-10T00:00:00.000Z",
      expireAt: null,
      smsConfiguration: { servicePlanId: "", scheduledProvisioning: null, campaignId: "" },
      voiceConfiguration: { type: "RTC", appId: "", lastUpdatedTime: "2026-01-02T03:04:05Z" }
    }
    oneSameAsSchema(plain)
    oneSameAsSchema({ ...plain, extra: 1 })
    oneSameAsSchema({ ...plain, phoneNumber: 12025550134 })
    oneSameAsSchema({ ...plain, nextChargeDate: "yesterday" })
    oneSameAsSchema({ ...plain, money: { currencyCode: "USD", amount: "2,00" } })
    oneSameAsSchema(null)
    oneSameAsSchema([])
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(ActiveNumber), (n) => {
        oneSameAsSchema(JSON.parse(JSON.stringify(encodeNumber(n))))
      }),
      { numRuns: 150 }
    )
  })

  it("a wrong item fails with the schema's error, at its path, even after good items were read", () => {
    const good = {
      phoneNumber: "+1",
      nextChargeDate: "2026-12-10T00:00:00.000Z",
      money: { currencyCode: "USD", amount: "1" }
    }
    const error = Effect.runSync(
      Effect.flip(decodeActiveNumbersPage({ activeNumbers: [good, { ...good }, { phoneNumber: 2 }] }))
    )
    const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
    expect(issues).toHaveLength(1)
    expect(issues[0]!.path).toEqual(["activeNumbers", 2, "phoneNumber"])
    expect(issues[0]!.message).toContain("Expected string")
  })

  it("matches the schema on arbitrary active numbers", () => {
    const numbers = Arbitrary.make(ActiveNumber)
    FastCheck.assert(
      FastCheck.property(FastCheck.array(numbers, { maxLength: 5 }), (items) => {
        sameAsSchema(JSON.parse(JSON.stringify({ activeNumbers: items.map((n) => encodeNumber(n)) })))
      }),
      { numRuns: 150 }
    )
  })

  it.live("matches the schema on the emulator's pages, provisioning and releases included", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const get = (path: string, init: RequestInit = {}) =>
        Effect.promise(async () => {
          const token = await (await emulator.fetch(`${emulator.baseUrl}/oauth2/token`, {
            method: "POST",
            headers: {
              authorization: `Basic ${btoa(`${emulator.keyId}:${Redacted.value(emulator.keySecret)}`)}`,
              "content-type": "application/x-www-form-urlencoded"
            },
            body: "grant_type=client_credentials"
          })).json() as { access_token: string }
          const response = await emulator.fetch(`${emulator.baseUrl}/v1/projects/${emulator.projectId}/${path}`, {
            ...init,
            headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" }
          })
          return response.json() as Promise<
            { activeNumbers: Array<{ phoneNumber: string; capability: Array<string> }> }
          >
        })
      const first = yield* get("activeNumbers?pageSize=50")
      const sms = first.activeNumbers.filter((n) => n.capability.includes("SMS"))
      yield* get(`activeNumbers/${sms[0]!.phoneNumber}`, {
        method: "PATCH",
        body: JSON.stringify({ smsConfiguration: { servicePlanId: "plan" } })
      })
      yield* get(`activeNumbers/${first.activeNumbers[1]!.phoneNumber}`, {
        method: "PATCH",
        body: JSON.stringify({ voiceConfiguration: { type: "FAX", serviceId: "fax" } })
      })
      yield* get(`activeNumbers/${first.activeNumbers[2]!.phoneNumber}:release`, { method: "POST" })
      sameAsSchema(yield* get("activeNumbers?pageSize=1000"))
    }).pipe(Effect.scoped, Effect.provide(Emulator.layerHttpClient({ active: 300 }))))
})
