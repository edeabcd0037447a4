/** @internal */
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { randomBytes } from "node:crypto"
import type * as Http from "node:http"
import * as Faults from "../../Faults.js"
import type { Engine } from "../engine.js"
import { decodeWith } from "../protocol.js"
import type { ErrorResponse } from "../wire.js"
import * as Assets from "./assets.js"
import type { Entry } from "./requestLog.js"
import * as Views from "./views.js"

/** Where the console lives on the emulator's port. @internal */
export const prefix = "/_emulator/console"

/** The largest body a console action reads. @internal */
export const maxBodyBytes = 16 * 1024

/** The header that carries the page's token on every action. @internal */
export const tokenHeader = "x-console-token"

/** An error the page shows as it is: a status and a sentence. */
const problem = (status: number, message: string) =>
  HttpServerResponse.unsafeJson({ error: { status, message } }, { status })

const fromErrorResponse = (e: ErrorResponse) => HttpServerResponse.unsafeJson(e.body, { status: e.status })

const answer = <A>(effect: Effect.Effect<A, ErrorResponse>) =>
  Effect.match(effect, { onFailure: fromErrorResponse, onSuccess: (body) => HttpServerResponse.unsafeJson(body) })

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]", "::1"])

const isLoopbackHost = (host: string) => loopbackHosts.has(host) || /^127(\.\d{1,3}){3}$/.test(host)

const hostnameOf = (hostHeader: string) =>
  hostHeader.startsWith("[")
    ? hostHeader.slice(0, hostHeader.indexOf("]") + 1)
    : hostHeader.split(":")[0]!

const ReviewBody = Schema.Struct({
  verdict: Schema.Literal("COMPLETED", "REJECTED", "BLOCKED"),
  reason: Schema.optional(Schema.String.pipe(Schema.maxLength(500)))
})

const RedeliverBody = Schema.Struct({ index: Schema.Int.pipe(Schema.nonNegative()) })

const encoder = new TextEncoder()

/** The options the console needs from the server it is mounted on. @internal */
export interface ConsoleOptions {
  /** the interface the emulator listens on: loopback unless the user chose another */
  readonly host: string
}

/**
 * The console: the page, its files, and the JSON and Server-Sent Events endpoints it reads and steers the emulator
 * with, mounted in front of the emulator's own app (every other path goes to it untouched).
 *
 * Its guards: on a loopback emulator, a Host header that is not loopback is refused (DNS rebinding); a request with
 * an Authorization header is refused (API credentials open nothing here); an action (POST, PUT) needs the page's own
 * origin (Origin, Sec-Fetch-Site) and the token written into the page, which the API does not accept either.
 *
 * @internal
 */
export const mount = (
  engine: Engine,
  emulatorApp: HttpApp.Default,
  options: ConsoleOptions
): Effect.Effect<HttpApp.Default, never, Scope.Scope> =>
  Effect.gen(function*() {
    // read at the first visit: an emulator whose console nobody opens reads no file
    const assets = yield* Effect.cached(Effect.either(Assets.load))
    const token = randomBytes(24).toString("base64url")
    const ctx = engine.ctx
    const log = engine.requestLog

    // open event streams end when the emulator stops, so that they do not hold its server open
    const closers = new Set<() => void>()
    yield* Effect.addFinalizer(() => Effect.sync(() => closers.forEach((close) => close())))

    const secrets = Effect.map(engine.hmacSecret, (hmacSecret) => ({ keySecret: engine.config.keySecret, hmacSecret }))

    const file = (name: string) =>
      Effect.map(assets, (assets) => {
        if (assets._tag === "Left") return problem(500, assets.left)
        const asset = assets.right.get(name)
        if (asset === undefined) return problem(404, `No console file ${name}`)
        const body = name === "index.html"
          ? new TextDecoder().decode(asset.body).replace("{{token}}", token)
          : asset.body
        return typeof body === "string"
          ? HttpServerResponse.text(body, { contentType: asset.contentType, headers: pageHeaders })
          : HttpServerResponse.uint8Array(body, {
            contentType: asset.contentType,
            headers: { "cache-control": "no-cache" }
          })
      })

    const query = Effect.map(HttpServerRequest.HttpServerRequest, (request) =>
      new URL(request.url, "http://console.local").searchParams)

    const body = <A, I>(schema: Schema.Schema<A, I>) =>
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const read = yield* readBody(NodeHttpServerRequest.toIncomingMessage(request))
        if (read === undefined) {
          return yield* Effect.fail(problem(413, tooLarge))
        }
        const text = new TextDecoder().decode(read)
        let json: unknown
        try {
          json = text.trim() === "" ? {} : JSON.parse(text)
        } catch (e) {
          return yield* Effect.fail(problem(400, `The body is not JSON: ${(e as Error).message}`))
        }
        return yield* Effect.mapError(decodeWith(schema, json, undefined, "error"), fromErrorResponse)
      })

    const requestRows = Effect.map(query, (params) => {
      const filter: Views.RequestFilter = {
        operation: params.get("operation") ?? undefined,
        status: params.get("status") ?? undefined,
        number: params.get("number") ?? undefined
      }
      const limit = Math.min(Math.max(Number(params.get("limit") ?? "200") || 200, 1), 1000)
      const rows = log.entries().map(Views.summary).filter(Views.matches(filter))
      return HttpServerResponse.unsafeJson({
        capacity: log.capacity,
        matched: rows.length,
        requests: rows.slice(-limit)
      })
    })

    /** New requests as Server-Sent Events, a batch every 250 ms at most, so that a busy emulator does not flood the page. */
    const requestStream = Effect.sync(() => {
      const events = Stream.async<Uint8Array>((emit) => {
        let batch: Array<Entry> = []
        let dropped = 0
        let quiet = 0
        const unsubscribe = log.subscribe((entry) => {
          batch.push(entry)
          if (batch.length > 1000) {
            batch = batch.slice(-500)
            dropped += 500
          }
        })
        const timer = setInterval(() => {
          if (batch.length === 0) {
            // a comment now and then keeps proxies and the browser from timing the stream out
            if (++quiet % 60 === 0) {
              void emit.single(encoder.encode(": keep-alive\n\n"))
            }
            return
          }
          const data = JSON.stringify({ requests: batch.map(Views.summary), dropped })
          batch = []
          dropped = 0
          void emit.single(encoder.encode(`event: requests\ndata: ${data}\n\n`))
        }, 250)
        const close = () => {
          clearInterval(timer)
          unsubscribe()
          closers.delete(close)
        }
        closers.add(() => {
          close()
          void emit.end()
        })
        void emit.single(encoder.encode("retry: 2000\n: connected\n\n"))
        return Effect.sync(close)
      })
      return HttpServerResponse.stream(events, {
        contentType: "text/event-stream",
        headers: { "cache-control": "no-cache", "x-accel-buffering": "no" }
      })
    })

    const requestDetail = Effect.flatMap(HttpRouter.params, (params) =>
      Effect.flatMap(secrets, (s) => {
        const entry = log.get(Number(params["id"]))
        return Effect.succeed(
          entry === undefined
            ? problem(404, `No request ${params["id"]} in the log (it keeps the last ${log.capacity})`)
            : HttpServerResponse.unsafeJson(Views.detail(entry, s))
        )
      }))

    const numbers = Effect.flatMap(query, (params) => {
      const size = Math.min(Math.max(Number(params.get("size") ?? "50") || 50, 1), Views.maxNumbersPage)
      return answer(
        Views.listNumbers(ctx, params.get("after") ?? undefined, size, params.get("search") ?? undefined)
      )
    })

    const numberDetail = Effect.flatMap(HttpRouter.params, (params) =>
      answer(Views.numberDetail(ctx, params["phoneNumber"] ?? "")))

    const review = Effect.gen(function*() {
      const params = yield* HttpRouter.params
      const verdict = yield* body(ReviewBody)
      return yield* answer(Views.reviewOrder(ctx, params["id"] ?? "", verdict.verdict, verdict.reason))
    })

    const callbacks = Effect.map(engine.deliveries, (deliveries) =>
      HttpServerResponse.unsafeJson({ deliveries: deliveries.map(Views.deliveryView) }))

    const redeliver = Effect.gen(function*() {
      const { index } = yield* body(RedeliverBody)
      return yield* answer(Effect.flatMap(engine.deliveries, (all) =>
        Views.redeliver(ctx, all, index)))
    })

    const faults = Effect.map(Effect.zip(engine.faults, engine.limits), ([plan, limits]) =>
      HttpServerResponse.unsafeJson({ faults: plan, operations: Faults.OperationId.literals, rateLimits: limits }))

    const setFaults = Effect.gen(function*() {
      const plan = yield* body(Faults.Faults)
      yield* engine.setFaults(plan)
      return HttpServerResponse.unsafeJson(plan)
    })

    const setLimits = Effect.gen(function*() {
      const limits = yield* body(Faults.Limits)
      yield* engine.setLimits(limits)
      return HttpServerResponse.unsafeJson(limits)
    })

    const reset = Effect.as(engine.reset, HttpServerResponse.unsafeJson({}))

    const clearLog = Effect.as(
      Effect.sync(() =>
        log.clear()
      ),
      HttpServerResponse.unsafeJson({})
    )

    const stats = Effect.map(engine.stats, (counters) =>
      HttpServerResponse.unsafeJson({ stats: counters, series: log.series(Date.now()) }))

    const api = `${prefix}/api`
    const router = HttpRouter.empty.pipe(
      HttpRouter.get(prefix, file("index.html")),
      HttpRouter.get(`${prefix}/app.js`, file("app.js")),
      HttpRouter.get(`${prefix}/console.css`, file("console.css")),
      HttpRouter.get(
        `${prefix}/vendor/:name`,
        Effect.flatMap(HttpRouter.params, (p) =>
          file(`vendor/${p["name"]}`))
      ),
      HttpRouter.get(`${api}/requests`, requestRows),
      HttpRouter.get(`${api}/requests/stream`, requestStream),
      HttpRouter.get(`${api}/requests/:id`, requestDetail),
      HttpRouter.post(`${api}/requests/clear`, clearLog),
      HttpRouter.get(`${api}/numbers`, numbers),
      HttpRouter.get(`${api}/numbers/:phoneNumber`, numberDetail),
      HttpRouter.get(
        `${api}/orders`,
        Effect.map(Views.listOrders(ctx), (orders) =>
          HttpServerResponse.unsafeJson({ orders }))
      ),
      HttpRouter.post(`${api}/orders/:id/review`, review),
      HttpRouter.get(`${api}/callbacks`, callbacks),
      HttpRouter.post(`${api}/callbacks/redeliver`, redeliver),
      HttpRouter.get(`${api}/faults`, faults),
      HttpRouter.put(`${api}/faults`, setFaults),
      HttpRouter.put(`${api}/limits`, setLimits),
      HttpRouter.post(`${api}/reset`, reset),
      HttpRouter.get(`${api}/stats`, stats)
    )

    const guarded = Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const host = request.headers["host"] ?? ""
      if (isLoopbackHost(options.host) && !isLoopbackHost(hostnameOf(host))) {
        return problem(403, `The console answers on a loopback address only, not on host ${JSON.stringify(host)}`)
      }
      if (request.headers["authorization"] !== undefined) {
        return problem(403, "The console does not take API credentials: send no Authorization header")
      }
      if (request.method !== "GET" && request.method !== "HEAD") {
        const origin = request.headers["origin"]
        if (origin !== undefined && origin !== `http://${host}`) {
          return problem(403, `Console actions are accepted from the console's own page only, not from ${origin}`)
        }
        const site = request.headers["sec-fetch-site"]
        if (site !== undefined && site !== "same-origin") {
          return problem(403, `Console actions are accepted from the console's own page only (Sec-Fetch-Site ${site})`)
        }
        if (request.headers[tokenHeader] !== token) {
          return problem(403, `Console actions need the ${tokenHeader} header of the console's page`)
        }
      }
      return yield* router
    }).pipe(
      Effect.catchAll((error) =>
        HttpServerResponse.isServerResponse(error)
          ? Effect.succeed(error)
          : Effect.succeed(problem(404, "No such console page or endpoint"))
      )
    )

    return Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
      request.url === prefix || request.url.startsWith(`${prefix}/`) || request.url.startsWith(`${prefix}?`)
        ? guarded
        : emulatorApp)
  })

const tooLarge = `A console action's body is at most ${maxBodyBytes} bytes`

/** How much of a body too large the console reads and discards, so that its client gets the 413 and not a reset. */
const maxDrainBytes = 1024 * 1024

/**
 * Reads a body up to {@link maxBodyBytes}; undefined when it is larger. The rest of a body too large is drained up to
 * {@link maxDrainBytes} (past that the connection is cut), so that a client still writing reads its 413.
 */
const readBody = (source: Http.IncomingMessage) =>
  Effect.async<Uint8Array | undefined>((resume) => {
    const chunks: Array<Buffer> = []
    let size = 0
    const cleanup = () => {
      source.off("data", onData)
      source.off("end", onEnd)
      source.off("error", onEnd)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBodyBytes) chunks.push(chunk)
      else chunks.length = 0
      if (size > maxDrainBytes) {
        cleanup()
        source.destroy()
        resume(Effect.succeed(undefined))
      }
    }
    const onEnd = () => {
      cleanup()
      resume(Effect.succeed(size > maxBodyBytes ? undefined : Buffer.concat(chunks)))
    }
    if (source.readableEnded) return resume(Effect.succeed(new Uint8Array()))
    source.on("data", onData)
    source.once("end", onEnd)
    source.once("error", onEnd)
    return Effect.sync(cleanup)
  })

/** The page may run only its own scripts, talk only to its own origin, and be framed by nobody. */
const pageHeaders = {
  "cache-control": "no-store",
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer"
}
