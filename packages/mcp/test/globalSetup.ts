// Bundles the bin once per test run (see BinBundle): the tests spawn it as agents' clients do.
import * as BinBundle from "@effect-sinch/test-support/BinBundle"
import * as Path from "node:path"
import * as Url from "node:url"

const root = Path.resolve(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")

export const bundled = Path.join(root, "build/test-bin/sinch-numbers-mcp.mjs")

export default function setup() {
  return BinBundle.bundle({ entry: Path.join(root, "src/bin.ts"), outfile: bundled })
}
