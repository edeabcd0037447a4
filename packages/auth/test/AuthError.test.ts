import { AuthError, SinchAuth } from "@effect-sinch/auth"
import { AuthErrorBody } from "@effect-sinch/core/OAuthToken"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Inspectable from "effect/Inspectable"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Util from "node:util"
import * as TokenServer from "./fixtures/TokenServer.js"

const keyId = "errors-key-id"
const secretText = "Err0r-Path-S3cret-Value"
const keySecret = Redacted.make(secretText)
const basic = Buffer.from(`${keyId}:${secretText}`).toString("base64")
const apiRequest = HttpClientRequest.get("https://numbers.api.sinch.com/v1/projects/p/activeNumbers")

/** Everything a program could print about a failure. */
const printedExit = <A, E>(exit: Exit.Exit<A, E>): Array<string> => {
  if (Exit.isSuccess(exit)) return []
  const error = Cause.squash(exit.cause)
  return [
    error instanceof Error ? error.message : "",
    String(error),
    JSON.stringify(error) ?? "",
    Inspectable.format(error),
    Util.inspect(error, { depth: 10 }),
    Cause.pretty(exit.cause),
    Util.inspect(exit, { depth: 10 })
  ]
}

describe("InvalidTokenResponse for hostile 2xx bodies", () => {
  const hostile = "H0stile-Value-7gQ2"
  const valid = { access_token: "fine-token", token_type: "bearer", expires_in: 3600 }

  const cases: ReadonlyArray<{ readonly name: string; readonly reply: TokenServer.Reply; readonly reason: string }> = [
    {
      name: "a token_type other than Bearer",
      reply: TokenServer.raw(200, { json: { ...valid, token_type: `mac-${hostile}` } }),
      reason: "token_type is not valid (expected \"Bearer\", in any letter case)"
    },
    {
      name: "expires_in as a string",
      reply: TokenServer.raw(200, { json: { ...valid, access_token: hostile, expires_in: hostile } }),
      reason: "expires_in is not valid (expected a number of seconds, 0 or more)"
    },
    {
      name: "a missing access_token and a field named like a token",
      reply: TokenServer.raw(200, { json: { [hostile]: hostile, token_type: "bearer", expires_in: 3600 } }),
      reason: "access_token is missing (expected a non-empty string)"
    },
    {
      name: "an access_token that is not a string",
      reply: TokenServer.raw(200, { json: { ...valid, access_token: { value: hostile } } }),
      reason: "access_token is not valid (expected a non-empty string)"
    },
    {
      name: "a JSON string instead of an object",
      reply: TokenServer.raw(200, { json: hostile }),
      reason: "the body is a JSON string, expected an object with access_token, token_type and expires_in"
    },
    {
      name: "a JSON array",
      reply: TokenServer.raw(200, { json: [hostile, { access_token: hostile }] }),
      reason: "the body is a JSON array"
    },
    {
      name: "a body that is not JSON, with a content type made of the value",
      reply: TokenServer.raw(200, { body: `access_token=${hostile}`, headers: { "content-type": `text/${hostile}` } }),
      reason: "the body is not JSON"
    },
    {
      name: "a token expired on arrival",
      reply: TokenServer.raw(200, { json: { ...valid, access_token: hostile, expires_in: 0 } }),
      reason: "expires_in is 0"
    }
  ]

  for (const { name, reason, reply } of cases) {
    it.scoped(`${name}: says which field is wrong and what was expected, never the value`, () =>
      Effect.gen(function*() {
        const server = yield* TokenServer.make
        yield* server.script(reply)
        const auth = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl })
        const exit = yield* Effect.exit(auth.authorize(apiRequest))
        assert.isTrue(Exit.isFailure(exit))
        const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
        assert.instanceOf(error, AuthError.InvalidTokenResponse)
        assert.include(error.reason, reason)
        assert.include(error.message, server.tokenUrl)
        for (const text of printedExit(exit)) assert.notInclude(text, hostile)
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
  }

  it.scoped("a body of the wrong shape keeps its ParseError as the cause: paths readable, values behind Redacted", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const body = { ...valid, access_token: hostile, expires_in: hostile }
      yield* server.script(
        TokenServer.raw(200, { json: body }),
        TokenServer.raw(200, { json: { ...valid, expires_in: 0 } })
      )
      const auth = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl })
      const exit = yield* Effect.exit(auth.authorize(apiRequest))
      const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
      assert.instanceOf(error, AuthError.InvalidTokenResponse)
      const cause = error.cause
      if (!ParseResult.isParseError(cause)) return assert.fail("the cause is not the ParseError")
      assert.deepStrictEqual(ParseResult.ArrayFormatter.formatErrorSync(cause).map((issue) => issue.path), [
        ["expires_in"]
      ])
      const actual = cause.issue.actual
      assert.deepStrictEqual(Redacted.isRedacted(actual) ? Redacted.value(actual) : undefined, body)
      for (const text of printedExit(exit)) assert.notInclude(text, hostile)
      // A token that decodes but is refused afterwards (expired on arrival) has no ParseError to keep.
      const expired = yield* Effect.flip(auth.authorize(apiRequest))
      assert.instanceOf(expired, AuthError.InvalidTokenResponse)
      assert.isUndefined(expired.cause)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("the shape names the known fields with their types and only counts the others", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      yield* server.script(
        TokenServer.raw(200, {
          json: { [hostile]: 1, other: true, access_token: 7, token_type: "bearer", expires_in: 1 }
        }),
        TokenServer.raw(200, { body: "<html>login</html>", headers: { "content-type": "text/html; charset=utf-8" } })
      )
      const auth = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl })
      const shape = yield* Effect.flip(auth.authorize(apiRequest))
      assert.instanceOf(shape, AuthError.InvalidTokenResponse)
      assert.strictEqual(
        shape.excerpt,
        "{\"access_token\":<number>,\"token_type\":<string>,\"expires_in\":<number>,2 other field(s)}"
      )
      const page = yield* Effect.flip(auth.authorize(apiRequest))
      assert.instanceOf(page, AuthError.InvalidTokenResponse)
      assert.strictEqual(page.excerpt, "content type text/html, 18 characters")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})

/** An HTTP client that fails every request the way `NodeHttpClient` reports a transport failure, and counts them. */
const failing = (cause: () => unknown) => {
  let calls = 0
  const client = HttpClient.make((request) =>
    Effect.suspend(() => {
      calls++
      return Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause: cause() }))
    })
  )
  return { client, calls: () => calls }
}

const nodeError = (message: string, fields: Record<string, unknown>): Error => Object.assign(new Error(message), fields)

/** How `fetch` (and so `FetchHttpClient`) nests undici's error. */
const fetchFailed = (cause: unknown): Error => new TypeError("fetch failed", { cause })

const fetchToken = (tokenUrl: string, cause: () => unknown) =>
  Effect.gen(function*() {
    const { calls, client } = failing(cause)
    // No waits between attempts, so a retry shows as an attempt without moving the TestClock.
    const auth = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl, retrySchedule: Schedule.recurs(3) }).pipe(
      Effect.provideService(HttpClient.HttpClient, client)
    )
    const exit = yield* Effect.exit(auth.authorize(apiRequest))
    const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
    assert.instanceOf(error, AuthError.AuthServiceUnavailable)
    assert.strictEqual(error.attempts, calls())
    return { error, calls: calls(), printed: printedExit(exit) }
  })

describe("AuthServiceUnavailable for transport failures", () => {
  const invalidUrl = "https://auth.example.invalid/oauth2/token"
  const enotfound = () =>
    nodeError("getaddrinfo ENOTFOUND auth.example.invalid", {
      code: "ENOTFOUND",
      errno: -3008,
      syscall: "getaddrinfo",
      hostname: "auth.example.invalid"
    })

  it.scoped("an unresolvable host fails at once, naming the URL and ENOTFOUND, and points at the configuration", () =>
    Effect.gen(function*() {
      const { calls, error, printed } = yield* fetchToken(`${invalidUrl}?x=1`, enotfound)
      assert.strictEqual(calls, 1, "not retried")
      assert.strictEqual(error.code, "ENOTFOUND")
      assert.strictEqual(error.url, invalidUrl)
      assert.strictEqual((error.cause as { hostname?: unknown }).hostname, "auth.example.invalid")
      assert.include(error.message, invalidUrl)
      assert.include(error.message, "does not resolve (ENOTFOUND)")
      assert.include(error.message, "SINCH_AUTH_URL (or the tokenUrl option)")
      assert.notInclude(error.message, "status page")
      for (const text of printed) {
        assert.notInclude(text, secretText)
        assert.notInclude(text, basic)
      }
    }))

  it.scoped("fetch's TypeError is dug into: the code comes from its cause", () =>
    Effect.gen(function*() {
      const { calls, error } = yield* fetchToken(invalidUrl, () => fetchFailed(enotfound()))
      assert.strictEqual(calls, 1)
      assert.strictEqual(error.code, "ENOTFOUND")
    }))

  it.scoped("Sinch's own host not resolving means no network or DNS, or a forgotten SINCH_AUTH_URL", () =>
    Effect.gen(function*() {
      const { calls, error } = yield* fetchToken(
        SinchAuth.defaultTokenUrl,
        () => fetchFailed(nodeError("getaddrinfo ENOTFOUND auth.sinch.com", { code: "ENOTFOUND" }))
      )
      assert.strictEqual(calls, 1)
      assert.include(error.message, "Check your network connection and DNS")
      assert.include(error.message, "set SINCH_AUTH_URL")
      assert.notInclude(error.message, "status page")
    }))

  const certificates = [
    ["CERT_HAS_EXPIRED", "certificate has expired"],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"],
    [
      "ERR_TLS_CERT_ALTNAME_INVALID",
      "Hostname/IP does not match certificate's altnames: Host: auth.example.com. is not in the cert's altnames"
    ]
  ] as const

  for (const [code, message] of certificates) {
    it.scoped(`a refused certificate (${code}) fails at once and is not sent to the status page`, () =>
      Effect.gen(function*() {
        const url = "https://auth.sinch.com/oauth2/token"
        for (const cause of [() => nodeError(message, { code }), () => fetchFailed(nodeError(message, { code }))]) {
          const { calls, error } = yield* fetchToken(url, cause)
          assert.strictEqual(calls, 1, "not retried")
          assert.strictEqual(error.code, code)
          assert.include(error.message, url)
          assert.include(error.message, `its TLS certificate was refused (${code}: ${message})`)
          assert.include(error.message, "SINCH_AUTH_URL (or the tokenUrl option)")
          assert.include(error.message, "NODE_EXTRA_CA_CERTS")
          assert.notInclude(error.message, "status page")
        }
      }))
  }

  it.scoped("https to a plain-http server (a TLS handshake error) fails at once", () =>
    Effect.gen(function*() {
      const { calls, error } = yield* fetchToken("https://127.0.0.1:9/oauth2/token", () =>
        nodeError("wrong version number", { code: "ERR_SSL_WRONG_VERSION_NUMBER" }))
      assert.strictEqual(calls, 1)
      assert.include(error.message, "the emulator speaks plain http")
    }))

  it.scoped("a reset or timed-out connection to Sinch is retried, then sent to the status page", () =>
    Effect.gen(function*() {
      for (
        const [code, text] of [["ECONNRESET", "the connection was reset"], [
          "UND_ERR_CONNECT_TIMEOUT",
          "the connection timed out"
        ]] as const
      ) {
        const { calls, error } = yield* fetchToken(SinchAuth.defaultTokenUrl, () => nodeError("boom", { code }))
        assert.strictEqual(calls, 4, "retried")
        assert.strictEqual(error.code, code)
        assert.include(error.message, `after 4 attempt(s) (last: ${text} (${code}))`)
        assert.include(error.message, "Sinch status page")
      }
    }))

  it.scoped("a refused connection to a private host is retried, and sent to the configuration", () =>
    Effect.gen(function*() {
      // Happy eyeballs: Node reports an AggregateError holding one error per address tried.
      const cause = () =>
        new AggregateError([
          nodeError("connect ECONNREFUSED ::1:8080", { code: "ECONNREFUSED" }),
          nodeError("connect ECONNREFUSED 10.0.0.7:8080", { code: "ECONNREFUSED" })
        ])
      for (const url of ["http://localhost:8080/oauth2/token", "https://10.0.0.7:8080/t", "https://emulator:8080/t"]) {
        const { calls, error } = yield* fetchToken(url, cause)
        assert.strictEqual(calls, 4)
        assert.strictEqual(error.code, "ECONNREFUSED")
        assert.include(error.message, "Nothing is listening there")
        assert.include(error.message, "that the emulator")
        assert.notInclude(error.message, "status page")
      }
    }))

  it.scoped("the kept cause is a scrubbed copy: no request, no headers, no raw server data", () =>
    Effect.gen(function*() {
      // An HTTP parser error carries the raw bytes the server sent; a hostile one echoes our credentials there.
      const echo = `HTTP/1.1 ??? Authorization: Basic ${basic} (${secretText})`
      const { error, printed } = yield* fetchToken(
        SinchAuth.defaultTokenUrl,
        () => nodeError(`Parse Error: ${echo}`, { code: "HPE_INVALID_CONSTANT", data: echo, bytesParsed: 3 })
      )
      assert.strictEqual(error.code, "HPE_INVALID_CONSTANT")
      assert.notInstanceOf(error.cause, HttpClientError.RequestError)
      assert.isUndefined((error.cause as { data?: unknown }).data)
      assert.include(error.message, "<redacted>")
      for (const text of printed) {
        assert.notInclude(text, basic)
        assert.notInclude(text, secretText)
        assert.notInclude(text, "x-www-form-urlencoded", "nothing of the token request")
      }
    }))

  it.effect("an error built by hand, without the new fields, still reads as before", () =>
    Effect.sync(() => {
      const error = new AuthError.AuthServiceUnavailable({ attempts: 6, reason: "HTTP 503", status: 503 })
      assert.include(error.message, "after 6 attempt(s)")
      assert.include(error.message, "Sinch status page")
    }))
})

describe("AuthError messages and guards", () => {
  const url = "https://auth.sinch.com/oauth2/token"
  const advice = "Check the key id and key secret (SINCH_KEY_ID, SINCH_KEY_SECRET) against the access keys of your " +
    "project; the request was not retried."
  const tokenUrlAdvice = "Check that the token URL (tokenUrl, SINCH_AUTH_URL) is the Sinch OAuth2 token endpoint."
  // Each error with the message it read before the errors shared a base, character for character.
  const messages: ReadonlyArray<readonly [AuthError.AuthError, string]> = [
    [
      new AuthError.AuthenticationFailed({
        status: 401,
        keyId: "k",
        url,
        body: new AuthErrorBody({ error: "invalid_client", error_description: "bad secret" })
      }),
      `The Sinch auth server at ${url} refused access key "k" with HTTP 401: invalid_client (bad secret). ${advice}`
    ],
    [
      new AuthError.AuthenticationFailed({ status: 403 }),
      `The Sinch auth server refused the access key with HTTP 403. ${advice}`
    ],
    [
      new AuthError.AuthServiceUnavailable({
        attempts: 4,
        status: 503,
        reason: "HTTP 503",
        retryAfter: Duration.seconds(2),
        url
      }),
      `The token endpoint ${url} could not issue a token after 4 attempt(s) (last: HTTP 503, HTTP 503). It asked to ` +
      "retry after 2s. Try again later; if it persists, check your network and the Sinch status page."
    ],
    [
      new AuthError.AuthServiceUnavailable({
        attempts: 1,
        reason: "does not resolve (ENOTFOUND)",
        code: "ENOTFOUND",
        url: "https://auth.example.com/t"
      }),
      "The token endpoint https://auth.example.com/t could not be reached: does not resolve (ENOTFOUND). Not retried, " +
      "since waiting would not help. Check the host name in SINCH_AUTH_URL (or the tokenUrl option), and your " +
      "network's DNS."
    ],
    [
      new AuthError.AuthServiceUnavailable({
        attempts: 4,
        reason: "refused",
        code: "ECONNREFUSED",
        url: "http://localhost:8080/t"
      }),
      "The token endpoint http://localhost:8080/t could not be reached after 4 attempt(s) (last: refused). Nothing is " +
      "listening there: check SINCH_AUTH_URL (or the tokenUrl option), and that the emulator (or the server it " +
      "names) is running."
    ],
    [
      new AuthError.InvalidTokenResponse({
        status: 404,
        reason: "unexpected HTTP 404",
        excerpt: "Not Found",
        url: "https://auth.sinch.com/x"
      }),
      "The token endpoint at https://auth.sinch.com/x answered HTTP 404 with something that is not an access token " +
      `(unexpected HTTP 404): Not Found. ${tokenUrlAdvice}`
    ],
    [
      new AuthError.InvalidTokenResponse({ status: 200, reason: "the body is not JSON", excerpt: "" }),
      "The token endpoint answered HTTP 200 with something that is not an access token (the body is not JSON). " +
      tokenUrlAdvice
    ],
    [
      new AuthError.InsecureTokenUrl({ url: "http://example.com/t", reason: "plain http" }),
      "Refusing the token URL http://example.com/t: plain http. Use https, or plain http only to a loopback host " +
      "(localhost, 127.0.0.1, [::1])."
    ]
  ]

  it("every error reads as it did, character for character, and is an AuthError", () => {
    for (const [error, message] of messages) {
      assert.strictEqual(error.message, message, error._tag)
      assert.isTrue(AuthError.isAuthError(error), error._tag)
      assert.strictEqual(error[AuthError.TypeId], AuthError.TypeId)
      assert.strictEqual(error.name, error._tag)
    }
    assert.strictEqual(new Set(messages.map(([error]) => error._tag)).size, 4, "every class is covered")
    assert.isFalse(AuthError.isAuthError(new Error("no")))
  })

  it("encodes and decodes through its schema", () => {
    const schema = Schema.Union(
      AuthError.AuthenticationFailed,
      AuthError.AuthServiceUnavailable,
      AuthError.InvalidTokenResponse,
      AuthError.InsecureTokenUrl
    )
    for (const [error] of messages) {
      const decoded = Schema.decodeSync(schema)(Schema.encodeSync(schema)(error))
      assert.strictEqual(decoded.constructor, error.constructor)
      assert.strictEqual(decoded.message, error.message)
      assert.isTrue(AuthError.isAuthError(decoded))
    }
  })
})
