// Builds the package in the current directory for npm, as Effect's own packages are laid out:
//   dist/esm  ES modules, with a package.json {"type":"module"}
//   dist/cjs  CommonJS, with a package.json {"type":"commonjs"}
//   dist/dts  declarations (internals stripped), read as CommonJS declarations like effect's own
// The ESM build type-checks (tsc -b tsconfig.build.json); the CommonJS one only transpiles the same sources
// (tsconfig.build.cjs.json has noCheck), so both come from one checked program.
import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"

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
console.log(`${manifest.name}: dist/esm, dist/cjs, dist/dts`)
