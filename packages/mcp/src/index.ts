/**
 * @since 0.1.0
 */

/**
 * The error of a server that cannot start: missing credentials, a bad option.
 *
 * @since 0.1.0
 */
export * as McpConfigError from "./McpConfigError.js"

/**
 * The MCP tools of the Numbers API, derived from NumbersClient's operation table.
 *
 * @since 0.1.0
 */
export * as NumbersTools from "./NumbersTools.js"

/**
 * The options of `mcp`, light enough for a command line's `--help` to load without the server.
 *
 * @since 0.1.0
 */
export * as ServeOptions from "./ServeOptions.js"

/**
 * `sinch-numbers mcp`: the Sinch Numbers API as an MCP server for coding agents.
 *
 * @since 0.1.0
 */
export * as SinchNumbersMcp from "./SinchNumbersMcp.js"
