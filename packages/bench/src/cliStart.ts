/**
 * `pnpm bench --only cli`: how fast the command line starts as it ships (issue 23, target 3). The bin bundled by
 * BinBundle, as the package build makes it, each figure the median of 10 spawns, taken in rounds that alternate the
 * order of the programs (so a moment of load hits them all):
 * - `sinch-numbers --version` and `--help` against `node -e 0` (target: ≤ 2×);
 * - the floor: the smallest `@effect/cli` program (cliFloor.ts), bundled and launched the same way, `--version`;
 * - `sinch-numbers active get PHONE` against the official SDK's script answering the same `get` (target: ≤ 1.3×),
 *   both from spawn to exit, against one emulator on loopback; and its floors, the same get through NumbersClient
 *   alone (cliFloorGet.ts), bundled the same way, on each HTTP client: node:http (what the command line uses for a
 *   command of a few calls), undici and Node's fetch.
 * The compile cache is warmed by one run of each before the timed ones (what every run after a user's first pays).
 */
import * as Emulator from "@effect-sinch/emulator/Emulator"
import * as BinBundle from "@effect-sinch/test-support/BinBundle"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Url from "node:url"
import * as CliFloorGet from "./cliFloorGet.js"
import { outDir } from "./compile.js"
import type { Verdict } from "./scenarios.js"
import { summarize } from "./statistics.js"

const spawns = 10
const here = Path.dirname(Url.fileURLToPath(import.meta.url))
const cliBin = Path.resolve(here, "../../cli/src/bin.ts")
const floorEntry = Path.resolve(here, "cliFloor.ts")
const floorGetModule = Path.resolve(here, "cliFloorGet.ts")

/** One program of the comparison: how to spawn it, and what its output must hold (a wrong answer is no figure). */
interface Program {
  readonly label: string
  readonly args: ReadonlyArray<string>
  readonly expect: string
}

/** Spawn to exit: the time in ms and what it printed; fails when it fails or does not print what it should. */
const run = (program: Program, env: Record<string, string>): Promise<{ readonly ms: number; readonly out: string }> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const child = ChildProcess.spawn(process.execPath, [...program.args], { env, stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => out += chunk.toString("utf8"))
    child.stderr.on("data", (chunk: Buffer) => out += chunk.toString("utf8"))
    child.once("error", reject)
    child.once("close", (code) => {
      const ms = performance.now() - started
      if (code !== 0 || !out.includes(program.expect)) {
        reject(
          new Error(`${program.label} exited ${code} without ${JSON.stringify(program.expect)}:\n${out.slice(0, 600)}`)
        )
      } else resolve({ ms, out })
    })
  })

/** The figures, each target with its value and whether it is met. */
export interface CliReport {
  readonly text: string
  readonly figures: Record<string, number>
  readonly targets: ReadonlyArray<Verdict>
}

/** @internal */
export const runCli = async (
  options: { readonly number: number },
  log: (line: string) => void
): Promise<CliReport> => {
  log(`${options.number}. the command line's start: --version, --help, active get, against node -e 0 and official`)
  const work = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-sinch-bench-cli-"))
  const cli = await BinBundle.bundle({ entry: cliBin, outdir: Path.join(work, "cli"), name: "sinch-numbers" })
  const floor = await BinBundle.bundle({ entry: floorEntry, outdir: Path.join(work, "floor"), name: "floor" })
  // one entry per HTTP client, in the bench's build directory (where its imports resolve)
  const floorGet = Object.fromEntries(
    await Promise.all((["undici", "fetch", "http"] as const).map(async (client) => {
      const entry = Path.resolve(here, "..", "build", "cli-floor-get", `${client}.ts`)
      Fs.mkdirSync(Path.dirname(entry), { recursive: true })
      Fs.writeFileSync(entry, CliFloorGet.entry(client, floorGetModule))
      const bundled = await BinBundle.bundle({ entry, outdir: Path.join(work, `floor-get-${client}`), name: "get" })
      return [client, bundled.launcher] as const
    }))
  )
  // the official SDK's script: its contender as the bench compiled it (plain JavaScript), one get, then exit
  const official = Path.join(work, "official.mjs")
  Fs.writeFileSync(
    official,
    `import { make } from ${JSON.stringify(Url.pathToFileURL(Path.join(outDir, "contenders/official.js")).href)}
const [baseUrl, projectId, keyId, keySecret, phone] = process.argv.slice(2)
const answer = await make({ baseUrl, projectId, keyId, keySecret }).getActiveNumber(phone)
console.log(answer)
process.exit(0)
`
  )
  const runtime = ManagedRuntime.make(Emulator.layer({ active: 100, console: false }))
  try {
    const emulator = await runtime.runPromise(Emulator.Emulator)
    const env: Record<string, string> = {
      PATH: process.env["PATH"] ?? "",
      HOME: work,
      SINCH_CONFIG: Path.join(work, "config.json"),
      SINCH_NUMBERS_CACHE_DIR: Path.join(work, "cache"),
      SINCH_PROJECT_ID: emulator.projectId,
      SINCH_KEY_ID: emulator.keyId,
      SINCH_KEY_SECRET: Redacted.value(emulator.keySecret),
      SINCH_NUMBERS_URL: emulator.baseUrl,
      SINCH_AUTH_URL: emulator.tokenUrl
    }
    // a number to get: the first the command line lists
    // (spawned, not spawnSync: the emulator answers from this process)
    const listed = await run(
      { label: "active list", args: [cli.launcher, "active", "list", "--ndjson"], expect: "+" },
      env
    )
    const phone = (JSON.parse(listed.out.split("\n")[0]!) as { phoneNumber: string }).phoneNumber
    const programs: Record<string, Program> = {
      node: { label: "node -e 0", args: ["-e", "0"], expect: "" },
      version: { label: "sinch-numbers --version", args: [cli.launcher, "--version"], expect: "0.1.0" },
      help: { label: "sinch-numbers --help", args: [cli.launcher, "--help"], expect: "$ sinch-numbers" },
      floor: { label: "@effect/cli floor --version", args: [floor.launcher, "--version"], expect: "0.1.0" },
      get: { label: "sinch-numbers active get", args: [cli.launcher, "active", "get", phone], expect: phone },
      floorGet: { label: "NumbersClient get alone, undici", args: [floorGet["undici"]!, phone], expect: phone },
      floorGetHttp: { label: "NumbersClient get alone, node:http", args: [floorGet["http"]!, phone], expect: phone },
      floorGetFetch: { label: "NumbersClient get alone, fetch", args: [floorGet["fetch"]!, phone], expect: phone },
      official: {
        label: "official SDK script, first answer",
        args: [
          official,
          emulator.baseUrl,
          emulator.projectId,
          emulator.keyId,
          Redacted.value(emulator.keySecret),
          phone
        ],
        expect: phone
      }
    }
    const names = Object.keys(programs)
    for (const name of names) await run(programs[name]!, env)
    const samples: Record<string, Array<number>> = Object.fromEntries(names.map((name) => [name, []]))
    for (let round = 0; round < spawns; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse()
      for (const name of order) samples[name]!.push((await run(programs[name]!, env)).ms)
    }
    const figures = Object.fromEntries(names.map((name) => [`${name}Ms`, summarize(samples[name]!)!.median]))
    const ratio = (a: string, b: string) => figures[`${a}Ms`]! / figures[`${b}Ms`]!
    const targets: ReadonlyArray<Verdict> = [
      { label: "sinch-numbers --version / node -e 0", value: ratio("version", "node"), limit: 2 },
      { label: "sinch-numbers --help / node -e 0", value: ratio("help", "node"), limit: 2 },
      { label: "sinch-numbers active get / official first answer", value: ratio("get", "official"), limit: 1.3 }
    ].map(({ label, limit, value }) => ({
      label,
      value: `${value.toFixed(2)}×`,
      target: `≤ ${limit.toFixed(2)}×`,
      met: value <= limit,
      figure: value
    }))
    const rows = names.map((name) =>
      `  ${programs[name]!.label.padEnd(36)} ${figures[`${name}Ms`]!.toFixed(0).padStart(6)} ms`
    )
    const text = [
      `${options.number}. The command line's start (medians of ${spawns} spawns, compile cache warm, load ${
        Os.loadavg()[0]!.toFixed(2)
      })`,
      ...rows,
      `  floor (@effect/cli alone) / node -e 0: ${ratio("floor", "node").toFixed(2)}×`,
      `  floors of active get (NumbersClient alone, bundled) / official: undici ${
        ratio("floorGet", "official").toFixed(2)
      }×, node:http ${ratio("floorGetHttp", "official").toFixed(2)}×, fetch ${
        ratio("floorGetFetch", "official").toFixed(2)
      }×`,
      ...targets.map((t) => `  ${t.met ? "MET " : "MISS"} ${t.label}: ${t.value}   target ${t.target}`)
    ].join("\n")
    return { text, figures, targets }
  } finally {
    await runtime.dispose()
    Fs.rmSync(work, { recursive: true, force: true })
  }
}
