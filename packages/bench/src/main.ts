/**
 * `pnpm bench [--quick] [--json FILE] [--only stream,memory,…]`: starts the emulator in a child process, runs every
 * scenario with each contender in its own fresh child process (alternating the order every round, after a warm-up),
 * and prints medians, spreads, ratios and targets.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { bundle, entryOf } from "./bundle.js"
import { runCli } from "./cliStart.js"
import { compile } from "./compile.js"
import type { Connection, ContenderName } from "./contender.js"
import { type Emulator, killChildren, type Launched, launchJs, repoRoot, startEmulator } from "./emulatorProcess.js"
import { runFleet } from "./fleet.js"
import { runMcp } from "./mcp.js"
import { render, targetJson } from "./report.js"
import type { Figures, RunnerOptions } from "./runner.js"
import {
  type Run,
  type Scenario,
  type ScenarioId,
  scenarioIds,
  scenarios,
  type Variant,
  type Verdict
} from "./scenarios.js"
import { runSoak } from "./soak.js"

interface Arguments {
  readonly quick: boolean
  readonly json: string | undefined
  readonly only: ReadonlyArray<ScenarioId>
  /** the fleet scenarios (fleet.ts): many processes and a redis-server */
  readonly fleet: boolean
  /** the soak (soak.ts): only when asked for by name */
  readonly soak: boolean
  /** the MCP server's cost (mcp.ts): only when asked for by name */
  readonly mcp: boolean
  /** the command line's start (cliStart.ts): only when asked for by name */
  readonly cli: boolean
  readonly contenders: ReadonlyArray<ContenderName> | undefined
}

const usage =
  "usage: pnpm bench [--quick] [--json FILE] [--only stream,memory,stampede,latency,coldstart,faults,network,export,fleet,soak,mcp,cli]" +
  " [--contenders raw,official,effect-sinch]"

const parseArguments = (argv: ReadonlyArray<string>): Arguments => {
  let quick = false
  let json: string | undefined
  let only: ReadonlyArray<ScenarioId> = scenarioIds
  let fleet = true
  let soak = false
  let mcp = false
  let cli = false
  let contenders: ReadonlyArray<ContenderName> | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--") continue
    if (arg === "--quick") quick = true
    else if (arg === "--json") json = argv[++i]
    else if (arg === "--only") {
      const names = (argv[++i] ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "")
      const byNumber = (name: string) => /^\d$/.test(name) ? scenarioIds[Number(name) - 1] : name
      const fleetNumber = String(scenarioIds.length + 1)
      fleet = names.some((name) => name === "fleet" || name === fleetNumber)
      soak = names.includes("soak")
      mcp = names.includes("mcp")
      cli = names.includes("cli")
      const picked = names.filter((name) =>
        name !== "fleet" && name !== fleetNumber && name !== "soak" && name !== "mcp" && name !== "cli"
      ).map(byNumber)
      const unknown = picked.filter((n) => !(scenarioIds as ReadonlyArray<string | undefined>).includes(n))
      if (unknown.length > 0 || (picked.length === 0 && !fleet && !soak && !mcp && !cli)) {
        throw new Error(`unknown scenario in --only: ${names.join(",")}`)
      }
      only = picked as ReadonlyArray<ScenarioId>
    } else if (arg === "--contenders") {
      contenders = (argv[++i] ?? "").split(",").map((s) => s.trim()) as ReadonlyArray<ContenderName>
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(usage + "\n")
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}\n${usage}`)
  }
  if (json === "") throw new Error("--json needs a file name")
  return { quick, json, only, fleet, soak, mcp, cli, contenders }
}

const log = (line: string) => process.stderr.write(line + "\n")

/** The commit measured, and whether the clients' sources differ from it. */
const revision = (): string => {
  try {
    const git = (...args: Array<string>) =>
      ChildProcess.execFileSync("git", args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
        .trim()
    const dirty = git("status", "--porcelain", "--", "packages/core", "packages/auth", "packages/numbers") !== ""
    return `commit ${git("rev-parse", "--short", "HEAD")}${dirty ? " + uncommitted changes in core/auth/numbers" : ""}`
  } catch {
    return "commit unknown"
  }
}

/** Gets a token and the first page of active numbers, retrying faults, to give the runners numbers to ask for. */
const fetchPhones = async (connection: Connection): Promise<ReadonlyArray<string>> => {
  const basic = "Basic " + Buffer.from(`${connection.keyId}:${connection.keySecret}`).toString("base64")
  for (let attempt = 1;; attempt++) {
    try {
      const tokenResponse = await fetch(`${connection.baseUrl}/oauth2/token`, {
        method: "POST",
        headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials"
      })
      if (!tokenResponse.ok) throw new Error(`token endpoint answered ${tokenResponse.status}`)
      const { access_token } = await tokenResponse.json() as { access_token: string }
      const response = await fetch(
        `${connection.baseUrl}/v1/projects/${encodeURIComponent(connection.projectId)}/activeNumbers?pageSize=1000`,
        { headers: { authorization: `Bearer ${access_token}` } }
      )
      if (!response.ok) throw new Error(`ListActiveNumbers answered ${response.status}`)
      const page = await response.json() as { activeNumbers: ReadonlyArray<{ phoneNumber: string }> }
      return page.activeNumbers.map((n) => n.phoneNumber)
    } catch (error) {
      if (attempt >= 20) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

const runTimeoutMs = 300_000

/**
 * Starts one measurement in a fresh child process. A gated runner prints `BENCH-READY` when set up and waits for `go`
 * before it measures.
 */
const launch = (variant: Variant, contender: ContenderName, options: RunnerOptions): Launched<Figures> =>
  launchJs<Figures>(entryOf(contender), [variant.runner, contender, JSON.stringify(options)], {
    nodeFlags: variant.nodeFlags,
    timeoutMs: runTimeoutMs,
    failed: ({ code, signal, stderr }) => {
      const reason = signal === "SIGKILL" ? `timed out after ${runTimeoutMs / 1000} s` : `exited ${code ?? signal}`
      const tail = stderr.trim().split("\n").slice(-3).join(" | ")
      return { ok: false, error: `runner ${reason}${tail !== "" ? `: ${tail}` : ""}` }
    }
  })

/**
 * Runs one round. Plain runs go one after the other. Gated runs (the expired-token stampede) are all started at
 * once, so they wait for their tokens to expire together, then are released one at a time: the measured parts never
 * overlap, only the idle waits do.
 */
const runRound = async (
  variant: Variant,
  contenders: ReadonlyArray<ContenderName>,
  options: RunnerOptions,
  report: (contender: ContenderName, figures: Figures) => void
): Promise<void> => {
  if (variant.options.gated !== true) {
    for (const contender of contenders) {
      if (variant.resetBeforeEachRun === true) {
        const response = await fetch(`${options.connection.baseUrl}/_emulator/reset`, { method: "POST" })
        await response.arrayBuffer()
        if (!response.ok) throw new Error(`POST /_emulator/reset answered ${response.status}`)
      }
      const run = launch(variant, contender, options)
      run.go()
      report(contender, await run.result)
    }
    return
  }
  const runs = contenders.map((contender) => ({ contender, run: launch(variant, contender, options) }))
  await Promise.all(runs.map(({ run }) => run.ready))
  for (const { contender, run } of runs) {
    run.go()
    report(contender, await run.result)
  }
}

const rotate = <A>(items: ReadonlyArray<A>, by: number): ReadonlyArray<A> =>
  items.map((_, i) => items[(i + by) % items.length]!)

const describeRun = (figures: Figures): string => {
  if (!figures.ok) return `FAILED: ${figures.error ?? "?"}`
  const parts: Array<string> = []
  if (figures.wallMs !== undefined) parts.push(`${figures.wallMs.toFixed(0)} ms`)
  if (figures.p50Ms !== undefined) parts.push(`p50 ${figures.p50Ms.toFixed(3)} ms`)
  if (figures.tokenRequests !== undefined) parts.push(`${figures.tokenRequests} token requests`)
  if (figures.peakHeapMb !== undefined) parts.push(`heap ${figures.peakHeapMb.toFixed(1)} MB`)
  if (figures.firstAnswerMs !== undefined) parts.push(`first answer ${figures.firstAnswerMs.toFixed(0)} ms`)
  return parts.join(", ")
}

/** A started emulator with a file of its first active numbers, for the runners to ask for. */
interface Prepared {
  readonly emulator: Emulator
  readonly phonesFile: string
}

/**
 * Every emulator the plan needs, one per distinct set of flags, all started at once before the first measurement
 * (starting them later would either steal CPU from a measured run or add up to seconds of waiting). Variants with the
 * same flags share one: the bench reads the emulator's counters as differences, so shared state does not matter.
 */
const prepareEmulators = (
  variants: ReadonlyArray<Variant>,
  scratch: string
): Map<string, Promise<Prepared>> => {
  const pool = new Map<string, Promise<Prepared>>()
  for (const variant of variants) {
    const key = variant.emulatorFlags.join(" ")
    if (pool.has(key)) continue
    const phonesFile = Path.join(scratch, `phones-${pool.size}.json`)
    const prepared = startEmulator(variant.emulatorFlags).then(async (emulator) => {
      Fs.writeFileSync(phonesFile, JSON.stringify(await fetchPhones(emulator)))
      return { emulator, phonesFile }
    })
    prepared.catch(() => undefined)
    pool.set(key, prepared)
  }
  return pool
}

/** Runs one variant on its emulator: a warm-up round if asked, then `reps` rounds with the contender order rotated. */
const runVariant = async (
  scenario: Scenario,
  variant: Variant,
  contenders: ReadonlyArray<ContenderName>,
  prepared: Promise<Prepared>
): Promise<ReadonlyArray<Run>> => {
  try {
    const { emulator, phonesFile } = await prepared
    const connection: Connection = {
      baseUrl: emulator.baseUrl,
      projectId: emulator.projectId,
      keyId: emulator.keyId,
      keySecret: emulator.keySecret
    }
    const options: RunnerOptions = {
      ...variant.options,
      connection,
      phonesFile,
      statsUrl: `${emulator.baseUrl}/_emulator/stats`
    }
    const runs: Array<Run> = []
    const reps = variant.reps ?? scenario.reps
    const warmup = variant.reps === undefined && scenario.warmup
    const rounds = [...(warmup ? [-1] : []), ...Array.from({ length: reps }, (_, i) => i)]
    for (const round of rounds) {
      const tag = round < 0 ? "warm-up" : `round ${round + 1}/${reps}`
      await runRound(variant, round < 0 ? contenders : rotate(contenders, round), options, (contender, figures) => {
        log(`  [${scenario.id} · ${variant.label} · ${tag}] ${contender}: ${describeRun(figures)}`)
        if (round >= 0) runs.push({ contender, round, figures })
      })
    }
    return runs
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    log(`  [${scenario.id} · ${variant.label}] could not run: ${message}`)
    return contenders.map((contender) => ({
      contender,
      round: 0,
      figures: { ok: false, error: message.split("\n")[0]! }
    }))
  }
}

const main = async () => {
  const args = parseArguments(process.argv.slice(2))
  const started = Date.now()
  const compiled = compile()
  log(
    compiled === 0 ?
      "packages/bench/build/js is up to date" :
      `compiled ${compiled} modules to packages/bench/build/js in ${((Date.now() - started) / 1000).toFixed(1)} s`
  )
  const bundled = await bundle()
  if (bundled.length > 0) {
    log(`bundled ${bundled.map((b) => `${b.contender} (${(b.bytes / 1024).toFixed(0)} KiB)`).join(", ")}`)
  }
  const scratch = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-sinch-bench-"))
  const plan = scenarios(args.quick).filter((s) => args.only.includes(s.id))
  const header = [
    `effect-sinch benchmark${args.quick ? " (--quick)" : ""}, ${new Date().toISOString()}`,
    `node ${process.version}, ${Os.cpus().length} × ${Os.cpus()[0]?.model ?? "cpu"}, ${
      (Os.totalmem() / 2 ** 30).toFixed(1)
    } GB, ${Os.platform()} ${Os.release()}, ${revision()}`,
    ""
  ].join("\n")
  process.stdout.write(header + "\n")
  const results: Array<{
    scenario: Scenario
    runs: Map<string, ReadonlyArray<Run>>
    targets: ReadonlyArray<Verdict>
  }> = []
  const pool = prepareEmulators(plan.flatMap((scenario) => scenario.variants), scratch)
  for (const scenario of plan) {
    const contenders = args.contenders === undefined ?
      scenario.contenders :
      scenario.contenders.filter((c) => args.contenders!.includes(c))
    log(`${scenario.number}. ${scenario.title}`)
    const scenarioStarted = Date.now()
    const runs = new Map<string, ReadonlyArray<Run>>()
    for (const variant of scenario.variants) {
      const mine = contenders.filter((c) => variant.contenders === undefined || variant.contenders.includes(c))
      const prepared = pool.get(variant.emulatorFlags.join(" "))!
      if (mine.length > 0) runs.set(variant.label, await runVariant(scenario, variant, mine, prepared))
    }
    log(`  (${((Date.now() - scenarioStarted) / 1000).toFixed(0)} s)`)
    const effective = { ...scenario, contenders }
    const targets = effective.verdicts(runs)
    results.push({ scenario: effective, runs, targets })
    process.stdout.write(render(effective, runs, targets) + "\n")
  }
  await Promise.all([...pool.values()].map((prepared) => prepared.then(({ emulator }) => emulator.stop(), () => {})))
  const fleet = args.fleet ? await runFleet({ quick: args.quick, number: scenarioIds.length + 1 }, log) : undefined
  if (fleet !== undefined) process.stdout.write(fleet.text + "\n")
  const soak = args.soak ? await runSoak({ quick: args.quick, number: scenarioIds.length + 2 }, log) : undefined
  if (soak !== undefined) process.stdout.write(soak.text + "\n")
  const mcp = args.mcp ? await runMcp({ quick: args.quick, number: scenarioIds.length + 3 }, log) : undefined
  if (mcp !== undefined) process.stdout.write(mcp.text + "\n")
  const cli = args.cli ? await runCli({ number: scenarioIds.length + 4 }, log) : undefined
  if (cli !== undefined) process.stdout.write(cli.text + "\n")
  const seconds = (Date.now() - started) / 1000
  process.stdout.write(`finished in ${seconds.toFixed(0)} s\n`)
  if (args.json !== undefined) {
    const file = Path.resolve(process.env["INIT_CWD"] ?? process.cwd(), args.json)
    Fs.writeFileSync(
      file,
      JSON.stringify(
        {
          date: new Date(started).toISOString(),
          revision: revision(),
          quick: args.quick,
          seconds,
          node: process.version,
          cpus: Os.cpus().map((c) => c.model),
          scenarios: results.map(({ runs, scenario, targets }) => ({
            id: scenario.id,
            number: scenario.number,
            title: scenario.title,
            reps: scenario.reps,
            warmup: scenario.warmup,
            variants: scenario.variants.map((v) => ({
              label: v.label,
              emulatorFlags: v.emulatorFlags,
              options: v.options
            })),
            runs: Object.fromEntries(runs),
            targets: targets.map(targetJson)
          })),
          ...(fleet === undefined ? {} : {
            fleet: { coldStart: fleet.coldStart, budget: fleet.budget, targets: fleet.targets.map(targetJson) }
          }),
          ...(soak === undefined ? {} : { soak: { figures: soak.figures, targets: soak.targets.map(targetJson) } }),
          ...(mcp === undefined ? {} : { mcp: { figures: mcp.figures, targets: mcp.targets.map(targetJson) } }),
          ...(cli === undefined ? {} : { cli: { figures: cli.figures, targets: cli.targets.map(targetJson) } })
        },
        null,
        2
      ) + "\n"
    )
    process.stdout.write(`figures written to ${file}\n`)
  }
  Fs.rmSync(scratch, { recursive: true, force: true })
}

main().then(
  () => {
    killChildren()
    process.exit(0)
  },
  (error: unknown) => {
    killChildren()
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
)
