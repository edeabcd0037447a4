import { describe, expect, it } from "@effect/vitest"
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as NumbersTools from "../src/NumbersTools.js"
import * as SinchNumbersMcp from "../src/SinchNumbersMcp.js"

const config: SinchNumbersMcp.ServeConfig = {
  http: false,
  port: 8765,
  host: "127.0.0.1",
  toolsets: "read,write",
  readOnly: false,
  maxMonthlySpend: Option.none(),
  confirmationTtl: Option.none()
}

describe("SinchNumbersMcp.optionsFrom", () => {
  it.effect("reads toolsets, the spend cap and the token lifetime", () =>
    Effect.gen(function*() {
      const options = yield* SinchNumbersMcp.optionsFrom({
        ...config,
        toolsets: " read , billable ",
        maxMonthlySpend: Option.some("25.50"),
        confirmationTtl: Option.some(30)
      })
      expect(options.toolsets).toEqual(["read", "billable"])
      expect(options.maxMonthlySpend && BigDecimal.format(options.maxMonthlySpend)).toBe("25.5")
      expect(options.confirmationTtl).toBeDefined()
    }))

  it.effect("refuses an unknown toolset, a bad amount and a token lifetime under a second, saying which", () =>
    Effect.gen(function*() {
      const toolset = yield* Effect.flip(SinchNumbersMcp.optionsFrom({ ...config, toolsets: "read,everything" }))
      expect(toolset.message).toMatch(/--toolsets: unknown toolset "everything"/)
      const amount = yield* Effect.flip(
        SinchNumbersMcp.optionsFrom({ ...config, maxMonthlySpend: Option.some("lots") })
      )
      expect(amount.message).toMatch(/--max-monthly-spend: expected an amount/)
      const negative = yield* Effect.flip(
        SinchNumbersMcp.optionsFrom({ ...config, maxMonthlySpend: Option.some("-1") })
      )
      expect(negative.message).toMatch(/--max-monthly-spend/)
      const ttl = yield* Effect.flip(SinchNumbersMcp.optionsFrom({ ...config, confirmationTtl: Option.some(0) }))
      expect(ttl.message).toMatch(/--confirmation-ttl/)
    }))
})

describe("NumbersTools", () => {
  it("derives one tool per operation of the table, in three toolsets", () => {
    const byToolset = (toolset: NumbersTools.Toolset) =>
      NumbersTools.all.filter((t) => t.toolset === toolset).map((t) => t.name).sort()
    expect(NumbersTools.all).toHaveLength(22)
    expect(byToolset("billable")).toEqual([
      "create_number_order",
      "release_number",
      "rent_any_number",
      "rent_number",
      "submit_number_order"
    ])
    expect(byToolset("write")).toEqual([
      "deprovision_emergency_address",
      "provision_emergency_address",
      "update_active_number",
      "update_callback_configuration",
      "update_number_order_registration",
      "upload_number_order_attachment"
    ])
    expect(NumbersTools.select(["read", "write", "billable"], true).every((t) => t.toolset === "read")).toBe(true)
    expect(NumbersTools.select(NumbersTools.defaultToolsets, false).some((t) => t.toolset === "billable")).toBe(false)
    expect(Object.keys(NumbersTools.toolkit.tools)).toHaveLength(22)
  })
})
