import { describe, expect, it } from "@effect/vitest"
import * as BigDecimal from "effect/BigDecimal"
import * as Money from "../src/Money.js"
import { assertRoundTrip, decodeOk, expectRejected } from "./internal/fixtures.js"

describe("Money", () => {
  it("decodes an amount to an exact BigDecimal", () => {
    const money = decodeOk(Money.Money, { currencyCode: "EUR", amount: "0.80" })
    expect(money.currencyCode).toBe("EUR")
    expect(money.amount).toBe("0.80")
    expect(BigDecimal.equals(Money.toBigDecimal(money), BigDecimal.make(8n, 1))).toBe(true)
    expect(BigDecimal.equals(money.bigDecimal, BigDecimal.make(80n, 2))).toBe(true)
  })

  it("adds amounts exactly: 0.1 + 0.2 is 0.3", () => {
    expect(0.1 + 0.2).not.toBe(0.3)
    const sum = BigDecimal.sum(Money.toBigDecimal({ amount: "0.1" }), Money.toBigDecimal({ amount: "0.2" }))
    expect(BigDecimal.equals(sum, Money.toBigDecimal({ amount: "0.3" }))).toBe(true)
    expect(BigDecimal.format(sum)).toBe("0.3")
  })

  it("keeps more digits than a float holds", () => {
    const amount = "12345678901234567890.123456789"
    const money = decodeOk(Money.Money, { currencyCode: "USD", amount })
    expect(BigDecimal.format(money.bigDecimal)).toBe(amount)
  })

  it("keeps currency codes that are not ISO 4217", () => {
    expect(decodeOk(Money.Money, { currencyCode: "DOLLAR", amount: "0.57" }).currencyCode).toBe("DOLLAR")
  })

  it.each(["-1.5", "0", "2.00", "100"])("accepts the decimal string %j", (amount) => {
    expect(decodeOk(Money.DecimalString, amount)).toBe(amount)
  })

  it.each([2, "2,00", "1e3", "", "abc", ".5", "5.", "+1", " 1"])("rejects the amount %j naming the field", (amount) => {
    expectRejected(Money.Money, { currencyCode: "USD", amount }, ["amount"])
  })

  it("decode(encode(x)) is x for arbitrary money (property)", () => {
    assertRoundTrip(Money.Money)
  })
})
