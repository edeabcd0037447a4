import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"

const counts = (values: ReadonlyArray<number>) => {
  const map = new Map<number, number>()
  for (const v of values) map.set(v, (map.get(v) ?? 0) + 1)
  return map
}

/**
 * Runs an effect that does real I/O and waits on the TestClock, and records the waits it made. Whenever a clock
 * wait shorter than `horizon` is pending, the clock jumps exactly to it; otherwise I/O is given time to progress.
 *
 * - The TestClock keeps the sleeps of interrupted timeouts in its list: those pending when `drive` starts are
 *   ignored, so the recorded waits are the effect's own.
 * - Waits longer than the horizon (per-attempt timeouts, deadlines) are never jumped to: suites that use this set
 *   them above the horizon unless the test is about them.
 * - A wait of zero is not a clock sleep, so it is not recorded.
 */
export const drive = <A, E>(
  effect: Effect.Effect<A, E>,
  options: { readonly horizon?: Duration.DurationInput } = {}
): Effect.Effect<{ readonly exit: Exit.Exit<A, E>; readonly waits: ReadonlyArray<number> }> =>
  Effect.gen(function*() {
    const horizon = Duration.toMillis(options.horizon ?? Duration.minutes(10))
    const stale = counts(Chunk.toReadonlyArray(yield* TestClock.sleeps()))
    const fiber = yield* Effect.fork(effect)
    const waits: Array<number> = []
    for (;;) {
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return { exit: exit.value, waits }
      const now = yield* TestClock.currentTimeMillis
      let next = Number.POSITIVE_INFINITY
      for (const [at, n] of counts(Chunk.toReadonlyArray(yield* TestClock.sleeps()))) {
        if (n > (stale.get(at) ?? 0) && at < next) next = at
      }
      if (next - now <= horizon) {
        waits.push(next - now)
        yield* TestClock.adjust(Duration.millis(next - now))
      } else {
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 2)))
      }
    }
  })
