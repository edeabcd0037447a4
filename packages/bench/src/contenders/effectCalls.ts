/**
 * The sequential and concurrent calls of the Effect contenders (effect-sinch and the bare program), written once: the
 * same measurement around each one's own `get`.
 */
import * as Effect from "effect/Effect"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import type { Contender } from "../contender.js"
import { describeError } from "../contender.js"

/** `sequentialGets` and `concurrentGets` over `get`, run on `runtime`. */
export const calls = <R, E, ER>(
  runtime: ManagedRuntime.ManagedRuntime<R, ER>,
  get: (phone: string) => Effect.Effect<string, E, R>
): Pick<Contender, "sequentialGets" | "concurrentGets"> => ({
  sequentialGets: (phones) =>
    runtime.runPromise(
      Effect.forEach(phones, (phone) =>
        Effect.suspend(() => {
          const start = performance.now()
          return Effect.map(get(phone), () => performance.now() - start)
        }))
    ),
  concurrentGets: (phones) =>
    runtime.runPromise(
      Effect.map(
        Effect.forEach(phones, (phone) => Effect.either(get(phone)), { concurrency: "unbounded" }),
        (outcomes) => {
          const failures = outcomes.filter((o) => o._tag === "Left")
          return {
            answered: outcomes.length - failures.length,
            failed: failures.length,
            firstError: failures.length === 0 ? undefined : describeError(failures[0]!.left)
          }
        }
      )
    )
})
