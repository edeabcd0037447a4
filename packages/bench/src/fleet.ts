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
  /** warnings logged, all processes together, and the most one process logged */
  readonly warnings: number
  readonly maxWarnings: number
  /** after a Redis fault ended: how long until the last process was back on the fleet's budget */
  readonly backToFleetMs?: number
}

/** The fleet scenarios' figures and targets, for `--json`. */
export interface FleetReport {
  readonly text: string
  readonly coldStart: ReadonlyArray<FleetFigures>
  readonly budget: ReadonlyArray<FleetFigures>
  readonly pauses: ReadonlyArray<FleetFigures>
  readonly outages: ReadonlyArray<FleetFigures>
  readonly targets: ReadonlyArray<Verdict>
}

/** The redis-server of the fleet scenarios, with its version for the report. */
interface FleetRedis extends RedisServer.RedisServer {
  readonly version: string
  readonly close: () => Promise<void>
}

/** Starts redis-server as the tests do, until `close`; undefined when it is not installed. */
const startRedis = async (options: RedisServer.Options = {}): Promise<FleetRedis | undefined> => {
  const version = RedisServer.version
  if (version === undefined) return undefined
  const scope = Effect.runSync(Scope.make())
  const close = () => Effect.runPromise(Scope.close(scope, Exit.void))
  try {
    const server = await Effect.runPromise(Scope.extend(RedisServer.makeWith(options), scope))
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
  options: FleetWorkerOptions,
  during: () => Promise<void>
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
  const [results] = await Promise.all([Promise.all(children.map((c) => c.result)), during()])
  return results
}

/** A fault done to Redis while the fleet runs: started `atMs` after the go signal, over after `endMs`. */
interface Fault {
  readonly name: string
  readonly atMs: number
  readonly endMs: number
  readonly start: (redis: FleetRedis, admin: AdminRedis) => Promise<void>
  readonly end: (redis: FleetRedis, admin: AdminRedis) => Promise<void>
}

interface AdminRedis {
  readonly call: (...args: ReadonlyArray<string>) => Promise<unknown>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs a fault against Redis on its schedule, through a connection of its own (made again after a restart). */
const runFault = (redis: FleetRedis, fault: Fault) => async () => {
  const { Redis } = await import("ioredis")
  let client = new Redis(redis.url, { maxRetriesPerRequest: 1 }).on("error", () => {})
  const admin: AdminRedis = { call: (...args) => client.call(args[0]!, ...args.slice(1)) }
  try {
    await sleep(fault.atMs)
    await fault.start(redis, admin)
    await sleep(fault.endMs - fault.atMs)
    client.disconnect()
    client = new Redis(redis.url, { maxRetriesPerRequest: 1 }).on("error", () => {})
    await fault.end(redis, admin)
  } finally {
    client.disconnect()
  }
}

/** One variant: reset the emulator (its buckets full again) and Redis, run the fleet, read the counters' growth. */
const measure = async (
  label: string,
  emulator: Emulator,
  redis: FleetRedis,
  processes: number,
  options: FleetWorkerOptions,
  log: (line: string) => void,
  fault?: Fault
): Promise<FleetFigures> => {
  await control(emulator, "POST", "reset")
  await flushRedis(redis)
  const results = await runProcesses(processes, options, fault === undefined ? async () => {} : runFault(redis, fault))
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
    wallMs,
    warnings: results.reduce((a, r) => a + (r.warnings ?? 0), 0),
    maxWarnings: Math.max(...results.map((r) => r.warnings ?? 0)),
    ...(fault === undefined ? {} : backToFleet(results, fault))
  }
  log(
    `  [fleet · ${label}] ${figures.answered} answered, ${figures.failed} failed, ${figures.tokenRequests} token ` +
      `requests (${figures.token429s} refused), ${figures.api429s} API 429s, ${(wallMs / 1000).toFixed(1)} s, ` +
      `${figures.warnings} warnings (at most ${figures.maxWarnings} per process)` +
      (figures.backToFleetMs === undefined ? "" : `, back on the fleet's budget ${figures.backToFleetMs} ms after`) +
      (firstError === undefined ? "" : `; first error: ${firstError}`)
  )
  return figures
}

/** The last process back on the fleet's budget, in ms after the fault ended (when every process went back). */
const backToFleet = (results: ReadonlyArray<FleetWorkerResult>, fault: Fault): { backToFleetMs?: number } => {
  const back = results.flatMap((r) => r.backToFleetMs === undefined ? [] : [r.backToFleetMs])
  if (back.length < results.length || back.some((ms) => ms < fault.endMs)) return {}
  return { backToFleetMs: Math.round(Math.max(...back) - fault.endMs) }
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
  const title = `${options.number}. Fleet: 50 processes cold-start together; 20 processes share one rate budget, ` +
    `meet 429s, and live through Redis failing`
  const redis = await startRedis()
  if (redis === undefined) {
    const text = `${title}\n  not run: ${RedisServer.missing}\n`
    return { text, coldStart: [], budget: [], pauses: [], outages: [], targets: [] }
  }
  const emulators: Array<Emulator> = []
  try {
    const [gateway, budgeted, narrow] = await Promise.all([
      startEmulator(["--auth-burst-limit"]),
      startEmulator(["--auth-burst-limit", "--rate-limit", "50/s"]),
      startEmulator(["--rate-limit", "20/s"])
    ])
    emulators.push(gateway, budgeted, narrow)
    const connection = (emulator: Emulator): Connection => ({
      baseUrl: emulator.baseUrl,
      projectId: emulator.projectId,
      keyId: emulator.keyId,
      keySecret: emulator.keySecret
    })

    log(title)
    // FLEET_ONLY=outages: only the Redis failures (5 minutes less with --quick), to measure them alone
    const all = process.env["FLEET_ONLY"] !== "outages"
    const coldPhones = await phonesOf(gateway)
    const cold = { connection: connection(gateway), phones: coldPhones, mode: "coldstart" } as const
    const coldStart = all
      ? [
        await measure("each process alone", gateway, redis, 50, cold, log),
        await measure("RedisTokenStore", gateway, redis, 50, { ...cold, tokenStore: redis.url }, log)
      ]
      : []

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
    const shared = all
      ? [
        await measure("no fleet limiter", budgeted, redis, 20, budget, log),
        await measure("FleetRateLimiter 45/s, burst 10", budgeted, redis, 20, { ...budget, rateLimiter: paced }, log)
      ]
      : []

    // Sinch's 429s: a budget set above the project's limit (30 a second against 20), as a wrong setting or another
    // client of the project would make it; before, each 429 held up only its own call. A low limit, so that a
    // loaded machine still reaches it.
    const pauseCalls = options.quick ? 20 : 40
    const over = {
      ...budget,
      connection: connection(narrow),
      phones: await phonesOf(narrow),
      calls: pauseCalls,
      rateLimiter: { ...paced, limit: 30, burst: 5 }
    }
    const pauses = all
      ? [
        await measure("30/s, a 429 holds its own call (before)", narrow, redis, 20, {
          ...over,
          rateLimiter: { ...over.rateLimiter, store: "make" }
        }, log),
        await measure("30/s, a 429 pauses the fleet", narrow, redis, 20, over, log)
      ]
      : []

    // Redis failing under the fleet: 20 processes on RedisTokenStore and FleetRateLimiter.makeRedis (45 a second,
    // each keeping to 45 / 20 on its own while Redis fails), a fault 2 s after the start.
    // long enough for the 5 s outage and the way back (45 a second for 20 × 32 calls: about 14 s)
    const outageCalls = 32
    const fleetOptions = {
      ...budget,
      calls: outageCalls,
      concurrency: 2,
      tokenStore: redis.url,
      rateLimiter: { ...paced, fleetSize: 20 }
    }
    const faults: ReadonlyArray<Fault> = [
      {
        name: "redis-server killed (SIGKILL), restarted 5 s later",
        atMs: 2000,
        endMs: 7000,
        start: (server) => Effect.runPromise(server.kill),
        end: (server) => Effect.runPromise(server.restart)
      },
      {
        name: "redis-server paused 3 s (CLIENT PAUSE ALL)",
        atMs: 2000,
        endMs: 5000,
        start: async (_, admin) => void (await admin.call("CLIENT", "PAUSE", "3000", "ALL")),
        end: async () => {}
      },
      {
        name: "Redis refusing writes 3 s (maxmemory, noeviction)",
        atMs: 2000,
        endMs: 5000,
        start: async (_, admin) => void (await admin.call("CONFIG", "SET", "maxmemory", "1")),
        end: async (_, admin) => void (await admin.call("CONFIG", "SET", "maxmemory", "0"))
      },
      {
        name: "every connection cut (CLIENT KILL)",
        atMs: 2000,
        endMs: 2000,
        start: async (_, admin) => {
          await admin.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes")
          await admin.call("CLIENT", "KILL", "TYPE", "pubsub")
        },
        end: async () => {}
      }
    ]
    const outages = [await measure("Redis healthy", budgeted, redis, 20, fleetOptions, log)]
    for (const fault of faults) outages.push(await measure(fault.name, budgeted, redis, 20, fleetOptions, log, fault))
    // a wrong password: Redis answers every command with an error, from the start (no token in Redis to begin with).
    // A server of its own with `requirepass`: one without it accepts any password (ioredis only warns).
    const guarded = await startRedis({ password: "right-password" })
    if (guarded !== undefined) {
      try {
        outages.push(
          await measure("Redis refusing every command (wrong password), cold", budgeted, guarded, 20, {
            ...fleetOptions,
            tokenStore: `redis://:wrong-password@${guarded.host}:${guarded.port}`,
            rateLimiter: {
              ...fleetOptions.rateLimiter,
              host: guarded.host,
              port: guarded.port,
              password: "wrong-password"
            }
          }, log)
        )
      } finally {
        await guarded.close()
      }
    }

    const outageTargets: ReadonlyArray<Verdict> = [
      {
        label: "Redis failing: API calls failed",
        value: count(outages.reduce((a, f) => a + f.failed, 0)),
        target: "0",
        met: outages.every((f) => f.failed === 0)
      },
      {
        label: "Redis failing: token requests (a token lasts the whole run)",
        value: outages.map((f) => f.tokenRequests).join(", "),
        target: "1 each; 20 cold without Redis",
        met: outages.every((f, i) => f.tokenRequests === (i === outages.length - 1 ? 20 : 1))
      },
      {
        label: "Redis failing: the API's 429s (each process under its share while alone)",
        value: outages.map((f) => f.api429s).join(", "),
        target: "0",
        met: outages.every((f) => f.api429s === 0)
      },
      {
        label: "Redis failing: warnings per process and outage (limiter, and token store when it fetched)",
        value: outages.map((f) => f.maxWarnings).join(", "),
        target: "≤ 1, 2 when it fetched",
        met: outages.every((f, i) => f.maxWarnings <= (i === outages.length - 1 ? 2 : 1))
      },
      {
        label: "Redis back: on the fleet's budget again",
        value: outages.flatMap((f) => f.backToFleetMs === undefined ? [] : [`${count(f.backToFleetMs)} ms`]).join(", "),
        target: "≤ 5,000 ms",
        met: outages.every((f) => f.backToFleetMs === undefined || f.backToFleetMs <= 5000)
      }
    ]
    const fleetTargets = (): ReadonlyArray<Verdict> => {
      const [alone, stored] = coldStart as [FleetFigures, FleetFigures]
      const [unpaced, limited] = shared as [FleetFigures, FleetFigures]
      const [own429, shared429] = pauses as [FleetFigures, FleetFigures]
      return [
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
        },
        {
          label: "a 429 pauses the fleet: the API's 429s with a budget over the limit",
          value: `${count(shared429.api429s)} (a 429 holding its own call: ${count(own429.api429s)})`,
          target: "fewer",
          met: shared429.failed === 0 && shared429.api429s < own429.api429s
        }
      ]
    }
    const targets = [...(all ? fleetTargets() : []), ...outageTargets]
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
    const pauseTable = tableOf(
      ["variant", "API 429s", "calls answered", "calls failed", "wall"],
      pauses.map((f) => [
        f.label,
        count(f.api429s),
        count(f.answered),
        count(f.failed),
        `${(f.wallMs / 1000).toFixed(1)} s`
      ])
    )
    const outageTable = tableOf(
      ["fault", "calls failed", "token requests", "API 429s", "warnings (max/process)", "back on budget", "wall"],
      outages.map((f) => [
        f.label,
        count(f.failed),
        count(f.tokenRequests),
        count(f.api429s),
        `${count(f.warnings)} (${f.maxWarnings})`,
        f.backToFleetMs === undefined ? "-" : `${count(f.backToFleetMs)} ms`,
        `${(f.wallMs / 1000).toFixed(1)} s`
      ])
    )
    const text = [
      `${title} (redis-server ${redis.version})`,
      ...(all
        ? [
          `  cold start: 50 processes, one getActiveNumber each, --auth-burst-limit (30 token requests, then 10 a second)`,
          coldTable,
          `  shared budget: 20 processes × ${calls} getActiveNumber (4 at a time each), --rate-limit 50/s`,
          budgetTable,
          `  Sinch's 429s: 20 processes × ${pauseCalls} getActiveNumber (4 at a time each), FleetRateLimiter set to ` +
          `30/s against --rate-limit 20/s`,
          pauseTable
        ]
        : [`  (FLEET_ONLY=outages: the Redis failures only)`]),
      `  Redis failing: 20 processes × ${outageCalls} getActiveNumber (2 at a time each) on RedisTokenStore and ` +
      `FleetRateLimiter.makeRedis (45/s, fleetSize 20), the fault 2 s after the start`,
      outageTable,
      verdictLines(targets),
      ""
    ].join("\n")
    return { text, coldStart, budget: shared, pauses, outages, targets }
  } finally {
    await Promise.all(emulators.map((emulator) => emulator.stop()))
    await redis.close()
  }
}
