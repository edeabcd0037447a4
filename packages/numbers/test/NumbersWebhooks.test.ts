import * as CallbackEvent from "@effect-sinch/core/CallbackEvent"
import * as Timestamp from "@effect-sinch/core/Timestamp"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { assert, describe, it, layer } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Tracer from "effect/Tracer"
import { createHmac } from "node:crypto"
import { createServer } from "node:http"
import * as NumbersWebhooks from "../src/NumbersWebhooks.js"

// The vectors' timestamps are valid: they decode to a Timestamp, not to kept text.
const instant = (timestamp: Timestamp.Timestamp | string | undefined): Timestamp.Timestamp => {
  assert.isTrue(Timestamp.isTimestamp(timestamp), `not a Timestamp: ${String(timestamp)}`)
  return timestamp as Timestamp.Timestamp
}

// The two vectors of shared/sinch/README.md, byte for byte.
const vector1 = {
  secret: "callback-secret",
  body:
    `{"eventId":"01hpa0mww4m79q8j2dwn3ggbgz","timestamp":"2024-02-10T17:22:09.412722588","projectId":"37b62a7b-0177-abcd-efgh-e10f848de123","resourceId":"+17818510001","resourceType":"ACTIVE_NUMBER","eventType":"DEPROVISIONING_FROM_VOICE_PLATFORM","status":"SUCCEEDED","failureCode":null}`,
  signature: "dcf80daac2f232f4b23d5f719db3aa0fdca6af43"
}
const vector2 = {
  secret: "my-callback-secret",
  body:
    `{"eventId":"01jr7stexp0znky34pj07dwp41","timestamp":"2025-04-07T09:38:04.85408760","projectId":"project-id","resourceId":"+1234567890","resourceType":"ACTIVE_NUMBER","eventType":"PROVISIONING_TO_VOICE_PLATFORM","status":"SUCCEEDED","failureCode":null,"internalFailureCode":null}`,
  signature: "8e58baa351ffa5e0d7eaef3c739d0d7aa6093da3"
}

// An independent implementation (node:crypto) to sign test bodies.
const sign = (body: string | Uint8Array, secret: string): string =>
  createHmac("sha1", secret).update(body).digest("hex")

const leakySecret = "leak-canary-0123456789abcdefABCDEF"

describe("NumbersWebhooks.verify", () => {
  it.effect("verifies and decodes the first README vector", () =>
    Effect.gen(function*() {
      const event = yield* NumbersWebhooks.verify(
        vector1.body,
        { "X-Sinch-Signature": vector1.signature },
        Redacted.make(vector1.secret)
      )
      assert.instanceOf(event, CallbackEvent.ActiveNumberEvent)
      assert.strictEqual(event.eventId, "01hpa0mww4m79q8j2dwn3ggbgz")
      assert.strictEqual(event.projectId, "37b62a7b-0177-abcd-efgh-e10f848de123")
      assert.strictEqual(event.resourceId, "+17818510001")
      assert.strictEqual(event.resourceType, "ACTIVE_NUMBER")
      assert.strictEqual(event.eventType, "DEPROVISIONING_FROM_VOICE_PLATFORM")
      assert.strictEqual(event.status, "SUCCEEDED")
      // null on the wire reads as absent
      assert.isUndefined((event as CallbackEvent.ActiveNumberEvent).failureCode)
      assert.strictEqual(instant(event.timestamp).epochMillis, Date.UTC(2024, 1, 10, 17, 22, 9, 412))
      assert.strictEqual(instant(event.timestamp).nanosOfSecond, 412_722_588)
    }))

  it.effect("verifies and decodes the second README vector from bytes", () =>
    Effect.gen(function*() {
      const event = yield* NumbersWebhooks.verify(
        new TextEncoder().encode(vector2.body),
        Headers.fromInput({ "x-sinch-signature": vector2.signature }),
        vector2.secret
      )
      assert.instanceOf(event, CallbackEvent.ActiveNumberEvent)
      assert.strictEqual(event.eventId, "01jr7stexp0znky34pj07dwp41")
      assert.strictEqual(event.resourceId, "+1234567890")
      assert.strictEqual(event.eventType, "PROVISIONING_TO_VOICE_PLATFORM")
      assert.strictEqual(event.status, "SUCCEEDED")
      assert.isUndefined((event as CallbackEvent.ActiveNumberEvent).internalFailureCode)
      assert.strictEqual(instant(event.timestamp).epochMillis, Date.UTC(2025, 3, 7, 9, 38, 4, 854))
      // Eight fractional digits on the wire: .85408760 s
      assert.strictEqual(instant(event.timestamp).nanosOfSecond, 854_087_600)
    }))

  it.effect("accepts the signature in upper case, with surrounding spaces, in a Web Headers object", () =>
    Effect.gen(function*() {
      const event = yield* NumbersWebhooks.verify(
        vector1.body,
        new globalThis.Headers({ "X-SINCH-SIGNATURE": ` ${vector1.signature.toUpperCase()} ` }),
        vector1.secret
      )
      assert.strictEqual(event.eventId, "01hpa0mww4m79q8j2dwn3ggbgz")
    }))

  it.effect("rejects a body changed by one byte as InvalidSignature (Mismatch)", () =>
    Effect.gen(function*() {
      const bytes = new TextEncoder().encode(vector1.body)
      // Flip one bit of one digit of the phone number: still valid JSON, still a valid event.
      const index = vector1.body.indexOf("+17818510001") + 5
      bytes[index] = bytes[index]! ^ 1
      const error = yield* Effect.flip(
        NumbersWebhooks.verify(bytes, { "x-sinch-signature": vector1.signature }, vector1.secret)
      )
      assert.strictEqual(error._tag, "InvalidSignature")
      assert.strictEqual((error as NumbersWebhooks.InvalidSignature).reason, "Mismatch")
    }))

  it.effect("rejects a body re-serialized with different whitespace", () =>
    Effect.gen(function*() {
      const reserialized = JSON.stringify(JSON.parse(vector1.body), null, 1)
      const error = yield* Effect.flip(
        NumbersWebhooks.verify(reserialized, { "x-sinch-signature": vector1.signature }, vector1.secret)
      )
      assert.strictEqual(error._tag, "InvalidSignature")
    }))

  it.effect("rejects the right signature checked with the wrong secret", () =>
    Effect.gen(function*() {
      // vector1's body with vector2's secret
      const error = yield* Effect.flip(
        NumbersWebhooks.verify(vector1.body, { "x-sinch-signature": vector1.signature }, vector2.secret)
      )
      assert.strictEqual(error._tag, "InvalidSignature")
      assert.strictEqual((error as NumbersWebhooks.InvalidSignature).reason, "Mismatch")
    }))

  it.effect("fails MissingSignature without the header, or with an empty one", () =>
    Effect.gen(function*() {
      const absent = yield* Effect.flip(
        NumbersWebhooks.verify(vector1.body, { "content-type": "application/json" }, vector1.secret)
      )
      assert.strictEqual(absent._tag, "MissingSignature")
      const blank = yield* Effect.flip(
        NumbersWebhooks.verify(vector1.body, { "x-sinch-signature": "  " }, vector1.secret)
      )
      assert.strictEqual(blank._tag, "MissingSignature")
    }))

  it.effect("fails InvalidSignature (Malformed) for anything that is not 40 hex digits", () =>
    Effect.gen(function*() {
      const malformed = [
        vector1.signature.slice(0, 39), // too short
        `${vector1.signature}0`, // too long
        `${vector1.signature.slice(0, 39)}g`, // not hex
        `sha1=${vector1.signature}`, // a prefix other providers use
        Buffer.from(vector1.signature, "hex").toString("base64") // base64 of the right bytes
      ]
      for (const header of malformed) {
        const error = yield* Effect.flip(
          NumbersWebhooks.verify(vector1.body, { "x-sinch-signature": header }, vector1.secret)
        )
        assert.strictEqual(error._tag, "InvalidSignature", header)
        assert.strictEqual((error as NumbersWebhooks.InvalidSignature).reason, "Malformed", header)
      }
    }))

  it.effect("fails MissingSecret for an empty secret, even with a signature made with the empty key", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        NumbersWebhooks.verify(vector1.body, { "x-sinch-signature": sign(vector1.body, "") }, Redacted.make(""))
      )
      assert.strictEqual(error._tag, "MissingSecret")
    }))

  it.effect("fails InvalidEventBody for a validly signed body that is not JSON", () =>
    Effect.gen(function*() {
      const body = "this is not JSON at all"
      const error = yield* Effect.flip(
        NumbersWebhooks.verify(body, { "x-sinch-signature": sign(body, vector1.secret) }, vector1.secret)
      )
      assert.strictEqual(error._tag, "InvalidEventBody")
      const invalid = error as NumbersWebhooks.InvalidEventBody
      assert.strictEqual(invalid.excerpt, body)
      assert.include(invalid.detail, "not JSON")
    }))

  it.effect("fails InvalidEventBody for validly signed JSON that is not an event, with a bounded excerpt", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({ hello: "x".repeat(5_000) })
      const error = yield* Effect.flip(
        NumbersWebhooks.verify(body, { "x-sinch-signature": sign(body, vector1.secret) }, vector1.secret)
      )
      assert.strictEqual(error._tag, "InvalidEventBody")
      const invalid = error as NumbersWebhooks.InvalidEventBody
      assert.strictEqual(invalid.excerpt, body.slice(0, 200))
      assert.isAtMost(invalid.detail.length, 501)
      assert.include(invalid.detail, "resourceType")
      assert.isBelow(invalid.message.length, 1_000)
    }))

  it.effect("fails InvalidEventBody for validly signed bytes that are not UTF-8", () =>
    Effect.gen(function*() {
      const body = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])
      const error = yield* Effect.flip(
        NumbersWebhooks.verify(body, { "x-sinch-signature": sign(body, vector1.secret) }, vector1.secret)
      )
      assert.strictEqual(error._tag, "InvalidEventBody")
      assert.include((error as NumbersWebhooks.InvalidEventBody).detail, "UTF-8")
    }))

  it.effect("decodes unknown event types, statuses and resource types instead of failing", () =>
    Effect.gen(function*() {
      const newEventType = JSON.stringify({
        eventId: "e1",
        timestamp: "2026-01-02T03:04:05.123456789Z",
        resourceId: "+15550001111",
        resourceType: "ACTIVE_NUMBER",
        eventType: "PROVISIONING_TO_RCS_PLATFORM",
        status: "PENDING",
        failureCode: "SOME_NEW_CODE",
        brandNewField: { nested: true }
      })
      const active = yield* NumbersWebhooks.verify(
        newEventType,
        { "x-sinch-signature": sign(newEventType, vector1.secret) },
        vector1.secret
      )
      assert.instanceOf(active, CallbackEvent.ActiveNumberEvent)
      assert.strictEqual(active.eventType, "PROVISIONING_TO_RCS_PLATFORM")
      assert.strictEqual(active.status, "PENDING")
      assert.strictEqual((active as CallbackEvent.ActiveNumberEvent).failureCode, "SOME_NEW_CODE")

      const newResourceType = JSON.stringify({
        eventId: "e2",
        resourceId: "port-123",
        resourceType: "PORTING_ORDER",
        eventType: "PORT_COMPLETED",
        status: "DONE"
      })
      const other = yield* NumbersWebhooks.verify(
        newResourceType,
        { "x-sinch-signature": sign(newResourceType, vector1.secret) },
        vector1.secret
      )
      assert.instanceOf(other, CallbackEvent.OtherEvent)
      assert.strictEqual(other.resourceType, "PORTING_ORDER")
      assert.strictEqual(other.eventType, "PORT_COMPLETED")

      const order = JSON.stringify({
        eventId: "e3",
        resourceId: "order-1",
        resourceType: "NUMBER_ORDER",
        eventType: "NUMBER_ORDER_PROCESSING",
        status: "COMPLETED"
      })
      const orderEvent = yield* NumbersWebhooks.verify(
        order,
        { "x-sinch-signature": sign(order, vector1.secret) },
        vector1.secret
      )
      assert.instanceOf(orderEvent, CallbackEvent.NumberOrderEvent)
      assert.strictEqual(orderEvent.status, "COMPLETED")
    }))

  it.effect("records a NumbersWebhooks.verify span with the event, and no secret in its attributes", () =>
    Effect.gen(function*() {
      const base = yield* Effect.tracer
      const spans: Array<Tracer.Span> = []
      const tracer = Tracer.make({
        span: (name, ...rest) => {
          const span = base.span(name, ...rest)
          spans.push(span)
          return span
        },
        context: (f, fiber) => base.context(f, fiber)
      })
      yield* NumbersWebhooks.verify(vector1.body, { "x-sinch-signature": vector1.signature }, vector1.secret).pipe(
        Effect.withTracer(tracer)
      )
      const span = spans.find((span) => span.name === "NumbersWebhooks.verify")
      assert.isDefined(span)
      assert.strictEqual(span!.attributes.get("sinch.webhook.event_id"), "01hpa0mww4m79q8j2dwn3ggbgz")
      assert.strictEqual(span!.attributes.get("sinch.webhook.resource_type"), "ACTIVE_NUMBER")
      for (const value of span!.attributes.values()) {
        assert.notInclude(String(value), vector1.secret)
      }
    }))

  it.effect("never puts the secret in an error's message, fields or string form", () =>
    Effect.gen(function*() {
      const notJson = "not json"
      const notEvent = "[1,2,3]"
      const attempts = [
        NumbersWebhooks.verify(vector1.body, {}, leakySecret),
        NumbersWebhooks.verify(vector1.body, { "x-sinch-signature": "zz" }, leakySecret),
        NumbersWebhooks.verify(vector1.body, { "x-sinch-signature": vector1.signature }, Redacted.make(leakySecret)),
        NumbersWebhooks.verify(notJson, { "x-sinch-signature": sign(notJson, leakySecret) }, leakySecret),
        NumbersWebhooks.verify(notEvent, { "x-sinch-signature": sign(notEvent, leakySecret) }, leakySecret)
      ]
      const tags = []
      for (const attempt of attempts) {
        const error = yield* Effect.flip(attempt)
        tags.push(error._tag)
        for (const text of [error.message, String(error), JSON.stringify(error), error.stack ?? ""]) {
          assert.notInclude(text, leakySecret)
        }
      }
      assert.deepStrictEqual(tags, [
        "MissingSignature",
        "InvalidSignature",
        "InvalidSignature",
        "InvalidEventBody",
        "InvalidEventBody"
      ])
    }))
})

// A real server on 127.0.0.1, port 0, and a real client pointed at it.
const TestServer = HttpServer.layerTestClient.pipe(
  Layer.provide(NodeHttpClient.layerUndici),
  Layer.provideMerge(NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" }))
)

const post = (body: string | Uint8Array, signature?: string) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    let request = HttpClientRequest.post("/sinch/numbers").pipe(
      typeof body === "string"
        ? HttpClientRequest.bodyText(body, "application/json")
        : HttpClientRequest.bodyUint8Array(body, "application/json")
    )
    if (signature !== undefined) {
      request = HttpClientRequest.setHeader(request, "X-Sinch-Signature", signature)
    }
    const response = yield* client.execute(request)
    return response.status
  })

// Collects every log line, to prove the secret never reaches the logs.
const captureLogs = Effect.gen(function*() {
  const lines: Array<string> = []
  const logger = Logger.make(({ cause, message }) => {
    lines.push(`${JSON.stringify(message)} ${String(cause)}`)
  })
  return { lines, layer: Logger.replace(Logger.defaultLogger, logger) }
})

layer(TestServer)("NumbersWebhooks.httpApp over HTTP", (it) => {
  it.scoped("answers 200 to signed events, 401 to unsigned or forged ones, 400 to garbage; the handler sees exactly the verified events", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make<Array<CallbackEvent.CallbackEvent>>([])
      const logs = yield* captureLogs
      yield* HttpServer.serveEffect(
        NumbersWebhooks.httpApp({
          secret: Redacted.make(leakySecret),
          handler: (event) => Ref.update(seen, (events) => [...events, event])
        }).pipe(Effect.provide(logs.layer))
      )
      const event1 = vector1.body
      const event2 = vector2.body
      const garbage = "{not json"
      const statuses = [
        yield* post(event1, sign(event1, leakySecret)),
        yield* post(event2), // unsigned
        yield* post(event2, vector2.signature), // signed with another secret
        yield* post(event2, "not-hex"),
        yield* post(garbage, sign(garbage, leakySecret)),
        yield* post(`${event2} `, sign(event2, leakySecret)), // one byte added after signing
        yield* post(new TextEncoder().encode(event2), sign(event2, leakySecret).toUpperCase())
      ]
      assert.deepStrictEqual(statuses, [200, 401, 401, 401, 400, 401, 200])
      const events = yield* Ref.get(seen)
      assert.deepStrictEqual(events.map((event) => event.eventId), [
        "01hpa0mww4m79q8j2dwn3ggbgz",
        "01jr7stexp0znky34pj07dwp41"
      ])
      assert.deepStrictEqual(events.map((event) => instant(event.timestamp).nanosOfSecond), [412_722_588, 854_087_600])
      assert.isAtLeast(logs.lines.length, 5)
      for (const line of logs.lines) {
        assert.notInclude(line, leakySecret)
      }
    }))

  it.scoped("answers 500 when the handler fails or dies, so Sinch retries", () =>
    Effect.gen(function*() {
      const attempts = yield* Ref.make(0)
      yield* HttpServer.serveEffect(
        NumbersWebhooks.httpApp({
          secret: vector1.secret,
          handler: (event) =>
            Ref.updateAndGet(attempts, (n) => n + 1).pipe(
              Effect.flatMap((n) =>
                n === 1
                  ? Effect.fail(`database down for ${event.eventId}`)
                  : n === 2
                  ? Effect.die(new Error("bug"))
                  : Effect.void
              )
            )
        })
      )
      const statuses = [
        yield* post(vector1.body, vector1.signature),
        yield* post(vector1.body, vector1.signature),
        yield* post(vector1.body, vector1.signature)
      ]
      assert.deepStrictEqual(statuses, [500, 500, 200])
      assert.strictEqual(yield* Ref.get(attempts), 3)
    }))

  it.scoped("reads the secret from an effect per request; 500 when it fails", () =>
    Effect.gen(function*() {
      const lookups = yield* Ref.make(0)
      yield* HttpServer.serveEffect(
        NumbersWebhooks.httpApp({
          secret: Ref.updateAndGet(lookups, (n) => n + 1).pipe(
            Effect.flatMap((n) => n === 1 ? Effect.succeed(Redacted.make(vector1.secret)) : Effect.fail("vault sealed"))
          ),
          handler: () => Effect.void
        })
      )
      assert.strictEqual(yield* post(vector1.body, vector1.signature), 200)
      assert.strictEqual(yield* post(vector1.body, vector1.signature), 500)
      assert.strictEqual(yield* Ref.get(lookups), 2)
    }))

  it.scoped("takes the secret from Config.redacted", () =>
    Effect.gen(function*() {
      yield* HttpServer.serveEffect(
        NumbersWebhooks.httpApp({
          secret: Config.redacted("SINCH_CALLBACK_SECRET"),
          handler: () => Effect.void
        }).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["SINCH_CALLBACK_SECRET", vector2.secret]])))
        )
      )
      assert.strictEqual(yield* post(vector2.body, vector2.signature), 200)
      assert.strictEqual(yield* post(vector1.body, vector1.signature), 401)
    }))

  it.scoped("answers 413 to a body larger than maxBodyBytes and never calls the handler", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make(0)
      yield* HttpServer.serveEffect(
        NumbersWebhooks.httpApp({
          secret: vector1.secret,
          handler: () => Ref.update(seen, (n) => n + 1),
          maxBodyBytes: 512
        })
      )
      const big = JSON.stringify({ resourceType: "ACTIVE_NUMBER", padding: "x".repeat(600) })
      assert.strictEqual(yield* post(big, sign(big, vector1.secret)), 413)
      // the vector fits, and still goes through
      assert.strictEqual(yield* post(vector1.body, vector1.signature), 200)
      assert.strictEqual(yield* Ref.get(seen), 1)
    }))

  it.scoped("NumbersWebhooks.route serves the app as POST at its path only", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make(0)
      yield* HttpServer.serveEffect(
        NumbersWebhooks.route("/sinch/numbers", {
          secret: vector1.secret,
          handler: () => Ref.update(seen, (n) => n + 1)
        })
      )
      const client = yield* HttpClient.HttpClient
      assert.strictEqual(yield* post(vector1.body, vector1.signature), 200)
      const elsewhere = yield* client.execute(
        HttpClientRequest.post("/other").pipe(
          HttpClientRequest.bodyText(vector1.body, "application/json"),
          HttpClientRequest.setHeader("x-sinch-signature", vector1.signature)
        )
      )
      assert.strictEqual(elsewhere.status, 404)
      const get = yield* client.execute(HttpClientRequest.get("/sinch/numbers"))
      assert.strictEqual(get.status, 404)
      assert.strictEqual(yield* Ref.get(seen), 1)
    }))
})

describe("NumbersWebhooks.httpApp without a socket", () => {
  // A chunked body has no content-length: the limit must hold while streaming.
  const streamedRequest = (size: number, signature: string) => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= size) {
          controller.close()
          return
        }
        const next = chunk.subarray(0, Math.min(chunk.length, size - sent))
        sent += next.length
        controller.enqueue(next)
      }
    })
    const init = { method: "POST", body, duplex: "half", headers: { "x-sinch-signature": signature } }
    return {
      request: HttpServerRequest.fromWeb(new Request("http://127.0.0.1/sinch/numbers", init as RequestInit)),
      sent: () => sent
    }
  }

  it.effect("stops reading a streamed body past the default 1 MiB limit and answers 413", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make(0)
      const app = NumbersWebhooks.httpApp({ secret: vector1.secret, handler: () => Ref.update(seen, (n) => n + 1) })
      const { request, sent } = streamedRequest(8 * 1024 * 1024, "0".repeat(40))
      const response = yield* app.pipe(Effect.provideService(HttpServerRequest.HttpServerRequest, request))
      assert.strictEqual(response.status, 413)
      assert.isBelow(sent(), 2 * 1024 * 1024)
      assert.strictEqual(yield* Ref.get(seen), 0)
    }))

  it.effect("accepts a streamed body within the limit", () =>
    Effect.gen(function*() {
      // 1000 spaces of JSON whitespace around a valid event, signed as sent
      const body = `${" ".repeat(1000)}${vector1.body}`
      const seen = yield* Ref.make<Array<string | undefined>>([])
      const app = NumbersWebhooks.httpApp({
        secret: vector1.secret,
        handler: (event) => Ref.update(seen, (ids) => [...ids, event.eventId])
      })
      const request = HttpServerRequest.fromWeb(
        new Request("http://127.0.0.1/sinch/numbers", {
          method: "POST",
          body: new Blob([body]).stream(),
          duplex: "half",
          headers: { "x-sinch-signature": sign(body, vector1.secret) }
        } as RequestInit)
      )
      const response = yield* app.pipe(Effect.provideService(HttpServerRequest.HttpServerRequest, request))
      assert.strictEqual(response.status, 200)
      assert.deepStrictEqual(yield* Ref.get(seen), ["01hpa0mww4m79q8j2dwn3ggbgz"])
    }))
})
