// The packages as npm users get them: builds and packs every publishable package, installs the tarballs with npm
// into fresh projects (ESM .mjs, CommonJS .cjs, TypeScript nodenext and TypeScript bundler, none with
// skipLibCheck), runs each one against the emulator started from the packed bin, and checks that exactly one copy of
// effect was installed. Needs the npm registry (effect and friends come from there).
//
//   node scripts/pack-check.mjs [--keep]     (--keep leaves the temporary directory for a look)
//
// Exit code 0 when everything holds, 1 otherwise; the summary says what failed.
import { execFileSync, spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const keep = process.argv.includes("--keep")
const started = Date.now()
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`
const log = (line) => console.error(`pack-check: ${line}`)
const failures = []
// what no user should be able to import: the bin (it starts a server) and internals
const hiddenIds = [
  "@effect-sinch/emulator/bin",
  "@effect-sinch/emulator/internal/engine",
  "@effect-sinch/numbers/internal/execute"
]
const fail = (what) => {
  failures.push(what)
  log(`FAILED ${what}`)
}

const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options })
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-40).join("\n")
    throw new Error(`${command} ${args.join(" ")} exited ${result.status ?? result.signal}\n${output}`)
  }
  return result.stdout
}
const npm = (args, cwd) => run(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd })
const pnpm = (args, cwd) => run(process.platform === "win32" ? "npx.cmd" : "npx", ["-y", "pnpm@12.4.2", ...args], { cwd })

// ---------------------------------------------------------------------------------------------------------------
// The publishable packages; a library is one that ships CommonJS beside ESM (the others are tools with a bin).

const manifests = readdirSync(join(root, "packages"))
  .map((dir) => join(root, "packages", dir))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
  .filter(({ manifest }) => manifest.private !== true)
const isLibrary = (manifest) => manifest.publishConfig?.exports?.["."]?.require !== undefined
const libraries = manifests.filter(({ manifest }) => isLibrary(manifest)).map(({ manifest }) => manifest.name)

// Versions the projects install beside the tarballs: what this repository develops against.
const devVersions = Object.assign(
  {},
  ...[join(root, "package.json"), ...manifests.map(({ dir }) => join(dir, "package.json"))].map((file) =>
    JSON.parse(readFileSync(file, "utf8")).devDependencies ?? {}
  )
)
const peers = [...new Set(manifests.flatMap(({ manifest }) =>
  Object.entries(manifest.peerDependencies ?? {})
    .filter(([name]) => manifest.peerDependenciesMeta?.[name]?.optional !== true)
    .map(([name]) => name)
))].sort()
// Optional peers (ioredis for RedisTokenStore, @effect/experimental for FleetRateLimiter) only go into the TypeScript
// projects, where every declaration file is checked; the JavaScript ones prove the packages load without them.
const optionalPeers = [...new Set(manifests.flatMap(({ manifest }) =>
  Object.keys(manifest.peerDependenciesMeta ?? {}).filter((name) => manifest.peerDependenciesMeta[name].optional)
))].sort()
const spec = (name) => `${name}@${devVersions[name] ?? "latest"}`

const work = mkdtempSync(join(tmpdir(), "effect-sinch-pack-check-"))
let emulator
const cleanup = () => {
  if (emulator !== undefined && emulator.exitCode === null) emulator.kill("SIGINT")
  if (!keep) rmSync(work, { recursive: true, force: true })
}
process.on("SIGINT", () => {
  cleanup()
  process.exit(130)
})

const summary = { packages: [], projects: [] }

try {
  // -------------------------------------------------------------------------------------------------------------
  log(`building ${manifests.map(({ manifest }) => manifest.name).join(", ")}`)
  let t = Date.now()
  pnpm(["-r", ...manifests.flatMap(({ manifest }) => ["--filter", manifest.name]), "run", "build"], root)
  const buildTime = Date.now() - t

  // -------------------------------------------------------------------------------------------------------------
  t = Date.now()
  const tarballs = join(work, "tarballs")
  mkdirSync(tarballs)
  for (const { dir, manifest } of manifests) {
    const out = pnpm(["pack", "--pack-destination", tarballs], dir).trim().split("\n")
    const tarball = out.findLast((line) => line.endsWith(".tgz")).trim()
    const unpacked = join(work, "unpacked", manifest.name)
    mkdirSync(unpacked, { recursive: true })
    run("tar", ["-xzf", tarball, "-C", unpacked])
    const files = walk(join(unpacked, "package"))
    const packed = JSON.parse(readFileSync(join(unpacked, "package", "package.json"), "utf8"))
    const entry = {
      name: manifest.name,
      tarball,
      size: statSync(tarball).size,
      unpacked: files.reduce((sum, file) => sum + statSync(file).size, 0),
      files: files.length
    }
    summary.packages.push(entry)
    const names = files.map((file) => relative(join(unpacked, "package"), file).split("\\").join("/"))
    for (const required of ["package.json", "README.md", "LICENSE"]) {
      if (!names.includes(required)) fail(`${manifest.name}: the tarball has no ${required}`)
    }
    if (names.some((name) => /(^|\/)test\/|\.test\.|tsbuildinfo/.test(name))) {
      fail(`${manifest.name}: the tarball holds tests or build state`)
    }
    if (JSON.stringify(packed).includes("workspace:")) fail(`${manifest.name}: workspace: left in its package.json`)
    for (const field of ["repository", "homepage", "bugs", "keywords", "engines", "license"]) {
      if (packed[field] === undefined) fail(`${manifest.name}: no ${field} in its package.json`)
    }
    if (isLibrary(manifest)) {
      if (packed.type === "module") fail(`${manifest.name}: the tarball's root says type module (CommonJS expected)`)
      for (const [dir, type] of [["esm", "module"], ["cjs", "commonjs"]]) {
        const marker = join(unpacked, "package", "dist", dir, "package.json")
        if (!existsSync(marker) || JSON.parse(readFileSync(marker, "utf8")).type !== type) {
          fail(`${manifest.name}: dist/${dir}/package.json does not say type ${type}`)
        }
      }
      for (const target of [packed.main, packed.types, packed.module]) {
        if (target === undefined || !existsSync(join(unpacked, "package", target))) {
          fail(`${manifest.name}: main, module or types points at nothing (${target})`)
        }
      }
    }
    for (const [bin, target] of Object.entries(packed.bin ?? {})) {
      const file = join(unpacked, "package", target)
      if (!existsSync(file) || !readFileSync(file, "utf8").startsWith("#!/usr/bin/env node")) {
        fail(`${manifest.name}: bin ${bin} (${target}) is missing or has no shebang`)
      }
    }
    // a bundled bin (docs/cli.md) is its launcher, one bundle and its source map (and the answers file its launcher
    // reads, when it has one): not a tree of modules
    const bundledBins = Object.entries(packed.bin ?? {}).filter(([, target]) => target.startsWith("./dist/bin/"))
    if (bundledBins.length > 0) {
      const answersOf = (bin) => {
        const launcher = join(unpacked, "package", "dist", "bin", `${bin}.cjs`)
        return existsSync(launcher) && readFileSync(launcher, "utf8").includes(JSON.stringify(`${bin}.answers`))
          ? [`${bin}.answers`]
          : []
      }
      const expected = bundledBins.flatMap(([bin]) => [
        `${bin}.cjs`,
        `${bin}.bundle.cjs`,
        `${bin}.bundle.cjs.map`,
        ...answersOf(bin)
      ]).sort()
      const shipped = names.filter((name) => name.startsWith("dist/bin/")).map((name) => name.slice("dist/bin/".length))
      if (JSON.stringify(shipped.sort()) !== JSON.stringify(expected)) {
        fail(`${manifest.name}: dist/bin holds ${shipped.join(", ")}; expected ${expected.join(", ")}`)
      }
      entry.bundledBins = bundledBins.map(([bin]) => ({
        bin,
        bytes: statSync(join(unpacked, "package", "dist", "bin", `${bin}.bundle.cjs`)).size
      }))
    }
  }
  const packTime = Date.now() - t

  // -------------------------------------------------------------------------------------------------------------
  // The projects. Each gets its own npm install of every tarball, the required peers, and TypeScript where needed.

  const tgzs = summary.packages.map(({ tarball }) => tarball)
  const typescript = [spec("typescript"), spec("@types/node"), ...optionalPeers.map(spec)]
  const strict = {
    target: "ES2022",
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false,
    // @effect/platform's declarations name DOM types (Storage, fetch's Request)
    lib: ["ES2022", "DOM"],
    types: ["node"],
    rootDir: ".",
    outDir: "out"
  }
  // every declaration file of every package, internals included, type-checks in the user's program
  const everyDeclaration = ["node_modules/@effect-sinch/*/dist/**/*.d.ts"]
  const projects = [
    {
      name: "esm",
      label: "ESM (.mjs)",
      packageJson: { type: "module" },
      files: { "main.mjs": programJs("esm") },
      runs: ["main.mjs"]
    },
    {
      name: "cjs",
      label: "CommonJS (.cjs)",
      // what `npm init -y` writes
      packageJson: { type: "commonjs" },
      files: { "main.cjs": programJs("cjs") },
      runs: ["main.cjs"]
    },
    {
      name: "ts-nodenext",
      label: "TypeScript nodenext",
      packageJson: { type: "module" },
      extra: typescript,
      files: {
        "tsconfig.json": JSON.stringify(
          {
            compilerOptions: { ...strict, module: "nodenext", moduleResolution: "nodenext" },
            include: ["*.mts", "*.cts", ...everyDeclaration],
            exclude: []
          },
          null,
          2
        ),
        "main.mts": programTs("esm"),
        "main.cts": programTs("cjs"),
        "types.mts": typeChecks(libraries)
      },
      compile: true,
      runs: ["out/main.mjs", "out/main.cjs"]
    },
    {
      name: "ts-bundler",
      label: "TypeScript bundler",
      packageJson: { type: "module" },
      extra: typescript,
      files: {
        "tsconfig.json": JSON.stringify(
          {
            compilerOptions: { ...strict, module: "preserve", moduleResolution: "bundler" },
            include: ["*.ts", ...everyDeclaration],
            exclude: []
          },
          null,
          2
        ),
        "main.ts": programTs("esm"),
        "types.ts": typeChecks(libraries)
      },
      compile: true,
      runs: ["out/main.js"]
    }
  ]

  for (const project of projects) {
    const dir = join(work, "projects", project.name)
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: `pack-check-${project.name}`, version: "1.0.0", private: true, ...project.packageJson })
    )
    for (const [file, text] of Object.entries(project.files)) writeFileSync(join(dir, file), text)
    const t0 = Date.now()
    npm(
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...tgzs, ...peers.map(spec), ...(project.extra ?? [])],
      dir
    )
    project.installTime = Date.now() - t0
    project.effectCopies = walk(join(dir, "node_modules"), (d) => basename(d) === "effect" && isPackage(d, "effect"))
      .length
    if (project.effectCopies !== 1) fail(`${project.label}: ${project.effectCopies} copies of effect installed`)
    if (project.compile) {
      const t1 = Date.now()
      try {
        execFileSync(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "."], {
          cwd: dir,
          encoding: "utf8",
          stdio: "pipe"
        })
      } catch (error) {
        const output = `${error.stdout}${error.stderr}`
        const errors = output.split("\n").filter((line) => /error TS\d+/.test(line))
        const where = [...new Set(errors.map((line) => /node_modules\/(@[^/]+\/[^/]+)\//.exec(line)?.[1] ?? "the project"))]
        fail(`${project.label}: tsc found ${errors.length} errors, in ${where.join(", ")}\n${output}`)
      }
      project.compileTime = Date.now() - t1
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // The emulator, started from the packed bin as `npx sinch-numbers-emulator` would.

  const active = 250
  const binDir = join(work, "projects", "esm")
  const bin = join(binDir, "node_modules", ".bin", "sinch-numbers-emulator")
  const help = spawnSync(bin, ["--help"], { encoding: "utf8" })
  if (help.status !== 0 || !help.stdout.includes("$ sinch-numbers-emulator")) {
    fail(`sinch-numbers-emulator --help exited ${help.status} or its usage does not name it`)
  }
  for (const { manifest } of manifests.filter(({ manifest }) => !isLibrary(manifest))) {
    for (const other of Object.keys(JSON.parse(readFileSync(join(work, "unpacked", manifest.name, "package", "package.json"), "utf8")).bin ?? {})) {
      const result = spawnSync(join(binDir, "node_modules", ".bin", other), ["--help"], { encoding: "utf8" })
      if (result.status !== 0) fail(`${other} --help exited ${result.status}: ${result.stderr.slice(0, 400)}`)
    }
  }
  const env = await startEmulator(bin, ["--port", "0", "--host", "127.0.0.1", "--active", String(active)])
  // the console ships inside the package: its page and the libraries it vendors answer from the packed bin
  for (const file of ["", "/app.js", "/vendor/htm-preact.js", "/vendor/uPlot.js"]) {
    const response = await fetch(`${env.SINCH_NUMBERS_URL}/_emulator/console${file}`)
    if (response.status !== 200) fail(`the packed emulator's console: /_emulator/console${file} answered ${response.status}`)
  }

  // -------------------------------------------------------------------------------------------------------------
  // The bundled command line from the packed tarball, as `npx sinch-numbers` runs it: its version, a command's help
  // (from the launcher's answers, the same bytes as the command line's own), then a command against the emulator
  // (every active number listed, one of them read back).
  const cliBin = join(binDir, "node_modules", ".bin", "sinch-numbers")
  const cliEnv = {
    ...process.env,
    ...env,
    SINCH_CONFIG: join(work, "sinch-numbers-config.json"),
    SINCH_NUMBERS_CACHE_DIR: join(work, "sinch-numbers-cache")
  }
  const cliVersion = JSON.parse(readFileSync(join(work, "unpacked", "@effect-sinch/cli", "package", "package.json"), "utf8"))
    .version
  const version = spawnSync(cliBin, ["--version"], { encoding: "utf8", env: cliEnv })
  if (version.status !== 0 || version.stdout.trim() !== cliVersion) {
    fail(`sinch-numbers --version from the tarball: exited ${version.status}, printed ${JSON.stringify(version.stdout)}`)
  }
  const cliHelp = spawnSync(cliBin, ["active", "list", "--help"], { encoding: "utf8", env: cliEnv })
  const helpOfCli = spawnSync(cliBin, ["active", "list", "--help"], {
    encoding: "utf8",
    env: { ...cliEnv, SINCH_NUMBERS_NO_FAST_PATH: "1" }
  })
  if (cliHelp.status !== 0 || !cliHelp.stdout.includes("$ sinch-numbers active list") || cliHelp.stdout !== helpOfCli.stdout ||
    cliHelp.status !== helpOfCli.status) {
    fail(`sinch-numbers active list --help from the tarball: exited ${cliHelp.status} (the command line's own: ${helpOfCli.status}), printed ${cliHelp.stdout === helpOfCli.stdout ? "the command line's help" : "other bytes than the command line"}`)
  }
  const listed = spawnSync(cliBin, ["active", "list", "--ndjson"], { encoding: "utf8", env: cliEnv, timeout: 60_000 })
  const phones = (listed.stdout ?? "").trim().split("\n").filter((line) => line !== "").map((line) =>
    JSON.parse(line).phoneNumber
  )
  if (listed.status !== 0 || phones.length !== active) {
    fail(`sinch-numbers active list from the tarball: exited ${listed.status}, ${phones.length} numbers (expected ${active})\n${listed.stderr}`)
  } else {
    const got = spawnSync(cliBin, ["active", "get", phones[0], "--json"], { encoding: "utf8", env: cliEnv, timeout: 60_000 })
    if (got.status !== 0 || JSON.parse(got.stdout).phoneNumber !== phones[0]) {
      fail(`sinch-numbers active get from the tarball: exited ${got.status}\n${got.stdout}${got.stderr}`)
    }
  }
  summary.cli = { version: version.stdout.trim(), listed: phones.length }

  // -------------------------------------------------------------------------------------------------------------
  for (const project of projects) {
    project.results = []
    for (const file of project.runs) {
      const result = spawnSync(process.execPath, [file], {
        cwd: join(work, "projects", project.name),
        encoding: "utf8",
        env: { ...process.env, ...env },
        timeout: 60_000
      })
      const line = (result.stdout ?? "").trim().split("\n").pop() ?? ""
      let report
      try {
        report = JSON.parse(line)
      } catch {
        fail(`${project.label} ${file}: exited ${result.status} without a report\n${result.stdout}${result.stderr}`)
        continue
      }
      const format = file.endsWith(".cjs") ? "cjs" : "esm"
      const problems = [
        report.active !== active && `listed ${report.active} active numbers, expected ${active}`,
        report.found !== 2 && `found ${report.found} available numbers, expected 2`,
        !report.resolved.includes(`/dist/${format}/`) && `loaded ${report.resolved}, expected dist/${format}`,
        report.hidden.some((code) => code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") &&
        `the bin or an internal module is importable: ${report.hidden.join(", ")}`,
        report.emulator !== "function" && "@effect-sinch/emulator did not load"
      ].filter(Boolean)
      for (const problem of problems) fail(`${project.label} ${file}: ${problem}`)
      project.results.push(`${basename(file)} ${problems.length === 0 ? "ok" : "FAILED"}`)
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  const lines = [
    "",
    `pack-check: ${failures.length === 0 ? "passed" : `FAILED (${failures.length})`} in ${seconds(Date.now() - started)}` +
    ` (build ${seconds(buildTime)}, pack ${seconds(packTime)})`,
    "",
    table(
      ["package", "tarball", "unpacked", "files"],
      summary.packages.map((p) => [p.name, kB(p.size), kB(p.unpacked), String(p.files)])
    ),
    "",
    `bundled bins: ${
      summary.packages.flatMap((p) => (p.bundledBins ?? []).map((b) => `${b.bin} (${kB(b.bytes)})`)).join(", ")
    }; sinch-numbers from the tarball: --version ${summary.cli?.version}, --help, active list ${summary.cli?.listed} numbers, active get ok`,
    "",
    table(
      ["project", "install", "tsc", "runs against the packed emulator bin", "copies of effect"],
      projects.map((p) => [
        p.label,
        seconds(p.installTime),
        p.compileTime === undefined ? "-" : seconds(p.compileTime),
        (p.results ?? []).join(", "),
        String(p.effectCopies)
      ])
    ),
    ...(failures.length === 0 ? [] : ["", "failures:", ...failures.map((f) => `  - ${f.split("\n")[0]}`)])
  ]
  console.log(lines.join("\n"))
} catch (error) {
  fail(error instanceof Error ? error.message : String(error))
  console.log(`\npack-check: FAILED in ${seconds(Date.now() - started)}: ${failures[failures.length - 1]}`)
} finally {
  cleanup()
}
process.exit(failures.length === 0 ? 0 : 1)

// ---------------------------------------------------------------------------------------------------------------

function walk(dir, match) {
  const found = []
  const visit = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name)
      if (entry.isSymbolicLink()) continue
      if (entry.isDirectory()) {
        if (match !== undefined && match(path)) found.push(path)
        visit(path)
      } else if (match === undefined) {
        found.push(path)
      }
    }
  }
  visit(dir)
  return found
}

function isPackage(dir, name) {
  const file = join(dir, "package.json")
  if (!existsSync(file)) return false
  try {
    return JSON.parse(readFileSync(file, "utf8")).name === name
  } catch {
    return false
  }
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const format = (row) => "  " + row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()
  return [format(header), ...rows.map(format)].join("\n")
}

/** Starts the bin, reads the settings its banner prints (`  SINCH_X=value`), and returns them. */
function startEmulator(bin, args) {
  return new Promise((resolve, reject) => {
    emulator = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    let err = ""
    const timer = setTimeout(() => reject(new Error(`the emulator did not start in 30 s\n${out}${err}`)), 30_000)
    emulator.stderr.on("data", (chunk) => err += chunk)
    emulator.stdout.on("data", (chunk) => {
      out += chunk
      if (!out.includes("Ctrl-C")) return
      clearTimeout(timer)
      const env = Object.fromEntries([...out.matchAll(/^ {2}(SINCH_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]))
      const missing = ["SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET", "SINCH_AUTH_URL", "SINCH_NUMBERS_URL"]
        .filter((name) => env[name] === undefined)
      if (missing.length > 0) reject(new Error(`the emulator's banner does not give ${missing.join(", ")}\n${out}`))
      else if (!env.SINCH_NUMBERS_URL.startsWith("http://127.0.0.1:") || env.SINCH_NUMBERS_URL.includes("/v1/")) {
        reject(new Error(`SINCH_NUMBERS_URL should be the bare loopback origin, got ${env.SINCH_NUMBERS_URL}`))
      } else resolve(env)
    })
    emulator.on("exit", (code) => reject(new Error(`the emulator exited ${code}\n${out}${err}`)))
  })
}

// ---------------------------------------------------------------------------------------------------------------
// The programs. Each reads its settings from the environment with the one common-case layer, searches, counts
// every active number, checks that the bin and internals cannot be imported, and prints one JSON line.

function programJs(format) {
  const imports = format === "esm"
    ? `import { Emulator } from "@effect-sinch/emulator"
import { NumbersClient } from "@effect-sinch/numbers"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer, Stream } from "effect"
const resolved = import.meta.resolve("@effect-sinch/numbers")
const hidden = await Promise.all(HIDDEN.map((id) => import(id).then(() => "importable", (e) => e.code)))`
    : `const { Emulator } = require("@effect-sinch/emulator")
const { NumbersClient } = require("@effect-sinch/numbers")
const { FetchHttpClient } = require("@effect/platform")
const { Effect, Layer, Stream } = require("effect")
const resolved = require.resolve("@effect-sinch/numbers")
const hidden = HIDDEN.map((id) => { try { require.resolve(id); return "importable" } catch (e) { return e.code } })`
  return `${imports.replace("HIDDEN", JSON.stringify(hiddenIds))}

const program = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  const found = yield* numbers.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 2 })
  const active = yield* Stream.runCount(numbers.listActiveNumbers())
  return { found: found.availableNumbers.length, active }
})

const MainLive = NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(FetchHttpClient.layer))

Effect.runPromise(Effect.provide(program, MainLive)).then((result) =>
  console.log(JSON.stringify({ ...result, resolved, hidden, emulator: typeof Emulator.layer }))
)
`
}

function programTs(format) {
  const head = format === "esm"
    ? `import { Emulator } from "@effect-sinch/emulator"
import { NumbersClient } from "@effect-sinch/numbers"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer, Stream } from "effect"

const resolved: string = import.meta.resolve("@effect-sinch/numbers")
const hidden = await Promise.all(
  ${JSON.stringify(hiddenIds)}.map((id) => import(id).then(() => "importable", (e: { code?: string }) => e.code))
)`
    : `import { Emulator } from "@effect-sinch/emulator"
import { NumbersClient } from "@effect-sinch/numbers"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer, Stream } from "effect"

const resolved: string = require.resolve("@effect-sinch/numbers")
const hidden = ${JSON.stringify(hiddenIds)}.map((id) => {
  try {
    require.resolve(id)
    return "importable"
  } catch (e) {
    return (e as { code?: string }).code
  }
})`
  return `${head}

const program: Effect.Effect<{ found: number; active: number }, unknown, NumbersClient.NumbersClient> = Effect.gen(
  function*() {
    const numbers = yield* NumbersClient.NumbersClient
    const found = yield* numbers.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 2 })
    const active = yield* Stream.runCount(numbers.listActiveNumbers())
    return { found: found.availableNumbers.length, active }
  }
)

const MainLive = NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(FetchHttpClient.layer))

Effect.runPromise(Effect.provide(program, MainLive)).then((result) =>
  console.log(JSON.stringify({ ...result, resolved, hidden, emulator: typeof Emulator.layer }))
)
`
}

/** Type-level checks: every public module resolves, and types that once were `any` are not. */
function typeChecks(names) {
  const modules = names.flatMap((name) => {
    const dts = join(work, "unpacked", name, "package", "dist", "dts")
    return readdirSync(dts)
      .filter((file) => file.endsWith(".d.ts") && file !== "bin.d.ts")
      .map((file) => `${name}/${file.slice(0, -".d.ts".length)}`)
  })
  return `${
    modules.map((m, i) => `import * as M${i} from "${m.replace(/\/index$/, "")}"`).join("\n")
  }
import { Emulator } from "@effect-sinch/emulator"

export const modules = [${modules.map((_, i) => `M${i}`).join(", ")}]

// Emulator.FireEvent is a real class, not any
export const event: Emulator.FireEvent = new Emulator.FireEvent({ phoneNumber: "+12025550134" })
// @ts-expect-error phoneNumber is a string
export const wrong = new Emulator.FireEvent({ phoneNumber: 12025550134 })
`
}

