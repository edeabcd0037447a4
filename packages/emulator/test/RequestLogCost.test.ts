// What the console's request log costs a request: its tap, measured in-process (with a subscriber summarizing each
// entry, as an open page's event stream does), against the emulator's own time for a request over HTTP (requests one
// at a time: its service time, which queueing on a busy machine does not inflate). Requests paced at 1,000 a second
// with the log and without it are measured too. The figures are printed; the test fails when the log costs more than
// 5% of a request.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Http from "node:http"
import * as Emulator from "../src/Emulator.js"
import * as RequestLog from "../src/internal/console/requestLog.js"
import * as Views from "../src/internal/console/views.js"
import type { IncomingRequest, Outcome } from "../src/internal/protocol.js"

/** Mean client-observed time of `count` GetActiveNumber requests, sent at `perSecond`, or one after the other. */
const latency = (e: Emulator.Service, phoneNumber: string, perSecond: number | "sequential", count: number) =>
  Effect.promise(async () => {
    const agent = new Http.Agent({ keepAlive: true, maxSockets: 32 })
    const auth = `Basic ${Buffer.from(`${e.keyId}:${Redacted.value(e.keySecret)}`).toString("base64")}`
    const url = `${e.baseUrl}/v1/projects/${e.projectId}/activeNumbers/${encodeURIComponent(phoneNumber)}`
    const one = () =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now()
        Http.get(url, { agent, headers: { authorization: auth } }, (res) => {
          res.resume()
          res.on("end", () => res.statusCode === 200 ? resolve(performance.now() - started) : reject(res.statusCode))
        }).on("error", reject)
      })
    const start = performance.now()
    const pending: Array<Promise<number>> = []
    for (let i = 0; i < count; i++) {
      if (perSecond === "sequential") {
        pending.push(Promise.resolve(await one()))
        continue
      }
      const wait = start + (i * 1000) / perSecond - performance.now()
      if (wait > 1) await new Promise((r) => setTimeout(r, wait))
      pending.push(one())
    }
    const times = await Promise.all(pending)
    agent.destroy()
    return times.reduce((a, b) => a + b, 0) / times.length
  })

/** An active number, and the emulator's answer to GetActiveNumber for it: a real answer for the tap to log. */
const sampleOf = (e: Emulator.Service) =>
  Effect.promise(async () => {
    const headers = {
      authorization: `Basic ${Buffer.from(`${e.keyId}:${Redacted.value(e.keySecret)}`).toString("base64")}`
    }
    const base = `${e.baseUrl}/v1/projects/${e.projectId}/activeNumbers`
    const page = await fetch(`${base}?pageSize=1`, { headers })
      .then((r) => r.json() as Promise<{ activeNumbers: Array<{ phoneNumber: string }> }>)
    const phoneNumber = page.activeNumbers[0]!.phoneNumber
    const body = await fetch(`${base}/${encodeURIComponent(phoneNumber)}`, { headers }).then((r) => r.text())
    return { phoneNumber, body, path: `${new URL(base).pathname}/${encodeURIComponent(phoneNumber)}` }
  })

/** Microseconds per request of `run`, best of several rounds (the least disturbed by the rest of the machine). */
const microsPerCall = (run: () => void, calls: number, rounds: number) => {
  let best = Infinity
  for (let round = 0; round < rounds; round++) {
    const started = performance.now()
    for (let i = 0; i < calls; i++) run()
    best = Math.min(best, ((performance.now() - started) * 1000) / calls)
  }
  return best
}

describe("the request log's cost", () => {
  it.effect("adds at most 5% to a request's time", () =>
    Effect.gen(function*() {
      // the emulator's time for a request over HTTP, without the log and with it
      const [off, on] = yield* Effect.forEach([false, true], (console) =>
        Effect.scoped(Effect.gen(function*() {
          const e = yield* Emulator.serve({ console })
          const sample = yield* sampleOf(e)
          yield* latency(e, sample.phoneNumber, "sequential", 200) // warm-up
          // the least disturbed of three rounds
          let service = Infinity
          for (let round = 0; round < 3; round++) {
            service = Math.min(service, yield* latency(e, sample.phoneNumber, "sequential", 200))
          }
          const paced = yield* latency(e, sample.phoneNumber, 1000, 500)
          return { service, paced, sample }
        })).pipe(Effect.provide(FetchHttpClient.layer), Effect.orDie))

      // the tap alone, in-process: the emulator's own answer, and a subscriber summarizing each entry as an open
      // page's event stream does
      const outcome: Outcome = {
        _tag: "Response",
        status: 200,
        headers: { "content-type": "application/json" },
        body: off!.sample.body
      }
      const incoming: IncomingRequest = {
        method: "GET",
        url: new URL(`http://emulator.local${off!.sample.path}`),
        headers: new Headers({ authorization: "Bearer abc.def.ghi" }),
        readBody: () => Effect.succeed(new Uint8Array())
      }
      const serve = (_: IncomingRequest, note: RequestLog.Note) => {
        note.operation = "GetActiveNumber"
        return Effect.succeed(outcome)
      }
      const log = RequestLog.make(10_000)
      log.subscribe((entry) => void Views.summary(entry))
      const calls = 20_000
      // the same Effect.map the tap adds, so that only the log's own work is counted
      const bare = microsPerCall(
        () => Effect.runSync(Effect.map(serve(incoming, RequestLog.ignored), (o) => o)),
        calls,
        7
      )
      const logged = microsPerCall(() => Effect.runSync(log.tap(incoming, serve)), calls, 7)
      const tapMicros = Math.max(0, logged - bare)
      const share = tapMicros / (off!.service * 1000)
      const us = (millis: number) => `${(millis * 1000).toFixed(0)} µs`
      process.stderr.write(
        `request log: ${tapMicros.toFixed(2)} µs a request in-process (tap ${logged.toFixed(2)} µs, bare ` +
          `${bare.toFixed(2)} µs), ${(share * 100).toFixed(2)}% of the emulator's ${us(off!.service)} a request ` +
          `over HTTP (${us(on!.service)} with the log); paced at 1,000/s: ${us(off!.paced)} a request without the ` +
          `log, ${us(on!.paced)} with it\n`
      )
      expect(log.entries()).toHaveLength(10_000)
      expect(share).toBeLessThanOrEqual(0.05)
    }))
})
