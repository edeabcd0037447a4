/**
 * The fleet scenarios (`pnpm bench --only fleet`): many processes against one emulator, with a real redis-server that
 * the bench starts itself (127.0.0.1, a free port, no persistence, a temporary directory), as the tests do.
 *
 * - Cold start: 50 processes start together against an emulator with the auth gateway's burst limit
 *   (`--auth-burst-limit`: 30 token requests, refilled 10 a second) and make one call each; token requests and the
 *   gateway's 429s, each process alone and with `RedisTokenStore`. Target: 1 token request, 0 429s.
 * - Shared budget: 20 processes make 500 calls each (100 with `--quick`), 4 at a time, under `--rate-limit 50/s`;
 *   the API's 429s without a limiter and with `FleetRateLimiter` (45 a second for the fleet, 10 at once). Target: 0
 *   429s.
 */
import * as RedisServer from "@effect-sinch/test-support/RedisServer"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import type { Connection } from "./contender.js"
import { type Emulator, launchJs, startEmulator } from "./emulatorProcess.js"
import type { FleetWorkerOptions, FleetWorkerResult } from "./fleetWorker.js"
import { verdictLines } from "./report.js"
import type { Verdict } from "./scenarios.js"

/** What one variant measured, summed over its processes. */
export interface FleetFigures {
  readonly label: string
  readonly processes: number
  readonly callsEach: number
  readonly answered: number
  readonly failed: number
  readonly firstError?: string
  readonly tokenRequests: number
  readonly token429s: number
  readonly api429s: number
  /** from the go signal to the last answer, in the slowest process */
  readonly wallMs: number
}

/** The fleet scenarios' figures and targets, for `--json`. */
export interface FleetReport {
  readonly text: string
  readonly coldStart: ReadonlyArray<FleetFigures>
  readonly budget: ReadonlyArray<FleetFigures>
  readonly targets: ReadonlyArray<Verdict>
}

/** The redis-server of the fleet scenarios, with its version for the report. */
interface FleetRedis extends RedisServer.RedisServer {
  readonly version: string
  readonly close: () => Promise<void>
}

/** Starts redis-server as the tests do, until `close`; undefined when it is not installed. */
const startRedis = async (): Promise<FleetRedis | undefined> => {
  const version = RedisServer.version
  if (version === undefined) return undefined
  const scope = Effect.runSync(Scope.make())
  const close = () => Effect.runPromise(Scope.close(scope, Exit.void))
  try {
    const server = await Effect.runPromise(Scope.extend(RedisServer.make, scope))
    return { ...server, version, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** Empties Redis between runs, so that no run adopts the token another one left. */
const flushRedis = async (redis: FleetRedis): Promise<void> => {
  const { Redis } = await import("ioredis")
  const client = new Redis(redis.url)
  try {
    await client.flushall()
  } finally {
    client.disconnect()
  }
}

interface EmulatorStats {
  readonly requests: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly throttled?: { readonly token: number; readonly api: number }
}

const control = async (emulator: Emulator, method: "GET" | "POST", path: string): Promise<unknown> => {
  const response = await fetch(`${emulator.baseUrl}/_emulator/${path}`, { method })
  if (!response.ok) throw new Error(`${method} /_emulator/${path} answered ${response.status}`)
  return response.json()
}

const sum = (counts: Readonly<Record<string, number>> | undefined) =>
  Object.values(counts ?? {}).reduce((a, b) => a + b, 0)

/** Active phone numbers to ask for (HTTP Basic, one request: no token, no burst). */
const phonesOf = async (emulator: Emulator): Promise<ReadonlyArray<string>> => {
  const basic = "Basic " + Buffer.from(`${emulator.keyId}:${emulator.keySecret}`).toString("base64")
  const response = await fetch(
    `${emulator.baseUrl}/v1/projects/${encodeURIComponent(emulator.projectId)}/activeNumbers?pageSize=100`,
    { headers: { authorization: basic } }
  )
  if (!response.ok) throw new Error(`ListActiveNumbers answered ${response.status}`)
  const page = await response.json() as { activeNumbers: ReadonlyArray<{ phoneNumber: string }> }
  return page.activeNumbers.map((n) => n.phoneNumber)
}

const workerTimeoutMs = 900_000

/** Starts `n` processes, waits until every one is ready, releases them at once and collects their results. */
const runProcesses = async (
  n: number,
  options: FleetWorkerOptions
): Promise<ReadonlyArray<FleetWorkerResult>> => {
  const children = Array.from(
    { length: n },
    () =>
      launchJs<FleetWorkerResult>("packages/bench/build/js/fleetWorker.js", [JSON.stringify(options)], {
        timeoutMs: workerTimeoutMs,
        failed: ({ code, signal, stderr }) => {
          const tail = stderr.trim().split("\n").slice(-2).join(" | ")
          return { ok: false, answered: 0, failed: 0, error: `process exited ${code ?? signal}: ${tail}`, wallMs: 0 }
        }
      })
  )
  await Promise.all(children.map((c) => c.ready))
  for (const child of children) child.go()
  return Promise.all(children.map((c) => c.result))
}

/** One variant: reset the emulator (its buckets full again) and Redis, run the fleet, read the counters' growth. */
const measure = async (
  label: string,
  emulator: Emulator,
  redis: FleetRedis,
  processes: number,
  options: FleetWorkerOptions,
  log: (line: string) => void
): Promise<FleetFigures> => {
  await control(emulator, "POST", "reset")
  await flushRedis(redis)
  const results = await runProcesses(processes, options)
  const wallMs = Math.max(...results.map((r) => r.wallMs))
  const stats = await control(emulator, "GET", "stats") as EmulatorStats
  const firstError = results.find((r) => r.error !== undefined)?.error
  const figures: FleetFigures = {
    label,
    processes,
    callsEach: options.mode === "coldstart" ? 1 : options.calls ?? 500,
    answered: results.reduce((a, r) => a + r.answered, 0),
    failed: results.reduce((a, r) => a + r.failed, 0),
    ...(firstError === undefined ? {} : { firstError }),
    tokenRequests: sum(stats.requests["OAuthToken"]),
    token429s: stats.throttled?.token ?? 0,
    api429s: stats.throttled?.api ?? 0,
    wallMs
  }
  log(
    `  [fleet · ${label}] ${figures.answered} answered, ${figures.failed} failed, ${figures.tokenRequests} token ` +
      `requests (${figures.token429s} refused), ${figures.api429s} API 429s, ${(wallMs / 1000).toFixed(1)} s` +
      (firstError === undefined ? "" : `; first error: ${firstError}`)
  )
  return figures
}

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length))

const tableOf = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: ReadonlyArray<string>) => "  " + cells.map((c, i) => pad(c, widths[i]!)).join("  ").trimEnd()
  return [line(header), ...rows.map(line)].join("\n")
}

const count = (n: number) => n.toLocaleString("en-US")

/** Runs both fleet scenarios and renders them; `number` is the scenario's number in the report. */
export const runFleet = async (
  options: { readonly quick: boolean; readonly number: number },
  log: (line: string) => void
): Promise<FleetReport> => {
  const title = `${options.number}. Fleet: 50 processes cold-start together; 20 processes share one rate budget`
  const redis = await startRedis()
  if (redis === undefined) {
    const text = `${title}\n  not run: ${RedisServer.missing}\n`
    return { text, coldStart: [], budget: [], targets: [] }
  }
  const emulators: Array<Emulator> = []
  try {
    const [gateway, budgeted] = await Promise.all([
      startEmulator(["--auth-burst-limit"]),
      startEmulator(["--auth-burst-limit", "--rate-limit", "50/s"])
    ])
    emulators.push(gateway, budgeted)
    const connection = (emulator: Emulator): Connection => ({
      baseUrl: emulator.baseUrl,
      projectId: emulator.projectId,
      keyId: emulator.keyId,
      keySecret: emulator.keySecret
    })

    log(title)
    const coldPhones = await phonesOf(gateway)
    const cold = { connection: connection(gateway), phones: coldPhones, mode: "coldstart" } as const
    const coldStart = [
      await measure("each process alone", gateway, redis, 50, cold, log),
      await measure("RedisTokenStore", gateway, redis, 50, { ...cold, tokenStore: redis.url }, log)
    ]

    const calls = options.quick ? 100 : 500
    const budgetPhones = await phonesOf(budgeted)
    const budget = {
      connection: connection(budgeted),
      phones: budgetPhones,
      mode: "budget",
      calls,
      concurrency: 4
    } as const
    const paced = { host: redis.host, port: redis.port, limit: 45, burst: 10 }
    const shared = [
      await measure("no fleet limiter", budgeted, redis, 20, budget, log),
      await measure("FleetRateLimiter 45/s, burst 10", budgeted, redis, 20, { ...budget, rateLimiter: paced }, log)
    ]

    const [alone, stored] = coldStart as [FleetFigures, FleetFigures]
    const [unpaced, limited] = shared as [FleetFigures, FleetFigures]
    const targets: ReadonlyArray<Verdict> = [
      {
        label: "cold start with RedisTokenStore: token requests",
        value: `${stored.tokenRequests} (each process alone: ${alone.tokenRequests})`,
        target: "1",
        met: stored.failed === 0 ? stored.tokenRequests === 1 : false
      },
      {
        label: "cold start with RedisTokenStore: the gateway's 429s",
        value: `${stored.token429s} (each process alone: ${alone.token429s})`,
        target: "0",
        met: stored.failed === 0 ? stored.token429s === 0 : false
      },
      {
        label: "shared budget with FleetRateLimiter: the API's 429s",
        value: `${count(limited.api429s)} (no fleet limiter: ${count(unpaced.api429s)})`,
        target: "0",
        met: limited.failed === 0 ? limited.api429s === 0 : false
      }
    ]
    const coldTable = tableOf(
      ["variant", "token requests", "gateway 429s", "calls failed", "slowest first answer"],
      coldStart.map((f) => [
        f.label,
        count(f.tokenRequests),
        count(f.token429s),
        count(f.failed),
        `${count(Math.round(f.wallMs))} ms`
      ])
    )
    const budgetTable = tableOf(
      ["variant", "API 429s", "calls answered", "calls failed", "wall", "answered/s"],
      shared.map((f) => [
        f.label,
        count(f.api429s),
        count(f.answered),
        count(f.failed),
        `${(f.wallMs / 1000).toFixed(1)} s`,
        (f.answered / (f.wallMs / 1000)).toFixed(1)
      ])
    )
    const text = [
      `${title} (redis-server ${redis.version})`,
      `  cold start: 50 processes, one getActiveNumber each, --auth-burst-limit (30 token requests, then 10 a second)`,
      coldTable,
      `  shared budget: 20 processes × ${calls} getActiveNumber (4 at a time each), --rate-limit 50/s`,
      budgetTable,
      verdictLines(targets),
      ""
    ].join("\n")
    return { text, coldStart, budget: shared, targets }
  } finally {
    await Promise.all(emulators.map((emulator) => emulator.stop()))
    await redis.close()
  }
}
