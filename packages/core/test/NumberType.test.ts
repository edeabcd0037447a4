import { describe, expect, it } from "@effect/vitest"
import * as NumberType from "../src/NumberType.js"
import { assertRoundTrip, decodeOk, expectRejected } from "./internal/fixtures.js"

describe("NumberType", () => {
  it.each(["MOBILE", "LOCAL", "TOLL_FREE"])("accepts %s from users and servers", (type) => {
    expect(decodeOk(NumberType.NumberType, type)).toBe(type)
    expect(decodeOk(NumberType.NumberTypeOpen, type)).toBe(type)
  })

  it("rejects an unknown type from a user, keeps it from a server", () => {
    expectRejected(NumberType.NumberType, "SHORT_CODE", [])
    expect(decodeOk(NumberType.NumberTypeOpen, "SHORT_CODE")).toBe("SHORT_CODE")
  })

  it("rejects what is not a string, even from a server", () => {
    expectRejected(NumberType.NumberTypeOpen, 1, [])
    expectRejected(NumberType.NumberTypeOpen, null, [])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(NumberType.NumberType)
    assertRoundTrip(NumberType.NumberTypeOpen)
  })
})
