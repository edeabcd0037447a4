import { SinchAuth } from "@effect-sinch/auth"
import { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import { Emulator, Faults } from "@effect-sinch/emulator"
import { NumbersClient, NumbersError } from "@effect-sinch/numbers"
import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"

/** The label to show for a number: its display name, or the number itself; "unknown" if it is not ours. */
export const labelFor = (phoneNumber: string) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    return yield* numbers.getActiveNumber(phoneNumber).pipe(
      Effect.map((n) => n.displayName || n.phoneNumber),
      Effect.catchTag("NotFound", () => Effect.succeed("unknown"))
    )
  })

const InProcess = Layer.unwrapEffect(
  Effect.map(
    Emulator.Emulator,
    (emulator) =>
      NumbersClient.layer({ projectId: emulator.projectId, baseUrl: emulator.baseUrl }).pipe(
        Layer.provide(
          SinchAuth.layerOAuth({
            keyId: emulator.keyId,
            keySecret: emulator.keySecret,
            tokenUrl: emulator.tokenUrl
          })
        )
      )
  )
).pipe(Layer.provideMerge(Emulator.layerHttpClient({ active: 500, seed: 42 })))

describe("labelFor, against the emulator in-process", () => {
  layer(InProcess)((it) => {
    it.effect("labels a renamed number by its display name", () =>
      Effect.gen(function*() {
        const numbers = yield* NumbersClient.NumbersClient
        const [first] = yield* Stream.runCollect(Stream.take(numbers.listActiveNumbers(), 1))
        yield* numbers.updateActiveNumber(first!.phoneNumber!, { displayName: "Support" })
        assert.strictEqual(yield* labelFor(first!.phoneNumber!), "Support")
      }))

    it.effect("labels a number that is not ours as unknown", () =>
      Effect.gen(function*() {
        assert.strictEqual(yield* labelFor("+15550000000"), "unknown")
      }))
  })
})

const OverHttp = Layer.unwrapEffect(
  Effect.map(
    Emulator.Emulator,
    (emulator) =>
      NumbersClient.layer({ projectId: emulator.projectId, baseUrl: emulator.baseUrl }).pipe(
        Layer.provide(
          SinchAuth.layerOAuth({ keyId: emulator.keyId, keySecret: emulator.keySecret, tokenUrl: emulator.tokenUrl })
        )
      )
  )
).pipe(
  Layer.provideMerge(Emulator.layer({ active: 2000 })),
  Layer.provide(NodeHttpClient.layerUndici)
)

describe("labelFor, when the API misbehaves", () => {
  layer(OverHttp, { excludeTestServices: true })((it) => {
    it.effect("still answers when a third of the requests fail with 5xx", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const numbers = yield* NumbersClient.NumbersClient
        const [first] = yield* Stream.runCollect(Stream.take(numbers.listActiveNumbers(), 1))
        yield* emulator.setFaults(
          new Faults.Faults({
            operations: { GetActiveNumber: new Faults.FaultRule({ rate: 0.33, statuses: [500, 503] }) }
          })
        )
        for (let i = 0; i < 10; i++) {
          assert.strictEqual(yield* labelFor(first!.phoneNumber!), first!.displayName || first!.phoneNumber)
        }
        const stats = yield* emulator.stats
        assert.isAbove(stats.faultsInjected, 0, "some requests did fail, and were retried")
        yield* emulator.setFaults(Faults.none)
      }))

    it.effect("a dropped answer to a rent is reconciled, not rented twice", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const numbers = yield* NumbersClient.NumbersClient
        const { availableNumbers } = yield* numbers.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 1 })
        yield* emulator.setFaults(
          new Faults.Faults({ operations: { RentNumber: new Faults.FaultRule({ dropBeforeResponse: 1 }) } })
        )
        const rented = yield* numbers.rentNumber(availableNumbers[0]!.phoneNumber!)
        assert.strictEqual(rented.phoneNumber, availableNumbers[0]!.phoneNumber)
        yield* emulator.setFaults(Faults.none)
      }))
  })
})

const notFound = (phoneNumber: string) =>
  new NumbersError.NotFound({
    operation: "getActiveNumber",
    method: "GET",
    path: `/v1/projects/test/activeNumbers/${phoneNumber}`,
    status: 404,
    attempts: 1
  })

const Mocked = Layer.mock(NumbersClient.NumbersClient, {
  getActiveNumber: (phoneNumber) =>
    phoneNumber === "+12065550100"
      ? Effect.succeed(new ActiveNumber({ phoneNumber, displayName: "Front desk" }))
      : Effect.fail(notFound(phoneNumber))
})

describe("labelFor, with a mocked client", () => {
  it.effect("uses the display name", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* labelFor("+12065550100"), "Front desk")
    }).pipe(Effect.provide(Mocked)))

  it.effect("turns NotFound into unknown", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* labelFor("+12065550199"), "unknown")
    }).pipe(Effect.provide(Mocked)))
})
