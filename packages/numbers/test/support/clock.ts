import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"

/**
 * Runs an effect that does real I/O and waits on the TestClock: whenever a clock wait shorter than `horizon` is
 * pending, the clock jumps to it (and the wait is recorded); otherwise I/O is given time to progress. Waits longer
 * than the horizon (per-attempt timeouts, background token refresh) are never jumped to, so suites that use this
 * set timeouts above the horizon unless the test is about them.
 */
export const drive = <A, E>(
  effect: Effect.Effect<A, E>,
  options: { readonly horizon?: Duration.DurationInput } = {}
): Effect.Effect<{ readonly exit: Exit.Exit<A, E>; readonly waits: ReadonlyArray<number> }> =>
  Effect.gen(function*() {
    const horizon = Duration.toMillis(options.horizon ?? Duration.minutes(10))
    const fiber = yield* Effect.fork(effect)
    const waits: Array<number> = []
    for (;;) {
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return { exit: exit.value, waits }
      const now = yield* TestClock.currentTimeMillis
      const sleeps = yield* TestClock.sleeps()
      const next = Chunk.reduce(sleeps, Number.POSITIVE_INFINITY, (min, at) => Math.min(min, at))
      if (next - now <= horizon) {
        waits.push(next - now)
        yield* TestClock.adjust(Duration.millis(next - now))
      } else {
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 2)))
      }
    }
  })
