/** @internal */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as CliOptions from "./options.js"
import * as Output from "./output.js"
import * as Records from "./records.js"
import * as Root from "./root.js"
import * as Session from "./session.js"

/**
 * `numberPattern` from `--pattern` and `--search-pattern`.
 *
 * @internal
 */
export const numberPattern = (
  pattern: Option.Option<string>,
  searchPattern: Option.Option<"START" | "CONTAINS" | "END">
): { numberPattern?: { pattern?: string; searchPattern?: "START" | "CONTAINS" | "END" } } =>
  Option.isNone(pattern) && Option.isNone(searchPattern) ? {} : {
    numberPattern: {
      ...(Option.isSome(pattern) ? { pattern: pattern.value } : {}),
      ...(Option.isSome(searchPattern) ? { searchPattern: searchPattern.value } : {})
    }
  }

/**
 * SMS, voice and callback settings for a rent or an order, from their options.
 *
 * @internal
 */
export const configuration = (o: {
  readonly servicePlanId: Option.Option<string>
  readonly campaignId: Option.Option<string>
  readonly appId: Option.Option<string>
  readonly callbackUrl: Option.Option<string>
}) => ({
  ...(Option.isSome(o.servicePlanId)
    ? {
      smsConfiguration: {
        servicePlanId: o.servicePlanId.value,
        ...(Option.isSome(o.campaignId) ? { campaignId: o.campaignId.value } : {})
      }
    }
    : {}),
  ...(Option.isSome(o.appId) ? { voiceConfiguration: { type: "RTC" as const, appId: o.appId.value } } : {}),
  ...(Option.isSome(o.callbackUrl) ? { callbackUrl: o.callbackUrl.value } : {})
})

const search = Command.make(
  "search",
  {
    region: CliOptions.region,
    type: CliOptions.numberType,
    pattern: CliOptions.pattern,
    searchPattern: CliOptions.searchPattern,
    capability: CliOptions.capabilities,
    size: CliOptions.integer("size", 1, 1000).pipe(
      Options.withDescription("at most this many numbers"),
      Options.optional
    )
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const numbers = yield* Session.numbers
      const found = yield* numbers.searchAvailableNumbers({
        regionCode: o.region,
        type: o.type,
        ...numberPattern(o.pattern, o.searchPattern),
        ...(o.capability.length > 0 ? { capabilities: o.capability } : {}),
        ...(Option.isSome(o.size) ? { size: o.size.value } : {})
      })
      if (json) return yield* Output.json(found)
      if (found.availableNumbers.length === 0) return yield* Output.note("No number available for this search.")
      yield* Output.line(Output.table(Records.availableHeaders, found.availableNumbers.map(Records.availableRow)))
    })
).pipe(Command.withDescription("Search numbers available to rent or order (ListAvailableNumbers)."))

const rentConfiguration = {
  servicePlanId: CliOptions.servicePlanId,
  campaignId: CliOptions.campaignId,
  appId: CliOptions.appId,
  callbackUrl: CliOptions.callbackUrl
}

const rent = Command.make(
  "rent",
  {
    yes: CliOptions.yes,
    ...rentConfiguration,
    phoneNumber: CliOptions.phoneNumber("the number to rent, in E.164 (+12015550100)")
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const numbers = yield* Session.numbers
      const offer = yield* numbers.getAvailableNumber(o.phoneNumber)
      const setup = Records.money(offer.setupPrice) ?? "unknown"
      const monthly = Records.money(offer.monthlyPrice) ?? "unknown"
      const every = offer.paymentIntervalMonths === undefined || offer.paymentIntervalMonths === 1
        ? "a month"
        : `every ${offer.paymentIntervalMonths} months`
      yield* Output.note(
        Output.printable(
          `${o.phoneNumber} (${offer.regionCode ?? "?"} ${offer.type ?? "?"}): setup ${setup}, ${monthly} ${every}.`
        )
      )
      yield* Session.confirm(
        Output.printable(`Rent ${o.phoneNumber} for a setup price of ${setup} and ${monthly} ${every}?`),
        o.yes
      )
      const rented = yield* numbers.rentNumber(o.phoneNumber, configuration(o))
      if (json) return yield* Output.json(rented)
      yield* Output.line(`Rented ${Output.printable(rented.phoneNumber ?? o.phoneNumber)}.`)
      yield* Output.line(Records.activeFields(rented))
    })
).pipe(
  Command.withDescription(
    "Rent one number (RentNumber, billable): shows its setup and monthly price and asks first (--yes to skip)."
  )
)

const rentAny = Command.make(
  "rent-any",
  {
    yes: CliOptions.yes,
    region: CliOptions.region,
    type: CliOptions.numberType,
    pattern: CliOptions.pattern,
    searchPattern: CliOptions.searchPattern,
    capability: CliOptions.capabilities,
    ...rentConfiguration
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const numbers = yield* Session.numbers
      yield* Session.confirm(
        `Rent any ${o.region} ${o.type} number matching the search (billable; the price is shown once rented)?`,
        o.yes
      )
      const rented = yield* numbers.rentAnyNumber({
        regionCode: o.region,
        type: o.type,
        ...numberPattern(o.pattern, o.searchPattern),
        ...(o.capability.length > 0 ? { capabilities: o.capability } : {}),
        ...configuration(o)
      })
      if (json) return yield* Output.json(rented)
      yield* Output.line(`Rented ${Output.printable(rented.phoneNumber ?? "a number")}.`)
      yield* Output.line(Records.activeFields(rented))
    })
).pipe(Command.withDescription("Rent any number matching a search (RentAnyNumber, billable); asks first (--yes)."))

/** @internal */
export const command = Command.make("available").pipe(
  Command.withDescription("Numbers for sale: search and rent."),
  Command.withSubcommands([search, rent, rentAny]),
  Command.provide(Session.oneShotLayer)
)

/** @internal */
export const regions = Command.make("regions").pipe(
  Command.withDescription("Regions where numbers are sold."),
  Command.withSubcommands([
    Command.make(
      "list",
      {
        type: Options.choice("type", ["LOCAL", "MOBILE", "TOLL_FREE"]).pipe(
          Options.withDescription("only regions offering this type (repeat for several)"),
          CliOptions.repeatedOptional
        )
      },
      (o) =>
        Effect.gen(function*() {
          const { json } = yield* Root.command
          const numbers = yield* Session.numbers
          const found = yield* numbers.listAvailableRegions(o.type.length > 0 ? { types: o.type } : {})
          if (json) return yield* Output.json(found)
          yield* Output.line(Output.table(
            ["REGION", "NAME", "TYPES"],
            found.availableRegions.map((r) => [r.regionCode ?? "", r.regionName ?? "", r.types?.join(",") ?? ""])
          ))
        })
    ).pipe(Command.withDescription("List the regions (ListAvailableRegions)."))
  ]),
  Command.provide(Session.oneShotLayer)
)
