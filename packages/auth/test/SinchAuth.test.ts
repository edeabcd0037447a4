import { AuthError, SinchAuth } from "@effect-sinch/auth"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import { eventually, ioTick, nextSleep } from "./fixtures/TestTime.js"
import * as TokenServer from "./fixtures/TokenServer.js"

const keyId = "0f3c1e6a-key-id"
const keySecret = Redacted.make("s3cr3t-Key-Secret-9Qz")
const apiRequest = HttpClientRequest.get("https://numbers.api.sinch.com/v1/projects/p/activeNumbers")

const bearer = (n: number) => `Bearer ${TokenServer.tokenValue(n)}`
const authorization = (request: HttpClientRequest.HttpClientRequest) => request.headers["authorization"]

const setup = (options: Partial<SinchAuth.OAuthOptions> = {}) =>
  Effect.gen(function*() {
    const server = yield* TokenServer.make
    const auth = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl, ...options })
    return { server, auth }
  })

const manyAuthorize = (auth: SinchAuth.SinchAuth.Service, n: number) =>
  Effect.all(Array.from({ length: n }, () => Effect.map(auth.authorize(apiRequest), authorization)), {
    concurrency: "unbounded"
  })

describe("SinchAuth (OAuth)", () => {
  it.scoped("sends a client-credentials form with the key as HTTP Basic, and authorizes with Bearer", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      const request = yield* auth.authorize(apiRequest)
      assert.strictEqual(authorization(request), bearer(1))
      assert.strictEqual(request.url, apiRequest.url)
      const [sent] = yield* server.requests
      assert.strictEqual(sent!.body, "grant_type=client_credentials")
      assert.match(sent!.contentType ?? "", /^application\/x-www-form-urlencoded/)
      const expected = `Basic ${Buffer.from(`${keyId}:${Redacted.value(keySecret)}`).toString("base64")}`
      assert.strictEqual(sent!.authorization, expected)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("1,000 concurrent callers with a cold cache cause exactly one token request", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      const headers = yield* manyAuthorize(auth, 1000)
      assert.strictEqual(yield* server.count, 1)
      assert.isTrue(headers.every((h) => h === bearer(1)))
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("1,000 concurrent callers at the moment of expiry cause exactly one more token request", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      yield* auth.authorize(apiRequest)
      yield* TestClock.adjust("3600 seconds") // the token was sent for at t=0 with expires_in 3600
      const headers = yield* manyAuthorize(auth, 1000)
      const requests = yield* server.requests
      assert.deepStrictEqual(requests.map((r) => r.at), [0, 3_600_000])
      assert.isTrue(headers.every((h) => h === bearer(2)))
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("renews at T−S in the background while callers keep using the still-valid token", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      yield* server.setExpiresIn(600)
      const gate = yield* Deferred.make<void>()
      assert.strictEqual(authorization(yield* auth.authorize(apiRequest)), bearer(1))
      yield* server.script(TokenServer.hold(gate))

      yield* TestClock.adjust("539999 millis")
      assert.strictEqual(authorization(yield* auth.authorize(apiRequest)), bearer(1))
      yield* Effect.repeatN(ioTick, 20)
      assert.strictEqual(yield* server.count, 1, "no renewal before T−S")

      yield* TestClock.adjust("1 millis")
      // The renewal is held by the server, yet every caller gets the current token at once.
      const during = yield* manyAuthorize(auth, 200)
      assert.isTrue(during.every((h) => h === bearer(1)))
      yield* eventually(Effect.map(server.count, (n) => n === 2), "the renewal reaches the server")
      assert.strictEqual((yield* server.requests)[1]!.at, 540_000)
      assert.isTrue((yield* manyAuthorize(auth, 200)).every((h) => h === bearer(1)))

      yield* Deferred.succeed(gate, undefined)
      yield* eventually(
        Effect.map(auth.authorize(apiRequest), (r) => authorization(r) === bearer(2)),
        "the renewed token is in use"
      )
      assert.strictEqual(yield* server.count, 2, "one renewal for everyone")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("the refresh skew is configurable, and a short-lived token is renewed at half its life", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup({ refreshSkew: "10 seconds" })
      yield* server.script(TokenServer.token(100), TokenServer.token(16), TokenServer.token(3600))
      yield* auth.authorize(apiRequest)
      yield* TestClock.adjust("89999 millis")
      yield* auth.authorize(apiRequest)
      yield* Effect.repeatN(ioTick, 20)
      assert.strictEqual(yield* server.count, 1)
      yield* TestClock.adjust("1 millis")
      yield* auth.authorize(apiRequest)
      yield* eventually(
        Effect.map(auth.authorize(apiRequest), (r) => authorization(r) === bearer(2)),
        "the second token is in use"
      )
      // Token 2 lives 16 s, less than twice the 10 s skew: renewed after 8 s, not after 6 s.
      yield* TestClock.adjust("7999 millis")
      yield* auth.authorize(apiRequest)
      yield* Effect.repeatN(ioTick, 20)
      assert.strictEqual(yield* server.count, 2)
      yield* TestClock.adjust("1 millis")
      yield* auth.authorize(apiRequest)
      yield* eventually(Effect.map(server.count, (n) => n === 3), "the half-life renewal")
      assert.deepStrictEqual((yield* server.requests).map((r) => r.at), [0, 90_000, 98_000])
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a failed fetch is not cached: the next caller tries again", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      yield* server.script(TokenServer.raw(400, { json: { error: "invalid_client" } }))
      const first = yield* Effect.flip(auth.authorize(apiRequest))
      assert.strictEqual(first._tag, "AuthenticationFailed")
      assert.strictEqual(authorization(yield* auth.authorize(apiRequest)), bearer(1))
      assert.strictEqual(yield* server.count, 2)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a background renewal that meets a 503 retries on schedule while callers keep the current token", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      yield* auth.authorize(apiRequest)
      yield* server.script(TokenServer.raw(503), TokenServer.token())
      yield* TestClock.adjust("3540 seconds")
      assert.strictEqual(authorization(yield* auth.authorize(apiRequest)), bearer(1))
      yield* eventually(Effect.map(server.count, (n) => n === 2), "the renewal attempt")
      // The 503 goes through the retry schedule: after the first wait the renewal succeeds.
      const wait = yield* nextSleep("6 seconds", Effect.map(server.count, (n) => n === 3))
      if (wait !== undefined) yield* TestClock.adjust(wait)
      yield* eventually(
        Effect.map(auth.authorize(apiRequest), (r) => authorization(r) === bearer(2)),
        "the renewed token"
      )
      assert.strictEqual(yield* server.count, 3)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a renewal refused outright keeps the valid token, and waits before trying again", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      yield* auth.authorize(apiRequest)
      yield* server.script(TokenServer.raw(401, { json: { error: "invalid_client" } }))
      yield* TestClock.adjust("3540 seconds")
      assert.strictEqual(authorization(yield* auth.authorize(apiRequest)), bearer(1))
      yield* eventually(Effect.map(server.count, (n) => n === 2), "the renewal attempt")
      yield* Effect.repeatN(ioTick, 10)
      const burst = yield* manyAuthorize(auth, 100)
      assert.isTrue(burst.every((h) => h === bearer(1)))
      yield* Effect.repeatN(ioTick, 10)
      assert.strictEqual(yield* server.count, 2, "no retry storm after a failed renewal")
      yield* TestClock.adjust("5 seconds")
      yield* auth.authorize(apiRequest)
      yield* eventually(
        Effect.map(auth.authorize(apiRequest), (r) => authorization(r) === bearer(2)),
        "the later renewal"
      )
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("reject drops the token only while it is still the cached one: a burst of 401s causes one refresh", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      const first = yield* auth.authorize(apiRequest)
      yield* Effect.all(Array.from({ length: 50 }, () => auth.reject(first)), { concurrency: "unbounded" })
      const second = yield* manyAuthorize(auth, 100)
      assert.isTrue(second.every((h) => h === bearer(2)))
      // Late 401s for the old token leave the newer one alone.
      yield* auth.reject(first)
      assert.strictEqual(authorization(yield* auth.authorize(apiRequest)), bearer(2))
      assert.strictEqual(yield* server.count, 2)
      // A request without a Bearer token is ignored.
      yield* auth.reject(apiRequest)
      yield* auth.reject(HttpClientRequest.basicAuth(apiRequest, "a", "b"))
      assert.strictEqual(authorization(yield* auth.authorize(apiRequest)), bearer(2))
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("401 with the expired-JWT WWW-Authenticate header: one refresh, each call succeeds on its one retry", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      const client = yield* HttpClient.HttpClient
      const call = SinchAuth.executeAuthorized(client, HttpClientRequest.get(server.apiUrl)).pipe(
        Effect.provideService(SinchAuth.SinchAuth, auth)
      )
      assert.strictEqual((yield* call).status, 200)
      yield* server.expireIssuedTokens
      const responses = yield* Effect.all(Array.from({ length: 20 }, () => call), { concurrency: "unbounded" })
      assert.isTrue(responses.every((r) => r.status === 200))
      assert.strictEqual(yield* server.count, 2, "one refresh for the whole burst")
      const calls = yield* server.apiCalls
      assert.strictEqual(calls.length, 1 + 40, "each call: one 401, one retry")
      assert.strictEqual(calls.filter((h) => h === bearer(1)).length, 21)
      assert.strictEqual(calls.filter((h) => h === bearer(2)).length, 20)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("closing the layer stops an in-flight fetch; waiting callers do not hang", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const gate = yield* Deferred.make<void>()
      yield* server.script(TokenServer.hold(gate))
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(
        SinchAuth.layerOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl }),
        scope
      )
      const auth = Context.get(context, SinchAuth.SinchAuth)
      const waiting = yield* Effect.fork(auth.authorize(apiRequest))
      yield* eventually(Effect.map(server.count, (n) => n === 1), "the fetch reaches the server")
      yield* Scope.close(scope, Exit.void)
      const exit = yield* Fiber.await(waiting)
      assert.isTrue(Exit.isInterrupted(exit))
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
  it.scoped("a service used after its layer was closed fails with a defect instead of hanging", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(
        SinchAuth.layerOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl }),
        scope
      )
      yield* Scope.close(scope, Exit.void)
      const exit = yield* Effect.exit(Context.get(context, SinchAuth.SinchAuth).authorize(apiRequest))
      assert.isTrue(Exit.isFailure(exit) && Cause.isDie(exit.cause))
      assert.include(Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "", "layer that provides it was closed")
      assert.strictEqual(yield* server.count, 0)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})

describe("SinchAuth token endpoint errors", () => {
  it.scoped("429 twice, then success: the caller gets its token and the waits follow the schedule", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup({
        retrySchedule: Schedule.exponential("1 second").pipe(Schedule.intersect(Schedule.recurs(4))),
        requestTimeout: "1 hour"
      })
      yield* server.script(TokenServer.raw(429), TokenServer.raw(429))
      const fiber = yield* Effect.fork(auth.authorize(apiRequest))
      const first = yield* nextSleep("10 minutes")
      yield* TestClock.adjust(first!)
      yield* eventually(Effect.map(server.count, (n) => n === 2), "the second attempt")
      const second = yield* nextSleep("10 minutes")
      yield* TestClock.adjust(second!)
      assert.strictEqual(authorization(yield* Fiber.join(fiber)), bearer(1))
      assert.deepStrictEqual([first, second], [1000, 2000])
      assert.deepStrictEqual((yield* server.requests).map((r) => r.at), [0, 1000, 3000])
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("the default schedule waits a full-jitter exponential backoff", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup({ requestTimeout: "1 hour" })
      yield* server.script(TokenServer.raw(429), TokenServer.raw(502), TokenServer.raw(500))
      const fiber = yield* Effect.fork(auth.authorize(apiRequest))
      for (let attempt = 1; attempt <= 3; attempt++) {
        const wait = yield* nextSleep("10 minutes", Effect.map(server.count, (n) => n > attempt))
        if (wait !== undefined) yield* TestClock.adjust(wait)
        yield* eventually(Effect.map(server.count, (n) => n > attempt), `attempt ${attempt + 1}`)
      }
      assert.strictEqual(authorization(yield* Fiber.join(fiber)), bearer(1))
      // The waits are read from when the requests arrived: a jittered wait can be 0 ms, which leaves no sleep to see.
      const at = (yield* server.requests).map((r) => r.at)
      const waits = at.slice(1).map((t, i) => t - at[i]!)
      assert.strictEqual(waits.length, 3)
      assert.isTrue(waits[0]! <= 200 && waits[1]! <= 400 && waits[2]! <= 800, `waits ${waits}`)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("Retry-After is honoured, in seconds and as an HTTP date", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup({ requestTimeout: "1 hour" })
      yield* server.script(
        TokenServer.raw(429, { headers: { "retry-after": "3" } }),
        TokenServer.raw(503, { headers: { "retry-after": new Date(8000).toUTCString() } })
      )
      const fiber = yield* Effect.fork(auth.authorize(apiRequest))
      const first = yield* nextSleep("10 minutes")
      yield* TestClock.adjust(first!)
      yield* eventually(Effect.map(server.count, (n) => n === 2), "the second attempt")
      const second = yield* nextSleep("10 minutes")
      yield* TestClock.adjust(second!)
      assert.strictEqual(authorization(yield* Fiber.join(fiber)), bearer(1))
      assert.deepStrictEqual((yield* server.requests).map((r) => r.at), [0, 3000, 8000])
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("retries are bounded: a token endpoint that keeps failing gives AuthServiceUnavailable", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup({ retrySchedule: Schedule.recurs(2) })
      yield* server.script(
        TokenServer.raw(503, { body: "down for maintenance" }),
        TokenServer.raw(503),
        TokenServer.raw(503, { body: "still down" })
      )
      const error = yield* Effect.flip(auth.authorize(apiRequest))
      assert.instanceOf(error, AuthError.AuthServiceUnavailable)
      assert.strictEqual(error.attempts, 3)
      assert.strictEqual(error.status, 503)
      assert.include(error.message, "still down")
      assert.strictEqual(yield* server.count, 3)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a Retry-After beyond maxRetryAfter is not waited for", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup({ maxRetryAfter: "30 seconds" })
      yield* server.script(TokenServer.raw(429, { headers: { "retry-after": "3600" } }))
      const error = yield* Effect.flip(auth.authorize(apiRequest))
      assert.instanceOf(error, AuthError.AuthServiceUnavailable)
      assert.strictEqual(error.attempts, 1)
      assert.strictEqual(Duration.toSeconds(error.retryAfter!), 3600)
      assert.include(error.message, "1h")
      assert.strictEqual(yield* server.count, 1)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a refused connection is retried, then named with the token URL and ECONNREFUSED, not the status page", () =>
    Effect.gen(function*() {
      // Nothing listens on this port once its server is gone.
      const closed = yield* Effect.scoped(Effect.map(TokenServer.make, (s) => s.tokenUrl))
      const auth = yield* SinchAuth.makeOAuth({
        keyId,
        keySecret,
        tokenUrl: `${closed}?tenant=q#frag`,
        retrySchedule: Schedule.recurs(1)
      })
      const error = yield* Effect.flip(auth.authorize(apiRequest))
      assert.instanceOf(error, AuthError.AuthServiceUnavailable)
      assert.strictEqual(error.attempts, 2, "ECONNREFUSED may heal (a server starting up): retried")
      assert.isUndefined(error.status)
      assert.strictEqual(error.code, "ECONNREFUSED")
      assert.strictEqual(error.url, closed)
      assert.strictEqual((error.cause as { code?: unknown } | undefined)?.code, "ECONNREFUSED")
      assert.include(error.message, closed)
      assert.notInclude(error.message, "tenant")
      assert.include(error.message, "connection refused (ECONNREFUSED)")
      assert.include(error.message, "SINCH_AUTH_URL")
      assert.include(error.message, "emulator")
      assert.notInclude(error.message, "status page")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a request that gets no answer in time counts as failed and is retried", () =>
    Effect.gen(function*() {
      const gate = yield* Deferred.make<void>()
      const { auth, server } = yield* setup({ requestTimeout: "5 seconds", retrySchedule: Schedule.recurs(1) })
      yield* server.script(TokenServer.hold(gate))
      const fiber = yield* Effect.fork(auth.authorize(apiRequest))
      yield* eventually(Effect.map(server.count, (n) => n === 1), "the first attempt")
      yield* TestClock.adjust("5 seconds")
      assert.strictEqual(authorization(yield* Fiber.join(fiber)), bearer(1))
      assert.strictEqual(yield* server.count, 2)
      yield* Deferred.succeed(gate, undefined)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("wrong credentials fail at once with AuthenticationFailed carrying the auth server's error body", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      yield* server.script(TokenServer.raw(401, {
        json: {
          error: "invalid_client",
          error_description: "Client authentication failed",
          error_hint: "check the key",
          status_code: 401
        }
      }))
      const error = yield* Effect.flip(auth.authorize(apiRequest))
      assert.instanceOf(error, AuthError.AuthenticationFailed)
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.body?.error, "invalid_client")
      assert.strictEqual(error.body?.error_hint, "check the key")
      assert.include(error.message, "Client authentication failed")
      assert.include(error.message, keyId)
      assert.strictEqual(yield* server.count, 1, "not retried")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("an environment client that filters statuses does not turn wrong credentials into retries", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      yield* server.script(TokenServer.raw(401, { json: { error: "invalid_client" } }))
      const error = yield* Effect.flip(auth.authorize(apiRequest))
      assert.instanceOf(error, AuthError.AuthenticationFailed)
      assert.strictEqual(error.body?.error, "invalid_client")
      assert.strictEqual(yield* server.count, 1)
    }).pipe(
      Effect.provide(
        Layer.effect(HttpClient.HttpClient, Effect.map(HttpClient.HttpClient, HttpClient.filterStatusOk)).pipe(
          Layer.provide(NodeHttpClient.layerUndici)
        )
      )
    ))

  it.scoped("a malformed token answer is an InvalidTokenResponse that shows its shape, never the token", () =>
    Effect.gen(function*() {
      const { auth, server } = yield* setup()
      const leaked = "eyJhbGciOiJSUzI1NiJ9.leaky-token-value"
      yield* server.script(
        TokenServer.raw(200, { json: { access_token: leaked, token_type: "bearer", expires_in: "soon" } }),
        TokenServer.raw(200, { body: `access_token=${leaked}`, headers: { "content-type": "text/plain" } }),
        TokenServer.raw(200, { json: { access_token: leaked, token_type: "bearer", expires_in: 0 } }),
        TokenServer.raw(404, { body: "Not Found" })
      )
      const errors = [
        yield* Effect.flip(auth.authorize(apiRequest)),
        yield* Effect.flip(auth.authorize(apiRequest)),
        yield* Effect.flip(auth.authorize(apiRequest)),
        yield* Effect.flip(auth.authorize(apiRequest))
      ]
      for (const error of errors) {
        assert.instanceOf(error, AuthError.InvalidTokenResponse)
        for (const text of [error.message, String(error), JSON.stringify(error)]) {
          assert.notInclude(text, leaked)
        }
      }
      const [shape, notJson, expired, notFound] = errors as Array<AuthError.InvalidTokenResponse>
      assert.include(shape!.message, "expires_in is not valid (expected a number of seconds, 0 or more)")
      assert.include(shape!.excerpt, "\"access_token\":<string>")
      assert.include(notJson!.reason, "not JSON")
      assert.include(expired!.reason, "expires_in is 0")
      assert.strictEqual(notFound!.status, 404)
      assert.include(notFound!.message, "Not Found")
      assert.strictEqual(yield* server.count, 4, "none retried")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})

describe("SinchAuth layers", () => {
  it.scoped("layerOAuthConfig reads SINCH_KEY_ID, SINCH_KEY_SECRET and SINCH_AUTH_URL", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const provider = ConfigProvider.fromMap(
        new Map([
          ["SINCH_KEY_ID", keyId],
          ["SINCH_KEY_SECRET", Redacted.value(keySecret)],
          ["SINCH_AUTH_URL", server.tokenUrl]
        ])
      )
      const request = yield* Effect.flatMap(SinchAuth.SinchAuth, (auth) => auth.authorize(apiRequest)).pipe(
        Effect.provide(SinchAuth.layerOAuthConfig()),
        Effect.withConfigProvider(provider)
      )
      assert.strictEqual(authorization(request), bearer(1))
      const [sent] = yield* server.requests
      assert.strictEqual(
        sent!.authorization,
        `Basic ${Buffer.from(`${keyId}:${Redacted.value(keySecret)}`).toString("base64")}`
      )
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.effect("layerOAuthConfig fails with a ConfigError when the secret is missing", () =>
    Effect.gen(function*() {
      const error = yield* Layer.build(SinchAuth.layerOAuthConfig()).pipe(
        Effect.scoped,
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["SINCH_KEY_ID", keyId]]))),
        Effect.flip
      )
      assert.isTrue(ConfigError.isConfigError(error) && ConfigError.isMissingDataOnly(error))
      assert.include(String(error), "SINCH_KEY_SECRET")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.effect("a token URL on plain http is refused unless its host is loopback", () =>
    Effect.gen(function*() {
      const build = (tokenUrl: string) =>
        Layer.build(SinchAuth.layerOAuth({ keyId, keySecret, tokenUrl })).pipe(Effect.scoped, Effect.either)
      for (
        const ok of [
          "https://auth.sinch.com/oauth2/token",
          "http://127.0.0.1:8080/oauth2/token",
          "http://localhost/t",
          "http://[::1]:9/t",
          "http://127.1.2.3/t"
        ]
      ) {
        const result = yield* build(ok)
        assert.strictEqual(result._tag, "Right", ok)
      }
      for (
        const bad of [
          "http://auth.sinch.com/oauth2/token",
          "http://10.0.0.1/t",
          "http://localhost.evil.com/t",
          "ftp://auth.sinch.com/t",
          "not a url",
          "https://user:pw@auth.sinch.com/t"
        ]
      ) {
        const result = yield* build(bad)
        assert.strictEqual(result._tag, "Left", bad)
        if (result._tag === "Left") {
          assert.instanceOf(result.left, AuthError.InsecureTokenUrl)
          assert.notInclude(result.left.message, "pw@")
        }
      }
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.effect("SINCH_AUTH_URL on plain http to a remote host fails the config layer with InsecureTokenUrl", () =>
    Effect.gen(function*() {
      const error = yield* Layer.build(SinchAuth.layerOAuthConfig()).pipe(
        Effect.scoped,
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([["SINCH_KEY_ID", keyId], ["SINCH_KEY_SECRET", "x"], ["SINCH_AUTH_URL", "http://auth.sinch.com/x"]])
          )
        ),
        Effect.flip
      )
      assert.instanceOf(error, AuthError.InsecureTokenUrl)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})

describe("SinchAuth (Basic)", () => {
  it.effect("puts Basic keyId:keySecret on every request; reject is a no-op", () =>
    Effect.gen(function*() {
      const auth = yield* SinchAuth.SinchAuth
      const expected = `Basic ${Buffer.from(`${keyId}:${Redacted.value(keySecret)}`).toString("base64")}`
      const request = yield* auth.authorize(apiRequest)
      assert.strictEqual(authorization(request), expected)
      yield* auth.reject(request)
      assert.strictEqual(authorization(yield* auth.authorize(apiRequest)), expected)
    }).pipe(Effect.provide(SinchAuth.layerBasic({ keyId, keySecret }))))

  it.effect("accepts a plain-string secret and non-ASCII characters", () =>
    Effect.gen(function*() {
      const auth = SinchAuth.makeBasic({ keyId: "k", keySecret: "pässwörd" })
      const request = yield* auth.authorize(apiRequest)
      assert.strictEqual(authorization(request), `Basic ${Buffer.from("k:pässwörd", "utf8").toString("base64")}`)
    }))

  it.effect("layerBasicConfig reads SINCH_KEY_ID and SINCH_KEY_SECRET", () =>
    Effect.gen(function*() {
      const auth = yield* SinchAuth.SinchAuth
      const request = yield* auth.authorize(apiRequest)
      assert.strictEqual(authorization(request), `Basic ${Buffer.from("id:secret").toString("base64")}`)
    }).pipe(
      Effect.provide(SinchAuth.layerBasicConfig()),
      Effect.withConfigProvider(
        ConfigProvider.fromMap(new Map([["SINCH_KEY_ID", "id"], ["SINCH_KEY_SECRET", "secret"]]))
      )
    ))

  it.scoped("executeAuthorized does not retry a 401 when there is no other credential to try", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const client = yield* HttpClient.HttpClient
      const response = yield* SinchAuth.executeAuthorized(client, HttpClientRequest.get(server.apiUrl)).pipe(
        Effect.provide(SinchAuth.layerBasic({ keyId, keySecret }))
      )
      assert.strictEqual(response.status, 401)
      assert.strictEqual((yield* server.apiCalls).length, 1)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})
