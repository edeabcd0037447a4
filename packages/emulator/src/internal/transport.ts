/** @internal */
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Runtime from "effect/Runtime"
import type { Engine } from "./engine.js"
import type { EmulatorRequest, Outcome } from "./protocol.js"
import { BodyTooLarge, BodyUnreadable } from "./protocol.js"

// @effect/platform-node's server refuses bodies above 10 MiB
const maxBodyBytes = 10 * 1024 * 1024

const splitHeaders = (headers: Readonly<Record<string, string>>) => {
  const { "content-type": contentType, ...rest } = headers
  return { contentType, rest }
}

/**
 * The emulator as an `HttpApp` for a Node HTTP server. Dropped connections are real: the socket is destroyed before
 * any byte, or after the headers and half the body.
 *
 * @internal
 */
export const nodeApp = (engine: Engine): HttpApp.Default =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const emulatorRequest: EmulatorRequest = {
      method: request.method,
      url: new URL(request.url, "http://emulator.local"),
      headers: new globalThis.Headers(
        Object.entries(request.headers).filter((e): e is [string, string] => typeof e[1] === "string")
      ),
      body: request.arrayBuffer.pipe(
        Effect.map((buffer) => new Uint8Array(buffer)),
        Effect.mapError((error) =>
          Number(request.headers["content-length"] ?? "0") > maxBodyBytes
            ? new BodyTooLarge()
            : new BodyUnreadable(error)
        )
      )
    }
    const outcome = yield* engine.handle(emulatorRequest)
    switch (outcome._tag) {
      case "Response": {
        const { contentType, rest } = splitHeaders(outcome.headers)
        const options = { status: outcome.status, headers: rest, ...(contentType === undefined ? {} : { contentType }) }
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
    const bodyPromise = webRequest.arrayBuffer()
    // a handler that never reads the body must not leave a rejection unhandled
    bodyPromise.catch(() => undefined)
    const emulatorRequest: EmulatorRequest = {
      method: webRequest.method,
      url: new URL(webRequest.url),
      headers: webRequest.headers,
      body: Effect.tryPromise({
        try: () => bodyPromise,
        catch: (cause) => new BodyUnreadable(cause)
      }).pipe(Effect.map((buffer) => new Uint8Array(buffer)))
    }
    const fiber = runFork(engine.handle(emulatorRequest))
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
