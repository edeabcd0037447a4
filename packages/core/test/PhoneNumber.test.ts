import { describe, expect, it } from "@effect/vitest"
import * as ParseResult from "effect/ParseResult"
import * as PhoneNumber from "../src/PhoneNumber.js"
import { assertRoundTrip, expectRejected } from "./internal/fixtures.js"

describe("PhoneNumber", () => {
  it.each(["+12025550134", "+46650553763", "+447478727259", "+12", "+123456789012345"])("accepts %s", (input) => {
    const number: PhoneNumber.PhoneNumber = PhoneNumber.make(input)
    expect(number).toBe(input)
    expect(PhoneNumber.is(input)).toBe(true)
  })

  it.each([
    "12025550134",
    "+02025550134",
    "+1",
    "+1234567890123456",
    "+1 202 555 0134",
    "+1-202-555-0134",
    "+447520651116XYZ",
    "00460000000",
    ""
  ])("rejects %j with a ParseError saying what E.164 is", (input) => {
    expect(PhoneNumber.is(input)).toBe(false)
    let error: unknown
    try {
      PhoneNumber.make(input)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ParseResult.ParseError)
    expect((error as ParseResult.ParseError).message).toContain("E.164")
    expect((error as ParseResult.ParseError).message).toContain(JSON.stringify(input))
  })

  it("rejects what is not a string", () => {
    expect(PhoneNumber.is(12025550134)).toBe(false)
    expectRejected(PhoneNumber.PhoneNumber, 12025550134, [])
  })

  it("is a brand: a plain string is not a PhoneNumber to the compiler", () => {
    // @ts-expect-error a string must go through PhoneNumber.make
    const number: PhoneNumber.PhoneNumber = "+12025550134"
    expect(PhoneNumber.is(number)).toBe(true)
  })

  it("decode(encode(x)) is x for arbitrary phone numbers (property)", () => {
    assertRoundTrip(PhoneNumber.PhoneNumber)
  })
})
