/**
 * The options of `sinch-numbers mcp` and `sinch-numbers-mcp`, on their own: a command line's `--help` lists them
 * without loading the server (`SinchNumbersMcp` re-exports both).
 *
 * @since 0.1.0
 */
import * as CliOptions from "@effect/cli/Options"
import type * as Option from "effect/Option"

/**
 * The command line's settings, as parsed from `serveOptions`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServeConfig {
  readonly http: boolean
  readonly port: number
  readonly host: string
  readonly toolsets: string
  readonly readOnly: boolean
  readonly maxMonthlySpend: Option.Option<string>
  readonly confirmationTtl: Option.Option<number>
}

/**
 * The options of `mcp`, for a command line that mounts it with its own credentials (see `SinchNumbersMcp.serve`).
 *
 * @since 0.1.0
 * @category command line
 */
export const serveOptions = {
  http: CliOptions.boolean("http").pipe(
    CliOptions.withDescription("Serve Streamable HTTP at /mcp instead of stdio")
  ),
  port: CliOptions.integer("port").pipe(
    CliOptions.withDefault(8765),
    CliOptions.withDescription("HTTP port (0: any free one)")
  ),
  host: CliOptions.text("host").pipe(
    CliOptions.withDefault("127.0.0.1"),
    CliOptions.withDescription("HTTP address to listen on (loopback by default)")
  ),
  toolsets: CliOptions.text("toolsets").pipe(
    CliOptions.withDefault("read,write"),
    CliOptions.withDescription("Comma-separated toolsets: read, write, billable")
  ),
  readOnly: CliOptions.boolean("read-only").pipe(CliOptions.withDescription("Serve only tools that change nothing")),
  maxMonthlySpend: CliOptions.text("max-monthly-spend").pipe(
    CliOptions.optional,
    CliOptions.withDescription("Refuse any rent that would take this process's monthly spend past AMOUNT")
  ),
  confirmationTtl: CliOptions.integer("confirmation-ttl").pipe(
    CliOptions.optional,
    CliOptions.withDescription("Seconds a confirmation token stays valid (default 300)")
  )
} as const
