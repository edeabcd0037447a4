/**
 * The child entry: `node --import tsx src/runner.ts <scenario> <contender> <json options>`. Runs one measurement of
 * one contender in a fresh process (so peak memory and start-up are that contender's alone) and prints one line,
 * `BENCH-RESULT {json}`, with its figures.
 */
import * as Fs from "node:fs"
import type { Connection, Contender, ContenderName } from "./contender.js"
import { describeError } from "./contender.js"
import { load } from "./load.js"

/** What the orchestrator passes to every run. */
export interface RunnerOptions {
  readonly connection: Connection
  /** a file holding a JSON array of phone numbers that are active on the emulator */
  readonly phonesFile: string
  readonly pageSize?: number
  /** how many numbers the emulator holds, to count lost and repeated items */
  readonly expected?: number
  /** keep every phone number seen, to count lost and repeated items */
  readonly track?: boolean
  /** collect garbage before measuring, so the baseline heap is the same for every contender */
  readonly collectFirst?: boolean
  readonly calls?: number
  readonly warmupCalls?: number
  readonly stampede?: "cold" | "expired"
  readonly tokenTtlSeconds?: number
  readonly statsUrl?: string
  /** print `BENCH-READY` once set up and wait for a line on stdin before measuring */
  readonly gated?: boolean
}

/** The figures one run prints. Absent figures do not apply to the scenario. */
export interface Figures {
  readonly ok: boolean
  readonly error?: string
  readonly wallMs?: number
  readonly cpuMs?: number
  /** client CPU per measured call (per-call scenario) */
  readonly cpuPerCallMs?: number
  readonly peakRssMb?: number
  readonly peakHeapMb?: number
  readonly baseHeapMb?: number
  /** heapUsed after a forced gc(): once the stream has ended (stream), once started (cold start) */
  readonly heapAfterGcMb?: number
  readonly items?: number
  readonly distinct?: number
  /** query values the emulator received with a "+" unencoded (it reads them back; a real server would not) */
  readonly unencoded?: number
  readonly lost?: number
  readonly repeated?: number
  readonly p50Ms?: number
  readonly p99Ms?: number
  readonly meanMs?: number
  readonly tokenRequests?: number
  readonly answered?: number
  readonly failed?: number
  readonly firstAnswerMs?: number
  readonly loadedMs?: number
  /** faults the emulator injected during the run (each one cost the client a retry) */
  readonly faults?: number
  /** ListActiveNumbers requests the emulator received during the run */
  readonly requests?: number
}

const mb = (bytes: number) => bytes / (1024 * 1024)

/** Samples the heap every 20 ms; `peak` is the highest heapUsed seen, including a final sample. */
const heapSampler = () => {
  let peak = process.memoryUsage().heapUsed
  const timer = setInterval(() => {
    const used = process.memoryUsage().heapUsed
    if (used > peak) peak = used
  }, 20)
  return {
    stop: () => {
      clearInterval(timer)
      const used = process.memoryUsage().heapUsed
      return used > peak ? used : peak
    }
  }
}

/** Sorted-array percentile, nearest rank. */
const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!

interface EmulatorStats {
  readonly tokensIssued?: number
  readonly requests?: Record<string, Record<string, number>>
  readonly unencodedQueryValues?: number
  readonly faultsInjected?: number
}

const listRequestsOf = (stats: EmulatorStats | undefined): number | undefined =>
  stats?.requests === undefined
    ? undefined
    : Object.values(stats.requests["ListActiveNumbers"] ?? {}).reduce((a, b) => a + b, 0)

const difference = (after: number | undefined, before: number | undefined) =>
  after !== undefined && before !== undefined ? after - before : undefined

/** Reads the emulator's counters (`GET /_emulator/stats`); the bench reads them as differences, never resets them. */
const emulatorStats = async (statsUrl: string): Promise<EmulatorStats> => {
  // a control-plane read, not a measurement: try again if a busy emulator drops the connection
  for (let attempt = 1;; attempt++) {
    try {
      const response = await fetch(statsUrl)
      if (response.ok) return await response.json() as EmulatorStats
      await response.arrayBuffer()
      if (attempt >= 5) throw new Error(`GET /_emulator/stats answered ${response.status}`)
    } catch (error) {
      if (attempt >= 5) throw error
    }
    await pause(100 * attempt)
  }
}

/** Every request to the token endpoint counts, refused (429) ones included. */
const tokenRequestsOf = (stats: EmulatorStats): number => {
  const byStatus = stats.requests?.["OAuthToken"]
  if (byStatus !== undefined) return Object.values(byStatus).reduce((a, b) => a + b, 0)
  if (typeof stats.tokensIssued === "number") return stats.tokensIssued
  throw new Error(`The emulator's stats have no token count: ${JSON.stringify(stats).slice(0, 200)}`)
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** For gated runs: tells the orchestrator we are set up, then waits until it lets us go. */
const gate = async (options: RunnerOptions): Promise<void> => {
  if (options.gated !== true) return
  process.stdout.write("BENCH-READY\n")
  await new Promise<void>((resolve) => {
    process.stdin.once("data", () => resolve())
    process.stdin.once("end", () => resolve())
  })
  process.stdin.pause()
}

const streamScenario = async (contender: Contender, options: RunnerOptions, prime: string): Promise<Figures> => {
  await contender.getActiveNumber(prime)
  const gc = (globalThis as { gc?: () => void }).gc
  if (options.collectFirst === true && gc !== undefined) gc()
  const seen = options.track === true ? new Set<string>() : undefined
  let items = 0
  const onItem = seen === undefined ?
    () => {
      items++
    } :
    (phone: string) => {
      items++
      seen.add(phone)
    }
  const statsBefore = options.statsUrl !== undefined ? await emulatorStats(options.statsUrl) : undefined
  const baseHeap = process.memoryUsage().heapUsed
  const sampler = heapSampler()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  let error: string | undefined
  try {
    await contender.streamAll(options.pageSize ?? 1000, onItem)
  } catch (e) {
    error = describeError(e)
  }
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const peakHeap = sampler.stop()
  // what stays reachable once the stream is done: a client that keeps items would show it here
  if (options.collectFirst === true && gc !== undefined) gc()
  const heapAfterGc = options.collectFirst === true && gc !== undefined ? process.memoryUsage().heapUsed : undefined
  const statsAfter = options.statsUrl !== undefined ? await emulatorStats(options.statsUrl) : undefined
  const unencoded = statsAfter?.unencodedQueryValues !== undefined && statsBefore?.unencodedQueryValues !== undefined ?
    statsAfter.unencodedQueryValues - statsBefore.unencodedQueryValues :
    undefined
  const faults = difference(statsAfter?.faultsInjected, statsBefore?.faultsInjected)
  const requests = difference(listRequestsOf(statsAfter), listRequestsOf(statsBefore))
  const distinct = seen?.size
  const expected = options.expected
  const lost = distinct !== undefined && expected !== undefined ? expected - distinct : undefined
  const repeated = distinct !== undefined ? items - distinct : undefined
  const countError = error === undefined && expected !== undefined && items !== expected ?
    `received ${items} items, expected ${expected}` :
    undefined
  return {
    ok: error === undefined && countError === undefined && (lost ?? 0) === 0 && (repeated ?? 0) === 0,
    ...(error !== undefined ? { error } : countError !== undefined ? { error: countError } : {}),
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: mb(peakHeap),
    baseHeapMb: mb(baseHeap),
    ...(heapAfterGc !== undefined ? { heapAfterGcMb: mb(heapAfterGc) } : {}),
    items,
    ...(unencoded !== undefined ? { unencoded } : {}),
    ...(distinct !== undefined ? { distinct } : {}),
    ...(lost !== undefined ? { lost } : {}),
    ...(repeated !== undefined ? { repeated } : {}),
    ...(faults !== undefined ? { faults } : {}),
    ...(requests !== undefined ? { requests } : {})
  }
}

const latencyScenario = async (
  contender: Contender,
  options: RunnerOptions,
  phones: ReadonlyArray<string>
): Promise<Figures> => {
  const calls = options.calls ?? 5000
  const pick = (n: number) => Array.from({ length: n }, (_, i) => phones[i % phones.length]!)
  await contender.sequentialGets(pick(options.warmupCalls ?? 200))
  const before = options.statsUrl !== undefined ? tokenRequestsOf(await emulatorStats(options.statsUrl)) : undefined
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const latencies = await contender.sequentialGets(pick(calls))
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const after = options.statsUrl !== undefined ? tokenRequestsOf(await emulatorStats(options.statsUrl)) : undefined
  const sorted = latencies.slice().sort((a, b) => a - b)
  return {
    ok: true,
    ...(before !== undefined && after !== undefined ? { tokenRequests: after - before } : {}),
    answered: calls,
    failed: 0,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    cpuPerCallMs: (cpu.user + cpu.system) / 1000 / calls,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024
  }
}

const stampedeScenario = async (
  contender: Contender,
  options: RunnerOptions,
  phones: ReadonlyArray<string>
): Promise<Figures> => {
  const statsUrl = options.statsUrl!
  const calls = options.calls ?? 1000
  const burst = Array.from({ length: calls }, (_, i) => phones[i % phones.length]!)
  if (options.stampede === "expired") {
    // hold a token, then let it expire before the burst
    await contender.getActiveNumber(phones[0]!)
    await pause((options.tokenTtlSeconds ?? 2) * 1000 + 500)
  }
  await gate(options)
  const before = tokenRequestsOf(await emulatorStats(statsUrl))
  const t0 = performance.now()
  const outcome = await contender.concurrentGets(burst)
  const wallMs = performance.now() - t0
  const after = tokenRequestsOf(await emulatorStats(statsUrl))
  return {
    ok: outcome.failed === 0,
    ...(outcome.firstError !== undefined ? { error: outcome.firstError } : {}),
    wallMs,
    tokenRequests: after - before,
    answered: outcome.answered,
    failed: outcome.failed
  }
}

/** Scenario 8: one export to an NDJSON file, by the CLI or by the plain script on the official SDK. */
const exportScenario = async (name: string, options: RunnerOptions): Promise<Figures> => {
  const file = `${options.phonesFile}.${name}.${process.pid}.ndjson`
  const exporter = await import("./export.js")
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  let error: string | undefined
  try {
    if (name === "official") await exporter.withOfficial(options.connection, file, options.pageSize ?? 1000)
    else await exporter.withCli(options.connection, file, options.pageSize ?? 1000)
  } catch (e) {
    error = describeError(e)
  }
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const peakRssMb = process.resourceUsage().maxRSS / 1024
  const items = Fs.existsSync(file) ? await exporter.countLines(file) : 0
  Fs.rmSync(file, { force: true })
  const countError = error === undefined && options.expected !== undefined && items !== options.expected
    ? `wrote ${items} lines, expected ${options.expected}`
    : undefined
  return {
    ok: error === undefined && countError === undefined,
    ...(error !== undefined ? { error } : countError !== undefined ? { error: countError } : {}),
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb,
    items
  }
}

const main = async () => {
  const [scenario, name, json] = process.argv.slice(2)
  const options = JSON.parse(json ?? "{}") as RunnerOptions
  if (scenario === "export") {
    // no contender loaded first: the process holds what the export itself needs, and nothing else
    const figures = await exportScenario(name ?? "", options)
    process.stdout.write(`BENCH-RESULT ${JSON.stringify(figures)}\n`)
    process.exit(0)
  }
  const phones = JSON.parse(Fs.readFileSync(options.phonesFile, "utf8")) as ReadonlyArray<string>
  const contender = await load(name as ContenderName, options.connection)
  const loadedMs = performance.now()
  let figures: Figures
  try {
    switch (scenario) {
      case "coldstart": {
        await contender.getActiveNumber(phones[0]!)
        const firstAnswerMs = performance.now()
        // what a started client holds: its modules, its runtime and layers, a token (run with --expose-gc)
        const gc = (globalThis as { gc?: () => void }).gc
        gc?.()
        figures = {
          ok: true,
          firstAnswerMs,
          loadedMs,
          ...(gc !== undefined ? { heapAfterGcMb: mb(process.memoryUsage().heapUsed) } : {})
        }
        break
      }
      case "stream":
        figures = await streamScenario(contender, options, phones[0]!)
        break
      case "latency":
        figures = await latencyScenario(contender, options, phones)
        break
      case "stampede":
        figures = await stampedeScenario(contender, options, phones)
        break
      default:
        figures = { ok: false, error: `unknown scenario ${scenario}` }
    }
  } catch (error) {
    figures = { ok: false, error: describeError(error) }
  }
  await contender.close().catch(() => undefined)
  process.stdout.write(`BENCH-RESULT ${JSON.stringify(figures)}\n`)
  process.exit(0)
}

void main()
