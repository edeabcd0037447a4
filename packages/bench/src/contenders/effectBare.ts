/**
 * A bare Effect program, the yardstick of effect-sinch's start-up: it loads `effect` and `@effect/platform`, and with
 * `FetchHttpClient` fetches a token and makes the same GET, with no SDK. effect-sinch's first answer minus this one is
 * what the SDK itself costs at start-up. Only the cold-start scenario runs it.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import type { Connection, Contender } from "../contender.js"

/** Builds the bare contender. */
export const make = (connection: Connection): Contender => {
  const get = (phone: string) =>
    Effect.gen(function*() {
      const client = yield* HttpClient.HttpClient
      const token = yield* client.execute(
        HttpClientRequest.post(`${connection.baseUrl}/oauth2/token`).pipe(
          HttpClientRequest.basicAuth(connection.keyId, connection.keySecret),
          HttpClientRequest.bodyUrlParams({ grant_type: "client_credentials" })
        )
      ).pipe(Effect.flatMap((response) => response.json))
      const response = yield* client.execute(
        HttpClientRequest.get(
          `${connection.baseUrl}/v1/projects/${connection.projectId}/activeNumbers/${encodeURIComponent(phone)}`
        ).pipe(HttpClientRequest.bearerToken((token as { access_token: string }).access_token))
      )
      return ((yield* response.json) as { phoneNumber: string }).phoneNumber
    }).pipe(Effect.provide(FetchHttpClient.layer))
  const unused = () => Promise.reject(new Error("the bare contender only answers the cold-start scenario"))
  return {
    getActiveNumber: (phone) => Effect.runPromise(get(phone)),
    streamAll: unused,
    sequentialGets: unused,
    concurrentGets: unused,
    close: () => Promise.resolve()
  }
}
