// Bundles the bin once per test run: a child process then starts in a fraction of a second instead of the seconds
// tsx takes to load every module through its hooks (one test still runs the source through tsx).
import * as Esbuild from "esbuild"
import * as Path from "node:path"
import * as Url from "node:url"

const root = Path.resolve(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")

export const bundled = Path.join(root, "build/test-bin/sinch-numbers.mjs")

export default async function setup() {
  await Esbuild.build({
    entryPoints: [Path.join(root, "src/bin.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: bundled,
    logLevel: "warning",
    // a native addon: loaded from node_modules at run time, as an installed package loads it
    external: ["@napi-rs/keyring"],
    // some CommonJS dependencies call require: give the bundle one
    banner: {
      js:
        "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
    }
  })
}
