import { describe, expect, it } from "@effect/vitest"
import * as VoiceConfiguration from "../src/VoiceConfiguration.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson, readTimestamp } from "./internal/fixtures.js"

const decodeVoice = (input: unknown) => decodeOk(VoiceConfiguration.VoiceConfiguration, input)

describe("VoiceConfiguration", () => {
  it("decodes an RTC configuration with its scheduled provisioning, field by field", () => {
    const voice = decodeVoice(readJson("java/active/VoiceConfigurationResponseDtoRTC.json"))
    expect(voice.type).toBe("RTC")
    expect(voice.appId).toBe("AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEE")
    expect(readTimestamp(voice.lastUpdatedTime).epochMillis).toBe(Date.UTC(2024, 5, 30, 7, 8, 9, 100))
    const scheduled = voice.scheduledVoiceProvisioning!
    expect(scheduled.type).toBe("RTC")
    expect(scheduled.appId).toBe("EEEEEEEEEE-DDDD-CCCC-BBBB-AAAAAAAA")
    expect(scheduled.status).toBe("WAITING")
    expect(readTimestamp(scheduled.lastUpdatedTime).epochMillis).toBe(Date.UTC(2024, 6, 1, 11, 58, 35, 610))
    expect(readTimestamp(scheduled.lastUpdatedTime).nanosOfSecond).toBe(610_198_000)
  })

  it("decodes EST with its trunk and FAX with its service", () => {
    const est = decodeVoice(readJson("java/active/VoiceConfigurationResponseDtoEST.json"))
    expect(est.type).toBe("EST")
    expect(est.trunkId).toBe("AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEE")
    expect(est.scheduledVoiceProvisioning?.trunkId).toBe("EEEEEEEEEE-DDDD-CCCC-BBBB-AAAAAAAA")
    const fax = decodeVoice(readJson("java/active/VoiceConfigurationResponseDtoFAX.json"))
    expect(fax.type).toBe("FAX")
    expect(fax.serviceId).toBe("AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEE")
    expect(fax.scheduledVoiceProvisioning?.type).toBe("FAX")
  })

  it("reads a configuration without a type as RTC", () => {
    const voice = decodeVoice({ appId: "app" })
    expect(voice.type).toBeUndefined()
    expect(voice.appId).toBe("app")
    expect(decodeVoice({})).toEqual({})
  })

  it("keeps a pending switch from RTC to FAX, with the unused ids as \"\"", () => {
    const voice = decodeVoice(readJson("java/active/VoiceConfigurationDtoRTCSwitchToFAX.json"))
    expect(voice.type).toBe("RTC")
    expect(voice.appId).toBe("AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEE")
    expect(voice.scheduledVoiceProvisioning).toMatchObject({
      type: "FAX",
      serviceId: "EEEEEEEEEE-DDDD-CCCC-BBBB-AAAAAAAA",
      appId: "",
      trunkId: "",
      status: "WAITING"
    })
  })

  it("keeps a voice platform it does not know, with its ids, and drops unknown fields", () => {
    const voice = decodeVoice({
      type: "SIP",
      appId: "",
      trunkId: "t",
      sipDomain: "example.com",
      scheduledVoiceProvisioning: { type: "SIP", status: "IN_PROGRESS", trunkId: "t2" }
    })
    expect(voice).toEqual({
      type: "SIP",
      appId: "",
      trunkId: "t",
      scheduledVoiceProvisioning: { type: "SIP", status: "IN_PROGRESS", trunkId: "t2" }
    })
  })

  it("reads null provisioning, null lastUpdatedTime and null ids as missing", () => {
    const voice = decodeVoice({
      type: "RTC",
      appId: "app id",
      trunkId: null,
      serviceId: null,
      scheduledVoiceProvisioning: null,
      lastUpdatedTime: null
    })
    expect(voice).toStrictEqual({ type: "RTC", appId: "app id" })
    expect(decodeVoice({ type: "FAX", serviceId: null })).toStrictEqual({ type: "FAX" })
  })

  it("keeps a timestamp it cannot read as its text", () => {
    expect(decodeVoice({ type: "EST", lastUpdatedTime: "soon" }).lastUpdatedTime).toBe("soon")
    expect(decodeVoice({ scheduledVoiceProvisioning: { type: "FAX", lastUpdatedTime: "" } }).scheduledVoiceProvisioning)
      .toStrictEqual({ type: "FAX", lastUpdatedTime: "" })
  })

  it("rejects a type or a timestamp that is not a string, naming the field", () => {
    expectRejected(VoiceConfiguration.VoiceConfiguration, { type: 3 }, ["type"])
    expectRejected(VoiceConfiguration.VoiceConfiguration, { type: "EST", lastUpdatedTime: 1 }, ["lastUpdatedTime"])
  })

  it("takes the three request shapes", () => {
    expect(decodeOk(VoiceConfiguration.VoiceConfigurationRequest, { type: "RTC", appId: "a" })).toEqual({
      type: "RTC",
      appId: "a"
    })
    expect(decodeOk(VoiceConfiguration.VoiceConfigurationRequest, { type: "EST", trunkId: "t" })).toEqual({
      type: "EST",
      trunkId: "t"
    })
    expect(decodeOk(VoiceConfiguration.VoiceConfigurationRequest, { type: "FAX", serviceId: "s" })).toEqual({
      type: "FAX",
      serviceId: "s"
    })
  })

  it("rejects a request whose platform id is missing, naming it", () => {
    expectRejected(VoiceConfiguration.VoiceConfigurationRequest, { type: "EST" }, ["trunkId"])
    expectRejected(VoiceConfiguration.VoiceConfigurationRequest, { type: "EST", appId: "a" }, ["trunkId"])
    expectRejected(VoiceConfiguration.VoiceConfigurationRequest, { type: "FAX" }, ["serviceId"])
    expectRejected(VoiceConfiguration.VoiceConfigurationRequest, { type: "RTC" }, ["appId"])
  })

  it("takes an RTC request without type (RTC is the API's default)", () => {
    expect(decodeOk(VoiceConfiguration.VoiceConfigurationRequest, { appId: "a" })).toStrictEqual({ appId: "a" })
  })

  it("rejects an EST or FAX request without its type, or one with an unknown type, naming type", () => {
    expectRejected(VoiceConfiguration.VoiceConfigurationRequest, { trunkId: "t" }, ["type"])
    expectRejected(VoiceConfiguration.VoiceConfigurationRequest, { serviceId: "s" }, ["type"])
    expectRejected(VoiceConfiguration.VoiceConfigurationRequest, { type: "SIP", trunkId: "t" }, ["type"])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(VoiceConfiguration.VoiceConfiguration)
    assertRoundTrip(VoiceConfiguration.ScheduledVoiceProvisioning)
    assertRoundTrip(VoiceConfiguration.VoiceConfigurationRequest)
  })
})
