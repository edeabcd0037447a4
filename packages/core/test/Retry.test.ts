import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import * as Retry from "../src/Retry.js"

describe("Retry", () => {
  it("parseRetryAfter reads delay-seconds and HTTP dates, and nothing else", () => {
    const now = Date.parse("2025-01-01T12:00:00Z")
    expect(Retry.parseRetryAfter("7", now)).toEqual(Duration.seconds(7))
    expect(Retry.parseRetryAfter("Wed, 01 Jan 2025 12:00:30 GMT", now)).toEqual(Duration.millis(30_000))
    expect(Retry.parseRetryAfter("Wed, 01 Jan 2025 11:00:00 GMT", now)).toEqual(Duration.zero)
    expect(Retry.parseRetryAfter(undefined, now)).toBeUndefined()
    expect(Retry.parseRetryAfter("-5", now)).toBeUndefined()
    expect(Retry.parseRetryAfter("soon", now)).toBeUndefined()
  })

  it.effect("fullJitter waits at most min(cap, base * 2^n), and stops after `retries`", () =>
    Effect.gen(function*() {
      const delays = yield* Schedule.run(
        Retry.fullJitter({ base: "100 millis", cap: "300 millis", retries: 4 }).pipe(
          Schedule.delays,
          Schedule.map(Duration.toMillis)
        ),
        0,
        [1, 2, 3, 4, 5, 6, 7]
      )
      const bounds = [100, 200, 300, 300]
      Array.from(delays).slice(0, 4).forEach((delay, n) => {
        expect(delay).toBeGreaterThanOrEqual(0)
        expect(delay).toBeLessThanOrEqual(bounds[n]!)
      })
      let attempts = 0
      const fiber = yield* Effect.fork(
        Effect.retry(
          Effect.suspend(() => {
            attempts++
            return Effect.fail("refused")
          }),
          Retry.fullJitter({ base: "100 millis", cap: "300 millis", retries: 4 })
        )
      )
      yield* TestClock.adjust("2 seconds")
      expect(yield* Fiber.join(fiber).pipe(Effect.flip)).toBe("refused")
      expect(attempts).toBe(5)
    }))
})
