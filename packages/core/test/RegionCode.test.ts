import { describe, expect, it } from "@effect/vitest"
import * as ParseResult from "effect/ParseResult"
import * as RegionCode from "../src/RegionCode.js"
import { assertRoundTrip } from "./internal/fixtures.js"

describe("RegionCode", () => {
  it.each(["US", "GB", "SE", "AU"])("accepts %s", (input) => {
    const code: RegionCode.RegionCode = RegionCode.make(input)
    expect(code).toBe(input)
  })

  it.each(["USA", "us", "Us", "U", "", "U1", " US"])("rejects %j with a ParseError naming the format", (input) => {
    expect(() => RegionCode.make(input)).toThrow(ParseResult.ParseError)
    expect(() => RegionCode.make(input)).toThrow(/two capital letters \(ISO 3166-1 alpha-2/)
  })

  it("is a brand: a plain string is not a RegionCode to the compiler", () => {
    // @ts-expect-error a string must go through RegionCode.make
    const code: RegionCode.RegionCode = "US"
    expect(RegionCode.make(code)).toBe("US")
  })

  it("decode(encode(x)) is x for arbitrary region codes (property)", () => {
    assertRoundTrip(RegionCode.RegionCode)
  })
})
