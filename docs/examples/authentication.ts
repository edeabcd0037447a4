import { SinchAuth } from "@effect-sinch/auth"
import { NumbersClient } from "@effect-sinch/numbers"
import { NodeContext, NodeHttpClient } from "@effect/platform-node"
import * as KeyValueStore from "@effect/platform/KeyValueStore"
import { Config, Duration, Effect, Layer, Redacted, Schedule } from "effect"

export const FromEnvironment = NumbersClient.layerConfig().pipe(
  Layer.provide(SinchAuth.layerOAuthConfig()),
  Layer.provide(NodeHttpClient.layerUndici)
)

export const FromValues = (tenant: { projectId: string; keyId: string; keySecret: Redacted.Redacted }) =>
  NumbersClient.layer({ projectId: tenant.projectId }).pipe(
    Layer.provide(SinchAuth.layerOAuth({ keyId: tenant.keyId, keySecret: tenant.keySecret })),
    Layer.provide(NodeHttpClient.layerUndici)
  )

export const WithBasic = NumbersClient.layer({ projectId: "your-project-id" }).pipe(
  Layer.provide(SinchAuth.layerBasic({ keyId: "your-key-id", keySecret: Redacted.make("your-key-secret") })),
  Layer.provide(NodeHttpClient.layerUndici)
)

export const FromConfig = Layer.unwrapEffect(
  Effect.gen(function*() {
    const projectId = yield* Config.string("NUMBERS_PROJECT")
    const keyId = yield* Config.string("NUMBERS_KEY_ID")
    const keySecret = yield* Config.redacted("NUMBERS_KEY_SECRET")
    return NumbersClient.layer({ projectId }).pipe(Layer.provide(SinchAuth.layerOAuth({ keyId, keySecret })))
  })
).pipe(Layer.provide(NodeHttpClient.layerUndici))

export const Tuned = SinchAuth.layerOAuthConfig({
  refreshSkew: Duration.minutes(5),
  retrySchedule: Schedule.spaced(Duration.seconds(1)).pipe(Schedule.intersect(Schedule.recurs(3))),
  requestTimeout: Duration.seconds(5)
})

export const SharedToken = Layer.unwrapEffect(
  Effect.map(KeyValueStore.KeyValueStore, (kv) =>
    SinchAuth.layerOAuthConfig({
      store: { kv, leaseDuration: Duration.seconds(30), pollInterval: Duration.millis(100) }
    }))
).pipe(
  Layer.provide(KeyValueStore.layerFileSystem("/var/run/sinch-token")),
  Layer.provide(NodeContext.layer)
)

export const FleetMember = NumbersClient.layerConfig().pipe(
  Layer.provide(SharedToken),
  Layer.provide(NodeHttpClient.layerUndici)
)
