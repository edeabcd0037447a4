// `pnpm sinch-numbers …` (node scripts/bin.mjs sinch-numbers …): runs the bin as it ships, bundled (BinBundle in
// @effect-sinch/test-support, the set-up the package build and the tests use), rebuilding the bundle first when a
// file it was built from has changed since. The bundle lives in the package's build/bin.
import { createRequire } from "node:module"
import { statSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const packages = { "sinch-numbers": "cli", "sinch-numbers-mcp": "mcp" }
const name = process.argv[2]
if (!Object.hasOwn(packages, name)) {
  console.error(`usage: node scripts/bin.mjs ${Object.keys(packages).join("|")} [arguments]`)
  process.exit(2)
}
const dir = join(root, "packages", packages[name])
const binBundle = join(root, "packages/test-support/src/BinBundle.ts")
const outdir = join(dir, "build", "bin")

const isStale = () => {
  try {
    const built = statSync(join(outdir, `${name}.bundle.cjs`)).mtimeMs
    statSync(join(outdir, `${name}.cjs`))
    const inputs = JSON.parse(readFileSync(join(outdir, `${name}.inputs.json`), "utf8"))
    // the set-up itself counts as an input (it writes the launcher)
    return [...inputs, binBundle].some((input) => statSync(input).mtimeMs > built)
  } catch {
    return true
  }
}

if (isStale()) {
  const { tsImport } = await import("tsx/esm/api")
  const BinBundle = await tsImport(pathToFileURL(binBundle).href, import.meta.url)
  await BinBundle.bundle({ entry: join(dir, "src/bin.ts"), outdir, name })
}
// the bin reads its arguments after the script: drop the bin's name
process.argv.splice(2, 1)
createRequire(import.meta.url)(join(outdir, `${name}.cjs`))
