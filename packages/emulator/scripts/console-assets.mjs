// Copies the console's page into dist/console, with the libraries it uses (console/vendor.json) taken from
// node_modules: the published package serves them from there, with no CDN and no install step of its own.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"

const target = join("dist", "console")
cpSync("console", target, { recursive: true, filter: (path) => !path.includes(`console${"/"}vendor${"/"}`) })
mkdirSync(join(target, "vendor"), { recursive: true })

const vendor = JSON.parse(readFileSync(join("console", "vendor.json"), "utf8"))
const paths = createRequire(join(process.cwd(), "console", "vendor.json")).resolve.paths
for (const [name, source] of Object.entries(vendor)) {
  const root = (paths(source.package) ?? []).map((dir) => join(dir, source.package))
    .find((dir) => existsSync(join(dir, "package.json")))
  if (root === undefined) throw new Error(`${source.package} is not installed: run pnpm install`)
  copyFileSync(join(root, source.file), join(target, "vendor", name))
}
console.log(`@effect-sinch/emulator: dist/console (${Object.keys(vendor).length} vendored files)`)
