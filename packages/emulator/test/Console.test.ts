// The console's endpoints over real HTTP: the request log (masked, bounded, filtered, live), the review queue, the
// callbacks, the faults, and the guards that keep other origins and the API's credentials out.
import { describe, expect, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Http from "node:http"
import * as Emulator from "../src/Emulator.js"

interface Answer {
  readonly status: number
  readonly headers: Http.IncomingHttpHeaders
  readonly text: string
  readonly json: any
}

/** One request with exactly these headers (node:http, so that Host, Origin and Sec-Fetch-Site go as written). */
const send = (
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const request = Http.request(url, { method: options.method ?? "GET", headers: options.headers ?? {} }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8")
        let json: unknown = undefined
        try {
          json = JSON.parse(text)
        } catch {
          // not JSON: the test reads text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
      })
    })
    request.on("error", reject)
    request.end(options.body)
  })

const fetchOf = (url: string, options?: Parameters<typeof send>[1]) => Effect.promise(() => send(url, options))

/** The console's token, read from its page as the page's script reads it. */
const tokenOf = (e: Emulator.Service) =>
  Effect.map(fetchOf(`${e.baseUrl}/_emulator/console`), (page) => {
    const token = /name="console-token" content="([^"]+)"/.exec(page.text)?.[1]
    expect(token).toBeDefined()
    return token!
  })

const basicAuth = (e: Emulator.Service) =>
  `Basic ${Buffer.from(`${e.keyId}:${Redacted.value(e.keySecret)}`).toString("base64")}`

const api = (e: Emulator.Service, method: string, path: string, body?: unknown) =>
  fetchOf(`${e.baseUrl}/v1/projects/${e.projectId}/${path}`, {
    method,
    headers: { authorization: basicAuth(e), "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })

const consoleCall = (e: Emulator.Service, method: string, path: string, token: string, body?: unknown) =>
  fetchOf(`${e.baseUrl}/_emulator/console/api${path}`, {
    method,
    headers: { "x-console-token": token, origin: e.baseUrl, "sec-fetch-site": "same-origin" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })

const emulator = Emulator.Emulator

/** An order of one available US number, submitted: IN_REVIEW until someone reviews it. */
const orderInReview = (e: Emulator.Service, callbackUrl?: string) =>
  Effect.gen(function*() {
    const found = yield* api(e, "GET", "availableNumbers?regionCode=US&type=LOCAL&size=1")
    const phone = found.json.availableNumbers[0].phoneNumber as string
    const created = yield* api(e, "POST", "numberOrders:createNumberOrder", {
      regionCode: "US",
      numberType: "LOCAL",
      numberOrderOption: { phoneNumbers: [phone] },
      ...(callbackUrl === undefined ? {} : { callbackUrl })
    })
    expect(created.status).toBe(200)
    const id = created.json.idNumberOrder as string
    expect((yield* api(e, "POST", `numberOrders/${id}/submit`)).json.state).toBe("IN_REVIEW")
    return { id, phone }
  })

/** A loopback server that records the callbacks posted to it. */
const callbackServer = Effect.acquireRelease(
  Effect.async<{ url: string; received: Array<{ body: string; signature: string | undefined }>; server: Http.Server }>(
    (resume) => {
      const received: Array<{ body: string; signature: string | undefined }> = []
      const server = Http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (c: Buffer) => chunks.push(c))
        req.on("end", () => {
          received.push({
            body: Buffer.concat(chunks).toString("utf8"),
            signature: req.headers["x-sinch-signature"] as string | undefined
          })
          res.end()
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address() as { port: number }
        resume(Effect.succeed({ url: `http://127.0.0.1:${address.port}/events`, received, server }))
      })
    }
  ),
  ({ server }) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
)

describe("the console", () => {
  // real sockets and the emulator's own timers: the real clock
  layer(Emulator.layer({ active: 50, requestLogSize: 6, orderReviewDelay: "10 minutes" }), {
    excludeTestServices: true
  })("on a running emulator", (it) => {
    it.effect("serves its page with a token and a strict content policy, and the libraries it uses", () =>
      Effect.gen(function*() {
        const e = yield* emulator
        const page = yield* fetchOf(`${e.baseUrl}/_emulator/console`)
        expect(page.status).toBe(200)
        expect(page.headers["content-type"]).toContain("text/html")
        expect(page.headers["content-security-policy"]).toContain("default-src 'self'")
        expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'")
        expect(page.text).toMatch(/name="console-token" content="[A-Za-z0-9_-]{32}"/)
        for (const file of ["app.js", "console.css", "vendor/htm-preact.js", "vendor/uPlot.js", "vendor/uPlot.css"]) {
          const asset = yield* fetchOf(`${e.baseUrl}/_emulator/console/${file}`)
          expect(asset.status, file).toBe(200)
          expect(asset.text.length, file).toBeGreaterThan(500)
        }
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/console/vendor/nothing.js`)).status).toBe(404)
      }))

    it.effect("logs API and token requests with every secret masked", () =>
      Effect.gen(function*() {
        const e = yield* emulator
        const token = yield* fetchOf(`${e.baseUrl}/oauth2/token`, {
          method: "POST",
          headers: { authorization: basicAuth(e), "content-type": "application/x-www-form-urlencoded" },
          body: "grant_type=client_credentials"
        })
        const accessToken = token.json.access_token as string
        const hmacSecret = "Z".repeat(40)
        yield* fetchOf(`${e.baseUrl}/v1/projects/${e.projectId}/callbackConfiguration`, {
          method: "PATCH",
          headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
          body: JSON.stringify({ hmacSecret })
        })
        const form = yield* fetchOf(`${e.baseUrl}/oauth2/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `grant_type=client_credentials&client_id=${e.keyId}&client_secret=${Redacted.value(e.keySecret)}`
        })
        expect(form.status).toBe(200)
        const list = yield* fetchOf(`${e.baseUrl}/_emulator/console/api/requests`)
        const rows = list.json.requests as Array<any>
        const last = rows.slice(-3)
        expect(last.map((r) => [r.operation, r.method, r.status])).toEqual([
          ["OAuthToken", "POST", 200],
          ["UpdateCallbackConfiguration", "PATCH", 200],
          ["OAuthToken", "POST", 200]
        ])
        const details = yield* Effect.forEach(
          last,
          (r) => fetchOf(`${e.baseUrl}/_emulator/console/api/requests/${r.id}`)
        )
        const all = details.map((d) => d.text).join("\n")
        for (const secret of [accessToken, hmacSecret, Redacted.value(e.keySecret)]) expect(all).not.toContain(secret)
        expect(all).not.toContain(basicAuth(e).slice(6))
        expect(details[0]!.json.authorization).toBe("Basic •••")
        expect(details[0]!.json.response.body.text).toContain(`"access_token":"•••"`)
        expect(details[1]!.json.authorization).toBe("Bearer •••")
        expect(details[1]!.json.request.body.text).toContain(`"hmacSecret":"•••"`)
        expect(details[2]!.json.request.body.text).toContain("client_secret=•••")
        expect(details[2]!.json.request.body.text).toContain(`client_id=${e.keyId}`)
      }))

    it.effect("keeps only the last N requests, and filters them by operation, status and number", () =>
      Effect.gen(function*() {
        const e = yield* emulator
        const numbers = (yield* api(e, "GET", "activeNumbers?pageSize=3")).json.activeNumbers as Array<any>
        for (const n of numbers) yield* api(e, "GET", `activeNumbers/${encodeURIComponent(n.phoneNumber)}`)
        yield* api(e, "GET", "activeNumbers/+19999999999")
        for (let i = 0; i < 3; i++) yield* api(e, "GET", "availableRegions")
        const list = yield* fetchOf(`${e.baseUrl}/_emulator/console/api/requests`)
        expect(list.json.capacity).toBe(6)
        const ids = (list.json.requests as Array<any>).map((r) => r.id as number)
        expect(ids).toHaveLength(6)
        expect(ids).toEqual(ids.map((_, i) => ids[0]! + i))
        // what fell out of the ring is gone, with a clear 404
        const gone = yield* fetchOf(`${e.baseUrl}/_emulator/console/api/requests/${ids[0]! - 1}`)
        expect(gone.status).toBe(404)
        expect(gone.json.error.message).toContain("keeps the last 6")
        const query = (q: string) =>
          Effect.map(
            fetchOf(`${e.baseUrl}/_emulator/console/api/requests?${q}`),
            (a) => (a.json.requests as Array<any>).map((r) => `${r.operation} ${r.status}`)
          )
        expect(yield* query("status=404")).toEqual(["GetActiveNumber 404"])
        expect(yield* query("status=2xx&operation=ListAvailableRegions")).toHaveLength(3)
        const digits = numbers[2].phoneNumber.slice(-6)
        expect(yield* query(`number=${digits}`)).toEqual(["GetActiveNumber 200"])
      }))

    it.effect("streams new requests as Server-Sent Events", () =>
      Effect.gen(function*() {
        const e = yield* emulator
        const events = yield* Effect.async<string>((resume) => {
          let text = ""
          const request = Http.get(`${e.baseUrl}/_emulator/console/api/requests/stream`, (res) => {
            expect(res.headers["content-type"]).toContain("text/event-stream")
            res.on("data", (chunk: Buffer) => {
              text += chunk.toString("utf8")
              if (text.includes("event: requests")) {
                request.destroy()
                resume(Effect.succeed(text))
              }
            })
            // the stream is open: make a request for it to report
            void send(`${e.baseUrl}/v1/projects/${e.projectId}/availableRegions`, {
              headers: { authorization: basicAuth(e) }
            })
          })
          return Effect.sync(() => request.destroy())
        }).pipe(Effect.timeout("10 seconds"))
        const data = /event: requests\ndata: (.*)\n/.exec(events)![1]!
        const batch = JSON.parse(data) as { requests: Array<any> }
        expect(batch.requests.map((r) => r.operation)).toContain("ListAvailableRegions")
      }))

    it.effect("approve, reject and block end a review as the emulator's own review does, callbacks included", () =>
      Effect.scoped(Effect.gen(function*() {
        const e = yield* emulator
        const token = yield* tokenOf(e)
        const hooks = yield* callbackServer
        const approved = yield* orderInReview(e, hooks.url)
        const queue = yield* fetchOf(`${e.baseUrl}/_emulator/console/api/orders`)
        expect(queue.json.orders[0]).toMatchObject({ idNumberOrder: approved.id, state: "IN_REVIEW" })
        const done = yield* consoleCall(e, "POST", `/orders/${approved.id}/review`, token, {
          verdict: "COMPLETED",
          reason: "looks fine"
        })
        expect(done.status).toBe(200)
        expect(done.json.state).toBe("COMPLETED")
        expect((yield* api(e, "GET", `numberOrders/${approved.id}`)).json.state).toBe("COMPLETED")
        expect((yield* api(e, "GET", `activeNumbers/${encodeURIComponent(approved.phone)}`)).status).toBe(200)
        // the callback a real review sends, signed
        yield* Effect.promise(async () => {
          for (let i = 0; i < 100 && !hooks.received.some((r) => r.body.includes("COMPLETED")); i++) {
            await new Promise((r) => setTimeout(r, 50))
          }
        })
        const event = hooks.received.find((r) => r.body.includes("COMPLETED"))!
        expect(JSON.parse(event.body)).toMatchObject({ resourceId: approved.id, status: "COMPLETED" })
        expect(event.signature).toMatch(/^[0-9a-f]{40}$/)

        const rejected = yield* orderInReview(e)
        const no = yield* consoleCall(e, "POST", `/orders/${rejected.id}/review`, token, {
          verdict: "REJECTED",
          reason: "no business documents"
        })
        expect(no.json.state).toBe("REJECTED")
        const orders = (yield* fetchOf(`${e.baseUrl}/_emulator/console/api/orders`)).json.orders as Array<any>
        expect(orders.find((o) => o.idNumberOrder === rejected.id).logs.at(-1).message).toBe("no business documents")
        // the rejected order's number is available again
        expect((yield* api(e, "GET", `availableNumbers/${encodeURIComponent(rejected.phone)}`)).status).toBe(200)

        const blocked = yield* orderInReview(e)
        const held = yield* consoleCall(e, "POST", `/orders/${blocked.id}/review`, token, { verdict: "BLOCKED" })
        expect(held.json.state).toBe("BLOCKED")
        // an order no longer in review cannot be reviewed again
        const again = yield* consoleCall(e, "POST", `/orders/${blocked.id}/review`, token, { verdict: "COMPLETED" })
        expect(again.status).toBe(400)
        expect(again.text).toContain("only an order IN_REVIEW")

        // re-deliver the COMPLETED event: the same payload, to the same URL
        const deliveries = (yield* fetchOf(`${e.baseUrl}/_emulator/console/api/callbacks`)).json.deliveries as Array<
          any
        >
        const index = deliveries.findIndex((d) => d.payload?.status === "COMPLETED")
        expect(index).toBeGreaterThanOrEqual(0)
        const before = hooks.received.length
        const again2 = yield* consoleCall(e, "POST", "/callbacks/redeliver", token, { index })
        expect(again2.status).toBe(200)
        expect(again2.json.status).toBe("delivered")
        expect(hooks.received.length).toBe(before + 1)
        expect(hooks.received.at(-1)!.body).toBe(deliveries[index].body)
      })))

    it.effect("a fault switched on in the console is the next request's, and the log names it", () =>
      Effect.gen(function*() {
        const e = yield* emulator
        const token = yield* tokenOf(e)
        const put = yield* consoleCall(e, "PUT", "/faults", token, {
          operations: { ListAvailableRegions: { rate: 1, statuses: [503] } }
        })
        expect(put.status).toBe(200)
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/faults`)).json).toEqual(put.json)
        expect((yield* api(e, "GET", "availableRegions")).status).toBe(503)
        const rows = (yield* fetchOf(`${e.baseUrl}/_emulator/console/api/requests`)).json.requests as Array<any>
        expect(rows.at(-1)).toMatchObject({ operation: "ListAvailableRegions", status: 503, fault: "status 503" })
        // a misspelt rule is refused, not ignored: the same document as /_emulator/faults
        const wrong = yield* consoleCall(e, "PUT", "/faults", token, { operations: { Nope: { rate: 1 } } })
        expect(wrong.status).toBe(400)
        expect((yield* consoleCall(e, "POST", "/reset", token)).status).toBe(200)
        expect((yield* api(e, "GET", "availableRegions")).status).toBe(200)
      }))

    it.effect("a rate limit set in the console holds at once; a forged origin cannot set one", () =>
      Effect.gen(function*() {
        const e = yield* emulator
        const token = yield* tokenOf(e)
        const shown = (yield* fetchOf(`${e.baseUrl}/_emulator/console/api/faults`)).json.rateLimits
        expect(shown).toEqual({ authBurstLimit: null, rateLimit: null })
        const put = yield* consoleCall(e, "PUT", "/limits", token, { rateLimit: { burst: 1, perSecond: 0.1 } })
        expect(put.status).toBe(200)
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/limits`)).json).toEqual(put.json)
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/console/api/faults`)).json.rateLimits).toEqual(put.json)
        expect((yield* api(e, "GET", "availableRegions")).status).toBe(200)
        expect((yield* api(e, "GET", "availableRegions")).status).toBe(429)
        const rows = (yield* fetchOf(`${e.baseUrl}/_emulator/console/api/requests`)).json.requests as Array<any>
        expect(rows.at(-1)).toMatchObject({
          operation: "ListAvailableRegions",
          status: 429,
          fault: "rate limit (emulator)"
        })
        // another origin is refused, and the limit stays as it was
        const forged = yield* fetchOf(`${e.baseUrl}/_emulator/console/api/limits`, {
          method: "PUT",
          headers: { origin: "http://evil.example", "content-type": "application/json", "x-console-token": token },
          body: JSON.stringify({ rateLimit: null })
        })
        expect(forged.status).toBe(403)
        const wrong = yield* consoleCall(e, "PUT", "/limits", token, { rateLimit: { burst: 1.5, perSecond: 1 } })
        expect(wrong.status).toBe(400)
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/limits`)).json).toEqual(put.json)
        expect((yield* consoleCall(e, "POST", "/reset", token)).status).toBe(200)
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/limits`)).json).toEqual({
          authBurstLimit: null,
          rateLimit: null
        })
        expect((yield* api(e, "GET", "availableRegions")).status).toBe(200)
      }))

    it.effect("pages the inventory from the server, finds a number, shows its detail", () =>
      Effect.gen(function*() {
        const e = yield* emulator
        const page = (q: string) =>
          Effect.map(fetchOf(`${e.baseUrl}/_emulator/console/api/numbers?${q}`), (a) => a.json)
        const first = yield* page("size=20")
        expect(first.total).toBe(50)
        expect(first.numbers).toHaveLength(20)
        const second = yield* page(`size=20&after=${encodeURIComponent(first.next)}`)
        const third = yield* page(`size=20&after=${encodeURIComponent(second.next)}`)
        expect(third.next).toBeNull()
        const all = [...first.numbers, ...second.numbers, ...third.numbers].map((n: any) => n.phoneNumber)
        expect(new Set(all).size).toBe(50)
        expect([...all].sort()).toEqual(all)
        const wanted = all[37]!
        const found = yield* page(`search=${wanted.slice(1)}`)
        expect(found.numbers.map((n: any) => n.phoneNumber)).toEqual([wanted])
        const detail = yield* fetchOf(`${e.baseUrl}/_emulator/console/api/numbers/${encodeURIComponent(wanted)}`)
        expect(detail.json).toMatchObject({ phoneNumber: wanted, projectId: e.projectId })
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/console/api/numbers/%2B10000000000`)).status).toBe(404)
      }))

    it.effect("refuses other origins, API credentials, a foreign Host, bad JSON, huge bodies, unknown ids", () =>
      Effect.gen(function*() {
        const e = yield* emulator
        const token = yield* tokenOf(e)
        const reset = `${e.baseUrl}/_emulator/console/api/reset`
        const refused = (headers: Record<string, string>, body?: string) =>
          Effect.map(fetchOf(reset, { method: "POST", headers, ...(body === undefined ? {} : { body }) }), (a) => {
            expect(a.json.error.message.length).toBeGreaterThan(10)
            return a.status
          })
        // a page elsewhere, even one that somehow had the token
        expect(yield* refused({ origin: "http://evil.example", "x-console-token": token })).toBe(403)
        expect(yield* refused({ "sec-fetch-site": "cross-site", "x-console-token": token })).toBe(403)
        // no token: not the console's page
        expect(yield* refused({ origin: e.baseUrl })).toBe(403)
        expect(yield* refused({ origin: e.baseUrl, "x-console-token": "guess" })).toBe(403)
        // the API's credentials open nothing here
        expect(yield* refused({ authorization: basicAuth(e), "x-console-token": token })).toBe(403)
        expect(
          (yield* fetchOf(`${e.baseUrl}/_emulator/console/api/requests`, {
            headers: { authorization: basicAuth(e) }
          })).status
        ).toBe(403)
        // DNS rebinding: a name that resolves to loopback is still not a loopback Host
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/console`, { headers: { host: "attacker.example" } })).status)
          .toBe(403)
        // and the console's token opens no API
        const viaToken = yield* fetchOf(`${e.baseUrl}/v1/projects/${e.projectId}/activeNumbers`, {
          headers: { "x-console-token": token }
        })
        expect(viaToken.status).toBe(401)

        const faults = `${e.baseUrl}/_emulator/console/api/faults`
        const good = { origin: e.baseUrl, "x-console-token": token }
        const badJson = yield* fetchOf(faults, { method: "PUT", headers: good, body: "{not json" })
        expect(badJson.status).toBe(400)
        expect(badJson.json.error.message).toContain("not JSON")
        const huge = yield* fetchOf(faults, { method: "PUT", headers: good, body: `{"x":"${"a".repeat(100_000)}"}` })
        expect(huge.status).toBe(413)
        const chunked = yield* fetchOf(faults, {
          method: "PUT",
          headers: { ...good, "transfer-encoding": "chunked" },
          body: `{"x":"${"a".repeat(100_000)}"}`
        })
        expect(chunked.status).toBe(413)
        const unknown = yield* fetchOf(`${e.baseUrl}/_emulator/console/api/orders/no-such-order/review`, {
          method: "POST",
          headers: good,
          body: JSON.stringify({ verdict: "COMPLETED" })
        })
        expect(unknown.status).toBe(404)
        const badVerdict = yield* fetchOf(`${e.baseUrl}/_emulator/console/api/orders/x/review`, {
          method: "POST",
          headers: good,
          body: JSON.stringify({ verdict: "MAYBE" })
        })
        expect(badVerdict.status).toBe(400)
        const badIndex = yield* fetchOf(`${e.baseUrl}/_emulator/console/api/callbacks/redeliver`, {
          method: "POST",
          headers: good,
          body: JSON.stringify({ index: 999_999 })
        })
        expect(badIndex.status).toBe(404)
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/console/api/nothing`)).status).toBe(404)
        // still serving, API and console alike
        expect((yield* api(e, "GET", "activeNumbers")).status).toBe(200)
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/console/api/requests`)).status).toBe(200)
      }))
  })

  layer(Emulator.layer({ console: false }), { excludeTestServices: true })("turned off", (it) => {
    it.effect("serves no console and logs nothing", () =>
      Effect.gen(function*() {
        const e = yield* emulator
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/console`)).status).toBe(404)
        expect((yield* fetchOf(`${e.baseUrl}/_emulator/console/api/requests`)).status).toBe(404)
        expect((yield* api(e, "GET", "activeNumbers")).status).toBe(200)
      }))
  })
})
