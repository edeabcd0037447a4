// In a real pseudo-terminal (tmux): a person answers the rent prompt, and watches the progress line of an export.
import { Emulator } from "@effect-sinch/emulator"
import { expect, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Cli from "./fixtures/Cli.js"

const hasTmux = ChildProcess.spawnSync("tmux", ["-V"], { encoding: "utf8" }).status === 0

// CI installs tmux (.ci/run): there, its absence is a failure, not a skip.
if (!hasTmux && process.env["CI"] !== undefined && process.env["CI"] !== "") {
  throw new Error("tmux is not installed: .ci/run installs it (apt-get install tmux); the terminal tests need it")
}
if (!hasTmux) {
  process.stderr.write("cli terminal tests skipped: tmux is not installed here (apt-get install tmux)\n")
}

// Each session on a server of its own (-L): nothing shared with another test, or with the user's tmux.
const tmux = (server: string, ...args: ReadonlyArray<string>) =>
  ChildProcess.execFileSync("tmux", ["-L", server, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })

const quote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`

/** Starts the CLI in a new detached tmux session of 160 columns; `capture` reads the screen. */
const session = (name: string, args: ReadonlyArray<string>, env: Record<string, string>) => {
  const vars = Object.entries(env).map(([key, value]) => `${key}=${quote(value)}`).join(" ")
  const command = `env ${vars} ${quote(process.execPath)} ${quote(Cli.bin)} ${args.map(quote).join(" ")}; ` +
    "echo EXIT=$?; sleep 60"
  tmux(name, "new-session", "-d", "-s", name, "-x", "160", "-y", "40", command)
  return {
    // read without blocking: the emulator serving the CLI runs in this process
    capture: () =>
      new Promise<string>((resolve, reject) =>
        ChildProcess.execFile(
          "tmux",
          ["-L", name, "capture-pane", "-p", "-t", name],
          { encoding: "utf8" },
          (error, stdout) => error === null ? resolve(stdout) : reject(error)
        )
      ),
    keys: (...keys: ReadonlyArray<string>) => tmux(name, "send-keys", "-t", name, ...keys),
    close: () => {
      try {
        tmux(name, "kill-server")
      } catch {
        // already gone
      }
    }
  }
}

/**
 * Reads the screen every 50 ms until `test` matches it; returns what matched. Fails when the screen has not changed
 * for `stallMs`: a command that keeps working on a loaded machine (its progress line moving) is waited for, one that
 * hangs is not.
 */
const screenUntil = (capture: () => Promise<string>, test: RegExp, stallMs = 30_000) =>
  Effect.promise(async () => {
    let last = ""
    let changed = Date.now()
    for (;;) {
      const screen = await capture()
      const match = test.exec(screen)
      if (match) return match[0]
      if (screen !== last) {
        last = screen
        changed = Date.now()
      } else if (Date.now() - changed > stallMs) {
        throw new Error(`the screen never showed ${test}, and has not changed for ${stallMs} ms; it shows:\n${screen}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })

/** `available rent` of the index-th number for sale, in a terminal: its question on the screen. */
const rentPrompt = (name: string, index: number) =>
  Effect.gen(function*() {
    const e = yield* Emulator.Emulator
    const env = Cli.envFor(e)
    const found = yield* Effect.promise(() =>
      Cli.run(["available", "search", "--region", "US", "--type", "LOCAL", "--size", "2", "--json"], env)
    )
    const phone = JSON.parse(found.stdout).availableNumbers[index].phoneNumber as string
    return { e, phone, tty: session(`${name}-${process.pid}`, ["available", "rent", phone], env) }
  })

layer(Emulator.layer({ active: 200_000, seed: 5, latency: "5 millis" }), { excludeTestServices: true })(
  "in a terminal",
  (it) => {
    it.effect.skipIf(!hasTmux)(
      "the rent prompt shows the prices, and a person answers it",
      () =>
        Effect.acquireUseRelease(
          rentPrompt("sinch-rent", 0),
          ({ phone, tty }) =>
            Effect.gen(function*() {
              const question = yield* screenUntil(tty.capture, /Rent \+\d+ for a setup price of [^?]+\?/)
              expect(question).toContain(phone)
              expect(question).toContain("2.00 USD")
              tty.keys("y")
              tty.keys("Enter")
              yield* screenUntil(tty.capture, new RegExp(`Rented \\${phone}\\.`))
              yield* screenUntil(tty.capture, /EXIT=0/)
            }),
          ({ tty }) => Effect.sync(tty.close)
        ),
      60_000
    )

    it.effect.skipIf(!hasTmux)(
      "Ctrl-C at the rent prompt interrupts: exit 130, nothing rented",
      () =>
        Effect.acquireUseRelease(
          rentPrompt("sinch-quit", 1),
          ({ e, tty }) =>
            Effect.gen(function*() {
              const rents = Effect.map(e.stats, (stats) => JSON.stringify(stats.requests["RentNumber"] ?? {}))
              const before = yield* rents
              yield* screenUntil(tty.capture, /Rent \+\d+ for a setup price of [^?]+\?/)
              tty.keys("C-c")
              yield* screenUntil(tty.capture, /EXIT=130/)
              expect(yield* rents).toBe(before)
            }),
          ({ tty }) => Effect.sync(tty.close)
        ),
      60_000
    )

    it.effect.skipIf(!hasTmux)(
      "active list shows a progress line with count, rate and ETA on a terminal",
      () =>
        Effect.acquireUseRelease(
          Effect.gen(function*() {
            const e = yield* Emulator.Emulator
            const file = Path.join(Cli.scratch(), "export.ndjson")
            return {
              file,
              tty: session(`sinch-list-${process.pid}`, [
                "active",
                "list",
                "--ndjson",
                "--output",
                file,
                "--page-size",
                "500"
              ], Cli.envFor(e))
            }
          }),
          ({ file, tty }) =>
            Effect.gen(function*() {
              // the other test may have rented one more: the total is what the server reports
              const line = yield* screenUntil(
                tty.capture,
                /[\d,]+ \/ 200,00\d numbers \(\d+%\) · [\d,]+\/s · ETA \d+(m\d+)?s/
              )
              expect(line).toMatch(/ETA/)
              const summary = yield* screenUntil(tty.capture, /[\d,]+ numbers in [\d.]+ s to /)
              yield* screenUntil(tty.capture, /EXIT=0/)
              const exported = Fs.readFileSync(file, "utf8").trim().split("\n").length
              expect(summary).toContain(`${exported.toLocaleString("en-US")} numbers in`)
              expect(exported).toBeGreaterThanOrEqual(200_000)
            }),
          ({ tty }) => Effect.sync(tty.close)
        ),
      180_000
    )
  }
)
