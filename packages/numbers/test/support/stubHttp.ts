import { SinchAuth } from "@effect-sinch/auth"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NumbersClient from "../../src/NumbersClient.js"

/** What the stub answers a request with: a Response, or an Error to fail the request as a transport failure. */
export type Answer = Response | ((request: HttpClientRequest.HttpClientRequest) => Response | Error)

export const keyId = "stub-key"
export const keySecret = "stub-key-secret-0123456789"
/** The Authorization header the stub's client sends (HTTP Basic). */
export const basic = `Basic ${btoa(`${keyId}:${keySecret}`)}`

/**
 * A NumbersClient (HTTP Basic, retries off unless given) whose HttpClient answers the n-th request with
 * `answers[n]` (the last one repeats), and the requests it got.
 */
export const stubClient = (answers: ReadonlyArray<Answer>, options: Partial<NumbersClient.Options> = {}) =>
  Effect.gen(function*() {
    const requests: Array<HttpClientRequest.HttpClientRequest> = []
    const http = HttpClient.make((request) => {
      const answer = answers[Math.min(requests.length, answers.length - 1)]!
      requests.push(request)
      const response = typeof answer === "function" ? answer(request) : answer.clone()
      return response instanceof Error
        ? Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause: response }))
        : Effect.succeed(HttpClientResponse.fromWeb(request, response))
    })
    const client = yield* NumbersClient.make({
      projectId: "p",
      baseUrl: "https://numbers.example.com",
      retrySchedule: "off",
      ...options
    }).pipe(
      Effect.provide(
        Layer.merge(SinchAuth.layerBasic({ keyId, keySecret }), Layer.succeed(HttpClient.HttpClient, http))
      )
    )
    return { client, requests }
  })

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

export const text = (status: number, body: string, contentType = "text/plain", headers: Record<string, string> = {}) =>
  new Response(body === "" ? null : body, { status, headers: { "content-type": contentType, ...headers } })

export const sinchError = (code: number, status: string, details: Array<unknown> = []) => ({
  error: { code, message: "", status, details }
})
