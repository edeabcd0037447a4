/**
 * The soak scenario (`pnpm bench --only soak`, not part of a full run): the emulator, in its own process with a
 * million active numbers, under 1,000 requests a second from 200 keep-alive connections for 60 seconds (15 with
 * `--quick`). Its RSS is sampled every second, every answer's latency is kept, and every failure counted.
 *
 * The load is open-loop: request `n` is due at `n` milliseconds, and its latency runs from then, so an emulator that
 * falls behind shows it in the latencies instead of slowing the load. Requests go over a pool of 200 keep-alive
 * connections (undici's, light on the CPU the two share): 80% GetActiveNumber, 15% a ListActiveNumbers page of 100, 5% UpdateActiveNumber
 * (a display name) within the first 1,000 numbers, so the state the emulator keeps stops growing once those are
 * written; from then on any growth of its RSS is a leak.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as PerfHooks from "node:perf_hooks"
import * as Undici from "undici"
import { type Emulator, startEmulator } from "./emulatorProcess.js"
import { verdictLines } from "./report.js"
import type { Verdict } from "./scenarios.js"

const connections = 200
const ratePerSecond = 1000
/** RSS is compared from the end of the warm-up on: the first writes, buffers and JIT settle before it. */
const warmupSeconds = 10
const requestTimeoutMs = 10_000

/** What the soak measured. */
export interface SoakFigures {
  readonly seconds: number
  readonly connections: number
  readonly sent: number
  readonly answered: number
  /** transport errors, timeouts and answers other than 2xx */
  readonly errors: number
  readonly firstError?: string
  /** sockets opened: 200 when every connection was kept alive the whole time */
  readonly socketsOpened: number
  readonly answeredPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly p999Ms: number
  readonly maxMs: number
  readonly rssBeforeMb: number
  readonly rssAfterWarmupMb: number
  readonly rssEndMb: number
  readonly rssMaxMb: number
  /** least-squares slope of the RSS from the end of the warm-up to the end, in MB per minute */
  readonly rssSlopeMbPerMinute: number
  /** requests the emulator counted, and those it answered 5xx */
  readonly emulatorRequests: number
  readonly emulator5xx: number
  /** CPU each side used per request sent, in ms: the emulator's process and this load generator's */
  readonly emulatorCpuMsPerRequest: number
  readonly generatorCpuMsPerRequest: number
  /** how late the load generator's own event loop ran (p99 and max, ms): its share of the latencies */
  readonly generatorLagP99Ms: number
  readonly generatorLagMaxMs: number
  /** the machine's 1-minute load average at the start and at the end: a loaded machine measures itself */
  readonly loadStart: number
  readonly loadEnd: number
}

/** The soak's report and figures, for `--json`. */
export interface SoakReport {
  readonly text: string
  readonly figures: SoakFigures | undefined
  readonly targets: ReadonlyArray<Verdict>
}

/** The resident set of a process, in MB: from /proc on Linux, else from ps. */
const rssMb = (pid: number): number => {
  try {
    const status = Fs.readFileSync(`/proc/${pid}/status`, "utf8")
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)
    if (kb !== null) return Number(kb[1]) / 1024
  } catch {
    // not Linux: ask ps below
  }
  return Number(ChildProcess.execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim()) / 1024
}

/** CPU time a process has used (user and system), in ms: from /proc on Linux; NaN elsewhere. */
const cpuMs = (pid: number): number => {
  try {
    const fields = Fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
    // utime and stime, fields 14 and 15 of stat (12 and 13 after the command), in clock ticks (100 a second)
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return NaN
  }
}

const percentile = (sorted: Float64Array, q: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!

const slopePerMinute = (samples: ReadonlyArray<{ readonly seconds: number; readonly mb: number }>): number => {
  const n = samples.length
  if (n < 2) return NaN
  const mx = samples.reduce((a, s) => a + s.seconds, 0) / n
  const my = samples.reduce((a, s) => a + s.mb, 0) / n
  const sxy = samples.reduce((a, s) => a + (s.seconds - mx) * (s.mb - my), 0)
  const sxx = samples.reduce((a, s) => a + (s.seconds - mx) ** 2, 0)
  return (sxy / sxx) * 60
}

const basicAuth = (emulator: Emulator) =>
  "Basic " + Buffer.from(`${emulator.keyId}:${emulator.keySecret}`).toString("base64")

/** A bearer token, and the first 1,000 active numbers to ask for. */
const prepare = async (emulator: Emulator) => {
  const token = await fetch(`${emulator.baseUrl}/oauth2/token`, {
    method: "POST",
    headers: { authorization: basicAuth(emulator), "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials"
  })
  if (!token.ok) throw new Error(`the token endpoint answered ${token.status}`)
  const { access_token } = await token.json() as { access_token: string }
  const page = await fetch(
    `${emulator.baseUrl}/v1/projects/${encodeURIComponent(emulator.projectId)}/activeNumbers?pageSize=1000`,
    { headers: { authorization: `Bearer ${access_token}` } }
  )
  if (!page.ok) throw new Error(`ListActiveNumbers answered ${page.status}`)
  const { activeNumbers } = await page.json() as { activeNumbers: ReadonlyArray<{ phoneNumber: string }> }
  return { authorization: `Bearer ${access_token}`, phones: activeNumbers.map((n) => n.phoneNumber) }
}

const emulatorCounts = async (emulator: Emulator) => {
  const response = await fetch(`${emulator.baseUrl}/_emulator/stats`)
  const stats = await response.json() as {
    readonly requestsTotal: number
    readonly requests: Readonly<Record<string, Readonly<Record<string, number>>>>
  }
  const serverErrors = Object.values(stats.requests).flatMap((byStatus) =>
    Object.entries(byStatus).filter(([status]) => status.startsWith("5")).map(([, n]) => n)
  ).reduce((a, b) => a + b, 0)
  return { total: stats.requestsTotal, serverErrors }
}

/** Drives the load and samples the emulator's RSS; resolves when every request has been answered or has failed. */
const drive = async (emulator: Emulator, pid: number, seconds: number) => {
  const { authorization, phones } = await prepare(emulator)
  const base = `/v1/projects/${encodeURIComponent(emulator.projectId)}/activeNumbers`
  // undici's Pool: 200 keep-alive connections and little CPU a request, so that the load generator takes as little
  // as it can of the cores it shares with the emulator (Node's http client took half the emulator's CPU a request)
  const pool = new Undici.Pool(emulator.baseUrl, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs
  })
  let socketsOpened = 0
  pool.on("connect", () => void socketsOpened++)
  const total = ratePerSecond * seconds
  const latencies = new Float64Array(total)
  let answered = 0
  let errors = 0
  let firstError: string | undefined
  const fail = (message: string) => {
    errors++
    firstError ??= message
  }
  const json = { authorization, "content-type": "application/json" }
  const plain = { authorization }

  const send = async (n: number, dueAt: number): Promise<void> => {
    const phone = encodeURIComponent(phones[n % phones.length]!)
    const kind = n % 20
    const [method, path, body] = kind === 0
      ? ["PATCH", `${base}/${phone}`, JSON.stringify({ displayName: `soak ${n}` })] as const
      : kind <= 3
      ? ["GET", `${base}?pageSize=100&regionCode=US`, undefined] as const
      : ["GET", `${base}/${phone}`, undefined] as const
    try {
      const response = await pool.request({
        method,
        path,
        headers: body === undefined ? plain : json,
        ...(body === undefined ? {} : { body })
      })
      await response.body.dump({ limit: Number.POSITIVE_INFINITY })
      if (response.statusCode >= 200 && response.statusCode < 300) {
        latencies[answered++] = performance.now() - dueAt
      } else {
        fail(`${method} ${path.replace(base, "…")} answered ${response.statusCode}`)
      }
    } catch (error) {
      fail(`${method}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  const samples: Array<{ readonly seconds: number; readonly mb: number }> = []
  const rssBeforeMb = rssMb(pid)
  const lag = PerfHooks.monitorEventLoopDelay({ resolution: 10 })
  lag.enable()
  const loadStart = Os.loadavg()[0]!
  const emulatorCpuBefore = cpuMs(pid)
  const generatorCpuBefore = process.cpuUsage()
  const started = performance.now()
  const sampler = setInterval(() => {
    samples.push({ seconds: (performance.now() - started) / 1000, mb: rssMb(pid) })
  }, 1000)
  const pending: Array<Promise<void>> = []
  await new Promise<void>((done) => {
    let issued = 0
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * ratePerSecond) / 1000))
      while (issued < due) {
        const n = issued++
        pending.push(send(n, started + (n * 1000) / ratePerSecond))
      }
      if (issued < total) setTimeout(tick, 1)
      else done()
    }
    tick()
  })
  await Promise.all(pending)
  const wallSeconds = (performance.now() - started) / 1000
  lag.disable()
  const generatorCpu = process.cpuUsage(generatorCpuBefore)
  const emulatorCpu = cpuMs(pid) - emulatorCpuBefore
  clearInterval(sampler)
  samples.push({ seconds: wallSeconds, mb: rssMb(pid) })
  await pool.close()

  const sorted = latencies.slice(0, answered).sort()
  const afterWarmup = samples.filter((s) => s.seconds >= warmupSeconds)
  return {
    seconds,
    connections,
    sent: total,
    answered,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    socketsOpened,
    answeredPerSecond: answered / wallSeconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    p999Ms: percentile(sorted, 0.999),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    rssBeforeMb,
    rssAfterWarmupMb: afterWarmup[0]?.mb ?? NaN,
    rssEndMb: samples[samples.length - 1]!.mb,
    rssMaxMb: Math.max(...samples.map((s) => s.mb)),
    rssSlopeMbPerMinute: slopePerMinute(afterWarmup),
    emulatorCpuMsPerRequest: emulatorCpu / total,
    generatorCpuMsPerRequest: (generatorCpu.user + generatorCpu.system) / 1000 / total,
    generatorLagP99Ms: lag.percentile(99) / 1e6,
    generatorLagMaxMs: lag.max / 1e6,
    loadStart,
    loadEnd: Os.loadavg()[0]!
  }
}

const fixed = (value: number, digits: number) => Number.isFinite(value) ? value.toFixed(digits) : "n/a"

/** Runs the soak and renders it; `number` is the scenario's number in the report. */
export const runSoak = async (
  options: { readonly quick: boolean; readonly number: number },
  log: (line: string) => void
): Promise<SoakReport> => {
  const seconds = options.quick ? 15 : 60
  const title = `${options.number}. Soak: the emulator (1,000,000 active numbers) at ${
    ratePerSecond.toLocaleString("en-US")
  } requests/s from ${connections} connections for ${seconds} s`
  log(title)
  // SOAK_EMULATOR_FLAGS: more flags for the emulator, to compare (`--no-console`: no request log)
  const extra = (process.env["SOAK_EMULATOR_FLAGS"] ?? "").split(" ").filter((flag) => flag !== "")
  const emulator = await startEmulator(["--active", "1000000", "--seed", "10", ...extra])
  try {
    if (emulator.pid === undefined) throw new Error("the emulator's process has no pid")
    const before = await emulatorCounts(emulator)
    const measured = await drive(emulator, emulator.pid, seconds)
    const after = await emulatorCounts(emulator)
    const figures: SoakFigures = {
      ...measured,
      emulatorRequests: after.total - before.total,
      emulator5xx: after.serverErrors - before.serverErrors
    }
    const growth = figures.rssEndMb - figures.rssAfterWarmupMb
    const targets: ReadonlyArray<Verdict> = [
      {
        label: "requests failed (transport, timeout or not 2xx)",
        value: `${figures.errors} of ${figures.sent.toLocaleString("en-US")}${
          figures.firstError === undefined ? "" : `; first: ${figures.firstError}`
        }`,
        target: "0",
        met: figures.errors === 0 && figures.emulator5xx === 0
      },
      {
        label: "answered per second",
        value: fixed(figures.answeredPerSecond, 0),
        target: `≥ ${ratePerSecond * 0.98}`,
        met: figures.answeredPerSecond >= ratePerSecond * 0.98
      },
      {
        label: `emulator RSS from ${warmupSeconds} s to the end`,
        value: `${growth >= 0 ? "+" : ""}${fixed(growth, 1)} MB (${fixed(figures.rssAfterWarmupMb, 1)} → ${
          fixed(figures.rssEndMb, 1)
        } MB, slope ${fixed(figures.rssSlopeMbPerMinute, 1)} MB/min)`,
        target: "≤ +10%",
        met: growth <= figures.rssAfterWarmupMb * 0.1
      },
      {
        label: "load generator's CPU a request, against the emulator's",
        value: `${fixed(figures.generatorCpuMsPerRequest, 3)} ms against ${
          fixed(figures.emulatorCpuMsPerRequest, 3)
        } ms`,
        target: "≤ half",
        met: figures.generatorCpuMsPerRequest <= figures.emulatorCpuMsPerRequest / 2
      },
      {
        label: "latency p99 (from when each request was due)",
        value: `${fixed(figures.p99Ms, 2)} ms`,
        target: "(stated)",
        met: undefined
      }
    ]
    const text = [
      title,
      `  80% GetActiveNumber, 15% ListActiveNumbers (100 a page), 5% UpdateActiveNumber; open-loop, over a pool of` +
      ` ${connections} keep-alive connections`,
      `  sent ${figures.sent.toLocaleString("en-US")}, answered ${figures.answered.toLocaleString("en-US")} (${
        fixed(figures.answeredPerSecond, 0)
      }/s), sockets opened ${figures.socketsOpened}, emulator counted ${
        figures.emulatorRequests.toLocaleString("en-US")
      } (${figures.emulator5xx} 5xx)`,
      `  latency ms: p50 ${fixed(figures.p50Ms, 2)}, p99 ${fixed(figures.p99Ms, 2)}, p99.9 ${
        fixed(figures.p999Ms, 2)
      }, max ${fixed(figures.maxMs, 1)}`,
      `  machine load average (1 min, ${Os.cpus().length} cores): ${fixed(figures.loadStart, 2)} at the start, ${
        fixed(figures.loadEnd, 2)
      } at the end`,
      `  CPU per request: emulator ${fixed(figures.emulatorCpuMsPerRequest, 3)} ms, load generator ${
        fixed(figures.generatorCpuMsPerRequest, 3)
      } ms; the load generator's event loop late by ${fixed(figures.generatorLagP99Ms, 1)} ms at p99, ${
        fixed(figures.generatorLagMaxMs, 1)
      } ms at most`,
      `  emulator RSS MB: ${fixed(figures.rssBeforeMb, 1)} before, ${
        fixed(figures.rssAfterWarmupMb, 1)
      } at ${warmupSeconds} s, ${fixed(figures.rssEndMb, 1)} at the end, ${fixed(figures.rssMaxMb, 1)} at most`,
      verdictLines(targets),
      ""
    ].join("\n")
    log(`  (${figures.answered.toLocaleString("en-US")} answered, ${figures.errors} failed)`)
    return { text, figures, targets }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    log(`  [soak] could not run: ${message}`)
    return { text: `${title}\n  not run: ${message.split("\n")[0]}\n`, figures: undefined, targets: [] }
  } finally {
    await emulator.stop()
  }
}
