/**
 * effect-sinch: `NumbersClient` over `SinchAuth.layerOAuth` and `NodeHttpClient.layerUndici` (or `FetchHttpClient`), run
 * through one `ManagedRuntime` (with `partitioned`, listings go through `listActiveNumbersPartitioned`). Each scenario
 * runs as one Effect program, the way an Effect application would write it. A listing is consumed a page (a chunk) at
 * a time with `Stream.runForEachChunk`, as a hot loop over many items is written in Effect; `effect-sinch-item` runs
 * one Effect per item (`Stream.runForEach`), to show what that idiom costs.
 */
import { SinchAuth } from "@effect-sinch/auth"
import { NumbersClient } from "@effect-sinch/numbers"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import type { Connection, Contender } from "../contender.js"
import { calls } from "./effectCalls.js"

/** Builds the effect-sinch contender. */
export const make = (
  connection: Connection,
  options: {
    /** the HttpClient: `NodeHttpClient.layerUndici` or `FetchHttpClient.layer` (see httpClients.ts) */
    readonly http: Layer.Layer<HttpClient.HttpClient>
    readonly partitioned?: boolean
    /** how a stream is consumed: a chunk (a page) at a time (the default), or one Effect per item */
    readonly consume?: "chunk" | "item"
  }
): Contender => {
  const layer = NumbersClient.layer({ projectId: connection.projectId, baseUrl: connection.baseUrl }).pipe(
    Layer.provide(SinchAuth.layerOAuth({
      keyId: connection.keyId,
      keySecret: connection.keySecret,
      tokenUrl: `${connection.baseUrl}/oauth2/token`
    })),
    Layer.provide(options.http)
  )
  const runtime = ManagedRuntime.make(layer)

  const get = (phone: string) =>
    Effect.flatMap(NumbersClient.NumbersClient, (client) => client.getActiveNumber(phone)).pipe(
      Effect.map((n) => n.phoneNumber as string)
    )

  return {
    getActiveNumber: (phone) => runtime.runPromise(get(phone)),
    streamAll: (pageSize, onItem) =>
      runtime.runPromise(
        Effect.flatMap(NumbersClient.NumbersClient, (client) => {
          const numbers = options.partitioned === true
            ? client.listActiveNumbersPartitioned({ pageSize }, { concurrency: 16 })
            : client.listActiveNumbers({ pageSize })
          return options.consume === "item"
            ? Stream.runForEach(numbers, (n) => Effect.sync(() => onItem(n.phoneNumber ?? "")))
            : Stream.runForEachChunk(numbers, (chunk) =>
              Effect.sync(() => {
                for (const n of chunk) onItem(n.phoneNumber ?? "")
              }))
        })
      ),
    ...calls(runtime, get),
    close: () => runtime.dispose()
  }
}
