import { Emulator, Faults } from "@effect-sinch/emulator"
import { describe, expect, it, layer } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as NumbersClient from "../src/NumbersClient.js"
import { inProcess } from "./support/emulator.js"
import { json, stubClient } from "./support/stubHttp.js"

const phones = (numbers: Chunk.Chunk<{ readonly phoneNumber?: string | undefined }>) =>
  Chunk.toReadonlyArray(numbers).map((n) => n.phoneNumber!)

const listRequests = (stats: Emulator.Stats) =>
  Object.values(stats.requests["ListActiveNumbers"] ?? {}).reduce((a, b) => a + b, 0)

const exactlyOnce = (got: ReadonlyArray<string>, expected: ReadonlyArray<string>) => {
  expect(got.length).toBe(expected.length)
  expect(new Set(got).size).toBe(got.length)
  expect([...got].sort()).toEqual([...expected].sort())
}

layer(inProcess({ active: 30_000 }, { pageRetrySchedule: Schedule.recurs(30) }))(
  "listActiveNumbersPartitioned against the emulator",
  (it) => {
    const setup = Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.reset
      const client = yield* NumbersClient.NumbersClient
      const all = phones(yield* Stream.runCollect(client.listActiveNumbers({ pageSize: 1000 })))
      return { emulator, client, all }
    })

    it.effect("every number exactly once, read in many parts", () =>
      Effect.gen(function*() {
        const { all, client, emulator } = yield* setup
        const before = listRequests(yield* emulator.stats)
        const got = phones(
          yield* Stream.runCollect(
            client.listActiveNumbersPartitioned({ pageSize: 500 }, { maxPartitionSize: 1500, concurrency: 4 })
          )
        )
        exactlyOnce(got, all)
        // It did split: far more requests than the 60 pages of a sequential listing at this page size.
        expect(listRequests(yield* emulator.stats) - before).toBeGreaterThan(60)
      }))

    it.effect("filters ride along, and a START pattern is split within itself", () =>
      Effect.gen(function*() {
        const { client } = yield* setup
        const filters = { regionCode: "US", numberPattern: { pattern: "+1", searchPattern: "START" as const } }
        const expected = phones(yield* Stream.runCollect(client.listActiveNumbers({ ...filters, pageSize: 1000 })))
        expect(expected.length).toBeGreaterThan(1000)
        const got = phones(
          yield* Stream.runCollect(
            client.listActiveNumbersPartitioned({ ...filters, pageSize: 200 }, { maxPartitionSize: 500 })
          )
        )
        exactlyOnce(got, expected)
        expect(got.every((n) => n.startsWith("+1"))).toBe(true)
      }))

    it.effect("a CONTAINS pattern is read sequentially, with the same numbers", () =>
      Effect.gen(function*() {
        const { client } = yield* setup
        const filters = { numberPattern: { pattern: "55", searchPattern: "CONTAINS" as const }, pageSize: 1000 }
        const expected = phones(yield* Stream.runCollect(client.listActiveNumbers(filters)))
        const got = phones(yield* Stream.runCollect(client.listActiveNumbersPartitioned(filters)))
        expect(got).toEqual(expected)
      }))

    it.effect("under 20% faults of every kind: still exactly once", () =>
      Effect.gen(function*() {
        const { all, client, emulator } = yield* setup
        yield* emulator.setFaults(
          new Faults.Faults({
            operations: {
              ListActiveNumbers: new Faults.FaultRule({
                rate: 0.1,
                statuses: [429, 500, 502, 503, 504],
                retryAfter: 0,
                htmlError: 0.03,
                dropBeforeResponse: 0.03,
                dropMidBody: 0.02,
                malformedJson: 0.02
              })
            }
          })
        )
        const got = phones(
          yield* Stream.runCollect(
            client.listActiveNumbersPartitioned({ pageSize: 500 }, { maxPartitionSize: 2000, concurrency: 6 })
          )
        )
        expect((yield* emulator.stats).faultsInjected).toBeGreaterThan(0)
        exactlyOnce(got, all)
      }))

    it.effect("numbers rented and released during the export: the others exactly once, none twice", () =>
      Effect.gen(function*() {
        const { all, client } = yield* setup
        const toRelease = [all[10]!, all[15_000]!, all[29_990]!]
        const available = (yield* client.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 3 }))
          .availableNumbers.map((n) => n.phoneNumber!)
        const seen: Array<string> = []
        const exporting = yield* Effect.fork(
          Stream.runForEach(
            client.listActiveNumbersPartitioned({ pageSize: 250 }, { maxPartitionSize: 1000, concurrency: 3 }),
            (n) => Effect.sync(() => seen.push(n.phoneNumber!))
          )
        )
        // Change the project while the export runs.
        for (const phone of toRelease) yield* client.releaseNumber(phone)
        for (const phone of available) yield* client.rentNumber(phone)
        yield* Fiber.join(exporting)
        expect(new Set(seen).size).toBe(seen.length)
        const steady = all.filter((n) => !toRelease.includes(n))
        const seenSet = new Set(seen)
        expect(steady.every((n) => seenSet.has(n))).toBe(true)
        // Nothing that never existed: every number seen was active at the start, or rented during the export.
        const known = new Set([...all, ...available])
        expect(seen.every((n) => known.has(n))).toBe(true)
      }))

    it.effect("bad options are InvalidInput before any request", () =>
      Effect.gen(function*() {
        const { client, emulator } = yield* setup
        const before = listRequests(yield* emulator.stats)
        const error = yield* Effect.flip(
          Stream.runDrain(client.listActiveNumbersPartitioned({}, { concurrency: 0 }))
        )
        expect(error._tag).toBe("InvalidInput")
        expect(listRequests(yield* emulator.stats)).toBe(before)
      }))
  }
)

describe("listActiveNumbersPartitioned against a server with numbers that are not E.164", () => {
  // Numbers "+1…" and one "+1X…" that no digit prefix holds: the "+1" part must not be split, or it would be lost.
  const numbers = [
    ...Array.from({ length: 12 }, (_, i) => `+1${String(i).padStart(3, "0")}`),
    "+1X77",
    ...Array.from({ length: 6 }, (_, i) => `+44${i}`)
  ].sort()
  const serve = (request: { readonly urlParams: ReadonlyArray<readonly [string, string]> }) => {
    const param = (key: string) => request.urlParams.find(([k]) => k === key)?.[1]
    const prefix = param("numberPattern.pattern") ?? ""
    const matching = numbers.filter((n) => n.startsWith(prefix))
    const size = Number(param("pageSize") ?? "3")
    const offset = Number(param("pageToken") ?? "0")
    const next = offset + size < matching.length ? String(offset + size) : ""
    return json(200, {
      activeNumbers: matching.slice(offset, offset + size).map((phoneNumber) => ({ phoneNumber })),
      nextPageToken: next,
      totalSize: matching.length
    })
  }

  it.effect("a part whose numbers do not all continue with a digit is read whole", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubClient([serve])
      const got = phones(
        yield* Stream.runCollect(client.listActiveNumbersPartitioned({ pageSize: 3 }, { maxPartitionSize: 4 }))
      )
      exactlyOnce(got, numbers)
      // "+4" was split further ("+44" holds 6 > 4, and its digits cover it), "+1" was not.
      const prefixes = new Set(requests.map((r) => r.urlParams.find(([k]) => k === "numberPattern.pattern")?.[1]))
      expect(prefixes.has("+440")).toBe(true)
      expect(prefixes.has("+100")).toBe(false)
    }))
})
