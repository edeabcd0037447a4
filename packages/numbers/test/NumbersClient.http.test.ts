import { SinchAuth } from "@effect-sinch/auth"
import { Emulator } from "@effect-sinch/emulator"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import * as Pipeline from "../src/internal/pipeline.js"
import * as NumbersClient from "../src/NumbersClient.js"
import * as NumbersError from "../src/NumbersError.js"
import type { Reply } from "./support/scriptedServer.js"
import { eventually, scriptedServer } from "./support/scriptedServer.js"
import { recordingTracer } from "./support/tracing.js"

const clientFor = (url: string, options: Omit<NumbersClient.Options, "projectId" | "baseUrl"> = {}) =>
  Layer.build(
    NumbersClient.layer({ projectId: "project", baseUrl: url, ...options }).pipe(
      Layer.provide(SinchAuth.layerOAuth({ keyId: "key", keySecret: "key-secret", tokenUrl: `${url}/oauth2/token` })),
      Layer.provide(NodeHttpClient.layerUndici)
    )
  ).pipe(Effect.map(Context.get(NumbersClient.NumbersClient)))

const sinchError = (code: number, status: string, details: ReadonlyArray<unknown> = []) => ({
  error: { code, message: `${status} happened`, status, details }
})

const number = { phoneNumber: "+12025550134", regionCode: "US", type: "LOCAL", expireAt: null }

describe("NumbersClient over a scripted server", () => {
  it.live("every error status becomes its typed error, with the request's context and Sinch's body", () =>
    Effect.gen(function*() {
      const replies: Array<Reply> = [
        {
          status: 400,
          body: sinchError(400, "INVALID_ARGUMENT", [{
            type: "BadRequest",
            fieldViolations: [{ field: "displayName", description: "too long" }]
          }])
        },
        { status: 403, body: sinchError(403, "PERMISSION_DENIED") },
        {
          status: 404,
          body: sinchError(404, "NOT_FOUND", [{
            type: "ResourceInfo",
            resourceType: "ActiveNumber",
            resourceName: "+12025550134"
          }])
        },
        { status: 408, body: "" },
        { status: 409, body: "conflict" },
        { status: 413, body: sinchError(413, "CONTENT_TOO_LARGE") },
        { status: 429, headers: { "retry-after": "7" }, body: "" },
        { status: 500, body: sinchError(500, "INTERNAL") },
        { status: 503, headers: { "retry-after": "2" }, body: "<html>Service Unavailable</html>" }
      ]
      const server = yield* scriptedServer((_, index) => replies[index]!)
      const client = yield* clientFor(server.url, { retrySchedule: "off" })
      const errors: Array<NumbersError.NumbersError> = []
      for (let i = 0; i < replies.length; i++) {
        errors.push(yield* Effect.flip(client.updateActiveNumber("+12025550134", { displayName: "x" })))
      }
      expect(errors.map((e) => e._tag)).toEqual([
        "InvalidArgument",
        "PermissionDenied",
        "NotFound",
        "Timeout",
        "UnexpectedStatus",
        "ContentTooLarge",
        "RateLimited",
        "ServerError",
        "ServerError"
      ])
      for (const [i, error] of errors.entries()) {
        const e = error as NumbersError.CallError & { status: number; attempts: number; path: string }
        expect(e.status).toBe((replies[i] as { status: number }).status)
        expect(e.attempts).toBe(1)
        expect(e.path).toBe("/v1/projects/project/activeNumbers/+12025550134")
        expect((e as { method: string }).method).toBe("PATCH")
        expect((e as { operation: string }).operation).toBe("updateActiveNumber")
        expect(e.message).toContain("updateActiveNumber (PATCH /v1/projects/project/activeNumbers/+12025550134)")
        expect(JSON.stringify(e)).not.toMatch(/token-\d|key-secret/)
        expect(e.message).not.toMatch(/token-\d|key-secret/)
      }
      const [invalid, denied, notFound, timeout, unexpected, tooLarge, limited, internal, html] = errors as [
        NumbersError.InvalidArgument,
        NumbersError.PermissionDenied,
        NumbersError.NotFound,
        NumbersError.Timeout,
        NumbersError.UnexpectedStatus,
        NumbersError.ContentTooLarge,
        NumbersError.RateLimited,
        NumbersError.ServerError,
        NumbersError.ServerError
      ]
      expect(invalid.fieldViolations.map((v) => [v.field, v.description])).toEqual([["displayName", "too long"]])
      expect(invalid.message).toContain("displayName: too long")
      expect(denied.body?.error.status).toBe("PERMISSION_DENIED")
      expect(denied.message).toContain("SINCH_PROJECT_ID")
      expect(notFound.message).toContain("ActiveNumber +12025550134 does not exist")
      expect(timeout.scope).toBe("server")
      expect(unexpected.excerpt).toBe("conflict")
      expect(tooLarge.message).toContain("smaller file")
      expect(limited.retryAfter).toEqual(Duration.seconds(7))
      expect(limited.body).toBeUndefined()
      expect(internal.body?.error.message).toBe("INTERNAL happened")
      expect(html.retryAfter).toEqual(Duration.seconds(2))
      expect(html.body).toBeUndefined()
      expect(html.excerpt).toContain("Service Unavailable")
      // The body sent was the validated request, as JSON.
      expect(JSON.parse(server.requests[0]!.body)).toEqual({ displayName: "x" })
      expect(server.requests[0]!.headers["content-type"]).toBe("application/json")
      expect(server.requests[0]!.headers["accept"]).toBe("application/json")
    }).pipe(Effect.scoped))

  it.live("a 401 tells SinchAuth and the call is sent once more with a new token, even a billable one", () =>
    Effect.gen(function*() {
      const server = yield* scriptedServer((request, index) =>
        index % 2 === 0
          ? { status: 401, headers: { "www-authenticate": "Bearer error=\"invalid_token\"" }, body: "" }
          : { status: 200, body: { ...number, phoneNumber: request.url.pathname.split("/")[5]!.split(":")[0] } }
      )
      const client = yield* clientFor(server.url)
      const found = yield* client.getActiveNumber("+12025550134")
      expect(found.phoneNumber).toBe("+12025550134")
      expect(server.requests.map((r) => r.headers["authorization"])).toEqual(["Bearer token-1", "Bearer token-2"])
      expect(server.tokensIssued()).toBe(2)
      const rented = yield* client.rentNumber("+12025550135")
      expect(rented.phoneNumber).toBe("+12025550135")
      expect(server.requests.slice(2).map((r) => r.headers["authorization"])).toEqual([
        "Bearer token-2",
        "Bearer token-3"
      ])
    }).pipe(Effect.scoped))

  it.live("a 401 that persists with a new token is Unauthorized after two attempts, and names no token", () =>
    Effect.gen(function*() {
      const server = yield* scriptedServer(() => ({ status: 401, body: sinchError(401, "UNAUTHENTICATED") }))
      const client = yield* clientFor(server.url)
      const error = yield* Effect.flip(client.getActiveNumber("+12025550134"))
      expect(error).toBeInstanceOf(NumbersError.Unauthorized)
      expect((error as NumbersError.Unauthorized).attempts).toBe(2)
      expect(error.message).toContain("SINCH_KEY_ID")
      expect(JSON.stringify(error) + error.message).not.toMatch(/token-\d|key-secret/)
      expect(server.requests).toHaveLength(2)
    }).pipe(Effect.scoped))

  it.scoped("the per-attempt timeout covers reading the body", () =>
    Effect.gen(function*() {
      const server = yield* scriptedServer(() => "stall-body")
      const client = yield* clientFor(server.url, { timeout: "5 seconds", retrySchedule: "off" })
      const fiber = yield* Effect.fork(client.getActiveNumber("+12025550134"))
      // The headers and half the body are out: the client is reading a body that never ends.
      expect(yield* eventually(() => server.stalled() === 1)).toBe(true)
      yield* eventually(() => false, 100)
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
      yield* TestClock.adjust("5 seconds")
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error._tag).toBe("Timeout")
      expect((error as NumbersError.Timeout).scope).toBe("attempt")
      // The abandoned connection is closed.
      expect(yield* eventually(() => server.inFlight() === 0)).toBe(true)
    }))

  // The live clock takes another path (the clock's timer, no racing fiber): the same outcome, in real time.
  it.live("on the live clock, the per-attempt timeout stops a stalled body read and closes the connection", () =>
    Effect.gen(function*() {
      const server = yield* scriptedServer(() => "stall-body")
      const client = yield* clientFor(server.url, { timeout: "300 millis", retrySchedule: "off" })
      const error = yield* Effect.flip(client.getActiveNumber("+12025550134"))
      expect(error._tag).toBe("Timeout")
      expect((error as NumbersError.Timeout).scope).toBe("attempt")
      expect(server.stalled()).toBe(1)
      expect(yield* eventually(() => server.inFlight() === 0)).toBe(true)
    }).pipe(Effect.scoped))

  it.live("interrupting a call aborts its request", () =>
    Effect.gen(function*() {
      const server = yield* scriptedServer(() => "hang")
      const client = yield* clientFor(server.url)
      const fiber = yield* Effect.fork(client.getActiveNumber("+12025550134"))
      expect(yield* eventually(() => server.inFlight() === 1)).toBe(true)
      expect(Exit.isInterrupted(yield* Fiber.interrupt(fiber))).toBe(true)
      expect(yield* eventually(() => server.inFlight() === 0)).toBe(true)
      expect(server.aborted()).toBe(1)
    }).pipe(Effect.scoped))

  it.live("one span per operation and per attempt, retries logged at debug, nothing secret in either", () =>
    Effect.gen(function*() {
      const server = yield* scriptedServer((_, index) =>
        index === 0 ? { status: 503, body: sinchError(503, "UNAVAILABLE") } : { status: 200, body: number }
      )
      const client = yield* clientFor(server.url, { retrySchedule: Schedule.recurs(3) })
      const { spans, tracer } = recordingTracer()
      const logs: Array<{ level: string; message: string; annotations: string }> = []
      const logger = Logger.make(({ annotations, logLevel, message }) => {
        logs.push({ level: logLevel.label, message: String(message), annotations: JSON.stringify([...annotations]) })
      })
      yield* client.getActiveNumber("+12025550134").pipe(
        Effect.withTracer(tracer),
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
        Logger.withMinimumLogLevel(LogLevel.Debug)
      )
      const operation = spans.filter((s) => s.name === "NumbersClient.getActiveNumber")
      expect(operation).toHaveLength(1)
      expect(operation[0]!.attributes.get("sinch.operation")).toBe("getActiveNumber")
      expect(operation[0]!.attributes.get("sinch.attempts")).toBe(2)
      expect(operation[0]!.attributes.get("http.response.status_code")).toBe(200)
      const attempts = spans.filter((s) => s.name === "NumbersClient.attempt")
      expect(attempts.map((s) => s.attributes.get("sinch.attempt"))).toEqual([1, 2])
      expect(attempts.map((s) => s.exit?._tag)).toEqual(["Failure", "Success"])
      // The attempt is the HTTP client span, with the semantic conventions' attributes and no header.
      expect(attempts.map((s) => s.kind)).toEqual(["client", "client"])
      expect(attempts.map((s) => s.attributes.get("http.response.status_code"))).toEqual([503, 200])
      const url = new URL(server.url)
      expect(Object.fromEntries(attempts[0]!.attributes)).toMatchObject({
        "http.request.method": "GET",
        "server.address": url.hostname,
        "url.full": `${server.url}/v1/projects/project/activeNumbers/+12025550134`
      })
      expect([...attempts[0]!.attributes.keys()].filter((key) => key.startsWith("http.request.header"))).toEqual([])
      // The platform's http.client span would repeat the attempt and record every header: it is off for our requests,
      // and so is writing trace headers Sinch does not read.
      expect(spans.filter((s) => s.name.startsWith("http.client"))).toEqual([])
      expect(server.requests.flatMap((r) => Object.keys(r.headers)).filter((h) => h === "traceparent" || h === "b3"))
        .toEqual([])
      const retries = logs.filter((l) => l.message.includes("retrying"))
      expect(retries).toHaveLength(1)
      expect(retries[0]!.level).toBe("DEBUG")
      expect(retries[0]!.message).toBe(
        "getActiveNumber: attempt 1 failed with ServerError (HTTP 503); retrying at once"
      )
      const everything = JSON.stringify(spans.map((s) => [s.name, [...s.attributes]])) + JSON.stringify(logs)
      expect(everything).not.toMatch(/token-\d|key-secret/)
    }).pipe(Effect.scoped))

  it.live("a path segment is percent-encoded, and a number order id cannot climb out of its path", () =>
    Effect.gen(function*() {
      const server = yield* scriptedServer(() => ({
        status: 200,
        body: { idNumberOrder: "a/b?c#d:e f", state: "CREATED" }
      }))
      const client = yield* clientFor(server.url)
      const order = yield* client.getNumberOrder("a/b?c#d:e f")
      expect(order.idNumberOrder).toBe("a/b?c#d:e f")
      expect(server.requests[0]!.url.pathname).toBe("/v1/projects/project/numberOrders/a%2Fb%3Fc%23d%3Ae%20f")
      expect(server.requests[0]!.url.search).toBe("")
    }).pipe(Effect.scoped))

  it.live("layerConfig reads SINCH_PROJECT_ID and SINCH_NUMBERS_URL; a missing project id is a ConfigError", () =>
    Effect.gen(function*() {
      const server = yield* scriptedServer(() => ({ status: 200, body: { projectId: "from-env", hmacSecret: "s" } }))
      const fromEnv = (env: Record<string, string>) =>
        Layer.build(
          NumbersClient.layerConfig({ retrySchedule: "off" }).pipe(
            Layer.provide(SinchAuth.layerBasic({ keyId: "key", keySecret: "secret" })),
            Layer.provide(NodeHttpClient.layerUndici),
            Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
          )
        ).pipe(Effect.map(Context.get(NumbersClient.NumbersClient)))
      const client = yield* fromEnv({ SINCH_PROJECT_ID: "from-env", SINCH_NUMBERS_URL: server.url })
      expect((yield* client.getCallbackConfiguration()).projectId).toBe("from-env")
      expect(server.requests[0]!.url.pathname).toBe("/v1/projects/from-env/callbackConfiguration")
      const missing = yield* Effect.flip(fromEnv({ SINCH_NUMBERS_URL: server.url }))
      expect(missing._tag).not.toBe("InvalidInput")
      expect(String(missing)).toContain("SINCH_PROJECT_ID")
      const insecure = yield* Effect.flip(fromEnv({ SINCH_PROJECT_ID: "p", SINCH_NUMBERS_URL: "http://example.com" }))
      expect(insecure._tag).toBe("InvalidInput")
    }).pipe(Effect.scoped))

  it.scoped("an auth error reaches the caller as it is, and nothing reaches the API", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* Layer.build(
        NumbersClient.layer({ projectId: emulator.projectId, baseUrl: "http://127.0.0.1:9" }).pipe(
          Layer.provide(
            SinchAuth.layerOAuth({
              keyId: emulator.keyId,
              keySecret: "not-the-secret",
              tokenUrl: "http://127.0.0.1:9/oauth2/token"
            })
          )
        )
      ).pipe(Effect.map(Context.get(NumbersClient.NumbersClient)))
      const error = yield* Effect.flip(client.getActiveNumber("+12025550134"))
      expect(error._tag).toBe("AuthenticationFailed")
      expect(error.message).not.toContain("not-the-secret")
      const stats = yield* emulator.stats
      expect(stats.requests["GetActiveNumber"]).toBeUndefined()
    }).pipe(Effect.provide(Emulator.layerHttpClient())))

  it.effect("options are validated when the layer is built", () =>
    Effect.gen(function*() {
      const cases: Array<[NumbersClient.Options, string]> = [
        [{ projectId: "" }, "projectId"],
        [{ projectId: "a/b" }, "projectId"],
        [{ projectId: "p", baseUrl: "numbers.api.sinch.com" }, "baseUrl"],
        [{ projectId: "p", baseUrl: "http://numbers.example.com" }, "baseUrl"],
        [{ projectId: "p", baseUrl: "ftp://127.0.0.1" }, "baseUrl"],
        [{ projectId: "p", timeout: "-1 seconds" as Duration.DurationInput }, "timeout"],
        [{ projectId: "p", deadline: 0 }, "deadline"]
      ]
      for (const [options, field] of cases) {
        const error = yield* Effect.flip(NumbersClient.make(options))
        expect(error).toBeInstanceOf(NumbersError.InvalidInput)
        expect(error.field).toBe(field)
      }
      // https anywhere, plain http to loopback only.
      yield* NumbersClient.make({ projectId: "p", baseUrl: "https://numbers.example.com/" })
      yield* NumbersClient.make({ projectId: "p", baseUrl: "http://localhost:4010" })
    }).pipe(
      Effect.provide(SinchAuth.layerBasic({ keyId: "key", keySecret: "secret" })),
      Effect.provide(NodeHttpClient.layerUndici)
    ))
})

describe("a transformClient that reads the answer's body first", () => {
  // A program's middleware may read a body (to log it): the client must still read the same answer after it, on
  // every HttpClient, as it did when it read bodies with `response.text` (cached by each HttpClient).
  const reading = (client: HttpClient.HttpClient) => HttpClient.tap(client, (response) => Effect.ignore(response.text))
  const layers = {
    undici: NodeHttpClient.layerUndici,
    "node:http": NodeHttpClient.layer,
    fetch: FetchHttpClient.layer
  } as const
  /** A client of `url` on `httpClient`, its requests through `transformClient`, with no retry. */
  const through = (
    url: string,
    httpClient: Layer.Layer<HttpClient.HttpClient>,
    transformClient: (client: HttpClient.HttpClient) => HttpClient.HttpClient
  ) =>
    Layer.build(
      NumbersClient.layer({
        projectId: "project",
        baseUrl: url,
        retrySchedule: "off",
        timeout: "5 seconds",
        transformClient
      })
        .pipe(
          Layer.provide(SinchAuth.layerBasic({ keyId: "key", keySecret: "secret" })),
          Layer.provide(httpClient)
        )
    ).pipe(Effect.map(Context.get(NumbersClient.NumbersClient)))
  for (const [name, httpClient] of Object.entries(layers)) {
    it.live(`${name}: the answer still decodes`, () =>
      Effect.gen(function*() {
        const server = yield* scriptedServer(() => ({ status: 200, body: { ...number, displayName: "ünïcode" } }))
        const client = yield* through(server.url, httpClient, reading)
        const found = yield* client.getActiveNumber("+12025550134")
        expect(found.phoneNumber).toBe("+12025550134")
        expect(found.displayName).toBe("ünïcode")
      }).pipe(Effect.scoped), 15_000)

    // The client reads an unread body as bytes (a page's text then dies young: docs/performance.md); that needs to
    // know, on each HttpClient, whether the body was read.
    it.live(`${name}: an answer's body is known unread until it is read`, () =>
      Effect.gen(function*() {
        const server = yield* scriptedServer((request) =>
          request.url.pathname === "/empty" ? { status: 200 } : request.url.pathname === "/cut" ? "cut-body" : {
            status: 200,
            body: number
          }
        )
        const client = yield* HttpClient.HttpClient
        const response = yield* client.get(`${server.url}/x`)
        expect(Pipeline.unread(response)).toBe(true)
        expect(JSON.parse(yield* response.text)).toEqual(number)
        expect(Pipeline.unread(response)).toBe(false)
        const empty = yield* client.get(`${server.url}/empty`)
        expect(Pipeline.unread(empty)).toBe(true)
        expect(yield* empty.text).toBe("")
        expect(Pipeline.unread(empty)).toBe(false)
        // a read that failed half-way is a read: nothing may try the body again
        const cut = yield* client.get(`${server.url}/cut`)
        expect(Pipeline.unread(cut)).toBe(true)
        yield* Effect.flip(cut.arrayBuffer)
        expect(Pipeline.unread(cut)).toBe(false)
      }).pipe(Effect.scoped, Effect.provide(httpClient)), 15_000)

    // A body cut short fails the attempt with the read's own error, at once. It is not read again as text: that
    // cannot succeed, and undici answers it with a failed `assert` whose message Node builds by parsing the source
    // around it (in a bundle, seconds of CPU with the whole process stopped).
    it.live(`${name}: a body cut short is read once, and fails as a transport error`, () =>
      Effect.gen(function*() {
        const server = yield* scriptedServer(() => "cut-body")
        let textReads = 0
        const counting = (client: HttpClient.HttpClient) =>
          HttpClient.transformResponse(
            client,
            Effect.map((response) =>
              new Proxy(response, {
                get: (target, key) => {
                  if (key === "text") textReads++
                  return Reflect.get(target, key, target)
                }
              })
            )
          )
        const client = yield* through(server.url, httpClient, counting)
        const error = yield* Effect.flip(client.getActiveNumber("+12025550134"))
        expect(error._tag).toBe("TransportError")
        expect(textReads).toBe(0)
        expect(server.requests).toHaveLength(1)
      }).pipe(Effect.scoped), 15_000)
  }
})
