// Bundles the bin once per test run (see BinBundle); one test still runs the source through tsx.
import * as BinBundle from "@effect-sinch/test-support/BinBundle"
import * as Path from "node:path"
import * as Url from "node:url"

const root = Path.resolve(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")

export const bundled = Path.join(root, "build/test-bin/sinch-numbers.mjs")

export default function setup() {
  // the keychain's native addon is loaded from node_modules at run time, as an installed package loads it
  return BinBundle.bundle({ entry: Path.join(root, "src/bin.ts"), outfile: bundled, external: ["@napi-rs/keyring"] })
}
