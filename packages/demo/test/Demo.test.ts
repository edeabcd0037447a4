import { Emulator } from "@effect-sinch/emulator"
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { createHmac } from "node:crypto"
import * as DemoCli from "../src/DemoCli.js"
import * as DemoSession from "../src/DemoSession.js"

// Smaller than the demo's 100,000 to keep the suite fast; the session does not depend on the size.
const active = 20_000

describe("pnpm demo", () => {
  it.live("runs every step against the emulator and reports what it did", () =>
    Effect.gen(function*() {
      const lines = yield* Ref.make<Array<string>>([])
      const summary = yield* DemoSession.session({
        print: (line) => Ref.update(lines, (all) => [...all, line]),
        expectedActive: active
      })
      const emulator = yield* Emulator.Emulator
      const numbers = yield* NumbersClient.NumbersClient

      // search, rent, rent any: the numbers match the criteria the session asked for
      assert.isAbove(summary.found, 0)
      assert.match(summary.rented, /^\+1415\d{7}$/)
      assert.match(summary.rentedAny, /^\+1212\d{7}$/)

      // the number order completed and its number became ours
      assert.strictEqual(summary.order.state, "COMPLETED")
      assert.strictEqual(summary.order.phoneNumbers.length, 1)
      assert.match(summary.order.phoneNumbers[0]!, /^\+44/)
      const order = yield* numbers.getNumberOrder(summary.order.id)
      assert.strictEqual(order.state, "COMPLETED")

      // every active number streamed exactly once: the initial ones plus the three this session acquired
      assert.strictEqual(summary.streamed, active + 3)

      // the provisioning event for the updated number reached the webhook server and passed verification
      assert.deepStrictEqual(summary.event, {
        resourceId: summary.rentedAny,
        eventType: "PROVISIONING_TO_SMS_PLATFORM",
        status: "SUCCEEDED"
      })
      const secret = yield* emulator.hmacSecret
      assert.notStrictEqual(secret, Emulator.defaults.hmacSecret, "the session sets its own callback secret")
      const delivered = (yield* emulator.deliveries).filter((d) => d.status === "delivered")
      assert.isAtLeast(summary.eventsVerified, 2)
      for (const delivery of delivered) {
        assert.strictEqual(delivery.signature, createHmac("sha1", secret).update(delivery.body).digest("hex"))
      }
      const updated = yield* numbers.getActiveNumber(summary.rentedAny)
      assert.strictEqual(updated.displayName, "Demo support line")
      assert.strictEqual(updated.smsConfiguration?.servicePlanId, "demo-sms-plan")

      // the emergency address was provisioned as corrected by validation
      assert.deepStrictEqual(summary.emergencyAddress, { validation: "NEAR_MATCH", streetInfo: "Lenox Rd" })
      const address = yield* numbers.getEmergencyAddress(summary.rented)
      assert.strictEqual(address.streetInfo, "Lenox Rd")

      // the expected error was the typed NotFound, caught by its tag
      assert.strictEqual(summary.caught.tag, "NotFound")
      assert.include(summary.caught.message, summary.rented)

      // all three numbers were released: each now has an expiry
      assert.sameMembers(summary.released.map((r) => r.phoneNumber), [
        summary.rented,
        summary.rentedAny,
        ...summary.order.phoneNumbers
      ])
      for (const { phoneNumber } of summary.released) {
        const number = yield* numbers.getActiveNumber(phoneNumber)
        assert.isDefined(number.expireAt ?? undefined, `${phoneNumber} has an expireAt after release`)
      }

      // and it printed its steps as it went
      assert.isAbove((yield* Ref.get(lines)).length, 20)
    }).pipe(Effect.provide(DemoSession.emulatorLayer(DemoSession.emulatorOptions(active)))), 60_000)

  it.live("the command runs end to end against its own emulator and succeeds", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(DemoCli.main(["--active", "2000"], DemoSession.silent))
      assert.isTrue(Exit.isSuccess(exit), String(exit))
    }), 60_000)

  it.live(
    "--live runs only read-only operations (here against an emulator named by the environment)",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const lines = yield* Ref.make<Array<string>>([])
        yield* DemoCli.main(["--live"], (line) => Ref.update(lines, (all) => [...all, line])).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(
            new Map([
              ["SINCH_PROJECT_ID", emulator.projectId],
              ["SINCH_KEY_ID", emulator.keyId],
              ["SINCH_KEY_SECRET", Redacted.value(emulator.keySecret)],
              ["SINCH_NUMBERS_URL", emulator.baseUrl],
              ["SINCH_AUTH_URL", emulator.tokenUrl]
            ])
          ))
        )
        const stats = yield* emulator.stats
        const readOnly = [
          "OAuthToken",
          "ListAvailableRegions",
          "ListAvailableNumbers",
          "GetAvailableNumber",
          "ListActiveNumbers",
          "GetCallbackConfiguration"
        ]
        assert.sameMembers(Object.keys(stats.requests), readOnly)
        assert.isFalse((yield* Ref.get(lines)).some((line) => line.includes(Emulator.defaults.hmacSecret)))
      }).pipe(Effect.provide(Emulator.layer({ active: 50 }))),
    60_000
  )

  it.live("--live without credentials fails with a message naming the variables", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        DemoCli.main(["--live"], DemoSession.silent).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
        )
      )
      assert.strictEqual(error._tag, "DemoFailed")
      assert.include(error.message, "SINCH_PROJECT_ID")
      assert.include(error.message, "SINCH_KEY_SECRET")
    }))

  it.effect("an unknown flag fails instead of running", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(DemoCli.main(["--bogus"], DemoSession.silent))
      assert.include(error.message, "--bogus")
      const notANumber = yield* Effect.flip(DemoCli.main(["--active", "ten"], DemoSession.silent))
      assert.include(notANumber.message, "ten")
      const negative = yield* Effect.flip(DemoCli.main(["--active", "-5"], DemoSession.silent))
      assert.include(negative.message, "non-negative")
    }))
})
