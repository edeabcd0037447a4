/** @internal */
import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { Incomplete, UsageError } from "../CliError.js"
import { numberPattern } from "./availableCommand.js"
import * as Bulk from "./bulk.js"
import * as CliOptions from "./options.js"
import * as Output from "./output.js"
import * as Progress from "./progress.js"
import * as Records from "./records.js"
import * as Session from "./session.js"

const phoneArgument = Args.text({ name: "PHONE" }).pipe(Args.withDescription("an active number, in E.164"))

const list = Command.make(
  "list",
  {
    ...CliOptions.common,
    ndjson: Options.boolean("ndjson").pipe(Options.withDescription("one JSON object per line (for exports)")),
    csv: Options.boolean("csv").pipe(Options.withDescription("CSV with a header row (bulk-update reads it back)")),
    output: Options.text("output").pipe(
      Options.withAlias("o"),
      Options.withDescription("write to this file instead of stdout"),
      Options.optional
    ),
    region: CliOptions.region.pipe(Options.optional),
    type: CliOptions.numberType.pipe(Options.optional),
    pattern: CliOptions.pattern,
    searchPattern: CliOptions.searchPattern,
    capability: CliOptions.capabilities,
    orderBy: Options.choice("order-by", ["phoneNumber", "displayName"]).pipe(
      Options.withDescription("the order of the list (default: the server's)"),
      Options.optional
    ),
    pageSize: Options.integer("page-size").pipe(
      Options.withDescription("numbers per request"),
      Options.withDefault(1000)
    )
  },
  (o) =>
    Effect.gen(function*() {
      const formats = [o.json && "json", o.ndjson && "ndjson", o.csv && "csv"].filter((f) => f !== false)
      if (formats.length > 1) {
        return yield* new UsageError({
          message: `Choose one of --json, --ndjson and --csv (got ${formats.join(", ")})`
        })
      }
      const format = formats[0] ?? "table"
      const numbers = yield* NumbersClient.NumbersClient
      const filters: NumbersClient.ListActiveNumbersFilters = {
        ...(Option.isSome(o.region) ? { regionCode: o.region.value } : {}),
        ...(Option.isSome(o.type) ? { type: o.type.value } : {}),
        ...numberPattern(o.pattern, o.searchPattern),
        ...(o.capability.length > 0 ? { capabilities: o.capability } : {}),
        ...(Option.isSome(o.orderBy) ? { orderBy: o.orderBy.value } : {}),
        pageSize: o.pageSize
      }
      const out = yield* Output.open(o.output)
      // The total, for the ETA, costs one small request: only made when someone watches the progress line.
      const showProgress = process.stderr.isTTY === true
      const total = showProgress
        ? Option.getOrUndefined(
          (yield* numbers.listActiveNumbersPage({ ...filters, pageSize: 1 })).totalSize
        )
        : undefined
      const progress = Progress.make("numbers", total, showProgress)
      const started = performance.now()
      let count = 0
      const render: (chunk: Chunk.Chunk<ActiveNumber>) => string = format === "ndjson"
        ? (chunk) => Chunk.join(Chunk.map(chunk, (n) => JSON.stringify(n)), "\n") + "\n"
        : format === "csv"
        ? (chunk) => Chunk.join(Chunk.map(chunk, Records.activeCsvRow), "\n") + "\n"
        : format === "json"
        ? (chunk) => (count === 0 ? "" : ",\n") + Chunk.join(Chunk.map(chunk, (n) => "  " + JSON.stringify(n)), ",\n")
        : (chunk) => Chunk.join(Chunk.map(chunk, Records.activeTableRow), "\n") + "\n"
      if (format === "csv") yield* out.write(Records.activeCsvHeader + "\n")
      if (format === "table") yield* out.write(Records.activeTableHeader + "\n")
      if (format === "json") yield* out.write("{\"activeNumbers\": [\n")
      yield* numbers.listActiveNumbers(filters).pipe(
        Stream.runForEachChunk((chunk) =>
          Chunk.isEmpty(chunk) ? Effect.void : Effect.suspend(() => {
            const text = render(chunk)
            count += chunk.length
            progress.advance(chunk.length)
            return out.write(text)
          })
        ),
        Effect.tapError(() => progress.finish())
      )
      if (format === "json") yield* out.write(`\n], "count": ${count}}\n`)
      const seconds = (performance.now() - started) / 1000
      yield* progress.finish(
        `${count.toLocaleString("en-US")} numbers in ${seconds.toFixed(1)} s${
          Option.isSome(o.output) ? ` to ${o.output.value}` : ""
        }`
      )
    }).pipe(Effect.scoped, Effect.provide(Session.clientLayer(o.profile)))
).pipe(
  Command.withDescription(
    "List active numbers, streamed in constant memory: a table, or --json, --ndjson, --csv; progress on stderr."
  )
)

const get = Command.make(
  "get",
  { ...CliOptions.common, phoneNumber: phoneArgument },
  (o) =>
    Effect.gen(function*() {
      const numbers = yield* NumbersClient.NumbersClient
      const found = yield* numbers.getActiveNumber(o.phoneNumber)
      yield* o.json ? Output.json(found) : Output.line(Records.activeFields(found))
    }).pipe(Effect.provide(Session.clientLayer(o.profile)))
).pipe(Command.withDescription("Show one active number (GetActiveNumber)."))

const update = Command.make(
  "update",
  {
    ...CliOptions.common,
    phoneNumber: phoneArgument,
    displayName: Options.text("display-name").pipe(Options.withDescription("a new display name"), Options.optional),
    servicePlanId: CliOptions.servicePlanId,
    campaignId: CliOptions.campaignId,
    appId: CliOptions.appId,
    callbackUrl: CliOptions.callbackUrl
  },
  (o) =>
    Effect.gen(function*() {
      if (Option.isSome(o.campaignId) && Option.isNone(o.servicePlanId)) {
        return yield* new UsageError({ message: "--campaign-id needs --service-plan-id" })
      }
      const request: NumbersClient.UpdateActiveNumberInput = {
        ...(Option.isSome(o.displayName) ? { displayName: o.displayName.value } : {}),
        ...(Option.isSome(o.callbackUrl) ? { callbackUrl: o.callbackUrl.value } : {}),
        ...(Option.isSome(o.servicePlanId)
          ? {
            smsConfiguration: {
              servicePlanId: o.servicePlanId.value,
              ...(Option.isSome(o.campaignId) ? { campaignId: o.campaignId.value } : {})
            }
          }
          : {}),
        ...(Option.isSome(o.appId) ? { voiceConfiguration: { type: "RTC" as const, appId: o.appId.value } } : {})
      }
      if (Object.keys(request).length === 0) {
        return yield* new UsageError({
          message: "Nothing to change: give --display-name, --service-plan-id, --app-id or --callback-url"
        })
      }
      const numbers = yield* NumbersClient.NumbersClient
      const updated = yield* numbers.updateActiveNumber(o.phoneNumber, request)
      yield* o.json ? Output.json(updated) : Output.line(Records.activeFields(updated))
    }).pipe(Effect.provide(Session.clientLayer(o.profile)))
).pipe(
  Command.withDescription("Change one active number (UpdateActiveNumber): display name, SMS, voice, callback URL.")
)

const release = Command.make(
  "release",
  { ...CliOptions.common, yes: CliOptions.yes, phoneNumber: phoneArgument },
  (o) =>
    Effect.gen(function*() {
      const numbers = yield* NumbersClient.NumbersClient
      const current = yield* numbers.getActiveNumber(o.phoneNumber)
      if (current.expireAt !== undefined) {
        yield* Output.note(`${o.phoneNumber} is already released; it expires ${String(current.expireAt)}.`)
        return yield* o.json ? Output.json(current) : Effect.void
      }
      yield* Session.confirm(
        `Release ${o.phoneNumber}${current.displayName ? ` (${current.displayName})` : ""}? It stays until ${
          current.nextChargeDate === undefined ? "the end of the paid period" : String(current.nextChargeDate)
        }, then it is gone.`,
        o.yes
      )
      const released = yield* numbers.releaseNumber(o.phoneNumber)
      if (o.json) return yield* Output.json(released)
      yield* Output.line(
        `Released ${o.phoneNumber}${
          released.expireAt === undefined ? "" : `; it expires ${String(released.expireAt)}`
        }.`
      )
    }).pipe(Effect.provide(Session.clientLayer(o.profile)), Effect.provide(Session.terminalLayer))
).pipe(Command.withDescription("Release one number (ReleaseNumber, billable); asks first (--yes)."))

const bulkOptions = {
  ...CliOptions.common,
  from: Options.text("from").pipe(
    Options.withDescription("the input: CSV with a phoneNumber header, or NDJSON objects")
  ),
  format: Options.choice("format", ["csv", "ndjson"]).pipe(
    Options.withDescription("the input's format (default: from its extension, else its first line)"),
    Options.optional
  ),
  checkpoint: Options.text("checkpoint").pipe(
    Options.withDescription("the checkpoint file (default: FROM.<command>.checkpoint); a run resumes from it"),
    Options.optional
  ),
  concurrency: Options.integer("concurrency").pipe(
    Options.withDescription("rows in flight at once"),
    Options.withDefault(8)
  ),
  dryRun: Options.boolean("dry-run").pipe(
    Options.withDescription("read the numbers and print what would change; change nothing")
  )
}

const change = (c: { readonly from: string | null; readonly to: string | null }) =>
  `${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`

const printReport = (report: Bulk.Report, json: boolean): Effect.Effect<void, Incomplete> =>
  Effect.gen(function*() {
    if (json) {
      yield* Output.json(report)
    } else {
      const lines: Array<string> = []
      for (const r of report.results) {
        if (r.outcome === "would-change") {
          const changes = Object.entries(r.changes ?? {}).map(([field, c]) => `${field} ${change(c)}`)
          lines.push(
            `would change line ${r.line} ${r.phoneNumber}${changes.length > 0 ? `: ${changes.join("; ")}` : ""}`
          )
        }
      }
      for (const r of report.results) {
        if (r.outcome === "failed") lines.push(`failed  line ${r.line} ${r.phoneNumber}: ${r.reason ?? "?"}`)
      }
      for (const r of report.results) {
        if (r.outcome === "skipped") lines.push(`skipped line ${r.line} ${r.phoneNumber}: ${r.reason ?? "?"}`)
      }
      const counts = report.dryRun
        ? `${report.wouldChange} would change, ${report.unchanged} unchanged`
        : `${report.done} done, ${report.unchanged} unchanged`
      lines.push(
        `${report.job}${
          report.dryRun ? " (dry run)" : ""
        }: ${report.rows} rows: ${counts}, ${report.failed} failed, ${report.skipped} skipped` +
          (report.resumed > 0 ? ` (${report.resumed} finished by an earlier run)` : "") +
          (report.rateLimitPauses > 0 ? `; paused ${report.rateLimitPauses} time(s) on 429` : "") +
          (report.dryRun ? "" : `. Checkpoint: ${report.checkpoint}`)
      )
      yield* Output.line(lines.join("\n"))
    }
    if (report.failed > 0) {
      return yield* new Incomplete({
        message: `${report.failed} row(s) failed (see the report); run the same command again to retry them`
      })
    }
  })

const bulkUpdate = Command.make(
  "bulk-update",
  bulkOptions,
  (o) =>
    Effect.gen(function*() {
      if (o.concurrency < 1 || o.concurrency > 64) {
        return yield* new UsageError({ message: `--concurrency must be from 1 to 64, got ${o.concurrency}` })
      }
      const report = yield* Bulk.run("bulk-update", o)
      yield* printReport(report, o.json)
    }).pipe(Effect.provide(Session.clientLayer(o.profile)))
).pipe(
  Command.withDescription(
    "Change many numbers from a file (displayName, servicePlanId, campaignId, appId, callbackUrl): resumable, " +
      "with a report."
  )
)

const bulkRelease = Command.make(
  "bulk-release",
  { ...bulkOptions, yes: CliOptions.yes },
  (o) =>
    Effect.gen(function*() {
      if (o.concurrency < 1 || o.concurrency > 64) {
        return yield* new UsageError({ message: `--concurrency must be from 1 to 64, got ${o.concurrency}` })
      }
      if (!o.dryRun) {
        yield* Session.confirm(`Release every number listed in ${o.from}?`, o.yes)
      }
      const report = yield* Bulk.run("bulk-release", o)
      yield* printReport(report, o.json)
    }).pipe(Effect.provide(Session.clientLayer(o.profile)), Effect.provide(Session.terminalLayer))
).pipe(
  Command.withDescription(
    "Release many numbers from a file: never twice, ambiguous outcomes looked up, resumable, with a report; asks first."
  )
)

/** @internal */
export const command = Command.make("active").pipe(
  Command.withDescription("The project's numbers: list, show, change, release, in bulk too."),
  Command.withSubcommands([list, get, update, release, bulkUpdate, bulkRelease])
)
