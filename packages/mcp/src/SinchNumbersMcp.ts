/**
 * `sinch-numbers mcp`: the Sinch Numbers API as an MCP server for coding agents, on `@effect/ai`'s `McpServer`:
 * every operation of NumbersClient as a tool, `summarize_active_numbers`, resources, toolsets, and billable tools
 * that never act on the first call.
 *
 * @since 0.1.0
 */
import type * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as Command from "@effect/cli/Command"
import * as CliOptions from "@effect/cli/Options"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as RpcServer from "@effect/rpc/RpcServer"
import * as BigDecimal from "effect/BigDecimal"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Credentials from "./internal/credentials.js"
import * as McpHttp from "./internal/http.js"
import * as Serve from "./internal/serve.js"
import type * as Server from "./internal/server.js"
import * as Stdio from "./internal/stdio.js"
import { McpConfigError } from "./McpConfigError.js"
import * as NumbersTools from "./NumbersTools.js"
import * as ServeOptions from "./ServeOptions.js"

/**
 * What the server serves and how careful it is with money.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Default `["read", "write"]`: no billable tool unless asked for. */
  readonly toolsets?: ReadonlyArray<NumbersTools.Toolset> | undefined
  /** Only tools that change nothing, whatever `toolsets` says. */
  readonly readOnly?: boolean | undefined
  /** The most this server process may add to the monthly bill, in the currency of the quotes. Default: no cap. */
  readonly maxMonthlySpend?: BigDecimal.BigDecimal | undefined
  /** How long a confirmation token stays valid. Default 5 minutes. */
  readonly confirmationTtl?: Duration.DurationInput | undefined
}

/**
 * The name and version the server gives in `initialize`.
 *
 * @since 0.1.0
 * @category constants
 */
export const serverInfo = { name: "sinch-numbers", version: "0.1.0" } as const

/**
 * The default lifetime of a confirmation token.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultConfirmationTtl: Duration.Duration = Duration.minutes(5)

const layerServer = (
  options: Options,
  transport: { readonly elicitation: boolean; readonly direct: boolean }
): Layer.Layer<never, never, NumbersClient.NumbersClient | RpcServer.Protocol | Server.Notifier> =>
  Serve.layer(serverInfo, {
    toolsets: options.toolsets ?? NumbersTools.defaultToolsets,
    readOnly: options.readOnly === true,
    maxMonthlySpend: Option.fromNullable(options.maxMonthlySpend),
    confirmationTtl: options.confirmationTtl ?? defaultConfirmationTtl
  }, transport)

/**
 * Logs on stderr: stdout carries the protocol alone.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerLogger: Layer.Layer<never> = Logger.replace(
  Logger.defaultLogger,
  Logger.withConsoleError(Logger.logfmtLogger)
)

/**
 * The server on stdin and stdout (newline-delimited JSON-RPC), for agents that start it as a child process.
 * Needs a `NumbersClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerStdio = (options: Options = {}): Layer.Layer<never, never, NumbersClient.NumbersClient> =>
  layerServer(options, { elicitation: true, direct: true }).pipe(
    Layer.provide(Stdio.layer),
    Layer.provide(layerLogger)
  )

/**
 * Where the HTTP server listens: loopback by default.
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpOptions {
  readonly port: number
  readonly host?: string | undefined
}

/**
 * The server over Streamable HTTP at `/mcp`, with sessions (`Mcp-Session-Id`): a POST holding requests is answered
 * with an event stream that carries, while a call runs, the server's questions (elicitation) and progress, then the
 * answers. Logs the address it listens on to stderr. Needs a `NumbersClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttp = (
  options: Options & HttpOptions
): Layer.Layer<never, McpConfigError, NumbersClient.NumbersClient> =>
  McpHttp.layer(layerServer(options, { elicitation: true, direct: true }), options).pipe(Layer.provide(layerLogger))

/**
 * The command line's settings, as parsed from `serveOptions` (defined in `ServeOptions`, a module light enough for a
 * command line's `--help` to load without the server).
 *
 * @since 0.1.0
 * @category models
 */
export type ServeConfig = ServeOptions.ServeConfig

/**
 * The options of `mcp`, for a command line that mounts it with its own credentials (see {@link serve}).
 *
 * @since 0.1.0
 * @category command line
 */
export const serveOptions: typeof ServeOptions.serveOptions = ServeOptions.serveOptions

/**
 * Checks the command line's settings.
 *
 * @since 0.1.0
 * @category command line
 */
export const optionsFrom = (config: ServeConfig): Effect.Effect<Options, McpConfigError> =>
  Effect.gen(function*() {
    const toolsets: Array<NumbersTools.Toolset> = []
    for (const name of config.toolsets.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
      if (name !== "read" && name !== "write" && name !== "billable") {
        return yield* new McpConfigError({
          message: `--toolsets: unknown toolset ${JSON.stringify(name)}; expected read, write or billable`
        })
      }
      toolsets.push(name)
    }
    let maxMonthlySpend: BigDecimal.BigDecimal | undefined
    if (Option.isSome(config.maxMonthlySpend)) {
      const amount = BigDecimal.fromString(config.maxMonthlySpend.value.trim())
      if (Option.isNone(amount) || BigDecimal.isNegative(amount.value)) {
        return yield* new McpConfigError({
          message: `--max-monthly-spend: expected an amount such as 25.00, got ${
            JSON.stringify(config.maxMonthlySpend.value.slice(0, 40))
          }`
        })
      }
      maxMonthlySpend = amount.value
    }
    if (Option.isSome(config.confirmationTtl) && config.confirmationTtl.value < 1) {
      return yield* new McpConfigError({ message: "--confirmation-ttl: expected a number of seconds, at least 1" })
    }
    return {
      toolsets,
      readOnly: config.readOnly,
      maxMonthlySpend,
      ...(Option.isSome(config.confirmationTtl)
        ? { confirmationTtl: Duration.seconds(config.confirmationTtl.value) }
        : {})
    }
  })

/**
 * Runs the server the settings describe until it is interrupted (stdin closing ends a stdio server). Needs a
 * `NumbersClient`: a command line provides its own.
 *
 * @since 0.1.0
 * @category command line
 */
export const serve = (config: ServeConfig): Effect.Effect<never, McpConfigError, NumbersClient.NumbersClient> =>
  Effect.flatMap(optionsFrom(config), (options) => launch(options, config))

const launch = (options: Options, config: ServeConfig) =>
  Layer.launch(config.http ? layerHttp({ ...options, port: config.port, host: config.host }) : layerStdio(options))

/**
 * `mcp`: the server as a command, with credentials found as `sinch-numbers` finds them (`--profile`, else the
 * SINCH_* variables, else the default profile of its config file), and `--timeout`, how long one attempt to Sinch
 * may take (NumbersClient's default, 30 seconds, unless given).
 *
 * @since 0.1.0
 * @category command line
 */
export const command: Command.Command<
  "mcp",
  FileSystem.FileSystem,
  McpConfigError,
  ServeConfig & { readonly profile: Option.Option<string>; readonly timeout: Option.Option<number> }
> = Command.make(
  "mcp",
  {
    ...serveOptions,
    profile: CliOptions.text("profile").pipe(
      CliOptions.optional,
      CliOptions.withDescription("The profile of sinch-numbers' config file to use")
    ),
    timeout: CliOptions.float("timeout").pipe(
      CliOptions.optional,
      CliOptions.withDescription("Seconds one attempt to Sinch may take (default 30)")
    )
  },
  ({ profile, timeout, ...config }) =>
    Effect.gen(function*() {
      // the settings are checked before the credentials are looked for
      const options = yield* optionsFrom(config)
      if (Option.isSome(timeout) && !(timeout.value > 0)) {
        return yield* new McpConfigError({ message: "--timeout: expected a number of seconds, more than 0" })
      }
      return yield* Effect.provide(
        launch(options, config),
        Credentials.clientLayer(profile, Option.map(timeout, (seconds) => Duration.millis(seconds * 1000)))
      )
    })
).pipe(
  Command.withDescription(
    "Serve the Sinch Numbers API to coding agents over MCP (stdio by default; --http for Streamable HTTP)"
  )
)
