import { SinchAuth } from "@effect-sinch/auth"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TokenServer from "./fixtures/TokenServer.js"

const apiRequest = HttpClientRequest.get("https://numbers.api.sinch.com/v1/projects/p/activeNumbers")
const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
const authorize = Effect.flatMap(SinchAuth.SinchAuth, (auth) => auth.authorize(apiRequest))

describe("SinchAuth from Config", () => {
  it.scoped("layerOAuthConfig reads each setting from the Config it is given", () =>
    Effect.gen(function*() {
      const server = yield* TokenServer.make
      const request = yield* authorize.pipe(
        Effect.provide(SinchAuth.layerOAuthConfig({
          keyId: Config.string("APP_KEY_ID"),
          keySecret: Config.redacted("APP_KEY_SECRET"),
          tokenUrl: Config.string("APP_TOKEN_URL"),
          requestTimeout: Config.duration("APP_TOKEN_TIMEOUT")
        })),
        withEnv({
          APP_KEY_ID: "app-key",
          APP_KEY_SECRET: "app-secret",
          APP_TOKEN_URL: server.tokenUrl,
          APP_TOKEN_TIMEOUT: "3 seconds"
        })
      )
      assert.strictEqual(request.headers["authorization"], `Bearer ${TokenServer.tokenValue(1)}`)
      const [sent] = yield* server.requests
      assert.strictEqual(sent!.authorization, `Basic ${Buffer.from("app-key:app-secret").toString("base64")}`)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.effect("with nothing set, one ConfigError names SINCH_KEY_ID and SINCH_KEY_SECRET and where to find them", () =>
    Effect.gen(function*() {
      for (const layer of [SinchAuth.layerOAuthConfig(), SinchAuth.layerBasicConfig()]) {
        const error = yield* Layer.build(layer).pipe(Effect.scoped, withEnv({}), Effect.flip)
        assert.isTrue(ConfigError.isConfigError(error) && ConfigError.isAnd(error))
        const message = String(error)
        assert.include(message, "Expected SINCH_KEY_ID to be set")
        assert.include(message, "Expected SINCH_KEY_SECRET to be set")
        assert.include(message, "Settings > Access keys")
      }
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.effect("layerBasicConfig reads other names when given them", () =>
    Effect.gen(function*() {
      const request = yield* authorize.pipe(
        Effect.provide(SinchAuth.layerBasicConfig({
          keyId: Config.string("APP_KEY_ID"),
          keySecret: Config.redacted("APP_KEY_SECRET")
        })),
        withEnv({ APP_KEY_ID: "id", APP_KEY_SECRET: "secret" })
      )
      assert.strictEqual(request.headers["authorization"], `Basic ${Buffer.from("id:secret").toString("base64")}`)
    }))
})
