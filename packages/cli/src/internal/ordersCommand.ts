/** @internal */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { Incomplete, UsageError, WaitTimedOut } from "../CliError.js"
import { configuration, numberPattern } from "./availableCommand.js"
import * as CliOptions from "./options.js"
import * as Output from "./output.js"
import * as Records from "./records.js"
import * as Root from "./root.js"
import * as Session from "./session.js"

const orderId = Args.text({ name: "ORDER_ID" }).pipe(Args.withDescription("the number order's id"))

const lookup = Command.make(
  "lookup",
  { region: CliOptions.region, type: CliOptions.numberType },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const numbers = yield* Session.numbers
      const found = yield* numbers.lookupNumberRequirements({ regionCode: o.region, numberType: o.type })
      if (json) return yield* Output.json(found)
      const fieldNames = Object.keys(found.fields ?? {})
      yield* Output.line(
        [
          `${o.region} ${o.type}: ${
            fieldNames.length === 0 ? "no registration fields" : `registration fields: ${fieldNames.join(", ")}`
          }`,
          ...(found.attachments ?? []).map((a) =>
            `attachment ${a.id ?? "?"}${a.mandatory === true ? " (mandatory)" : ""}: ${a.title ?? a.description ?? ""}${
              a.allowedMimeTypes === undefined ? "" : ` [${a.allowedMimeTypes.join(", ")}]`
            }`
          )
        ].map(Output.printable).join("\n")
      )
    })
).pipe(Command.withDescription("What a region and number type require before ordering (LookupNumberRequirements)."))

const create = Command.make(
  "create",
  {
    yes: CliOptions.yes,
    region: CliOptions.region,
    type: CliOptions.numberType,
    phoneNumber: Options.text("phone-number").pipe(
      Options.withDescription("order this number (else --quantity)"),
      Options.optional
    ),
    quantity: CliOptions.integer("quantity", 1, 100).pipe(
      Options.withDescription("order this many numbers matching the search (1 to 100)"),
      Options.optional
    ),
    pattern: CliOptions.pattern,
    searchPattern: CliOptions.searchPattern,
    capability: CliOptions.capabilities,
    servicePlanId: CliOptions.servicePlanId,
    campaignId: CliOptions.campaignId,
    appId: CliOptions.appId,
    callbackUrl: CliOptions.callbackUrl,
    details: Options.text("details").pipe(
      Options.withDescription("registration details as a JSON object, set right after the order is created"),
      Options.optional
    )
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      if (Option.isSome(o.phoneNumber) === Option.isSome(o.quantity)) {
        return yield* new UsageError({ message: "Give exactly one of --phone-number and --quantity" })
      }
      if (Option.isSome(o.phoneNumber) && !CliOptions.isPhoneNumber(o.phoneNumber.value)) {
        return yield* new UsageError({
          message: `--phone-number must be in E.164 (+ and digits), got ${JSON.stringify(o.phoneNumber.value)}`
        })
      }
      let details: Record<string, unknown> | undefined
      if (Option.isSome(o.details)) {
        try {
          const parsed: unknown = JSON.parse(o.details.value)
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object")
          details = parsed as Record<string, unknown>
        } catch {
          return yield* new UsageError({
            message: "--details must be a JSON object, like '{\"businessName\":\"Acme\"}'"
          })
        }
      }
      const numbers = yield* Session.numbers
      yield* Session.confirm(
        `Create a number order for ${
          Option.isSome(o.phoneNumber) ? o.phoneNumber.value : `${Option.getOrElse(o.quantity, () => 0)} number(s)`
        } in ${o.region} (${o.type})? It reserves the numbers; submitting it buys them.`,
        o.yes
      )
      const order = yield* numbers.createNumberOrder({
        regionCode: o.region,
        numberType: o.type,
        ...configuration(o),
        ...(Option.isSome(o.phoneNumber)
          ? { numberOrderOption: { phoneNumbers: [o.phoneNumber.value] } }
          : {
            quantityOrderOption: {
              requestedQuantity: Option.getOrElse(o.quantity, () => 0),
              ...numberPattern(o.pattern, o.searchPattern),
              ...(o.capability.length > 0 ? { capabilities: o.capability } : {})
            }
          })
      })
      const registration = details === undefined || order.idNumberOrder === undefined
        ? undefined
        : yield* numbers.updateNumberOrderRegistration(order.idNumberOrder, { requestDetails: details })
      if (json) return yield* Output.json(registration === undefined ? { order } : { order, registration })
      yield* Output.line(Records.orderFields(order))
    })
).pipe(Command.withDescription("Create a number order (CreateNumberOrder, billable: it reserves); asks first (--yes)."))

const get = Command.make(
  "get",
  {
    orderId,
    registration: Options.boolean("registration").pipe(
      Options.withDescription("also show its registration (details, attachments, review log)")
    )
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const numbers = yield* Session.numbers
      const order = yield* numbers.getNumberOrder(o.orderId)
      const registration = o.registration ? yield* numbers.getNumberOrderRegistration(o.orderId) : undefined
      if (json) return yield* Output.json(registration === undefined ? { order } : { order, registration })
      yield* Output.line(Records.orderFields(order))
      if (registration !== undefined) {
        yield* Output.line(
          Output.fields([
            ["details", JSON.stringify(registration.requestDetails ?? {})],
            [
              "attachments",
              (registration.attachments ?? []).map((a) => `${a.attachmentId ?? "?"} ${a.uploadStatus ?? ""}`).join(", ")
            ],
            ["review log", (registration.logs ?? []).map((l) => l.message ?? "").join(" | ")]
          ])
        )
      }
    })
).pipe(Command.withDescription("Show a number order (GetNumberOrder), with --registration its registration."))

const upload = Command.make(
  "upload",
  {
    orderId,
    attachmentId: Options.text("attachment-id").pipe(
      Options.withDescription("the attachment's id, from orders lookup")
    ),
    file: Options.text("file").pipe(Options.withDescription("the document to upload")),
    mimeType: Options.text("mime-type").pipe(
      Options.withDescription("its MIME type (default: from the extension)"),
      Options.optional
    ),
    documentType: Options.text("document-type").pipe(Options.withDescription("its document type"), Options.optional)
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const bytes = yield* Effect.try({
        try: () => new Uint8Array(Fs.readFileSync(o.file)),
        catch: (error) => new UsageError({ message: `Could not read ${o.file}: ${(error as Error).message}` })
      })
      const numbers = yield* Session.numbers
      const extension = Path.extname(o.file).toLowerCase()
      const guessed =
        ({ ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg" } as Record<
          string,
          string
        >)[extension]
      const mimeType = Option.getOrElse(o.mimeType, () => guessed)
      const attachment = yield* numbers.uploadNumberOrderAttachment({
        numberOrderId: o.orderId,
        attachmentId: o.attachmentId,
        file: bytes,
        fileName: Path.basename(o.file),
        ...(mimeType === undefined ? {} : { mimeType }),
        ...(Option.isSome(o.documentType) ? { documentType: o.documentType.value } : {})
      })
      if (json) return yield* Output.json({ uploaded: true, attachment: Option.getOrNull(attachment) })
      yield* Output.line(`Uploaded ${Path.basename(o.file)} (${bytes.length} bytes) as ${o.attachmentId}.`)
    })
).pipe(Command.withDescription("Upload a document to a number order (UploadNumberOrderAttachment)."))

const submit = Command.make(
  "submit",
  { yes: CliOptions.yes, orderId },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const numbers = yield* Session.numbers
      yield* Session.confirm(`Submit number order ${o.orderId}? Once approved its numbers are bought.`, o.yes)
      const order = yield* numbers.submitNumberOrder(o.orderId)
      yield* json ? Output.json(order) : Output.line(Records.orderFields(order))
    })
).pipe(Command.withDescription("Submit a number order for review (SubmitNumberOrder, billable); asks first (--yes)."))

const pending = new Set(["CREATED", "IN_REVIEW", "NUMBER_ORDER_STATE_UNSPECIFIED"])

const wait = Command.make(
  "wait",
  {
    orderId,
    timeout: CliOptions.integer("timeout", 1, 86_400).pipe(
      Options.withDescription("give up after this many seconds"),
      CliOptions.withDefault(600)
    ),
    interval: CliOptions.integer("interval", 1, 3600).pipe(
      Options.withDescription("seconds between looks"),
      CliOptions.withDefault(2)
    )
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const numbers = yield* Session.numbers
      const deadline = Date.now() + o.timeout * 1000
      let last: string | undefined
      for (;;) {
        const order = yield* numbers.getNumberOrder(o.orderId)
        const state = order.state ?? "NUMBER_ORDER_STATE_UNSPECIFIED"
        if (state !== last && !json) yield* Output.note(Output.printable(`${o.orderId}: ${state}`))
        last = state
        // CREATED ends the wait too: an order nobody submitted would never move
        if (!pending.has(state) || state === "CREATED") {
          yield* json ? Output.json(order) : Output.line(Records.orderFields(order))
          if (state !== "COMPLETED") {
            return yield* new Incomplete({
              message: state === "CREATED"
                ? `Order ${o.orderId} is not submitted (CREATED): submit it first (sinch-numbers orders submit)`
                : `Order ${o.orderId} ended ${state}, not COMPLETED`
            })
          }
          return
        }
        if (Date.now() + o.interval * 1000 > deadline) {
          return yield* new WaitTimedOut({
            message: `Order ${o.orderId} is still ${state} after ${o.timeout} s; run orders wait again later`
          })
        }
        yield* Effect.sleep(Duration.seconds(o.interval))
      }
    })
).pipe(
  Command.withDescription(
    "Wait until a submitted order is reviewed; exits 0 when COMPLETED, 9 when REJECTED, BLOCKED or EXPIRED."
  )
)

/** @internal */
export const command = Command.make("orders").pipe(
  Command.withDescription("Number orders: requirements, create, documents, submit, wait for review."),
  // the client: node:http for the commands of a few calls (Session.oneShotLayer), undici for the wait's polling
  Command.withSubcommands([
    lookup.pipe(Command.provide(Session.oneShotLayer)),
    create.pipe(Command.provide(Session.oneShotLayer)),
    get.pipe(Command.provide(Session.oneShotLayer)),
    upload.pipe(Command.provide(Session.oneShotLayer)),
    submit.pipe(Command.provide(Session.oneShotLayer)),
    wait.pipe(Command.provide(Session.layer))
  ])
)
