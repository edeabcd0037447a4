import { describe, expect, it } from "@effect/vitest"
import * as NumberPattern from "../src/NumberPattern.js"
import { assertRoundTrip, decodeOk, expectRejected } from "./internal/fixtures.js"

describe("NumberPattern", () => {
  it("decodes digits, with a leading + allowed, and where they stand", () => {
    const pattern = decodeOk(NumberPattern.NumberPattern, { pattern: "+1208", searchPattern: "START" })
    expect(pattern).toBeInstanceOf(NumberPattern.NumberPattern)
    expect(pattern.pattern).toBe("+1208")
    expect(pattern.searchPattern).toBe("START")
    expect(decodeOk(NumberPattern.NumberPattern, { pattern: "2020", searchPattern: "CONTAINS" }).pattern).toBe("2020")
    expect(decodeOk(NumberPattern.NumberPattern, {})).toEqual(new NumberPattern.NumberPattern({}))
  })

  it("takes a sequence of digits of any length (the API states no limit)", () => {
    expect(decodeOk(NumberPattern.NumberPattern, { pattern: "1234567890123456" }).pattern).toBe("1234567890123456")
  })

  it.each(["12a", "", "+", "1+2", "+ 1", "%2B120"])(
    "rejects the pattern %j naming the field",
    (pattern) => {
      expectRejected(NumberPattern.NumberPattern, { pattern }, ["pattern"])
    }
  )

  it("rejects an unknown searchPattern naming the field", () => {
    expectRejected(NumberPattern.NumberPattern, { pattern: "12", searchPattern: "BEGIN" }, ["searchPattern"])
  })

  it("decode(encode(x)) is x for arbitrary patterns (property)", () => {
    assertRoundTrip(NumberPattern.NumberPattern)
  })
})
