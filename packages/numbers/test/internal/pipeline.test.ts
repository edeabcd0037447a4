import * as HttpClient from "@effect/platform/HttpClient"
import { describe, it } from "@effect/vitest"
import { assertEquals, assertInclude, assertTrue, deepStrictEqual, strictEqual } from "@effect/vitest/utils"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type * as NumbersClient from "../../src/NumbersClient.js"
import * as NumbersError from "../../src/NumbersError.js"
import { basic, json, keySecret, sinchError, stubClient, text } from "../support/stubHttp.js"
import { recordingTracer } from "../support/tracing.js"

// Unit tests of the request pipeline: a stub HttpClient answers each request from a script, so every status and
// body shape is one case. The HTTP tests against the emulator cover the same paths end to end.

const clientWith = (answers: Parameters<typeof stubClient>[0], options: Partial<NumbersClient.Options> = {}) =>
  Effect.map(stubClient(answers, options), ({ client, requests }) => ({ client, stub: { requests } }))

const active = { phoneNumber: "+12025550134", projectId: "p", regionCode: "US", type: "LOCAL", capability: ["SMS"] }

const failure = <A, E>(effect: Effect.Effect<A, E>) => Effect.flip(effect)

describe("pipeline: answers", () => {
  it.effect("200 with the documented JSON decodes", () =>
    Effect.gen(function*() {
      const { client, stub } = yield* clientWith([json(200, active)])
      const number = yield* client.getActiveNumber("+12025550134")
      strictEqual(number.phoneNumber, "+12025550134")
      strictEqual(stub.requests.length, 1)
      strictEqual(stub.requests[0]!.url, "https://numbers.example.com/v1/projects/p/activeNumbers/+12025550134")
      strictEqual(stub.requests[0]!.headers["accept"], "application/json")
      strictEqual(stub.requests[0]!.headers["authorization"], basic)
    }))

  it.effect("a number the API returned that is not E.164 is passed back, path-encoded", () =>
    Effect.gen(function*() {
      const { client, stub } = yield* clientWith([json(200, { ...active, phoneNumber: "+447520651116XYZ" })])
      yield* client.getActiveNumber("+447520651116XYZ")
      yield* Effect.ignore(client.releaseNumber("a/b c"))
      strictEqual(stub.requests[0]!.url, "https://numbers.example.com/v1/projects/p/activeNumbers/+447520651116XYZ")
      strictEqual(stub.requests[1]!.url, "https://numbers.example.com/v1/projects/p/activeNumbers/a%2Fb%20c:release")
    }))

  it.effect("400 is InvalidArgument with the field violations", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([
        json(
          400,
          sinchError(400, "INVALID_ARGUMENT", [{
            type: "BadRequest",
            fieldViolations: [{ field: "x", description: "bad" }]
          }])
        )
      ])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "InvalidArgument")
      deepStrictEqual((error as NumbersError.InvalidArgument).fieldViolations.map((v) => v.field), ["x"])
    }))

  it.effect("401 twice is Unauthorized after one more attempt", () =>
    Effect.gen(function*() {
      const { client, stub } = yield* clientWith([text(401, "")])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "Unauthorized")
      strictEqual((error as NumbersError.Unauthorized).attempts, 2)
      strictEqual(stub.requests.length, 2)
    }))

  it.effect("403 is PermissionDenied", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([json(403, sinchError(403, "PERMISSION_DENIED"))])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "PermissionDenied")
    }))

  it.effect("404 is NotFound naming the resource", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([
        json(
          404,
          sinchError(404, "NOT_FOUND", [{ type: "ResourceInfo", resourceType: "ActiveNumber", resourceName: "+1" }])
        )
      ])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "NotFound")
      assertInclude(error.message, "ActiveNumber +1")
    }))

  it.effect("408 is a server Timeout", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([text(408, "")])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "Timeout")
      strictEqual((error as NumbersError.Timeout).scope, "server")
    }))

  it.effect("413 is ContentTooLarge", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([json(413, sinchError(413, "CONTENT_TOO_LARGE"))])
      const error = yield* failure(
        client.uploadNumberOrderAttachment({
          numberOrderId: "o",
          attachmentId: "a",
          file: new Uint8Array(1),
          fileName: "f.pdf"
        })
      )
      strictEqual(error._tag, "ContentTooLarge")
    }))

  it.effect("429 with Retry-After in seconds is RateLimited with the wait", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([text(429, "", "text/plain", { "retry-after": "7" })])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "RateLimited")
      assertEquals((error as NumbersError.RateLimited).retryAfter, Duration.seconds(7))
    }))

  it.effect("503 with Retry-After as an HTTP date is ServerError with the wait", () =>
    Effect.gen(function*() {
      // the TestClock stands at 0
      const inTenSeconds = new Date(10_000).toUTCString()
      const { client } = yield* clientWith([
        new Response("", { status: 503, headers: { "retry-after": inTenSeconds } })
      ])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "ServerError")
      assertEquals((error as NumbersError.ServerError).retryAfter, Duration.seconds(10))
    }))

  it.effect("a 502 HTML page is ServerError with an excerpt of the page", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([text(502, "<html><title>502 Bad Gateway</title></html>", "text/html")])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "ServerError")
      assertInclude((error as NumbersError.ServerError).excerpt, "502 Bad Gateway")
    }))

  it.effect("a status the API does not document is UnexpectedStatus", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([text(418, "teapot")])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "UnexpectedStatus")
      strictEqual((error as NumbersError.UnexpectedStatus).status, 418)
    }))

  it.effect("an empty 200 where a body is documented is a malformed ResponseDecodeError", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([text(200, "", "application/json")])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "ResponseDecodeError")
      strictEqual((error as NumbersError.ResponseDecodeError).malformed, true)
      assertInclude((error as NumbersError.ResponseDecodeError).reason, "empty")
    }))

  it.effect("garbled JSON on a read is retried as transient", () =>
    Effect.gen(function*() {
      const { client, stub } = yield* clientWith([text(200, "{\"phoneNumb", "application/json"), json(200, active)], {
        retrySchedule: Schedule.recurs(3)
      })
      const number = yield* client.getActiveNumber("+12025550134")
      strictEqual(number.phoneNumber, "+12025550134")
      strictEqual(stub.requests.length, 2)
    }))

  it.effect("JSON of the wrong shape is not retried: the same answer would come back", () =>
    Effect.gen(function*() {
      const { client, stub } = yield* clientWith([json(200, { phoneNumber: 12 })], {
        retrySchedule: Schedule.recurs(3)
      })
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "ResponseDecodeError")
      assertTrue((error as NumbersError.ResponseDecodeError).malformed !== true)
      strictEqual(stub.requests.length, 1)
    }))

  // The body is read as bytes and decoded by the client (see pipeline.ts): it must read as `response.text` would.
  const bytes = (status: number, body: Uint8Array<ArrayBuffer>) =>
    new Response(body, { status, headers: { "content-type": "application/json" } })
  const utf8 = (s: string) => new TextEncoder().encode(s)
  const concat = (...parts: ReadonlyArray<Uint8Array>): Uint8Array<ArrayBuffer> => {
    const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0))
    let at = 0
    for (const part of parts) {
      out.set(part, at)
      at += part.length
    }
    return out
  }

  it.effect("a body in UTF-8 with characters beyond ASCII decodes as sent", () =>
    Effect.gen(function*() {
      const displayName = "Café ☕ 東京 𝄞"
      const { client } = yield* clientWith([bytes(200, utf8(JSON.stringify({ ...active, displayName })))])
      const number = yield* client.getActiveNumber("+12025550134")
      strictEqual(number.displayName, displayName)
    }))

  it.effect("a body that starts with a UTF-8 byte order mark decodes, as response.text reads it", () =>
    Effect.gen(function*() {
      const body = concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(JSON.stringify(active)))
      const { client } = yield* clientWith([bytes(200, body)])
      const number = yield* client.getActiveNumber("+12025550134")
      strictEqual(number.phoneNumber, "+12025550134")
    }))

  it.effect("a malformed UTF-8 sequence in a string reads as U+FFFD, as response.text reads it", () =>
    Effect.gen(function*() {
      const [head, tail] = JSON.stringify({ ...active, displayName: "a|b" }).split("|")
      const body = concat(utf8(head!), new Uint8Array([0xc3, 0x28, 0xff]), utf8(tail!))
      const expected = (JSON.parse(yield* Effect.promise(() => bytes(200, body).text())) as typeof active & {
        displayName: string
      }).displayName
      const { client } = yield* clientWith([bytes(200, body)])
      const number = yield* client.getActiveNumber("+12025550134")
      strictEqual(number.displayName, expected)
      assertInclude(number.displayName ?? "", "\uFFFD")
    }))

  it.effect("a page of a stream read as bytes gives every number, with the page token", () =>
    Effect.gen(function*() {
      const page = (from: number, next: string) =>
        bytes(
          200,
          utf8(JSON.stringify({
            activeNumbers: [0, 1, 2].map((i) => ({ ...active, phoneNumber: `+1202555${from + i}`, displayName: "é" })),
            nextPageToken: next
          }))
        )
      const { client, stub } = yield* clientWith([page(1000, "t/é+1"), page(2000, "")])
      const numbers = yield* Stream.runCollect(client.listActiveNumbers())
      deepStrictEqual(Chunk.toReadonlyArray(Chunk.map(numbers, (n) => n.phoneNumber)), [
        "+12025551000",
        "+12025551001",
        "+12025551002",
        "+12025552000",
        "+12025552001",
        "+12025552002"
      ])
      strictEqual(stub.requests[1]!.urlParams.find(([key]) => key === "pageToken")?.[1], "t/é+1")
    }))

  it.effect("the empty 200 that the API documents for an upload reads as no attachment", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([text(200, "")])
      const result = yield* client.uploadNumberOrderAttachment({
        numberOrderId: "o",
        attachmentId: "a",
        file: new Uint8Array([1, 2, 3]),
        fileName: "f.pdf"
      })
      assertTrue(Option.isNone(result))
    }))

  it.effect("deprovisionEmergencyAddress ignores whatever its 200 carries", () =>
    Effect.gen(function*() {
      const { client } = yield* clientWith([text(200, "not json at all")])
      yield* client.deprovisionEmergencyAddress("+12025550134")
    }))

  it.effect("a refused connection is a TransportError that never left, with its cause", () =>
    Effect.gen(function*() {
      const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" })
      const { client } = yield* clientWith([() => refused])
      const error = yield* failure(client.getActiveNumber("+12025550134"))
      strictEqual(error._tag, "TransportError")
      const transport = error as NumbersError.TransportError
      strictEqual(transport.beforeSending, true)
      strictEqual(transport.cause, refused)
      assertTrue(NumbersError.isCallError(transport) && NumbersError.isNumbersError(transport))
    }))
})

describe("pipeline: input that JSON cannot carry", () => {
  it.effect("a cycle in requestDetails is InvalidInput and nothing is sent", () =>
    Effect.gen(function*() {
      const { client, stub } = yield* clientWith([json(200, {})])
      const details: Record<string, unknown> = { name: "x" }
      details.self = details
      const error = yield* failure(client.updateNumberOrderRegistration("o", { requestDetails: details }))
      strictEqual(error._tag, "InvalidInput")
      strictEqual(stub.requests.length, 0)
    }))

  it.effect("a BigInt in requestDetails is InvalidInput and nothing is sent", () =>
    Effect.gen(function*() {
      const { client, stub } = yield* clientWith([json(200, {})])
      const error = yield* failure(client.updateNumberOrderRegistration("o", { requestDetails: { n: 1n } }))
      strictEqual(error._tag, "InvalidInput")
      assertInclude(error.message, "JSON")
      strictEqual(stub.requests.length, 0)
    }))
})

describe("pipeline: echoed credentials", () => {
  const echoes = [
    [
      "an error JSON",
      (h: string) => json(404, sinchError(404, "NOT_FOUND", [{ type: "ResourceInfo", description: h }]))
    ],
    [
      "an HTML 5xx page",
      (h: string) => text(500, `<html><body>request had Authorization: ${h}</body></html>`, "text/html")
    ],
    ["a 200 of the wrong shape", (h: string) => json(200, { phoneNumber: 1, echo: h, regionCode: h })],
    ["a decoded Basic header in a 500", (_: string) => text(500, `user stub-key:${keySecret} refused`)]
  ] as const
  for (const [what, answer] of echoes) {
    it.effect(`${what} that echoes the Authorization header keeps no credential in the error`, () =>
      Effect.gen(function*() {
        const { client } = yield* clientWith([(request) => answer(request.headers["authorization"]!)])
        const error = yield* failure(client.getActiveNumber("+12025550134"))
        const shown = [error.message, String(error), JSON.stringify(error)].join("\n")
        for (const secret of [basic, basic.slice(6), keySecret]) {
          assertTrue(!shown.includes(secret), `${what}: ${secret} leaked into ${shown}`)
        }
      }))
  }
})

describe("pipeline: spans", () => {
  // What a hook inside the pipeline sees as the current span tells which spans the client opened around it.
  const currentSpanNames: Array<string> = []
  const seeSpan = (client: HttpClient.HttpClient) =>
    HttpClient.tapRequest(client, () =>
      Effect.map(
        Effect.option(Effect.currentSpan),
        (span) => currentSpanNames.push(Option.match(span, { onNone: () => "none", onSome: (s) => s.name }))
      ))

  it.effect("with no tracer installed, the client opens no span of its own (Effect's tracer records nothing)", () =>
    Effect.gen(function*() {
      currentSpanNames.length = 0
      const { client } = yield* clientWith([json(200, active)], { transformClient: seeSpan })
      yield* client.getActiveNumber("+12025550134").pipe(Effect.withSpan("caller"))
      deepStrictEqual(currentSpanNames, ["caller"])
    }))

  it.effect("a tracer installed by a layer gets the operation and attempt spans, with no secret in them", () =>
    Effect.gen(function*() {
      currentSpanNames.length = 0
      const { spans, tracer } = recordingTracer()
      const { client } = yield* clientWith([json(401, { error: keySecret }), json(200, active)], {
        transformClient: seeSpan
      })
      yield* client.getActiveNumber("+12025550134").pipe(
        Effect.withSpan("caller"),
        Effect.provide(Layer.setTracer(tracer))
      )
      deepStrictEqual(currentSpanNames, ["NumbersClient.getActiveNumber", "NumbersClient.getActiveNumber"])
      deepStrictEqual(spans.map((s) => s.name), [
        "caller",
        "NumbersClient.getActiveNumber",
        "NumbersClient.attempt",
        "NumbersClient.attempt"
      ])
      strictEqual(spans[1]!.attributes.get("sinch.attempts"), 2)
      deepStrictEqual(spans.slice(2).map((s) => s.attributes.get("http.response.status_code")), [401, 200])
      const everything = JSON.stringify(spans.map((s) => [s.name, [...s.attributes], s.exit]))
      assertTrue(!everything.includes(keySecret) && !everything.includes(basic.slice(6)))
    }))
})
