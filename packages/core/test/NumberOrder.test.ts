import { describe, expect, it } from "@effect/vitest"
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import * as NumberOrder from "../src/NumberOrder.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson, readTimestamp } from "./internal/fixtures.js"

const byNumber = {
  regionCode: "AU",
  numberType: "MOBILE",
  numberOrderOption: { phoneNumbers: ["+61411111112"] }
}
const byQuantity = {
  regionCode: "US",
  numberType: "LOCAL",
  quantityOrderOption: { requestedQuantity: 3, sequential: false }
}

describe("NumberOrder", () => {
  it("decodes an order field by field", () => {
    const order = decodeOk(NumberOrder.NumberOrder, readJson("openapi/examples/australianNumberOrder.json"))
    expect(order).toBeInstanceOf(NumberOrder.NumberOrder)
    expect(order.projectId).toBe("10d64985-0bfb-43d3-a2b9-bc5fa6a4752c")
    expect(order.idNumberOrder).toBe("03kjzencnckxrn216rr1zzzzzz")
    expect(order.regionCode).toBe("AU")
    expect(order.state).toBe("CREATED")
    expect(order.numberType).toBe("MOBILE")
    expect(order.orderNumbers).toHaveLength(1)
    const number = order.orderNumbers![0]!
    expect(number.phoneNumber).toBe("+61411111112")
    expect(number.capabilities).toEqual(["SMS"])
    expect(number.numberPrice?.setupPrice?.currencyCode).toBe("USD")
    expect(Option.map(number.numberPrice!.setupPrice!.bigDecimal, BigDecimal.equals(BigDecimal.make(1n, 0)))).toEqual(
      Option.some(true)
    )
    expect(number.numberPrice?.monthlyPrice?.amount).toBe("1.00")
    expect(number.numberPrice?.paymentIntervalMonths).toBe(1)
    expect(order.smsConfiguration?.servicePlanId).toBe("1dez6a8300774283a4256aa756a11111")
    expect(readTimestamp(order.expireTime).epochMillis).toBe(Date.UTC(2026, 2, 7, 16, 53, 0, 204))
    expect(readTimestamp(order.expireTime).nanosOfSecond).toBe(204_187_000)
    expect(readTimestamp(order.createTime).epochMillis).toBe(Date.UTC(2026, 2, 5, 16, 53, 0))
    expect(readTimestamp(order.updateTime).text).toBe("2026-03-05T16:53:00Z")
  })

  it("keeps unknown states, types, capabilities and voice platforms; decodes nulls", () => {
    const order = decodeOk(NumberOrder.NumberOrder, {
      idNumberOrder: "o1",
      state: "ON_HOLD",
      numberType: "SHORT_CODE",
      orderNumbers: [{ phoneNumber: "+1", capabilities: ["MMS"], numberPrice: null }],
      voiceConfiguration: { type: "SIP", trunkId: "t" },
      smsConfiguration: null,
      expireTime: null,
      reviewer: "someone"
    })
    expect(order.state).toBe("ON_HOLD")
    expect(order.numberType).toBe("SHORT_CODE")
    expect(order.orderNumbers?.[0]?.capabilities).toEqual(["MMS"])
    expect(order.orderNumbers?.[0]).not.toHaveProperty("numberPrice")
    expect(order.voiceConfiguration?.type).toBe("SIP")
    expect(order).not.toHaveProperty("smsConfiguration")
    expect(order).not.toHaveProperty("expireTime")
    expect(order).not.toHaveProperty("reviewer")
  })

  it("reads an order without its id, a number without its phone number, an SMS configuration without its plan", () => {
    const order = decodeOk(NumberOrder.NumberOrder, {
      state: "CREATED",
      orderNumbers: [{ capabilities: ["SMS"] }],
      smsConfiguration: { servicePlanId: null, campaignId: "c" },
      createTime: "yesterday"
    })
    expect(order.idNumberOrder).toBeUndefined()
    expect(order.orderNumbers?.[0]?.phoneNumber).toBeUndefined()
    expect(order.smsConfiguration?.servicePlanId).toBeUndefined()
    expect(order.smsConfiguration?.campaignId).toBe("c")
    // A time it cannot read is kept as sent.
    expect(order.createTime).toBe("yesterday")
  })

  describe("CreateNumberOrderRequest", () => {
    it("takes an order by number and an order by quantity", () => {
      const one = decodeOk(NumberOrder.CreateNumberOrderRequest, {
        ...byNumber,
        smsConfiguration: { servicePlanId: "plan" },
        voiceConfiguration: { type: "RTC", appId: "app" },
        callbackUrl: "https://example.com/cb"
      })
      expect(one.numberOrderOption?.phoneNumbers).toEqual(["+61411111112"])
      expect(one.quantityOrderOption).toBeUndefined()
      expect(one.voiceConfiguration).toEqual({ type: "RTC", appId: "app" })
      const many = decodeOk(NumberOrder.CreateNumberOrderRequest, byQuantity)
      expect(many.quantityOrderOption?.requestedQuantity).toBe(3)
      expect(many.quantityOrderOption?.sequential).toBe(false)
    })

    it("rejects an order with both options naming them", () => {
      const message = expectRejected(
        NumberOrder.CreateNumberOrderRequest,
        { ...byNumber, quantityOrderOption: { requestedQuantity: 1 } },
        ["quantityOrderOption"]
      )
      expect(message).toContain("Expected exactly one of numberOrderOption and quantityOrderOption")
    })

    it("rejects an order with neither option naming them", () => {
      const message = expectRejected(NumberOrder.CreateNumberOrderRequest, { regionCode: "US", numberType: "LOCAL" }, [
        "numberOrderOption"
      ])
      expect(message).toContain("Expected exactly one of numberOrderOption and quantityOrderOption")
    })

    it.each([1, 100])("takes requestedQuantity %i", (requestedQuantity) => {
      const request = decodeOk(NumberOrder.CreateNumberOrderRequest, {
        ...byQuantity,
        quantityOrderOption: { requestedQuantity }
      })
      expect(request.quantityOrderOption?.requestedQuantity).toBe(requestedQuantity)
    })

    it.each([0, 101, 2.5])("rejects requestedQuantity %d naming it", (requestedQuantity) => {
      expectRejected(NumberOrder.CreateNumberOrderRequest, {
        ...byQuantity,
        quantityOrderOption: { requestedQuantity }
      }, [
        "requestedQuantity"
      ])
    })

    it("rejects a phone number without + and more than one number, naming phoneNumbers", () => {
      const message = expectRejected(
        NumberOrder.CreateNumberOrderRequest,
        { ...byNumber, numberOrderOption: { phoneNumbers: ["61411111112"] } },
        ["phoneNumbers"]
      )
      expect(message).toContain("E.164")
      expectRejected(
        NumberOrder.CreateNumberOrderRequest,
        { ...byNumber, numberOrderOption: { phoneNumbers: ["+61411111112", "+61411111113"] } },
        ["phoneNumbers"]
      )
      expectRejected(NumberOrder.CreateNumberOrderRequest, { ...byNumber, numberOrderOption: { phoneNumbers: [] } }, [
        "phoneNumbers"
      ])
    })

    it("rejects a 3-letter region, an unknown type, a missing service plan and a bad voice configuration", () => {
      expectRejected(NumberOrder.CreateNumberOrderRequest, { ...byNumber, regionCode: "AUS" }, ["regionCode"])
      expectRejected(NumberOrder.CreateNumberOrderRequest, { ...byNumber, numberType: "SHORT_CODE" }, ["numberType"])
      expectRejected(NumberOrder.CreateNumberOrderRequest, { ...byNumber, smsConfiguration: {} }, ["servicePlanId"])
      expectRejected(NumberOrder.CreateNumberOrderRequest, { ...byNumber, voiceConfiguration: { type: "EST" } }, [
        "trunkId"
      ])
      // An order's voice configuration requires its type (OrderVoiceConfigurationBase), RTC included.
      expectRejected(NumberOrder.CreateNumberOrderRequest, { ...byNumber, voiceConfiguration: { appId: "app" } }, [
        "type"
      ])
    })

    it("rejects a phone number that is not E.164 in a NumberOrderOption, naming phoneNumbers", () => {
      for (const phone of ["+447520651116XYZ", "sint aute", "+0123", "0044 7520 651116"]) {
        expectRejected(NumberOrder.NumberOrderOption, { phoneNumbers: [phone] }, ["phoneNumbers"])
      }
    })
  })

  it("takes a requirements lookup, rejects placeholders naming the fields", () => {
    expect(decodeOk(NumberOrder.LookupNumberRequirementsRequest, { regionCode: "AU", numberType: "MOBILE" }))
      .toEqual(new NumberOrder.LookupNumberRequirementsRequest({ regionCode: "AU" as any, numberType: "MOBILE" }))
    expectRejected(NumberOrder.LookupNumberRequirementsRequest, { regionCode: "au" }, ["regionCode", "numberType"])
  })

  it("decodes requirements: free-form fields kept whole, attachments field by field", () => {
    const requirements = decodeOk(
      NumberOrder.NumberRequirements,
      readJson("openapi/examples/lookupAuKycRequirementsRes.json")
    )
    expect(requirements.fields).toEqual({
      schema: "/schema/policySchema-v1.json",
      rules: [{ template: {} }, { template: {} }],
      attachments: []
    })
    expect(requirements.attachments).toBeUndefined()
    const withAttachments = decodeOk(NumberOrder.NumberRequirements, {
      attachments: [{
        id: "d1c7ccbf-919d-462f-8587-dec95a1b11zz",
        description: "Proof of address",
        mandatory: true,
        template: [{ name: "template.rtf", url: "https://example.com/template.rtf" }],
        title: "Address",
        allowedMimeTypes: ["application/pdf"],
        allowedDocumentTypes: ["Passport", "Driver's License"]
      }]
    })
    const attachment = withAttachments.attachments![0]!
    expect(attachment).toBeInstanceOf(NumberOrder.RequiredAttachment)
    expect(attachment.id).toBe("d1c7ccbf-919d-462f-8587-dec95a1b11zz")
    expect(attachment.mandatory).toBe(true)
    expect(attachment.template?.[0]).toBeInstanceOf(NumberOrder.AttachmentTemplate)
    expect(attachment.template?.[0]?.url).toBe("https://example.com/template.rtf")
    expect(attachment.allowedDocumentTypes).toEqual(["Passport", "Driver's License"])
    // The API requires no field of an attachment, its id included.
    expect(decodeOk(NumberOrder.NumberRequirements, { attachments: [{ title: "no id" }] }).attachments?.[0]?.id)
      .toBeUndefined()
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(NumberOrder.NumberOrder, 50)
    assertRoundTrip(NumberOrder.CreateNumberOrderRequest)
    assertRoundTrip(NumberOrder.NumberOrderOption)
    assertRoundTrip(NumberOrder.QuantityOrderOption)
    assertRoundTrip(NumberOrder.LookupNumberRequirementsRequest)
    assertRoundTrip(NumberOrder.NumberRequirements, 50)
  })
})
