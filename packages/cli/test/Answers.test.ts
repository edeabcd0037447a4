// The launcher's answers table (BinBundle, internal/answers.ts): `--version`, and `--help`/`-h` after every command
// path, answered without loading the bundle, with exactly the bytes and exit code of the command line, which is run
// here through the same bin with the table turned off (SINCH_NUMBERS_NO_FAST_PATH=1). Any other argv is the command
// line's; a table from another build, or none, is not used.
import * as BinBundle from "@effect-sinch/test-support/BinBundle"
import { describe, expect, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Answers from "../src/internal/answers.js"
import * as SinchNumbersCli from "../src/SinchNumbersCli.js"
import * as Cli from "./fixtures/Cli.js"
import { outdir } from "./globalSetup.js"

const envWith = Cli.isolated
const full = (cacheDir: string, extra: Record<string, string> = {}) =>
  envWith(cacheDir, { SINCH_NUMBERS_NO_FAST_PATH: "1", ...extra })

/** The argvs the launcher holds, read from its table. */
const launcherArgvs = (launcher: string): ReadonlyArray<ReadonlyArray<string>> => {
  const table = /^const answers = new Map\((.*)\)$/m.exec(Fs.readFileSync(launcher, "utf8"))
  expect(table).not.toBeNull()
  return (JSON.parse(table![1]!) as ReadonlyArray<readonly [string, unknown]>).map(([key]) => key.split("\u0000"))
}

/** Runs `f` on every item, `concurrency` at a time, in order. */
const pool = async <A, B>(items: ReadonlyArray<A>, concurrency: number, f: (a: A) => Promise<B>) => {
  const results: Array<B> = []
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await f(items[i]!)
    }
  }))
  return results
}

/** Runs the bin with its stdout on `fd` (a file, a device), and reads stderr and the exit code. */
const runInto = (args: ReadonlyArray<string>, env: Record<string, string>, fd: number) =>
  new Promise<{ readonly code: number | null; readonly stderr: string }>((resolve, reject) => {
    const child = ChildProcess.spawn(process.execPath, [Cli.bin, ...args], { env, stdio: ["ignore", fd, "pipe"] })
    let stderr = ""
    child.stderr!.on("data", (chunk: Buffer) => stderr += chunk.toString("utf8"))
    child.once("error", reject)
    child.once("close", (code) => resolve({ code, stderr }))
  })

/** Runs the bin with its stdout a pipe closed before it writes. */
const runClosed = (args: ReadonlyArray<string>, env: Record<string, string>) =>
  new Promise<{ readonly code: number | null; readonly stderr: string }>((resolve, reject) => {
    const child = ChildProcess.spawn(process.execPath, [Cli.bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] })
    child.stdout!.destroy()
    let stderr = ""
    child.stderr!.on("data", (chunk: Buffer) => stderr += chunk.toString("utf8"))
    child.once("error", reject)
    child.once("close", (code) => resolve({ code, stderr }))
  })

const hasScript = ChildProcess.spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0
const quote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`

/** Runs the bin in a pseudo-terminal (util-linux `script`): what the terminal received, and the exit code. */
const runOnTerminal = (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const command = [process.execPath, Cli.bin, ...args].map(quote).join(" ")
  const ran = ChildProcess.spawnSync("script", ["-qec", command, "/dev/null"], { env, encoding: "utf8" })
  return { code: ran.status, output: ran.stdout }
}

describe("the launcher's answers", () => {
  it("are --version, and --help and -h after every command path, alone: the argvs answers.ts names", () => {
    const argvs = launcherArgvs(Cli.bin)
    expect(argvs).toEqual(Answers.argvs())
    const paths = Answers.paths(SinchNumbersCli.command).map((path) => path.join(" "))
    // the tree's every level: the root, its commands, their subcommands, and theirs
    expect(paths).toEqual(expect.arrayContaining([
      "",
      "active",
      "active list",
      "active bulk-release",
      "active emergency-address",
      "active emergency-address validate",
      "orders wait",
      "profile use",
      "webhooks listen",
      "emulator",
      "mcp"
    ]))
    expect(new Set(paths).size).toBe(paths.length)
    expect(paths.length).toBeGreaterThanOrEqual(40)
  })

  it(
    "for every argv, are the command line's bytes on stdout and stderr and its exit code, without the bundle",
    async () => {
      const argvs = Answers.argvs()
      const fastCache = Cli.scratch()
      const results = await pool(argvs, 3, async (args) => ({
        args,
        fast: await Cli.run(args, envWith(fastCache)),
        full: await Cli.run(args, full(Cli.scratch()))
      }))
      for (const { args, fast, full } of results) {
        const name = args.join(" ")
        expect(fast.code, name).toBe(full.code)
        expect(fast.stdout, name).toBe(full.stdout)
        expect(fast.stderr, name).toBe(full.stderr)
        expect(full.code, name).toBe(0)
        expect(full.stdout.length, name).toBeGreaterThan(0)
      }
      const help = results.find(({ args }) => args.join(" ") === "active list --help")!
      expect(help.fast.stdout).toContain("$ sinch-numbers active list [--ndjson]")
      // the bundle was never loaded: it would have written its compile cache
      expect(Fs.readdirSync(fastCache)).toEqual([])
    },
    400_000
  )

  it.skipIf(!hasScript)(
    "on a terminal they keep @effect/cli's colours, with NO_COLOR not, as the command line does",
    () => {
      for (const args of [["--help"], ["active", "list", "-h"]]) {
        const fast = runOnTerminal(args, envWith(Cli.scratch()))
        const fullRun = runOnTerminal(args, full(Cli.scratch()))
        expect(fast.code).toBe(0)
        expect(fullRun.code).toBe(0)
        expect(fast.output).toBe(fullRun.output)
        expect(fast.output).toContain("\u001b[")

        const fastPlain = runOnTerminal(args, envWith(Cli.scratch(), { NO_COLOR: "1" }))
        const fullPlain = runOnTerminal(args, full(Cli.scratch(), { NO_COLOR: "1" }))
        expect(fastPlain).toEqual(fullPlain)
        expect(fastPlain.output).not.toContain("\u001b[")
        expect(fastPlain.output).toContain("$ sinch-numbers")
      }
    }
  )

  it("into a full disk and a closed pipe they end as the command line does", async () => {
    for (const args of [["--help"], ["orders", "create", "--help"], ["--version"]]) {
      const devFull = Fs.openSync("/dev/full", "w")
      try {
        const fast = await runInto(args, envWith(Cli.scratch()), devFull)
        const fullRun = await runInto(args, full(Cli.scratch()), devFull)
        expect(fast).toEqual(fullRun)
        // the answer was not written: that is a failure, said in one line, as a listing into a full disk is
        expect(fast.code).toBe(11)
        expect(fast.stderr).toBe(
          "sinch-numbers: OutputFailed: Could not write stdout: ENOSPC: no space left on device, write\n"
        )
      } finally {
        Fs.closeSync(devFull)
      }
      const fast = await runClosed(args, envWith(Cli.scratch()))
      const fullRun = await runClosed(args, full(Cli.scratch()))
      expect(fast).toEqual(fullRun)
      expect(fast.code).toBe(0)
    }
    // the completion script (not in the table) too
    const devFull = Fs.openSync("/dev/full", "w")
    try {
      const completions = await runInto(["--completions", "bash"], envWith(Cli.scratch()), devFull)
      expect(completions.code).toBe(11)
      expect(completions.stderr).toMatch(/^sinch-numbers: OutputFailed: Could not write stdout: ENOSPC[^\n]*\n$/)
    } finally {
      Fs.closeSync(devFull)
    }
  })

  it("an answers file from another build, or none, is not used: the command line answers", async () => {
    // a copy of the bin whose answers file says another bundle's hash, with texts that are not the help
    const copy = Cli.scratch()
    for (const file of Fs.readdirSync(outdir)) Fs.copyFileSync(Path.join(outdir, file), Path.join(copy, file))
    const { answers, launcher } = BinBundle.files(copy, "sinch-numbers")
    const table = Fs.readFileSync(answers)
    Fs.writeFileSync(answers, Buffer.concat([Buffer.from("0".repeat(64) + "\n"), Buffer.alloc(table.length, "x")]))
    const expected = await Cli.run(["--help"], full(Cli.scratch()))
    const run = (env: Record<string, string>) =>
      new Promise<Cli.Ran>((resolve) =>
        Cli.collect(ChildProcess.spawn(process.execPath, [launcher, "--help"], { env })).then(resolve)
      )

    const stale = await run(envWith(Cli.scratch()))
    expect(stale).toEqual(expected)

    Fs.rmSync(answers)
    const missing = await run(envWith(Cli.scratch()))
    expect(missing).toEqual(expected)
  })

  it("an answers file cut short or damaged is not used: the command line answers", async () => {
    const copy = Cli.scratch()
    for (const file of Fs.readdirSync(outdir)) Fs.copyFileSync(Path.join(outdir, file), Path.join(copy, file))
    const { answers, launcher } = BinBundle.files(copy, "sinch-numbers")
    const table = Fs.readFileSync(answers)
    const run = (args: ReadonlyArray<string>) =>
      Cli.collect(ChildProcess.spawn(process.execPath, [launcher, ...args], { env: envWith(Cli.scratch()) }))
    for (const args of [["--help"], ["active", "list", "--help"], ["--version"]]) {
      const expected = await Cli.run(args, full(Cli.scratch()))
      expect(expected.stdout.length).toBeGreaterThan(0)
      // cut short after its first line (the bundle's hash, which still matches): a write that did not finish
      Fs.writeFileSync(answers, table.subarray(0, table.indexOf("\n") + 10))
      expect(await run(args), `${args.join(" ")}: cut short`).toEqual(expected)
      // the same length, its texts overwritten
      Fs.writeFileSync(answers, Buffer.concat([table.subarray(0, 65), Buffer.alloc(table.length - 65, "A")]))
      expect(await run(args), `${args.join(" ")}: damaged`).toEqual(expected)
    }
  })
})
