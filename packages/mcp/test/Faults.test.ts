// 200 billable tool calls through the SDK's Client while the emulator drops connections, answers 5xx and answers
// rents so late that the server's client times out (--timeout 1, the emulator waiting 0.5 to 1.3 s): every number is
// rented at most once, and every result is true to the emulator's state.
import * as Faults from "@effect-sinch/emulator/Faults"
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { connectStdio, processed, run, type RunningEmulator, startEmulator, textOf } from "./support.js"

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ active: 10, available: 2_000 })
})

afterAll(async () => {
  await emulator?.dispose()
})

interface Outcome {
  readonly phoneNumber: string
  readonly status: "done" | "not_done" | "unknown" | "failed"
  readonly text: string
}

describe("billable calls under faults", () => {
  it("rents every number at most once; every result is the emulator's state", async () => {
    const server = await connectStdio(emulator.env, ["--toolsets", "read,billable", "--timeout", "1"], {
      elicitation: true,
      configure: (client) =>
        client.setRequestHandler(ElicitRequestSchema, () => ({ action: "accept", content: { confirm: true } }))
    })
    try {
      const found = await server.client.callTool({
        name: "search_available_numbers",
        arguments: { regionCode: "US", type: "LOCAL", size: 100 }
      })
      const numbers = (found.structuredContent as { availableNumbers: Array<{ phoneNumber: string }> })
        .availableNumbers.map((n) => n.phoneNumber)
      expect(numbers).toHaveLength(100)

      await run(emulator, (e) =>
        e.setFaults(
          new Faults.Faults({
            operations: {
              RentNumber: new Faults.FaultRule({
                rate: 0.15,
                statuses: [500, 502, 503],
                dropBeforeResponse: 0.15,
                dropMidBody: 0.1,
                malformedJson: 0.05,
                // before the rent is processed: a client that gives up may or may not see it happen
                latency: 500,
                latencyJitter: 800
              }),
              GetActiveNumber: new Faults.FaultRule({ rate: 0.1 }),
              GetAvailableNumber: new Faults.FaultRule({ rate: 0.05 })
            }
          })
        ))
      const before = processed(await run(emulator, (e) => e.stats), "RentNumber")

      // every number twice, side by side
      const calls = [...numbers, ...numbers.slice().reverse()]
      const outcomes: Array<Outcome> = []
      const worker = async () => {
        for (let next = calls.shift(); next !== undefined; next = calls.shift()) {
          const result = await server.client.callTool({ name: "rent_number", arguments: { phoneNumber: next } })
          const status = (result.structuredContent as { status?: Outcome["status"] } | undefined)?.status
          outcomes.push({
            phoneNumber: next,
            status: result.isError === true && status === undefined ? "failed" : status ?? "failed",
            text: textOf(result)
          })
        }
      }
      await Promise.all(Array.from({ length: 16 }, worker))
      await run(emulator, (e) => e.setFaults(Faults.none))
      expect(outcomes).toHaveLength(200)

      const active = new Set<string>()
      for (const n of numbers) {
        const number = await run(
          emulator,
          (e) =>
            Effect.promise(() =>
              e.fetch(`${e.baseUrl}/v1/projects/${e.projectId}/activeNumbers/${encodeURIComponent(n)}`, {
                headers: { authorization: `Basic ${btoa(`${e.keyId}:emulator-key-secret`)}` }
              })
            )
        )
        if (number.status === 200) active.add(n)
      }
      // at most once: the emulator processed one rent per number it holds, no more
      const rents = processed(await run(emulator, (e) => e.stats), "RentNumber") - before
      expect(rents).toBe(active.size)
      expect(active.size).toBeGreaterThan(50)

      for (const n of numbers) {
        const mine = outcomes.filter((o) => o.phoneNumber === n)
        const done = mine.filter((o) => o.status === "done")
        // never two rents reported for one number
        expect(done.length, JSON.stringify(mine)).toBeLessThanOrEqual(1)
        if (active.has(n)) {
          // a rented number: one call says so, or says it cannot know (never "not done" for both)
          expect(mine.some((o) => o.status === "done" || o.status === "unknown"), JSON.stringify(mine)).toBe(true)
        } else {
          // not rented: no call claims it
          expect(done, JSON.stringify(mine)).toHaveLength(0)
        }
      }
      // what is not done says so, and why
      for (const o of outcomes.filter((o) => o.status !== "done")) expect(o.text.length).toBeGreaterThan(20)
      // the faults were met: answers lost to the client's timeout (more than 5 of the 200)
      const lostTo = (failure: string) => outcomes.filter((o) => o.text.includes(`its answer was lost: ${failure}`))
      expect(lostTo("Timeout").length, JSON.stringify(outcomes.map((o) => o.text))).toBeGreaterThan(5)
      // and 5xx: each reconciled, and said to be (drops the client reconciles itself: a plain "done")
      expect(lostTo("ServerError").length).toBeGreaterThan(0)
    } finally {
      await server.close()
    }
  }, 120_000)
})
