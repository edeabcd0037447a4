/** @internal */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberSet from "effect/FiberSet"
import type * as Scope from "effect/Scope"
import * as Faults from "../Faults.js"
import { parseBasic, sameSecret, Tokens } from "./auth.js"
import type { Config, Ctx, Handler } from "./context.js"
import { FireEventRequest } from "./control.js"
import type { Delivery } from "./events.js"
import { deliver, eventTimestamp } from "./events.js"
import * as FaultPlan from "./faultPlan.js"
import * as Inventory from "./inventory.js"
import * as Numbers from "./numbers.js"
import * as Orders from "./orders.js"
import type { EmulatorRequest, Outcome } from "./protocol.js"
import { bytesOf, decodeWith, errorOutcome, jsonBody, jsonOutcome, textOutcome } from "./protocol.js"
import { Store } from "./store.js"
import type { ErrorResponse } from "./wire.js"
import { invalidArgument, notFound, routeNotFound, serverError, unauthenticated } from "./wire.js"

// ---------------------------------------------------------------------------------------------------------------
// routes

interface RouteSpec {
  readonly method: string
  readonly pattern: RegExp
  readonly operationId: Faults.OperationId
  readonly handler: Handler
}

const seg = "([^/:]+)"
const routes: ReadonlyArray<RouteSpec> = [
  {
    method: "GET",
    pattern: /^availableNumbers$/,
    operationId: "ListAvailableNumbers",
    handler: Numbers.listAvailableNumbers
  },
  {
    method: "POST",
    pattern: /^availableNumbers:rentAny$/,
    operationId: "RentAnyNumber",
    handler: Numbers.rentAnyNumber
  },
  {
    method: "GET",
    pattern: new RegExp(`^availableNumbers/${seg}$`),
    operationId: "GetAvailableNumber",
    handler: Numbers.getAvailableNumber
  },
  {
    method: "POST",
    pattern: new RegExp(`^availableNumbers/${seg}:rent$`),
    operationId: "RentNumber",
    handler: Numbers.rentNumber
  },
  { method: "GET", pattern: /^activeNumbers$/, operationId: "ListActiveNumbers", handler: Numbers.listActiveNumbers },
  {
    method: "GET",
    pattern: new RegExp(`^activeNumbers/${seg}$`),
    operationId: "GetActiveNumber",
    handler: Numbers.getActiveNumber
  },
  {
    method: "PATCH",
    pattern: new RegExp(`^activeNumbers/${seg}$`),
    operationId: "UpdateActiveNumber",
    handler: Numbers.updateActiveNumber
  },
  {
    method: "POST",
    pattern: new RegExp(`^activeNumbers/${seg}:release$`),
    operationId: "ReleaseNumber",
    handler: Numbers.releaseNumber
  },
  {
    method: "GET",
    pattern: new RegExp(`^activeNumbers/${seg}/emergencyAddress$`),
    operationId: "GetEmergencyAddress",
    handler: Numbers.getEmergencyAddress
  },
  {
    method: "POST",
    pattern: new RegExp(`^activeNumbers/${seg}/emergencyAddress:provision$`),
    operationId: "ProvisionEmergencyAddress",
    handler: Numbers.provisionEmergencyAddress
  },
  {
    method: "POST",
    pattern: new RegExp(`^activeNumbers/${seg}/emergencyAddress:deprovision$`),
    operationId: "DeprovisionEmergencyAddress",
    handler: Numbers.deprovisionEmergencyAddress
  },
  {
    method: "POST",
    pattern: new RegExp(`^activeNumbers/${seg}/emergencyAddress:validate$`),
    operationId: "ValidateEmergencyAddress",
    handler: Numbers.validateEmergencyAddress
  },
  {
    method: "GET",
    pattern: /^availableRegions$/,
    operationId: "ListAvailableRegions",
    handler: Numbers.listAvailableRegions
  },
  {
    method: "GET",
    pattern: /^callbackConfiguration$/,
    operationId: "GetCallbackConfiguration",
    handler: Numbers.getCallbackConfiguration
  },
  {
    method: "PATCH",
    pattern: /^callbackConfiguration$/,
    operationId: "UpdateCallbackConfiguration",
    handler: Numbers.updateCallbackConfiguration
  },
  {
    method: "POST",
    pattern: /^numberOrders:lookupNumberRequirements$/,
    operationId: "LookupNumberRequirements",
    handler: Orders.lookupNumberRequirements
  },
  {
    method: "POST",
    pattern: /^numberOrders:createNumberOrder$/,
    operationId: "CreateNumberOrder",
    handler: Orders.createNumberOrder
  },
  {
    method: "GET",
    pattern: new RegExp(`^numberOrders/${seg}$`),
    operationId: "GetNumberOrder",
    handler: Orders.getNumberOrder
  },
  {
    method: "GET",
    pattern: new RegExp(`^numberOrders/${seg}/registration$`),
    operationId: "GetNumberOrderRegistration",
    handler: Orders.getNumberOrderRegistration
  },
  {
    method: "PUT",
    pattern: new RegExp(`^numberOrders/${seg}/registration$`),
    operationId: "UpdateNumberOrderRegistration",
    handler: Orders.updateNumberOrderRegistration
  },
  {
    method: "POST",
    pattern: new RegExp(`^numberOrders/${seg}/attachments/${seg}$`),
    operationId: "UploadNumberOrderAttachment",
    handler: Orders.uploadNumberOrderAttachment
  },
  {
    method: "POST",
    pattern: new RegExp(`^numberOrders/${seg}/submit$`),
    operationId: "SubmitNumberOrder",
    handler: Orders.submitNumberOrder
  }
]

type Matched =
  | { readonly _tag: "Api"; readonly spec: RouteSpec; readonly projectId: string; readonly params: Array<string> }
  | { readonly _tag: "Token" }
  | { readonly _tag: "NotFound" }

const match = (method: string, pathname: string): Matched => {
  if (pathname === "/oauth2/token") return method === "POST" ? { _tag: "Token" } : { _tag: "NotFound" }
  const m = /^\/v1\/projects\/([^/]+)\/(.+)$/.exec(pathname)
  if (m === null) return { _tag: "NotFound" }
  let projectId: string
  let rest: string
  try {
    projectId = decodeURIComponent(m[1]!)
    rest = decodeURIComponent(m[2]!)
  } catch {
    return { _tag: "NotFound" }
  }
  for (const spec of routes) {
    if (spec.method !== method) continue
    const found = spec.pattern.exec(rest)
    if (found !== null) return { _tag: "Api", spec, projectId, params: found.slice(1) }
  }
  return { _tag: "NotFound" }
}

// ---------------------------------------------------------------------------------------------------------------
// stats

/** @internal */
export interface StatsSnapshot {
  readonly tokensIssued: number
  readonly requestsTotal: number
  readonly requests: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly faultsInjected: number
  readonly unencodedQueryValues: number
  readonly events: { readonly delivered: number; readonly failed: number; readonly skipped: number }
}

class Stats {
  tokensIssued = 0
  requestsTotal = 0
  faultsInjected = 0
  unencodedQueryValues = 0
  delivered = 0
  failed = 0
  skipped = 0
  readonly requests = new Map<string, Map<string, number>>()

  count(operationId: string, status: string) {
    this.requestsTotal++
    let byStatus = this.requests.get(operationId)
    if (byStatus === undefined) {
      byStatus = new Map()
      this.requests.set(operationId, byStatus)
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1)
  }

  snapshot(): StatsSnapshot {
    return {
      tokensIssued: this.tokensIssued,
      requestsTotal: this.requestsTotal,
      requests: Object.fromEntries([...this.requests].map(([op, byStatus]) => [op, Object.fromEntries(byStatus)])),
      faultsInjected: this.faultsInjected,
      unencodedQueryValues: this.unencodedQueryValues,
      events: { delivered: this.delivered, failed: this.failed, skipped: this.skipped }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// engine

/** @internal */
export interface FiredEvent {
  readonly payload: Record<string, unknown>
  readonly delivery: Delivery
}

/** @internal */
export interface Engine {
  readonly config: Config
  readonly handle: (request: EmulatorRequest) => Effect.Effect<Outcome>
  readonly stats: Effect.Effect<StatsSnapshot>
  readonly reset: Effect.Effect<void>
  readonly faults: Effect.Effect<Faults.Faults>
  readonly setFaults: (faults: Faults.Faults) => Effect.Effect<void>
  readonly fireEvent: (request: FireEventRequest) => Effect.Effect<FiredEvent, ErrorResponse>
  readonly deliveries: Effect.Effect<ReadonlyArray<Delivery>>
  readonly hmacSecret: Effect.Effect<string>
  readonly store: () => Store
}

const htmlPage = (status: 502 | 503) => {
  const title = status === 502 ? "502 Bad Gateway" : "503 Service Temporarily Unavailable"
  return `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`
}

const expiredAt = (millis: number) => new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z")

const maxDeliveries = 1000

/** @internal */
export const make = (
  config: Config,
  client: HttpClient.HttpClient
): Effect.Effect<Engine, string, Scope.Scope> =>
  Effect.gen(function*() {
    const inventory = Inventory.make({ seed: config.seed, active: config.active, available: config.available })
    if (typeof inventory === "string") return yield* Effect.fail(inventory)
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
    const tokens = new Tokens(config.keySecret, config.seed)
    let store = new Store(inventory, config.projectId, config.hmacSecret, startedAt)
    let stats = new Stats()
    let faults = config.faults
    let counters = new Map<string, number>()
    let deliveries: Array<Delivery> = []
    let eventCounter = 0

    const record = (delivery: Delivery) => {
      if (delivery.status === "delivered") stats.delivered++
      else if (delivery.status === "failed") stats.failed++
      else stats.skipped++
      deliveries.push(delivery)
      if (deliveries.length > maxDeliveries) deliveries = deliveries.slice(-maxDeliveries)
    }

    const emitNow = (url: string, payload: Record<string, unknown>) =>
      Effect.suspend(() =>
        deliver(client, url, store.hmacSecret, payload, config.callbackRetries, config.callbackRetryDelayMillis)
      ).pipe(Effect.tap((delivery) => Effect.sync(() => record(delivery))))

    const ctx: Ctx = {
      config,
      store: () => store,
      now: Clock.currentTimeMillis,
      schedule: (delayMillis, effect) => background(Effect.delay(effect, Duration.millis(delayMillis))),
      emit: (url, payload) => url === "" ? Effect.void : background(emitNow(url, payload)),
      emitNow,
      nextEventId: () => {
        eventCounter++
        const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
        let id = "01"
        for (let i = 0; i < 24; i++) id += alphabet[Inventory.hash32(config.seed, eventCounter, i, 0xe7e7) % 32]
        return id
      },
      noteUnencoded: () => {
        stats.unencodedQueryValues++
      }
    }

    // ----- auth

    const authorize = (request: EmulatorRequest, now: number): ErrorResponse | undefined => {
      const header = request.headers.get("authorization")
      const challenge = `Bearer realm="Sinch Numbers emulator", Basic realm="Sinch Numbers emulator"`
      if (header === null || header.trim() === "") {
        return unauthenticated("Missing credentials: send a Bearer token from /oauth2/token, or HTTP Basic", challenge)
      }
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)
      if (bearer !== null) {
        const claims = tokens.verify(bearer[1]!)
        if (claims === undefined) {
          return unauthenticated(
            "Invalid access token",
            `Bearer error="invalid_token", error_description="Jwt is malformed or was not issued by this server", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"`
          )
        }
        if (claims.ems <= now) {
          return unauthenticated(
            "Access token expired",
            `Bearer error="invalid_token", error_description="Jwt expired at ${
              expiredAt(claims.ems)
            }", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"`
          )
        }
        return undefined
      }
      const basic = parseBasic(header)
      if (basic !== undefined && basic.id === config.keyId && sameSecret(basic.secret, config.keySecret)) {
        return undefined
      }
      return unauthenticated("Invalid credentials", challenge)
    }

    const tokenEndpoint = (request: EmulatorRequest): Effect.Effect<Outcome> =>
      Effect.gen(function*() {
        const bytes = yield* Effect.orElseSucceed(request.body, () => new Uint8Array())
        const form = new URLSearchParams(new TextDecoder().decode(bytes))
        const grantType = form.get("grant_type")
        if (grantType !== "client_credentials") {
          return jsonOutcome(400, {
            error: grantType === null ? "invalid_request" : "unsupported_grant_type",
            error_description: grantType === null
              ? "The request is missing a required parameter: grant_type."
              : "The authorization grant type is not supported by the authorization server.",
            error_hint: "Send grant_type=client_credentials as a form body.",
            status_code: 400
          })
        }
        const header = request.headers.get("authorization")
        const credentials = header !== null
          ? parseBasic(header)
          : form.get("client_id") !== null
          ? { id: form.get("client_id")!, secret: form.get("client_secret") ?? "" }
          : undefined
        if (
          credentials === undefined || credentials.id !== config.keyId ||
          !sameSecret(credentials.secret, config.keySecret)
        ) {
          return jsonOutcome(401, {
            error: "invalid_client",
            error_description:
              "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).",
            error_hint: "The requested OAuth 2.0 Client does not exist or the credentials are wrong.",
            status_code: 401
          }, { "www-authenticate": `Basic realm="Sinch auth emulator"` })
        }
        const now = yield* Clock.currentTimeMillis
        stats.tokensIssued++
        return jsonOutcome(200, {
          access_token: tokens.issue(config.keyId, now, config.tokenTtlMillis, stats.tokensIssued),
          token_type: "bearer",
          expires_in: Math.ceil(config.tokenTtlMillis / 1000),
          scope: ""
        }, { "cache-control": "no-store", pragma: "no-cache" })
      })

    const api = (matched: Extract<Matched, { _tag: "Api" }>, request: EmulatorRequest): Effect.Effect<Outcome> =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const denied = authorize(request, now)
        if (denied !== undefined) return errorOutcome(denied)
        if (matched.projectId !== config.projectId) {
          return errorOutcome(invalidArgument([{
            field: "projectId",
            description: `Unknown project ${
              JSON.stringify(matched.projectId)
            }: these credentials belong to ${config.projectId}`
          }]))
        }
        return yield* matched.spec.handler(ctx, request, matched.params).pipe(
          Effect.match({
            onFailure: errorOutcome,
            onSuccess: (reply) => jsonOutcome(reply.status, reply.body, reply.headers)
          })
        )
      })

    // ----- the request pipeline: route, faults before, handler, faults after, stats

    const applyAfter = (plan: FaultPlan.Plan, outcome: Outcome): Outcome => {
      if (outcome._tag !== "Response") return outcome
      switch (plan._tag) {
        case "DropBeforeResponse":
          return { _tag: "DropBeforeResponse" }
        case "DropMidBody": {
          const body = bytesOf(outcome.body)
          return body.length < 2 ? { _tag: "DropBeforeResponse" } : { ...outcome, _tag: "DropMidBody", body }
        }
        case "MalformedJson": {
          const body = bytesOf(outcome.body)
          const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)))
          return {
            ...outcome,
            headers: { ...outcome.headers, "content-type": "application/json" },
            body: body.length === 0 ? "{\"" : cut
          }
        }
        default:
          return outcome
      }
    }

    const statusKey = (outcome: Outcome) =>
      outcome._tag === "Response" ? String(outcome.status) : outcome._tag === "DropBeforeResponse"
        ? "dropBeforeResponse"
        : "dropMidBody"

    const serve = (request: EmulatorRequest): Effect.Effect<Outcome> =>
      Effect.gen(function*() {
        const matched = match(request.method.toUpperCase(), request.url.pathname)
        if (matched._tag === "NotFound") {
          stats.count("Unknown", "404")
          return errorOutcome(routeNotFound(request.method, request.url.pathname))
        }
        const operationId: Faults.OperationId = matched._tag === "Token" ? "OAuthToken" : matched.spec.operationId
        const n = counters.get(operationId) ?? 0
        counters.set(operationId, n + 1)
        const plan = FaultPlan.decide(faults, config.seed, operationId, n)
        if (plan.latency > 0) yield* Effect.interruptible(Effect.sleep(Duration.millis(plan.latency)))
        let outcome: Outcome
        if (plan._tag === "Status") {
          stats.faultsInjected++
          outcome = operationId === "OAuthToken" && plan.retryAfter < 0
            ? jsonOutcome(429, { error: "rate_limited", error_description: "Too many requests", status_code: 429 })
            : errorOutcome({
              ...serverError(plan.status),
              headers: plan.status === 429 && plan.retryAfter >= 0 ? { "retry-after": String(plan.retryAfter) } : {}
            })
        } else if (plan._tag === "Html") {
          stats.faultsInjected++
          outcome = textOutcome(plan.status, htmlPage(plan.status), "text/html")
        } else {
          outcome = matched._tag === "Token" ? yield* tokenEndpoint(request) : yield* api(matched, request)
          if (plan._tag !== "Pass") {
            stats.faultsInjected++
            outcome = applyAfter(plan, outcome)
          }
        }
        stats.count(operationId, statusKey(outcome))
        return outcome
      }).pipe(
        Effect.catchAllDefect((defect) =>
          Effect.as(
            Effect.logError("emulator: request failed", defect),
            errorOutcome({
              ...serverError(500),
              body: { error: { code: 500, message: String(defect), status: "INTERNAL", details: [] } }
            })
          )
        )
      )

    // ----- control

    const fireEvent = (request: FireEventRequest): Effect.Effect<FiredEvent, ErrorResponse> =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        let url: string
        let payload: Record<string, unknown>
        if (request.numberOrderId !== undefined) {
          const order = store.orders.get(request.numberOrderId)
          if (order === undefined) return yield* Effect.fail(notFound("NumberOrder", request.numberOrderId))
          url = request.callbackUrl ?? order.callbackUrl ?? ""
          payload = {
            eventId: ctx.nextEventId(),
            timestamp: eventTimestamp(now),
            projectId: config.projectId,
            resourceId: order.id,
            resourceType: "NUMBER_ORDER",
            eventType: request.eventType ?? "NUMBER_ORDER_PROCESSING",
            status: request.status ?? order.state,
            failureCode: request.failureCode ?? null,
            internalFailureCode: null
          }
        } else if (request.phoneNumber !== undefined) {
          const active = store.getActive(request.phoneNumber, now)
          if (active === undefined) return yield* Effect.fail(notFound("ActiveNumber", request.phoneNumber))
          url = request.callbackUrl ?? active.callbackUrl
          payload = {
            eventId: ctx.nextEventId(),
            timestamp: eventTimestamp(now),
            projectId: config.projectId,
            resourceId: active.phoneNumber,
            resourceType: "ACTIVE_NUMBER",
            eventType: request.eventType ?? "PROVISIONING_TO_SMS_PLATFORM",
            status: request.status ?? "SUCCEEDED",
            failureCode: request.failureCode ?? null,
            internalFailureCode: null
          }
        } else {
          return yield* Effect.fail(invalidArgument([{
            field: "phoneNumber",
            description: "Give a phoneNumber (an active number) or a numberOrderId"
          }]))
        }
        if (url === "") {
          return yield* Effect.fail(invalidArgument([{
            field: "callbackUrl",
            description: "The resource has no callbackUrl; set one on it or pass callbackUrl"
          }]))
        }
        // interruptible, so that its per-attempt timeout holds even inside a request
        const delivery = yield* Effect.interruptible(emitNow(url, payload))
        return { payload, delivery }
      })

    const reset = Effect.gen(function*() {
      yield* FiberSet.clear(fibers)
      const now = yield* Clock.currentTimeMillis
      store = new Store(inventory, config.projectId, config.hmacSecret, now)
      stats = new Stats()
      faults = config.faults
      counters = new Map()
      deliveries = []
      eventCounter = 0
    })

    const control = (request: EmulatorRequest): Effect.Effect<Outcome> => {
      const path = request.url.pathname.replace(/\/+$/, "")
      const method = request.method.toUpperCase()
      const route = `${method} ${path}`
      switch (route) {
        case "GET /_emulator":
          return Effect.succeed(jsonOutcome(200, {
            projectId: config.projectId,
            keyId: config.keyId,
            seed: config.seed,
            active: config.active,
            available: config.available
          }))
        case "GET /_emulator/stats":
          return Effect.sync(() => jsonOutcome(200, stats.snapshot()))
        case "POST /_emulator/reset":
          return Effect.as(reset, jsonOutcome(200, {}))
        case "GET /_emulator/faults":
          return Effect.sync(() => jsonOutcome(200, faults))
        case "PUT /_emulator/faults":
          return jsonBody(request).pipe(
            // strict: a misspelt rule or operation must not be silently ignored
            Effect.flatMap((json) => decodeWith(Faults.Faults, json, undefined, "error")),
            Effect.tap((decoded) =>
              Effect.sync(() => {
                faults = decoded
                counters = new Map()
              })
            ),
            Effect.match({ onFailure: errorOutcome, onSuccess: (decoded) => jsonOutcome(200, decoded) })
          )
        case "GET /_emulator/events":
          return Effect.sync(() => jsonOutcome(200, { deliveries }))
        case "POST /_emulator/events":
          return jsonBody(request).pipe(
            Effect.flatMap((json) => decodeWith(FireEventRequest, json)),
            Effect.flatMap(fireEvent),
            Effect.match({ onFailure: errorOutcome, onSuccess: (fired) => jsonOutcome(200, fired) })
          )
        default:
          return Effect.succeed(errorOutcome(routeNotFound(method, path)))
      }
    }

    // Requests still being handled when the emulator stops are interrupted, so that they do not hold up its shutdown.
    const inFlight = new Set<Fiber.RuntimeFiber<unknown, unknown>>()
    yield* Effect.addFinalizer(() => Effect.suspend(() => Fiber.interruptAll([...inFlight])))

    // A handler runs to the end even if its client goes away, as a real server's would; only its waits (the body,
    // an injected latency, a fired event's delivery) can be interrupted, by the client or by the emulator stopping.
    const handle = (request: EmulatorRequest): Effect.Effect<Outcome> =>
      Effect.withFiberRuntime<Outcome>((fiber) => {
        inFlight.add(fiber)
        const waitable = { ...request, body: Effect.interruptible(request.body) }
        return (request.url.pathname === "/_emulator" || request.url.pathname.startsWith("/_emulator/")
          ? control(waitable)
          : serve(waitable)).pipe(
            Effect.uninterruptible,
            Effect.ensuring(Effect.sync(() => inFlight.delete(fiber)))
          )
      })

    return {
      config,
      handle,
      stats: Effect.sync(() => stats.snapshot()),
      reset,
      faults: Effect.sync(() => faults),
      setFaults: (next) =>
        Effect.sync(() => {
          faults = next
          counters = new Map()
        }),
      fireEvent,
      deliveries: Effect.sync(() => deliveries),
      hmacSecret: Effect.sync(() => store.hmacSecret),
      store: () => store
    }
  })
