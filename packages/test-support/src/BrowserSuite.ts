/**
 * Vitest suites that drive a real browser: Debian's `chromium` (apt-get install -y chromium). Where it is not
 * installed they say so and skip; in CI (`CI` set) they fail instead, so that CI never passes without them.
 *
 * @since 0.0.0
 */
import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"

/**
 * Where Debian installs chromium.
 *
 * @since 0.0.0
 * @category constants
 */
export const chromiumPath = "/usr/bin/chromium"

/**
 * Whether chromium is installed.
 *
 * @since 0.0.0
 * @category constants
 */
export const available: boolean = Fs.existsSync(chromiumPath)

/**
 * What to tell when it is not.
 *
 * @since 0.0.0
 * @category constants
 */
export const missing = `chromium is not installed at ${chromiumPath} (apt-get install -y chromium)`

/**
 * The flags a headless chromium needs here: no sandbox (root in a container), no GPU, and nothing that reaches the
 * network on its own (the machine's network is closed). Add a fresh `--user-data-dir` per launch.
 *
 * @since 0.0.0
 * @category constants
 */
export const launchArgs: ReadonlyArray<string> = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/**
 * `describe`, when chromium is there; otherwise a skipped suite and a plain note on stderr, or in CI a failing test
 * that says what is missing.
 *
 * @since 0.0.0
 * @category suites
 */
export const describeWithChromium = (name: string, body: () => void): void => {
  if (available) {
    describe(name, body)
  } else if (process.env["CI"] !== undefined && process.env["CI"] !== "") {
    describe(name, () => {
      it("runs in a real chromium", () => assert.fail(`${missing}: CI must not skip the browser tests`))
    })
  } else {
    process.stderr.write(`SKIPPED "${name}": ${missing}\n`)
    describe.skip(name, body)
  }
}
