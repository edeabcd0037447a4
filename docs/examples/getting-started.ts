import { SinchAuth } from "@effect-sinch/auth"
import { NumbersClient } from "@effect-sinch/numbers"
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Stream } from "effect"

const program = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient

  // Numbers for sale: US local numbers starting with +1415, able to send SMS
  const found = yield* numbers.searchAvailableNumbers({
    regionCode: "US",
    type: "LOCAL",
    numberPattern: { pattern: "+1415", searchPattern: "START" },
    capabilities: ["SMS"],
    size: 5
  })
  yield* Console.log(found.availableNumbers.map((n) => n.phoneNumber))

  // How many numbers the project holds: every page, fetched lazily
  const count = yield* Stream.runCount(numbers.listActiveNumbers())
  yield* Console.log(`${count} active numbers`)
})

const MainLive = NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(MainLive), NodeRuntime.runMain)

export const TwoLayers = NumbersClient.layerConfig().pipe(
  Layer.provide(SinchAuth.layerOAuthConfig()),
  Layer.provide(NodeHttpClient.layerUndici)
)

export const rentFirst = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  const found = yield* numbers.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 1 })
  const candidate = found.availableNumbers[0]
  if (candidate?.phoneNumber === undefined) return yield* Effect.fail("nothing for sale" as const)
  const rented = yield* numbers.rentNumber(candidate.phoneNumber, {
    smsConfiguration: { servicePlanId: "your-sms-service-plan-id" }
  })
  yield* Console.log(`rented ${rented.phoneNumber}, next charge ${rented.nextChargeDate ?? "-"}`)
  return rented
})
