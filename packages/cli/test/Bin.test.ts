// The bin as it ships (BinBundle, as the package build makes it): one bundle beside its launcher and source map, a
// defect's stack that names the sources, and the compile cache: written once, used by the next run, and a corrupt or
// unwritable one never in the way of a command.
import * as BinBundle from "@effect-sinch/test-support/BinBundle"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Cli from "./fixtures/Cli.js"
import * as InProcess from "./fixtures/InProcess.js"
import { outdir } from "./globalSetup.js"

const manifest = JSON.parse(
  Fs.readFileSync(Path.join(import.meta.dirname, "..", "package.json"), "utf8")
) as { readonly version: string }

const envWith = Cli.isolated

/** The same, the launcher's answers table turned off: every argv loads the bundle (and its compile cache). */
const fullWith = (cacheDir: string, extra: Record<string, string> = {}): Record<string, string> =>
  envWith(cacheDir, { SINCH_NUMBERS_NO_FAST_PATH: "1", ...extra })

const cacheFiles = (cacheDir: string): ReadonlyArray<string> => {
  const dir = Path.join(cacheDir, "v8")
  return Fs.existsSync(dir) ? Fs.readdirSync(dir).map((file) => Path.join(dir, file)) : []
}

describe("the bundled bin", () => {
  it("is a launcher, one bundle and its source map, and the launcher's answers", () => {
    expect(Fs.readdirSync(outdir).filter((file) => !file.endsWith(".inputs.json")).sort()).toEqual([
      "sinch-numbers.answers",
      "sinch-numbers.bundle.cjs",
      "sinch-numbers.bundle.cjs.map",
      "sinch-numbers.cjs"
    ])
    expect(Fs.readFileSync(Cli.bin, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/)
  })

  it("is minified into short lines: a failed assert in a dependency costs milliseconds, not the CLI's next minute", () => {
    // Node parses the source line around a failed `assert(value)` to show its expression; in a minified line of a
    // megabyte that took 48 s of CPU (BinBundle's `lineLimit`). esbuild cannot break a long string literal.
    const lines = Fs.readFileSync(BinBundle.files(outdir, "sinch-numbers").bundle, "latin1").split("\n")
    expect(lines.length).toBeGreaterThan(500)
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(16 * BinBundle.lineLimit)
  })

  it.effect("--version is the package's, as @effect/cli prints it (from the launcher's answers: Answers.test.ts)", () =>
    Effect.gen(function*() {
      const viaCli = yield* InProcess.run(["--version"])
      expect(viaCli.code).toBe(0)
      const fast = yield* Effect.promise(() => Cli.run(["--version"], envWith(Cli.scratch())))
      expect(fast.code).toBe(0)
      expect(fast.stdout).toBe(viaCli.stdout)
      expect(fast.stdout).toBe(`${manifest.version}\n\n`)
      expect(fast.stderr).toBe(viaCli.stderr)
    }))

  it("a defect's stack names the source files (SINCH_NUMBERS_DEBUG=1), and stays one line without it", async () => {
    // a bug injected from outside: JSON.stringify throws on the document `profile list --json` prints
    const patch = Path.join(Cli.scratch(), "defect.mjs")
    Fs.writeFileSync(
      patch,
      `const stringify = JSON.stringify
JSON.stringify = function (value, ...rest) {
  if (value !== null && typeof value === "object" && "profiles" in value) throw new Error("injected defect")
  return stringify.call(this, value, ...rest)
}
`
    )
    const cacheDir = Cli.scratch()
    const debug = await Cli.run(
      ["profile", "list", "--json"],
      envWith(cacheDir, { SINCH_NUMBERS_DEBUG: "1", NODE_OPTIONS: `--import=${patch}` })
    )
    expect(debug.code).toBe(1)
    expect(debug.stderr).toContain("injected defect")
    expect(debug.stderr).toMatch(/at .*packages\/cli\/src\/internal\/output\.ts:\d+:\d+/)
    expect(debug.stderr).toMatch(/at .*packages\/cli\/src\/internal\/authCommand\.ts:\d+:\d+/)
    expect(debug.stderr).not.toMatch(/sinch-numbers\.bundle\.cjs:\d+/)

    const plain = await Cli.run(["profile", "list", "--json"], envWith(cacheDir, { NODE_OPTIONS: `--import=${patch}` }))
    expect(plain.code).toBe(1)
    expect(plain.stderr.trim()).toBe("sinch-numbers: Defect: Error: injected defect")
    expect(JSON.parse(plain.stdout)).toEqual({
      error: { tag: "Defect", message: "Error: injected defect", exitCode: 1 }
    })
  })

  it("writes a compile cache on the first run of a command and uses it, unchanged, on the next", async () => {
    const cacheDir = Cli.scratch()
    const first = await Cli.run(["--help"], fullWith(cacheDir))
    expect(first.code).toBe(0)
    expect(first.stdout).toContain("$ sinch-numbers")
    const [cache, ...others] = cacheFiles(cacheDir)
    expect(others).toEqual([])
    expect(cache).toMatch(/sinch-numbers\.bundle\.cjs-[0-9a-f]{32}---help\.cache$/)
    const written = Fs.statSync(cache!)
    expect(written.size).toBeGreaterThan(10_000)

    // V8 took the data: the launcher rewrites the file only when there was none or V8 rejected it
    const second = await Cli.run(["--help"], fullWith(cacheDir))
    expect(second.code).toBe(0)
    expect(second.stdout).toBe(first.stdout)
    expect(Fs.statSync(cache!).mtimeMs).toBe(written.mtimeMs)
    expect(cacheFiles(cacheDir)).toEqual([cache])

    // another command has its own (V8's data holds the functions the run that made it compiled)
    const version = await Cli.run(["--version"], fullWith(cacheDir))
    expect(version.stdout).toBe(`${manifest.version}\n\n`)
    expect(cacheFiles(cacheDir).map((file) => Path.basename(file).replace(/-[0-9a-f]{32}-/, "-KEY-")).sort()).toEqual([
      "sinch-numbers.bundle.cjs-KEY---help.cache",
      "sinch-numbers.bundle.cjs-KEY---version.cache"
    ])

    // a subcommand has its own, named by its command path and nothing else of the line (not the profile's name)
    expect((await Cli.run(["profile", "list"], fullWith(cacheDir))).code).toBe(0)
    expect((await Cli.run(["profile", "use", "someone"], fullWith(cacheDir))).code).not.toBe(0)
    expect(cacheFiles(cacheDir).map((file) => Path.basename(file).replace(/-[0-9a-f]{32}-/, "-KEY-")).sort()).toEqual([
      "sinch-numbers.bundle.cjs-KEY---help.cache",
      "sinch-numbers.bundle.cjs-KEY---version.cache",
      "sinch-numbers.bundle.cjs-KEY-profile-list.cache",
      "sinch-numbers.bundle.cjs-KEY-profile-use.cache"
    ])
  })

  it("a corrupt cache is ignored, then replaced", async () => {
    const cacheDir = Cli.scratch()
    expect((await Cli.run(["--version"], fullWith(cacheDir))).code).toBe(0)
    const [cache] = cacheFiles(cacheDir)
    Fs.writeFileSync(cache!, Buffer.from("not V8's code cache at all".repeat(100)))

    const ran = await Cli.run(["--version"], fullWith(cacheDir))
    expect(ran.code).toBe(0)
    expect(ran.stdout.trim()).toBe(manifest.version)
    expect(ran.stderr).toBe("")
    expect(Fs.readFileSync(cache!, "utf8")).not.toContain("not V8's code cache")

    // the replacement is good: the next run keeps it
    const replaced = Fs.statSync(cache!).mtimeMs
    expect((await Cli.run(["--version"], fullWith(cacheDir))).code).toBe(0)
    expect(Fs.statSync(cache!).mtimeMs).toBe(replaced)
  })

  it("an unwritable cache directory is skipped in silence, and so is NODE_DISABLE_COMPILE_CACHE=1", async () => {
    // a directory that cannot be made (its parent is a file), which holds even for root
    const file = Path.join(Cli.scratch(), "a-file")
    Fs.writeFileSync(file, "")
    for (const run of [0, 1]) {
      const ran = await Cli.run(["--version"], fullWith(Path.join(file, "cache")))
      expect(ran.code, `run ${run}`).toBe(0)
      expect(ran.stdout.trim()).toBe(manifest.version)
      expect(ran.stderr).toBe("")
    }
    const cacheDir = Cli.scratch()
    const off = await Cli.run(["--version"], fullWith(cacheDir, { NODE_DISABLE_COMPILE_CACHE: "1" }))
    expect(off.code).toBe(0)
    expect(off.stdout.trim()).toBe(manifest.version)
    expect(cacheFiles(cacheDir)).toEqual([])
  })

  it("a native addon left outside the bundle (the keychain's) loads under the launcher, cached or not", async () => {
    const dir = Cli.scratch()
    const { launcher } = await BinBundle.bundle({
      entry: Path.join(import.meta.dirname, "fixtures", "nativeAddon.ts"),
      outdir: Path.join(import.meta.dirname, "..", "build", "test-native-addon"),
      name: "native-addon"
    })
    for (const env of [envWith(dir), envWith(dir), envWith(dir, { NODE_DISABLE_COMPILE_CACHE: "1" })]) {
      const ran = await new Promise<Cli.Ran>((resolve) =>
        Cli.collect(ChildProcess.spawn(process.execPath, [launcher], { env })).then(resolve)
      )
      expect(ran.stdout).toBe("loaded function\n")
      expect(ran.code).toBe(0)
    }
    expect(cacheFiles(dir)).toHaveLength(1)
  })

  it("a cache written under other V8 flags is another file", async () => {
    const cacheDir = Cli.scratch()
    expect((await Cli.run(["--version"], fullWith(cacheDir))).code).toBe(0)
    expect((await Cli.run(["--version"], fullWith(cacheDir, { NODE_OPTIONS: "--max-old-space-size=200" }))).code).toBe(
      0
    )
    expect(cacheFiles(cacheDir)).toHaveLength(2)
  })
})
