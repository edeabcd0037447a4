// summarize_active_numbers over 100,000 numbers: one call, progress notifications while it counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { connectStdio, type RunningEmulator, startEmulator, structured } from "./support.js"

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ active: 100_000 })
})

afterAll(async () => {
  await emulator?.dispose()
})

describe("summarize_active_numbers", () => {
  it("counts 100,000 numbers in one call, with progress notifications along the way", async () => {
    const server = await connectStdio(emulator.env, ["--read-only"])
    try {
      const tools = new Map((await server.client.listTools()).tools.map((t) => [t.name, t]))
      const progress: Array<{ progress: number; total?: number | undefined }> = []
      const result = await server.client.callTool(
        { name: "summarize_active_numbers", arguments: {} },
        undefined,
        { onprogress: (p) => progress.push(p), timeout: 110_000 }
      )
      const summary = structured(tools.get("summarize_active_numbers"), result)
      expect(summary.total).toBe(100_000)
      const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)
      expect(sum(summary.byRegion)).toBe(100_000)
      expect(sum(summary.byType)).toBe(100_000)
      expect(sum(summary.bySmsPlan)).toBe(100_000)
      expect(sum(summary.byVoiceApp)).toBe(100_000)
      expect(Object.keys(summary.byRegion).length).toBeGreaterThan(1)
      // a notification every 5,000 numbers or so, increasing, with the total the server reported
      expect(progress.length).toBeGreaterThanOrEqual(10)
      for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress)
      expect(progress.at(-1)!.progress).toBeLessThanOrEqual(100_000)
      expect(progress[0]!.total).toBe(100_000)
    } finally {
      await server.close()
    }
  }, 120_000)
})
