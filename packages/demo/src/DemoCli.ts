/**
 * The `pnpm demo` command: reads its flags, builds the layers (the emulator, or Sinch with `--live`), runs the
 * session and turns any failure into one clear message.
 */
import { SinchAuth } from "@effect-sinch/auth"
import { Emulator } from "@effect-sinch/emulator"
import { NumbersClient } from "@effect-sinch/numbers"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as DemoSession from "./DemoSession.js"

/** The flags: `--active N` (emulated active numbers) and `--live` (read-only steps against Sinch). */
const flags = {
  active: Options.integer("active").pipe(
    Options.withDescription("active numbers in the emulated project"),
    Options.withSchema(Schema.NonNegativeInt),
    Options.withDefault(DemoSession.defaultActive)
  ),
  live: Options.boolean("live").pipe(
    Options.withDescription(
      "run only the read-only steps (regions, search, check, list, callback configuration) against real Sinch; " +
        "needs SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET in the environment"
    )
  )
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

const live = (print: DemoSession.Printer) =>
  Effect.gen(function*() {
    yield* liveCredentials
    yield* print("Read-only session against Sinch (nothing is rented, changed or released)")
    yield* DemoSession.liveSession({ print }).pipe(Effect.provide(liveLayer))
    yield* print("\nDone.")
  })

const emulated = (active: number, print: DemoSession.Printer) =>
  Effect.gen(function*() {
    const started = yield* Clock.currentTimeMillis
    yield* print(
      `Starting the Sinch Numbers emulator on a free loopback port, with ${
        active.toLocaleString("en-US")
      } active numbers…`
    )
    const program = Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* print(`Emulator at ${emulator.baseUrl} (project ${emulator.projectId}); the client uses OAuth2 there`)
      return yield* DemoSession.session({ print, expectedActive: active })
    })
    yield* program.pipe(Effect.provide(DemoSession.emulatorLayer(DemoSession.emulatorOptions(active))))
    const finished = yield* Clock.currentTimeMillis
    yield* print(`\nDone in ${((finished - started) / 1000).toFixed(1)} s.`)
  })

const failed = (error: unknown) => new DemoFailed({ message: describe(error) })

/** The `pnpm demo` command, printing its session through `print`. */
export const command = (print: DemoSession.Printer) =>
  Command.make(
    "demo",
    flags,
    ({ active, live: isLive }) =>
      isLive ? Effect.mapError(live(print), failed) : Effect.mapError(emulated(active, print), failed)
  ).pipe(
    Command.withDescription(
      "Walks through a session with @effect-sinch/numbers against the Sinch Numbers emulator, started in-process " +
        "on a free loopback port: no Sinch account needed."
    )
  )

/**
 * Runs what the command line asks for (`argv` without the runtime and the script), printing through `print`; a bad
 * flag has printed its usage and fails with `DemoFailed`.
 */
export const main = (
  argv: ReadonlyArray<string>,
  print: DemoSession.Printer
): Effect.Effect<void, DemoFailed> =>
  Command.run(command(print), { name: "pnpm demo", version: "0.0.0", executable: "pnpm demo" })([
    "node",
    "demo",
    ...argv
  ]).pipe(
    Effect.catchIf(
      ValidationError.isValidationError,
      (error) => new DemoFailed({ message: HelpDoc.toAnsiText(error.error).trim() })
    ),
    Effect.provide(NodeContext.layer)
  )
