import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Emulator from "../src/Emulator.js"
import { call } from "./rawClient.js"

describe("a million active numbers", () => {
  it.live("start instantly and page in order, with totals computed, not stored", () =>
    Effect.gen(function*() {
      // CPU time and heap, not wall time, which a loaded machine stretches: the start takes 20 to 40 ms of CPU, a
      // million numbers stored and sorted 1.1 s and over 100 MB
      const startCpu = process.cpuUsage()
      const startHeap = process.memoryUsage().heapUsed
      const started = yield* Layer.build(Emulator.layerHttpClient({ active: 1_000_000 }))
      expect(cpuMillisSince(startCpu)).toBeLessThan(500)
      expect(process.memoryUsage().heapUsed - startHeap).toBeLessThan(32 * 1024 * 1024)
      yield* pages.pipe(Effect.provide(started))
    }).pipe(Effect.scoped))
})

const cpuMillisSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

const pages = Effect.gen(function*() {
  const emulator = yield* Emulator.Emulator
  const heapBefore = process.memoryUsage().heapUsed
  let token = ""
  let last = ""
  let seen = 0
  const pagesCpu = process.cpuUsage()
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
  // the target is a few milliseconds of CPU a page, client parsing included
  expect(cpuMillisSince(pagesCpu) / 60).toBeLessThan(100)
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
})
