/**
 * A bare Effect program: `effect` and `@effect/platform`'s `HttpClient` with no SDK. It fetches one token, then makes
 * the same GETs and reads the same pages as the others, decoding nothing (`response.json`), with no validation,
 * timeout, retry or span of its own; the platform's `http.client` span is off, as in effect-sinch.
 *
 * It is two yardsticks:
 * - start-up: effect-sinch's first answer minus this one's is what the SDK itself costs (`effect-bare` on
 *   `FetchHttpClient`, the definition; `effect-bare-undici` on `NodeHttpClient.layerUndici`, like for like with
 *   effect-sinch on undici);
 * - the floor: what any client on this HttpClient pays per call and per page before doing anything of its own
 *   (`effect-bare-undici` in the stream and per-call scenarios). A target below the floor cannot be met by an SDK
 *   built on `@effect/platform`'s HttpClient, however little it does.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { Connection, Contender } from "../contender.js"
import { calls } from "./effectCalls.js"

interface Page {
  readonly activeNumbers?: ReadonlyArray<{ readonly phoneNumber?: string }>
  readonly nextPageToken?: string
}

/** Builds the bare contender on an HttpClient: `FetchHttpClient.layer` or `NodeHttpClient.layerUndici`. */
export const make = (
  connection: Connection,
  options: { readonly http: Layer.Layer<HttpClient.HttpClient> }
): Contender => {
  const runtime = ManagedRuntime.make(options.http)
  const projectUrl = `${connection.baseUrl}/v1/projects/${encodeURIComponent(connection.projectId)}`
  let token: string | undefined

  const client = Effect.map(HttpClient.HttpClient, (client) => HttpClient.withTracerDisabledWhen(client, () => true))
  const bearer = Effect.gen(function*() {
    if (token !== undefined) return token
    const http = yield* client
    const body = yield* http.execute(
      HttpClientRequest.post(`${connection.baseUrl}/oauth2/token`).pipe(
        HttpClientRequest.basicAuth(connection.keyId, connection.keySecret),
        HttpClientRequest.bodyUrlParams({ grant_type: "client_credentials" })
      )
    ).pipe(Effect.flatMap((response) => response.json))
    token = (body as { access_token: string }).access_token
    return token
  })
  const get = (phone: string) =>
    Effect.gen(function*() {
      const http = yield* client
      const response = yield* http.execute(
        HttpClientRequest.get(`${projectUrl}/activeNumbers/${encodeURIComponent(phone)}`).pipe(
          HttpClientRequest.bearerToken(yield* bearer),
          HttpClientRequest.acceptJson
        )
      )
      if (response.status !== 200) return yield* Effect.fail(new Error(`HTTP ${response.status}`))
      return ((yield* response.json) as { phoneNumber: string }).phoneNumber
    })

  return {
    getActiveNumber: (phone) => runtime.runPromise(get(phone)),
    streamAll: (pageSize, onItem) =>
      runtime.runPromise(Effect.gen(function*() {
        const http = yield* client
        let pageToken: string | undefined
        do {
          const query = pageToken === undefined ? "" : `&pageToken=${encodeURIComponent(pageToken)}`
          const response = yield* http.execute(
            HttpClientRequest.get(`${projectUrl}/activeNumbers?pageSize=${pageSize}${query}`).pipe(
              HttpClientRequest.bearerToken(yield* bearer),
              HttpClientRequest.acceptJson
            )
          )
          if (response.status !== 200) return yield* Effect.fail(new Error(`HTTP ${response.status}`))
          const page = (yield* response.json) as Page
          for (const number of page.activeNumbers ?? []) onItem(number.phoneNumber ?? "")
          pageToken = page.nextPageToken === "" ? undefined : page.nextPageToken
        } while (pageToken !== undefined)
      })),
    ...calls(runtime, get),
    close: () => runtime.dispose()
  }
}
