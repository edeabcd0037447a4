import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Emulator from "../src/Emulator.js"
import { call } from "./rawClient.js"

describe("a million active numbers", () => {
  it.live("start instantly and page in order, with totals computed, not stored", () =>
    Effect.gen(function*() {
      const started = Date.now()
      const emulator = yield* Emulator.Emulator
      expect(Date.now() - started).toBeLessThan(1000)
      const heapBefore = process.memoryUsage().heapUsed
      let token = ""
      let last = ""
      let seen = 0
      const pageStarted = Date.now()
      for (let page = 0; page < 60; page++) {
        const answer = yield* call("GET", "~/activeNumbers", {
          query: { pageSize: "1000", ...(token === "" ? {} : { pageToken: token }) }
        })
        expect(answer.body.totalSize).toBe(1_000_000)
        for (const n of answer.body.activeNumbers) {
          expect(n.phoneNumber > last).toBe(true)
          last = n.phoneNumber
          seen++
        }
        token = answer.body.nextPageToken
      }
      expect(seen).toBe(60_000)
      // generous for a shared machine: the target is a few milliseconds a page, client parsing included
      expect((Date.now() - pageStarted) / 60).toBeLessThan(100)
      expect((yield* emulator.stats).requestsTotal).toBe(60)
      const region = yield* call("GET", "~/activeNumbers", {
        query: { regionCode: "SE", type: "LOCAL", pageSize: "1" }
      })
      expect(region.body.totalSize).toBeGreaterThan(10_000)
      const tail = yield* call("GET", "~/activeNumbers", {
        query: { "numberPattern.pattern": "99", "numberPattern.searchPattern": "END", pageSize: "5" }
      })
      expect(tail.body.activeNumbers.every((n: any) => n.phoneNumber.endsWith("99"))).toBe(true)
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024)
    }).pipe(Effect.provide(Emulator.layerHttpClient({ active: 1_000_000 }))))
})
