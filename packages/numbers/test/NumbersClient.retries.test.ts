import { SinchAuth } from "@effect-sinch/auth"
import { Emulator, Faults } from "@effect-sinch/emulator"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it, layer } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import * as NumbersClient from "../src/NumbersClient.js"
import type * as NumbersError from "../src/NumbersError.js"
import { drive } from "./support/clock.js"
import { overHttp } from "./support/emulator.js"
import { closedPort, eventually } from "./support/scriptedServer.js"

// Timeouts above the drive horizon (10 minutes) unless a test is about them: see `drive`.
const calm = { timeout: "1 hour", deadline: "3 hours" } as const

/** A client for the emulator in the context, with the given options, after a reset with the given faults. */
const prepare = (
  operations: Partial<Record<Faults.OperationId, ConstructorParameters<typeof Faults.FaultRule>[0]>>,
  options: Omit<NumbersClient.Options, "projectId" | "baseUrl"> = {}
) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    yield* emulator.reset
    const client = yield* NumbersClient.make({
      ...calm,
      ...options,
      projectId: emulator.projectId,
      baseUrl: emulator.baseUrl
    })
    // Pick numbers before faults apply.
    const active = (yield* client.listActiveNumbersPage({ regionCode: "US", pageSize: 2 })).activeNumbers
    const available = (yield* client.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 2 }))
      .availableNumbers
    const before = yield* emulator.stats
    yield* emulator.setFaults(
      new Faults.Faults({
        operations: Object.fromEntries(
          Object.entries(operations).map(([op, rule]) => [op, new Faults.FaultRule(rule!)])
        )
      })
    )
    const sent = (operationId: string) =>
      Effect.map(emulator.stats, (stats) => {
        const count = (s: Emulator.Stats) => Object.values(s.requests[operationId] ?? {}).reduce((a, b) => a + b, 0)
        return count(stats) - count(before)
      })
    return {
      emulator,
      client,
      active: active.map((n) => n.phoneNumber),
      available: available.map((n) => n.phoneNumber),
      sent
    }
  })

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const error = Cause.failureOption(exit.cause)
  if (Option.isNone(error)) throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

const success = <A, E>(exit: Exit.Exit<A, E>): A => {
  if (Exit.isFailure(exit)) throw new Error(`expected a success, got ${Cause.pretty(exit.cause)}`)
  return exit.value
}

describe("NumbersClient retries", () => {
  layer(overHttp())("against the emulator", (it) => {
    it.effect("a GET that keeps failing with 503 is sent 4 times, with full-jitter waits, then fails", () =>
      Effect.gen(function*() {
        const { active, client, sent } = yield* prepare({ GetActiveNumber: { rate: 1, statuses: [503] } })
        // A seeded Random makes the jitter reproducible (and none of these waits is zero, which is no clock wait).
        const { exit, waits } = yield* drive(client.getActiveNumber(active[0]!).pipe(Effect.withRandom(Random.make(7))))
        const error = failure(exit) as NumbersError.ServerError
        expect(error._tag).toBe("ServerError")
        expect(error.status).toBe(503)
        expect(error.attempts).toBe(4)
        expect(error.body?.error.status).toBe("UNAVAILABLE")
        expect(yield* sent("GetActiveNumber")).toBe(4)
        expect(waits).toHaveLength(3)
        // Full jitter: retry n waits a random time in [0, min(8 s, 0.5 s * 2^n)].
        waits.forEach((wait, n) => {
          expect(wait).toBeGreaterThanOrEqual(0)
          expect(wait).toBeLessThanOrEqual(Math.min(8000, 500 * 2 ** n))
        })
      }))

    it.effect("500, 502 and 504 are retried too", () =>
      Effect.gen(function*() {
        const { active, client, sent } = yield* prepare({ GetActiveNumber: { rate: 1, statuses: [500, 502, 504] } })
        const { exit } = yield* drive(client.getActiveNumber(active[0]!))
        const error = failure(exit) as NumbersError.ServerError
        expect(error._tag).toBe("ServerError")
        expect([500, 502, 504]).toContain(error.status)
        expect(yield* sent("GetActiveNumber")).toBe(4)
      }))

    it.effect("the backoff doubles up to the 8 s cap: waits never exceed it with many retries", () =>
      Effect.gen(function*() {
        const { active, client } = yield* prepare(
          { GetActiveNumber: { rate: 1, statuses: [500] } },
          { retrySchedule: NumbersClient.fullJitter({ base: "500 millis", cap: "8 seconds", retries: 8 }) }
        )
        const { exit, waits } = yield* drive(client.getActiveNumber(active[0]!).pipe(Effect.withRandom(Random.make(7))))
        expect((failure(exit) as NumbersError.ServerError).attempts).toBe(9)
        expect(waits).toHaveLength(8)
        waits.forEach((wait, n) => expect(wait).toBeLessThanOrEqual(Math.min(8000, 500 * 2 ** n)))
        // The later waits draw from the whole [0, 8 s] range.
        expect(Math.max(...waits.slice(4))).toBeGreaterThan(2000)
      }))

    it.effect("400 and 404 are not retried", () =>
      Effect.gen(function*() {
        const { client, sent } = yield* prepare({})
        const { exit, waits } = yield* drive(client.getActiveNumber("+19999999999"))
        expect(failure(exit)._tag).toBe("NotFound")
        expect((failure(exit) as NumbersError.NotFound).attempts).toBe(1)
        expect(waits).toEqual([])
        expect(yield* sent("GetActiveNumber")).toBe(1)
        const invalid = yield* drive(client.rentAnyNumber({ regionCode: "SE", type: "MOBILE" }))
        expect(failure(invalid.exit)._tag).toBe("InvalidArgument")
        expect(yield* sent("RentAnyNumber")).toBe(1)
      }))

    it.effect("429 waits at least its Retry-After", () =>
      Effect.gen(function*() {
        const { active, client, sent } = yield* prepare({
          GetActiveNumber: { rate: 1, statuses: [429], retryAfter: 5 }
        })
        const { exit, waits } = yield* drive(client.getActiveNumber(active[0]!))
        const error = failure(exit) as NumbersError.RateLimited
        expect(error._tag).toBe("RateLimited")
        expect(error.attempts).toBe(4)
        expect(error.retryAfter).toEqual(Duration.seconds(5))
        expect(waits).toHaveLength(3)
        for (const wait of waits) expect(wait).toBe(5000)
        expect(yield* sent("GetActiveNumber")).toBe(4)
      }))

    it.effect("a Retry-After beyond maxRetryAfter stops the retries and is reported", () =>
      Effect.gen(function*() {
        const { active, client, sent } = yield* prepare(
          { GetActiveNumber: { rate: 1, statuses: [429], retryAfter: 120 } },
          { maxRetryAfter: "1 minute" }
        )
        const { exit, waits } = yield* drive(client.getActiveNumber(active[0]!))
        const error = failure(exit) as NumbersError.RateLimited
        expect(error.attempts).toBe(1)
        expect(error.retryAfter).toEqual(Duration.seconds(120))
        expect(error.message).toContain("2m")
        expect(waits).toEqual([])
        expect(yield* sent("GetActiveNumber")).toBe(1)
      }))

    it.effect("retrySchedule \"off\" and false send once", () =>
      Effect.gen(function*() {
        for (const retrySchedule of ["off", false] as const) {
          const { active, client, sent } = yield* prepare({ GetActiveNumber: { rate: 1, statuses: [503] } }, {
            retrySchedule
          })
          const { exit } = yield* drive(client.getActiveNumber(active[0]!))
          expect((failure(exit) as NumbersError.ServerError).attempts).toBe(1)
          expect(yield* sent("GetActiveNumber")).toBe(1)
        }
      }))

    it.effect("a user's Schedule replaces the timing but not what is retried", () =>
      Effect.gen(function*() {
        const retrySchedule = Schedule.spaced("2 seconds").pipe(Schedule.intersect(Schedule.recurs(2)))
        const { active, client, emulator, sent } = yield* prepare({ GetActiveNumber: { rate: 1, statuses: [502] } }, {
          retrySchedule
        })
        const { exit, waits } = yield* drive(client.getActiveNumber(active[0]!))
        expect((failure(exit) as NumbersError.ServerError).attempts).toBe(3)
        expect(waits).toEqual([2000, 2000])
        expect(yield* sent("GetActiveNumber")).toBe(3)
        // Still never for a 404.
        yield* emulator.setFaults(Faults.none)
        const notFound = yield* drive(client.getActiveNumber("+19999999999"))
        expect((failure(notFound.exit) as NumbersError.NotFound).attempts).toBe(1)
      }))

    it.effect("a dropped connection, a body cut short and a proxy's HTML page are retried for reads", () =>
      Effect.gen(function*() {
        const dropped = yield* prepare({ GetActiveNumber: { dropBeforeResponse: 1 } })
        const first = failure((yield* drive(dropped.client.getActiveNumber(dropped.active[0]!))).exit)
        expect(first._tag).toBe("TransportError")
        expect((first as NumbersError.TransportError).beforeSending).toBe(false)
        expect((first as NumbersError.TransportError).attempts).toBe(4)
        expect(yield* dropped.sent("GetActiveNumber")).toBe(4)

        const cut = yield* prepare({ GetActiveNumber: { dropMidBody: 1 } })
        const second = failure((yield* drive(cut.client.getActiveNumber(cut.active[0]!))).exit)
        expect(second._tag).toBe("TransportError")
        expect((second as NumbersError.TransportError).status).toBe(200)
        expect((second as NumbersError.TransportError).attempts).toBe(4)

        const html = yield* prepare({ ListAvailableRegions: { htmlError: 1 } })
        const third = failure((yield* drive(html.client.listAvailableRegions())).exit) as NumbersError.ServerError
        expect(third._tag).toBe("ServerError")
        expect(third.body).toBeUndefined()
        expect(third.excerpt).toContain("nginx")
        expect(third.attempts).toBe(4)
      }))

    it.effect("a malformed 2xx body on a read is retried as transient, then ResponseDecodeError showing no secret", () =>
      Effect.gen(function*() {
        const { client, emulator, sent } = yield* prepare({ GetCallbackConfiguration: { malformedJson: 1 } })
        const error = failure(
          (yield* drive(client.getCallbackConfiguration())).exit
        ) as NumbersError.ResponseDecodeError
        expect(error._tag).toBe("ResponseDecodeError")
        expect(error.status).toBe(200)
        expect(error.malformed).toBe(true)
        expect(error.attempts).toBe(4)
        expect(error.reason).toContain("not JSON")
        expect(error.excerpt).toContain("emulator-project")
        const secret = yield* emulator.hmacSecret
        expect(JSON.stringify(error)).not.toContain(secret.slice(0, 12))
        expect(error.message).not.toContain(secret.slice(0, 12))
        expect(yield* sent("GetCallbackConfiguration")).toBe(4)
      }))

    it.effect("rentNumber under a dropped connection is sent once, and its reconcile returns the rented number", () =>
      Effect.gen(function*() {
        const { available, client, sent } = yield* prepare({ RentNumber: { dropBeforeResponse: 1 } })
        const { exit } = yield* drive(client.rentNumber(available[0]!))
        const rented = success(exit)
        expect(rented.phoneNumber).toBe(available[0])
        expect(rented.expireAt).toBeUndefined()
        expect(yield* sent("RentNumber")).toBe(1)
        expect(yield* sent("GetActiveNumber")).toBe(1)
      }))

    it.effect("releaseNumber under a body cut short is sent once, and its reconcile sees the expireAt", () =>
      Effect.gen(function*() {
        const { active, client, sent } = yield* prepare({ ReleaseNumber: { dropMidBody: 1 } })
        const released = success((yield* drive(client.releaseNumber(active[0]!))).exit)
        expect(released.phoneNumber).toBe(active[0])
        expect(released.expireAt).not.toBeNull()
        expect(yield* sent("ReleaseNumber")).toBe(1)
      }))

    it.effect("rentNumber whose 503 was not processed: the reconcile finds nothing, OutcomeUnknown says what to check", () =>
      Effect.gen(function*() {
        const { available, client, sent } = yield* prepare({ RentNumber: { rate: 1, statuses: [503] } })
        const error = failure((yield* drive(client.rentNumber(available[0]!))).exit) as NumbersError.OutcomeUnknown
        expect(error._tag).toBe("OutcomeUnknown")
        expect(error.operation).toBe("rentNumber")
        expect(error.failure).toBe("ServerError")
        expect(error.status).toBe(503)
        expect(error.attempts).toBe(1)
        expect(error.check).toContain(`getActiveNumber("${available[0]}")`)
        expect(error.check).toContain("found it not active in this project")
        expect(error.message).toContain("may or may not have taken effect")
        expect(yield* sent("RentNumber")).toBe(1)
      }))

    it.effect("createNumberOrder, submitNumberOrder and rentAnyNumber are never repeated after an ambiguous failure", () =>
      Effect.gen(function*() {
        const created = yield* prepare({ CreateNumberOrder: { rate: 1, statuses: [500] } })
        const first = failure(
          (yield* drive(created.client.createNumberOrder({
            regionCode: "US",
            numberType: "LOCAL",
            quantityOrderOption: { requestedQuantity: 1 }
          }))).exit
        ) as NumbersError.OutcomeUnknown
        expect(first._tag).toBe("OutcomeUnknown")
        expect(first.failure).toBe("ServerError")
        expect(first.check).toContain("before creating another")
        expect(yield* created.sent("CreateNumberOrder")).toBe(1)

        const any = yield* prepare({ RentAnyNumber: { dropBeforeResponse: 1 } })
        const second = failure(
          (yield* drive(any.client.rentAnyNumber({ regionCode: "US", type: "LOCAL" }))).exit
        ) as NumbersError.OutcomeUnknown
        expect(second.failure).toBe("TransportError")
        expect(second.check).toContain("regionCode US, type LOCAL")
        expect(yield* any.sent("RentAnyNumber")).toBe(1)

        const submitted = yield* prepare({})
        const order = yield* submitted.client.createNumberOrder({
          regionCode: "US",
          numberType: "LOCAL",
          quantityOrderOption: { requestedQuantity: 1 }
        })
        yield* submitted.emulator.setFaults(
          new Faults.Faults({ operations: { SubmitNumberOrder: new Faults.FaultRule({ malformedJson: 1 }) } })
        )
        const third = failure(
          (yield* drive(submitted.client.submitNumberOrder(order.idNumberOrder!))).exit
        ) as NumbersError.OutcomeUnknown
        expect(third.failure).toBe("ResponseDecodeError")
        expect(third.check).toContain(`getNumberOrder("${order.idNumberOrder!}")`)
        expect(yield* submitted.sent("SubmitNumberOrder")).toBe(1)
        // It did go through: the check the error names shows it.
        expect((yield* submitted.client.getNumberOrder(order.idNumberOrder!)).state).not.toBe("CREATED")
      }))

    it.effect("a billable call's 429 is a definite refusal: RateLimited, sent once", () =>
      Effect.gen(function*() {
        const { available, client, sent } = yield* prepare({ RentNumber: { rate: 1, statuses: [429], retryAfter: 1 } })
        const error = failure((yield* drive(client.rentNumber(available[0]!))).exit)
        expect(error._tag).toBe("RateLimited")
        expect(yield* sent("RentNumber")).toBe(1)
      }))

    it.effect("the per-attempt timeout fails a slow attempt; reads retry it, billable calls do not", () =>
      Effect.gen(function*() {
        const slow = yield* prepare({ GetActiveNumber: { latency: 60_000 } }, { timeout: "1 second" })
        const error = failure((yield* drive(slow.client.getActiveNumber(slow.active[0]!))).exit) as NumbersError.Timeout
        expect(error._tag).toBe("Timeout")
        expect(error.scope).toBe("attempt")
        expect(error.limit).toEqual(Duration.seconds(1))
        expect(error.attempts).toBe(4)

        const billable = yield* prepare({ CreateNumberOrder: { latency: 60_000 } }, { timeout: "1 second" })
        const unknown = failure(
          (yield* drive(billable.client.createNumberOrder({
            regionCode: "US",
            numberType: "LOCAL",
            quantityOrderOption: { requestedQuantity: 1 }
          }))).exit
        ) as NumbersError.OutcomeUnknown
        expect(unknown._tag).toBe("OutcomeUnknown")
        expect(unknown.failure).toBe("Timeout")
        expect(unknown.attempts).toBe(1)
      }))

    it.effect("the total deadline bounds every attempt and wait", () =>
      Effect.gen(function*() {
        const { active, client } = yield* prepare({ GetActiveNumber: { rate: 1, statuses: [503] } }, {
          deadline: "25 seconds",
          retrySchedule: Schedule.spaced("10 seconds")
        })
        // A 10 s horizon: the deadline is never jumped to while it is further away than the next retry.
        const { exit, waits } = yield* drive(client.getActiveNumber(active[0]!), { horizon: "10 seconds" })
        const error = failure(exit) as NumbersError.Timeout
        expect(error._tag).toBe("Timeout")
        expect(error.scope).toBe("deadline")
        expect(error.attempts).toBe(3)
        expect(error.status).toBe(503)
        expect(waits.reduce((a, b) => a + b, 0)).toBe(25_000)
      }))

    it.effect("interrupting during a backoff wait stops the call: no further attempt", () =>
      Effect.gen(function*() {
        const { active, client, sent } = yield* prepare({ GetActiveNumber: { rate: 1, statuses: [503] } }, {
          retrySchedule: Schedule.spaced("1 minute")
        })
        const fiber = yield* Effect.fork(client.getActiveNumber(active[0]!))
        let sleeping = false
        while (!sleeping) {
          yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 2)))
          const now = yield* TestClock.currentTimeMillis
          sleeping = (yield* TestClock.sleeps()).pipe((s) => Array.from(s).some((at) => at === now + 60_000))
        }
        const exit = yield* Fiber.interrupt(fiber)
        expect(Exit.isInterrupted(exit)).toBe(true)
        yield* TestClock.adjust("5 minutes")
        yield* eventually(() => false, 50)
        expect(yield* sent("GetActiveNumber")).toBe(1)
      }))
  })

  it.effect("a connection refused is retried, even for billable calls: the request never left", () =>
    Effect.gen(function*() {
      const port = yield* closedPort
      const client = yield* NumbersClient.make({
        projectId: "project",
        baseUrl: `http://127.0.0.1:${port}`,
        retrySchedule: Schedule.recurs(2)
      })
      const calls: Array<Effect.Effect<unknown, NumbersError.NumbersError>> = [
        client.getActiveNumber("+12025550134"),
        client.rentNumber("+12025550134")
      ]
      for (const call of calls) {
        const error = yield* Effect.flip(call)
        expect(error._tag).toBe("TransportError")
        expect((error as NumbersError.TransportError).beforeSending).toBe(true)
        expect((error as NumbersError.TransportError).attempts).toBe(3)
        expect(error.message).toContain("ECONNREFUSED")
      }
    }).pipe(
      Effect.provide(SinchAuth.layerBasic({ keyId: "key", keySecret: "secret" })),
      Effect.provide(NodeHttpClient.layerUndici)
    ))
})
