import * as CallbackEvent from "@effect-sinch/core/CallbackEvent"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Queue from "effect/Queue"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { createHmac } from "node:crypto"
import * as Http from "node:http"
import * as Emulator from "../src/Emulator.js"
import { basic, call } from "./rawClient.js"

interface Received {
  readonly body: string
  readonly signature: string | undefined
}

/** A loopback HTTP server that records what it receives; it answers 500 to the first `failFirst` requests. */
const receiver = (failFirst = 0) =>
  Effect.gen(function*() {
    const received = yield* Queue.unbounded<Received>()
    let seen = 0
    const server = yield* NodeHttpServer.make(() => Http.createServer(), { host: "127.0.0.1", port: 0 })
    yield* server.serve(
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const body = yield* request.text
        seen++
        if (seen <= failFirst) return HttpServerResponse.empty({ status: 500 })
        yield* Queue.offer(received, { body, signature: request.headers["x-sinch-signature"] })
        return HttpServerResponse.empty({ status: 200 })
      }).pipe(Effect.orDie)
    )
    const address = server.address as HttpServer.TcpAddress
    return { url: `http://127.0.0.1:${address.port}/sinch/events`, received, attempts: () => seen }
  })

const verify = (secret: string, event: Received) =>
  expect(event.signature).toBe(createHmac("sha1", secret).update(event.body).digest("hex"))

const fast = Effect.provide(Emulator.layerHttpClient({
  active: 20,
  provisioningDelay: "30 millis",
  orderReviewDelay: "30 millis",
  callbackRetryDelay: "20 millis"
}))

const smsNumber = Effect.map(
  call("GET", "~/activeNumbers", { query: { capability: ["SMS", "VOICE"], regionCode: "US", pageSize: "1" } }),
  (a) => a.body.activeNumbers[0].phoneNumber as string
)

describe("events", () => {
  // the verifier these tests use, checked against Sinch's published vectors
  const sign = (secret: string, body: string) => createHmac("sha1", secret).update(body).digest("hex")
  it("the signature check agrees with the README's verified vectors", () => {
    expect(sign(
      "callback-secret",
      `{"eventId":"01hpa0mww4m79q8j2dwn3ggbgz","timestamp":"2024-02-10T17:22:09.412722588","projectId":"37b62a7b-0177-abcd-efgh-e10f848de123","resourceId":"+17818510001","resourceType":"ACTIVE_NUMBER","eventType":"DEPROVISIONING_FROM_VOICE_PLATFORM","status":"SUCCEEDED","failureCode":null}`
    )).toBe("dcf80daac2f232f4b23d5f719db3aa0fdca6af43")
    expect(sign(
      "my-callback-secret",
      `{"eventId":"01jr7stexp0znky34pj07dwp41","timestamp":"2025-04-07T09:38:04.85408760","projectId":"project-id","resourceId":"+1234567890","resourceType":"ACTIVE_NUMBER","eventType":"PROVISIONING_TO_VOICE_PLATFORM","status":"SUCCEEDED","failureCode":null,"internalFailureCode":null}`
    )).toBe("8e58baa351ffa5e0d7eaef3c739d0d7aa6093da3")
  })

  it.live("a completed provisioning posts signed events to the number's callbackUrl", () =>
    Effect.gen(function*() {
      const { received, url } = yield* receiver()
      const phone = yield* smsNumber
      yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: {
          callbackUrl: url,
          smsConfiguration: { servicePlanId: "plan", campaignId: "camp" },
          voiceConfiguration: { type: "RTC", appId: "app" }
        }
      })
      const events = [yield* Queue.take(received), yield* Queue.take(received), yield* Queue.take(received)]
      const decoded = events.map((e) => Schema.decodeUnknownSync(CallbackEvent.CallbackEventFromJson)(e.body))
      for (const event of events) verify("emulator-hmac-secret-0123456789abcdef", event)
      expect(decoded.map((e) => e.eventType).sort()).toEqual([
        "PROVISIONING_TO_CAMPAIGN",
        "PROVISIONING_TO_SMS_PLATFORM",
        "PROVISIONING_TO_VOICE_PLATFORM"
      ])
      for (const event of decoded) {
        expect(event).toMatchObject({
          resourceType: "ACTIVE_NUMBER",
          resourceId: phone,
          status: "SUCCEEDED",
          projectId: "emulator-project"
        })
      }
      for (const event of events) {
        // Sinch's timestamps carry no zone
        expect(JSON.parse(event.body).timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/)
      }
      expect(new Set(decoded.map((e) => e.eventId)).size).toBe(3)
    }).pipe(fast, Effect.scoped))

  it.live("failed deliveries are retried, and a changed hmacSecret signs what follows", () =>
    Effect.gen(function*() {
      const { attempts, received, url } = yield* receiver(2)
      const emulator = yield* Emulator.Emulator
      const secret = "0123456789-abcdefghijklmnopqrstuvwxyz"
      yield* call("PATCH", "~/callbackConfiguration", { body: { hmacSecret: secret } })
      const phone = yield* smsNumber
      yield* call("PATCH", `~/activeNumbers/${phone}`, {
        body: { callbackUrl: url, voiceConfiguration: { type: "FAX", serviceId: "fax-1" } }
      })
      const event = yield* Queue.take(received)
      verify(secret, event)
      expect(attempts()).toBe(3)
      // the receiver saw the body before the emulator saw the 200: wait for the record
      const delivery = yield* emulator.deliveries.pipe(
        Effect.map((all) => all[0]),
        Effect.filterOrFail((d) => d !== undefined),
        Effect.retry(Schedule.spaced("10 millis")),
        Effect.timeout("5 seconds")
      )
      expect(delivery).toMatchObject({ status: "delivered", attempts: 3, url, body: event.body })
      expect((yield* emulator.stats).events.delivered).toBe(1)
    }).pipe(fast, Effect.scoped))

  it.live("fireEvent posts an event now; callbacks never leave this machine", () =>
    Effect.gen(function*() {
      const { received, url } = yield* receiver()
      const emulator = yield* Emulator.Emulator
      const phone = yield* smsNumber
      const fired = yield* call("POST", "/_emulator/events", {
        auth: null,
        body: {
          phoneNumber: phone,
          callbackUrl: url,
          eventType: "PROVISIONING_TO_CAMPAIGN",
          status: "FAILED",
          failureCode: "CAMPAIGN_NOT_AVAILABLE"
        }
      })
      expect(fired.status).toBe(200)
      const event = yield* Queue.take(received)
      verify("emulator-hmac-secret-0123456789abcdef", event)
      expect(JSON.parse(event.body)).toEqual(fired.body.payload)
      expect(fired.body.payload).toMatchObject({
        status: "FAILED",
        failureCode: "CAMPAIGN_NOT_AVAILABLE",
        resourceId: phone
      })
      const remote = yield* emulator.fireEvent(
        new Emulator.FireEvent({ phoneNumber: phone, callbackUrl: "https://example.com/hook" })
      )
      expect(remote.delivery.status).toBe("skipped")
      expect((yield* emulator.stats).events).toEqual({ delivered: 1, failed: 0, skipped: 1 })
      const missing = yield* call("POST", "/_emulator/events", {
        auth: null,
        body: { phoneNumber: "+19999999999", callbackUrl: url }
      })
      expect(missing.status).toBe(404)
      const failure = yield* Effect.flip(emulator.fireEvent(new Emulator.FireEvent({ phoneNumber: "+19999999999" })))
      expect(failure.message).toContain("ActiveNumber +19999999999")
      expect(failure.reason).toBe("EventNotFired")
      // the emulator's own answer, kept as the cause
      expect(failure.cause).toMatchObject({ status: 404, body: { error: { status: "NOT_FOUND" } } })
    }).pipe(fast, Effect.scoped))

  it.live("callbacks are posted with the HttpClient of the environment when built with make or serve", () =>
    Effect.gen(function*() {
      const posted: Array<{ readonly url: string; readonly signature: string | undefined }> = []
      // nothing listens on this port: only the environment's client can make the delivery succeed
      const client = HttpClient.make((request) =>
        Effect.sync(() => {
          posted.push({ url: request.url, signature: request.headers["x-sinch-signature"] })
          return HttpClientResponse.fromWeb(request, new Response(null, { status: 204 }))
        })
      )
      for (const start of [Emulator.make({ baseUrl: "http://127.0.0.1:0" }), Emulator.serve()]) {
        const emulator = yield* start.pipe(Effect.provide(Layer.succeed(HttpClient.HttpClient, client)))
        const phone = yield* Effect.promise(() =>
          emulator.fetch(`${emulator.baseUrl}/v1/projects/${emulator.projectId}/activeNumbers?pageSize=1`, {
            headers: { authorization: basic(emulator.keyId, Redacted.value(emulator.keySecret)) }
          }).then((response) => response.json())
        ).pipe(Effect.map((page) => page.activeNumbers[0].phoneNumber as string))
        const fired = yield* emulator.fireEvent(
          new Emulator.FireEvent({ phoneNumber: phone, callbackUrl: "http://127.0.0.1:9/sinch/events" })
        )
        expect(fired.delivery).toMatchObject({ status: "delivered", attempts: 1 })
        expect(posted.pop()).toEqual({ url: "http://127.0.0.1:9/sinch/events", signature: fired.delivery.signature })
      }
    }).pipe(Effect.scoped))

  it.live("a number order's state changes post NUMBER_ORDER_PROCESSING events", () =>
    Effect.gen(function*() {
      const { received, url } = yield* receiver()
      const created = yield* call("POST", "~/numberOrders:createNumberOrder", {
        body: { regionCode: "US", numberType: "LOCAL", callbackUrl: url, quantityOrderOption: { requestedQuantity: 1 } }
      })
      const id = created.body.idNumberOrder
      yield* call("POST", `~/numberOrders/${id}/submit`)
      const first = Schema.decodeUnknownSync(CallbackEvent.CallbackEventFromJson)((yield* Queue.take(received)).body)
      const second = Schema.decodeUnknownSync(CallbackEvent.CallbackEventFromJson)((yield* Queue.take(received)).body)
      expect([first.status, second.status]).toEqual(["IN_REVIEW", "COMPLETED"])
      expect(first).toMatchObject({
        resourceType: "NUMBER_ORDER",
        eventType: "NUMBER_ORDER_PROCESSING",
        resourceId: id
      })
    }).pipe(fast, Effect.scoped))
})
