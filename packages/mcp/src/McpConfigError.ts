/**
 * The error of a server that cannot start: missing credentials, a bad option.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The server cannot start as configured; `message` says what to fix.
 *
 * @since 0.1.0
 * @category errors
 */
export class McpConfigError extends Schema.TaggedError<McpConfigError>("@effect-sinch/mcp/McpConfigError")(
  "McpConfigError",
  { message: Schema.String }
) {}
