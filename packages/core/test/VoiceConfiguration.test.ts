import { describe, expect, it } from "@effect/vitest"
import * as VoiceConfiguration from "../src/VoiceConfiguration.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson } from "./internal/fixtures.js"

const decodeVoice = (input: unknown) => decodeOk(VoiceConfiguration.VoiceConfiguration, input)

describe("VoiceConfiguration", () => {
  it("decodes an RTC configuration with its scheduled provisioning, field by field", () => {
    const voice = decodeVoice(readJson("java/active/VoiceConfigurationResponseDtoRTC.json"))
    expect(voice.type).toBe("RTC")
    expect(voice.appId).toBe("AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEE")
    expect(voice.lastUpdatedTime?.epochMillis).toBe(Date.UTC(2024, 5, 30, 7, 8, 9, 100))
    const scheduled = voice.scheduledVoiceProvisioning!
    expect(scheduled.type).toBe("RTC")
    expect(scheduled.appId).toBe("EEEEEEEEEE-DDDD-CCCC-BBBB-AAAAAAAA")
    expect(scheduled.status).toBe("WAITING")
    expect(scheduled.lastUpdatedTime?.epochMillis).toBe(Date.UTC(2024, 6, 1, 11, 58, 35, 610))
    expect(scheduled.lastUpdatedTime?.nanosOfSecond).toBe(610_198_000)
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

  it("decodes null provisioning and null lastUpdatedTime", () => {
    const voice = decodeVoice({ type: "RTC", appId: "app id", scheduledVoiceProvisioning: null, lastUpdatedTime: null })
    expect(voice.scheduledVoiceProvisioning).toBeNull()
    expect(voice.lastUpdatedTime).toBeNull()
  })

  it("rejects a type that is not a string and a bad timestamp, naming the field", () => {
    expectRejected(VoiceConfiguration.VoiceConfiguration, { type: 3 }, ["type"])
    expectRejected(VoiceConfiguration.VoiceConfiguration, { type: "EST", lastUpdatedTime: "soon" }, ["lastUpdatedTime"])
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

  it("rejects a request without a type or with an unknown one, naming type", () => {
    expectRejected(VoiceConfiguration.VoiceConfigurationRequest, { appId: "a" }, ["type"])
    expectRejected(VoiceConfiguration.VoiceConfigurationRequest, { type: "SIP", trunkId: "t" }, ["type"])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(VoiceConfiguration.VoiceConfiguration)
    assertRoundTrip(VoiceConfiguration.ScheduledVoiceProvisioning)
    assertRoundTrip(VoiceConfiguration.VoiceConfigurationRequest)
  })
})
