import { SinchAuth } from "@effect-sinch/auth"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TokenServer from "./fixtures/TokenServer.js"

const keyId = "scrub-key-id"
// `/`, `+` and `=` are what JSON and URL encoders escape; `ä` what ASCII-only JSON encoders escape.
const secretText = "s3cr/et+Kä=y"
const keySecret = Redacted.make(secretText)
const decoded = `${keyId}:${secretText}`
const basic = Buffer.from(decoded, "utf8").toString("base64")
const apiRequest = HttpClientRequest.get("https://numbers.api.sinch.com/v1/projects/p/activeNumbers")

/** A JWT-sized token with the characters that get escaped. */
const jwt = (n: number) => `eyJhbGciOiJSUzI1NiJ9.${"pQ/x+Zr=".repeat(120)}.sig${n}/+=`

const tokenReply = (value: string) =>
  TokenServer.raw(200, { json: { access_token: value, token_type: "bearer", expires_in: 3600 } })

/** Masks every occurrence of every pattern, merging overlapping and adjacent ones: the slow, obvious way. */
const reference = (text: string, patterns: ReadonlyArray<string>): string => {
  const masked = new Array<boolean>(text.length).fill(false)
  for (const pattern of patterns) {
    for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
      masked.fill(true, at, at + pattern.length)
    }
  }
  let out = ""
  for (let i = 0; i < text.length; i++) {
    if (!masked[i]) out += text[i]
    else if (i === 0 || !masked[i - 1]) out += "<redacted>"
  }
  return out
}

describe("SinchAuth.scrub", () => {
  it.effect("Basic: masks the base64 header value, the decoded id:secret and the secret, in every form", () =>
    Effect.sync(() => {
      const { scrub } = SinchAuth.makeBasic({ keyId, keySecret })
      const forms: Record<string, string> = {
        "header value": `Authorization: Basic ${basic}`,
        "base64 JSON-escaped": JSON.stringify({ auth: basic }).replace(/\//g, "\\/"),
        "base64 URL-encoded": `?auth=${encodeURIComponent(basic)}`,
        "base64 URL-encoded, lower-case hex": `?auth=${
          encodeURIComponent(basic).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())
        }`,
        "decoded": `credentials ${decoded} rejected`,
        "decoded URL-encoded": `user=${encodeURIComponent(decoded)}`,
        "decoded as a form value": new URLSearchParams({ user: decoded }).toString(),
        "secret": `the secret is ${secretText}.`,
        "secret JSON-escaped": JSON.stringify({ secret: secretText }),
        "secret JSON-escaped with \\/ and \\u00e4": `{"secret":"s3cr\\/et+K\\u00e4=y"}`,
        "secret JSON-escaped with \\u00E4": `{"secret":"s3cr/et+K\\u00E4=y"}`,
        "secret URL-encoded": `secret=${encodeURIComponent(secretText)}`,
        "secret in a URL": encodeURI(`https://example.com/${secretText}`)
      }
      const leaks = [basic, decoded, secretText, encodeURIComponent(secretText), "s3cr\\/et", "K\\u00e4=y", "K\\u00E4"]
      for (const [form, text] of Object.entries(forms)) {
        const out = scrub(text)
        assert.include(out, "<redacted>", form)
        for (const leak of leaks) assert.notInclude(out, leak, form)
      }
      assert.strictEqual(scrub(`Basic ${basic}`), "Basic <redacted>")
      assert.strictEqual(scrub(`key ${keyId} is fine`), `key ${keyId} is fine`, "the key id is not a secret")
    }))

  it.effect("text without a secret comes back unchanged, as the very same string", () =>
    Effect.sync(() => {
      const { scrub } = SinchAuth.makeBasic({ keyId, keySecret })
      for (const text of ["", "ok", "{\"error\":\"invalid_client\"}", "s3cr/et+K", "é".repeat(10_000)]) {
        assert.strictEqual(scrub(text), text)
      }
    }))

  it.effect("masks exactly what a naive reference masks, on random texts over a tiny alphabet", () =>
    Effect.sync(() => {
      // Over {a, b} the JSON and URL forms equal the raw ones, so the reference needs only the raw secrets.
      let seed = 42
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648
        return seed % n
      }
      const word = (length: number) => Array.from({ length }, () => (random(2) === 0 ? "a" : "b")).join("")
      for (let run = 0; run < 300; run++) {
        const id = word(1 + random(3))
        const secret = word(1 + random(4))
        const { scrub } = SinchAuth.makeBasic({ keyId: id, keySecret: secret })
        const patterns = [secret, `${id}:${secret}`, Buffer.from(`${id}:${secret}`).toString("base64")]
        const parts = Array.from(
          { length: 1 + random(6) },
          () => random(4) === 0 ? patterns[random(3)]! : word(random(8))
        )
        const text = parts.join(random(2) === 0 ? "" : ":")
        assert.strictEqual(scrub(text), reference(text, patterns), `id ${id}, secret ${secret}, text ${text}`)
      }
    }))

  it.scoped("OAuth: masks the current token and the previous ones (the last 5), and the key credentials", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      yield* server.script(...[1, 2, 3, 4, 5, 6].map((n) => tokenReply(jwt(n))))
      const auth = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl })
      const echo = (n: number) => `{"headers":{"authorization":"Bearer ${jwt(n).replace(/\//g, "\\/")}"}} ${jwt(n)}`

      const first = yield* auth.authorize(apiRequest)
      assert.strictEqual(auth.scrub(echo(1)), `{"headers":{"authorization":"Bearer <redacted>"}} <redacted>`)
      // A refresh after a 401: the old token is still masked next to the new one.
      yield* auth.reject(first)
      let current = yield* auth.authorize(apiRequest)
      assert.strictEqual(current.headers["authorization"], `Bearer ${jwt(2)}`)
      const both = auth.scrub(`${echo(1)} ${echo(2)} ${encodeURIComponent(jwt(1))} ${encodeURIComponent(jwt(2))}`)
      assert.notInclude(both, "pQ/x")
      assert.notInclude(both, "pQ\\/x")
      assert.notInclude(both, "pQ%2Fx")
      // The key credentials too: the token endpoint is sent HTTP Basic.
      assert.strictEqual(auth.scrub(`Basic ${basic} ${decoded}`), "Basic <redacted> <redacted>")

      for (let n = 3; n <= 6; n++) {
        yield* auth.reject(current)
        current = yield* auth.authorize(apiRequest)
      }
      assert.strictEqual(current.headers["authorization"], `Bearer ${jwt(6)}`)
      for (let n = 2; n <= 6; n++) assert.notInclude(auth.scrub(echo(n)), "pQ/x", `token ${n}`)
      // Memory is bounded: the sixth token back is forgotten.
      assert.include(auth.scrub(jwt(1)), "pQ/x")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("linear time: a megabyte of near-misses of five 1 KB tokens, with one real token inside", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      yield* server.script(...[1, 2, 3, 4, 5].map((n) => tokenReply(jwt(n))))
      const auth = yield* SinchAuth.makeOAuth({ keyId, keySecret, tokenUrl: server.tokenUrl })
      for (let n = 1; n <= 5; n++) yield* auth.reject(yield* auth.authorize(apiRequest))
      const nearMiss = jwt(3).slice(0, -1)
      const half = nearMiss.repeat(Math.ceil(500_000 / nearMiss.length))
      const text = `${half}#${jwt(3)}#${half}`
      auth.scrub("warm up")
      // CPU time, not wall time, which a loaded machine stretches
      const cpu = process.cpuUsage()
      const out = auth.scrub(text)
      const used = process.cpuUsage(cpu)
      const elapsed = (used.user + used.system) / 1000
      assert.strictEqual(out, `${half}#<redacted>#${half}`)
      // A scan that compares each position with each token would do about 5 × 10⁹ steps here.
      assert.isBelow(elapsed, 1000, `${elapsed} ms of CPU`)
      const plain = "x".repeat(1_000_000)
      assert.strictEqual(auth.scrub(plain), plain)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})
