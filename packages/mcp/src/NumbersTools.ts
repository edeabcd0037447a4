/**
 * The MCP tools of the Numbers API, derived from NumbersClient's operation table: one `Tool` per operation, named in
 * snake_case, described from the operation's summary, with the operation's own input and success schemas and MCP
 * annotations. A new operation in the table is a new tool.
 *
 * @since 0.1.0
 */
import * as NumbersOperation from "@effect-sinch/numbers/NumbersOperation"
import * as Tool from "@effect/ai/Tool"
import * as Toolkit from "@effect/ai/Toolkit"
import * as Schema from "effect/Schema"

/**
 * What a tool may do, for `--toolsets`: `read` changes nothing; `write` changes configuration and can be repeated;
 * `billable` rents, releases or orders numbers (money), and never acts on the first call.
 *
 * @since 0.1.0
 * @category models
 */
export const Toolset = Schema.Literal("read", "write", "billable")

/**
 * @since 0.1.0
 * @category models
 */
export type Toolset = typeof Toolset.Type

/**
 * The toolsets served when none are given: reads and idempotent changes, no billable tool.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultToolsets: ReadonlyArray<Toolset> = ["read", "write"]

/**
 * Any operation of the table, as the tools see it.
 *
 * @since 0.1.0
 * @category models
 */
export type AnyOperation = NumbersOperation.Operation<string, any, any, unknown, any, any>

/**
 * One tool of the server: the `@effect/ai` `Tool` (name, description, success schema, annotations), its toolset,
 * and the operation it runs (whose `input` schema is the tool's parameters).
 *
 * @since 0.1.0
 * @category models
 */
export interface NumbersTool {
  readonly name: string
  readonly tool: Tool.Any
  readonly toolset: Toolset
  readonly operation: AnyOperation
}

// POSTs that only look something up: reads, although not GETs.
const lookups: ReadonlySet<string> = new Set(["lookupNumberRequirements", "validateEmergencyAddress"])

// A tool's name when it is not the operation's name in snake_case: the page of a listing is the listing.
const renamed: Readonly<Record<string, string>> = { listActiveNumbersPage: "listActiveNumbers" }

/**
 * `rentNumber` → `rent_number`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/**
 * The toolset of an operation: billable operations are `billable`, GETs and lookups `read`, other changes `write`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const toolsetOf = (operation: AnyOperation): Toolset =>
  operation.retry === "billable"
    ? "billable"
    : operation.method === "GET" || lookups.has(operation.name)
    ? "read"
    : "write"

/**
 * The largest page a listing tool answers, and the page it answers when none is asked for.
 *
 * @since 0.1.0
 * @category constants
 */
export const pageLimits = { default: 100, max: 1000 } as const

const guidance: Record<Toolset, string> = {
  read: "Read-only.",
  write: "Changes the project's configuration; safe to repeat with the same arguments.",
  billable: "BILLABLE: the first call does nothing but quote the cost: the user is asked to confirm (when the client " +
    "supports elicitation), or the answer holds a quote and a single-use confirmationToken, valid 5 minutes and " +
    "bound to these exact arguments. Call again with the same arguments plus confirmationToken to act."
}

const describe = (operation: AnyOperation, toolset: Toolset): string => {
  const listing = operation.name === "listActiveNumbersPage"
    ? ` Answers one page (pageSize default ${pageLimits.default}, at most ${pageLimits.max}); pass nextPageToken ` +
      "back as pageToken for the next. For counts over the whole inventory use summarize_active_numbers."
    : ""
  return `${operation.summary} (Sinch Numbers API ${operation.operationId}: ${operation.method} ${
    operation.path.replace("/v1/projects/{projectId}", "")
  }). ${guidance[toolset]}${listing}`
}

/**
 * The tool of one operation.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromOperation = (operation: AnyOperation): NumbersTool => {
  const toolset = toolsetOf(operation)
  const name = snakeCase(renamed[operation.name] ?? operation.name)
  const tool = Tool.make(name, { description: describe(operation, toolset), success: operation.success })
    .annotate(Tool.Title, operation.summary)
    .annotate(Tool.Readonly, toolset === "read")
    .annotate(Tool.Destructive, operation.name === "releaseNumber")
    .annotate(Tool.Idempotent, operation.retry === "idempotent")
    .annotate(Tool.OpenWorld, true)
  return { name, tool, toolset, operation }
}

/**
 * Every operation of the table as a tool, in the table's order.
 *
 * @since 0.1.0
 * @category constants
 */
export const all: ReadonlyArray<NumbersTool> = Object.values<AnyOperation>(NumbersOperation.operations).map(
  fromOperation
)

/**
 * The tools of the given toolsets; with `readOnly`, only those that change nothing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const select = (
  toolsets: ReadonlyArray<Toolset>,
  readOnly: boolean
): ReadonlyArray<NumbersTool> => all.filter((t) => readOnly ? t.toolset === "read" : toolsets.includes(t.toolset))

/**
 * The tools as an `@effect/ai` `Toolkit`.
 *
 * @since 0.1.0
 * @category constants
 */
export const toolkit: Toolkit.Toolkit<Record<string, Tool.Any>> = Toolkit.make(...all.map((t) => t.tool))
