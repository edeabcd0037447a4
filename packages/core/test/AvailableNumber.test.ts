import { describe, expect, it } from "@effect/vitest"
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import * as AvailableNumber from "../src/AvailableNumber.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson } from "./internal/fixtures.js"

describe("AvailableNumber", () => {
  it("decodes an available number field by field", () => {
    const number = decodeOk(AvailableNumber.AvailableNumber, readJson("java/available/available-numbers-get.json"))
    expect(number).toBeInstanceOf(AvailableNumber.AvailableNumber)
    expect(number.phoneNumber).toBe("+46650553763")
    expect(number.regionCode).toBe("SE")
    expect(number.type).toBe("LOCAL")
    expect(number.capability).toEqual(["VOICE"])
    expect(number.setupPrice?.currencyCode).toBe("DOLLAR")
    expect(Option.map(number.setupPrice!.bigDecimal, BigDecimal.equals(BigDecimal.make(57n, 2)))).toEqual(
      Option.some(true)
    )
    expect(number.monthlyPrice?.currencyCode).toBe("EUR")
    expect(number.monthlyPrice?.amount).toBe("0.80")
    expect(number.paymentIntervalMonths).toBe(1)
    expect(number.supportingDocumentationRequired).toBe(true)
  })

  it("decodes a list, and a list without availableNumbers as empty", () => {
    const list = decodeOk(
      AvailableNumber.ListAvailableNumbersResponse,
      readJson("java/available/available-numbers-list.json")
    )
    expect(list.availableNumbers.map((n) => n.phoneNumber)).toEqual(["+46650553763"])
    expect(decodeOk(AvailableNumber.ListAvailableNumbersResponse, {}).availableNumbers).toEqual([])
  })

  it("keeps an unknown type and capability, decodes null prices, ignores unknown fields", () => {
    const number = decodeOk(AvailableNumber.AvailableNumber, {
      phoneNumber: "+12025550134",
      type: "SHORT_CODE",
      capability: ["MMS"],
      setupPrice: null,
      monthlyPrice: null,
      carrier: "X"
    })
    expect(number.type).toBe("SHORT_CODE")
    expect(number.capability).toEqual(["MMS"])
    expect(number).not.toHaveProperty("setupPrice")
    expect(number).not.toHaveProperty("monthlyPrice")
    expect(number).not.toHaveProperty("carrier")
  })

  it("reads a number without a phone number, or with prices it cannot read as numbers", () => {
    const number = decodeOk(AvailableNumber.AvailableNumber, {
      regionCode: "US",
      setupPrice: { amount: "nulla" },
      monthlyPrice: { currencyCode: "USD" }
    })
    expect(number.phoneNumber).toBeUndefined()
    expect(number.setupPrice?.amount).toBe("nulla")
    expect(number.setupPrice?.bigDecimal).toEqual(Option.none())
    expect(number.monthlyPrice?.amount).toBeUndefined()
  })

  describe("SearchAvailableNumbersRequest", () => {
    it("takes a search", () => {
      const search = decodeOk(AvailableNumber.SearchAvailableNumbersRequest, {
        regionCode: "US",
        type: "LOCAL",
        numberPattern: { pattern: "206", searchPattern: "CONTAINS" },
        capabilities: ["SMS"],
        size: 3
      })
      expect(search.regionCode).toBe("US")
      expect(search.size).toBe(3)
    })

    it("takes any int32 size (the API sets no other cap)", () => {
      const search = { regionCode: "US", type: "LOCAL" }
      expect(decodeOk(AvailableNumber.SearchAvailableNumbersRequest, { ...search, size: 5000 }).size).toBe(5000)
      expect(decodeOk(AvailableNumber.SearchAvailableNumbersRequest, { ...search, size: 2147483647 }).size).toBe(
        2147483647
      )
    })

    it("rejects a 3-letter region, a missing type and a bad size, naming each", () => {
      expectRejected(AvailableNumber.SearchAvailableNumbersRequest, { regionCode: "USA", type: "LOCAL" }, [
        "regionCode"
      ])
      expectRejected(AvailableNumber.SearchAvailableNumbersRequest, { regionCode: "US" }, ["type"])
      expectRejected(AvailableNumber.SearchAvailableNumbersRequest, { regionCode: "US", type: "LOCAL", size: 0 }, [
        "size"
      ])
      expectRejected(
        AvailableNumber.SearchAvailableNumbersRequest,
        { regionCode: "US", type: "LOCAL", size: 2147483648 },
        ["size"]
      )
    })
  })

  it("decodes the .NET rentAny request field by field", () => {
    const request = decodeOk(AvailableNumber.RentAnyNumberRequest, readJson("dotnet/Available/RentAnyRequest.json"))
    expect(request.regionCode).toBe("US")
    expect(request.type).toBe("TOLL_FREE")
    expect(request.numberPattern?.pattern).toBe("+1208")
    expect(request.numberPattern?.searchPattern).toBe("START")
    expect(request.capabilities).toEqual(["SMS"])
    expect(request.smsConfiguration?.servicePlanId).toBe("plan_id")
    expect(request.smsConfiguration?.campaignId).toBe("campaign_id")
    expect(request.voiceConfiguration).toEqual({ type: "RTC", appId: "app_id" })
    expect(request.callbackUrl).toBe("callback_url")
  })

  it("rejects bad rent requests naming the field", () => {
    expectRejected(AvailableNumber.RentAnyNumberRequest, { regionCode: "USA", type: "LOCAL" }, ["regionCode"])
    expectRejected(AvailableNumber.RentAnyNumberRequest, { regionCode: "US", type: "LOCAL", capabilities: ["MMS"] }, [
      "capabilities"
    ])
    expectRejected(AvailableNumber.RentNumberRequest, { smsConfiguration: {} }, ["servicePlanId"])
    expectRejected(AvailableNumber.RentNumberRequest, { voiceConfiguration: { type: "EST" } }, ["trunkId"])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(AvailableNumber.AvailableNumber)
    assertRoundTrip(AvailableNumber.ListAvailableNumbersResponse, 30)
    assertRoundTrip(AvailableNumber.SearchAvailableNumbersRequest)
    assertRoundTrip(AvailableNumber.RentNumberRequest)
    assertRoundTrip(AvailableNumber.RentAnyNumberRequest)
  })
})
