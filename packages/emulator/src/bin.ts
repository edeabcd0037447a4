/**
 * The `pnpm emulator` command: starts the Sinch Numbers emulator until Ctrl-C.
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Emulator from "./Emulator.js"
import * as Cli from "./internal/cli.js"

const parsed = Cli.parse(process.argv.slice(2))

const program: Effect.Effect<void> = typeof parsed === "string"
  ? Effect.zipRight(
    Console.error(`${parsed}\n\n${Cli.usage}`),
    Effect.sync(() => {
      process.exitCode = 2
    })
  )
  : parsed._tag === "Help"
  ? Console.log(Cli.usage)
  : Effect.gen(function*() {
    const emulator = yield* Emulator.serve(parsed.options)
    const options = parsed.options
    yield* Console.log(`Sinch Numbers emulator listening on ${emulator.baseUrl}`)
    yield* Console.log(
      [
        `  project id:   ${emulator.projectId}`,
        `  key id:       ${emulator.keyId}`,
        `  key secret:   ${Redacted.value(emulator.keySecret)}`,
        `  token URL:    ${emulator.tokenUrl}`,
        `  numbers URL:  ${emulator.baseUrl}/v1/projects/${emulator.projectId}`,
        `  inventory:    ${options.active ?? Emulator.defaults.active} active, ${
          options.available ?? Emulator.defaults.available
        } available (seed ${options.seed ?? Emulator.defaults.seed})`,
        `  control:      ${emulator.baseUrl}/_emulator/stats, /_emulator/reset, /_emulator/faults, /_emulator/events`,
        `Press Ctrl-C to stop.`
      ].join("\n")
    )
    return yield* Effect.never
  }).pipe(
    Effect.scoped,
    Effect.provide(FetchHttpClient.layer),
    Effect.catchTag("EmulatorError", (error) =>
      Effect.zipRight(
        Console.error(`emulator: ${error.message}`),
        Effect.sync(() => {
          process.exitCode = 1
        })
      ))
  )

NodeRuntime.runMain(program, { disableErrorReporting: false })
