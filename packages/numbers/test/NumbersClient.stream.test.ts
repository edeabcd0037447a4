import { SinchAuth } from "@effect-sinch/auth"
import { Emulator, Faults } from "@effect-sinch/emulator"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it, layer } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as NumbersClient from "../src/NumbersClient.js"
import type * as NumbersError from "../src/NumbersError.js"
import { inProcess, overHttp } from "./support/emulator.js"
import type { Reply } from "./support/scriptedServer.js"
import { eventually, scriptedServer } from "./support/scriptedServer.js"

const listRequests = (stats: Emulator.Stats) =>
  Object.values(stats.requests["ListActiveNumbers"] ?? {}).reduce((a, b) => a + b, 0)

// A page of the 20% faults: statuses, HTML pages, dropped connections and bodies cut short. No malformed 2xx JSON:
// that is not retried (see the retry suite), so it would end the stream by design.
const faulty = new Faults.Faults({
  operations: {
    ListActiveNumbers: new Faults.FaultRule({
      rate: 0.08,
      statuses: [429, 500, 502, 503, 504],
      retryAfter: 0,
      htmlError: 0.04,
      dropBeforeResponse: 0.04,
      dropMidBody: 0.04
    })
  }
})

const everyNumberOnceInOrder = (numbers: ReadonlyArray<{ readonly phoneNumber: string }>, expected: number) => {
  expect(numbers.length).toBe(expected)
  let ordered = true
  for (let i = 1; i < numbers.length; i++) {
    if (!(numbers[i - 1]!.phoneNumber < numbers[i]!.phoneNumber)) ordered = false
  }
  // Strictly increasing: in order, and no number twice.
  expect(ordered).toBe(true)
}

const bigStream = (live: "http" | "in-process") =>
  layer(
    (live === "http" ? overHttp : inProcess)({ active: 200_000 }, { retrySchedule: Schedule.recurs(20) })
  )(`200,000 numbers under 20% faults (${live})`, (it) => {
    it.effect("every number exactly once, in order; each failed page retried on its own", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const client = yield* NumbersClient.NumbersClient
        yield* emulator.setFaults(faulty)
        const numbers = yield* Stream.runCollect(
          client.listActiveNumbers({ pageSize: 1000, orderBy: "phoneNumber" }).pipe(
            Stream.mapChunks((chunk) => Chunk.map(chunk, (n) => ({ phoneNumber: n.phoneNumber! })))
          )
        )
        everyNumberOnceInOrder(Chunk.toReadonlyArray(numbers), 200_000)
        const stats = yield* emulator.stats
        // The faults did happen, and were retried page by page: 200 pages plus one request per fault.
        expect(stats.faultsInjected).toBeGreaterThan(20)
        expect(listRequests(stats)).toBe(200 + stats.faultsInjected)
      }), 60_000)
  })

describe("NumbersClient.listActiveNumbers", () => {
  bigStream("http")
  bigStream("in-process")

  layer(overHttp({ active: 50 }, { retrySchedule: "off" }))("laziness and read-ahead", (it) => {
    it.effect("nothing is requested until the stream is run; taking a few numbers reads at most one page ahead", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const client = yield* NumbersClient.NumbersClient
        yield* emulator.reset
        const stream = client.listActiveNumbers({ pageSize: 5 })
        expect(listRequests(yield* emulator.stats)).toBe(0)
        const first = yield* Stream.runCollect(Stream.take(stream, 3))
        expect(first.length).toBe(3)
        expect(listRequests(yield* emulator.stats)).toBeLessThanOrEqual(3)
      }))

    it.scoped("while the consumer holds a page, the next one is fetched", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const client = yield* NumbersClient.NumbersClient
        yield* emulator.reset
        const pull = yield* Stream.toPull(client.listActiveNumbers({ pageSize: 10 }))
        const chunk = yield* pull
        expect(chunk.length).toBe(10)
        // The consumer does nothing more: the producer reads ahead, and stops there.
        const ahead = yield* eventually(() => false, 200).pipe(Effect.zipRight(emulator.stats))
        expect(listRequests(ahead)).toBeGreaterThanOrEqual(2)
        expect(listRequests(ahead)).toBeLessThanOrEqual(3)
        const rest = yield* Stream.runCollect(Stream.fromPull(Effect.succeed(pull)))
        expect(chunk.length + rest.length).toBe(50)
      }))
  })

  describe("against a scripted server", () => {
    const page = (numbers: ReadonlyArray<string>, nextPageToken?: string): Reply => ({
      status: 200,
      body: {
        activeNumbers: numbers.map((phoneNumber) => ({ phoneNumber })),
        ...(nextPageToken === undefined ? {} : { nextPageToken }),
        totalSize: 99
      }
    })

    const clientFor = (url: string, options: Omit<NumbersClient.Options, "projectId" | "baseUrl"> = {}) =>
      Layer.build(
        NumbersClient.layer({ projectId: "project", baseUrl: url, ...options }).pipe(
          Layer.provide(SinchAuth.layerOAuth({ keyId: "key", keySecret: "secret", tokenUrl: `${url}/oauth2/token` })),
          Layer.provide(NodeHttpClient.layerUndici)
        )
      ).pipe(Effect.map(Context.get(NumbersClient.NumbersClient)))

    const token = "a+b/c=d e%2B&x=?#é"

    it.live("an empty page with a token continues; tokens round-trip byte for byte", () =>
      Effect.gen(function*() {
        const server = yield* scriptedServer((request) => {
          const pageToken = request.url.searchParams.get("pageToken")
          if (pageToken === null) return page(["+1001", "+1002"], token)
          if (pageToken === token) return page([], "second")
          if (pageToken === "second") return page(["+1003"], "")
          return { status: 400, body: { error: { code: 400, message: "bad token", status: "INVALID_ARGUMENT" } } }
        })
        const client = yield* clientFor(server.url)
        const numbers = yield* Stream.runCollect(
          client.listActiveNumbers({ regionCode: "US", capabilities: ["SMS", "VOICE"] })
        )
        expect(Chunk.toReadonlyArray(numbers).map((n) => n.phoneNumber)).toEqual(["+1001", "+1002", "+1003"])
        expect(server.requests.map((r) => r.url.searchParams.get("pageToken"))).toEqual([null, token, "second"])
        // Filters ride along on every page, capabilities as the repeated key `capability`.
        for (const request of server.requests) {
          expect(request.url.searchParams.get("regionCode")).toBe("US")
          expect(request.url.searchParams.getAll("capability")).toEqual(["SMS", "VOICE"])
        }
        // Encoded, not raw: a "+" in the raw query would read as a space.
        expect(server.requests[1]!.url.search).toContain("pageToken=a%2Bb%2Fc%3Dd+e%252B%26x%3D%3F%23%C3%A9")

        const again = yield* client.listActiveNumbersPage({ pageToken: token })
        expect(again.activeNumbers).toEqual([])
        expect(again.nextPageToken).toEqual(Option.some("second"))
      }).pipe(Effect.scoped))

    it.live("a page token that comes back fails with PageTokenRepeated after the pages before it", () =>
      Effect.gen(function*() {
        const server = yield* scriptedServer((request) => {
          const pageToken = request.url.searchParams.get("pageToken")
          return pageToken === null
            ? page(["+1001"], "A")
            : pageToken === "A"
            ? page(["+1002"], "B")
            : page(["+1003"], "A")
        })
        const client = yield* clientFor(server.url)
        const seen: Array<string> = []
        const error = yield* Effect.flip(
          Stream.runForEach(client.listActiveNumbers(), (n) => Effect.sync(() => seen.push(n.phoneNumber!)))
        )
        expect(error._tag).toBe("PageTokenRepeated")
        expect((error as NumbersError.PageTokenRepeated).pageToken).toBe("A")
        expect((error as NumbersError.PageTokenRepeated).pages).toBe(3)
        expect(seen).toEqual(["+1001", "+1002", "+1003"])
        expect(server.requests).toHaveLength(3)
      }).pipe(Effect.scoped))

    it.live("a page that keeps failing ends the stream with its error, after the numbers before it", () =>
      Effect.gen(function*() {
        const server = yield* scriptedServer((request) =>
          request.url.searchParams.get("pageToken") === null
            ? page(["+1001", "+1002"], "next")
            : { status: 503, body: { error: { code: 503, message: "", status: "UNAVAILABLE" } } }
        )
        const client = yield* clientFor(server.url, { retrySchedule: Schedule.recurs(2) })
        const seen: Array<string> = []
        const error = yield* Effect.flip(
          Stream.runForEach(client.listActiveNumbers(), (n) => Effect.sync(() => seen.push(n.phoneNumber!)))
        )
        expect(error._tag).toBe("ServerError")
        expect((error as NumbersError.ServerError).attempts).toBe(3)
        expect(seen).toEqual(["+1001", "+1002"])
        expect(server.requests).toHaveLength(4)
      }).pipe(Effect.scoped))

    it.live("interrupting a stream mid-page leaves no request running", () =>
      Effect.gen(function*() {
        const server = yield* scriptedServer((request) =>
          request.url.searchParams.get("pageToken") === null ? page(["+1001"], "next") : "hang"
        )
        const client = yield* clientFor(server.url)
        const fiber = yield* Effect.fork(Stream.runDrain(client.listActiveNumbers()))
        expect(yield* eventually(() => server.requests.length === 2 && server.inFlight() === 1)).toBe(true)
        const exit = yield* Fiber.interrupt(fiber)
        expect(Exit.isInterrupted(exit)).toBe(true)
        expect(yield* eventually(() => server.inFlight() === 0)).toBe(true)
        expect(server.aborted()).toBe(1)
        expect(server.requests).toHaveLength(2)
      }).pipe(Effect.scoped))
  })
})
