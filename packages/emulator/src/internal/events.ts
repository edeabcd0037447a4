/** @internal */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import { createHmac } from "node:crypto"
import type { Delivery } from "../Emulator.js"

/** Hex HMAC-SHA1 of the raw body, keyed by the project's HMAC secret: Sinch's `X-Sinch-Signature`. @internal */
export const sign = (secret: string, body: string): string => createHmac("sha1", secret).update(body).digest("hex")

/** An event timestamp as Sinch writes it: UTC, no zone, six fractional digits. @internal */
export const eventTimestamp = (millis: number): string => new Date(millis).toISOString().slice(0, -1) + "000"

/** Callbacks only ever go to this machine: the emulator must not post to the internet. @internal */
export const isLoopback = (url: string): boolean => {
  try {
    const u = new URL(url)
    if (u.protocol !== "http:" && u.protocol !== "https:") return false
    const host = u.hostname.replace(/^\[|\]$/g, "")
    return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host)
  } catch {
    return false
  }
}

/** The receiver answered, but not with a 2xx. @internal */
export class DeliveryRefused extends Data.TaggedError("DeliveryRefused")<{ readonly status: number }> {}

/**
 * Posts a signed event, retrying a failed delivery (transport error or non-2xx) `retries` times with a growing delay.
 *
 * @internal
 */
export const deliver = (
  client: HttpClient.HttpClient,
  url: string,
  secret: string,
  payload: unknown,
  retries: number,
  retryDelayMillis: number
): Effect.Effect<Delivery> => {
  const body = JSON.stringify(payload)
  const signature = sign(secret, body)
  if (!isLoopback(url)) return Effect.succeed({ url, body, signature, status: "skipped", attempts: 0 })
  const request = HttpClientRequest.post(url).pipe(
    HttpClientRequest.setHeader("x-sinch-signature", signature),
    HttpClientRequest.bodyText(body, "application/json")
  )
  return Effect.gen(function*() {
    const attempts = yield* Ref.make(0)
    const attempt = Ref.update(attempts, (n) => n + 1).pipe(
      Effect.zipRight(client.execute(request)),
      Effect.flatMap((response) =>
        response.status >= 200 && response.status < 300
          ? Effect.void
          : Effect.fail(new DeliveryRefused({ status: response.status }))
      ),
      Effect.scoped,
      Effect.timeout(Duration.seconds(10))
    )
    const outcome = yield* attempt.pipe(
      Effect.retry(
        Schedule.intersect(Schedule.recurs(retries), Schedule.exponential(Duration.millis(retryDelayMillis)))
      ),
      Effect.match({ onFailure: () => "failed" as const, onSuccess: () => "delivered" as const })
    )
    return { url, body, signature, status: outcome, attempts: yield* Ref.get(attempts) }
  })
}
