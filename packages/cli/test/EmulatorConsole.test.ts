// The emulator's console in a real browser (Debian's chromium, driven by playwright-core): requests an SDK program
// makes appear live, an order approved or rejected in the page ends `sinch-numbers orders wait` with 0 or 9, a fault
// switched on in the page fails the next SDK call with its typed error, a million numbers page from the server, and
// axe-core finds no serious accessibility violation in any view. Each view's screenshot goes to build/console.
import { SinchAuth } from "@effect-sinch/auth"
import { Emulator } from "@effect-sinch/emulator"
import { NumbersClient } from "@effect-sinch/numbers"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { expect, layer } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Http from "node:http"
import type { Page } from "playwright-core"
import { ExitCode } from "../src/ExitCode.js"
import * as Browser from "./fixtures/Browser.js"
import * as Cli from "./fixtures/Cli.js"

/** The emulator, the SDK pointed at it (no retries: a fault shows at once), and a browser. */
class Fixture extends Context.Tag("test/Fixture")<Fixture, {
  readonly emulator: Emulator.Service
  readonly numbers: NumbersClient.Service
  readonly page: Page
  readonly hooks: { readonly url: string; readonly received: Array<string> }
}>() {}

/** A loopback server that records the callbacks posted to it. */
const callbackServer = Effect.acquireRelease(
  Effect.async<{ url: string; received: Array<string>; server: Http.Server }>((resume) => {
    const received: Array<string> = []
    const server = Http.createServer((req, res) => {
      let body = ""
      req.on("data", (c: Buffer) => body += c.toString("utf8"))
      req.on("end", () => {
        received.push(body)
        res.end()
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      resume(Effect.succeed({ url: `http://127.0.0.1:${port}/events`, received, server }))
    })
  }),
  ({ server }) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
)

const FixtureLive = Layer.scoped(
  Fixture,
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const client = yield* Layer.build(
      NumbersClient.layer({ projectId: emulator.projectId, baseUrl: emulator.baseUrl, retrySchedule: "off" }).pipe(
        Layer.provide(
          SinchAuth.layerOAuth({ keyId: emulator.keyId, keySecret: emulator.keySecret, tokenUrl: emulator.tokenUrl })
        )
      )
    )
    const numbers = Context.get(client, NumbersClient.NumbersClient)
    const { page } = yield* Browser.page
    const hooks = yield* callbackServer
    return { emulator, numbers, page, hooks }
  })
).pipe(
  Layer.provideMerge(Emulator.layer({ active: 1_000_000, orderReviewDelay: "10 minutes", seed: 3 })),
  Layer.provide(NodeHttpClient.layerUndici)
)

const open = (page: Page, emulator: Emulator.Service, view: string) =>
  Effect.promise(async () => {
    await page.goto(`${emulator.baseUrl}/_emulator/console#${view}`)
    await page.getByRole("heading", { level: 2 }).first().waitFor()
  })

const step = <A>(f: () => Promise<A>) => Effect.promise(f)

/** An order of one available US number with a callback URL, submitted: IN_REVIEW until someone reviews it. */
const orderInReview = (numbers: NumbersClient.Service, callbackUrl: string, pick: number) =>
  Effect.gen(function*() {
    const found = yield* numbers.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: pick + 1 })
    const phoneNumber = found.availableNumbers[pick]!.phoneNumber!
    const order = yield* numbers.createNumberOrder({
      regionCode: "US",
      numberType: "LOCAL",
      numberOrderOption: { phoneNumbers: [phoneNumber] },
      callbackUrl
    })
    const submitted = yield* numbers.submitNumberOrder(order.idNumberOrder!)
    expect(submitted.state).toBe("IN_REVIEW")
    return order.idNumberOrder!
  }).pipe(Effect.orDie)

Browser.describeWithChromium("the emulator's console in a browser", () => {
  layer(FixtureLive, { excludeTestServices: true, timeout: 60_000 })((it) => {
    it.effect("an SDK program's requests appear live, secrets masked", () =>
      Effect.gen(function*() {
        const { emulator, numbers, page } = yield* Fixture
        yield* open(page, emulator, "requests")
        yield* step(() => page.getByText(/^Live: showing/).waitFor())
        const first = yield* numbers.listActiveNumbersPage({ pageSize: 5 }).pipe(Effect.orDie)
        const phoneNumber = first.activeNumbers[0]!.phoneNumber!
        const missing = yield* Effect.flip(numbers.getActiveNumber("+19999999999"))
        expect(missing._tag).toBe("NotFound")
        yield* numbers.getActiveNumber(phoneNumber).pipe(Effect.orDie)
        yield* numbers.listAvailableRegions({}).pipe(Effect.orDie)
        // no reload: the rows come over the event stream
        // the number that was found, not the 404 (the two rows may arrive over the stream in either order)
        const row = page.locator(`tr[data-operation="GetActiveNumber"]`, { hasText: phoneNumber.slice(1) }).first()
        yield* step(() => row.waitFor())
        expect(yield* step(() => row.innerText())).toContain(phoneNumber.slice(1))
        yield* step(() => page.locator(`tr[data-operation="OAuthToken"]`).first().waitFor())
        yield* step(() => row.getByRole("button").click())
        const detail = page.getByRole("region", { name: "Request detail" })
        yield* step(() => detail.getByText("Bearer •••").waitFor())
        expect(yield* step(() => detail.innerText())).toContain(phoneNumber)
        // filter by operation: only those rows stay
        yield* step(() => page.getByLabel("Operation").fill("ListActiveNumbers"))
        yield* step(() => page.getByLabel("Operation").press("Enter"))
        yield* step(() => page.locator(`tr[data-operation="GetActiveNumber"]`).first().waitFor({ state: "detached" }))
        expect(yield* step(() => page.locator(`tr[data-operation="ListActiveNumbers"]`).count())).toBeGreaterThan(0)
        yield* step(() => page.getByLabel("Operation").fill(""))
        yield* step(() => page.getByLabel("Operation").press("Enter"))
        yield* Browser.screenshot(page, "requests")
        expect(yield* step(() => Browser.seriousViolations(page))).toEqual([])
      }))

    it.effect("approve in the page: orders wait exits 0; reject: it exits 9; the callbacks go out", () =>
      Effect.gen(function*() {
        const { emulator, hooks, numbers, page } = yield* Fixture
        const approved = yield* orderInReview(numbers, hooks.url, 1)
        const rejected = yield* orderInReview(numbers, hooks.url, 2)
        const env = Cli.envFor(emulator)
        const waitApproved = Cli.collect(Cli.spawn(["orders", "wait", approved, "--interval", "1"], env))
        const waitRejected = Cli.collect(Cli.spawn(["orders", "wait", rejected, "--interval", "1"], env))
        yield* open(page, emulator, "orders")
        const approvedRow = page.locator(`tr[data-order="${approved}"]`)
        const rejectedRow = page.locator(`tr[data-order="${rejected}"]`)
        yield* step(() => approvedRow.getByRole("button", { name: "Approve" }).waitFor())
        yield* Browser.screenshot(page, "orders")
        expect(yield* step(() => Browser.seriousViolations(page))).toEqual([])
        yield* step(() => approvedRow.getByRole("button", { name: "Approve" }).click())
        yield* step(() => approvedRow.getByText("COMPLETED").waitFor())
        yield* step(() => rejectedRow.getByLabel(`Reason for ${rejected}`).fill("the documents do not match"))
        yield* step(() => rejectedRow.getByRole("button", { name: "Reject" }).click())
        yield* step(() => rejectedRow.getByText("the documents do not match").waitFor())
        const [ranApproved, ranRejected] = yield* step(() => Promise.all([waitApproved, waitRejected]))
        expect(ranApproved.code, ranApproved.stderr).toBe(0)
        expect(ranRejected.code, ranRejected.stderr).toBe(ExitCode.Incomplete)
        expect(ExitCode.Incomplete).toBe(9)
        expect((yield* numbers.getNumberOrder(approved).pipe(Effect.orDie)).state).toBe("COMPLETED")
        expect((yield* numbers.getNumberOrder(rejected).pipe(Effect.orDie)).state).toBe("REJECTED")
        // the callbacks a real review fires, listed in the page
        yield* open(page, emulator, "callbacks")
        const completed = page.getByRole("button", { name: /NUMBER_ORDER_PROCESSING COMPLETED/ }).first()
        yield* step(() => completed.waitFor())
        yield* step(() => completed.click())
        yield* step(() => page.getByText(/X-Sinch-Signature: [0-9a-f]{40}/).waitFor())
        expect(hooks.received.some((body) => body.includes(approved) && body.includes("COMPLETED"))).toBe(true)
        const before = hooks.received.length
        yield* step(() => page.getByRole("button", { name: "Re-deliver" }).first().click())
        yield* step(() => page.getByText(/Re-deliver \d+: done/).waitFor())
        expect(hooks.received.length).toBe(before + 1)
        yield* Browser.screenshot(page, "callbacks")
        expect(yield* step(() => Browser.seriousViolations(page))).toEqual([])
      }))

    it.effect("a fault switched on in the page fails the next SDK call with its typed error", () =>
      Effect.gen(function*() {
        const { emulator, numbers, page } = yield* Fixture
        const phoneNumber = (yield* numbers.listActiveNumbersPage({ pageSize: 1 }).pipe(Effect.orDie))
          .activeNumbers[0]!.phoneNumber!
        yield* open(page, emulator, "faults")
        yield* step(() => page.getByLabel("Operation").selectOption("GetActiveNumber"))
        yield* step(() => page.getByLabel("Status").selectOption("503"))
        yield* step(() => page.getByLabel("Rate (0 to 1)").fill("1"))
        yield* step(() => page.getByRole("button", { name: "Add the fault" }).click())
        yield* step(() => page.getByText("Save the faults: done").waitFor())
        yield* Browser.screenshot(page, "faults")
        expect(yield* step(() => Browser.seriousViolations(page))).toEqual([])
        const failed = yield* Effect.flip(numbers.getActiveNumber(phoneNumber))
        expect(failed._tag).toBe("ServerError")
        expect(failed._tag === "ServerError" && failed.status).toBe(503)
        // other operations are untouched, and clearing the faults in the page heals this one
        yield* numbers.listActiveNumbersPage({ pageSize: 1 }).pipe(Effect.orDie)
        yield* step(() => page.getByRole("button", { name: "Clear all faults" }).click())
        yield* step(() => page.getByText("Save the faults: done").waitFor())
        expect((yield* numbers.getActiveNumber(phoneNumber).pipe(Effect.orDie)).phoneNumber).toBe(phoneNumber)
      }))

    it.effect("a rate limit set in the page throttles the next SDK calls with RateLimited, and lifts", () =>
      Effect.gen(function*() {
        const { emulator, numbers, page } = yield* Fixture
        yield* open(page, emulator, "faults")
        const api = page.getByRole("group", { name: /Numbers API requests/ })
        yield* step(() => api.getByLabel("On", { exact: true }).check())
        yield* step(() => api.getByLabel("Burst").fill("1"))
        yield* step(() => api.getByLabel("Per second").fill("0.05"))
        yield* step(() => page.getByRole("button", { name: "Save the limits" }).click())
        yield* step(() => page.getByText("Save the limits: done").waitFor())
        expect(yield* emulator.limits).toMatchObject({ rateLimit: { burst: 1, perSecond: 0.05 } })
        expect(yield* step(() => Browser.seriousViolations(page))).toEqual([])
        // the bucket starts full: one call passes, the next is refused with the emulator's Retry-After
        yield* numbers.listActiveNumbersPage({ pageSize: 1 }).pipe(Effect.orDie)
        const refused = yield* Effect.flip(numbers.listActiveNumbersPage({ pageSize: 1 }))
        expect(refused._tag).toBe("RateLimited")
        expect(refused._tag === "RateLimited" && refused.retryAfter && Duration.toSeconds(refused.retryAfter)).toBe(20)
        yield* step(() => api.getByLabel("On", { exact: true }).uncheck())
        yield* step(() => page.getByRole("button", { name: "Save the limits" }).click())
        yield* step(() => page.getByText("Save the limits: done").waitFor())
        expect((yield* numbers.listActiveNumbersPage({ pageSize: 1 }).pipe(Effect.orDie)).activeNumbers).toHaveLength(1)
      }))

    it.effect("a million active numbers page from the server, a number is found and shown", () =>
      Effect.gen(function*() {
        const { emulator, page } = yield* Fixture
        yield* open(page, emulator, "numbers")
        const position = page.locator("#numbers-position")
        yield* step(() => page.getByText(/numbers 1 to 50 of 1,000,00\d$/).waitFor())
        const rows = page.getByRole("table", { name: "Active numbers" }).locator("tbody tr")
        expect(yield* step(() => rows.count())).toBe(50)
        const timings: Array<number> = []
        for (let n = 2; n <= 6; n++) {
          const started = performance.now()
          yield* step(() => page.getByRole("button", { name: "Next page" }).click())
          yield* step(() => page.getByText(`Page ${n}: numbers ${(n - 1) * 50 + 1} to ${n * 50} of 1,000,00`).waitFor())
          timings.push(performance.now() - started)
        }
        // a page is one server round trip, and the page holds only that page
        expect(Math.max(...timings)).toBeLessThan(3000)
        expect(yield* step(() => rows.count())).toBe(50)
        yield* Browser.screenshot(page, "numbers")
        yield* step(() => page.getByRole("button", { name: "Previous page" }).click())
        yield* step(() => position.getByText(/^Page 5: numbers 201 to 250/).waitFor())
        const wanted = yield* step(() => rows.nth(17).getByRole("button").innerText())
        yield* step(() => page.getByLabel("Search by number").fill(wanted.slice(1)))
        yield* step(() => page.getByRole("button", { name: "Search" }).click())
        yield* step(() => page.getByText(/^Page 1: numbers 1 to 1$/).waitFor())
        yield* step(() => rows.first().getByRole("button", { name: wanted }).click())
        const detail = page.getByRole("region", { name: "Number detail" })
        yield* step(() => detail.getByRole("heading", { name: wanted }).waitFor())
        expect(yield* step(() => detail.innerText())).toContain("smsConfiguration")
        yield* Browser.screenshot(page, "number-detail")
        expect(yield* step(() => Browser.seriousViolations(page))).toEqual([])
      }))

    it.effect("the stats view charts requests per second and counts statuses", () =>
      Effect.gen(function*() {
        const { emulator, page } = yield* Fixture
        yield* open(page, emulator, "stats")
        yield* step(() => page.locator(".chart canvas").waitFor())
        yield* step(() =>
          page.getByRole("table", { name: "Requests by operation and status" }).getByText("GetActiveNumber").waitFor()
        )
        expect(yield* step(() => page.getByRole("img").getAttribute("aria-label"))).toMatch(
          /[1-9]\d* in the last minute/
        )
        yield* Browser.screenshot(page, "stats")
        expect(yield* step(() => Browser.seriousViolations(page))).toEqual([])
      }))
  })
})
