/**
 * One process of a fleet (`node build/js/fleetWorker.js <json options>`): builds its SinchAuth and NumbersClient,
 * optionally on Redis (a `RedisTokenStore` for the cold start, a `FleetRateLimiter` for the shared budget), prints
 * `BENCH-READY`, waits for a line on stdin so that the whole fleet starts at once, makes its calls and prints
 * `BENCH-RESULT {json}`.
 */
import * as RedisTokenStore from "@effect-sinch/auth/RedisTokenStore"
import * as SinchAuth from "@effect-sinch/auth/SinchAuth"
import * as FleetRateLimiter from "@effect-sinch/numbers/FleetRateLimiter"
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as RateLimiterRedis from "@effect/experimental/RateLimiter/Redis"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { Connection } from "./contender.js"
import { describeError } from "./contender.js"

/** What the fleet orchestrator passes to each of its processes. */
export interface FleetWorkerOptions {
  readonly connection: Connection
  readonly phones: ReadonlyArray<string>
  /** `coldstart`: one call, the token fetched on the way; `budget`: `calls` calls, `concurrency` at a time */
  readonly mode: "coldstart" | "budget"
  readonly calls?: number
  readonly concurrency?: number
  /** share the token through this Redis (RedisTokenStore) */
  readonly tokenStore?: string
  /** pace the calls through this Redis (FleetRateLimiter) at `limit` a second, `burst` at once */
  readonly rateLimiter?: {
    readonly host: string
    readonly port: number
    readonly limit: number
    readonly burst: number
    /**
     * `make`: on `@effect/experimental`'s Redis store (a 429 pauses no other call, as before `pause` existed);
     * `makeRedis` (the default): buckets in Redis that expire, a 429 pausing the fleet
     */
    readonly store?: "make" | "makeRedis"
    /** the expected fleet size: each process's share of `limit` while Redis fails */
    readonly fleetSize?: number
    readonly password?: string
  }
}

/** What each process reports. */
export interface FleetWorkerResult {
  readonly ok: boolean
  readonly answered: number
  readonly failed: number
  readonly error?: string
  /** from the go signal to the last answer */
  readonly wallMs: number
  /** warnings logged (a store that failed), each at most once per outage */
  readonly warnings?: number
  /** when the limiter last went back to the fleet's budget after a failure, in ms from the go signal */
  readonly backToFleetMs?: number
}

/** Warnings this process logged, and when (since the go signal) its limiter last went back to the fleet's budget. */
let warnings = 0
let goAt: number | undefined
let backToFleetMs: number | undefined
const CountingLogger = Logger.replace(
  Logger.defaultLogger,
  Logger.make((entry) => {
    if (entry.logLevel._tag === "Warning") warnings++
    const text = Array.isArray(entry.message) ? entry.message.join(" ") : String(entry.message)
    if (goAt !== undefined && text.startsWith("FleetRateLimiter: the shared store answers again")) {
      backToFleetMs = performance.now() - goAt
    }
    Logger.defaultLogger.log(entry)
  })
)

const layerFor = (options: FleetWorkerOptions) => {
  const { connection } = options
  const auth = {
    keyId: connection.keyId,
    keySecret: connection.keySecret,
    tokenUrl: `${connection.baseUrl}/oauth2/token`
  }
  const tokenStore = options.tokenStore
  const AuthLive = tokenStore === undefined
    ? SinchAuth.layerOAuth(auth)
    : Layer.unwrapScoped(
      Effect.map(RedisTokenStore.make(tokenStore), (shared) => SinchAuth.layerOAuth({ ...auth, store: { shared } }))
    )
  const client = { projectId: connection.projectId, baseUrl: connection.baseUrl }
  const paced = options.rateLimiter
  const limits: FleetRateLimiter.Options = {
    limit: paced?.limit ?? 1,
    burst: paced?.burst,
    fleetSize: paced?.fleetSize,
    window: "1 second"
  }
  const NumbersLive = paced === undefined
    ? NumbersClient.layer(client)
    : paced.store === "make"
    ? Layer.unwrapEffect(
      Effect.map(FleetRateLimiter.make(limits), (limiter) =>
        // as before the limiter heard of 429s: only `take`
        NumbersClient.layer({ ...client, rateLimiter: { take: limiter.take } }))
    ).pipe(
      Layer.provide(RateLimiter.layer),
      Layer.provide(RateLimiterRedis.layerStore({ host: paced.host, port: paced.port, maxRetriesPerRequest: 1 }))
    )
    : Layer.unwrapScoped(
      Effect.map(
        FleetRateLimiter.makeRedis({
          host: paced.host,
          port: paced.port,
          ...(paced.password === undefined ? {} : { password: paced.password })
        }, limits),
        (rateLimiter) => NumbersClient.layer({ ...client, rateLimiter })
      )
    )
  return NumbersLive.pipe(
    Layer.provide(AuthLive),
    Layer.provide(NodeHttpClient.layerUndici),
    Layer.provideMerge(CountingLogger)
  )
}

/**
 * Runs the client's code paths once before the start signal: on 2 cores, 50 cold processes take seconds to reach
 * their first request (and 20 to send the requests their budget allows), where a fleet of pods, each on its own CPU,
 * sends them on time. For the cold start the warm-up call uses HTTP Basic, so that no token is fetched before the
 * signal; for the shared budget it is one call through the client itself (its token, its limiter).
 */
const warmUp = (options: FleetWorkerOptions) =>
  Effect.flatMap(NumbersClient.NumbersClient, (numbers) => Effect.ignore(numbers.getActiveNumber(options.phones[0]!)))
    .pipe(
      Effect.provide(
        NumbersClient.layer({ projectId: options.connection.projectId, baseUrl: options.connection.baseUrl }).pipe(
          Layer.provide(
            SinchAuth.layerBasic({ keyId: options.connection.keyId, keySecret: options.connection.keySecret })
          ),
          Layer.provide(NodeHttpClient.layerUndici)
        )
      )
    )

const waitForGo = () =>
  new Promise<void>((resolve) => {
    process.stdin.once("data", () => resolve())
    process.stdin.once("end", () => resolve())
  })

const main = async () => {
  const options = JSON.parse(process.argv[2] ?? "{}") as FleetWorkerOptions
  const runtime = ManagedRuntime.make(layerFor(options))
  let result: FleetWorkerResult
  try {
    const numbers = await runtime.runPromise(NumbersClient.NumbersClient)
    await (options.mode === "coldstart"
      ? Effect.runPromise(warmUp(options))
      : runtime.runPromise(Effect.ignore(numbers.getActiveNumber(options.phones[0]!))))
    process.stdout.write("BENCH-READY\n")
    await waitForGo()
    process.stdin.pause()
    const calls = options.mode === "coldstart" ? 1 : options.calls ?? 500
    let answered = 0
    let failed = 0
    let error: string | undefined
    const t0 = performance.now()
    goAt = t0
    await runtime.runPromise(
      Effect.forEach(
        Array.from({ length: calls }, (_, i) => options.phones[i % options.phones.length]!),
        (phone) =>
          numbers.getActiveNumber(phone).pipe(
            Effect.match({
              onSuccess: () => void answered++,
              onFailure: (e) => {
                failed++
                error ??= describeError(e)
              }
            })
          ),
        { concurrency: options.concurrency ?? 1, discard: true }
      )
    )
    result = {
      ok: failed === 0,
      answered,
      failed,
      ...(error === undefined ? {} : { error }),
      wallMs: performance.now() - t0,
      warnings,
      ...(backToFleetMs === undefined ? {} : { backToFleetMs })
    }
  } catch (e) {
    result = { ok: false, answered: 0, failed: 0, error: describeError(e), wallMs: 0 }
  }
  await runtime.dispose().catch(() => undefined)
  process.stdout.write(`BENCH-RESULT ${JSON.stringify(result)}\n`)
  process.exit(0)
}

void main()
