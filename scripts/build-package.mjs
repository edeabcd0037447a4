// Builds the package in the current directory for npm, as Effect's own packages are laid out:
//   dist/esm  ES modules, with a package.json {"type":"module"}
//   dist/cjs  CommonJS, with a package.json {"type":"commonjs"}
//   dist/dts  declarations (internals stripped), read as CommonJS declarations like effect's own
//   dist/bin  the bins the package's publishConfig.bin points into dist/bin: src/bin.ts bundled into one file with
//             its source map and a launcher (BinBundle in @effect-sinch/test-support, which the tests use too)
// The ESM build type-checks (tsc -b tsconfig.build.json); the CommonJS one only transpiles the same sources
// (tsconfig.build.cjs.json has noCheck), so both come from one checked program.
import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { basename, dirname, join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
const manifest = JSON.parse(readFileSync("package.json", "utf8"))

// a tsbuildinfo that outlives dist would make tsc -b skip the emit
rmSync("dist", { recursive: true, force: true })
rmSync("build/tsbuildinfo/build.tsbuildinfo", { force: true })

execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], { stdio: "inherit" })
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.cjs.json"], { stdio: "inherit" })

// Bundlers read sideEffects from the nearest package.json, so each output directory repeats the package's own,
// rewritten from "./dist/esm/bin.js" to "./bin.js".
const sideEffects = (dir) =>
  Array.isArray(manifest.sideEffects)
    ? manifest.sideEffects.filter((path) => path.startsWith(`./dist/${dir}/`)).map((path) =>
      `./${path.slice(`./dist/${dir}/`.length)}`
    )
    : manifest.sideEffects ?? false

for (const [dir, type] of [["esm", "module"], ["cjs", "commonjs"]]) {
  mkdirSync(join("dist", dir), { recursive: true })
  writeFileSync(join("dist", dir, "package.json"), JSON.stringify({ type, sideEffects: sideEffects(dir) }, null, 2) + "\n")
}
const bundled = Object.entries(manifest.publishConfig?.bin ?? {}).filter(([, target]) => target.startsWith("./dist/bin/"))
if (bundled.length > 0) {
  const { tsImport } = await import("tsx/esm/api")
  const binBundle = join(dirname(fileURLToPath(import.meta.url)), "../packages/test-support/src/BinBundle.ts")
  const BinBundle = await tsImport(pathToFileURL(binBundle).href, import.meta.url)
  for (const [name, target] of bundled) {
    const files = await BinBundle.bundle({ entry: resolve("src/bin.ts"), outdir: resolve(dirname(target)), name })
    if (resolve(target) !== files.launcher) throw new Error(`publishConfig.bin ${name} should be ./dist/bin/${basename(files.launcher)}`)
    // the list of inputs serves pnpm sinch-numbers' rebuild check; an installed package has no use for it
    rmSync(files.inputs)
  }
}
console.log(`${manifest.name}: dist/esm, dist/cjs, dist/dts${bundled.length > 0 ? ", dist/bin" : ""}`)
