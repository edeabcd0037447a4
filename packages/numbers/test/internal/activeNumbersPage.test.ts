import { ActiveNumber, ListActiveNumbersResponse } from "@effect-sinch/core/ActiveNumber"
import { Money } from "@effect-sinch/core/Money"
import { SmsConfiguration } from "@effect-sinch/core/SmsConfiguration"
import * as Timestamp from "@effect-sinch/core/Timestamp"
import { VoiceConfiguration } from "@effect-sinch/core/VoiceConfiguration"
import { Emulator } from "@effect-sinch/emulator"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as ActiveNumbersPage from "../../src/internal/activeNumbersPage.js"
import { decodeActiveNumber, decodeActiveNumbersPage, type DecodedPage } from "../../src/internal/activeNumbersPage.js"

// The decoder's field lists are @internal, so stripped from the declarations this project compiles against: they
// are read off the module at run time.
const { activeNumberFields, moneyFields, smsConfigurationFields, voiceConfigurationFields } =
  ActiveNumbersPage as unknown as Record<
    "activeNumberFields" | "moneyFields" | "smsConfigurationFields" | "voiceConfigurationFields",
    ReadonlyArray<string>
  >

const fixture = (relative: string): unknown =>
  JSON.parse(
    Fs.readFileSync(Path.join(import.meta.dirname, "../../../core/test/fixtures", relative), "utf8")
  )

/** A fresh parse of a value, as from the wire: the fast decoder reuses (and changes) what it is given. */
const fresh = (input: unknown): unknown => JSON.parse(JSON.stringify(input))

/** Deep equality that also requires the same prototype at every level (a Money, not an object like one). */
const expectIdentical = (actual: unknown, expected: unknown, path = "value"): void => {
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

const schemaDecodePage = Schema.decodeUnknownEither(ListActiveNumbersResponse)
const schemaDecodeOne = Schema.decodeUnknownEither(ActiveNumber)
const encodeNumber = Schema.encodeSync(ActiveNumber)
const message = (e: ParseResult.ParseError) => ParseResult.TreeFormatter.formatErrorSync(e)
const runPage = (json: unknown) => Effect.runSync(Effect.either(decodeActiveNumbersPage(json)))

/** The same number from both decoders: same instances (classes, fields, encoded form). */
const expectSameNumber = (actual: ActiveNumber, expected: ActiveNumber, path: string) => {
  expect(actual, path).toBeInstanceOf(ActiveNumber)
  expect(actual, path).toStrictEqual(expected)
  expectIdentical(actual, expected, path)
  expect(encodeNumber(actual), path).toStrictEqual(encodeNumber(expected))
}

/** The single-number decoder gives exactly what the schema gives, errors included. */
const oneSameAsSchema = (input: unknown) => {
  const expected = schemaDecodeOne(fresh(input))
  const actual = Effect.runSync(Effect.either(decodeActiveNumber(fresh(input))))
  if (Either.isLeft(expected)) {
    if (Either.isRight(actual)) {
      return expect.fail(`the schema failed but the fast decoder read ${JSON.stringify(input)}`)
    }
    expect(message(actual.left)).toBe(message(expected.left))
    return
  }
  if (Either.isLeft(actual)) return expect.fail(`the fast decoder failed on ${JSON.stringify(input)}`)
  expectSameNumber(actual.right, expected.right, "number")
}

/**
 * The page decoder gives, for a page whose envelope is right, the items the schema decodes (in order) and the others
 * as invalid (ascending index, the schema's error, the item untouched); it fails exactly when the envelope is wrong.
 */
const pageSameAsSchema = (input: unknown) => {
  const actual = runPage(fresh(input))
  const envelope = schemaDecodePage(
    typeof input === "object" && input !== null && !Array.isArray(input) &&
      Array.isArray((input as { activeNumbers?: unknown }).activeNumbers)
      ? { ...input, activeNumbers: [] }
      : fresh(input)
  )
  if (Either.isLeft(envelope)) {
    expect(Either.isLeft(actual), "a wrong envelope fails the page").toBe(true)
    return
  }
  if (Either.isLeft(actual)) return expect.fail(`the page failed: ${message(actual.left)}`)
  const page: DecodedPage = actual.right
  const items = (input as { activeNumbers?: ReadonlyArray<unknown> | null }).activeNumbers ?? []
  const results = items.map((item) => schemaDecodeOne(fresh(item)))
  const failed = results.flatMap((result, index) => Either.isLeft(result) ? [index] : [])
  expect(page.invalid.map((bad) => bad.index)).toEqual(failed)
  page.invalid.forEach((bad) => {
    expect(bad.item, `item ${bad.index} as it was given`).toStrictEqual(items[bad.index])
    expect(message(bad.error)).toBe(message((results[bad.index] as Either.Left<ParseResult.ParseError, never>).left))
  })
  const decoded = results.flatMap((result) => Either.isRight(result) ? [result.right] : [])
  expect(page.activeNumbers).toHaveLength(decoded.length)
  page.activeNumbers.forEach((number, i) => expectSameNumber(number, decoded[i]!, `activeNumbers[${i}]`))
  expect(page.nextPageToken).toBe(envelope.right.nextPageToken)
  expect(page.totalSize).toBe(envelope.right.totalSize)
  expect(Object.keys(page).sort()).toEqual(
    ["activeNumbers", "invalid", ...Object.keys(envelope.right).filter((key) => key !== "activeNumbers")].sort()
  )
}

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

describe("decodeActiveNumbersPage", () => {
  it("knows exactly the fields of the schemas it builds instances of", () => {
    const names = (ast: AST.AST) => AST.getPropertySignatures(ast).map((p) => String(p.name)).sort()
    expect([...activeNumberFields].sort()).toEqual(Object.keys(ActiveNumber.fields).sort())
    expect([...activeNumberFields].sort()).toEqual(names(AST.typeAST(ActiveNumber.ast)))
    expect([...moneyFields].sort()).toEqual(names(AST.typeAST(Money.ast)))
    expect([...smsConfigurationFields].sort()).toEqual(names(AST.typeAST(SmsConfiguration.ast)))
    expect(VoiceConfiguration.members).toHaveLength(4)
    for (const member of VoiceConfiguration.members) {
      expect([...voiceConfigurationFields].sort()).toEqual(names(member.ast))
    }
  })

  it("matches the schema on the official SDKs' fixtures", () => {
    pageSameAsSchema(fixture("java/active/active-numbers-list.json"))
    pageSameAsSchema(fixture("java/active/active-numbers-list-light.json"))
    pageSameAsSchema({ activeNumbers: [fixture("dotnet/Active/ActiveNumber.json")] })
    pageSameAsSchema({ activeNumbers: [fixture("java/active/active-numbers-get.json")], nextPageToken: "" })
    pageSameAsSchema({ activeNumbers: [fixture("java/errors/rent-response.json")] })
  })

  it("matches the schema on well-formed and odd items", () => {
    pageSameAsSchema({ activeNumbers: [plain], nextPageToken: "t", totalSize: 1 })
    pageSameAsSchema({})
    pageSameAsSchema({ activeNumbers: [] })
    pageSameAsSchema({ activeNumbers: [{ phoneNumber: "+1" }, {}] })
    // Unknown fields dropped; unknown enum values kept; voice without type (RTC); other platforms.
    pageSameAsSchema({ activeNumbers: [{ ...plain, extra: 1, type: "PREMIUM", capability: ["SMS", "MMS"] }] })
    pageSameAsSchema({ activeNumbers: [{ ...plain, voiceConfiguration: { appId: "app" } }] })
    pageSameAsSchema({ activeNumbers: [{ ...plain, money: { currencyCode: "USD", amount: "2.00", display: "$2" } }] })
    pageSameAsSchema({ activeNumbers: [{ ...plain, smsConfiguration: { servicePlanId: "", extra: 1 } }] })
    pageSameAsSchema({ activeNumbers: [{ ...plain, voiceConfiguration: { type: "SIP", appId: "x", extra: true } }] })
    pageSameAsSchema({ activeNumbers: [{ ...plain, money: null, smsConfiguration: null, voiceConfiguration: null }] })
    pageSameAsSchema({ activeNumbers: [{ ...plain, expireAt: "2026-12-10T00:00:00.123456789", nextChargeDate: null }] })
    // What servers may send and the schema now reads: no phone number, money without currency or with mock text,
    // nulls anywhere, timestamps that do not read as one.
    pageSameAsSchema({
      activeNumbers: [
        { ...plain, phoneNumber: undefined },
        { ...plain, phoneNumber: null, money: { amount: "nulla" } },
        { ...plain, money: { currencyCode: null, amount: null } },
        { ...plain, nextChargeDate: "yesterday", expireAt: "2024-02-30T00:00:00Z" },
        { ...plain, voiceConfiguration: { type: null, appId: "a", lastUpdatedTime: "soon" } },
        { ...plain, smsConfiguration: { servicePlanId: null, campaignId: null } }
      ]
    })
    pageSameAsSchema({
      activeNumbers: [{
        ...plain,
        smsConfiguration: {
          servicePlanId: "a",
          scheduledProvisioning: { servicePlanId: "b", status: "WAITING", errorCodes: ["NEW_CODE"] }
        }
      }]
    })
    // Wrong shapes are invalid items, as with the schema.
    pageSameAsSchema({ activeNumbers: [{ ...plain, phoneNumber: 12025550134 }] })
    pageSameAsSchema({ activeNumbers: [{ ...plain, money: { currencyCode: "USD", amount: 2 } }] })
    pageSameAsSchema({ activeNumbers: [{ ...plain, nextChargeDate: 20261210 }] })
    pageSameAsSchema({ activeNumbers: [{ ...plain, capability: "SMS" }] })
    pageSameAsSchema({ activeNumbers: [null, 1, "x", []] })
    // Nulls around the items read as missing.
    pageSameAsSchema({ activeNumbers: null, nextPageToken: null, totalSize: null })
  })

  it("reports a bad item with its index and the schema's error, and keeps the rest of its page", () => {
    const good = { phoneNumber: "+1", nextChargeDate: "2026-12-10T00:00:00.000Z", money: { amount: "1" } }
    const bad = { phoneNumber: 2 }
    const page = Effect.runSync(
      decodeActiveNumbersPage({ activeNumbers: [good, { ...good }, bad, { ...good, phoneNumber: "+2" }, []] })
    )
    expect(page.activeNumbers.map((n) => n.phoneNumber)).toEqual(["+1", "+1", "+2"])
    expect(page.invalid.map((i) => i.index)).toEqual([2, 4])
    expect(page.invalid[0]!.item).toEqual(bad)
    // The error is the item's own (its index is on the side): string, null or missing, each rejected.
    const issues = ParseResult.ArrayFormatter.formatErrorSync(page.invalid[0]!.error)
    expect(issues.map((issue) => issue.path)).toEqual([["phoneNumber"], ["phoneNumber"], ["phoneNumber"]])
    expect(issues[0]!.message).toBe("Expected string, actual 2")
    expect(page.invalid[0]!.error).toBeInstanceOf(ParseResult.ParseError)
  })

  it("fails only when the page itself is wrong", () => {
    for (const json of [null, [], "page", { activeNumbers: {} }, { nextPageToken: 1 }, { totalSize: "1" }]) {
      const result = runPage(json)
      expect(Either.isLeft(result), JSON.stringify(json)).toBe(true)
      expect(Either.isLeft(result) && result.left).toBeInstanceOf(ParseResult.ParseError)
    }
    const error = Effect.runSync(Effect.flip(decodeActiveNumbersPage({ activeNumbers: [], nextPageToken: 1 })))
    expect(ParseResult.ArrayFormatter.formatErrorSync(error)[0]!.path).toEqual(["nextPageToken"])
    const empty = Effect.runSync(decodeActiveNumbersPage({ activeNumbers: null, nextPageToken: null, totalSize: null }))
    expect(empty).toStrictEqual({ activeNumbers: [], invalid: [] })
  })

  it("shares one Timestamp per distinct text within a page, and keeps unreadable texts as strings", () => {
    const page = Effect.runSync(decodeActiveNumbersPage(fresh({
      activeNumbers: [
        { ...plain, expireAt: "2026-12-10T00:00:00.000Z" },
        { ...plain, nextChargeDate: "soon", expireAt: "soon" }
      ]
    })))
    expect(page.invalid).toEqual([])
    const [first, second] = page.activeNumbers
    expect(Timestamp.isTimestamp(first!.nextChargeDate)).toBe(true)
    expect(first!.nextChargeDate).toBe(first!.expireAt)
    expect(second!.nextChargeDate).toBe("soon")
    expect(second!.expireAt).toBe("soon")
  })

  it("decodeActiveNumber (one number) matches the schema, errors included", () => {
    oneSameAsSchema(fixture("java/active/active-numbers-get.json"))
    oneSameAsSchema(fixture("dotnet/Active/ActiveNumber.json"))
    const one = {
      phoneNumber: "+12025550134",
      money: { currencyCode: "USD", amount: "2.00" },
      nextChargeDate: "2026-12-10T00:00:00.000Z",
      expireAt: null,
      smsConfiguration: { servicePlanId: "", scheduledProvisioning: null, campaignId: "" },
      voiceConfiguration: { type: "RTC", appId: "", lastUpdatedTime: "2026-01-02T03:04:05Z" }
    }
    oneSameAsSchema(one)
    oneSameAsSchema({ ...one, extra: 1 })
    oneSameAsSchema({ ...one, phoneNumber: 12025550134 })
    oneSameAsSchema({ ...one, nextChargeDate: "yesterday" })
    oneSameAsSchema({ ...one, nextChargeDate: 1 })
    oneSameAsSchema({ ...one, money: { currencyCode: "USD", amount: "2,00" } })
    oneSameAsSchema({ ...one, money: { currencyCode: 840, amount: "2" } })
    oneSameAsSchema(null)
    oneSameAsSchema([])
  })

  it("matches the schema on arbitrary valid active numbers (property)", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.array(Arbitrary.make(ActiveNumber), { maxLength: 5 }), (numbers) => {
        const items = numbers.map((n) => encodeNumber(n))
        for (const item of items) oneSameAsSchema(item)
        pageSameAsSchema(fresh({ activeNumbers: items }))
      }),
      { numRuns: 100 }
    )
  })

  describe("on wire-form numbers the API allows, and beyond (property)", () => {
    const fc = FastCheck
    const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant("x"))
    const extras = fc.dictionary(fc.string().map((key) => `x-${key}`), fc.jsonValue(), { maxKeys: 2 })

    const e164 = fc.stringMatching(/^\+[1-9]\d{1,14}$/)
    const phoneNumber = fc.oneof(e164, fc.constant("+447520651116XYZ"), fc.constant("sint aute"), fc.string())
    const decimal = fc.oneof(
      fc.stringMatching(/^-?\d{1,6}(\.\d{1,4})?$/),
      fc.constantFrom("nulla", "2,00", "1e3", "", ".5"),
      fc.string()
    )
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"))
    const timestampText = fc.oneof(
      fc.tuple(
        fc.integer({ min: 1, max: 9999 }).map((y) => String(y).padStart(4, "0")),
        two(13),
        two(32),
        two(24),
        two(60),
        two(60),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.constantFrom("", "Z", "z", "+02:00", "-0530", "+2")
      ).map(([y, mo, d, h, mi, s, digits, nanos, zone]) =>
        `${y}-${mo}-${d}T${h}:${mi}:${s}${
          digits === 0 ? "" : "." + String(nanos).padStart(10, "0").slice(0, digits)
        }${zone}`
      ),
      fc.constantFrom("2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "0001-01-01T00:00:00Z", "yesterday", ""),
      fc.string()
    )
    const openEnum = (...known: Array<string>) => fc.oneof(fc.constantFrom(...known), fc.string())
    const voiceType = fc.constantFrom("RTC", "EST", "FAX", "SIP")
    const status = openEnum("PROVISIONING_STATUS_UNSPECIFIED", "WAITING", "IN_PROGRESS", "FAILED")
    /**
     * Wire-form active numbers: each field present, absent (record keys are optional) or null (weight `nulls`),
     * now and then of a wrong JSON type (weight `wrong`), objects now and then with unknown fields.
     */
    const wireNumberOf = (nulls: number, wrong: number, unknownFields: number) => {
      const field = <T>(value: FastCheck.Arbitrary<T>) =>
        fc.oneof(
          { weight: 20, arbitrary: value as FastCheck.Arbitrary<unknown> },
          { weight: nulls, arbitrary: fc.constant(null) },
          { weight: wrong, arbitrary: wrongType }
        )
      const record = <T extends Record<string, FastCheck.Arbitrary<unknown>>>(fields: T) =>
        fc.tuple(
          fc.record(fields, { requiredKeys: [] }),
          fc.oneof({ weight: 10, arbitrary: fc.constant({}) }, { weight: unknownFields, arbitrary: extras })
        ).map(([value, extra]) => ({ ...extra, ...value }))
      const ids = { appId: field(fc.string()), trunkId: field(fc.string()), serviceId: field(fc.string()) }
      const scheduledProvisioning = record({
        servicePlanId: field(fc.string()),
        campaignId: field(fc.string()),
        status: field(status),
        lastUpdatedTime: field(timestampText),
        errorCodes: field(fc.array(openEnum("INTERNAL_ERROR", "CAMPAIGN_EXPIRED"), { maxLength: 2 }))
      })
      const sms = record({
        servicePlanId: field(fc.string()),
        campaignId: field(fc.string()),
        scheduledProvisioning: fc.oneof({ weight: 3, arbitrary: field(scheduledProvisioning) }, {
          weight: 1,
          arbitrary: fc.constant(null)
        })
      })
      const scheduledVoice = record({
        type: field(voiceType),
        ...ids,
        status: field(status),
        lastUpdatedTime: field(timestampText)
      })
      const voice = record({
        type: field(voiceType),
        ...ids,
        lastUpdatedTime: field(timestampText),
        scheduledVoiceProvisioning: field(scheduledVoice)
      })
      return record({
        phoneNumber: field(phoneNumber),
        projectId: field(fc.string()),
        displayName: field(fc.string()),
        regionCode: field(fc.oneof(fc.constantFrom("US", "GB", "SE"), fc.string())),
        type: field(openEnum("MOBILE", "LOCAL", "TOLL_FREE")),
        capability: field(fc.array(
          fc.oneof({ weight: 8, arbitrary: openEnum("SMS", "VOICE") }, { weight: wrong, arbitrary: fc.integer() }),
          { maxLength: 3 }
        )),
        money: field(record({ currencyCode: field(openEnum("USD", "EUR", "DOLLAR")), amount: field(decimal) })),
        paymentIntervalMonths: field(fc.integer({ min: 0, max: 24 })),
        nextChargeDate: field(timestampText),
        expireAt: field(timestampText),
        smsConfiguration: field(sms),
        voiceConfiguration: field(voice),
        callbackUrl: field(fc.oneof(fc.webUrl(), fc.string()))
      })
    }
    // Clean numbers (the fast path's bread and butter), numbers with nulls, and anything goes.
    const wireNumber = fc.oneof(wireNumberOf(0, 0, 0), wireNumberOf(3, 0, 0), wireNumberOf(3, 1, 1))

    const wirePage = fc.record({
      activeNumbers: fc.array(fc.oneof({ weight: 9, arbitrary: wireNumber }, { weight: 1, arbitrary: wrongType }), {
        maxLength: 6
      }),
      nextPageToken: fc.oneof({ weight: 8, arbitrary: fc.oneof(fc.string(), fc.constant(null)) }, {
        weight: 1,
        arbitrary: fc.integer()
      }),
      totalSize: fc.oneof({ weight: 8, arbitrary: fc.oneof(fc.integer({ min: 0 }), fc.constant(null)) }, {
        weight: 1,
        arbitrary: fc.string()
      })
    }, { requiredKeys: ["activeNumbers"] })

    it("decodeActiveNumber agrees with Schema.decodeUnknownEither(ActiveNumber), item by item", () => {
      FastCheck.assert(FastCheck.property(wireNumber, oneSameAsSchema), { numRuns: 400 })
    })

    it("decodeActiveNumbersPage agrees with the schema on whole pages: invalid indices are the schema's failures", () => {
      FastCheck.assert(FastCheck.property(wirePage, pageSameAsSchema), { numRuns: 200 })
    })
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
      const page = yield* get("activeNumbers?pageSize=1000")
      pageSameAsSchema(page)
      expect(Effect.runSync(decodeActiveNumbersPage(fresh(page))).invalid).toEqual([])
    }).pipe(Effect.scoped, Effect.provide(Emulator.layerHttpClient({ active: 300 }))))
})
