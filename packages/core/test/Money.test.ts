import { describe, expect, it } from "@effect/vitest"
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import * as Money from "../src/Money.js"
import { assertRoundTrip, decodeOk, expectRejected } from "./internal/fixtures.js"

const amount = (text: string): BigDecimal.BigDecimal => Option.getOrThrow(Money.toBigDecimal({ amount: text }))

describe("Money", () => {
  it("decodes an amount, read as an exact BigDecimal", () => {
    const money = decodeOk(Money.Money, { currencyCode: "EUR", amount: "0.80" })
    expect(money.currencyCode).toBe("EUR")
    expect(money.amount).toBe("0.80")
    expect(Option.map(Money.toBigDecimal(money), BigDecimal.equals(BigDecimal.make(8n, 1)))).toEqual(Option.some(true))
    expect(Option.map(money.bigDecimal, BigDecimal.equals(BigDecimal.make(80n, 2)))).toEqual(Option.some(true))
  })

  it("adds amounts exactly: 0.1 + 0.2 is 0.3", () => {
    expect(0.1 + 0.2).not.toBe(0.3)
    const sum = BigDecimal.sum(amount("0.1"), amount("0.2"))
    expect(BigDecimal.equals(sum, amount("0.3"))).toBe(true)
    expect(BigDecimal.format(sum)).toBe("0.3")
  })

  it("keeps more digits than a float holds", () => {
    const text = "12345678901234567890.123456789"
    const money = decodeOk(Money.Money, { currencyCode: "USD", amount: text })
    expect(Option.map(money.bigDecimal, BigDecimal.format)).toEqual(Option.some(text))
  })

  it("keeps currency codes that are not ISO 4217", () => {
    expect(decodeOk(Money.Money, { currencyCode: "DOLLAR", amount: "0.57" }).currencyCode).toBe("DOLLAR")
  })

  it("reads money without a currency or an amount, or with nulls, as missing fields", () => {
    expect({ ...decodeOk(Money.Money, {}) }).toStrictEqual({})
    expect({ ...decodeOk(Money.Money, { currencyCode: null, amount: null }) }).toStrictEqual({})
    expect({ ...decodeOk(Money.Money, { amount: "1" }) }).toStrictEqual({ amount: "1" })
    expect(decodeOk(Money.Money, { currencyCode: "USD" }).bigDecimal).toEqual(Option.none())
  })

  it.each(["-1.5", "0", "2.00", "100"])("reads the decimal string %j as a number", (text) => {
    expect(decodeOk(Money.DecimalString, text)).toBe(text)
    expect(Option.isSome(decodeOk(Money.Money, { amount: text }).bigDecimal)).toBe(true)
  })

  it.each(["nulla", "2,00", "1e3", "", "abc", ".5", "5.", "+1", " 1"])(
    "keeps the amount %j as sent, with no number to read",
    (text) => {
      const money = decodeOk(Money.Money, { currencyCode: "USD", amount: text })
      expect(money.amount).toBe(text)
      expect(money.bigDecimal).toEqual(Option.none())
      expectRejected(Money.DecimalString, text, [])
    }
  )

  it("rejects an amount or a currency that is not a string, naming the field", () => {
    expectRejected(Money.Money, { currencyCode: "USD", amount: 2 }, ["amount"])
    expectRejected(Money.Money, { currencyCode: 840, amount: "2" }, ["currencyCode"])
  })

  it("decode(encode(x)) is x for arbitrary money (property)", () => {
    assertRoundTrip(Money.Money)
  })
})
