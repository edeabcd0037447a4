import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Http from "node:http"
import * as Emulator from "../src/Emulator.js"
import { basic, call } from "./rawClient.js"

const MiB = 1024 * 1024

const agent = new Http.Agent({ keepAlive: true, maxSockets: 1 })

interface Sent {
  readonly status: number
  readonly body: any
  /** from the first byte sent to the whole answer */
  readonly millis: number
}

/**
 * POSTs `total` bytes over a real socket, written 1 MiB at a time from one buffer (so the client holds no copy of
 * the body), with a Content-Length or chunked; stops sending as soon as the answer is in.
 */
const send = (
  method: string,
  url: string,
  total: number,
  options: { readonly declare: boolean; readonly headers?: Readonly<Record<string, string>> }
) =>
  Effect.async<Sent, Error>((resume) => {
    const target = new URL(url)
    const started = performance.now()
    let answered = false
    const request = Http.request({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      method,
      // keep-alive, as clients send by default: with "Connection: close" the server would close the socket under a
      // client still sending, which may see the reset before the answer
      agent,
      headers: {
        "content-type": "application/json",
        ...options.headers,
        ...(options.declare ? { "content-length": String(total) } : {})
      }
    })
    request.on("response", (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (chunk: Buffer) => chunks.push(chunk))
      response.on("end", () => {
        answered = true
        const text = Buffer.concat(chunks).toString("utf8")
        resume(Effect.succeed({
          status: response.statusCode ?? 0,
          body: text === "" ? undefined : JSON.parse(text),
          millis: performance.now() - started
        }))
        request.destroy()
      })
    })
    request.on("error", (error) => {
      if (!answered) resume(Effect.fail(error))
    })
    const chunk = Buffer.alloc(MiB, 0x20)
    let sent = 0
    const write = () => {
      while (sent < total && !answered) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent))
        sent += piece.length
        if (!request.write(piece)) return void request.once("drain", write)
      }
      if (!answered) request.end()
    }
    write()
    return Effect.sync(() => request.destroy())
  })

const tooLarge = (limit: number) => ({
  error: {
    code: 413,
    message: `The request body is larger than the ${limit} bytes this endpoint accepts`,
    status: "CONTENT_TOO_LARGE",
    details: [{
      type: "RequestEntityTooLarge",
      resourceName: "request",
      description: `The request body is larger than the ${limit} bytes this endpoint accepts`
    }]
  }
})

const served = Effect.provide(Layer.merge(Emulator.layer({ active: 10 }), FetchHttpClient.layer))

describe("request bodies are bounded", () => {
  it.live("20 MB and 50 MB bodies to the API are refused with 413 at once, without the server's memory growing", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const auth = basic(emulator.keyId, Redacted.value(emulator.keySecret))
      const phone = (yield* call("GET", "~/activeNumbers", { query: { pageSize: "1" } })).body.activeNumbers[0]
        .phoneNumber as string
      const url = `${emulator.baseUrl}/v1/projects/${emulator.projectId}/activeNumbers/${phone}`
      // warm up (sockets, buffers, the code paths), then measure
      yield* send("PATCH", url, 20 * MiB, { declare: false, headers: { authorization: auth } })
      const rssBefore = process.memoryUsage().rss
      for (const size of [20 * MiB, 50 * MiB]) {
        for (const declare of [true, false]) {
          const answer = yield* send("PATCH", url, size, { declare, headers: { authorization: auth } })
          expect({ size, declare, status: answer.status }).toEqual({ size, declare, status: 413 })
          expect(answer.body).toEqual(tooLarge(10 * MiB))
          // a quadratic read took 3.6 s for 20 MB and 15 s for 50 MB; the margin is for a loaded machine
          expect(answer.millis).toBeLessThan(1_500)
        }
      }
      // 70 MB of bodies went by: the RSS reached 350 MB (once 2.5 GB) when they were kept; up to 10 MiB of one chunked
      // body is read before it is refused, and the margin is for garbage not yet collected on a loaded machine
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(96 * MiB)
      // the body over the limit is refused before anything else, unauthenticated or not
      const anonymous = yield* send("PATCH", url, 20 * MiB, { declare: true })
      expect(anonymous.status).toBe(413)
      const stats = yield* emulator.stats
      expect(stats.requests["UpdateActiveNumber"]?.["413"]).toBe(6)
    }).pipe(served))

  it.live("the token and control endpoints take 16 KiB at most, declared or chunked", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const auth = basic(emulator.keyId, Redacted.value(emulator.keySecret))
      const limit = 16 * 1024
      for (
        const [method, path] of [["POST", "/oauth2/token"], ["POST", "/_emulator/events"], ["PUT", "/_emulator/faults"]]
      ) {
        for (const declare of [true, false]) {
          const answer = yield* send(method!, `${emulator.baseUrl}${path}`, limit + 64 * 1024, {
            declare,
            headers: { authorization: auth }
          })
          expect({ path, declare, status: answer.status }).toEqual({ path, declare, status: 413 })
          expect(answer.body).toEqual(tooLarge(limit))
        }
      }
      // under the limit, the token endpoint answers as usual
      const token = yield* Effect.promise(() =>
        fetch(emulator.tokenUrl, {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
          body: `grant_type=client_credentials&padding=${"x".repeat(limit - 100)}`
        })
      )
      expect(token.status).toBe(200)
      const over = yield* Effect.promise(() =>
        fetch(emulator.tokenUrl, {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
          body: `grant_type=client_credentials&padding=${"x".repeat(limit)}`
        })
      )
      expect(over.status).toBe(413)
    }).pipe(served))

  it.effect("the in-process client's bodies are bounded the same way", () =>
    Effect.gen(function*() {
      const phone = (yield* call("GET", "~/activeNumbers", { query: { pageSize: "1" } })).body.activeNumbers[0]
        .phoneNumber as string
      const big = yield* call("PATCH", `~/activeNumbers/${phone}`, { body: { displayName: "x".repeat(11 * MiB) } })
      expect(big.status).toBe(413)
      expect(big.body).toEqual(tooLarge(10 * MiB))
      const faults = yield* call("PUT", "/_emulator/faults", { auth: null, body: { seed: 1, pad: "x".repeat(20_000) } })
      expect(faults.status).toBe(413)
    }).pipe(Effect.provide(Emulator.layerHttpClient({ active: 3 }))))
})
