#!/usr/bin/env node
/**
 * The `sinch-numbers` bin. `sinch-numbers --version` alone is answered without loading the command line, with the
 * bytes `@effect/cli` prints for it (a test compares the two); everything else runs the command line.
 *
 * @since 0.1.0
 */
import { version } from "./internal/version.js"

if (process.argv.length === 3 && process.argv[2] === "--version") {
  // as @effect/cli's --version through our Output: a write that fails (a closed pipe, a full disk) is ignored, exit 0
  process.stdout.on("error", () => {})
  process.stdout.write(`${version}\n\n`)
} else {
  void import("./internal/main.js").then((module) => module.main())
}
