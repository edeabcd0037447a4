/**
 * The emulator's command line as an `@effect/cli` `Command`. The `sinch-numbers-emulator` bin runs it; another
 * command line can mount it as a subcommand: `Command.withSubcommands([EmulatorCli.make("emulator")])`.
 *
 * @example
 * ```ts
 * import { EmulatorCli } from "@effect-sinch/emulator"
 * import { NodeContext, NodeRuntime } from "@effect/platform-node"
 * import { Effect } from "effect"
 *
 * EmulatorCli.run(process.argv).pipe(Effect.provide(NodeContext.layer), NodeRuntime.runMain)
 * ```
 *
 * @since 0.1.0
 */
import { ProjectId } from "@effect-sinch/core/ProjectId"
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Emulator from "./Emulator.js"
import * as Faults from "./Faults.js"
import { defaults } from "./internal/defaults.js"
import { parseRate } from "./internal/rateLimits.js"
import { moduleVersion } from "./internal/version.js"

/**
 * The name of the bin, used in the usage text.
 *
 * @since 0.1.0
 * @category constants
 */
export const name = "sinch-numbers-emulator"

/**
 * The package's version, shown by `--version`.
 *
 * @since 0.1.0
 * @category constants
 */
export const version: string = moduleVersion

const invalid = (message: string): ValidationError.ValidationError => ValidationError.invalidValue(HelpDoc.p(message))

const between = (flag: string, min: number, max: number) => (n: number) =>
  n < min || n > max ? Effect.fail(invalid(`--${flag} must be from ${min} to ${max}, got ${n}`)) : Effect.succeed(n)

const wholeNumber = (flag: string, min: number, max: number, pseudoName = "N"): Options.Options<number> =>
  Options.integer(flag).pipe(Options.mapEffect(between(flag, min, max)), Options.withPseudoName(pseudoName))

const decimal = (flag: string, min: number, max: number, pseudoName: string): Options.Options<number> =>
  Options.float(flag).pipe(Options.mapEffect(between(flag, min, max)), Options.withPseudoName(pseudoName))

const nonEmpty = (flag: string, pseudoName: string): Options.Options<string> =>
  Options.text(flag).pipe(
    Options.mapEffect((value) =>
      value === "" ? Effect.fail(invalid(`--${flag} needs a value`)) : Effect.succeed(value)
    ),
    Options.withPseudoName(pseudoName)
  )

/** A default, said in the help too (`@effect/cli` only says "optional"). */
const defaultTo =
  <const B extends string | number>(fallback: B, description: string) => <A>(self: Options.Options<A>) =>
    self.pipe(Options.withDefault(fallback), Options.withDescription(`${description} Default ${fallback}.`))

const milliseconds = (flag: string, max: number, fallback: Duration.DurationInput, description: string) =>
  wholeNumber(flag, 0, max, "MS").pipe(
    defaultTo(Duration.toMillis(fallback), description),
    Options.map(Duration.millis)
  )

/**
 * Every option of the command, by the name the handler reads it under. Adding a flag is one entry here and, when it
 * sets an {@link Emulator.EmulatorOptions} field, one line in {@link toEmulatorOptions}.
 *
 * @since 0.1.0
 * @category options
 */
export const options = {
  port: wholeNumber("port", 0, 65535).pipe(
    defaultTo(4010, "The port to listen on; 0 picks a free one.")
  ),
  host: nonEmpty("host", "HOST").pipe(
    defaultTo(defaults.host, "The interface to listen on.")
  ),
  projectId: Options.text("project-id").pipe(
    Options.withPseudoName("ID"),
    Options.mapEffect((value) =>
      Schema.is(ProjectId)(value) ? Effect.succeed(value) : Effect.fail(invalid(
        `--project-id must be 1 to 128 characters without "/", "?", "#" or spaces, and not "." or ".."`
      ))
    ),
    defaultTo(defaults.projectId, "The project id the emulator serves.")
  ),
  keyId: nonEmpty("key-id", "ID").pipe(
    defaultTo(defaults.keyId, "The access key id it accepts.")
  ),
  keySecret: nonEmpty("key-secret", "SECRET").pipe(
    defaultTo(defaults.keySecret, "The access key secret it accepts.")
  ),
  active: wholeNumber("active", 0, 20_000_000).pipe(
    defaultTo(
      defaults.active,
      "Active numbers in the project (derived from the seed, so millions start at once)."
    )
  ),
  available: wholeNumber("available", 0, 20_000_000).pipe(
    defaultTo(defaults.available, "Numbers available to rent or order.")
  ),
  seed: wholeNumber("seed", 0, 2 ** 31 - 1).pipe(
    Options.optional,
    Options.withDescription(
      "The seed of the inventory, ids and fault decisions; given, it wins over the seed of --faults. Default " +
        `${defaults.seed}.`
    )
  ),
  tokenTtl: decimal("token-ttl", 0.001, 365 * 86400, "SECONDS").pipe(
    defaultTo(Duration.toSeconds(defaults.tokenTtl), "The access token lifetime, in seconds."),
    Options.map((seconds) => Duration.millis(Math.round(seconds * 1000)))
  ),
  provisioningDelay: milliseconds(
    "provisioning-delay",
    86_400_000,
    defaults.provisioningDelay,
    "How long SMS and voice changes take to apply, in milliseconds."
  ),
  orderReviewDelay: milliseconds(
    "order-review-delay",
    86_400_000,
    defaults.orderReviewDelay,
    "How long a submitted number order stays IN_REVIEW, in milliseconds."
  ),
  faultRate: decimal("fault-rate", 0, 1, "R").pipe(
    Options.optional,
    Options.withDescription(
      "The rate (0 to 1) of 429/500/502/503 answers on every operation; given, it wins over the global rate of " +
        "--faults. Default that of --faults, else 0."
    )
  ),
  latency: wholeNumber("latency", 0, 600_000, "MS").pipe(
    Options.optional,
    Options.map(Option.map(Duration.millis)),
    Options.withDescription(
      "Latency added to every request, in milliseconds; given, it wins over the global latency of --faults. " +
        "Default that of --faults, else 0."
    )
  ),
  faults: Options.text("faults").pipe(
    Options.withPseudoName("JSON"),
    Options.mapEffect((json) =>
      Either.match(Schema.decodeUnknownEither(Faults.FaultsFromJson)(json), {
        onLeft: (error) =>
          Effect.fail(
            invalid(`--faults is not a valid fault configuration: ${ParseResult.TreeFormatter.formatErrorSync(error)}`)
          ),
        onRight: Effect.succeed
      })
    ),
    Options.optional,
    Options.withDescription("A full fault configuration as JSON, as for PUT /_emulator/faults. Default none.")
  ),
  lenientEncoding: Options.boolean("lenient-encoding").pipe(
    Options.withDescription(
      "Repair a \"+\" sent without URL-encoding and read comma-separated lists, instead of answering 400 as a " +
        "server reading queries by the book. The official Node SDK needs it to page."
    )
  ),
  authBurstLimit: Options.boolean("auth-burst-limit").pipe(
    Options.withDescription(
      "Limit the token endpoint as Sinch's auth gateway does: a burst of 30, then 10 a second; over it, 429 " +
        "without Retry-After. Default no limit."
    )
  ),
  rateLimit: Options.text("rate-limit").pipe(
    Options.withPseudoName("N/s"),
    Options.mapEffect((text) => {
      const rate = parseRate("--rate-limit", text)
      return typeof rate === "string"
        ? Effect.fail(invalid(rate))
        : Effect.succeed({ requests: rate.requests, per: Duration.millis(rate.per) })
    }),
    Options.optional,
    Options.withDescription(
      "The project's request budget (also N/min, N/h); over it, 429 with Retry-After. Default none."
    )
  ),
  noConsole: Options.boolean("no-console").pipe(
    Options.withDescription("Do not serve the console page at /_emulator/console, and keep no request log.")
  ),
  // Retired: kept so that old scripts get told what to do instead of "unknown flag".
  strictEncoding: Options.boolean("strict-encoding").pipe(
    Options.mapEffect((given) =>
      given
        ? Effect.fail(invalid(
          "--strict-encoding is gone: strict encoding is the default now; --lenient-encoding gives the old behaviour"
        ))
        : Effect.void
    ),
    Options.withDescription("Retired: strict encoding is the default.")
  )
}

/**
 * What the command line parsed into.
 *
 * @since 0.1.0
 * @category models
 */
export type Parsed = Command.Command.ParseConfig<typeof options>

const seedOf = (parsed: Parsed): number => Option.getOrElse(parsed.seed, () => defaults.seed)

/**
 * The emulator options a parsed command line asks for. A flag that sets a field of the `--faults` document wins over
 * it when given (`--fault-rate` its global rate, `--latency` its global latency, `--seed` its seed), and leaves it
 * alone when left out.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toEmulatorOptions = (
  parsed: Parsed
): Emulator.EmulatorOptions & { readonly host: string; readonly port: number } => {
  const document = Option.getOrUndefined(parsed.faults)
  const faults = document === undefined && Option.isNone(parsed.faultRate) ? undefined : new Faults.Faults({
    ...document,
    ...(document !== undefined && Option.isSome(parsed.seed) ? { seed: parsed.seed.value } : {}),
    ...(Option.isSome(parsed.faultRate)
      ? { global: new Faults.FaultRule({ ...document?.global, rate: parsed.faultRate.value }) }
      : {})
  })
  return {
    host: parsed.host,
    port: parsed.port,
    projectId: parsed.projectId,
    keyId: parsed.keyId,
    keySecret: parsed.keySecret,
    active: parsed.active,
    available: parsed.available,
    seed: seedOf(parsed),
    tokenTtl: parsed.tokenTtl,
    provisioningDelay: parsed.provisioningDelay,
    orderReviewDelay: parsed.orderReviewDelay,
    ...(Option.isSome(parsed.latency) ? { latency: parsed.latency.value } : {}),
    lenientEncoding: parsed.lenientEncoding,
    authBurstLimit: parsed.authBurstLimit,
    console: !parsed.noConsole,
    ...(parsed.rateLimit._tag === "Some" ? { rateLimit: parsed.rateLimit.value } : {}),
    ...(faults === undefined ? {} : { faults })
  }
}

/**
 * What a started emulator prints: where it listens, then each setting a client takes, as the values to paste
 * (`SINCH_NUMBERS_URL` is the bare origin: clients add `/v1/projects/<id>` themselves).
 *
 * @since 0.1.0
 * @category formatting
 */
export const banner = (emulator: Emulator.Service, parsed: Parsed): string =>
  [
    `Sinch Numbers emulator listening on ${emulator.baseUrl}`,
    ``,
    `Settings for a client (the environment effect-sinch's layerConfig reads):`,
    `  SINCH_PROJECT_ID=${emulator.projectId}`,
    `  SINCH_KEY_ID=${emulator.keyId}`,
    `  SINCH_KEY_SECRET=${Redacted.value(emulator.keySecret)}`,
    `  SINCH_AUTH_URL=${emulator.tokenUrl}`,
    `  SINCH_NUMBERS_URL=${emulator.baseUrl}`,
    `The official Node SDK takes the hosts: numbersHostname and authHostname ${emulator.baseUrl}` +
    (parsed.lenientEncoding ? "" : " (start with --lenient-encoding for its paging)"),
    ``,
    `Inventory: ${parsed.active} active, ${parsed.available} available (seed ${seedOf(parsed)})`,
    `Control:   ${emulator.baseUrl}/_emulator/stats, /_emulator/reset, /_emulator/faults, /_emulator/limits, /_emulator/events`,
    ...(parsed.noConsole ? [] : [`Console:   ${emulator.baseUrl}/_emulator/console`]),
    `Press Ctrl-C to stop.`
  ].join("\n")

/**
 * Starts the emulator, prints the {@link banner} and serves until interrupted. Fails with `EmulatorError` when it
 * cannot listen. The emulator's modules load when it starts: a command line that mounts this command shows its help
 * without them.
 *
 * @since 0.1.0
 * @category handlers
 */
export const handler = (parsed: Parsed): Effect.Effect<never, Emulator.EmulatorError> =>
  Effect.flatMap(Effect.promise(() => import("./Emulator.js")), (Emulator) =>
    Effect.gen(function*() {
      yield* Console.log(banner(yield* Emulator.Emulator, parsed))
      return yield* Effect.never
    }).pipe(Effect.provide(Emulator.layer(toEmulatorOptions(parsed)))))

/**
 * The command under another name, to mount as a subcommand: `Command.withSubcommands([EmulatorCli.make("emulator")])`
 * gives `your-tool emulator [options]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = <const Name extends string>(
  commandName: Name
): Command.Command<Name, never, Emulator.EmulatorError, Parsed> =>
  Command.make(commandName, options, handler).pipe(
    Command.withDescription("Starts the Sinch Numbers API emulator on this machine until Ctrl-C.")
  )

/**
 * The command: `sinch-numbers-emulator [options]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const command: Command.Command<typeof name, never, Emulator.EmulatorError, Parsed> = make(name)

/**
 * Runs the command on a whole `process.argv` (the first two entries, node and the script, are skipped). Invalid
 * flags are printed with help and fail with a `ValidationError`.
 *
 * @since 0.1.0
 * @category running
 */
export const run: (
  argv: ReadonlyArray<string>
) => Effect.Effect<
  void,
  Emulator.EmulatorError | ValidationError.ValidationError,
  CliApp.CliApp.Environment
> = Command.run(command, { name, version, executable: name })
