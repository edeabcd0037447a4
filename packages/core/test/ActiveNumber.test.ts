import { describe, expect, it } from "@effect/vitest"
import * as BigDecimal from "effect/BigDecimal"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as ActiveNumber from "../src/ActiveNumber.js"
import * as Money from "../src/Money.js"
import * as SmsConfiguration from "../src/SmsConfiguration.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson, readTimestamp } from "./internal/fixtures.js"

describe("ActiveNumber", () => {
  it("decodes an active number field by field", () => {
    const number = decodeOk(ActiveNumber.ActiveNumber, readJson("dotnet/Active/ActiveNumber.json"))
    expect(number).toBeInstanceOf(ActiveNumber.ActiveNumber)
    // Servers send numbers that are not clean E.164: kept as they are.
    expect(number.phoneNumber).toBe("+447520651116XYZ")
    expect(number.projectId).toBe("project id")
    expect(number.displayName).toBe("a display")
    expect(number.regionCode).toBe("GB")
    expect(number.type).toBe("MOBILE")
    expect(number.capability).toEqual(["SMS", "VOICE"])
    expect(number.money).toBeInstanceOf(Money.Money)
    expect(number.money?.currencyCode).toBe("EUR")
    expect(BigDecimal.equals(Option.getOrThrow(number.money!.bigDecimal), BigDecimal.unsafeFromString("0.80"))).toBe(
      true
    )
    expect(number.paymentIntervalMonths).toBe(1)
    expect(readTimestamp(number.nextChargeDate).epochMillis).toBe(Date.UTC(2023, 8, 22, 15, 49, 58, 813))
    expect(readTimestamp(number.nextChargeDate).nanosOfSecond).toBe(813_424_000)
    expect(readTimestamp(number.nextChargeDate).text).toBe("2023-09-22T15:49:58.813424Z")
    expect(readTimestamp(number.expireAt).epochMillis).toBe(Date.UTC(2023, 9, 6, 15, 49, 58, 813))
    expect(readTimestamp(number.expireAt).nanosOfSecond).toBe(813_381_000)
    expect(number.callbackUrl).toBe("foo callback")

    const sms = number.smsConfiguration!
    expect(sms).toBeInstanceOf(SmsConfiguration.SmsConfiguration)
    expect(sms.servicePlanId).toBe("service plan id")
    expect(sms.campaignId).toBe("campaign id")
    expect(sms.scheduledProvisioning?.servicePlanId).toBe("service plan id from scheduled")
    expect(sms.scheduledProvisioning?.campaignId).toBe("campaign id from scheduled")
    expect(sms.scheduledProvisioning?.status).toBe("PROVISIONING_STATUS_UNSPECIFIED")
    expect(readTimestamp(sms.scheduledProvisioning?.lastUpdatedTime).epochMillis).toBe(
      Date.UTC(2023, 8, 25, 12, 8, 2, 115)
    )
    expect(sms.scheduledProvisioning?.errorCodes).toEqual(["ERROR_CODE_UNSPECIFIED"])

    const voice = number.voiceConfiguration!
    expect(voice.type).toBe("RTC")
    expect(voice.appId).toBe("AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEE")
    expect(readTimestamp(voice.lastUpdatedTime).epochMillis).toBe(Date.UTC(2024, 5, 30, 7, 8, 9, 100))
    expect(voice.scheduledVoiceProvisioning?.type).toBe("RTC")
    expect(voice.scheduledVoiceProvisioning?.appId).toBe("EEEEEEEEEE-DDDD-CCCC-BBBB-AAAAAAAA")
    expect(voice.scheduledVoiceProvisioning?.status).toBe("WAITING")
    expect(readTimestamp(voice.scheduledVoiceProvisioning?.lastUpdatedTime).nanosOfSecond).toBe(610_198_000)
  })

  it("decodes the OpenAPI rent response, whose voice configuration has no type", () => {
    const number = decodeOk(ActiveNumber.ActiveNumber, readJson("java/errors/rent-response.json"))
    expect(number.phoneNumber).toBe("+12025550134")
    expect(number.paymentIntervalMonths).toBe(0)
    expect(readTimestamp(number.nextChargeDate).epochMillis).toBe(Date.UTC(2019, 7, 24, 14, 15, 22))
    expect(number.smsConfiguration?.scheduledProvisioning?.errorCodes).toEqual([])
    expect(number.voiceConfiguration?.type).toBeUndefined()
    expect(number.voiceConfiguration?.appId).toBe("string")
    expect(number.voiceConfiguration?.scheduledVoiceProvisioning?.type).toBeUndefined()
  })

  it("keeps an unknown type and capability, ignores unknown fields", () => {
    const number = decodeOk(ActiveNumber.ActiveNumber, {
      phoneNumber: "+12025550134",
      type: "SHORT_CODE",
      capability: ["SMS", "MMS"],
      portingStatus: "DONE"
    })
    expect(number.type).toBe("SHORT_CODE")
    expect(number.capability).toEqual(["SMS", "MMS"])
    expect(number).not.toHaveProperty("portingStatus")
  })

  it("reads a null in any field as a missing field", () => {
    const everyFieldNull = Object.fromEntries(Object.keys(ActiveNumber.ActiveNumber.fields).map((key) => [key, null]))
    const number = decodeOk(ActiveNumber.ActiveNumber, everyFieldNull)
    expect({ ...number }).toStrictEqual({})
    expect(number).toStrictEqual(new ActiveNumber.ActiveNumber({}))
    const nested = decodeOk(ActiveNumber.ActiveNumber, {
      phoneNumber: "+12025550134",
      money: { currencyCode: null, amount: "1.00" },
      smsConfiguration: { servicePlanId: null, campaignId: null, scheduledProvisioning: null },
      voiceConfiguration: { type: null, appId: "a", trunkId: null, serviceId: null, lastUpdatedTime: null }
    })
    expect({ ...nested.money }).toStrictEqual({ amount: "1.00" })
    expect({ ...nested.smsConfiguration }).toStrictEqual({})
    // A null type is a missing one: RTC.
    expect(nested.voiceConfiguration).toStrictEqual({ appId: "a" })
  })

  it("reads a number without a phone number, or with one that is not E.164", () => {
    expect(decodeOk(ActiveNumber.ActiveNumber, { regionCode: "US" }).phoneNumber).toBeUndefined()
    expect(decodeOk(ActiveNumber.ActiveNumber, { phoneNumber: "sint aute" }).phoneNumber).toBe("sint aute")
  })

  it("reads money without a currency, without an amount, or with an amount that is not a decimal", () => {
    const read = (money: unknown) => decodeOk(ActiveNumber.ActiveNumber, { phoneNumber: "+1", money }).money!
    const noCurrency = read({ amount: "2.00" })
    expect(noCurrency.currencyCode).toBeUndefined()
    expect(Option.map(noCurrency.bigDecimal, BigDecimal.format)).toEqual(Option.some("2"))
    const noAmount = read({ currencyCode: "USD" })
    expect(noAmount.amount).toBeUndefined()
    expect(noAmount.bigDecimal).toEqual(Option.none())
    const mock = read({ currencyCode: "nulla", amount: "nulla" })
    expect(mock.amount).toBe("nulla")
    expect(mock.currencyCode).toBe("nulla")
    expect(Money.toBigDecimal(mock)).toEqual(Option.none())
  })

  it("keeps a timestamp it cannot read as the text that was sent", () => {
    const number = decodeOk(ActiveNumber.ActiveNumber, {
      phoneNumber: "+12025550134",
      expireAt: "2024-02-30T00:00:00Z",
      nextChargeDate: "in eiusmod",
      voiceConfiguration: { type: "EST", lastUpdatedTime: "soon" }
    })
    expect(number.expireAt).toBe("2024-02-30T00:00:00Z")
    expect(number.nextChargeDate).toBe("in eiusmod")
    expect(number.voiceConfiguration?.lastUpdatedTime).toBe("soon")
    expect(Schema.encodeSync(ActiveNumber.ActiveNumber)(number)).toStrictEqual({
      phoneNumber: "+12025550134",
      expireAt: "2024-02-30T00:00:00Z",
      nextChargeDate: "in eiusmod",
      voiceConfiguration: { type: "EST", lastUpdatedTime: "soon" }
    })
  })

  it("still rejects a value of the wrong JSON type, naming the field", () => {
    expectRejected(ActiveNumber.ActiveNumber, { phoneNumber: 12025550134 }, ["phoneNumber"])
    expectRejected(ActiveNumber.ActiveNumber, { expireAt: 1_700_000_000_000 }, ["expireAt"])
    expectRejected(ActiveNumber.ActiveNumber, { money: { amount: 2 } }, ["money", "amount"])
  })

  it("decodes a page of active numbers: the light page has empty tokens and null configurations", () => {
    const page = decodeOk(
      ActiveNumber.ListActiveNumbersResponse,
      readJson("java/active/active-numbers-list-light.json")
    )
    expect(page.nextPageToken).toBe("")
    expect(page.totalSize).toBe(1)
    expect(page.activeNumbers).toHaveLength(1)
    const number = page.activeNumbers[0]!
    expect(number.displayName).toBe("")
    expect(number.money?.amount).toBe("0.80")
    expect(number.smsConfiguration).not.toHaveProperty("scheduledProvisioning")
    expect(number.smsConfiguration?.campaignId).toBe("")
    expect(number.voiceConfiguration).not.toHaveProperty("scheduledVoiceProvisioning")
    expect(number.voiceConfiguration).not.toHaveProperty("lastUpdatedTime")
    expect(
      decodeOk(ActiveNumber.ListActiveNumbersResponse, readJson("java/active/active-numbers-list.json")).nextPageToken
    )
      .toBe("foo")
  })

  it("reads a page without activeNumbers, or with nulls, as an empty last page", () => {
    const page = decodeOk(ActiveNumber.ListActiveNumbersResponse, {})
    expect(page.activeNumbers).toEqual([])
    expect(page.nextPageToken).toBeUndefined()
    const nulls = decodeOk(ActiveNumber.ListActiveNumbersResponse, {
      activeNumbers: null,
      nextPageToken: null,
      totalSize: null
    })
    expect({ ...nulls }).toStrictEqual({ activeNumbers: [] })
  })

  describe("ListActiveNumbersRequest", () => {
    it("takes every filter", () => {
      const request = decodeOk(ActiveNumber.ListActiveNumbersRequest, {
        regionCode: "US",
        type: "LOCAL",
        numberPattern: { pattern: "+1208", searchPattern: "START" },
        capabilities: ["SMS", "VOICE"],
        pageSize: 5000,
        pageToken: "a+b/c=",
        orderBy: "displayName"
      })
      expect(request.pageSize).toBe(5000)
      expect(request.numberPattern?.pattern).toBe("+1208")
      expect(decodeOk(ActiveNumber.ListActiveNumbersRequest, {})).toEqual(new ActiveNumber.ListActiveNumbersRequest({}))
      expect(decodeOk(ActiveNumber.ListActiveNumbersRequest, { pageSize: 1 }).pageSize).toBe(1)
      // The API's only limit is int32.
      expect(decodeOk(ActiveNumber.ListActiveNumbersRequest, { pageSize: 2147483647 }).pageSize).toBe(2147483647)
    })

    it.each([0, 2147483648, 1.5, -1])("rejects pageSize %d naming pageSize", (pageSize) => {
      expectRejected(ActiveNumber.ListActiveNumbersRequest, { pageSize }, ["pageSize"])
    })

    it("rejects a 3-letter region, an unknown type, capability or order, naming each", () => {
      expectRejected(ActiveNumber.ListActiveNumbersRequest, { regionCode: "USA" }, ["regionCode"])
      expectRejected(ActiveNumber.ListActiveNumbersRequest, { type: "SHORT_CODE" }, ["type"])
      expectRejected(ActiveNumber.ListActiveNumbersRequest, { capabilities: ["MMS"] }, ["capabilities"])
      expectRejected(ActiveNumber.ListActiveNumbersRequest, { orderBy: "regionCode" }, ["orderBy"])
    })
  })

  describe("UpdateActiveNumberRequest", () => {
    it("takes an empty change (the API allows one)", () => {
      expect(decodeOk(ActiveNumber.UpdateActiveNumberRequest, {})).toStrictEqual(
        new ActiveNumber.UpdateActiveNumberRequest({})
      )
    })

    it("takes null where the API lets a request clear a value, and sends it as null", () => {
      const wire = {
        displayName: null,
        smsConfiguration: null,
        voiceConfiguration: null,
        callbackUrl: null
      }
      const request = decodeOk(ActiveNumber.UpdateActiveNumberRequest, wire)
      expect(request.displayName).toBeNull()
      expect(request.smsConfiguration).toBeNull()
      expect(Schema.encodeSync(ActiveNumber.UpdateActiveNumberRequest)(request)).toStrictEqual(wire)
      const campaign = decodeOk(ActiveNumber.UpdateActiveNumberRequest, {
        smsConfiguration: { servicePlanId: "plan", campaignId: null }
      })
      expect(campaign.smsConfiguration?.campaignId).toBeNull()
    })

    it("still rejects null where the API does not say it clears anything, naming the field", () => {
      expectRejected(ActiveNumber.UpdateActiveNumberRequest, { smsConfiguration: { servicePlanId: null } }, [
        "servicePlanId"
      ])
      expectRejected(ActiveNumber.UpdateActiveNumberRequest, { voiceConfiguration: { type: "RTC", appId: null } }, [
        "appId"
      ])
    })

    it("takes an RTC voice configuration without type", () => {
      expect(
        decodeOk(ActiveNumber.UpdateActiveNumberRequest, { voiceConfiguration: { appId: "x" } }).voiceConfiguration
      )
        .toStrictEqual({ appId: "x" })
    })

    it("lets a caller reject an unknown field with onExcessProperty: \"error\"", () => {
      const strict = Schema.decodeUnknownEither(ActiveNumber.UpdateActiveNumberRequest, { onExcessProperty: "error" })
      const result = strict({ displayName: "d", regionCode: "US" })
      expect(Either.isLeft(result)).toBe(true)
      expect(Either.isLeft(result) && result.left.message).toContain("regionCode")
      expect(Either.isLeft(result) && result.left.message).toContain("is unexpected")
      expect(Either.isRight(strict({ displayName: "d" }))).toBe(true)
      const nested = strict({ smsConfiguration: { servicePlanId: "p", extra: 1 } })
      expect(Either.isLeft(nested) && nested.left.message).toContain("extra")
    })

    it("takes any one field alone, \"\" included", () => {
      expect(decodeOk(ActiveNumber.UpdateActiveNumberRequest, { displayName: "" }).displayName).toBe("")
      expect(decodeOk(ActiveNumber.UpdateActiveNumberRequest, { callbackUrl: "" }).callbackUrl).toBe("")
      expect(
        decodeOk(ActiveNumber.UpdateActiveNumberRequest, { smsConfiguration: { servicePlanId: "" } }).smsConfiguration
      ).toEqual(new SmsConfiguration.SmsConfigurationRequest({ servicePlanId: "" }))
      expect(
        decodeOk(ActiveNumber.UpdateActiveNumberRequest, { voiceConfiguration: { type: "FAX", serviceId: "s" } })
          .voiceConfiguration
      ).toEqual({ type: "FAX", serviceId: "s" })
    })

    it("decodes the SDKs' update requests field by field", () => {
      const request = decodeOk(
        ActiveNumber.UpdateActiveNumberRequest,
        readJson("java/active/active-numbers-update-request.json")
      )
      expect(request.displayName).toBe("a display")
      expect(request.smsConfiguration?.servicePlanId).toBe("service plan id")
      expect(request.smsConfiguration?.campaignId).toBe("campaign id")
      expect(request.voiceConfiguration).toEqual({ type: "RTC", appId: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEE" })
      expect(request.callbackUrl).toBe("foo callback")
    })

    it("rejects an empty smsConfiguration object naming servicePlanId", () => {
      expectRejected(ActiveNumber.UpdateActiveNumberRequest, { smsConfiguration: {} }, [
        "smsConfiguration",
        "servicePlanId"
      ])
    })

    it("rejects an EST voiceConfiguration without trunkId naming it", () => {
      expectRejected(ActiveNumber.UpdateActiveNumberRequest, { voiceConfiguration: { type: "EST" } }, [
        "voiceConfiguration",
        "trunkId"
      ])
    })
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(ActiveNumber.ActiveNumber)
    assertRoundTrip(ActiveNumber.ListActiveNumbersResponse, 30)
    assertRoundTrip(ActiveNumber.ListActiveNumbersRequest)
    assertRoundTrip(ActiveNumber.UpdateActiveNumberRequest)
  })
})
