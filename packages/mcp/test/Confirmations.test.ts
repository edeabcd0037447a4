import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as Confirmations from "../src/internal/confirmations.js"

describe("Confirmations", () => {
  it.effect("a token acts once, for the arguments it was issued for, until it expires", () =>
    Effect.gen(function*() {
      const tokens = Confirmations.make<string>("5 minutes")
      const args = Confirmations.canonical({ phoneNumber: "+12025550134", smsConfiguration: { servicePlanId: "p" } })
      const issued = yield* tokens.issue("rent_number", args, "quote")
      // the same arguments in another key order are the same arguments
      const reordered = Confirmations.canonical({
        smsConfiguration: { servicePlanId: "p" },
        phoneNumber: "+12025550134"
      })
      expect(reordered).toBe(args)
      expect(yield* tokens.redeem("rent_number", reordered, issued.token)).toBe("quote")
      expect(yield* Effect.flip(tokens.redeem("rent_number", args, issued.token))).toMatch(/already used/)
    }))

  it.effect("other arguments or another tool void the token", () =>
    Effect.gen(function*() {
      const tokens = Confirmations.make<string>("5 minutes")
      const args = Confirmations.canonical({ phoneNumber: "+12025550134" })
      const first = yield* tokens.issue("rent_number", args, "q")
      const changed = Confirmations.canonical({ phoneNumber: "+12025550135" })
      expect(yield* Effect.flip(tokens.redeem("rent_number", changed, first.token))).toMatch(/other arguments/)
      expect(yield* Effect.flip(tokens.redeem("rent_number", args, first.token))).toMatch(/already used/)
      const second = yield* tokens.issue("release_number", args, "q")
      expect(yield* Effect.flip(tokens.redeem("rent_number", args, second.token))).toMatch(/other arguments/)
    }))

  it.effect("expires after its time to live, by the clock", () =>
    Effect.gen(function*() {
      const tokens = Confirmations.make<string>("5 minutes")
      const args = Confirmations.canonical({ phoneNumber: "+12025550134" })
      const early = yield* tokens.issue("rent_number", args, "q")
      const late = yield* tokens.issue("rent_number", args, "q")
      yield* TestClock.adjust("4 minutes")
      expect(yield* tokens.redeem("rent_number", args, early.token)).toBe("q")
      const fiber = yield* Effect.fork(
        Effect.flip(Effect.zipRight(Effect.sleep("1 minute"), tokens.redeem("rent_number", args, late.token)))
      )
      yield* TestClock.adjust("1 minute")
      expect(yield* Fiber.join(fiber)).toMatch(/expired/)
    }))
})
