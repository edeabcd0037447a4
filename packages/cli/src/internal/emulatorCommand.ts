/** @internal */
import * as Emulator from "@effect-sinch/emulator/Emulator"
import * as Faults from "@effect-sinch/emulator/Faults"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Output from "./output.js"

/**
 * `sinch-numbers emulator`: the emulator's main flags over `Emulator.serve`, until Ctrl-C.
 *
 * @internal
 */
export const command = Command.make(
  "emulator",
  {
    port: Options.integer("port").pipe(Options.withDescription("port (0: any free one)"), Options.withDefault(4010)),
    host: Options.text("host").pipe(Options.withDescription("interface"), Options.withDefault("127.0.0.1")),
    active: Options.integer("active").pipe(Options.withDescription("active numbers"), Options.withDefault(100)),
    available: Options.integer("available").pipe(
      Options.withDescription("numbers to rent or order"),
      Options.withDefault(10_000)
    ),
    seed: Options.integer("seed").pipe(Options.withDescription("seed of inventory and faults"), Options.withDefault(1)),
    faultRate: Options.float("fault-rate").pipe(
      Options.withDescription("rate (0..1) of 429/500/502/503 answers"),
      Options.optional
    ),
    latency: Options.integer("latency").pipe(Options.withDescription("added ms per request"), Options.optional),
    provisioningDelay: Options.integer("provisioning-delay").pipe(
      Options.withDescription("ms before SMS/voice changes apply"),
      Options.optional
    ),
    orderReviewDelay: Options.integer("order-review-delay").pipe(
      Options.withDescription("ms a submitted order stays IN_REVIEW"),
      Options.optional
    ),
    lenientEncoding: Options.boolean("lenient-encoding").pipe(
      Options.withDescription("repair an unencoded + and comma lists (the official SDK needs it)")
    )
  },
  (o) =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.serve({
        port: o.port,
        host: o.host,
        active: o.active,
        available: o.available,
        seed: o.seed,
        lenientEncoding: o.lenientEncoding,
        ...(Option.isSome(o.faultRate)
          ? { faults: new Faults.Faults({ global: new Faults.FaultRule({ rate: o.faultRate.value }) }) }
          : {}),
        ...(Option.isSome(o.latency) ? { latency: Duration.millis(o.latency.value) } : {}),
        ...(Option.isSome(o.provisioningDelay)
          ? { provisioningDelay: Duration.millis(o.provisioningDelay.value) }
          : {}),
        ...(Option.isSome(o.orderReviewDelay) ? { orderReviewDelay: Duration.millis(o.orderReviewDelay.value) } : {})
      })
      yield* Output.line(
        [
          `Sinch Numbers emulator listening on ${emulator.baseUrl}`,
          `  project id:   ${emulator.projectId}`,
          `  key id:       ${emulator.keyId}`,
          `  key secret:   ${Redacted.value(emulator.keySecret)}`,
          `  token URL:    ${emulator.tokenUrl}`,
          `Use it: SINCH_PROJECT_ID=${emulator.projectId} SINCH_KEY_ID=${emulator.keyId} SINCH_KEY_SECRET=${
            Redacted.value(emulator.keySecret)
          } SINCH_NUMBERS_URL=${emulator.baseUrl} SINCH_AUTH_URL=${emulator.tokenUrl}`,
          "Press Ctrl-C to stop."
        ].join("\n")
      )
      return yield* Effect.never
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer))
).pipe(Command.withDescription("Start the Sinch Numbers emulator on this machine (no account needed)."))
