import { describe, expect, it } from "@effect/vitest"
import * as BigDecimal from "effect/BigDecimal"
import * as ActiveNumber from "../src/ActiveNumber.js"
import * as Money from "../src/Money.js"
import * as SmsConfiguration from "../src/SmsConfiguration.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson } from "./internal/fixtures.js"

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
    expect(BigDecimal.equals(number.money!.bigDecimal, BigDecimal.unsafeFromString("0.80"))).toBe(true)
    expect(number.paymentIntervalMonths).toBe(1)
    expect(number.nextChargeDate?.epochMillis).toBe(Date.UTC(2023, 8, 22, 15, 49, 58, 813))
    expect(number.nextChargeDate?.nanosOfSecond).toBe(813_424_000)
    expect(number.nextChargeDate?.text).toBe("2023-09-22T15:49:58.813424Z")
    expect(number.expireAt?.epochMillis).toBe(Date.UTC(2023, 9, 6, 15, 49, 58, 813))
    expect(number.expireAt?.nanosOfSecond).toBe(813_381_000)
    expect(number.callbackUrl).toBe("foo callback")

    const sms = number.smsConfiguration!
    expect(sms).toBeInstanceOf(SmsConfiguration.SmsConfiguration)
    expect(sms.servicePlanId).toBe("service plan id")
    expect(sms.campaignId).toBe("campaign id")
    expect(sms.scheduledProvisioning?.servicePlanId).toBe("service plan id from scheduled")
    expect(sms.scheduledProvisioning?.campaignId).toBe("campaign id from scheduled")
    expect(sms.scheduledProvisioning?.status).toBe("PROVISIONING_STATUS_UNSPECIFIED")
    expect(sms.scheduledProvisioning?.lastUpdatedTime?.epochMillis).toBe(Date.UTC(2023, 8, 25, 12, 8, 2, 115))
    expect(sms.scheduledProvisioning?.errorCodes).toEqual(["ERROR_CODE_UNSPECIFIED"])

    const voice = number.voiceConfiguration!
    expect(voice.type).toBe("RTC")
    expect(voice.appId).toBe("AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEE")
    expect(voice.lastUpdatedTime?.epochMillis).toBe(Date.UTC(2024, 5, 30, 7, 8, 9, 100))
    expect(voice.scheduledVoiceProvisioning?.type).toBe("RTC")
    expect(voice.scheduledVoiceProvisioning?.appId).toBe("EEEEEEEEEE-DDDD-CCCC-BBBB-AAAAAAAA")
    expect(voice.scheduledVoiceProvisioning?.status).toBe("WAITING")
    expect(voice.scheduledVoiceProvisioning?.lastUpdatedTime?.nanosOfSecond).toBe(610_198_000)
  })

  it("decodes the OpenAPI rent response, whose voice configuration has no type", () => {
    const number = decodeOk(ActiveNumber.ActiveNumber, readJson("java/errors/rent-response.json"))
    expect(number.phoneNumber).toBe("+12025550134")
    expect(number.paymentIntervalMonths).toBe(0)
    expect(number.nextChargeDate?.epochMillis).toBe(Date.UTC(2019, 7, 24, 14, 15, 22))
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

  it("decodes nulls in the fields servers leave empty", () => {
    const number = decodeOk(ActiveNumber.ActiveNumber, {
      phoneNumber: "+12025550134",
      money: null,
      nextChargeDate: null,
      expireAt: null,
      smsConfiguration: null,
      voiceConfiguration: null
    })
    expect(number.money).toBeNull()
    expect(number.nextChargeDate).toBeNull()
    expect(number.expireAt).toBeNull()
    expect(number.smsConfiguration).toBeNull()
    expect(number.voiceConfiguration).toBeNull()
  })

  it("rejects a response without a phone number or with a bad date, naming the field", () => {
    expectRejected(ActiveNumber.ActiveNumber, { regionCode: "US" }, ["phoneNumber"])
    expectRejected(ActiveNumber.ActiveNumber, { phoneNumber: "+12025550134", expireAt: "2024-02-30T00:00:00Z" }, [
      "expireAt"
    ])
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
    expect(number.smsConfiguration?.scheduledProvisioning).toBeNull()
    expect(number.smsConfiguration?.campaignId).toBe("")
    expect(number.voiceConfiguration?.scheduledVoiceProvisioning).toBeNull()
    expect(number.voiceConfiguration?.lastUpdatedTime).toBeNull()
    expect(
      decodeOk(ActiveNumber.ListActiveNumbersResponse, readJson("java/active/active-numbers-list.json")).nextPageToken
    )
      .toBe("foo")
  })

  it("reads a page without activeNumbers as an empty page", () => {
    const page = decodeOk(ActiveNumber.ListActiveNumbersResponse, {})
    expect(page.activeNumbers).toEqual([])
    expect(page.nextPageToken).toBeUndefined()
  })

  describe("ListActiveNumbersRequest", () => {
    it("takes every filter", () => {
      const request = decodeOk(ActiveNumber.ListActiveNumbersRequest, {
        regionCode: "US",
        type: "LOCAL",
        numberPattern: { pattern: "+1208", searchPattern: "START" },
        capabilities: ["SMS", "VOICE"],
        pageSize: 1000,
        pageToken: "a+b/c=",
        orderBy: "displayName"
      })
      expect(request.pageSize).toBe(1000)
      expect(request.numberPattern?.pattern).toBe("+1208")
      expect(decodeOk(ActiveNumber.ListActiveNumbersRequest, {})).toEqual(new ActiveNumber.ListActiveNumbersRequest({}))
      expect(decodeOk(ActiveNumber.ListActiveNumbersRequest, { pageSize: 1 }).pageSize).toBe(1)
    })

    it.each([0, 1001, 1.5, -1])("rejects pageSize %d naming pageSize", (pageSize) => {
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

    it("rejects an update with nothing in it, naming the fields it may hold", () => {
      const message = expectRejected(ActiveNumber.UpdateActiveNumberRequest, {}, [])
      expect(message).toContain(
        "Expected at least one of displayName, smsConfiguration, voiceConfiguration, callbackUrl"
      )
      // Unknown fields do not count as something to update.
      expect(expectRejected(ActiveNumber.UpdateActiveNumberRequest, { regionCode: "US" }, [])).toContain(
        "at least one of displayName"
      )
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
