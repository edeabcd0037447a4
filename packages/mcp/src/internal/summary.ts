/** @internal */
import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import { ListActiveNumbersRequest } from "@effect-sinch/core/ActiveNumber"
import * as McpSchema from "@effect/ai/McpSchema"
import * as McpServer from "@effect/ai/McpServer"
import * as Tool from "@effect/ai/Tool"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as JsonSchema from "./jsonSchema.js"
import { type Handle, Notifier, type Session } from "./server.js"
import { add, failure, guard, invalidParams, messageOf, success, type ToolContext } from "./tools.js"

const filters = ListActiveNumbersRequest.fields

/** @internal */
export const SummaryInput = Schema.Struct({
  regionCode: filters.regionCode,
  type: filters.type,
  numberPattern: filters.numberPattern,
  capabilities: filters.capabilities
})

const Counts = Schema.Record({ key: Schema.String, value: Schema.Number })

/** @internal */
export const Summary = Schema.Struct({
  total: Schema.Number,
  byRegion: Counts,
  byType: Counts,
  byCapability: Counts,
  bySmsPlan: Counts.annotations({ description: "By SMS servicePlanId (\"none\" when the number has no SMS plan)" }),
  byVoiceApp: Counts.annotations({
    description: "By voice application: RTC:appId, EST:trunkId, FAX:serviceId (\"none\" when not linked)"
  })
})

/** @internal */
export type Summary = typeof Summary.Type

/** @internal */
export const tool = Tool.make("summarize_active_numbers", {
  description: "Counts every active number of the project (optionally filtered) by region, type, capability, SMS " +
    "plan and voice application, reading the whole inventory in parallel parts without holding it: one call, " +
    "whatever its size. Sends notifications/progress while it counts when the request carries a progressToken. " +
    "Read-only.",
  parameters: SummaryInput.fields,
  success: Summary
})
  .annotate(Tool.Title, "Summarize active numbers")
  .annotate(Tool.Readonly, true)
  .annotate(Tool.Destructive, false)
  .annotate(Tool.Idempotent, true)
  .annotate(Tool.OpenWorld, true)

// A progress notification at least this often (in numbers counted).
const progressEvery = 5_000

const voiceKey = (number: ActiveNumber): string => {
  const voice = number.voiceConfiguration
  if (voice === undefined) return "none"
  const type = voice.type ?? "RTC"
  const id = type === "EST" ? voice.trunkId : type === "FAX" ? voice.serviceId : voice.appId
  return id === undefined || id === "" ? "none" : `${type}:${id}`
}

/**
 * Counts as they accumulate: only the keys are held, never the numbers.
 *
 * @internal
 */
export const makeTally = () => {
  const summary = {
    total: 0,
    byRegion: {} as Record<string, number>,
    byType: {} as Record<string, number>,
    byCapability: {} as Record<string, number>,
    bySmsPlan: {} as Record<string, number>,
    byVoiceApp: {} as Record<string, number>
  }
  const bump = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + 1
  }
  return {
    summary,
    add: (number: ActiveNumber) => {
      summary.total++
      bump(summary.byRegion, number.regionCode ?? "unknown")
      bump(summary.byType, number.type ?? "unknown")
      for (const capability of number.capability ?? []) bump(summary.byCapability, capability)
      const plan = number.smsConfiguration?.servicePlanId
      bump(summary.bySmsPlan, plan === undefined || plan === "" ? "none" : plan)
      bump(summary.byVoiceApp, voiceKey(number))
    }
  }
}

const decode = Schema.decodeUnknown(SummaryInput, { errors: "all", onExcessProperty: "ignore" })
const encode = Schema.encode(Summary)

const handle = (context: ToolContext, notifier: Notifier["Type"]): Handle => (request) =>
  guard(
    tool.name,
    Effect.gen(function*() {
      const caller = yield* McpSchema.McpServerClient
      const filters = yield* Effect.mapError(decode(request.arguments), (error) => invalidParams(tool.name, error))
      const progressToken = request._meta?.progressToken
      // the total the server reports, for progress: one number's page
      const total = progressToken === undefined
        ? Option.none<number>()
        : yield* context.client.listActiveNumbersPage({ ...filters, pageSize: 1 }).pipe(
          Effect.map((page) => page.totalSize),
          Effect.orElseSucceed(() => Option.none<number>())
        )
      const tally = makeTally()
      let notified = 0
      const progress = progressToken === undefined
        ? () => Effect.void
        : () => {
          if (tally.summary.total - notified < progressEvery) return Effect.void
          notified = tally.summary.total
          // to the client whose call it is, not to every client (McpServer's own notifications go to all)
          return notifier.progress(caller.clientId, {
            progressToken,
            progress: notified,
            ...(Option.isSome(total) ? { total: total.value } : {}),
            message: `${notified} numbers counted`
          })
        }
      const counted = yield* context.client.listActiveNumbersPartitioned(filters).pipe(
        Stream.runForEachChunk((chunk) => {
          Chunk.forEach(chunk, tally.add)
          return progress()
        }),
        Effect.either
      )
      if (counted._tag === "Left") {
        return failure(`${messageOf(counted.left)} (${tally.summary.total} numbers were counted before it failed)`)
      }
      return success(yield* Effect.orDie(encode(tally.summary)))
    })
  )

/**
 * Registers `summarize_active_numbers`.
 *
 * @internal
 */
export const register = (
  context: ToolContext,
  session: Session
): Effect.Effect<void, never, McpServer.McpServer | Notifier> =>
  Effect.flatMap(Effect.zip(McpServer.McpServer, Notifier), ([server, notifier]) =>
    add(server, session, {
      tool,
      inputSchema: JsonSchema.fromSchema(SummaryInput),
      outputSchema: JsonSchema.fromSchema(Summary),
      handle: handle(context, notifier)
    }))
