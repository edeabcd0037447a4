// What the console's request log costs the emulator. Requests come from a client in a child process at 1,000 a
// second, so that this process's CPU time is the emulator's own: its CPU time per request with the log and without
// it. The log's tap is also measured alone, in-process (with a subscriber summarizing each entry, as an open page's
// event stream does), against the emulator's CPU time per request without the log: the test fails past 5%. CPU time,
// not elapsed time, so that a busy machine does not blur the figures. They are printed.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as ChildProcess from "node:child_process"
import * as Emulator from "../src/Emulator.js"
import * as RequestLog from "../src/internal/console/requestLog.js"
import * as Views from "../src/internal/console/views.js"
import type { IncomingRequest, Outcome } from "../src/internal/protocol.js"

// The client: `count` GETs of one URL, sent at `perSecond` on keep-alive connections; prints the mean latency (ms).
const clientScript = `
const http = require("node:http")
const [url, auth, perSecond, count] = process.argv.slice(1)
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })
const one = () => new Promise((resolve, reject) => {
  const started = performance.now()
  http.get(url, { agent, headers: { authorization: auth } }, (res) => {
    res.resume()
    res.on("end", () => res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(String(res.statusCode))))
  }).on("error", reject)
})
;(async () => {
  const start = performance.now()
  const pending = []
  for (let i = 0; i < Number(count); i++) {
    const wait = start + (i * 1000) / Number(perSecond) - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    pending.push(one())
  }
  const times = await Promise.all(pending)
  agent.destroy()
  process.stdout.write(String(times.reduce((a, b) => a + b, 0) / times.length))
})().catch((e) => { console.error(e); process.exit(1) })
`

/** Runs the client; the CPU time this process (the emulator) spent meanwhile, per request, and the mean latency. */
const load = (url: string, auth: string, perSecond: number, count: number) =>
  Effect.async<{ readonly cpuMicros: number; readonly latencyMillis: number }, Error>((resume) => {
    const before = process.cpuUsage()
    const child = ChildProcess.execFile(
      process.execPath,
      ["-e", clientScript, url, auth, String(perSecond), String(count)],
      (error, stdout) => {
        const used = process.cpuUsage(before)
        if (error !== null) return resume(Effect.fail(error))
        resume(Effect.succeed({ cpuMicros: (used.user + used.system) / count, latencyMillis: Number(stdout) }))
      }
    )
    return Effect.sync(() => child.kill())
  })

/** Microseconds of CPU per call of `run`, best of several rounds. */
const cpuMicrosPerCall = (run: () => void, calls: number, rounds: number) => {
  let best = Infinity
  for (let round = 0; round < rounds; round++) {
    const before = process.cpuUsage()
    for (let i = 0; i < calls; i++) run()
    const used = process.cpuUsage(before)
    best = Math.min(best, (used.user + used.system) / calls)
  }
  return best
}

describe("the request log's cost", () => {
  it.effect("adds at most 5% to the emulator's CPU time per request, at 1,000 requests a second", () =>
    Effect.gen(function*() {
      const [off, on] = yield* Effect.forEach([false, true], (console) =>
        Effect.scoped(Effect.gen(function*() {
          const e = yield* Emulator.serve({ console })
          const auth = `Basic ${Buffer.from(`${e.keyId}:${Redacted.value(e.keySecret)}`).toString("base64")}`
          const base = `${e.baseUrl}/v1/projects/${e.projectId}/activeNumbers`
          const page = yield* Effect.promise(() =>
            fetch(`${base}?pageSize=1`, { headers: { authorization: auth } })
              .then((r) => r.json() as Promise<{ activeNumbers: Array<{ phoneNumber: string }> }>)
          )
          const path = `${new URL(base).pathname}/${encodeURIComponent(page.activeNumbers[0]!.phoneNumber)}`
          const body = yield* Effect.promise(() =>
            fetch(`${e.baseUrl}${path}`, { headers: { authorization: auth } }).then((r) => r.text())
          )
          yield* load(`${e.baseUrl}${path}`, auth, 1000, 200) // warm-up
          // the least disturbed of two rounds of half a second each
          let best = { cpuMicros: Infinity, latencyMillis: Infinity }
          for (let round = 0; round < 2; round++) {
            const run = yield* load(`${e.baseUrl}${path}`, auth, 1000, 500)
            if (run.cpuMicros < best.cpuMicros) best = run
          }
          return { ...best, path, body }
        })).pipe(Effect.provide(FetchHttpClient.layer), Effect.orDie))

      // the tap alone, in-process, on the emulator's own answer; a subscriber summarizes each entry
      const outcome: Outcome = {
        _tag: "Response",
        status: 200,
        headers: { "content-type": "application/json" },
        body: off!.body
      }
      const incoming: IncomingRequest = {
        method: "GET",
        url: new URL(`http://emulator.local${off!.path}`),
        headers: new Headers({ authorization: "Bearer abc.def.ghi" }),
        readBody: () => Effect.succeed(new Uint8Array())
      }
      const serve = (_: IncomingRequest, note: RequestLog.Note) => {
        note.operation = "GetActiveNumber"
        return Effect.succeed(outcome)
      }
      const log = RequestLog.make(10_000)
      log.subscribe((entry) => void Views.summary(entry))
      // the same Effect.map the tap adds, so that only the log's own work is counted
      const bare = cpuMicrosPerCall(
        () => Effect.runSync(Effect.map(serve(incoming, RequestLog.ignored), (o) => o)),
        20_000,
        7
      )
      const logged = cpuMicrosPerCall(() => Effect.runSync(log.tap(incoming, serve)), 20_000, 7)
      const tap = Math.max(0, logged - bare)
      const share = tap / off!.cpuMicros

      process.stderr.write(
        `request log: the tap ${tap.toFixed(2)} µs CPU a request, ${(share * 100).toFixed(2)}% of the emulator's ` +
          `${off!.cpuMicros.toFixed(0)} µs CPU a request at 1,000/s without the log; with the log ` +
          `${on!.cpuMicros.toFixed(0)} µs (${
            (((on!.cpuMicros - off!.cpuMicros) / off!.cpuMicros) * 100).toFixed(1)
          }%)` +
          `; mean latency ${off!.latencyMillis.toFixed(2)} ms without, ${on!.latencyMillis.toFixed(2)} ms with\n`
      )
      expect(log.entries()).toHaveLength(10_000)
      expect(share).toBeLessThanOrEqual(0.05)
    }))
})
