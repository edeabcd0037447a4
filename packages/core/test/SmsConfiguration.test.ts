import { describe, expect, it } from "@effect/vitest"
import * as SmsConfiguration from "../src/SmsConfiguration.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson, readTimestamp } from "./internal/fixtures.js"

describe("SmsConfiguration", () => {
  it("decodes a configuration with its scheduled provisioning, field by field", () => {
    const sms = decodeOk(SmsConfiguration.SmsConfiguration, readJson("java/active/SmsConfigurationResponseDto.json"))
    expect(sms).toBeInstanceOf(SmsConfiguration.SmsConfiguration)
    expect(sms.servicePlanId).toBe("service plan id")
    expect(sms.campaignId).toBe("campaign id")
    const scheduled = sms.scheduledProvisioning!
    expect(scheduled).toBeInstanceOf(SmsConfiguration.ScheduledProvisioning)
    expect(scheduled.servicePlanId).toBe("service plan id from scheduled")
    expect(scheduled.campaignId).toBe("campaign id from scheduled")
    expect(scheduled.status).toBe("PROVISIONING_STATUS_UNSPECIFIED")
    expect(readTimestamp(scheduled.lastUpdatedTime).epochMillis).toBe(Date.UTC(2023, 8, 25, 12, 8, 2, 115))
    expect(scheduled.errorCodes).toEqual(["ERROR_CODE_UNSPECIFIED"])
  })

  it("keeps an unknown provisioning status and error code, and decodes nulls", () => {
    const sms = decodeOk(SmsConfiguration.SmsConfiguration, {
      servicePlanId: "plan",
      scheduledProvisioning: {
        status: "PAUSED",
        errorCodes: ["CAMPAIGN_MNO_REJECTED", "RCS_NOT_READY"],
        lastUpdatedTime: null,
        somethingNew: true
      }
    })
    expect(sms.scheduledProvisioning?.status).toBe("PAUSED")
    expect(sms.scheduledProvisioning?.errorCodes).toEqual(["CAMPAIGN_MNO_REJECTED", "RCS_NOT_READY"])
    expect(sms.scheduledProvisioning).not.toHaveProperty("lastUpdatedTime")
    expect(sms.scheduledProvisioning).not.toHaveProperty("somethingNew")
    expect(decodeOk(SmsConfiguration.SmsConfiguration, { scheduledProvisioning: null })).not.toHaveProperty(
      "scheduledProvisioning"
    )
  })

  it("reads a configuration without a service plan, or with a null one, as missing it", () => {
    expect(decodeOk(SmsConfiguration.SmsConfiguration, { campaignId: "c" }).servicePlanId).toBeUndefined()
    expect(decodeOk(SmsConfiguration.SmsConfiguration, { servicePlanId: null })).not.toHaveProperty("servicePlanId")
  })

  it("keeps a lastUpdatedTime it cannot read as its text; rejects one that is not a string", () => {
    expect(
      decodeOk(SmsConfiguration.SmsConfiguration, { scheduledProvisioning: { lastUpdatedTime: "yesterday" } })
        .scheduledProvisioning?.lastUpdatedTime
    ).toBe("yesterday")
    expectRejected(
      SmsConfiguration.SmsConfiguration,
      { scheduledProvisioning: { lastUpdatedTime: 0 } },
      ["scheduledProvisioning", "lastUpdatedTime"]
    )
  })

  it("takes a request with a service plan (\"\" unlinks) and an optional campaign", () => {
    const request = decodeOk(
      SmsConfiguration.SmsConfigurationRequest,
      readJson("java/active/SmsConfigurationRequestDto.json")
    )
    expect(request.servicePlanId).toBe("service plan id")
    expect(request.campaignId).toBe("campaign id")
    expect(decodeOk(SmsConfiguration.SmsConfigurationRequest, { servicePlanId: "" }).servicePlanId).toBe("")
    // An explicit null overwrites the campaign.
    expect(decodeOk(SmsConfiguration.SmsConfigurationRequest, { servicePlanId: "p", campaignId: null }).campaignId)
      .toBeNull()
  })

  it("rejects an empty request object naming servicePlanId", () => {
    expectRejected(SmsConfiguration.SmsConfigurationRequest, {}, ["servicePlanId"])
    expectRejected(SmsConfiguration.SmsConfigurationRequest, { servicePlanId: 42 }, ["servicePlanId"])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(SmsConfiguration.SmsConfiguration)
    assertRoundTrip(SmsConfiguration.ScheduledProvisioning)
    assertRoundTrip(SmsConfiguration.SmsConfigurationRequest)
  })
})
