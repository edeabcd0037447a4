import { SinchAuth } from "@effect-sinch/auth"
import { NumbersClient } from "@effect-sinch/numbers"
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Stream } from "effect"

const program = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  const found = yield* numbers.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 3 })
  yield* Console.log(found.availableNumbers.map((n) => `${n.phoneNumber} ${n.monthlyPrice?.amount} a month`))
  yield* Console.log(`${yield* Stream.runCount(numbers.listActiveNumbers())} active numbers`)
})

const MainLive = NumbersClient.layerConfig().pipe(Layer.provide(SinchAuth.layerOAuthConfig()))

program.pipe(Effect.provide(MainLive), Effect.provide(NodeHttpClient.layerUndici), NodeRuntime.runMain)
