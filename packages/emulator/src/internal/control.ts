/** @internal */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { Delivery, FiredEvent } from "../Emulator.js"
import * as Faults from "../Faults.js"
import type { Config, Ctx } from "./context.js"
import { eventTimestamp } from "./events.js"
import type { EmulatorRequest, Outcome } from "./protocol.js"
import { decodeWith, errorOutcome, jsonBody, jsonOutcome } from "./protocol.js"
import type { Stats } from "./stats.js"
import type { ErrorResponse } from "./wire.js"
import { invalidArgument, notFound, routeNotFound } from "./wire.js"

/**
 * The body of `POST /_emulator/events`: fire an event for an active number or a number order now.
 *
 * Left public (not marked internal): it is `Emulator.FireEvent`, so its declaration must ship.
 *
 * @since 0.1.0
 */
export class FireEventRequest extends Schema.Class<FireEventRequest>("@effect-sinch/emulator/FireEventRequest")({
  phoneNumber: Schema.optional(Schema.String),
  numberOrderId: Schema.optional(Schema.String),
  eventType: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  failureCode: Schema.optional(Schema.NullOr(Schema.String)),
  /** where to post it instead of the resource's callback URL */
  callbackUrl: Schema.optional(Schema.String)
}) {}

/**
 * Sends an event now, for a number order or an active number, and waits for its delivery. The payload is a real
 * Sinch event's: `failureCode` and `internalFailureCode` are null when they do not apply.
 *
 * @internal
 */
export const fireEvent = (ctx: Ctx, request: FireEventRequest): Effect.Effect<FiredEvent, ErrorResponse> =>
  Effect.gen(function*() {
    const now = yield* ctx.now
    const store = ctx.store
    let url: string
    let resource: { readonly resourceId: string; readonly resourceType: string; eventType: string; status: string }
    if (request.numberOrderId !== undefined) {
      const order = store.orders.get(request.numberOrderId)
      if (order === undefined) return yield* notFound("NumberOrder", request.numberOrderId)
      url = request.callbackUrl ?? order.callbackUrl ?? ""
      resource = {
        resourceId: order.id,
        resourceType: "NUMBER_ORDER",
        eventType: request.eventType ?? "NUMBER_ORDER_PROCESSING",
        status: request.status ?? order.state
      }
    } else if (request.phoneNumber !== undefined) {
      const active = store.getActive(request.phoneNumber, now)
      if (active === undefined) return yield* notFound("ActiveNumber", request.phoneNumber)
      url = request.callbackUrl ?? active.callbackUrl
      resource = {
        resourceId: active.phoneNumber,
        resourceType: "ACTIVE_NUMBER",
        eventType: request.eventType ?? "PROVISIONING_TO_SMS_PLATFORM",
        status: request.status ?? "SUCCEEDED"
      }
    } else {
      return yield* invalidArgument([{
        field: "phoneNumber",
        description: "Give a phoneNumber (an active number) or a numberOrderId"
      }])
    }
    if (url === "") {
      return yield* invalidArgument([{
        field: "callbackUrl",
        description: "The resource has no callbackUrl; set one on it or pass callbackUrl"
      }])
    }
    const payload: Record<string, unknown> = {
      eventId: yield* ctx.nextEventId,
      timestamp: eventTimestamp(now),
      projectId: ctx.config.projectId,
      resourceId: resource.resourceId,
      resourceType: resource.resourceType,
      eventType: resource.eventType,
      status: resource.status,
      failureCode: request.failureCode ?? null,
      internalFailureCode: null
    }
    // interruptible, so that its per-attempt timeout holds even inside a request
    const delivery = yield* Effect.interruptible(ctx.emitNow(url, payload))
    return { payload, delivery }
  })

/** What the control endpoints act on. @internal */
export interface Controls {
  readonly config: Config
  readonly ctx: Ctx
  readonly stats: Effect.Effect<Stats>
  readonly reset: Effect.Effect<void>
  readonly faults: Effect.Effect<Faults.Faults>
  readonly setFaults: (faults: Faults.Faults) => Effect.Effect<void>
  readonly limits: Effect.Effect<Faults.Limits>
  readonly setLimits: (limits: Faults.Limits) => Effect.Effect<void>
  readonly deliveries: Effect.Effect<ReadonlyArray<Delivery>>
}

/** A control document replaced by a PUT: strict, as a misspelt rule or limit must not be silently ignored. */
const replace = <A, I>(
  request: EmulatorRequest,
  schema: Schema.Schema<A, I>,
  set: (a: A) => Effect.Effect<void>
): Effect.Effect<A, ErrorResponse> =>
  jsonBody(request).pipe(
    Effect.flatMap((json) => decodeWith(schema, json, undefined, "error")),
    Effect.tap(set)
  )

/**
 * The `/_emulator` endpoints: no auth, small bodies.
 *
 * @internal
 */
export const control = (controls: Controls, request: EmulatorRequest): Effect.Effect<Outcome> => {
  const path = request.url.pathname.replace(/\/+$/, "")
  const method = request.method.toUpperCase()
  const answer = <A>(effect: Effect.Effect<A, ErrorResponse>) =>
    Effect.match(effect, { onFailure: errorOutcome, onSuccess: (body) => jsonOutcome(200, body) })
  switch (`${method} ${path}`) {
    case "GET /_emulator":
      return Effect.succeed(jsonOutcome(200, {
        projectId: controls.config.projectId,
        keyId: controls.config.keyId,
        seed: controls.config.seed,
        active: controls.config.active,
        available: controls.config.available,
        lenientEncoding: controls.config.lenientEncoding
      }))
    case "GET /_emulator/stats":
      return answer(controls.stats)
    case "POST /_emulator/reset":
      return answer(Effect.as(controls.reset, {}))
    case "GET /_emulator/faults":
      return answer(controls.faults)
    case "PUT /_emulator/faults":
      return answer(replace(request, Faults.Faults, controls.setFaults))
    case "GET /_emulator/limits":
      return answer(controls.limits)
    case "PUT /_emulator/limits":
      return answer(replace(request, Faults.Limits, controls.setLimits))
    case "GET /_emulator/events":
      return answer(Effect.map(controls.deliveries, (deliveries) => ({ deliveries })))
    case "POST /_emulator/events":
      return answer(
        jsonBody(request).pipe(
          Effect.flatMap((json) => decodeWith(FireEventRequest, json)),
          Effect.flatMap((fire) => fireEvent(controls.ctx, fire))
        )
      )
    default:
      return Effect.succeed(errorOutcome(routeNotFound(method, path)))
  }
}
