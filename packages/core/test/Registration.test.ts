import { describe, expect, it } from "@effect/vitest"
import * as Registration from "../src/Registration.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson, readTimestamp } from "./internal/fixtures.js"

describe("Registration", () => {
  it("decodes a registration field by field", () => {
    const registration = decodeOk(Registration.Registration, readJson("openapi/examples/australianRegistration.json"))
    expect(registration).toBeInstanceOf(Registration.Registration)
    const data = registration.requestDetails?.data as ReadonlyArray<unknown>
    expect(data).toHaveLength(3)
    expect(data[0]).toEqual([{
      senderId: "+61XXXXXXXXX",
      purposeOfTheTraffic: "One Time Password",
      intendedUseOfMobileNumbers: "Transactional",
      iConfirmThatMyBusinessHasAValidUseCaseForThisLn: true
    }])
    expect(data[1]).toMatchObject({ city: "Victoria", state: "VIC", country: "AU", postalCode: "3000" })

    const attachment = registration.attachments![0]!
    expect(attachment).toBeInstanceOf(Registration.Attachment)
    expect(attachment.attachmentId).toBe("01jxn2251d0shhamtbykft2xzx")
    expect(attachment.fileName).toBe("template.rtf")
    expect(attachment.mimeType).toBe("application/rtf")
    expect(attachment.uploadStatus).toBe("WAITING")
    expect(readTimestamp(attachment.createTime).epochMillis).toBe(Date.UTC(2026, 1, 24, 6, 39, 55, 902))
    expect(readTimestamp(attachment.updateTime).nanosOfSecond).toBe(902_553_000)
    expect(attachment.documentType).toBeUndefined()

    expect(registration.logs).toHaveLength(2)
    expect(registration.logs![0]).toBeInstanceOf(Registration.RegistrationLog)
    expect(registration.logs![0]!.message).toContain("local Australia contact number")
    expect(readTimestamp(registration.logs![1]!.createTime).epochMillis).toBe(Date.UTC(2026, 1, 25, 6, 39, 55, 902))
  })

  it("keeps an unknown upload status and an unreadable time as text, reads null times as missing", () => {
    const registration = decodeOk(Registration.Registration, {
      attachments: [{ attachmentId: "a", uploadStatus: "SCANNING", createTime: null, updateTime: "now" }],
      logs: [{ message: "m", createTime: null }]
    })
    expect(registration.attachments?.[0]?.uploadStatus).toBe("SCANNING")
    expect(registration.attachments?.[0]).not.toHaveProperty("createTime")
    expect(registration.attachments?.[0]?.updateTime).toBe("now")
    expect(registration.logs?.[0]).not.toHaveProperty("createTime")
  })

  it("takes free-form request details; rejects a request without them or with a string, naming requestDetails", () => {
    const request = decodeOk(Registration.UpdateNumberOrderRegistrationRequest, {
      requestDetails: { data: [{ firstName: "Example" }] }
    })
    expect(request.requestDetails).toEqual({ data: [{ firstName: "Example" }] })
    expectRejected(Registration.UpdateNumberOrderRegistrationRequest, {}, ["requestDetails"])
    expectRejected(Registration.UpdateNumberOrderRegistrationRequest, { requestDetails: "x" }, ["requestDetails"])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(Registration.Registration, 50)
    assertRoundTrip(Registration.UpdateNumberOrderRegistrationRequest, 50)
  })
})
