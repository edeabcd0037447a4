import * as OAuthToken from "@effect-sinch/core/OAuthToken"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Emulator from "../src/Emulator.js"
import { basic, call } from "./rawClient.js"

const fresh = Effect.provide(Emulator.layerHttpClient({ tokenTtl: "60 seconds", keyId: "kid", keySecret: "s3cret" }))

const token = (form: Record<string, string>, authorization?: string) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const client = yield* HttpClient.HttpClient
    let request = HttpClientRequest.post(emulator.tokenUrl).pipe(HttpClientRequest.bodyUrlParams(form))
    if (authorization !== undefined) request = HttpClientRequest.setHeader(request, "authorization", authorization)
    const response = yield* client.execute(request)
    return { status: response.status, headers: response.headers, body: (yield* response.json) as any }
  }).pipe(Effect.scoped, Effect.orDie)

describe("OAuth2 token endpoint", () => {
  it.effect("issues a bearer token for the configured key, over Basic or form credentials", () =>
    Effect.gen(function*() {
      const viaBasic = yield* token({ grant_type: "client_credentials" }, basic("kid", "s3cret"))
      expect(viaBasic.status).toBe(200)
      const decoded = Schema.decodeUnknownSync(OAuthToken.AccessTokenResponse)(viaBasic.body)
      expect(decoded.expires_in).toBe(60)
      expect(decoded.token_type.toLowerCase()).toBe("bearer")
      const viaForm = yield* token({ grant_type: "client_credentials", client_id: "kid", client_secret: "s3cret" })
      expect(viaForm.status).toBe(200)
      expect(viaForm.body.access_token).not.toBe(viaBasic.body.access_token)
      const emulator = yield* Emulator.Emulator
      expect((yield* emulator.stats).tokensIssued).toBe(2)
    }).pipe(fresh))

  it.effect("wrong credentials get the auth server's invalid_client body; a bad grant gets 400", () =>
    Effect.gen(function*() {
      const wrong = yield* token({ grant_type: "client_credentials" }, basic("kid", "nope"))
      expect(wrong.status).toBe(401)
      const body = Schema.decodeUnknownSync(OAuthToken.AuthErrorBody)(wrong.body)
      expect(body.error).toBe("invalid_client")
      expect(body.error_description).toContain("Client authentication failed")
      expect((yield* token({ grant_type: "client_credentials" })).status).toBe(401)
      const missing = yield* token({}, basic("kid", "s3cret"))
      expect(missing.status).toBe(400)
      expect(missing.body.error).toBe("invalid_request")
      const grant = yield* token({ grant_type: "password" }, basic("kid", "s3cret"))
      expect(grant.body.error).toBe("unsupported_grant_type")
      const emulator = yield* Emulator.Emulator
      expect((yield* emulator.stats).tokensIssued).toBe(0)
    }).pipe(fresh))

  it.effect("a token opens the API until its TTL, then gets 401 with Sinch's expired-JWT challenge", () =>
    Effect.gen(function*() {
      const issued = yield* token({ grant_type: "client_credentials" }, basic("kid", "s3cret"))
      const bearer = `Bearer ${issued.body.access_token}`
      expect((yield* call("GET", "~/availableRegions", { auth: bearer })).status).toBe(200)
      yield* TestClock.adjust("59999 millis")
      expect((yield* call("GET", "~/availableRegions", { auth: bearer })).status).toBe(200)
      yield* TestClock.adjust("1 millis")
      const expired = yield* call("GET", "~/availableRegions", { auth: bearer })
      expect(expired.status).toBe(401)
      expect(expired.headers["www-authenticate"]).toBe(
        `Bearer error="invalid_token", error_description="Jwt expired at 1970-01-01T00:01:00Z", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"`
      )
    }).pipe(fresh))

  it.effect("HTTP Basic with the key works on every endpoint; anything else is 401", () =>
    Effect.gen(function*() {
      expect((yield* call("GET", "~/activeNumbers", { auth: basic("kid", "s3cret") })).status).toBe(200)
      expect((yield* call("GET", "~/activeNumbers", { auth: basic("kid", "wrong") })).status).toBe(401)
      const none = yield* call("GET", "~/activeNumbers", { auth: null })
      expect(none.status).toBe(401)
      expect(none.headers["www-authenticate"]).toContain("Bearer")
      const forged = yield* call("GET", "~/activeNumbers", { auth: "Bearer eyJhbGciOiJub25lIn0.e30.x" })
      expect(forged.status).toBe(401)
      expect(forged.headers["www-authenticate"]).toContain(`error="invalid_token"`)
      const other = Emulator.layerHttpClient({ keySecret: "different" })
      const foreign = yield* Effect.provide(
        token({ grant_type: "client_credentials" }, basic("emulator-key-id", "different")),
        other
      )
      const fromOther = yield* call("GET", "~/activeNumbers", { auth: `Bearer ${foreign.body.access_token}` })
      expect(fromOther.status).toBe(401)
    }).pipe(fresh))
})
