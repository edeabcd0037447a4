/**
 * The `pnpm demo` command: reads its flags, builds the layers (the emulator, or Sinch with `--live`), runs the
 * session and turns any failure into one clear message.
 */
import { SinchAuth } from "@effect-sinch/auth"
import { Emulator } from "@effect-sinch/emulator"
import { NumbersClient } from "@effect-sinch/numbers"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as DemoSession from "./DemoSession.js"

/** The help text. */
export const usage = `Usage: pnpm demo [--live] [--active N]

Walks through a session with @effect-sinch/numbers against the Sinch Numbers emulator, started in-process on a
free loopback port: no Sinch account needed.

Options:
  --active N   active numbers in the emulated project (default 100000)
  --live       run only the read-only steps (regions, search, check, list, callback configuration) against
               real Sinch; needs SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET in the environment
  -h, --help   show this help`

/** What the command line asks for. */
export type Command =
  | { readonly _tag: "Help" }
  | { readonly _tag: "Emulator"; readonly active: number }
  | { readonly _tag: "Live" }

/** Reads the flags; a string is what to tell the user. */
export const parse = (argv: ReadonlyArray<string>): Command | string => {
  let live = false
  let active = DemoSession.defaultActive
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--") continue
    if (arg === "-h" || arg === "--help") return { _tag: "Help" }
    if (arg === "--live") {
      live = true
    } else if (arg === "--active" || arg.startsWith("--active=")) {
      const value = arg === "--active" ? argv[++i] : arg.slice("--active=".length)
      if (value === undefined || !/^\d{1,8}$/.test(value)) {
        return `--active expects a whole number of active numbers, got ${JSON.stringify(value ?? "")}`
      }
      active = Number(value)
    } else {
      return `Unknown argument ${JSON.stringify(arg)}`
    }
  }
  return live ? { _tag: "Live" } : { _tag: "Emulator", active }
}

/** The demo failed: `message` says what happened and what to do. */
export class DemoFailed extends Schema.TaggedError<DemoFailed>()("DemoFailed", { message: Schema.String }) {}

/** One line for any failure: the error's tag and its message. */
export const describe = (error: unknown): string => {
  if (ConfigError.isConfigError(error)) {
    return "--live needs SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET in the environment " +
      `(the access key of a Sinch project, from the dashboard's Access Keys page): ${String(error)}`
  }
  if (typeof error === "object" && error !== null && "_tag" in error && "message" in error) {
    return `${String(error._tag)}: ${String(error.message)}`
  }
  return String(error)
}

/** `NumbersClient` for real Sinch, from `SINCH_PROJECT_ID`, `SINCH_KEY_ID` and `SINCH_KEY_SECRET` (OAuth). */
export const liveLayer = NumbersClient.layerConfig().pipe(
  Layer.provide(SinchAuth.layerOAuthConfig()),
  Layer.provide(NodeHttpClient.layerUndici)
)

// Checked up front so that a missing variable is reported before anything is built.
const liveCredentials = Config.all([
  Config.string("SINCH_PROJECT_ID"),
  Config.string("SINCH_KEY_ID"),
  Config.redacted("SINCH_KEY_SECRET")
])

/** Runs what the command line asks for, printing through `print`. */
export const main = (
  argv: ReadonlyArray<string>,
  print: DemoSession.Printer
): Effect.Effect<void, DemoFailed> => {
  const command = parse(argv)
  if (typeof command === "string") {
    return Effect.zipRight(print(usage), new DemoFailed({ message: command }))
  }
  switch (command._tag) {
    case "Help":
      return print(usage)
    case "Live":
      return Effect.gen(function*() {
        yield* liveCredentials
        yield* print("Read-only session against Sinch (nothing is rented, changed or released)")
        yield* DemoSession.liveSession({ print }).pipe(Effect.provide(liveLayer))
        yield* print("\nDone.")
      }).pipe(Effect.mapError((error) => new DemoFailed({ message: describe(error) })))
    case "Emulator":
      return Effect.gen(function*() {
        const started = yield* Clock.currentTimeMillis
        yield* print(
          `Starting the Sinch Numbers emulator on a free loopback port, with ${
            command.active.toLocaleString("en-US")
          } active numbers…`
        )
        const program = Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          yield* print(`Emulator at ${emulator.baseUrl} (project ${emulator.projectId}); the client uses OAuth2 there`)
          return yield* DemoSession.session({ print, expectedActive: command.active })
        })
        yield* program.pipe(Effect.provide(DemoSession.emulatorLayer(DemoSession.emulatorOptions(command.active))))
        const finished = yield* Clock.currentTimeMillis
        yield* print(`\nDone in ${((finished - started) / 1000).toFixed(1)} s.`)
      }).pipe(Effect.mapError((error) => new DemoFailed({ message: describe(error) })))
  }
}
