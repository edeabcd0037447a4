/**
 * The HttpClient layers the Effect contenders run on, for the plain (unbundled) runner: each is imported only when a
 * runtime builds it, so a contender's start-up loads its own HttpClient and not the other one. A bundled contender
 * imports its layer statically instead (see `src/bundled`), as a program shipped as one file would.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** `NodeHttpClient.layerUndici`, imported when the layer is built. */
export const undici: Layer.Layer<HttpClient.HttpClient> = Layer.unwrapEffect(
  Effect.map(Effect.promise(() => import("@effect/platform-node/NodeHttpClient")), (m) => m.layerUndici)
)

/** `FetchHttpClient.layer`, imported when the layer is built. */
export const fetch: Layer.Layer<HttpClient.HttpClient> = Layer.unwrapEffect(
  Effect.map(Effect.promise(() => import("@effect/platform/FetchHttpClient")), (m) => m.layer)
)
