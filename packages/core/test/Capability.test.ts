import { describe, expect, it } from "@effect/vitest"
import * as Capability from "../src/Capability.js"
import { assertRoundTrip, decodeOk, expectRejected } from "./internal/fixtures.js"

describe("Capability", () => {
  it.each(["SMS", "VOICE"])("accepts %s from users and servers", (capability) => {
    expect(decodeOk(Capability.Capability, capability)).toBe(capability)
    expect(decodeOk(Capability.CapabilityOpen, capability)).toBe(capability)
  })

  it("rejects an unknown capability from a user, keeps it from a server", () => {
    expectRejected(Capability.Capability, "MMS", [])
    expectRejected(Capability.Capability, "sms", [])
    expect(decodeOk(Capability.CapabilityOpen, "MMS")).toBe("MMS")
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(Capability.Capability)
    assertRoundTrip(Capability.CapabilityOpen)
  })
})
