/**
 * The one esbuild set-up that turns a package's bin into what ships: the package build (scripts/build-package.mjs),
 * `pnpm sinch-numbers` (scripts/bin.mjs), the tests' `globalSetup` and the bench all call `bundle`.
 *
 * A bin is three files in `outdir`:
 * - `NAME.bundle.cjs`: every module of the bin in one minified CommonJS script (platform node, node20). A module the
 *   bin reaches only through `import()` (the emulator, the MCP server, the NumbersClient stack) is wrapped by esbuild in
 *   a lazy initialiser: its code is parsed (V8 compiles functions lazily) but its top level, which builds schemas and
 *   tables, runs only when a command asks for it, so `--help` and `--version` never pay for it.
 * - `NAME.bundle.cjs.map`: the source map (sources named relative to it: `../../src/…`, which the package ships), read
 *   by Node when source maps are on (`--enable-source-maps`, or `SINCH_NUMBERS_DEBUG=1`).
 * - `NAME.cjs`: the launcher (the package's `bin`), a few lines that load the bundle with a compile cache: Node 22.1+'s
 *   `module.enableCompileCache()`, and on Node 20 V8's code cache by hand (`vm.Script` `cachedData`): a file per
 *   bundle content, Node version, V8 flags and command (the first word of the arguments, since V8's data holds only
 *   the functions compiled in the run that made it) in a per-user directory, written atomically at exit when there
 *   was none or V8 rejected it. A missing, unwritable or corrupt cache is skipped (V8 rejects data that does not
 *   match the script); the caches of other builds untouched for a week are removed when one is written. The
 *   directory: `SINCH_NUMBERS_CACHE_DIR`, else `$XDG_CACHE_HOME/sinch-numbers` or the platform's cache directory;
 *   `NODE_DISABLE_COMPILE_CACHE=1` turns it off.
 *
 * - `NAME.answers` (when the package has a `src/internal/answers.ts` beside the bin, or `answers` names a module):
 *   answers computed at build time by the command line itself, for argvs whose answer is fixed (`--help` after each
 *   command path, `--version`). The module's `answers()` runs once, bundled the same way, in a child process; the
 *   launcher holds the argvs and where each answer's bytes are in this file, and answers such an argv (exactly it)
 *   from it without loading the bundle: stdout, stderr (each as printed to a terminal without `NO_COLOR`, else
 *   plain) and the exit code. The file starts with the bundle's hash: one from another build is not used; nor is one
 *   of another size, or whose text to print does not match its checksum (cut short or damaged). When stdout refuses
 *   the answer (a full disk), the launcher prints what the module's `writeFailed()` says the command line prints
 *   then, and exits with its code; a closed pipe ends it quietly, as the command line does.
 *   `SINCH_NUMBERS_NO_FAST_PATH=1` turns this off (the command line then answers, as for every other argv).
 *
 * A CommonJS script rather than ES modules: Node 20 can only use a code cache for a script, and esbuild's splitting
 * (ES modules only) is not needed for laziness since a bundled `import()` already defers evaluation.
 *
 * @since 0.0.0
 */
import * as Esbuild from "esbuild"
import * as ChildProcess from "node:child_process"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Module from "node:module"
import * as Path from "node:path"

/**
 * The files a bin is made of, by their paths.
 *
 * @since 0.0.0
 * @category models
 */
export interface Bundled {
  /** the launcher: what `bin` in package.json names, and what a test spawns with `node` */
  readonly launcher: string
  readonly bundle: string
  readonly map: string
  /** every source file that went into the bundle (a rebuild is due when one is newer than the bundle) */
  readonly inputs: string
  /** the answers the launcher gives without loading the bundle (absent when the bin has none) */
  readonly answers: string
}

/**
 * One answer of a bin's `answers()` module: what the command line printed for `args` (on a terminal without
 * `NO_COLOR`, and otherwise) and its exit code.
 *
 * @since 0.0.0
 * @category models
 */
export interface Answer {
  readonly args: ReadonlyArray<string>
  readonly code: number
  readonly stdout: { readonly terminal: string; readonly plain: string }
  readonly stderr: { readonly terminal: string; readonly plain: string }
}

/**
 * What a bin's `answers()` module says the command line does when an answer cannot be written to stdout (its
 * optional `writeFailed()`): the text on stderr, where `placeholder` stands for the write error's message, and the
 * exit code. A closed pipe (EPIPE) is not a failure.
 *
 * @since 0.0.0
 * @category models
 */
export interface WriteFailed {
  readonly placeholder: string
  readonly code: number
  readonly stderr: { readonly terminal: string; readonly plain: string }
}

/**
 * The paths of the bin `name` built into `outdir`.
 *
 * @since 0.0.0
 * @category bundling
 */
export const files = (outdir: string, name: string): Bundled => ({
  launcher: Path.join(outdir, `${name}.cjs`),
  bundle: Path.join(outdir, `${name}.bundle.cjs`),
  map: Path.join(outdir, `${name}.bundle.cjs.map`),
  inputs: Path.join(outdir, `${name}.inputs.json`),
  answers: Path.join(outdir, `${name}.answers`)
})

/**
 * The repository's root, from which the source map names sources (`packages/cli/src/bin.ts`).
 */
const repositoryRoot = (from: string): string => {
  let dir = Path.resolve(from)
  while (!Fs.existsSync(Path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = Path.dirname(dir)
    if (parent === dir) return Path.dirname(from)
    dir = parent
  }
  return dir
}

/**
 * The emulator finds its console's files with `import("…/console/directory.cjs")`, a module that says its own
 * `__dirname`. Bundled, that `__dirname` would be the bundle's: this answers the emulator package's directory as Node
 * resolves it from the bundle at run time (its built `dist/console` when installed, its `console` in the repository).
 */
const consoleDirectory: Esbuild.Plugin = {
  name: "emulator-console-directory",
  setup(build) {
    build.onResolve({ filter: /[\\/]console[\\/]directory\.cjs$/ }, (args) => ({
      path: Path.resolve(args.resolveDir, args.path),
      namespace: "console-directory"
    }))
    build.onLoad({ filter: /.*/, namespace: "console-directory" }, () => ({
      loader: "js",
      contents: `const Path = require("node:path")
const Fs = require("node:fs")
const emulator = "@effect-sinch/emulator"
let root = Path.dirname(require.resolve(emulator))
while (!Fs.existsSync(Path.join(root, "package.json"))) root = Path.dirname(root)
const built = Path.join(root, "dist", "console")
module.exports = { directory: Fs.existsSync(Path.join(built, "index.html")) ? built : Path.join(root, "console") }
`
    }))
  }
}

/**
 * `import()` of a package left outside the bundle becomes a lazy `require`: in a script compiled by `vm.Script` (the
 * launcher's code cache) a dynamic `import()` has no loader without an experimental flag, and the native addons are
 * CommonJS anyway.
 */
const requireExternals = (external: ReadonlyArray<string>): Esbuild.Plugin => ({
  name: "require-externals",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === "dynamic-import" && external.includes(args.path)
        ? { path: args.path, namespace: "require-external" }
        : undefined)
    build.onLoad({ filter: /.*/, namespace: "require-external" }, (args) => ({
      loader: "js",
      contents: `module.exports = require(${JSON.stringify(args.path)})\n`
    }))
  }
})

/**
 * Packages bundled but evaluated when the bin first reads one of their exports, rather than when a module that imports
 * them loads: undici, which `@effect/platform-node`'s `NodeHttpClient` imports for `layerUndici` while a command of a
 * few calls uses its `node:http` `layer` (undici's evaluation also loads Node's own fetch, ~30 ms together). Its
 * export names are read at build time, so that esbuild's ES module interop lists them without loading it.
 *
 * @since 0.0.0
 * @category bundling
 */
export const loadedOnFirstUse: ReadonlyArray<string> = ["undici"]

const onFirstUse = (packages: ReadonlyArray<string>): Esbuild.Plugin => ({
  name: "load-on-first-use",
  setup(build) {
    build.onResolve(
      { filter: /^[@a-z]/ },
      (args) =>
        packages.includes(args.path) && args.namespace !== "load-on-first-use"
          ? { path: args.path, namespace: "load-on-first-use", pluginData: args.resolveDir }
          : undefined
    )
    build.onLoad({ filter: /.*/, namespace: "load-on-first-use" }, (args) => {
      const resolveDir = String(args.pluginData)
      const real: unknown = Module.createRequire(Path.join(resolveDir, "index.js"))(args.path)
      if (typeof real !== "object" || real === null) throw new Error(`${args.path}: not an object of exports`)
      const names = Object.keys(real)
      return {
        loader: "js",
        resolveDir,
        contents: `const names = new Set(${JSON.stringify(names)})
let real
const load = () => real === undefined ? (real = require(${JSON.stringify(args.path)})) : real
module.exports = new Proxy({}, {
  get: (_, key) => key === "__esModule" ? ${
          JSON.stringify("__esModule" in real ? Reflect.get(real, "__esModule") : undefined) ?? "undefined"
        } : load()[key],
  has: (_, key) => names.has(key),
  ownKeys: () => [...names],
  getOwnPropertyDescriptor: (_, key) =>
    names.has(key) ? { configurable: true, enumerable: true, get: () => load()[key] } : undefined
})
`
      }
    })
  }
})

/**
 * The answers table: the file (the bundle's hash on the first line, then each distinct text once) and, for each
 * argv (its words joined by NUL), the byte ranges of stdout and stderr on a terminal and plain, the exit code, then
 * the checksum (`checksum`) of each of the four texts, in the same order.
 */
interface Table {
  readonly file: Buffer
  readonly index: ReadonlyArray<readonly [string, ReadonlyArray<number>]>
}

// FNV-1a, 32 bits: the launcher checks each text it prints against it (a file cut short or damaged is not used);
// the launcher's copy of it is in `fastPath`.
const checksum = (bytes: Uint8Array): number => {
  let sum = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) sum = Math.imul(sum ^ bytes[i]!, 0x01000193)
  return sum >>> 0
}

const table = (hash: string, answers: ReadonlyArray<Answer>): Table => {
  const chunks: Array<Buffer> = [Buffer.from(hash + "\n", "latin1")]
  let size = chunks[0]!.length
  const ranges = new Map<string, readonly [number, number, number]>()
  const text = (value: string): readonly [number, number, number] => {
    let found = ranges.get(value)
    if (found === undefined) {
      const bytes = Buffer.from(value, "utf8")
      found = [size, size + bytes.length, checksum(bytes)]
      chunks.push(bytes)
      size += bytes.length
      ranges.set(value, found)
    }
    return found
  }
  const index = answers.map((answer) => {
    const texts = [answer.stdout.terminal, answer.stdout.plain, answer.stderr.terminal, answer.stderr.plain].map(text)
    return [
      answer.args.join("\u0000"),
      [...texts.flatMap(([start, end]) => [start, end]), answer.code, ...texts.map(([, , sum]) => sum)]
    ] as const
  })
  return { file: Buffer.concat(chunks), index }
}

/**
 * The launcher's fast path: an argv of the table is answered from the answers file, unless it is from another build,
 * missing, of another size or a text it would print does not match its checksum (a file cut short or damaged: see the
 * module's comment).
 */
const fastPath = (answersFile: string, table: Table, writeFailed: WriteFailed | null): string =>
  `// argvs answered from ${answersFile}, computed at build time by the command line itself
const answers = new Map(${JSON.stringify(table.index)})
// what the command line does when stdout refuses an answer (a full disk), as it does it
const writeFailed = ${JSON.stringify(writeFailed)}
const colours = (stream) => stream.isTTY === true && (process.env.NO_COLOR ?? "") === ""
const answer = isSet("SINCH_NUMBERS_NO_FAST_PATH") ? undefined : answers.get(process.argv.slice(2).join("\\u0000"))
let answered = false
if (answer !== undefined) {
  try {
    const table = Fs.readFileSync(Path.join(__dirname, ${JSON.stringify(answersFile)}))
    if (table.length === ${table.file.length} && table.toString("latin1", 0, bundleHash.length + 1) === bundleHash + "\\n") {
      // FNV-1a of a text, as the table was built with
      const checksum = (bytes) => {
        let sum = 0x811c9dc5
        for (let i = 0; i < bytes.length; i++) sum = Math.imul(sum ^ bytes[i], 0x01000193)
        return sum >>> 0
      }
      // as the command line prints: colours only to a terminal, and not with NO_COLOR (https://no-color.org)
      const text = (stream, at) => {
        const [start, end, sum] = colours(stream)
          ? [answer[at], answer[at + 1], answer[9 + at / 2]]
          : [answer[at + 2], answer[at + 3], answer[10 + at / 2]]
        const bytes = table.subarray(start, end)
        return checksum(bytes) === sum ? bytes : undefined
      }
      const out = text(process.stdout, 0)
      const err = text(process.stderr, 4)
      if (out !== undefined && err !== undefined) {
        let failed = false
        const print = (stream, bytes) => {
          if (bytes.length === 0) return
          stream.on("error", (error) => {
            // a closed pipe ends it quietly; stdout refusing the answer fails the run, stderr refusing is not told
            if (stream !== process.stdout || error?.code === "EPIPE" || writeFailed === null || failed) return
            failed = true
            const line = colours(process.stderr) ? writeFailed.stderr.terminal : writeFailed.stderr.plain
            process.stderr.on("error", () => {})
            process.stderr.write(line.replace(writeFailed.placeholder, () => String(error?.message ?? error)))
            process.exitCode = writeFailed.code
          })
          stream.write(bytes)
        }
        print(process.stdout, out)
        print(process.stderr, err)
        process.exitCode = answer[8]
        answered = true
      }
    }
  } catch {}
}
if (answered) {
  // answered without the bundle
} else `

/**
 * The launcher: loads the bundle with a compile cache (see the module's comment). `hash` names the bundle's content.
 */
const launcher = (bundleFile: string, hash: string, fast: string, commandPaths: ReadonlyArray<string>): string =>
  `#!/usr/bin/env node
"use strict"
// Loads ${bundleFile} with a compile cache (generated by @effect-sinch/test-support/BinBundle; docs/cli.md).
const bundleName = ${JSON.stringify(bundleFile)}
const bundleHash = ${JSON.stringify(hash)}
const Fs = require("node:fs")
const Module = require("node:module")
const Os = require("node:os")
const Path = require("node:path")
const file = Path.join(__dirname, bundleName)
const isSet = (name) => !["", "0"].includes(process.env[name] ?? "")
// the bin's command paths (from its answers: the argvs \`PATH --help\`), words joined by spaces
const commandPaths = new Set(${JSON.stringify(commandPaths)})
const cacheRoot = () => {
  const own = process.env.SINCH_NUMBERS_CACHE_DIR
  if (own !== undefined && own !== "") return own
  const base = process.env.XDG_CACHE_HOME || (process.platform === "win32"
    ? process.env.LOCALAPPDATA || Path.join(Os.homedir(), "AppData", "Local")
    : process.platform === "darwin" ? Path.join(Os.homedir(), "Library", "Caches") : Path.join(Os.homedir(), ".cache"))
  return Path.join(base, "sinch-numbers")
}
${fast}if (isSet("SINCH_NUMBERS_DEBUG") || process.sourceMapsEnabled === true) {
  // a defect's stack names the sources: Node reads the map when it loads the file
  process.setSourceMapsEnabled(true)
  require(file)
} else if (isSet("NODE_DISABLE_COMPILE_CACHE")) {
  require(file)
} else if (typeof Module.enableCompileCache === "function") {
  try {
    Module.enableCompileCache(Path.join(cacheRoot(), "node"))
  } catch {}
  require(file)
} else {
  const Vm = require("node:vm")
  // the hashbang, commented out in place (columns stay where the source map says); the code is ASCII (esbuild escapes
  // the rest; only the licence comments at the end may hold UTF-8), so latin1 reads it without UTF-8 decoding
  const source = Fs.readFileSync(file, "latin1").replace(/^#!/, "//")
  const flags = [...process.execArgv, process.env.NODE_OPTIONS || ""].join(" ")
  const key = require("node:crypto").createHash("sha256")
    .update(bundleHash).update(process.version).update(process.arch).update(flags).digest("hex").slice(0, 32)
  // V8's data holds the functions compiled when it was made: one file per command (its path when the bin lists its
  // command paths, else its first word, else its flags), so that --version's few functions are not all that --help or
  // active get find, nor active list's undici all that active get loads
  // (a command path, a word that looks like a command's name, else the flags alone: no value of the line goes into a
  // file name)
  const args = process.argv.slice(2)
  const words = args.filter((arg) => !arg.startsWith("-"))
  const start = words.findIndex((word) => commandPaths.has(word))
  let path = start === -1 ? "" : words[start]
  for (let end = start + 2; start !== -1 && end <= words.length; end++) {
    if (!commandPaths.has(words.slice(start, end).join(" "))) break
    path = words.slice(start, end).join("-")
  }
  const word = words[0]
  const command = path !== ""
    ? path
    : word !== undefined && /^[a-z][a-z-]{0,30}$/.test(word)
    ? word
    : args.filter((arg) => /^--?[a-z][a-z-]{0,30}$/.test(arg)).join("_").slice(0, 60)
  const cacheDir = Path.join(cacheRoot(), "v8")
  const cacheFile = Path.join(cacheDir, bundleName + "-" + key + "-" + command + ".cache")
  let cachedData
  try {
    cachedData = Fs.readFileSync(cacheFile)
  } catch {}
  const script = new Vm.Script(Module.wrap(source), { filename: file, cachedData })
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // at exit the functions this run compiled are in the data too
    process.once("exit", () => {
      try {
        const data = script.createCachedData()
        Fs.mkdirSync(cacheDir, { recursive: true })
        const temporary = cacheFile + "." + process.pid + ".tmp"
        Fs.writeFileSync(temporary, data)
        Fs.renameSync(temporary, cacheFile)
        // the caches of earlier builds (or flags) of this bin, untouched for a week, go
        for (const other of Fs.readdirSync(cacheDir)) {
          const path = Path.join(cacheDir, other)
          if (other.startsWith(bundleName + "-") && Date.now() - Fs.statSync(path).mtimeMs > 7 * 864e5) {
            Fs.rmSync(path, { force: true })
          }
        }
      } catch {}
    })
  }
  const module = new Module(file, null)
  module.filename = file
  module.paths = Module._nodeModulePaths(__dirname)
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, __dirname)
}
`

/**
 * The packages a bin loads from node_modules at run time rather than from its bundle: native addons.
 *
 * @since 0.0.0
 * @category bundling
 */
export const nativeAddons: ReadonlyArray<string> = ["@napi-rs/keyring"]

/** The longest line esbuild writes into a bin's bundle, about (see `bundle`). */
export const lineLimit = 1_000

/**
 * The options of a bin's esbuild build (the bundle's and its answers module's).
 */
const buildOptions = (root: string, external: ReadonlyArray<string>) =>
  ({
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    absWorkingDir: root,
    metafile: true,
    logLevel: "warning",
    external: [...external],
    plugins: [consoleDirectory, requireExternals(external), onFirstUse(loadedOnFirstUse)],
    // the packages' code is ES modules: what stands for import.meta.url in a script
    define: { "import.meta.url": "__bundle_import_meta_url" },
    banner: { js: `var __bundle_import_meta_url=require("node:url").pathToFileURL(__filename).href;` }
  }) satisfies Esbuild.BuildOptions

const sourceFiles = (root: string, metafile: Esbuild.Metafile): ReadonlyArray<string> =>
  Object.keys(metafile.inputs).filter((input) => !input.includes(":")).map((input) => Path.resolve(root, input))

const isText = (value: unknown): value is { readonly terminal: string; readonly plain: string } =>
  typeof value === "object" && value !== null && "terminal" in value && typeof value.terminal === "string" &&
  "plain" in value && typeof value.plain === "string"

const isWriteFailed = (value: unknown): value is WriteFailed =>
  typeof value === "object" && value !== null && "placeholder" in value && typeof value.placeholder === "string" &&
  value.placeholder !== "" && "code" in value && typeof value.code === "number" && "stderr" in value &&
  isText(value.stderr) && value.stderr.plain.includes(value.placeholder) &&
  value.stderr.terminal.includes(value.placeholder)

const isAnswers = (value: unknown): value is ReadonlyArray<Answer> =>
  Array.isArray(value) &&
  value.every((answer) =>
    typeof answer === "object" && answer !== null && Array.isArray(answer.args) && typeof answer.code === "number" &&
    typeof answer.stdout?.terminal === "string" && typeof answer.stdout?.plain === "string" &&
    typeof answer.stderr?.terminal === "string" && typeof answer.stderr?.plain === "string"
  )

/**
 * Runs the `answers()` of `module` (and its `writeFailed()`, when it has one), bundled as the bin is, in a child
 * process with an environment of its own (what it prints must not depend on the machine that builds it).
 */
const computeAnswers = async (
  module: string,
  outdir: string,
  root: string,
  external: ReadonlyArray<string>
): Promise<{
  readonly answers: ReadonlyArray<Answer>
  readonly writeFailed: WriteFailed | null
  readonly inputs: ReadonlyArray<string>
}> => {
  const script = Path.join(outdir, `.answers-${process.pid}-${Date.now()}.cjs`)
  try {
    const result = await Esbuild.build({
      ...buildOptions(root, external),
      stdin: {
        contents: `const module = require(${JSON.stringify(module)})
Promise.all([module.answers(), typeof module.writeFailed === "function" ? module.writeFailed() : null]).then(
  ([answers, writeFailed]) => process.stdout.write(JSON.stringify({ answers, writeFailed })),
  (error) => { console.error(error); process.exitCode = 1 }
)`,
        resolveDir: root,
        sourcefile: "answers-entry.cjs",
        loader: "js"
      },
      outfile: script
    })
    const stdout = await new Promise<string>((resolve, reject) =>
      ChildProcess.execFile(
        process.execPath,
        [script],
        { env: { PATH: process.env["PATH"] ?? "" }, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) =>
          error === null
            ? resolve(stdout)
            : reject(new Error(`${module}: answers() failed: ${stderr}`, { cause: error }))
      )
    )
    const { answers, writeFailed }: { answers?: unknown; writeFailed?: unknown } = JSON.parse(stdout)
    if (!isAnswers(answers)) throw new Error(`${module}: answers() did not answer a list of answers`)
    if (writeFailed !== null && !isWriteFailed(writeFailed)) {
      throw new Error(`${module}: writeFailed() did not answer a text with its placeholder and an exit code`)
    }
    return { answers, writeFailed, inputs: sourceFiles(root, result.metafile) }
  } finally {
    Fs.rmSync(script, { force: true })
  }
}

/**
 * Bundles `entry` into the bin `name` in `outdir` (see the module's comment): the bundle, its source map, the
 * launcher, the answers when the bin has a module of them (`answers`, by default `internal/answers.ts` beside the
 * entry), and the list of its inputs (which `pnpm sinch-numbers` compares with the bundle's time). `external` names
 * packages loaded from node_modules at run time, as an installed package loads them: `nativeAddons` by default.
 *
 * @since 0.0.0
 * @category bundling
 */
export const bundle = async (options: {
  readonly entry: string
  readonly outdir: string
  readonly name: string
  readonly external?: ReadonlyArray<string> | undefined
  readonly answers?: string | undefined
}): Promise<Bundled> => {
  const paths = files(options.outdir, options.name)
  const external = options.external ?? nativeAddons
  const root = repositoryRoot(options.entry)
  const result = await Esbuild.build({
    ...buildOptions(root, external),
    entryPoints: [options.entry],
    minify: true,
    // Lines of at most about 1,000 characters. A failed `assert(value)` without a message (undici has many) makes
    // Node read the source around the call and parse it again and again to show the expression; in one line of a
    // megabyte, that took 48 s of CPU for one failed assert, against 28 ms in lines of 1,000.
    lineLimit,
    // the launcher reads it as latin1
    charset: "ascii",
    sourcemap: "linked",
    sourceRoot: "",
    sourcesContent: false,
    outfile: paths.bundle
  })
  const hash = Crypto.createHash("sha256").update(Fs.readFileSync(paths.bundle)).digest("hex")
  const answersModule = options.answers ?? Path.join(Path.dirname(options.entry), "internal", "answers.ts")
  const computed = Fs.existsSync(answersModule)
    ? await computeAnswers(answersModule, options.outdir, root, external)
    : undefined
  let fast = ""
  let commandPaths: ReadonlyArray<string> = []
  if (computed === undefined) {
    Fs.rmSync(paths.answers, { force: true })
  } else {
    const answersTable = table(hash, computed.answers)
    Fs.writeFileSync(paths.answers, answersTable.file)
    fast = fastPath(Path.basename(paths.answers), answersTable, computed.writeFailed)
    commandPaths = computed.answers.flatMap(({ args }) =>
      args.length > 1 && args[args.length - 1] === "--help" ? [args.slice(0, -1).join(" ")] : []
    )
  }
  Fs.writeFileSync(paths.launcher, launcher(Path.basename(paths.bundle), hash, fast, commandPaths), { mode: 0o755 })
  Fs.writeFileSync(
    paths.inputs,
    JSON.stringify([...new Set([...sourceFiles(root, result.metafile), ...(computed?.inputs ?? [])])])
  )
  return paths
}
