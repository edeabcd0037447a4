import { SinchAuth } from "@effect-sinch/auth"
import * as RedisTokenStore from "@effect-sinch/auth/RedisTokenStore"
import { NumbersClient } from "@effect-sinch/numbers"
import * as FleetRateLimiter from "@effect-sinch/numbers/FleetRateLimiter"
import { NodeContext, NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import * as KeyValueStore from "@effect/platform/KeyValueStore"
import { Config, Console, Duration, Effect, Layer, Redacted, Schedule } from "effect"

export const FromEnvironment = NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(NodeHttpClient.layerUndici))

export const AuthAlone = NumbersClient.layerConfig().pipe(
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

export const FromConfig = NumbersClient.layerConfigWithOAuth({
  projectId: Config.string("NUMBERS_PROJECT"),
  auth: { keyId: Config.string("NUMBERS_KEY_ID"), keySecret: Config.redacted("NUMBERS_KEY_SECRET") }
}).pipe(Layer.provide(NodeHttpClient.layerUndici))

export const Prefixed = NumbersClient.layerConfigWithOAuth({
  projectId: Config.nested(Config.string("PROJECT_ID"), "SINCH"),
  timeout: Config.duration("SINCH_TIMEOUT").pipe(Config.withDefault(Duration.seconds(30)))
})

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

// One Redis for the fleet: the shared token, and each project's request budget.
const redis = { host: "redis.internal", port: 6379, maxRetriesPerRequest: 1 }

export const FleetAuth = Layer.unwrapScoped(
  Effect.map(RedisTokenStore.make(redis), (shared) => SinchAuth.layerOAuthConfig({ store: { shared } }))
)

// 45 requests a second, at most 10 at once, for the 20 pods of the project together (each keeps to 45 / 20 on its
// own while Redis fails)
export const FleetNumbers = Layer.unwrapScoped(
  Effect.map(
    FleetRateLimiter.makeRedis(redis, { limit: 45, burst: 10, fleetSize: 20 }),
    (rateLimiter) => NumbersClient.layerConfig({ rateLimiter })
  )
).pipe(
  Layer.provide(FleetAuth),
  Layer.provide(NodeHttpClient.layerUndici)
)

// Each pod: SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET in the environment, then `tsx pod.ts`.
export const pod = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  const regions = yield* numbers.listAvailableRegions()
  yield* Console.log(`${regions.availableRegions.length} regions, one token and one budget for the fleet`)
})

if (process.env["RUN_FLEET_EXAMPLE"] === "1") pod.pipe(Effect.provide(FleetNumbers), NodeRuntime.runMain)
