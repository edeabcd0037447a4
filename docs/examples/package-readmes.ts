import { SinchAuth } from "@effect-sinch/auth"
import { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import { PhoneNumber } from "@effect-sinch/core/PhoneNumber"
import { Emulator } from "@effect-sinch/emulator"
import { NumbersClient } from "@effect-sinch/numbers"
import { FetchHttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Config, Effect, Layer, Schema, Stream } from "effect"

// packages/core/README.md
export const decoded = Schema.decodeUnknown(ActiveNumber)({ phoneNumber: "+12025550134", regionCode: "US" })
export const phone = Schema.decodeUnknownSync(PhoneNumber)("+46701234567")

// packages/auth/README.md
export const AuthLive = SinchAuth.layerOAuthConfig().pipe(Layer.provide(FetchHttpClient.layer))

export const AuthFromOtherNames = SinchAuth.layerOAuthConfig({
  keyId: Config.string("MY_SINCH_KEY_ID"),
  keySecret: Config.redacted("MY_SINCH_KEY_SECRET")
})

// packages/numbers/README.md
export const countActive = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  return yield* Stream.runCount(numbers.listActiveNumbers({ regionCode: "US" }))
}).pipe(Effect.provide(NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(NodeHttpClient.layerUndici))))

// packages/emulator/README.md
// a real server on 127.0.0.1, any free port, for the life of the scope: Layer<Emulator, EmulatorError>
export const OnLoopback = Emulator.layer({ active: 5000 })
// or no socket at all: an HttpClient the emulator answers in-process, plus Emulator
export const InProcess = Emulator.layerHttpClient({ active: 5000 })
// or as an effect: Emulator.serve(options), Emulator.make(options) need Scope and an HttpClient
