import { SinchAuth } from "@effect-sinch/auth"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Headers from "@effect/platform/Headers"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { inspect } from "node:util"
import * as NumbersClient from "../src/NumbersClient.js"
import type { Received, Reply } from "./support/scriptedServer.js"
import { scriptedServer } from "./support/scriptedServer.js"
import { recordingTracer } from "./support/tracing.js"

// Servers that answer with what a hostile or broken server would: our own credentials echoed back, and no answer
// at all. Over real HTTP on loopback, with OAuth tokens from the scripted server (`token-1`, `token-2`…).

const keySecret = "hostile-test-key-secret-0123456789"

const clientFor = (url: string, options: Omit<NumbersClient.Options, "projectId" | "baseUrl"> = {}) =>
  Layer.build(
    NumbersClient.layer({ projectId: "project", baseUrl: url, retrySchedule: "off", ...options }).pipe(
      Layer.provide(SinchAuth.layerOAuth({ keyId: "key", keySecret, tokenUrl: `${url}/oauth2/token` })),
      Layer.provide(NodeHttpClient.layerUndici)
    )
  ).pipe(Effect.map(Context.get(NumbersClient.NumbersClient)))

const echo = (request: Received) => String(request.headers["authorization"])

const echoes: ReadonlyArray<readonly [string, (request: Received) => Reply]> = [
  ["401 JSON echoing the header (both tokens)", (r) => ({
    status: 401,
    body: { error: { code: 401, message: `bad token: ${echo(r)}`, status: "UNAUTHENTICATED" } }
  })],
  ["403 JSON echoing the header", (r) => ({
    status: 403,
    body: { error: { code: 403, message: `denied for ${echo(r)}`, status: "PERMISSION_DENIED", details: [] } }
  })],
  ["404 JSON echoing the token in details", (r) => ({
    status: 404,
    body: {
      error: {
        code: 404,
        message: "",
        status: "NOT_FOUND",
        details: [{ type: "ResourceInfo", resourceName: echo(r).slice(7), description: echo(r) }]
      }
    }
  })],
  ["an HTML 500 page echoing the header", (r) => ({
    status: 500,
    headers: { "content-type": "text/html" },
    body: `<html><body><pre>Authorization: ${echo(r)}</pre></body></html>`
  })],
  ["a 200 of the wrong shape echoing the token", (r) => ({
    status: 200,
    body: { phoneNumber: 42, regionCode: echo(r).slice(7), displayName: echo(r) }
  })]
]

describe("NumbersClient against hostile servers", () => {
  for (const [what, reply] of echoes) {
    it.live(`${what}: no token in the error, its printouts or the spans`, () =>
      Effect.gen(function*() {
        const server = yield* scriptedServer(reply)
        const client = yield* clientFor(server.url)
        const { spans, tracer } = recordingTracer()
        const error = yield* client.getActiveNumber("+12025550134").pipe(
          Effect.flip,
          Effect.withTracer(tracer),
          // A program that redacts nothing: our Authorization header must still stay out of spans.
          Effect.locally(Headers.currentRedactedNames, [])
        )
        const tokens = Array.from({ length: server.tokensIssued() }, (_, i) => `token-${i + 1}`)
        expect(tokens.length).toBeGreaterThan(0)
        const printed = [
          error.message,
          String(error),
          JSON.stringify(error),
          inspect(error, { depth: 10 }),
          Cause.pretty(Cause.fail(error)),
          // Every span's attributes and exit. (The platform's own http.client span, which ends with the answer,
          // request headers included, as its success value, is off for the client's requests.)
          ...spans.flatMap((span) => [
            ...[...span.attributes.values()].map(String),
            span.exit === undefined ? "" : inspect(span.exit, { depth: 10 })
          ])
        ].join("\n")
        for (const token of tokens) expect(printed, what).not.toContain(token)
        expect(printed).not.toContain(keySecret)
        // What the server said is kept, with the credential masked.
        expect(printed).toContain("<redacted>")
      }).pipe(Effect.scoped))
  }

  it.live("the deadline bounds a billable call's reconcile too", () =>
    Effect.gen(function*() {
      // Nothing ever answers: the rent times out (ambiguous), then so does the look-up that reconciles it.
      const server = yield* scriptedServer(() => "hang")
      const client = yield* clientFor(server.url, {
        timeout: "2 seconds",
        deadline: "3500 millis",
        retrySchedule: NumbersClient.defaultRetrySchedule
      })
      const started = Date.now()
      const error = yield* Effect.flip(client.rentNumber("+12025550134"))
      const elapsed = Date.now() - started
      expect(error._tag).toBe("OutcomeUnknown")
      // The rent is sent once; the reconcile's look-ups are retried until the deadline.
      const methods = server.requests.map((r) => r.method)
      expect(methods[0]).toBe("POST")
      expect(methods.slice(1).every((m) => m === "GET") && methods.length >= 2).toBe(true)
      // One attempt of 2 s, then the reconcile within what is left of 3.5 s (it got a fresh deadline before: ~5.5 s);
      // the bound leaves a loaded machine a second.
      expect(elapsed).toBeGreaterThanOrEqual(3_400)
      expect(elapsed).toBeLessThan(4_500)
    }).pipe(Effect.scoped), 20_000)
})
