/**
 * A package's bin bundled into one ES module file with esbuild, once per test run (a vitest `globalSetup`): a child
 * process then starts in a fraction of a second instead of the seconds tsx takes to load every module through its
 * hooks.
 *
 * @since 0.0.0
 */
import * as Esbuild from "esbuild"

/**
 * Bundles `entry` into `outfile` for Node 20. `external` names packages loaded from node_modules at run time (native
 * addons), as an installed package loads them.
 *
 * @since 0.0.0
 * @category bundling
 */
export const bundle = async (options: {
  readonly entry: string
  readonly outfile: string
  readonly external?: ReadonlyArray<string> | undefined
}): Promise<void> => {
  await Esbuild.build({
    entryPoints: [options.entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: options.outfile,
    logLevel: "warning",
    external: [...(options.external ?? [])],
    // some CommonJS dependencies call require: give the bundle one
    banner: {
      js:
        "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
    }
  })
}
