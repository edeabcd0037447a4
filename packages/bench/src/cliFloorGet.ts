/**
 * The second floor of `pnpm bench --only cli`: `active get`'s work without the command line. NumbersClient with
 * SinchAuth over undici, configured from the SINCH_* variables, one `getActiveNumber` printed, bundled and launched
 * as `sinch-numbers` is (BinBundle). `sinch-numbers active get` cannot answer sooner than this plus `@effect/cli`.
 */
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const phoneNumber = process.argv[2] ?? ""

Effect.flatMap(NumbersClient.NumbersClient, (numbers) => numbers.getActiveNumber(phoneNumber)).pipe(
  Effect.flatMap((found) => Console.log(found.phoneNumber)),
  Effect.provide(NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(NodeHttpClient.layerUndici))),
  NodeRuntime.runMain
)
