import { AuthError, SinchAuth } from "@effect-sinch/auth"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Inspectable from "effect/Inspectable"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Tracer from "effect/Tracer"
import * as Util from "node:util"
import * as TokenServer from "./fixtures/TokenServer.js"

const keyId = "leak-test-key"
const secretText = "Sup3r-S3cret-Value-XyZ"
const keySecret = Redacted.make(secretText)
const credentials = Buffer.from(`${keyId}:${secretText}`).toString("base64")
const forbidden = [secretText, credentials]
const apiRequest = HttpClientRequest.get("https://numbers.api.sinch.com/v1/projects/p/activeNumbers")

/** Everything a program could print: log lines (at every level) and finished spans with their attributes. */
const capture = Effect.gen(function*() {
  const lines: Array<string> = []
  const spans: Array<Tracer.Span> = []
  const logger = Logger.make((options) => {
    lines.push(Logger.logfmtLogger.log(options))
    lines.push(
      Logger.structuredLogger.log(options) === undefined ? "" : JSON.stringify(Logger.structuredLogger.log(options))
    )
  })
  const base = yield* Effect.tracer
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const span = base.span(name, parent, context, links, startTime, kind, options)
      spans.push(span)
      return span
    },
    context: base.context
  })
  const run = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    effect.pipe(
      Effect.withTracer(tracer),
      Logger.withMinimumLogLevel(LogLevel.All),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger))
    )
  const printedSpans = () =>
    spans.map((span) => `${span.name} ${JSON.stringify([...span.attributes].map(([k, v]) => [k, String(v)]))}`)
  return { lines, spans, run, printedSpans }
})

const assertAbsent = (texts: ReadonlyArray<string>, values: ReadonlyArray<string>) => {
  for (const text of texts) {
    for (const value of values) {
      assert.notInclude(text, value)
    }
  }
}

const printed = (u: unknown): Array<string> => [
  String(u),
  JSON.stringify(u) ?? "",
  Inspectable.format(u),
  Util.inspect(u, { depth: 10 })
]

describe("SinchAuth keeps secrets", () => {
  it.effect("the options and layers print no secret", () =>
    Effect.sync(() => {
      const options: SinchAuth.OAuthOptions = { keyId, keySecret, tokenUrl: "https://auth.sinch.com/oauth2/token" }
      assertAbsent(
        [
          ...printed(options),
          ...printed(SinchAuth.layerOAuth(options)),
          ...printed(SinchAuth.layerBasic({ keyId, keySecret })),
          ...printed(SinchAuth.makeBasic({ keyId, keySecret: secretText }))
        ],
        forbidden
      )
    }))

  it.scoped("wrong secret: AuthenticationFailed, no retry, and the secret absent from everything printed", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const { lines, printedSpans, run, spans } = yield* capture
      // A hostile auth server echoing our credentials back cannot make us print them.
      yield* server.script(TokenServer.raw(401, {
        json: {
          error: "invalid_client",
          error_description: `bad secret ${secretText}`,
          error_verbose: `Authorization: Basic ${credentials}`
        }
      }))
      const auth = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl })
      const exit = yield* run(Effect.exit(auth.authorize(apiRequest)))
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isSuccess(exit)) return
      const error = Cause.squash(exit.cause)
      assert.instanceOf(error, AuthError.AuthenticationFailed)
      assert.strictEqual(yield* server.count, 1, "not retried")
      assert.include(error.body?.error_verbose ?? "", "<redacted>")

      const fetchSpan = spans.find((span) => span.name === "SinchAuth.fetchToken")
      assert.isDefined(fetchSpan)
      assert.strictEqual(fetchSpan!.attributes.get("sinch.auth.key_id"), keyId)
      assert.isTrue(spans.some((span) => span.name.startsWith("http.client")), "the HTTP client span was captured")
      assertAbsent(
        [
          ...printed(error),
          error.message,
          Cause.pretty(exit.cause),
          ...printed(exit),
          ...lines,
          ...printedSpans()
        ],
        forbidden
      )
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("retries, successes and malformed answers log and trace neither the secret nor the token", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const { lines, printedSpans, run } = yield* capture
      yield* server.script(
        TokenServer.raw(503, { body: `upstream said: ${secretText} / ${credentials}` }),
        TokenServer.token(),
        TokenServer.raw(200, { json: { access_token: "leaky-token-AbC", expires_in: "x", token_type: "bearer" } })
      )
      const auth = yield* SinchAuth.makeOAuth({
        keyId,
        keySecret,
        tokenUrl: server.tokenUrl,
        retrySchedule: Schedule.recurs(2)
      })
      const ok = yield* run(auth.authorize(apiRequest))
      yield* auth.reject(ok)
      const exit = yield* run(Effect.exit(auth.authorize(apiRequest)))
      assert.isTrue(Exit.isFailure(exit))
      assert.isTrue(lines.some((line) => line.includes("retrying")), "the retry was logged at debug")
      assertAbsent(
        [...lines, ...printedSpans(), Cause.pretty(Exit.isFailure(exit) ? exit.cause : Cause.empty), ...printed(exit)],
        [...forbidden, TokenServer.tokenValue(1), "leaky-token-AbC"]
      )
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("with Headers.currentRedactedNames set to [], the token request's Basic header stays out of its span", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const { printedSpans, run, spans } = yield* capture
      const auth = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl })
      yield* run(auth.authorize(apiRequest)).pipe(Effect.locally(Headers.currentRedactedNames, []))
      const http = spans.find((span) => span.name.startsWith("http.client") && span.attributes.has("url.full"))
      assert.isDefined(http, "the HTTP client span of the token request was captured")
      assert.strictEqual(http!.attributes.get("http.request.header.authorization"), Redacted.make("x").toString())
      assert.strictEqual(http!.attributes.get("http.request.header.accept"), "application/json", "others recorded")
      assertAbsent(printedSpans(), forbidden)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("with Headers.currentRedactedNames set to [], the bearer token stays out of the API request's span", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const { printedSpans, run } = yield* capture
      const auth = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl })
      const http = yield* HttpClient.HttpClient
      const token = TokenServer.tokenValue(1)
      const unredacted = () => printedSpans().filter((span) => span.includes(token))

      // How the leak looks: a client with authorization and nothing else records the token on its span.
      const plain = http.pipe(HttpClient.mapRequestEffect(auth.authorize))
      yield* run(plain.get(server.apiUrl)).pipe(Effect.locally(Headers.currentRedactedNames, []))
      assert.isNotEmpty(unredacted(), "without the combinator the token is on the span")

      const before = printedSpans().length
      const redacted = http.pipe(
        HttpClient.mapRequestEffect(auth.authorize),
        SinchAuth.withRedactedAuthorization,
        // Combinators added after it keep it in force.
        HttpClient.mapRequest(HttpClientRequest.setHeader("x-trace", "1"))
      )
      const response = yield* run(redacted.get(server.apiUrl)).pipe(Effect.locally(Headers.currentRedactedNames, []))
      assert.strictEqual(response.status, 200)
      const viaExecute = yield* run(
        SinchAuth.executeAuthorized(http, HttpClientRequest.get(server.apiUrl)).pipe(
          Effect.provideService(SinchAuth.SinchAuth, auth)
        )
      ).pipe(Effect.locally(Headers.currentRedactedNames, []))
      assert.strictEqual(viaExecute.status, 200)
      const after = printedSpans().slice(before)
      assert.isTrue(after.some((span) => span.includes("http.request.header.x-trace")), "the API spans were captured")
      assertAbsent(after, [token, ...forbidden])
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})
