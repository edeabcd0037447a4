/** @internal */
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as McpSchema from "@effect/ai/McpSchema"
import * as McpServer from "@effect/ai/McpServer"
import * as Tool from "@effect/ai/Tool"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as NumbersTools from "../NumbersTools.js"
import { pageLimits } from "../NumbersTools.js"
import * as Confirmations from "./confirmations.js"
import * as JsonSchema from "./jsonSchema.js"
import * as Quote from "./quote.js"
import { type CallRequest, type DirectHandle, type Handle, SessionTag, type TextResult } from "./server.js"
import type * as Spend from "./spend.js"

/**
 * What every tool handler shares: the client, the spend so far, the outstanding confirmation tokens, and a bound on
 * calls to the API in flight (a burst of tool calls queues instead of flooding Sinch).
 *
 * @internal
 */
export interface ToolContext {
  readonly client: NumbersClient.Service
  readonly spend: Spend.Spend
  readonly confirmations: Confirmations.Confirmations<Quote.Quoted>
  readonly permits: Effect.Semaphore
  /** Billable calls on the same number or order run one at a time (striped locks). */
  readonly targets: ReadonlyArray<Effect.Semaphore>
}

const targetOf = (input: unknown): string | undefined =>
  Predicate.hasProperty(input, "phoneNumber") && typeof input.phoneNumber === "string"
    ? input.phoneNumber
    : Predicate.hasProperty(input, "numberOrderId") && typeof input.numberOrderId === "string"
    ? input.numberOrderId
    : undefined

const lockFor = (context: ToolContext, input: unknown) => {
  const target = targetOf(input)
  if (target === undefined) return <A, E, R>(effect: Effect.Effect<A, E, R>) => effect
  let hash = 0
  for (let i = 0; i < target.length; i++) hash = (hash * 31 + target.charCodeAt(i)) | 0
  return context.targets[Math.abs(hash) % context.targets.length]!.withPermits(1)
}

const maxMessage = 300

const clip = (text: string, max = maxMessage) => text.length <= max ? text : `${text.slice(0, max)}… (cut)`

/**
 * Bad arguments as MCP invalid-params, naming each field at fault (values cut short: an argument may be huge).
 *
 * @internal
 */
export const invalidParams = (tool: string, error: ParseResult.ParseError): McpSchema.InvalidParams => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const fields = issues.map((issue) => issue.path.join("."))
  return new McpSchema.InvalidParams({
    message: `Invalid arguments for ${tool}: ${
      issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(arguments)"}: ${clip(issue.message, 200)}`)
        .join("; ")
    }`,
    data: { fields }
  })
}

const invalidField = (tool: string, field: string, message: string) =>
  new McpSchema.InvalidParams({
    message: `Invalid arguments for ${tool}: ${field}: ${message}`,
    data: { fields: [field] }
  })

/**
 * A success: the structured answer (already encoded with the tool's schema), and its JSON as the text content MCP
 * asks for, compact, stringified once.
 *
 * @internal
 */
export const successEncoded = (structured: Record<string, unknown>): TextResult => ({
  content: [{ type: "text", text: JSON.stringify(structured) }],
  structuredContent: structured,
  isError: false
})

/**
 * A failure the agent reads: an `isError` result with the message (and, for billable tools, what is known).
 *
 * @internal
 */
export const failureEncoded = (message: string, structured?: Record<string, unknown>): TextResult =>
  structured === undefined
    ? { content: [{ type: "text", text: message }], isError: true }
    : { content: [{ type: "text", text: message }], structuredContent: structured, isError: true }

// Built from values already encoded: the answer is encoded once more on the way out, no need to validate it here.
const trusted = { disableValidation: true } as const

const fromEncoded = (result: TextResult): McpSchema.CallToolResult => new McpSchema.CallToolResult(result, trusted)

/** @internal */
export const success = (structured: Record<string, unknown>): McpSchema.CallToolResult =>
  fromEncoded(successEncoded(structured))

/** @internal */
export const failure = (message: string, structured?: Record<string, unknown>): McpSchema.CallToolResult =>
  fromEncoded(failureEncoded(message, structured))

/**
 * A typed error's message (what happened, what to do), prefixed with its tag. Anything else is not shown: it is
 * logged on stderr, and the agent is told so.
 *
 * @internal
 */
export const messageOf = (error: unknown): string =>
  Predicate.hasProperty(error, "message") && typeof error.message === "string"
    ? Predicate.hasProperty(error, "_tag") && typeof error._tag === "string"
      ? `${error._tag}: ${error.message}`
      : error.message
    : "The server failed unexpectedly (details on its stderr)."

const guardWith = <A>(unexpected: (message: string) => A) =>
<R>(
  tool: string,
  effect: Effect.Effect<A, McpSchema.InvalidParams, R>
): Effect.Effect<A, McpSchema.InvalidParams, R> =>
  Effect.catchAllCause(effect, (cause) =>
    Option.match(Cause.failureOption(cause), {
      onSome: Effect.fail,
      onNone: () =>
        Effect.as(
          Effect.logError(`${tool} failed unexpectedly`, cause),
          unexpected(`${tool} failed unexpectedly; nothing more is known (details on the server's stderr).`)
        )
    }))

/**
 * Runs a handler's effect: defects and interruptions become an `isError` result (logged on stderr), never a
 * protocol error with a stack.
 *
 * @internal
 */
export const guard: <R>(
  tool: string,
  effect: Effect.Effect<McpSchema.CallToolResult, McpSchema.InvalidParams, R>
) => Effect.Effect<McpSchema.CallToolResult, McpSchema.InvalidParams, R> = guardWith(failure)

const guardEncoded = guardWith(failureEncoded)

const ConfirmationToken = Schema.Struct({
  confirmationToken: Schema.optional(Schema.String.annotations({
    description: "The token of this tool's quote, to act (single use, bound to the same arguments, 5 minutes)"
  }))
})

const inputSchemaOf = (entry: NumbersTools.NumbersTool): Record<string, unknown> => {
  const json = JsonSchema.fromSchema(entry.operation.input)
  if (entry.toolset !== "billable") return json
  const token = JsonSchema.fromSchema(ConfirmationToken)
  return {
    ...json,
    properties: {
      ...(Predicate.isRecord(json.properties) ? json.properties : {}),
      ...(Predicate.isRecord(token.properties) ? token.properties : {})
    }
  }
}

const BillableStatus = Schema.Literal("done", "confirmation_required", "declined", "not_done", "unknown")

/**
 * The structured answer of a billable tool: what happened, the quote, the token to act, the result, and after an
 * ambiguous failure what was checked.
 *
 * @internal
 */
export const billableOutput = (success: Schema.Schema<any, any>) =>
  Schema.Struct({
    status: BillableStatus,
    message: Schema.String,
    quote: Schema.optional(Quote.Quote),
    confirmationToken: Schema.optional(Schema.String),
    expiresAt: Schema.optional(Schema.String),
    result: Schema.optional(success),
    checked: Schema.optional(Schema.String)
  })

// Compiled once per tool, and run without an Effect: the operations' schemas have no asynchronous part.
const inputDecoder = (entry: NumbersTools.NumbersTool) => {
  const decode = Schema.decodeUnknownEither(entry.operation.input, { errors: "all", onExcessProperty: "ignore" })
  return (args: Record<string, unknown>) => Either.mapLeft(decode(args), (error) => invalidParams(entry.name, error))
}

const boundPage = (entry: NumbersTools.NumbersTool, args: Record<string, unknown>) => {
  if (entry.operation.name !== "listActiveNumbersPage") return Effect.succeed(args)
  const pageSize = args.pageSize
  if (pageSize === undefined) return Effect.succeed({ ...args, pageSize: pageLimits.default })
  return typeof pageSize === "number" && pageSize > pageLimits.max
    ? Effect.fail(invalidField(entry.name, "pageSize", `at most ${pageLimits.max} numbers in one call; page on`))
    : Effect.succeed(args)
}

const encodeWith = (schema: Schema.Schema<any, any>) => {
  const encode = Schema.encodeEither(schema)
  return (value: unknown) =>
    Either.map(encode(value), (encoded): Record<string, unknown> => Predicate.isRecord(encoded) ? encoded : {})
}

const plainHandle = (
  entry: NumbersTools.NumbersTool,
  context: ToolContext,
  output: ReturnType<typeof JsonSchema.structured>
): DirectHandle => {
  const encode = encodeWith(output.schema)
  const decodeInput = inputDecoder(entry)
  return (request) =>
    guardEncoded(
      entry.name,
      Effect.gen(function*() {
        const args = yield* boundPage(entry, request.arguments)
        const input = yield* decodeInput(args)
        const exit = yield* Effect.exit(context.permits.withPermits(1)(entry.operation.call(context.client, input)))
        if (Exit.isFailure(exit)) {
          return Option.match(Cause.failureOption(exit.cause), {
            onSome: (error) => failureEncoded(messageOf(error)),
            onNone: () => failureEncoded(`${entry.name} failed unexpectedly (details on the server's stderr).`)
          })
        }
        return successEncoded(yield* Effect.orDie(encode(output.wrap(exit.value))))
      })
    )
}

// After an ambiguous failure: look again, a few times, at what shows whether the call took effect.
const lookAgain = Schedule.exponential(Duration.millis(200)).pipe(Schedule.intersect(Schedule.recurs(4)))

interface Reconciled {
  readonly status: "done" | "not_done" | "unknown"
  readonly checked: string
  readonly result?: unknown
}

const reconcile = (
  client: NumbersClient.Service,
  operation: string,
  input: unknown,
  check: string
): Effect.Effect<Reconciled> => {
  const phoneNumber = Predicate.hasProperty(input, "phoneNumber") && typeof input.phoneNumber === "string"
    ? input.phoneNumber
    : undefined
  const orderId = Predicate.hasProperty(input, "numberOrderId") && typeof input.numberOrderId === "string"
    ? input.numberOrderId
    : undefined
  const unknown = (checked: string): Reconciled => ({ status: "unknown", checked: `${checked} ${check}` })
  if ((operation === "rentNumber" || operation === "releaseNumber") && phoneNumber !== undefined) {
    const rent = operation === "rentNumber"
    return client.getActiveNumber(phoneNumber).pipe(
      Effect.retry({ schedule: lookAgain, while: (e) => e._tag !== "NotFound" }),
      Effect.match({
        onFailure: (error): Reconciled =>
          error._tag === "NotFound" && rent
            ? {
              status: "not_done",
              checked: `getActiveNumber(${phoneNumber}) answered NotFound: the number is not in this project, so it ` +
                "was not rented."
            }
            : unknown(`getActiveNumber(${phoneNumber}) failed too (${error._tag}).`),
        onSuccess: (number): Reconciled =>
          (number.expireAt === undefined) === rent
            ? {
              status: "done",
              checked: `getActiveNumber(${phoneNumber}) shows the number ${
                rent ? "active in this project" : "released (expireAt set)"
              }: the call took effect.`,
              result: number
            }
            : {
              status: "not_done",
              checked: `getActiveNumber(${phoneNumber}) shows ${
                rent
                  ? "an expireAt (a release in progress), not a new rent"
                  : "no expireAt: the number was not released"
              }.`
            }
      })
    )
  }
  if (operation === "submitNumberOrder" && orderId !== undefined) {
    return client.getNumberOrder(orderId).pipe(
      Effect.retry({ schedule: lookAgain, while: (e) => e._tag !== "NotFound" }),
      Effect.match({
        onFailure: (error): Reconciled => unknown(`getNumberOrder(${orderId}) failed too (${error._tag}).`),
        onSuccess: (order): Reconciled =>
          order.state === "CREATED"
            ? { status: "not_done", checked: `getNumberOrder(${orderId}) shows the order still CREATED.` }
            : {
              status: "done",
              checked: `getNumberOrder(${orderId}) shows the order ${order.state ?? "past CREATED"}: it was submitted.`,
              result: order
            }
      })
    )
  }
  return Effect.succeed(unknown("Nothing this server can look up tells whether it took effect."))
}

const isOutcomeUnknown = (
  error: unknown
): error is { readonly check: string; readonly message: string; readonly failure?: unknown } =>
  Predicate.hasProperty(error, "_tag") && error._tag === "OutcomeUnknown" && Predicate.hasProperty(error, "check") &&
  typeof error.check === "string"

const Confirm = Schema.Struct({
  confirm: Schema.Boolean.annotations({ title: "Go ahead", description: "Yes to act; no and nothing is sent" })
})

const billableHandle = (
  entry: NumbersTools.NumbersTool,
  context: ToolContext,
  elicitation: ReadonlySet<number>
): Handle => {
  const output = billableOutput(entry.operation.success)
  const encode = encodeWith(output)
  const decodeInput = inputDecoder(entry)
  const answer = (value: typeof output.Type, isError = false) =>
    Effect.map(Effect.orDie(encode(value)), (structured) =>
      isError ?
        failure(`${value.message}${value.checked === undefined ? "" : ` ${value.checked}`}`, structured)
        : success(structured))

  // Another call may have rented the number since it was quoted: then nothing is sent. (After a lost answer the
  // client's own reconciliation reads an active number as rented, true only if it was not ours before.)
  const alreadyDone = (input: unknown): Effect.Effect<boolean> => {
    const phoneNumber = targetOf(input)
    return entry.operation.name !== "rentNumber" || phoneNumber === undefined
      ? Effect.succeed(false)
      : context.client.getActiveNumber(phoneNumber).pipe(
        Effect.map((number) => number.expireAt === undefined),
        Effect.orElseSucceed(() => false)
      )
  }

  const act = (input: unknown, quoted: Quote.Quoted) =>
    Effect.gen(function*() {
      if (yield* alreadyDone(input)) {
        return yield* answer({
          status: "not_done",
          message: `${quoted.quote.action}: not done, the number is already active in this project (rented ` +
            "since it was quoted). Nothing was sent."
        }, true)
      }
      const refund = yield* Effect.either(context.spend.reserve(quoted))
      if (refund._tag === "Left") return failure(refund.left)
      const exit = yield* Effect.exit(context.permits.withPermits(1)(entry.operation.call(context.client, input)))
      if (Exit.isSuccess(exit)) {
        return yield* answer({ status: "done", message: `${quoted.quote.action}: done.`, result: exit.value })
      }
      const error = Cause.failureOption(exit.cause)
      if (Option.isSome(error) && isOutcomeUnknown(error.value)) {
        // what was lost: Timeout, TransportError, ServerError, ResponseDecodeError
        const lost = typeof error.value.failure === "string" ? `: ${error.value.failure}` : ""
        const found = yield* reconcile(context.client, entry.operation.name, input, error.value.check)
        if (found.status === "not_done") yield* refund.right
        const message = found.status === "done"
          ? `${quoted.quote.action}: done (its answer was lost${lost}; checked).`
          : found.status === "not_done"
          ? `${quoted.quote.action}: not done (its answer was lost${lost}; checked). Nothing was charged.`
          : `${quoted.quote.action}: UNKNOWN whether it took effect (its answer was lost${lost}). Do not repeat it ` +
            "before checking."
        return yield* answer({
          status: found.status,
          message,
          checked: found.checked,
          ...(found.result === undefined ? {} : { result: found.result })
        }, found.status !== "done")
      }
      // A definite failure: refused before acting, or never sent.
      yield* refund.right
      return Option.match(error, {
        onSome: (e) => failure(messageOf(e)),
        onNone: () => failure(`${entry.name} failed unexpectedly (details on the server's stderr).`)
      })
    })

  return (request) =>
    guard(
      entry.name,
      Effect.gen(function*() {
        const { confirmationToken, ...args } = request.arguments
        if (confirmationToken !== undefined && typeof confirmationToken !== "string") {
          return yield* invalidField(entry.name, "confirmationToken", "Expected a string")
        }
        const input = yield* decodeInput(args)
        const key = Confirmations.canonical(args)
        // one billable call at a time per number or order: the second sees what the first did
        return yield* lockFor(context, input)(Effect.gen(function*() {
          if (confirmationToken !== undefined) {
            const redeemed = yield* Effect.either(context.confirmations.redeem(entry.name, key, confirmationToken))
            return redeemed._tag === "Left" ? failure(redeemed.left) : yield* act(input, redeemed.right)
          }
          const quotedOr = yield* Effect.either(Quote.quote(context.client, entry.operation, input))
          if (quotedOr._tag === "Left") return failure(quotedOr.left)
          const quoted = quotedOr.right
          const capped = yield* Effect.either(context.spend.check(quoted))
          if (capped._tag === "Left") return failure(capped.left)
          const { clientId } = yield* McpSchema.McpServerClient
          if (elicitation.has(clientId)) {
            const asked = yield* Effect.exit(McpServer.elicit({
              message: `${Quote.describe(quoted.quote)}\nGo ahead?`,
              schema: Confirm
            }))
            if (Exit.isSuccess(asked) && asked.value.confirm) return yield* act(input, quoted)
            return yield* answer({
              status: "declined",
              message: `${quoted.quote.action}: the user declined. Nothing was sent.`,
              quote: quoted.quote
            })
          }
          const issued = yield* context.confirmations.issue(entry.name, key, quoted)
          return yield* answer({
            status: "confirmation_required",
            message:
              `${Quote.describe(quoted.quote)}\nNothing was sent. Show this to the user; to act, call ${entry.name} ` +
              "again with the same arguments and this confirmationToken (single use, expires at expiresAt).",
            quote: quoted.quote,
            confirmationToken: issued.token,
            expiresAt: issued.expiresAt.toISOString()
          })
        }))
      })
    )
}

/**
 * Registers the tools: each one's MCP definition (input schema from the operation's, output schema from its
 * success, annotations from the `Tool`), and its handler.
 *
 * @internal
 */
export const register = (
  tools: ReadonlyArray<NumbersTools.NumbersTool>,
  context: ToolContext
): Effect.Effect<void, never, McpServer.McpServer | SessionTag> =>
  Effect.gen(function*() {
    const server = yield* McpServer.McpServer
    const session = yield* SessionTag
    for (const entry of tools) {
      if (entry.toolset === "billable") {
        yield* add(server, session, {
          tool: entry.tool,
          inputSchema: inputSchemaOf(entry),
          outputSchema: JsonSchema.fromSchema(billableOutput(entry.operation.success)),
          handle: billableHandle(entry, context, session.elicitation)
        })
        continue
      }
      const output = JsonSchema.structured(entry.operation.success)
      const direct = plainHandle(entry, context, output)
      // a plain tool needs nothing of the calling client: the transport may answer its calls itself
      session.direct.set(entry.name, direct)
      yield* add(server, session, {
        tool: entry.tool,
        inputSchema: inputSchemaOf(entry),
        outputSchema: output.json,
        handle: (request) => Effect.map(direct(request), fromEncoded)
      })
    }
  })

/**
 * Adds one tool to the registry and the session.
 *
 * @internal
 */
export const add = (
  server: McpServer.McpServer["Type"],
  session: { readonly handles: Map<string, Handle>; readonly outputSchemas: Map<string, unknown> },
  options: {
    readonly tool: Tool.Any
    readonly inputSchema: Record<string, unknown>
    readonly outputSchema: Record<string, unknown>
    readonly handle: Handle
  }
): Effect.Effect<void> => {
  const { handle, tool } = options
  session.handles.set(tool.name, handle)
  session.outputSchemas.set(tool.name, options.outputSchema)
  const title = Context.getOption(tool.annotations, Tool.Title)
  return server.addTool({
    tool: new McpSchema.Tool({
      name: tool.name,
      ...(Option.isSome(title) ? { title: title.value } : {}),
      ...(tool.description === undefined ? {} : { description: tool.description }),
      inputSchema: options.inputSchema,
      annotations: new McpSchema.ToolAnnotations({
        ...(Option.isSome(title) ? { title: title.value } : {}),
        readOnlyHint: Context.get(tool.annotations, Tool.Readonly),
        destructiveHint: Context.get(tool.annotations, Tool.Destructive),
        idempotentHint: Context.get(tool.annotations, Tool.Idempotent),
        openWorldHint: Context.get(tool.annotations, Tool.OpenWorld)
      })
    }),
    // only reached if the registry's own tools/call ran: the session's handlers answer instead
    handle: (args) =>
      Effect.catchAll(
        handle({ name: tool.name, arguments: args } satisfies CallRequest),
        (error) => Effect.succeed(failure(error.message))
      )
  })
}

/** @internal */
export const makeContext = (
  spend: Spend.Spend,
  confirmationTtl: Duration.DurationInput
): Effect.Effect<ToolContext, never, NumbersClient.NumbersClient> =>
  Effect.gen(function*() {
    return {
      client: yield* NumbersClient.NumbersClient,
      spend,
      confirmations: Confirmations.make<Quote.Quoted>(confirmationTtl),
      permits: yield* Effect.makeSemaphore(16),
      targets: yield* Effect.forEach(Array.from({ length: 64 }), () => Effect.makeSemaphore(1))
    }
  })
