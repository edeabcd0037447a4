// Bundles the bin once per test run, as the package build does (see BinBundle): the tests spawn it as agents' clients do.
import * as BinBundle from "@effect-sinch/test-support/BinBundle"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"

const root = Path.resolve(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")

export const outdir = Path.join(root, "build/test-bin")

/** The launcher, what the package's `bin` names. */
export const bundled = BinBundle.files(outdir, "sinch-numbers-mcp").launcher

export default async function setup() {
  Fs.rmSync(outdir, { recursive: true, force: true })
  await BinBundle.bundle({ entry: Path.join(root, "src/bin.ts"), outdir, name: "sinch-numbers-mcp" })
}
