import { Emulator } from "@effect-sinch/emulator"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as NumbersClient from "../src/NumbersClient.js"
import { basic, json, stubClient } from "./support/stubHttp.js"

const withEnv = (env: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

/** Builds the common-case layer from `env` alone, over real HTTP. */
const fromEnv = (env: Record<string, string>, options?: Parameters<typeof NumbersClient.layerConfigWithOAuth>[0]) =>
  Layer.build(
    NumbersClient.layerConfigWithOAuth(options).pipe(
      Layer.provide(NodeHttpClient.layerUndici),
      Layer.provide(withEnv(env))
    )
  ).pipe(Effect.map(Context.get(NumbersClient.NumbersClient)))

describe("NumbersClient from Config", () => {
  it.scoped("layerConfigWithOAuth: the five SINCH_* settings as the emulator prints them, and nothing else", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* fromEnv({
        SINCH_PROJECT_ID: emulator.projectId,
        SINCH_KEY_ID: emulator.keyId,
        SINCH_KEY_SECRET: Redacted.value(emulator.keySecret),
        SINCH_AUTH_URL: emulator.tokenUrl,
        SINCH_NUMBERS_URL: emulator.baseUrl
      })
      const page = yield* client.listActiveNumbersPage({ pageSize: 2 })
      expect(page.activeNumbers).toHaveLength(2)
      expect((yield* emulator.stats).tokensIssued).toBe(1)
    }).pipe(Effect.provide(Emulator.layer({ active: 5 }))))

  it.scoped("every missing setting is reported at once, each with where it is found", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(fromEnv({}))
      expect(ConfigError.isConfigError(error) && ConfigError.isMissingDataOnly(error)).toBe(true)
      const message = String(error)
      expect(message).toContain("Expected SINCH_PROJECT_ID to be set")
      expect(message).toContain("Settings > Projects")
      expect(message).toContain("Expected SINCH_KEY_ID to be set")
      expect(message).toContain("Expected SINCH_KEY_SECRET to be set")
      expect(message).toContain("Settings > Access keys")
      // the optional ones have defaults, so they are not asked for
      expect(message).not.toContain("SINCH_NUMBERS_URL")
      expect(message).not.toContain("SINCH_AUTH_URL")
    }))

  it.scoped("each setting can come from another name, and durations from Config or as values", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const client = yield* fromEnv({
        APP_PROJECT: emulator.projectId,
        APP_KEY: emulator.keyId,
        APP_SECRET: Redacted.value(emulator.keySecret),
        APP_TOKEN_URL: emulator.tokenUrl,
        APP_NUMBERS_URL: emulator.baseUrl,
        APP_TIMEOUT: "5 seconds"
      }, {
        projectId: Config.string("APP_PROJECT"),
        baseUrl: Config.string("APP_NUMBERS_URL"),
        timeout: Config.duration("APP_TIMEOUT"),
        deadline: Duration.seconds(20),
        auth: {
          keyId: Config.string("APP_KEY"),
          keySecret: Config.redacted("APP_SECRET"),
          tokenUrl: Config.string("APP_TOKEN_URL")
        }
      })
      expect((yield* client.getCallbackConfiguration()).projectId).toBe(emulator.projectId)
      const missing = yield* Effect.flip(fromEnv({}, { projectId: Config.string("APP_PROJECT") }))
      expect(String(missing)).toContain("APP_PROJECT")
      expect(String(missing)).not.toContain("SINCH_PROJECT_ID")
    }).pipe(Effect.provide(Emulator.layer({ active: 5 }))))

  it.effect("transformClient sees each request with its full URL before Authorization, and its header is sent", () =>
    Effect.gen(function*() {
      const seen: Array<HttpClientRequest.HttpClientRequest> = []
      const { client, requests } = yield* stubClient([json(200, { projectId: "p", hmacSecret: "s" })], {
        transformClient: (http) =>
          http.pipe(
            HttpClient.mapRequest(HttpClientRequest.setHeader("x-request-source", "billing-job")),
            HttpClient.tapRequest((request) => Effect.sync(() => seen.push(request)))
          )
      })
      yield* client.getCallbackConfiguration()
      expect(seen).toHaveLength(1)
      expect(seen[0]!.url).toBe("https://numbers.example.com/v1/projects/p/callbackConfiguration")
      expect(seen[0]!.headers["authorization"]).toBeUndefined()
      expect(requests[0]!.headers["x-request-source"]).toBe("billing-job")
      expect(requests[0]!.headers["authorization"]).toBe(basic)
    }))
})
