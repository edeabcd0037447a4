import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import * as Http from "node:http"
import * as Emulator from "../src/Emulator.js"
import { basic, call } from "./rawClient.js"

/** A loopback webhook that refuses every callback with 500, so the emulator keeps a retry pending. */
const refusingWebhook = Effect.gen(function*() {
  const attempts = yield* Queue.unbounded<string>()
  const server = yield* NodeHttpServer.make(() => Http.createServer(), { host: "127.0.0.1", port: 0 })
  yield* server.serve(
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      yield* Queue.offer(attempts, yield* request.text)
      return HttpServerResponse.empty({ status: 500 })
    }).pipe(Effect.orDie)
  )
  return { url: `http://127.0.0.1:${(server.address as HttpServer.TcpAddress).port}/hook`, attempts }
})

/** Plain `fetch` over loopback, as any client would send it. */
const send = (emulator: Emulator.Service, method: string, path: string, body?: unknown) =>
  Effect.promise(async () => {
    const url = path.startsWith("~/")
      ? `${emulator.baseUrl}/v1/projects/${emulator.projectId}/${path.slice(2)}`
      : `${emulator.baseUrl}${path}`
    const response = await fetch(url, {
      method,
      headers: {
        authorization: basic(emulator.keyId, "emulator-key-secret"),
        ...(body === undefined ? {} : { "content-type": "application/json" })
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await response.text()
    return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as any }
  })

/** Leaves the emulator with every kind of pending work: reservations, a review, provisioning, a callback retry. */
const pendingWork = (emulator: Emulator.Service, callbackUrl: string) =>
  Effect.gen(function*() {
    const order = yield* send(emulator, "POST", "~/numberOrders:createNumberOrder", {
      regionCode: "US",
      numberType: "LOCAL",
      callbackUrl,
      quantityOrderOption: { requestedQuantity: 1 }
    })
    expect(order.status).toBe(200)
    expect(order.body.state).toBe("CREATED")
    const active = yield* send(emulator, "GET", "~/activeNumbers?capability=SMS&pageSize=1")
    const phone: string = active.body.activeNumbers[0].phoneNumber
    const updated = yield* send(emulator, "PATCH", `~/activeNumbers/${phone}`, {
      smsConfiguration: { servicePlanId: "plan" }
    })
    expect(updated.body.smsConfiguration.scheduledProvisioning.status).toBe("WAITING")
    const submitted = yield* send(emulator, "POST", "~/numberOrders:createNumberOrder", {
      regionCode: "US",
      numberType: "LOCAL",
      callbackUrl,
      quantityOrderOption: { requestedQuantity: 1 }
    }).pipe(Effect.flatMap((created) => send(emulator, "POST", `~/numberOrders/${created.body.idNumberOrder}/submit`)))
    expect(submitted.body.state).toBe("IN_REVIEW")
    return phone
  })

const slow = {
  orderReservation: "30 minutes",
  orderReviewDelay: "1 hour",
  provisioningDelay: "1 hour",
  callbackRetryDelay: "1 hour"
} as const

describe("Emulator.serve", () => {
  it.live("closing its scope interrupts pending timers and in-flight requests instead of waiting for them", () =>
    Effect.gen(function*() {
      const webhook = yield* refusingWebhook
      const scope = yield* Scope.make()
      const emulator = yield* Scope.extend(Emulator.serve(slow), scope)
      const phone = yield* pendingWork(emulator, webhook.url)
      // the IN_REVIEW event was refused once: its retry waits an hour
      expect(JSON.parse(yield* Queue.take(webhook.attempts))).toMatchObject({ status: "IN_REVIEW" })
      // a fired event waits for its delivery, so this request stays in flight through the retry delay
      const fired = yield* Effect.fork(
        send(emulator, "POST", "/_emulator/events", { phoneNumber: phone, callbackUrl: webhook.url })
      )
      expect(JSON.parse(yield* Queue.take(webhook.attempts))).toMatchObject({ resourceId: phone })
      // disconnected, so that a close that hangs fails the test instead of hanging it
      const closed = yield* Scope.close(scope, Exit.void).pipe(
        Effect.disconnect,
        Effect.timeout("5 seconds"),
        Effect.option
      )
      expect(Option.isSome(closed)).toBe(true)
      const answer = yield* Fiber.join(fired).pipe(Effect.timeout("5 seconds"), Effect.option)
      expect(Option.getOrUndefined(answer)?.status).toBe(503)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("a reset over HTTP cancels pending timers at once", () =>
    Effect.gen(function*() {
      const webhook = yield* refusingWebhook
      const scope = yield* Scope.make()
      const emulator = yield* Scope.extend(Emulator.serve(slow), scope)
      yield* pendingWork(emulator, webhook.url)
      yield* Queue.take(webhook.attempts)
      const reset = yield* send(emulator, "POST", "/_emulator/reset").pipe(
        Effect.disconnect,
        Effect.timeout("5 seconds"),
        Effect.option
      )
      expect(Option.getOrUndefined(reset)?.status).toBe(200)
      const closed = yield* Scope.close(scope, Exit.void).pipe(
        Effect.disconnect,
        Effect.timeout("5 seconds"),
        Effect.option
      )
      expect(Option.isSome(closed)).toBe(true)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

describe("callback deliveries", () => {
  it.effect("a fired event's delivery gives up after its 10 s timeout, even when fired over HTTP", () =>
    Effect.gen(function*() {
      // closed by hand, disconnected: a close that hangs must fail the test, not hang it
      const scope = yield* Scope.make()
      // a webhook that takes the request and never answers
      const seen = yield* Queue.unbounded<void>()
      const server = yield* Scope.extend(
        NodeHttpServer.make(() => Http.createServer(), { host: "127.0.0.1", port: 0 }),
        scope
      )
      yield* Scope.extend(server.serve(Effect.zipRight(Queue.offer(seen, void 0), Effect.never)), scope)
      const hook = `http://127.0.0.1:${(server.address as HttpServer.TcpAddress).port}/hook`
      const emulator = yield* Scope.extend(Emulator.serve({ callbackRetries: 0 }), scope)
      const phone = (yield* send(emulator, "GET", "~/activeNumbers?pageSize=1")).body.activeNumbers[0].phoneNumber
      const fired = yield* Effect.fork(
        send(emulator, "POST", "/_emulator/events", { phoneNumber: phone, callbackUrl: hook })
      )
      yield* Queue.take(seen)
      yield* TestClock.adjust("10 seconds")
      // real-time guards: before the fix, the request handler could not time its delivery out and never answered
      const within5s = <A, E>(effect: Effect.Effect<A, E>) =>
        Effect.raceFirst(
          Effect.map(Effect.disconnect(effect), Option.some),
          Effect.as(Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5000))), Option.none())
        )
      const answer = Option.getOrUndefined(yield* within5s(Fiber.join(fired)))
      expect(answer?.status).toBe(200)
      expect(answer?.body.delivery).toMatchObject({ status: "failed", attempts: 1, url: hook })
      expect(Option.isSome(yield* within5s(Scope.close(scope, Exit.void)))).toBe(true)
    }).pipe(Effect.provide(FetchHttpClient.layer)))
})

describe("Emulator.layerHttpClient", () => {
  it.effect("its baseUrl is a loopback URL, and its HttpClient answers there in-process", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      expect(emulator.baseUrl).toBe("http://127.0.0.1:0")
      expect(emulator.tokenUrl).toBe("http://127.0.0.1:0/oauth2/token")
      const answer = yield* call("GET", "~/activeNumbers", { query: { pageSize: "1" } })
      expect(answer.status).toBe(200)
      expect(answer.body.activeNumbers).toHaveLength(1)
    }).pipe(Effect.provide(Emulator.layerHttpClient({ active: 3 }))))
})
