/**
 * The session `pnpm demo` walks through: every step a real program takes with `NumbersClient`, against the emulator
 * (all steps) or against Sinch (`liveSession`: the read-only ones). Each step prints what it did through a `Printer`
 * and the session returns a summary, so a test can run it quietly and check the outcome.
 */
import { SinchAuth } from "@effect-sinch/auth"
import type { AvailableNumber } from "@effect-sinch/core/AvailableNumber"
import type * as CallbackEvent from "@effect-sinch/core/CallbackEvent"
import type { NumberOrder } from "@effect-sinch/core/NumberOrder"
import { Emulator } from "@effect-sinch/emulator"
import type { NumbersError } from "@effect-sinch/numbers"
import { NumbersClient } from "@effect-sinch/numbers"
import * as NumbersWebhooks from "@effect-sinch/numbers/NumbersWebhooks"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as SubscriptionRef from "effect/SubscriptionRef"
import * as Http from "node:http"

/** Where the session writes what it did, one line at a time. */
export type Printer = (line: string) => Effect.Effect<void>

/** A printer that prints nothing (for tests). */
export const silent: Printer = () => Effect.void

/** A step of the session failed in a way the SDK does not type (an event that never came, a wrong state). */
export class DemoError extends Schema.TaggedError<DemoError>()("DemoError", { message: Schema.String }) {}

/** A field the session goes on with (a number to rent, an order id): Sinch may leave any out, which ends the session. */
const required = <A>(value: A | undefined, what: string): Effect.Effect<A, DemoError> =>
  value === undefined ? Effect.fail(new DemoError({ message: `The answer had no ${what}` })) : Effect.succeed(value)

/** How many active numbers the demo's emulator starts with. */
export const defaultActive = 100_000

/**
 * The emulator the demo runs against: a large project, and provisioning and order reviews that take a fraction of a
 * second instead of the real minutes, so the whole session runs in seconds.
 */
export const emulatorOptions = (active: number = defaultActive): Emulator.EmulatorOptions => ({
  active,
  seed: 7,
  provisioningDelay: Duration.millis(150),
  orderReviewDelay: Duration.millis(400)
})

/**
 * A `NumbersClient` (OAuth, over real HTTP with undici) talking to an emulator on a free loopback port, plus the
 * `Emulator` itself.
 */
export const emulatorLayer = (
  options: Emulator.EmulatorOptions = emulatorOptions(),
  client: Omit<NumbersClient.Options, "projectId" | "baseUrl"> = {}
): Layer.Layer<NumbersClient.NumbersClient | Emulator.Emulator, Emulator.EmulatorError | DemoError> =>
  Layer.unwrapEffect(
    Effect.map(
      Emulator.Emulator,
      (emulator) =>
        NumbersClient.layer({ ...client, projectId: emulator.projectId, baseUrl: emulator.baseUrl }).pipe(
          Layer.provide(
            SinchAuth.layerOAuth({ keyId: emulator.keyId, keySecret: emulator.keySecret, tokenUrl: emulator.tokenUrl })
          )
        )
    )
  ).pipe(
    // Building the client can only fail on bad options, which are ours here: report them as a demo error.
    Layer.catchAll((error) => Layer.fail(new DemoError({ message: `Could not build the client: ${error.message}` }))),
    Layer.provideMerge(Emulator.layer(options)),
    Layer.provide(NodeHttpClient.layerUndici)
  )

/** What the emulator session did, for the summary and for tests. */
export interface Summary {
  /** How many US LOCAL numbers the pattern search found. */
  readonly found: number
  /** The number rented by `rentNumber`, with an SMS plan and a callback URL. */
  readonly rented: string
  /** The number rented by `rentAnyNumber`. */
  readonly rentedAny: string
  /** The number order: its id, final state and the numbers it bought. */
  readonly order: {
    readonly id: string
    readonly state: string
    readonly phoneNumbers: ReadonlyArray<string>
  }
  /** How many active numbers the stream went through. */
  readonly streamed: number
  /** The provisioning event received on the local webhook server after updating `rentedAny`. */
  readonly event: {
    readonly resourceId: string
    readonly eventType: string
    readonly status: string
  }
  /** All events the webhook server accepted (each one's signature verified). */
  readonly eventsVerified: number
  /** The emergency address: how the first try validated and the street that was provisioned. */
  readonly emergencyAddress: {
    readonly validation: string
    readonly streetInfo: string
  }
  /** The expected error, caught with `Effect.catchTag`. */
  readonly caught: {
    readonly tag: string
    readonly message: string
  }
  /** The released numbers and when each stops being ours. */
  readonly released: ReadonlyArray<{ readonly phoneNumber: string; readonly expireAt: string }>
}

/** What the live (read-only) session saw. */
export interface LiveSummary {
  readonly regions: number
  readonly found: number
  readonly checked: Option.Option<string>
  readonly activeListed: number
  readonly callbackSecretSet: boolean
}

// ---------------------------------------------------------------------------------------------------------------
// printing

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length))

/** Rows as an aligned text table, with a header and a rule. */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): Array<string> => {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    "    " + cells.map((cell, i) => pad(cell, widths[i]!)).join("  ").trimEnd()
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)]
}

const money = (m: { readonly amount?: string | undefined; readonly currencyCode?: string | undefined } | undefined) =>
  m === undefined ? "-" : `${m.amount ?? "-"} ${m.currencyCode ?? ""}`.trimEnd()

const availableNumbersTable = (
  found: ReadonlyArray<AvailableNumber>
): [ReadonlyArray<string>, ReadonlyArray<ReadonlyArray<string>>] => [
  ["phone number", "capabilities", "setup", "monthly"],
  found.map((n) => [
    n.phoneNumber ?? "(no number)",
    (n.capability ?? []).join("+"),
    money(n.setupPrice),
    money(n.monthlyPrice)
  ])
]

const thousands = (n: number) => Math.round(n).toLocaleString("en-US")

const printer = (print: Printer) => {
  let step = 0
  return {
    step: (title: string) => {
      step++
      return print(`\n${step}. ${title}`)
    },
    info: (text: string) => print(`    ${text}`),
    table: (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) =>
      Effect.forEach(table(headers, rows), (line) => print(line), { discard: true })
  }
}

// ---------------------------------------------------------------------------------------------------------------
// the webhook receiver

interface Receiver {
  readonly callbackUrl: string
  /** Waits for the first verified event that matches, up to `within`. */
  readonly awaitEvent: (
    what: string,
    matches: (event: CallbackEvent.CallbackEvent) => boolean,
    within: Duration.DurationInput
  ) => Effect.Effect<CallbackEvent.CallbackEvent, DemoError>
  readonly verified: Effect.Effect<number>
}

/**
 * A local HTTP server on 127.0.0.1 (a free port) that accepts Sinch callbacks at `/sinch/numbers`:
 * `NumbersWebhooks.route` checks each one's `X-Sinch-Signature` against `secret` before the handler sees it.
 */
const startReceiver = (secret: Redacted.Redacted<string>): Effect.Effect<Receiver, DemoError, Scope.Scope> =>
  Effect.gen(function*() {
    const events = yield* SubscriptionRef.make<ReadonlyArray<CallbackEvent.CallbackEvent>>([])
    const server = yield* NodeHttpServer.make(() => Http.createServer(), { host: "127.0.0.1", port: 0 }).pipe(
      Effect.mapError((error) => new DemoError({ message: `Could not start the webhook server: ${String(error)}` }))
    )
    yield* server.serve(
      NumbersWebhooks.route("/sinch/numbers", {
        secret,
        handler: (event) => SubscriptionRef.update(events, (all) => [...all, event])
      })
    )
    const port = server.address._tag === "TcpAddress" ? server.address.port : 0
    return {
      callbackUrl: `http://127.0.0.1:${port}/sinch/numbers`,
      awaitEvent: (what, matches, within) =>
        // `changes` gives the events received so far, then every update: wait for the first that matches.
        events.changes.pipe(
          Stream.filterMap((all) => Option.fromNullable(all.find(matches))),
          Stream.runHead,
          Effect.flatMap(Option.match({
            onNone: () => Effect.fail(new DemoError({ message: `No ${what} arrived` })),
            onSome: Effect.succeed
          })),
          Effect.timeoutFail({
            duration: within,
            onTimeout: () =>
              new DemoError({ message: `No ${what} reached the webhook server within ${Duration.format(within)}` })
          })
        ),
      verified: Effect.map(SubscriptionRef.get(events), (all) => all.length)
    }
  })

const randomSecret = Effect.map(
  Effect.all(Array.from({ length: 40 }, () => Random.nextIntBetween(0, 36))),
  (digits) => digits.map((d) => d.toString(36)).join("")
)

// A tiny PDF, enough for an attachment upload.
const proofOfAddress = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

const finalOrderStates: ReadonlyArray<string> = ["COMPLETED", "REJECTED", "EXPIRED", "BLOCKED"]

// ---------------------------------------------------------------------------------------------------------------
// the sessions

/**
 * Every step, against the emulator: search, check, rent, rent any, a number order, streaming all active numbers,
 * an update with its signed provisioning event, an emergency address, an expected error, release.
 */
export const session = (options: {
  readonly print: Printer
  /** Active numbers the emulator starts with: only used to show progress as a fraction. */
  readonly expectedActive?: number | undefined
}): Effect.Effect<Summary, DemoError | NumbersError.NumbersError, NumbersClient.NumbersClient> =>
  Effect.gen(function*() {
    const out = printer(options.print)
    const numbers = yield* NumbersClient.NumbersClient

    // -- callbacks first: the secret that signs them, and a server to receive them
    yield* out.step("Set the callback secret and start a local webhook server")
    const secret = Redacted.make(yield* randomSecret)
    yield* numbers.updateCallbackConfiguration({ hmacSecret: Redacted.value(secret) })
    const receiver = yield* startReceiver(secret)
    yield* out.info(`hmacSecret updated (${Redacted.value(secret).length} characters; not printed)`)
    yield* out.info(`webhooks: POST ${receiver.callbackUrl} (X-Sinch-Signature checked on every request)`)

    // -- search
    yield* out.step("Search US LOCAL numbers starting with +1415, with SMS and VOICE")
    const search = yield* numbers.searchAvailableNumbers({
      regionCode: "US",
      type: "LOCAL",
      numberPattern: { pattern: "+1415", searchPattern: "START" },
      capabilities: ["SMS", "VOICE"],
      size: 5
    })
    yield* out.table(...availableNumbersTable(search.availableNumbers))
    const candidate = search.availableNumbers[0]
    if (candidate === undefined) return yield* new DemoError({ message: "The search found no number to rent" })
    const candidateNumber = yield* required(candidate.phoneNumber, "phone number for the number found")

    // -- check one
    yield* out.step(`Check that ${candidateNumber} is still available`)
    const checked = yield* numbers.getAvailableNumber(candidateNumber)
    const checkedNumber = yield* required(checked.phoneNumber, "phone number for the available number")
    yield* out.info(
      `${checkedNumber}: available, ${money(checked.monthlyPrice)} a month, documents required: ${
        checked.supportingDocumentationRequired === true ? "yes" : "no"
      }`
    )

    // -- rent it with an SMS plan and a callback URL
    yield* out.step(`Rent ${checkedNumber} with an SMS service plan and our callback URL`)
    const rented = yield* numbers.rentNumber(checkedNumber, {
      smsConfiguration: { servicePlanId: "demo-sms-plan" },
      callbackUrl: receiver.callbackUrl
    })
    const rentedNumber = yield* required(rented.phoneNumber, "phone number for the rented number")
    yield* out.info(
      `rented ${rentedNumber}; SMS plan ${rented.smsConfiguration?.scheduledProvisioning?.servicePlanId ?? "-"} is ${
        rented.smsConfiguration?.scheduledProvisioning?.status ?? "in force"
      } (provisioning runs in the background)`
    )

    // -- rent any by criteria
    yield* out.step("Rent any US LOCAL number in area code 212 with SMS")
    const rentedAny = yield* numbers.rentAnyNumber({
      regionCode: "US",
      type: "LOCAL",
      numberPattern: { pattern: "+1212", searchPattern: "START" },
      capabilities: ["SMS"]
    })
    const rentedAnyNumber = yield* required(rentedAny.phoneNumber, "phone number for the number rented by criteria")
    yield* out.info(`rented ${rentedAnyNumber} (${(rentedAny.capability ?? []).join("+")})`)

    // -- a number order
    yield* out.step("Buy a GB LOCAL number through a number order")
    const requirements = yield* numbers.lookupNumberRequirements({ regionCode: "GB", numberType: "LOCAL" })
    const requiredFields = requiredFieldsOf(requirements.fields)
    const attachments = (requirements.attachments ?? []).filter((a) => a.mandatory === true)
    yield* out.info(
      `requirements: fields ${requiredFields.join(", ") || "none"}; documents: ${
        attachments.map((a) => a.title ?? a.id).join(", ") || "none"
      }`
    )
    const created = yield* numbers.createNumberOrder({
      regionCode: "GB",
      numberType: "LOCAL",
      quantityOrderOption: { requestedQuantity: 1 },
      voiceConfiguration: { type: "RTC", appId: "demo-voice-app" },
      callbackUrl: receiver.callbackUrl
    })
    const orderId = yield* required(created.idNumberOrder, "id for the number order")
    yield* out.info(
      `order ${orderId} ${created.state ?? "?"}, reserving ${
        (created.orderNumbers ?? []).map((n) => n.phoneNumber ?? "(no number)").join(", ")
      } until ${created.expireTime ?? "-"}`
    )
    yield* numbers.updateNumberOrderRegistration(orderId, {
      requestDetails: Object.fromEntries(requiredFields.map((field) => [field, demoValue(field)]))
    })
    yield* Effect.forEach(
      attachments,
      (attachment) =>
        Effect.flatMap(
          required(attachment.id, "id for a required document"),
          (attachmentId) =>
            numbers.uploadNumberOrderAttachment({
              numberOrderId: orderId,
              attachmentId,
              file: proofOfAddress,
              fileName: "proof-of-address.pdf",
              mimeType: "application/pdf",
              documentType: attachment.allowedDocumentTypes?.[0]
            })
        ),
      { discard: true }
    )
    const registration = yield* numbers.getNumberOrderRegistration(orderId)
    yield* out.info(
      `registration: ${Object.keys(registration.requestDetails ?? {}).length} field(s), ${
        (registration.attachments ?? []).length
      } document(s) uploaded`
    )
    const submitted = yield* numbers.submitNumberOrder(orderId)
    yield* out.info(`submitted: ${submitted.state ?? "?"}`)
    const order = yield* watchOrder(orderId, out.info)
    if (order.state !== "COMPLETED") {
      return yield* new DemoError({ message: `The number order ended ${order.state ?? "in an unknown state"}` })
    }
    const ordered = (order.orderNumbers ?? []).flatMap((n) => n.phoneNumber === undefined ? [] : [n.phoneNumber])

    // -- stream every active number
    yield* out.step("Stream every active number, page by page")
    const streamed = yield* streamAll(options.print, options.expectedActive)

    // -- update a number and receive the signed provisioning event
    yield* out.step(`Update ${rentedAnyNumber}: a display name, an SMS plan, our callback URL`)
    const updated = yield* numbers.updateActiveNumber(rentedAnyNumber, {
      displayName: "Demo support line",
      smsConfiguration: { servicePlanId: "demo-sms-plan" },
      callbackUrl: receiver.callbackUrl
    })
    yield* out.info(
      `"${updated.displayName ?? ""}"; SMS plan ${updated.smsConfiguration?.scheduledProvisioning?.status ?? "-"}`
    )
    const event = yield* receiver.awaitEvent(
      `provisioning event for ${rentedAnyNumber}`,
      (e) => e.resourceId === rentedAnyNumber && e.eventType === "PROVISIONING_TO_SMS_PLATFORM",
      Duration.seconds(15)
    )
    yield* out.info(
      `event received and verified: ${event.resourceType} ${event.eventType ?? "?"} ${event.status ?? "?"} (${
        event.eventId ?? "no id"
      })`
    )
    const provisioned = yield* numbers.getActiveNumber(rentedAnyNumber)
    yield* out.info(`SMS plan in force now: ${provisioned.smsConfiguration?.servicePlanId || "-"}`)

    // -- an emergency address
    yield* out.step(`Provision an emergency address for ${rentedNumber}`)
    const request = {
      displayName: "Demo Inc.",
      address: {
        streetNumber: "3500",
        streetInfo: "Lenox Road",
        city: "Atlanta",
        state: "GA",
        postalCode: "30326"
      }
    }
    const validation = yield* numbers.validateEmergencyAddress(rentedNumber, request)
    const street = validation.validationResult === "NEAR_MATCH" && validation.correctedAddress?.streetInfo
      ? validation.correctedAddress.streetInfo
      : request.address.streetInfo
    yield* out.info(
      `validation: ${validation.validationResult ?? "?"}${
        street === request.address.streetInfo ? "" : ` (corrected "${request.address.streetInfo}" to "${street}")`
      }`
    )
    const address = yield* numbers.provisionEmergencyAddress(rentedNumber, {
      ...request,
      address: { ...request.address, streetInfo: street }
    })
    yield* out.info(
      `provisioned: ${address.streetNumber ?? ""} ${address.streetInfo ?? ""}, ${address.city ?? ""} ${
        address.state ?? ""
      } ${address.postalCode ?? ""}`
    )

    // -- an expected error, handled
    yield* out.step(`Try to rent ${rentedNumber} again (expected to fail: it is ours already)`)
    const caught = yield* numbers.rentNumber(rentedNumber).pipe(
      Effect.flatMap((again) =>
        new DemoError({ message: `Renting ${again.phoneNumber} a second time succeeded; it should not have` })
      ),
      Effect.catchTag("NotFound", (error) => Effect.succeed({ tag: error._tag, message: error.message }))
    )
    yield* out.info(`caught ${caught.tag}: ${caught.message}`)

    // -- release
    yield* out.step("Release the numbers this session acquired")
    const released = yield* Effect.forEach(
      [rentedNumber, rentedAnyNumber, ...ordered],
      (phoneNumber) =>
        Effect.map(numbers.releaseNumber(phoneNumber), (number) => ({
          phoneNumber: number.phoneNumber ?? phoneNumber,
          expireAt: String(number.expireAt ?? "-")
        }))
    )
    yield* out.table(["phone number", "ours until"], released.map((r) => [r.phoneNumber, r.expireAt]))

    const summary: Summary = {
      found: search.availableNumbers.length,
      rented: rentedNumber,
      rentedAny: rentedAnyNumber,
      order: { id: order.idNumberOrder ?? orderId, state: order.state ?? "?", phoneNumbers: ordered },
      streamed,
      event: {
        resourceId: event.resourceId ?? "",
        eventType: event.eventType ?? "",
        status: event.status ?? ""
      },
      eventsVerified: yield* receiver.verified,
      emergencyAddress: { validation: validation.validationResult ?? "?", streetInfo: address.streetInfo ?? "" },
      caught,
      released
    }
    yield* out.step("Summary")
    yield* out.table(["step", "outcome"], [
      ["numbers found", String(summary.found)],
      ["rented", summary.rented],
      ["rented (any)", summary.rentedAny],
      ["number order", `${summary.order.id} ${summary.order.state}: ${summary.order.phoneNumbers.join(", ")}`],
      ["active numbers streamed", thousands(summary.streamed)],
      ["provisioning event", `${summary.event.eventType} ${summary.event.status} for ${summary.event.resourceId}`],
      ["webhook events verified", String(summary.eventsVerified)],
      ["emergency address", `${summary.emergencyAddress.validation}, provisioned`],
      ["expected error caught", summary.caught.tag],
      ["released", summary.released.map((r) => r.phoneNumber).join(", ")]
    ])
    return summary
  }).pipe(Effect.scoped)

const requiredFieldsOf = (fields: { readonly [key: string]: unknown } | undefined): ReadonlyArray<string> => {
  const required = fields?.["required"]
  return Array.isArray(required) ? required.filter((f): f is string => typeof f === "string") : []
}

const demoValue = (field: string): string =>
  field === "country"
    ? "GB"
    : field === "postalCode"
    ? "SW1A 1AA"
    : field === "city"
    ? "London"
    : field === "endBusinessAddress"
    ? "10 Downing Street"
    : field === "endBusinessName"
    ? "Demo Ltd"
    : "demo"

/** Polls the order every 100 ms, printing each new state, until it reaches a final one (30 s at most). */
const watchOrder = (id: string, info: (text: string) => Effect.Effect<void>) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    let last = ""
    return yield* numbers.getNumberOrder(id).pipe(
      Effect.tap((order) => {
        const state = order.state ?? "?"
        if (state === last) return Effect.void
        last = state
        return info(`order ${id}: ${state}`)
      }),
      Effect.repeat(
        Schedule.recurUntil((order: NumberOrder) => finalOrderStates.includes(order.state ?? "")).pipe(
          Schedule.addDelay(() => Duration.millis(100))
        )
      ),
      Effect.timeoutFail({
        duration: Duration.seconds(30),
        onTimeout: () => new DemoError({ message: `The number order ${id} did not complete within 30 seconds` })
      })
    )
  })

/** Counts every active number through the lazy stream, printing progress and the rate. */
const streamAll = (print: Printer, expected: number | undefined) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    const started = yield* Clock.currentTimeMillis
    const every = 20_000
    const byType = new Map<string, number>()
    const rate = (count: number, now: number) => thousands(count / Math.max(0.001, (now - started) / 1000))
    const count = yield* numbers.listActiveNumbers({ pageSize: 1000 }).pipe(
      Stream.chunks,
      Stream.runFoldEffect(0, (seen, chunk) => {
        for (const n of chunk) {
          const key = `${n.regionCode ?? "?"} ${n.type ?? "?"}`
          byType.set(key, (byType.get(key) ?? 0) + 1)
        }
        const next = seen + Chunk.size(chunk)
        if (Math.floor(next / every) === Math.floor(seen / every)) return Effect.succeed(next)
        return Effect.as(
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            print(
              `    … ${thousands(next)}${expected === undefined ? "" : ` of about ${thousands(expected)}`} (${
                rate(next, now)
              } numbers/s)`
            )),
          next
        )
      })
    )
    const finished = yield* Clock.currentTimeMillis
    yield* print(
      `    ${thousands(count)} active numbers in ${((finished - started) / 1000).toFixed(1)} s (${
        rate(count, finished)
      } numbers/s), one page ahead, constant memory`
    )
    yield* Effect.forEach(
      table(
        ["region and type", "numbers"],
        [...byType.entries()].sort((a, b) => b[1] - a[1]).map(([key, n]) => [key, thousands(n)])
      ),
      (line) => print(line),
      { discard: true }
    )
    return count
  })

/**
 * The read-only steps, safe against a real Sinch project: regions, a search, checking one number, the first active
 * numbers and whether a callback secret is set. Nothing is rented, changed or released.
 */
export const liveSession = (options: {
  readonly print: Printer
}): Effect.Effect<LiveSummary, NumbersError.NumbersError, NumbersClient.NumbersClient> =>
  Effect.gen(function*() {
    const out = printer(options.print)
    const numbers = yield* NumbersClient.NumbersClient

    yield* out.step("Regions where numbers are sold")
    const regions = yield* numbers.listAvailableRegions()
    yield* out.table(
      ["region", "name", "types"],
      regions.availableRegions.map((r) => [r.regionCode ?? "", r.regionName ?? "", (r.types ?? []).join(", ")])
    )

    yield* out.step("Search US LOCAL numbers with SMS")
    const search = yield* numbers.searchAvailableNumbers({
      regionCode: "US",
      type: "LOCAL",
      capabilities: ["SMS"],
      size: 5
    })
    yield* out.table(...availableNumbersTable(search.availableNumbers))

    const first = search.availableNumbers[0]?.phoneNumber
    let checked = Option.none<string>()
    if (first !== undefined) {
      yield* out.step(`Check ${first}`)
      const available = yield* numbers.getAvailableNumber(first).pipe(
        Effect.map(Option.some),
        // It may have been sold since the search: that is an answer, not a failure.
        Effect.catchTag("NotFound", () => Effect.succeedNone)
      )
      checked = Option.map(available, (n) => n.phoneNumber ?? first)
      yield* out.info(
        Option.match(available, {
          onNone: () => `${first} is no longer available`,
          onSome: (n) => `${n.phoneNumber ?? first}: available, ${money(n.monthlyPrice)} a month`
        })
      )
    }

    yield* out.step("The project's first active numbers")
    const active = yield* Stream.runCollect(Stream.take(numbers.listActiveNumbers({ pageSize: 10 }), 10))
    yield* out.table(
      ["phone number", "type", "display name", "SMS plan"],
      Chunk.toReadonlyArray(active).map((n) => [
        n.phoneNumber ?? "(no number)",
        n.type ?? "",
        n.displayName ?? "",
        n.smsConfiguration?.servicePlanId ?? ""
      ])
    )

    yield* out.step("Callback configuration")
    const callbacks = yield* numbers.getCallbackConfiguration()
    const callbackSecretSet = (callbacks.hmacSecret ?? "") !== ""
    yield* out.info(`hmacSecret ${callbackSecretSet ? "is set (not printed)" : "is not set"}`)

    return {
      regions: regions.availableRegions.length,
      found: search.availableNumbers.length,
      checked,
      activeListed: Chunk.size(active),
      callbackSecretSet
    }
  })
