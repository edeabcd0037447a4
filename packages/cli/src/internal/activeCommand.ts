/** @internal */
import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import type * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { OutputFailed } from "../CliError.js"
import { Incomplete, UsageError } from "../CliError.js"
import * as ExitCode from "../ExitCode.js"
import { numberPattern } from "./availableCommand.js"
import * as Bulk from "./bulk.js"
import * as Columns from "./columns.js"
import * as CliOptions from "./options.js"
import * as Output from "./output.js"
import * as Progress from "./progress.js"
import * as Records from "./records.js"
import * as Root from "./root.js"
import * as Session from "./session.js"

const phoneArgument = CliOptions.phoneNumber("an active number, in E.164")

const list = Command.make(
  "list",
  {
    ndjson: Options.boolean("ndjson").pipe(Options.withDescription("one JSON object per line (for exports)")),
    csv: Options.boolean("csv").pipe(Options.withDescription("CSV with a header row (bulk-update reads it back)")),
    tsv: Options.boolean("tsv").pipe(Options.withDescription("tab-separated values with a header row")),
    columns: Options.text("columns").pipe(
      Options.withDescription(`the columns of a table, CSV or TSV, in order: any of ${Columns.csvDefault.join(",")}`),
      Options.optional
    ),
    noHeader: Options.boolean("no-header").pipe(Options.withDescription("no header row (table, CSV, TSV)")),
    limit: CliOptions.integer("limit", 1, Number.MAX_SAFE_INTEGER).pipe(
      Options.withDescription("stop after this many numbers"),
      Options.optional
    ),
    output: Options.text("output").pipe(
      Options.withAlias("o"),
      Options.withDescription("write to this file (replaced only once the export is complete) instead of stdout"),
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
    resumeFrom: Options.text("resume-from").pipe(
      Options.withPseudoName("PHONE"),
      Options.withDescription("continue an export after this number (implies --order-by phoneNumber)"),
      Options.optional
    ),
    parts: CliOptions.integer("parts", 1, 64).pipe(
      Options.withDescription(
        "read the list in this many parts side by side (faster over a real network; " +
          "the order is kept only within a part)"
      ),
      Options.optional
    ),
    pageSize: CliOptions.integer("page-size", 1, 1000).pipe(
      Options.withDescription("numbers per request"),
      CliOptions.withDefault(1000)
    )
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const formats = [json && "json", o.ndjson && "ndjson", o.csv && "csv", o.tsv && "tsv"].filter((f) => f !== false)
      if (formats.length > 1) {
        return yield* new UsageError({
          message: `Choose one of --json, --ndjson, --csv and --tsv (got ${formats.join(", ")})`
        })
      }
      const format = formats[0] ?? "table"
      if (Option.isSome(o.resumeFrom) && !CliOptions.isPhoneNumber(o.resumeFrom.value)) {
        return yield* new UsageError({
          message: `--resume-from must be a number in E.164, got ${JSON.stringify(o.resumeFrom.value)}`
        })
      }
      if (Option.isSome(o.resumeFrom) && Option.getOrElse(o.orderBy, () => "phoneNumber") !== "phoneNumber") {
        return yield* new UsageError({ message: "--resume-from lists in phoneNumber order: drop --order-by" })
      }
      if (Option.isSome(o.parts) && (Option.isSome(o.resumeFrom) || Option.isSome(o.orderBy))) {
        return yield* new UsageError({ message: "--parts keeps no overall order: drop --order-by and --resume-from" })
      }
      if (Option.isSome(o.columns) && (format === "json" || format === "ndjson")) {
        return yield* new UsageError({ message: "--columns is for tables, CSV and TSV" })
      }
      const columns = Option.isSome(o.columns)
        ? yield* Columns.parse(o.columns.value)
        : format === "table"
        ? Columns.tableDefault
        : Columns.csvDefault
      const numbers = yield* Session.numbers
      const output = yield* Output.Output
      const filters: NumbersClient.ListActiveNumbersFilters = {
        ...(Option.isSome(o.region) ? { regionCode: o.region.value } : {}),
        ...(Option.isSome(o.type) ? { type: o.type.value } : {}),
        ...numberPattern(o.pattern, o.searchPattern),
        ...(o.capability.length > 0 ? { capabilities: o.capability } : {}),
        ...(Option.isSome(o.orderBy) || Option.isSome(o.resumeFrom)
          ? { orderBy: Option.getOrElse(o.orderBy, () => "phoneNumber" as const) }
          : {}),
        pageSize: o.pageSize
      }
      const file = Option.isSome(o.output) ? Option.some(yield* Output.openFile(o.output.value)) : Option.none()
      const out = Option.match(file, { onNone: () => output.stdout, onSome: (f) => f.sink })
      // The total, for the ETA, costs one small request: only made when someone watches the progress line.
      const total = output.stderr.isTerminal
        ? Option.getOrUndefined((yield* numbers.listActiveNumbersPage({ ...filters, pageSize: 1 })).totalSize)
        : undefined
      const progress = yield* Progress.make("numbers", total)
      const started = performance.now()
      let count = 0
      let last: string | undefined
      const layout = format === "table" || format === "csv" || format === "tsv"
        ? Columns.layout(format, columns)
        : undefined
      const render: (chunk: Chunk.Chunk<ActiveNumber>) => string = format === "ndjson"
        ? (chunk) => Chunk.join(Chunk.map(chunk, (n) => JSON.stringify(n)), "\n") + "\n"
        : format === "json"
        ? (chunk) => (count === 0 ? "" : ",\n") + Chunk.join(Chunk.map(chunk, (n) => "  " + JSON.stringify(n)), ",\n")
        : (chunk) => Chunk.join(Chunk.map(chunk, layout!.row), "\n") + "\n"
      if (layout !== undefined && !o.noHeader) yield* out.write(layout.header + "\n")
      if (format === "json") yield* out.write("{\"activeNumbers\": [\n")
      const listing = Option.isSome(o.parts)
        ? numbers.listActiveNumbersPartitioned(filters, { concurrency: o.parts.value })
        : numbers.listActiveNumbers(filters)
      const resumed = Option.match(o.resumeFrom, {
        onNone: () => listing,
        // the API has no cursor by number: the numbers up to it are read again, and skipped
        onSome: (after) => Stream.dropWhile(listing, (n) => (n.phoneNumber ?? "") <= after)
      })
      const failure = yield* resumed.pipe(
        Option.isSome(o.limit) ? Stream.take(o.limit.value) : identity,
        Stream.runForEachChunk((chunk) =>
          Chunk.isEmpty(chunk) ? Effect.void : Effect.suspend(() => {
            const text = render(chunk)
            count += chunk.length
            last = Chunk.unsafeLast(chunk).phoneNumber ?? last
            return Effect.zipRight(progress.advance(chunk.length), out.write(text))
          })
        ),
        Effect.flip,
        Effect.option
      )
      if (Option.isSome(failure)) {
        yield* progress.finish()
        const error = failure.value
        if (format === "json" && Option.isNone(file) && error._tag !== "OutputFailed") {
          // the document on stdout is started: it ends with what was listed and the error, still one document
          yield* out.write(`\n], "count": ${count}, "error": ${JSON.stringify(ExitCode.toJson(error))}}\n`)
        }
        if (last !== undefined && error._tag !== "OutputFailed" && Option.isNone(o.parts)) {
          yield* Output.note(
            `${count} number(s) were written, the last ${last}: to go on after it, run the same command with ` +
              `--resume-from ${last}${
                Option.isSome(o.orderBy) || Option.isSome(o.resumeFrom)
                  ? ""
                  : " (the list is then in phoneNumber order)"
              }.`
          )
        }
        return yield* error
      }
      if (format === "json") yield* out.write(`\n], "count": ${count}}\n`)
      if (Option.isSome(file)) yield* file.value.commit
      const seconds = (performance.now() - started) / 1000
      yield* progress.finish(
        `${count.toLocaleString("en-US")} numbers in ${seconds.toFixed(1)} s${
          Option.isSome(o.output) ? ` to ${o.output.value}` : ""
        }`
      )
    }).pipe(Effect.scoped)
).pipe(
  Command.withDescription(
    "List active numbers, streamed in constant memory: a table, or --json, --ndjson, --csv, --tsv; progress on stderr."
  )
)

const get = Command.make(
  "get",
  { phoneNumber: phoneArgument },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const numbers = yield* Session.numbers
      const found = yield* numbers.getActiveNumber(o.phoneNumber)
      yield* json ? Output.json(found) : Output.line(Records.activeFields(found))
    })
).pipe(Command.withDescription("Show one active number (GetActiveNumber)."))

const update = Command.make(
  "update",
  {
    phoneNumber: phoneArgument,
    displayName: Options.text("display-name").pipe(Options.withDescription("a new display name"), Options.optional),
    servicePlanId: CliOptions.servicePlanId,
    campaignId: CliOptions.campaignId,
    appId: CliOptions.appId,
    callbackUrl: CliOptions.callbackUrl
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
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
      const numbers = yield* Session.numbers
      const updated = yield* numbers.updateActiveNumber(o.phoneNumber, request)
      yield* json ? Output.json(updated) : Output.line(Records.activeFields(updated))
    })
).pipe(
  Command.withDescription("Change one active number (UpdateActiveNumber): display name, SMS, voice, callback URL.")
)

const release = Command.make(
  "release",
  { yes: CliOptions.yes, phoneNumber: phoneArgument },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const numbers = yield* Session.numbers
      const current = yield* numbers.getActiveNumber(o.phoneNumber)
      if (current.expireAt !== undefined) {
        yield* Output.note(
          `${o.phoneNumber} is already released; it expires ${Output.printable(String(current.expireAt))}.`
        )
        return yield* json ? Output.json(current) : Effect.void
      }
      yield* Session.confirm(
        `Release ${o.phoneNumber}${
          current.displayName ? ` (${Output.printable(current.displayName)})` : ""
        }? It stays until ${
          current.nextChargeDate === undefined ? "the end of the paid period" : String(current.nextChargeDate)
        }, then it is gone.`,
        o.yes
      )
      const released = yield* numbers.releaseNumber(o.phoneNumber)
      if (json) return yield* Output.json(released)
      yield* Output.line(
        `Released ${o.phoneNumber}${
          released.expireAt === undefined ? "" : `; it expires ${String(released.expireAt)}`
        }.`
      )
    })
).pipe(Command.withDescription("Release one number (ReleaseNumber, billable); asks first (--yes)."))

const bulkOptions = {
  from: Options.text("from").pipe(
    Options.withDescription("the input: CSV with a phoneNumber header, or NDJSON objects")
  ),
  format: Options.choice("format", ["csv", "tsv", "ndjson"]).pipe(
    Options.withDescription("the input's format (default: from its extension, else its first line)"),
    Options.optional
  ),
  checkpoint: Options.text("checkpoint").pipe(
    Options.withDescription("the checkpoint file (default: FROM.<command>.checkpoint); a run resumes from it"),
    Options.optional
  ),
  concurrency: CliOptions.integer("concurrency", 1, 64).pipe(
    Options.withDescription("rows in flight at once"),
    CliOptions.withDefault(8)
  ),
  ignoreUnknownColumns: Options.boolean("ignore-unknown-columns").pipe(
    Options.withDescription("ignore columns (fields) no job knows instead of refusing the file")
  ),
  dryRun: Options.boolean("dry-run").pipe(
    Options.withDescription("read the numbers and print what would change; change nothing")
  )
}

const change = (c: { readonly from: string | null; readonly to: string | null }) =>
  `${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`

const printReport = (
  report: Bulk.Report,
  json: boolean
): Effect.Effect<void, Incomplete | OutputFailed, Output.Output> =>
  Effect.gen(function*() {
    if (json) {
      yield* Output.json(report)
    } else {
      const lines: Array<string> = []
      const { readOnly, unknown } = report.ignoredColumns
      if (readOnly.length > 0) lines.push(`ignored read-only columns: ${readOnly.join(", ")}`)
      if (unknown.length > 0) lines.push(`ignored unknown columns: ${unknown.join(", ")}`)
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
      const { json } = yield* Root.command
      const report = yield* Bulk.run("bulk-update", o)
      yield* printReport(report, json)
    })
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
      const { json } = yield* Root.command
      if (!o.dryRun) {
        yield* Session.confirm(`Release every number listed in ${o.from}?`, o.yes)
      }
      const report = yield* Bulk.run("bulk-release", o)
      yield* printReport(report, json)
    })
).pipe(
  Command.withDescription(
    "Release many numbers from a file: never twice, ambiguous outcomes looked up, resumable, with a report; asks first."
  )
)

const addressOptions = {
  phoneNumber: phoneArgument,
  streetNumber: Options.text("street-number").pipe(Options.withDescription("the street number")),
  streetInfo: Options.text("street").pipe(Options.withDescription("the street name")),
  location: Options.text("location").pipe(
    Options.withDescription("apartment, suite, floor (\"Suite 100\")"),
    Options.optional
  ),
  city: Options.text("city").pipe(Options.withDescription("the city")),
  state: Options.text("state").pipe(Options.withDescription("the state, two letters (US)")),
  postalCode: Options.text("postal-code").pipe(Options.withDescription("the ZIP code")),
  postalCodePlusFour: Options.text("postal-code-plus-four").pipe(
    Options.withDescription("the ZIP+4 extension"),
    Options.optional
  ),
  displayName: Options.text("name").pipe(Options.withDescription("the name shown to emergency services"))
}

const addressOf = (o: {
  readonly streetNumber: string
  readonly streetInfo: string
  readonly location: Option.Option<string>
  readonly city: string
  readonly state: string
  readonly postalCode: string
  readonly postalCodePlusFour: Option.Option<string>
  readonly displayName: string
}): NumbersClient.EmergencyAddressInput => ({
  displayName: o.displayName,
  address: {
    streetNumber: o.streetNumber,
    streetInfo: o.streetInfo,
    city: o.city,
    state: o.state,
    postalCode: o.postalCode,
    ...(Option.isSome(o.location) ? { location: o.location.value } : {}),
    ...(Option.isSome(o.postalCodePlusFour) ? { postalCodePlusFour: o.postalCodePlusFour.value } : {})
  }
})

// JSON for people: its strings escape control characters already, but for C1 ones (U+0080 to U+009F)
const printed = (value: unknown): string => JSON.stringify(value, null, 2).split("\n").map(Output.printable).join("\n")

const emergencyAddress = Command.make("emergency-address").pipe(
  Command.withDescription("A US number's emergency (E911) address: get, validate, provision, deprovision."),
  Command.withSubcommands([
    Command.make("get", { phoneNumber: phoneArgument }, (o) =>
      Effect.gen(function*() {
        const { json } = yield* Root.command
        const found = yield* (yield* Session.numbers).getEmergencyAddress(o.phoneNumber)
        yield* json ? Output.json(found) : Output.line(printed(found))
      })).pipe(Command.withDescription("Show the number's emergency address (GetEmergencyAddress).")),
    Command.make("validate", addressOptions, (o) =>
      Effect.gen(function*() {
        const { json } = yield* Root.command
        const checked = yield* (yield* Session.numbers).validateEmergencyAddress(
          o.phoneNumber,
          addressOf(o)
        )
        yield* json ? Output.json(checked) : Output.line(printed(checked))
      })).pipe(
        Command.withDescription("Check an address (ValidateEmergencyAddress): EXACT_MATCH, NEAR_MATCH or NO_MATCH.")
      ),
    Command.make("provision", addressOptions, (o) =>
      Effect.gen(function*() {
        const { json } = yield* Root.command
        const saved = yield* (yield* Session.numbers).provisionEmergencyAddress(o.phoneNumber, addressOf(o))
        yield* json ? Output.json(saved) : Output.line(printed(saved))
      })).pipe(Command.withDescription("Set the number's emergency address (ProvisionEmergencyAddress).")),
    Command.make("deprovision", { phoneNumber: phoneArgument }, (o) =>
      Effect.gen(function*() {
        const { json } = yield* Root.command
        yield* (yield* Session.numbers).deprovisionEmergencyAddress(o.phoneNumber)
        yield* json
          ? Output.json({ phoneNumber: o.phoneNumber, deprovisioned: true })
          : Output.line(`Removed the emergency address of ${o.phoneNumber}.`)
      })).pipe(Command.withDescription("Remove the number's emergency address (DeprovisionEmergencyAddress)."))
  ])
)

/** @internal */
export const command = Command.make("active").pipe(
  Command.withDescription("The project's numbers: list, show, change, release, in bulk too; emergency addresses."),
  // the client: undici for the commands of many calls, node:http for those of a few (Session.oneShotLayer)
  Command.withSubcommands([
    list.pipe(Command.provide(Session.layer)),
    get.pipe(Command.provide(Session.oneShotLayer)),
    update.pipe(Command.provide(Session.oneShotLayer)),
    release.pipe(Command.provide(Session.oneShotLayer)),
    bulkUpdate.pipe(Command.provide(Session.layer)),
    bulkRelease.pipe(Command.provide(Session.layer)),
    emergencyAddress.pipe(Command.provide(Session.oneShotLayer))
  ])
)
