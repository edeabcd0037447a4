// Bundles the bin once per test run: a child process then starts in a fraction of a second instead of the seconds
// tsx takes to load every module through its hooks.
import * as Esbuild from "esbuild"
import * as Path from "node:path"
import * as Url from "node:url"

const root = Path.resolve(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")

export const bundled = Path.join(root, "build/test-bin/sinch-numbers-mcp.mjs")

export default async function setup() {
  await Esbuild.build({
    entryPoints: [Path.join(root, "src/bin.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: bundled,
    logLevel: "warning",
    // some CommonJS dependencies call require: give the bundle one
    banner: {
      js:
        "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
    }
  })
}
