/**
 * Compiles the bench and the workspace packages it runs (core, auth, numbers, emulator) to plain JavaScript under
 * `packages/bench/build/js`, one file per module as they would ship in `dist/`, so the measured processes run without
 * a TypeScript loader. tsx resolves and loads every module through a hooks thread, which triples the time to load
 * Effect and would make the start-up and memory figures about tsx rather than about the clients.
 *
 * Layout: `build/js/*.js` is the bench, `build/js/node_modules/@effect-sinch/<name>` the workspace packages (found
 * first by Node's lookup); everything else (effect, @effect/platform, @sinch/numbers, …) resolves from
 * `packages/bench/node_modules` as usual.
 */
import * as Fs from "node:fs"
import * as Module from "node:module"
import * as Path from "node:path"
import type * as TypeScript from "typescript"
import { repoRoot } from "./emulatorProcess.js"

/** Where the compiled bench lives. */
export const outDir = Path.join(repoRoot, "packages/bench/build/js")

const workspacePackages = ["core", "auth", "numbers", "emulator", "mcp", "cli"] as const

const sourceFiles = (dir: string): Array<string> =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = Path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : []
  })

/**
 * Reads a source file, waiting a little when it is empty: other work may be saving it at this very moment (an editor
 * truncates, then writes), and an empty module would fail later with a puzzling "x is not a function".
 */
const readSettled = (file: string): string => {
  for (let attempt = 0;; attempt++) {
    const text = Fs.readFileSync(file, "utf8")
    if (text.trim() !== "" || attempt >= 20) return text
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100)
  }
}

/** Rewrites `exports` targets from `./src/x.ts` to `./src/x.js`. */
const jsExports = (exports: unknown): unknown => {
  if (typeof exports === "string") return exports.replace(/\.ts$/, ".js")
  if (exports === null || typeof exports !== "object") return exports
  return Object.fromEntries(Object.entries(exports).map(([key, value]) => [key, jsExports(value)]))
}

/** Sizes and modification times of every source, to skip compiling when nothing changed. */
export const stamp = (): string => {
  const dirs = [
    Path.join(repoRoot, "packages/bench/src"),
    ...workspacePackages.map((name) => Path.join(repoRoot, "packages", name, "src"))
  ]
  return dirs.flatMap(sourceFiles).map((file) => {
    const stat = Fs.statSync(file)
    return `${file}:${stat.size}:${stat.mtimeMs}`
  }).join("\n")
}

/** Compiles everything unless nothing changed since the last time; returns how many files were written. */
export const compile = (): number => {
  const stampFile = Path.join(outDir, ".sources")
  const current = stamp()
  if (Fs.existsSync(stampFile) && Fs.readFileSync(stampFile, "utf8") === current) return 0
  const require = Module.createRequire(import.meta.url)
  const ts = require("typescript") as typeof TypeScript
  const compilerOptions: TypeScript.CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022,
    isolatedModules: true,
    verbatimModuleSyntax: false,
    sourceMap: false
  }
  Fs.rmSync(outDir, { recursive: true, force: true })
  let written = 0
  const emit = (fromDir: string, toDir: string) => {
    for (const file of sourceFiles(fromDir)) {
      const output = ts.transpileModule(readSettled(file), { compilerOptions, fileName: file })
      const target = Path.join(toDir, Path.relative(fromDir, file)).replace(/\.ts$/, ".js")
      Fs.mkdirSync(Path.dirname(target), { recursive: true })
      Fs.writeFileSync(target, output.outputText)
      written++
    }
  }
  emit(Path.join(repoRoot, "packages/bench/src"), outDir)
  Fs.writeFileSync(Path.join(outDir, "package.json"), JSON.stringify({ type: "module", private: true }))
  for (const name of workspacePackages) {
    const source = Path.join(repoRoot, "packages", name)
    const target = Path.join(outDir, "node_modules/@effect-sinch", name)
    emit(Path.join(source, "src"), Path.join(target, "src"))
    const manifest = JSON.parse(Fs.readFileSync(Path.join(source, "package.json"), "utf8")) as Record<string, unknown>
    Fs.writeFileSync(
      Path.join(target, "package.json"),
      JSON.stringify({ name: manifest["name"], type: "module", exports: jsExports(manifest["exports"]) }, null, 2)
    )
  }
  Fs.writeFileSync(stampFile, current)
  return written
}
