/** @internal */
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Runtime from "effect/Runtime"
import type * as Http from "node:http"
import type { Engine } from "./engine.js"
import type { IncomingRequest, Outcome } from "./protocol.js"
import { BodyCollector, BodyTooLarge, BodyUnreadable, bytesOf, declaredLength } from "./protocol.js"

const splitHeaders = (headers: Readonly<Record<string, string>>) => {
  const { "content-type": contentType, ...rest } = headers
  return { contentType, rest }
}

/**
 * Reads a Node request body up to `maxBytes`: a declared length over it fails before a byte is read, a longer stream
 * as soon as it passes it. What is not read is left to Node, which discards it without keeping it.
 */
const readNodeBody = (source: Http.IncomingMessage, headers: globalThis.Headers, maxBytes: number) =>
  Effect.async<Uint8Array, BodyTooLarge | BodyUnreadable>((resume) => {
    if ((declaredLength(headers) ?? 0) > maxBytes) return resume(Effect.fail(new BodyTooLarge({ maxBytes })))
    if (source.readableEnded || source.destroyed) {
      return resume(Effect.fail(new BodyUnreadable({ cause: new Error("The body was already read") })))
    }
    const collector = new BodyCollector(maxBytes)
    const cleanup = () => {
      source.off("data", onData)
      source.off("end", onEnd)
      source.off("error", onError)
    }
    const onData = (chunk: Buffer) => {
      if (collector.add(chunk)) return
      cleanup()
      // the rest flows on into nothing: discarded, not kept
      source.resume()
      resume(Effect.fail(new BodyTooLarge({ maxBytes })))
    }
    const onEnd = () => {
      cleanup()
      resume(Effect.succeed(collector.result()))
    }
    const onError = (cause: unknown) => {
      cleanup()
      resume(Effect.fail(new BodyUnreadable({ cause })))
    }
    source.on("data", onData)
    source.once("end", onEnd)
    source.once("error", onError)
    return Effect.sync(cleanup)
  })

/** The most of a refused body read and discarded after its answer, and for how long, before the socket is closed. */
const maxDiscardBytes = 64 * 1024 * 1024
const maxDiscardMillis = 10_000

/**
 * Answers a request whose body is over its limit and not all in (refused before it was read, or once it passed the
 * limit), then reads and discards the rest before closing: a socket closed under a client still writing is reset,
 * and the client then loses the answer (one time in three with `Connection: close`). Past `maxDiscardBytes` or
 * `maxDiscardMillis`, or when the client hangs up, the connection closes at once.
 */
const answerThenDiscard = (
  response: Http.ServerResponse,
  source: Http.IncomingMessage,
  outcome: Extract<Outcome, { readonly _tag: "Response" }>
) =>
  Effect.async<void>((resume) => {
    const body = bytesOf(outcome.body)
    response.writeHead(outcome.status, {
      ...outcome.headers,
      "content-length": String(body.length),
      connection: "close"
    })
    response.write(body)
    let discarded = 0
    const stop = () => {
      clearTimeout(timer)
      source.off("data", onData)
      source.off("end", finish)
      source.off("error", finish)
      response.off("close", finish)
    }
    const finish = () => {
      stop()
      response.end()
      resume(Effect.void)
    }
    const onData = (chunk: Buffer) => {
      discarded += chunk.length
      if (discarded > maxDiscardBytes) finish()
    }
    const timer = setTimeout(finish, maxDiscardMillis)
    source.on("data", onData)
    source.once("end", finish)
    source.once("error", finish)
    response.once("close", finish)
    source.resume()
    return Effect.sync(() => {
      stop()
      response.end()
    })
  })

/**
 * The emulator as an `HttpApp` for a Node HTTP server. Dropped connections are real: the socket is destroyed before
 * any byte, or after the headers and half the body.
 *
 * @internal
 */
export const nodeApp = (engine: Engine): HttpApp.Default =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const source = NodeHttpServerRequest.toIncomingMessage(request)
    const headers = new globalThis.Headers(
      Object.entries(request.headers).filter((e): e is [string, string] => typeof e[1] === "string")
    )
    const incoming: IncomingRequest = {
      method: request.method,
      // the path exactly as sent: routing works on it undecoded
      url: new URL(request.url, "http://emulator.local"),
      headers,
      readBody: (maxBytes) => readNodeBody(source, headers, maxBytes)
    }
    const outcome = yield* engine.handle(incoming)
    switch (outcome._tag) {
      case "Response": {
        // a body over its limit, refused unread or cut off: the rest of it may still be on its way
        if (outcome.status === 413 && !source.complete) {
          yield* Effect.interruptible(
            answerThenDiscard(NodeHttpServerRequest.toServerResponse(request), source, outcome)
          )
          return HttpServerResponse.empty()
        }
        const { contentType, rest } = splitHeaders(outcome.headers)
        const options = { status: outcome.status, headers: rest, ...(contentType === undefined ? {} : { contentType }) }
        if (outcome.body.length === 0 && contentType === undefined) return HttpServerResponse.empty(options)
        return typeof outcome.body === "string"
          ? HttpServerResponse.text(outcome.body, options)
          : HttpServerResponse.uint8Array(outcome.body, options)
      }
      case "DropBeforeResponse": {
        const response = NodeHttpServerRequest.toServerResponse(request)
        response.socket?.destroy()
        response.end()
        return HttpServerResponse.empty()
      }
      case "DropMidBody": {
        const response = NodeHttpServerRequest.toServerResponse(request)
        response.writeHead(outcome.status, {
          ...outcome.headers,
          "content-length": String(outcome.body.length)
        })
        const half = outcome.body.subarray(0, Math.floor(outcome.body.length / 2))
        yield* Effect.async<void>((resume) => {
          response.write(half, () => {
            response.socket?.destroy()
            resume(Effect.void)
          })
        })
        response.end()
        return HttpServerResponse.empty()
      }
    }
  })

/** Reads a web request's body stream up to `maxBytes`, the same way as a Node request's. */
const readWebBody = (webRequest: Request, maxBytes: number) =>
  Effect.async<Uint8Array, BodyTooLarge | BodyUnreadable>((resume, signal) => {
    if ((declaredLength(webRequest.headers) ?? 0) > maxBytes) return resume(Effect.fail(new BodyTooLarge({ maxBytes })))
    if (webRequest.body === null) return resume(Effect.succeed(new Uint8Array()))
    if (webRequest.bodyUsed) {
      return resume(Effect.fail(new BodyUnreadable({ cause: new Error("The body was already read") })))
    }
    const reader = webRequest.body.getReader()
    const collector = new BodyCollector(maxBytes)
    const pump = async (): Promise<Uint8Array | BodyTooLarge> => {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return collector.result()
        if (!collector.add(value)) return new BodyTooLarge({ maxBytes })
      }
    }
    signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined), { once: true })
    pump().then(
      (result) => {
        if (result instanceof BodyTooLarge) {
          void reader.cancel().catch(() => undefined)
          resume(Effect.fail(result))
        } else {
          resume(Effect.succeed(result))
        }
      },
      (cause: unknown) => resume(Effect.fail(new BodyUnreadable({ cause })))
    )
  })

/**
 * A `fetch` answered by the emulator in-process: no socket. A dropped connection rejects like a network failure, a
 * mid-body drop errors the body stream halfway.
 *
 * @internal
 */
export const makeFetch = (engine: Engine, runtime: Runtime.Runtime<never>): typeof globalThis.fetch => {
  const runFork = Runtime.runFork(runtime)
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const webRequest = new Request(input, init)
    const signal = init?.signal ?? webRequest.signal
    const incoming: IncomingRequest = {
      method: webRequest.method,
      url: new URL(webRequest.url),
      headers: webRequest.headers,
      readBody: (maxBytes) => readWebBody(webRequest, maxBytes)
    }
    const fiber = runFork(engine.handle(incoming))
    const onAbort = () => runFork(Fiber.interrupt(fiber))
    signal?.addEventListener("abort", onAbort, { once: true })
    const exit = await Effect.runPromise(Fiber.await(fiber)).finally(() =>
      signal?.removeEventListener("abort", onAbort)
    )
    if (Exit.isFailure(exit)) {
      throw new TypeError("fetch failed", { cause: new Error("The request was aborted") })
    }
    return toWeb(exit.value)
  }
  return fetch as typeof globalThis.fetch
}

const toWeb = (outcome: Outcome): Response => {
  switch (outcome._tag) {
    case "Response":
      return new Response(
        outcome.body.length === 0 || outcome.status === 204 || outcome.status === 304
          ? null
          : outcome.body as Uint8Array<ArrayBuffer>,
        { status: outcome.status, headers: outcome.headers }
      )
    case "DropBeforeResponse":
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("socket hang up (emulated dropped connection)"), { code: "ECONNRESET" })
      })
    case "DropMidBody": {
      const half = outcome.body.subarray(0, Math.floor(outcome.body.length / 2))
      let sent = false
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (!sent) {
            sent = true
            controller.enqueue(half)
          } else {
            controller.error(new TypeError("terminated", { cause: new Error("other side closed (emulated)") }))
          }
        }
      })
      return new Response(body, {
        status: outcome.status,
        headers: { ...outcome.headers, "content-length": String(outcome.body.length) }
      })
    }
  }
}
