import { NumbersClient } from "@effect-sinch/numbers"
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Stream } from "effect"

const program = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  const found = yield* numbers.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 3 })
  yield* Console.log(found.availableNumbers.map((n) => `${n.phoneNumber} ${n.monthlyPrice?.amount} a month`))
  yield* Console.log(`${yield* Stream.runCount(numbers.listActiveNumbers())} active numbers`)
})

// The client and its OAuth from SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET; it needs only an HttpClient.
const MainLive = NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(MainLive), NodeRuntime.runMain)
