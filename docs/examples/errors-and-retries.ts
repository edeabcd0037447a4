import { NumbersClient } from "@effect-sinch/numbers"
import type { NumbersError } from "@effect-sinch/numbers"
import { Console, Duration, Effect, Option, Schedule } from "effect"

export const describeNumber = (phoneNumber: string) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    return yield* numbers.getActiveNumber(phoneNumber).pipe(
      Effect.map((n) => `${n.phoneNumber}: ${n.displayName ? n.displayName : "no display name"}`),
      Effect.catchTags({
        NotFound: () => Effect.succeed(`${phoneNumber} is not active in this project`),
        InvalidInput: (error) => Effect.succeed(`cannot look up ${JSON.stringify(phoneNumber)}: ${error.reason}`)
      })
    )
  })

export const logged = <A, E extends { readonly _tag: string; readonly message: string }, R>(
  effect: Effect.Effect<A, E, R>
) => Effect.tapError(effect, (error) => Console.error(`${error._tag}: ${error.message}`))

// Fewer, faster retries for an interactive tool
export const Interactive = NumbersClient.layerConfig({
  timeout: Duration.seconds(5),
  deadline: Duration.seconds(15),
  retrySchedule: NumbersClient.fullJitter({ base: Duration.millis(100), cap: Duration.seconds(1), retries: 2 })
})

// A patient batch job: exponential backoff with jitter, up to 8 retries, never waiting more than a minute
export const Batch = NumbersClient.layerConfig({
  deadline: Duration.minutes(10),
  maxRetryAfter: Duration.minutes(1),
  retrySchedule: Schedule.exponential(Duration.seconds(1)).pipe(
    Schedule.jittered,
    Schedule.union(Schedule.spaced(Duration.minutes(1))),
    Schedule.intersect(Schedule.recurs(8))
  )
})

// No retries at all: you handle every failure yourself
export const NoRetries = NumbersClient.layerConfig({ retrySchedule: false })

export const StopOnRateLimit = NumbersClient.layerConfig({
  retrySchedule: NumbersClient.defaultRetrySchedule.pipe(
    Schedule.whileInput((error: NumbersError.CallError) => error._tag !== "RateLimited")
  )
})

export const rentOnce = (phoneNumber: string) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    return yield* numbers.rentNumber(phoneNumber).pipe(
      Effect.map(Option.some),
      Effect.catchTag("OutcomeUnknown", (error) =>
        // Do not rent again blindly: find out first.
        Console.warn(`${error.failure}: ${error.check}`).pipe(
          Effect.zipRight(numbers.getActiveNumber(phoneNumber)),
          Effect.map(Option.some),
          Effect.catchTag("NotFound", () => Effect.succeed(Option.none()))
        ))
    )
  })
