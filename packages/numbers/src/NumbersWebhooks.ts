/**
 * Receiving the callbacks Sinch posts when a number is provisioned or an order changes state.
 *
 * Sinch signs each callback: the `X-Sinch-Signature` header is the hex HMAC-SHA1 of the raw body, keyed by the
 * project's `hmacSecret` (see `GetCallbackConfiguration`). `verify` checks that signature in constant time on the bytes
 * as they arrived, then decodes the event; `httpApp` and `route` put that behind an HTTP endpoint for
 * `@effect/platform` servers. Only Web Crypto is used, so this runs on Node 20+, Deno, Bun, workers and browsers.
 *
 * @since 0.1.0
 */
import * as CallbackEvent from "@effect-sinch/core/CallbackEvent"
import * as Headers from "@effect/platform/Headers"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as internal from "./internal/webhookSignature.js"

/**
 * Marks every error of this module.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("@effect-sinch/numbers/NumbersWebhooks/VerifyError")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * The header that carries the signature (headers are matched case-insensitively).
 *
 * @since 0.1.0
 * @category constants
 */
export const signatureHeader = "x-sinch-signature"

/**
 * The largest body `httpApp` reads by default: 1 MiB, far above any Sinch event (a few hundred bytes).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxBodyBytes = 1024 * 1024

/**
 * The request has no `X-Sinch-Signature` header (or an empty one): it did not come from Sinch, or the callback is
 * not configured with an HMAC secret.
 *
 * @since 0.1.0
 * @category errors
 */
export class MissingSignature extends Schema.TaggedError<MissingSignature>(
  "@effect-sinch/numbers/MissingSignature"
)("MissingSignature", {}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return "The webhook request has no X-Sinch-Signature header, so it cannot be trusted. Sinch signs callbacks " +
      "with the project's hmacSecret: make sure one is set (UpdateCallbackConfiguration) and the request reached " +
      "you unchanged."
  }
}

/**
 * The `X-Sinch-Signature` header is not 40 hex digits (`Malformed`), or it is not the HMAC-SHA1 of the body under
 * the secret (`Mismatch`): the body was changed, the secret is not the project's current `hmacSecret`, or the
 * request did not come from Sinch.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidSignature extends Schema.TaggedError<InvalidSignature>(
  "@effect-sinch/numbers/InvalidSignature"
)("InvalidSignature", {
  reason: Schema.Literal("Malformed", "Mismatch")
}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return this.reason === "Malformed"
      ? "The X-Sinch-Signature header is not a hex HMAC-SHA1 (40 hex digits), so the webhook request cannot be " +
        "trusted."
      : "The X-Sinch-Signature header does not match the body: the body was altered, the request did not come " +
        "from Sinch, or the secret is not the project's current hmacSecret (check GetCallbackConfiguration). " +
        "Verify the raw body bytes, before any JSON parsing or re-encoding."
  }
}

/**
 * The signature is valid but the body is not a Sinch callback event: not UTF-8, not JSON, or not an object with a
 * `resourceType`. Holds the start of the body (at most 200 characters) and why decoding failed.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidEventBody extends Schema.TaggedError<InvalidEventBody>(
  "@effect-sinch/numbers/InvalidEventBody"
)("InvalidEventBody", {
  /** The first characters of the body (at most 200). */
  excerpt: Schema.String,
  /** Why the body did not decode (bounded). */
  detail: Schema.String
}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `The webhook body is not a Sinch callback event: ${this.detail}. Body starts with: ${
      JSON.stringify(this.excerpt)
    }`
  }
}

/**
 * The secret given to verify with is empty. An empty HMAC key can be used by anyone, so nothing is accepted with it.
 *
 * @since 0.1.0
 * @category errors
 */
export class MissingSecret extends Schema.TaggedError<MissingSecret>(
  "@effect-sinch/numbers/MissingSecret"
)("MissingSecret", {}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return "The webhook secret is empty. Pass the project's hmacSecret (GetCallbackConfiguration), for example " +
      "from Config.redacted(\"SINCH_CALLBACK_SECRET\")."
  }
}

/**
 * Every error `verify` can raise.
 *
 * @since 0.1.0
 * @category errors
 */
export type VerifyError = MissingSignature | InvalidSignature | InvalidEventBody | MissingSecret

/**
 * Whether a value is an error of webhook verification.
 *
 * @since 0.1.0
 * @category refinements
 */
export const isVerifyError = (u: unknown): u is VerifyError => Predicate.hasProperty(u, TypeId)

const excerptLength = 200
const detailLength = 500

const bounded = (text: string, length: number): string => text.length <= length ? text : `${text.slice(0, length)}…`

const fatalDecoder = new TextDecoder("utf-8", { fatal: true })
const lenientDecoder = new TextDecoder("utf-8")

const invalidBody = (bytes: Uint8Array, detail: string) =>
  new InvalidEventBody({
    excerpt: lenientDecoder.decode(bytes.subarray(0, excerptLength * 4)).slice(0, excerptLength),
    detail: bounded(detail, detailLength)
  })

const decodeEvent = Schema.decodeUnknown(CallbackEvent.CallbackEvent)

const parseEvent = (bytes: Uint8Array): Effect.Effect<CallbackEvent.CallbackEvent, InvalidEventBody> =>
  Effect.try({
    try: () => JSON.parse(fatalDecoder.decode(bytes)) as unknown,
    catch: (cause) =>
      invalidBody(bytes, cause instanceof TypeError ? "it is not valid UTF-8" : `it is not JSON (${String(cause)})`)
  }).pipe(
    Effect.flatMap((json) =>
      Effect.mapError(
        decodeEvent(json),
        (error) => invalidBody(bytes, ParseResult.TreeFormatter.formatErrorSync(error))
      )
    )
  )

const findSignature = (headers: Headers.Input): Option.Option<string> =>
  Option.filter(Headers.get(Headers.fromInput(headers), signatureHeader), (value) => value.trim() !== "")

/**
 * Checks the `X-Sinch-Signature` of a callback and decodes its event.
 *
 * Pass the body exactly as received (the bytes, or the text if your framework only gives text: it is UTF-8 encoded),
 * never a re-serialized JSON object: any change of whitespace or key order breaks the signature. `headers` may be
 * `Headers.Headers`, a plain record (Node's `req.headers`) or a Web `Headers`; the lookup ignores case. The signature
 * is compared in constant time by Web Crypto. Unknown event types, statuses and resource types decode (as
 * `OtherEvent` for unknown resource types) rather than fail.
 *
 * @example
 * ```ts
 * import * as NumbersWebhooks from "@effect-sinch/numbers/NumbersWebhooks"
 * import { Effect, Redacted } from "effect"
 *
 * declare const rawBody: Uint8Array
 * declare const headers: Record<string, string>
 *
 * const program = NumbersWebhooks.verify(rawBody, headers, Redacted.make("my-callback-secret")).pipe(
 *   Effect.tap((event) => Effect.log(event.resourceType, event.eventType, event.status))
 * )
 * ```
 *
 * @since 0.1.0
 * @category verification
 */
export const verify = (
  rawBody: Uint8Array | string,
  headers: Headers.Input,
  secret: Redacted.Redacted<string> | string
): Effect.Effect<CallbackEvent.CallbackEvent, VerifyError> =>
  Effect.gen(function*() {
    const key = typeof secret === "string" ? secret : Redacted.value(secret)
    if (key === "") {
      return yield* new MissingSecret()
    }
    const header = findSignature(headers)
    if (Option.isNone(header)) {
      return yield* new MissingSignature()
    }
    const signature = internal.decodeHexSignature(header.value)
    if (Option.isNone(signature)) {
      return yield* new InvalidSignature({ reason: "Malformed" })
    }
    const bytes = internal.bodyBytes(rawBody)
    yield* Effect.annotateCurrentSpan("sinch.webhook.body_bytes", bytes.length)
    const valid = yield* internal.verifyHmacSha1(key, signature.value, bytes)
    if (!valid) {
      return yield* new InvalidSignature({ reason: "Mismatch" })
    }
    const event = yield* parseEvent(bytes)
    yield* Effect.annotateCurrentSpan({
      "sinch.webhook.resource_type": event.resourceType,
      "sinch.webhook.event_type": event.eventType ?? "",
      "sinch.webhook.event_id": event.eventId ?? ""
    })
    return event
  }).pipe(Effect.withSpan("NumbersWebhooks.verify"))

/**
 * How to answer callbacks: the secret to verify with and what to do with each verified event.
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpAppOptions<E, R, ES, RS> {
  /**
   * The project's `hmacSecret`. An effect is run for every request (use `Effect.cached` or a `Config` to avoid
   * repeated lookups); if it fails the request gets 500, so Sinch retries later.
   */
  readonly secret:
    | Redacted.Redacted<string>
    | string
    | Effect.Effect<Redacted.Redacted<string> | string, ES, RS>
  /**
   * Called once per verified event. Answer 200 when it succeeds; 500 when it fails or dies, so Sinch retries
   * (handlers should therefore be idempotent: the `eventId` identifies redeliveries).
   */
  readonly handler: (event: CallbackEvent.CallbackEvent) => Effect.Effect<void, E, R>
  /** The largest body accepted, in bytes (default 1 MiB); bigger bodies get 413 without being read whole. */
  readonly maxBodyBytes?: number | undefined
}

type ReadFailure = "TooLarge" | "Unreadable"

const readBody = (
  request: HttpServerRequest.HttpServerRequest,
  maxBytes: number
): Effect.Effect<Uint8Array, ReadFailure> => {
  const declared = Headers.get(request.headers, "content-length")
  if (Option.isSome(declared) && Number(declared.value) > maxBytes) {
    return Effect.fail("TooLarge")
  }
  // Counted while streaming: a chunked body has no content-length to check up front.
  return Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    return request.stream.pipe(
      Stream.mapError((): ReadFailure => "Unreadable"),
      Stream.runForEach((chunk) => {
        size += chunk.length
        if (size > maxBytes) {
          return Effect.fail<ReadFailure>("TooLarge")
        }
        chunks.push(chunk)
        return Effect.void
      }),
      Effect.map(() => {
        const bytes = new Uint8Array(size)
        let offset = 0
        for (const chunk of chunks) {
          bytes.set(chunk, offset)
          offset += chunk.length
        }
        return bytes
      })
    )
  })
}

const answer = (status: number, text: string) => HttpServerResponse.text(text, { status })

/**
 * An `HttpApp` that receives Sinch callbacks: it reads the raw body (at most `maxBodyBytes`), verifies it with
 * `verify` and hands the event to `handler`. It answers
 *
 * - 200 once the handler succeeded,
 * - 400 when the signature is valid but the body is not an event (Sinch would not send it again differently),
 * - 401 when the signature is missing or wrong,
 * - 413 when the body is larger than `maxBodyBytes`,
 * - 500 when the handler or the secret lookup failed, so Sinch retries.
 *
 * Rejections are logged at warning level (never with the secret); the response bodies are short fixed texts.
 *
 * @example
 * ```ts
 * import * as NumbersWebhooks from "@effect-sinch/numbers/NumbersWebhooks"
 * import * as HttpRouter from "@effect/platform/HttpRouter"
 * import { Config, Effect } from "effect"
 *
 * const app = NumbersWebhooks.httpApp({
 *   secret: Config.redacted("SINCH_CALLBACK_SECRET"),
 *   handler: (event) => Effect.log(`${event.resourceId}: ${event.eventType} ${event.status}`)
 * })
 *
 * // mount it at a path of your own router
 * const router = HttpRouter.empty.pipe(HttpRouter.post("/sinch/numbers", app))
 * ```
 *
 * @since 0.1.0
 * @category http
 */
export const httpApp = <E, R, ES = never, RS = never>(
  options: HttpAppOptions<E, R, ES, RS>
): HttpApp.Default<never, R | RS> => {
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes
  const secret: Effect.Effect<Redacted.Redacted<string> | string, ES, RS> = Effect.isEffect(options.secret)
    ? options.secret
    : Effect.succeed(options.secret)
  return Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const body = yield* Effect.either(readBody(request, maxBodyBytes))
    if (Either.isLeft(body)) {
      yield* Effect.logWarning(
        body.left === "TooLarge"
          ? `NumbersWebhooks: rejected a callback body larger than ${maxBodyBytes} bytes`
          : "NumbersWebhooks: could not read a callback body"
      )
      return body.left === "TooLarge" ? answer(413, "callback body too large") : answer(400, "unreadable body")
    }
    const key = yield* Effect.exit(secret)
    if (Exit.isFailure(key)) {
      yield* Effect.logError("NumbersWebhooks: could not get the webhook secret", key.cause)
      return answer(500, "webhook secret unavailable")
    }
    const verified = yield* Effect.either(verify(body.right, request.headers, key.value))
    if (Either.isLeft(verified)) {
      const error = verified.left
      switch (error._tag) {
        case "MissingSignature":
        case "InvalidSignature": {
          yield* Effect.logWarning(`NumbersWebhooks: rejected a callback: ${error.message}`)
          return answer(401, "invalid signature")
        }
        case "InvalidEventBody": {
          yield* Effect.logWarning(`NumbersWebhooks: rejected a callback: ${error.message}`)
          return answer(400, "invalid event")
        }
        case "MissingSecret": {
          yield* Effect.logError(`NumbersWebhooks: ${error.message}`)
          return answer(500, "webhook secret unavailable")
        }
      }
    }
    const handled = yield* Effect.exit(options.handler(verified.right))
    if (Exit.isFailure(handled)) {
      yield* Effect.logError(
        "NumbersWebhooks: the callback handler failed; answering 500 so Sinch retries",
        handled.cause
      )
      return answer(500, "handler failed")
    }
    return HttpServerResponse.empty({ status: 200 })
  })
}

/**
 * A router with one route, `POST path`, serving `httpApp(options)`: ready to `HttpRouter.concat` with your own
 * routes or to serve on its own.
 *
 * @example
 * ```ts
 * import * as NumbersWebhooks from "@effect-sinch/numbers/NumbersWebhooks"
 * import * as HttpRouter from "@effect/platform/HttpRouter"
 * import * as HttpServer from "@effect/platform/HttpServer"
 * import { Effect, Redacted } from "effect"
 *
 * const router = NumbersWebhooks.route("/sinch/numbers", {
 *   secret: Redacted.make("my-callback-secret"),
 *   handler: (event) => Effect.log(event)
 * })
 *
 * const ServerLive = HttpServer.serve(router) // then provide NodeHttpServer.layer(...) or BunHttpServer.layer(...)
 * ```
 *
 * @since 0.1.0
 * @category http
 */
export const route = <E, R, ES = never, RS = never>(
  path: HttpRouter.PathInput,
  options: HttpAppOptions<E, R, ES, RS>
): HttpRouter.HttpRouter<never, HttpRouter.HttpRouter.ExcludeProvided<R | RS>> =>
  HttpRouter.empty.pipe(HttpRouter.post(path, httpApp(options)))
