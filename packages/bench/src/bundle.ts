/**
 * The bundled contenders: the runner with one contender, as one esbuild file per contender under
 * `packages/bench/build/bundles` (bundled, minified, tree-shaken, platform node, ESM, Node 20), the form in which
 * functions and command lines ship. Built from the TypeScript sources and the packages' own package.json files (their
 * `sideEffects`), again only when a source changed.
 *
 * Each bundle is `src/runner.ts` with its `./load.js` (every contender, imported on demand) replaced by one module of
 * `src/bundled`, which imports its contender and HttpClient statically.
 */
import * as Esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { stamp } from "./compile.js"
import type { ContenderName } from "./contender.js"
import { repoRoot } from "./emulatorProcess.js"

/** Where the bundles live. */
export const bundleDir = Path.join(repoRoot, "packages/bench/build/bundles")

const sourceDir = Path.join(repoRoot, "packages/bench/src")

/** Each bundled contender, and the module of `src/bundled` that replaces load.ts in its bundle. */
const bundled: Partial<Record<ContenderName, string>> = {
  "official-bundled": "official.ts",
  "effect-sinch-bundled": "effectSinch.ts",
  "effect-sinch-fetch-bundled": "effectSinchFetch.ts",
  "effect-bare-bundled": "effectBare.ts",
  "effect-bare-undici-bundled": "effectBareUndici.ts",
  "effect-sinch-http-bundled": "effectSinchHttp.ts",
  "effect-bare-http-bundled": "effectBareHttp.ts"
}

/** The file a contender's runner is started from: its bundle, or the compiled runner (compile.ts) for plain ones. */
export const entryOf = (contender: ContenderName): string =>
  bundled[contender] === undefined ?
    "packages/bench/build/js/runner.js" :
    Path.relative(repoRoot, Path.join(bundleDir, `${contender}.mjs`))

/**
 * `@sinch/sdk-client` 1.5.0 requires `@sinch/sdk-core/package.json` (for its User-Agent) without depending on
 * `@sinch/sdk-core`: the bundle gets a stand-in, as the plain script does (contenders/official.ts).
 */
const sinchCoreStandIn: Esbuild.Plugin = {
  name: "sinch-sdk-core-package-json",
  setup: (build) => {
    build.onResolve(
      { filter: /^@sinch\/sdk-core\/package\.json$/ },
      () => ({ path: "sdk-core", namespace: "stand-in" })
    )
    build.onLoad({ filter: /.*/, namespace: "stand-in" }, () => ({
      contents: JSON.stringify({ name: "@sinch/sdk-core", version: "1.5.0" }),
      loader: "json"
    }))
  }
}

/**
 * Replaces the runner's `./load.js` with the bundle's own contender module, and leaves out its `./export.js` (the
 * export scenario runs the command line, plain only; its import stays a dynamic import nothing reaches).
 */
const oneContender = (module: string): Esbuild.Plugin => ({
  name: "one-contender",
  setup: (build) => {
    const runner = Path.join(sourceDir, "runner.ts")
    build.onResolve({ filter: /^\.\/(load|export)\.js$/ }, (args) =>
      args.importer !== runner ?
        undefined :
        args.path === "./load.js" ?
        { path: Path.join(sourceDir, "bundled", module) } :
        { path: args.path, external: true })
  }
})

const options = {
  bundle: true,
  minify: true,
  treeShaking: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  // CommonJS dependencies (undici, axios) call require: give the bundle one
  banner: {
    js:
      "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
  }
} as const satisfies Esbuild.BuildOptions

/** The sources and package.json files every bundle is built from, and the build options. */
const bundleStamp = (): string => {
  const manifests = ["core", "auth", "numbers", "bench"].map((name) => {
    const file = Path.join(repoRoot, "packages", name, "package.json")
    const stat = Fs.statSync(file)
    return `${file}:${stat.size}:${stat.mtimeMs}`
  })
  return [stamp(), ...manifests, JSON.stringify(options)].join("\n")
}

/** Builds every bundle unless nothing changed since the last time; returns each bundle's size in bytes, or none. */
export const bundle = async (): Promise<
  ReadonlyArray<{ readonly contender: ContenderName; readonly bytes: number }>
> => {
  const stampFile = Path.join(bundleDir, ".sources")
  const current = bundleStamp()
  if (Fs.existsSync(stampFile) && Fs.readFileSync(stampFile, "utf8") === current) return []
  Fs.rmSync(bundleDir, { recursive: true, force: true })
  Fs.mkdirSync(bundleDir, { recursive: true })
  const built = await Promise.all(
    (Object.entries(bundled) as Array<[ContenderName, string]>).map(async ([contender, module]) => {
      const outfile = Path.join(repoRoot, entryOf(contender))
      await Esbuild.build({
        ...options,
        entryPoints: [Path.join(sourceDir, "runner.ts")],
        outfile,
        plugins: [oneContender(module), sinchCoreStandIn]
      })
      return { contender, bytes: Fs.statSync(outfile).size }
    })
  )
  Fs.writeFileSync(stampFile, current)
  return built
}
