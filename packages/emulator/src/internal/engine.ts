/** @internal */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import type { Delivery, FiredEvent } from "../Emulator.js"
import * as Faults from "../Faults.js"
import * as Auth from "./auth.js"
import * as RequestLog from "./console/requestLog.js"
import type { Config, Ctx } from "./context.js"
import * as Control from "./control.js"
import { deliver } from "./events.js"
import * as FaultPlan from "./faultPlan.js"
import * as Inventory from "./inventory.js"
import type { EmulatorRequest, IncomingRequest, Outcome } from "./protocol.js"
import {
  bodyTooLarge,
  declaredLength,
  errorOutcome,
  maxApiBodyBytes,
  maxSmallBodyBytes,
  replyOutcome
} from "./protocol.js"
import * as RateLimits from "./rateLimits.js"
import * as Routing from "./routing.js"
import * as Stats from "./stats.js"
import { Store } from "./store.js"
import type { ErrorResponse } from "./wire.js"
import { invalidArgument, notFound, permissionDenied, routeNotFound, serverError } from "./wire.js"

/** @internal */
export interface Engine {
  readonly config: Config
  readonly handle: (request: IncomingRequest) => Effect.Effect<Outcome>
  readonly stats: Effect.Effect<Stats.Stats>
  readonly reset: Effect.Effect<void>
  readonly faults: Effect.Effect<Faults.Faults>
  readonly setFaults: (faults: Faults.Faults) => Effect.Effect<void>
  /** the emulator's own limits in force (the configured ones until set, and again after a reset) */
  readonly limits: Effect.Effect<Faults.Limits>
  readonly setLimits: (limits: Faults.Limits) => Effect.Effect<void>
  readonly fireEvent: (request: Control.FireEventRequest) => Effect.Effect<FiredEvent, ErrorResponse>
  readonly deliveries: Effect.Effect<ReadonlyArray<Delivery>>
  readonly hmacSecret: Effect.Effect<string>
  /** for the console: what operations see, and the log of the last requests */
  readonly ctx: Ctx
  readonly requestLog: RequestLog.RequestLog
}

/** The fault configuration in force and how many requests of each operation it has seen. */
interface FaultState {
  readonly faults: Faults.Faults
  readonly counters: HashMap.HashMap<Faults.OperationId, number>
}

const maxDeliveries = 1000

/** The token buckets of the emulator's own limits. */
interface Buckets {
  readonly token: RateLimits.Bucket
  readonly api: RateLimits.Bucket
}

/**
 * A project the credentials do not open: 403 PERMISSION_DENIED, as the document's PermissionDenied has it, where the
 * operation lists 403; the nine operations that do not are answered with a status they list (404, else 400).
 */
const wrongProject = (route: Routing.Route, projectId: string): ErrorResponse => {
  const description = `Project ${JSON.stringify(projectId)} is not accessible with these credentials`
  return route.errors.includes(403)
    ? permissionDenied(description)
    : route.errors.includes(404)
    ? notFound("Project", projectId, description)
    : invalidArgument([{ field: "projectId", description }])
}

const eventIdAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

/**
 * The emulator: one project's state (its store, and counters in `Ref`s), the request pipeline (route, body limit, faults, auth,
 * operation, stats) and the work it runs in the background. Callbacks go out through the `HttpClient` of the
 * environment.
 *
 * @internal
 */
export const make = (
  config: Config,
  /** how many requests the console's log keeps; 0 (the default) logs nothing */
  requestLogSize = 0
): Effect.Effect<Engine, Inventory.InventoryError, Scope.Scope | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const requestLog = RequestLog.make(requestLogSize)
    const inventory = yield* Inventory.make({ seed: config.seed, active: config.active, available: config.available })
    const client = yield* HttpClient.HttpClient
    const startedAt = yield* Clock.currentTimeMillis
    // Background work (timers, callback deliveries) belongs to the emulator's scope, not to the request that
    // started it: closing the scope or a reset interrupts it.
    const fibers = yield* FiberSet.make<unknown, unknown>()
    const runInBackground = yield* FiberSet.runtime(fibers)<never>()
    // Request fibers of a Node server are uninterruptible: say explicitly that background work is not.
    const background = (effect: Effect.Effect<unknown>) =>
      Effect.sync(() => {
        runInBackground(Effect.interruptible(effect))
      })
    // Requests still being handled when the emulator stops are interrupted, so that they do not hold up its shutdown.
    const requests = yield* FiberSet.make<Outcome, never>()

    const tokens = new Auth.Tokens(config.keySecret, config.seed)
    const initialFaults: FaultState = { faults: config.faults, counters: HashMap.empty() }
    const store = new Store(inventory, config.projectId, config.hmacSecret, startedAt)
    const stats = yield* Ref.make(Stats.empty)
    const faultState = yield* Ref.make(initialFaults)
    const deliveries = yield* Ref.make<ReadonlyArray<Delivery>>([])
    const eventCounter = yield* Ref.make(0)
    // The limits in force, editable live (PUT /_emulator/limits, the console); one bucket per limit, and a limit that
    // is off keeps an unused bucket.
    const initialLimits = new Faults.Limits({
      authBurstLimit: config.authBurstLimit === undefined ? null : new Faults.BucketLimit(config.authBurstLimit),
      rateLimit: config.rateLimit === undefined ? null : new Faults.BucketLimit(config.rateLimit)
    })
    let limits = initialLimits
    const fullBuckets = (now: number): Buckets => ({
      token: RateLimits.full(limits.authBurstLimit ?? RateLimits.gatewayLimit, now),
      api: RateLimits.full(limits.rateLimit ?? RateLimits.gatewayLimit, now)
    })
    const buckets = yield* Ref.make(fullBuckets(startedAt))
    // a new limit starts with a full bucket, as at start
    const setLimits = (next: Faults.Limits) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.sync(() => {
          limits = next
        }).pipe(Effect.zipRight(Ref.set(buckets, fullBuckets(now)))))

    const record = (delivery: Delivery) =>
      Effect.zipRight(
        Ref.update(stats, Stats.countDelivery(delivery)),
        Ref.update(deliveries, (all) => [...all.slice(-(maxDeliveries - 1)), delivery])
      )

    const emitNow = (url: string, payload: Record<string, unknown>) =>
      Effect.suspend(() =>
        deliver(client, url, store.hmacSecret, payload, config.callbackRetries, config.callbackRetryDelayMillis)
      ).pipe(Effect.tap(record))

    const ctx: Ctx = {
      config,
      store,
      now: Clock.currentTimeMillis,
      schedule: (delayMillis, effect) => background(Effect.delay(effect, Duration.millis(delayMillis))),
      emit: (url, payload) => url === "" ? Effect.void : background(emitNow(url, payload)),
      emitNow,
      nextEventId: Effect.map(Ref.updateAndGet(eventCounter, (n) => n + 1), (n) => {
        let id = "01"
        for (let i = 0; i < 24; i++) id += eventIdAlphabet[Inventory.hash32(config.seed, n, i, 0xe7e7) % 32]
        return id
      }),
      noteUnencoded: Ref.update(stats, Stats.countUnencoded),
      noteCommaList: Ref.update(stats, Stats.countCommaList)
    }

    const setFaults = (faults: Faults.Faults) => Ref.set(faultState, { faults, counters: HashMap.empty() })

    const reset = Effect.gen(function*() {
      yield* FiberSet.clear(fibers)
      const now = yield* Clock.currentTimeMillis
      store.reset(now)
      yield* Ref.set(stats, Stats.empty)
      yield* Ref.set(faultState, initialFaults)
      yield* Ref.set(deliveries, [])
      yield* Ref.set(eventCounter, 0)
      yield* setLimits(initialLimits)
    })

    const controls: Control.Controls = {
      config,
      ctx,
      stats: Ref.get(stats),
      reset,
      faults: Effect.map(Ref.get(faultState), (s) => s.faults),
      setFaults,
      limits: Effect.sync(() => limits),
      setLimits,
      deliveries: Ref.get(deliveries)
    }

    /** The fault plan of this request: a function of its operation's count so far. */
    const planFor = (operationId: Faults.OperationId) =>
      Ref.modify(faultState, (state): [FaultPlan.Plan, FaultState] => {
        const n = Option.getOrElse(HashMap.get(state.counters, operationId), () => 0)
        return [
          FaultPlan.decide(state.faults, config.seed, operationId, n),
          { ...state, counters: HashMap.set(state.counters, operationId, n + 1) }
        ]
      })

    const api = (matched: Extract<Routing.Matched, { _tag: "Api" }>, request: EmulatorRequest) =>
      Effect.gen(function*() {
        const denied = Auth.authorize(config, tokens, request.headers, yield* Clock.currentTimeMillis)
        if (denied !== undefined) return errorOutcome(denied)
        if (matched.projectId !== config.projectId) return errorOutcome(wrongProject(matched.route, matched.projectId))
        return yield* matched.route.handler(ctx, request, matched.params).pipe(
          Effect.match({ onFailure: errorOutcome, onSuccess: replyOutcome })
        )
      })

    const token = (request: EmulatorRequest) =>
      Auth.tokenEndpoint(
        config,
        tokens,
        request,
        Effect.map(Ref.updateAndGet(stats, Stats.countToken), (s) => s.tokensIssued)
      )

    // A handler runs to the end even if its client goes away, as a real server's would; only its waits (the body,
    // an injected latency, a fired event's delivery) can be interrupted, by the client or by the emulator stopping.
    const bounded = (request: IncomingRequest, maxBytes: number): EmulatorRequest => ({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: Effect.interruptible(request.readBody(maxBytes))
    })

    /**
     * The emulator's own limits, before faults and auth: the token endpoint's burst limit (the gateway's 429, no
     * Retry-After) and the project's request budget (429 RESOURCE_EXHAUSTED with Retry-After). Undefined: admitted.
     */
    const throttle = (matched: Exclude<Routing.Matched, { _tag: "NotFound" | "Control" }>) => {
      const kind = matched._tag === "Token" ? "token" : "api"
      const limit = kind === "token" ? limits.authBurstLimit : limits.rateLimit
      // another project's requests are refused as such, and spend nothing of this one's budget
      if (limit === null || (matched._tag === "Api" && matched.projectId !== config.projectId)) {
        return Effect.succeed(undefined)
      }
      return Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.flatMap(
          Ref.modify(buckets, (all): [readonly [boolean, number], Buckets] => {
            const [admitted, waitMillis, bucket] = RateLimits.take(limit, all[kind], now)
            return [[admitted, waitMillis], { ...all, [kind]: bucket }]
          }),
          ([admitted, waitMillis]): Effect.Effect<Outcome | undefined> =>
            admitted ? Effect.succeed(undefined) : Effect.as(
              Ref.update(stats, Stats.countThrottled(kind)),
              kind === "token" ? FaultPlan.gatewayTooManyRequests() : errorOutcome(
                serverError(429, undefined, { "retry-after": String(RateLimits.retryAfterSeconds(waitMillis)) })
              )
            )
        ))
    }

    // ----- the request pipeline: route, body limit, limits, faults before, handler, faults after, stats

    const serve = (incoming: IncomingRequest, note: RequestLog.Note): Effect.Effect<Outcome> =>
      Effect.gen(function*() {
        const method = incoming.method.toUpperCase()
        const path = incoming.url.pathname
        const matched = Routing.match(method, path)
        if (matched._tag === "NotFound") {
          yield* Ref.update(stats, Stats.countRequest("Unknown", "404"))
          return errorOutcome(routeNotFound(method, path))
        }
        const maxBytes = matched._tag === "Api" ? maxApiBodyBytes : maxSmallBodyBytes
        // a body declared too large is refused at once, before faults, auth or a byte of it is read
        const tooLarge = (declaredLength(incoming.headers) ?? 0) > maxBytes
        const request = bounded(incoming, maxBytes)
        if (matched._tag === "Control") {
          return tooLarge ? errorOutcome(bodyTooLarge(maxBytes)) : yield* Control.control(controls, request)
        }
        const operationId: Faults.OperationId = matched._tag === "Token" ? "OAuthToken" : matched.route.operationId
        note.operation = operationId
        let outcome: Outcome
        const throttled = tooLarge ? undefined : yield* throttle(matched)
        if (tooLarge) {
          outcome = errorOutcome(bodyTooLarge(maxBytes))
        } else if (throttled !== undefined) {
          note.throttled = true
          outcome = throttled
        } else {
          const plan = yield* planFor(operationId)
          note.plan = plan
          if (plan.latency > 0) yield* Effect.interruptible(Effect.sleep(Duration.millis(plan.latency)))
          const instead = FaultPlan.answerInstead(plan, operationId)
          if (instead !== undefined) {
            yield* Ref.update(stats, Stats.countFault)
            outcome = instead
          } else {
            outcome = matched._tag === "Token" ? yield* token(request) : yield* api(matched, request)
            if (plan._tag !== "Pass") {
              yield* Ref.update(stats, Stats.countFault)
              outcome = FaultPlan.applyAfter(plan, outcome)
            }
          }
        }
        const status = outcome._tag === "Response"
          ? String(outcome.status)
          : outcome._tag === "DropBeforeResponse"
          ? "dropBeforeResponse"
          : "dropMidBody"
        yield* Ref.update(stats, Stats.countRequest(operationId, status))
        return outcome
      }).pipe(
        Effect.catchAllDefect((defect) =>
          Effect.as(
            Effect.logError("emulator: request failed", defect),
            errorOutcome(serverError(500, String(defect)))
          )
        )
      )

    const handle = (request: IncomingRequest): Effect.Effect<Outcome> =>
      Effect.withFiberRuntime<Outcome>((fiber) => {
        FiberSet.unsafeAdd(requests, fiber)
        return Effect.uninterruptible(requestLog.tap(request, serve))
      })

    return {
      config,
      handle,
      stats: Ref.get(stats),
      reset,
      faults: controls.faults,
      setFaults,
      limits: controls.limits,
      setLimits,
      fireEvent: (request) => Control.fireEvent(ctx, request),
      deliveries: Ref.get(deliveries),
      hmacSecret: Effect.sync(() => store.hmacSecret),
      ctx,
      requestLog
    }
  })
