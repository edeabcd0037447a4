/** @internal */
import { Money } from "@effect-sinch/core/Money"
import type * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import type { operations } from "@effect-sinch/numbers/NumbersOperation"
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * One number of a quote, with its prices as Sinch lists them.
 *
 * @internal
 */
export const QuotedNumber = Schema.Struct({
  phoneNumber: Schema.optional(Schema.String),
  setupPrice: Schema.optional(Money),
  monthlyPrice: Schema.optional(Money)
})

/**
 * What a billable call would do and cost, shown before it acts.
 *
 * @internal
 */
export const Quote = Schema.Struct({
  action: Schema.String,
  numbers: Schema.Array(QuotedNumber),
  monthlyTotal: Schema.optional(Money).annotations({
    description: "What the numbers add to the monthly bill, when Sinch lists a price for every one of them"
  }),
  note: Schema.optional(Schema.String)
})

/** @internal */
export type Quote = typeof Quote.Type

/**
 * A quote, and the amount it adds to the monthly bill (counted against `--max-monthly-spend` when `charges`).
 *
 * @internal
 */
export interface Quoted {
  readonly quote: Quote
  readonly monthly: Option.Option<BigDecimal.BigDecimal>
  readonly charges: boolean
}

type Priced = typeof QuotedNumber.Type

const sum = (numbers: ReadonlyArray<Priced>): Option.Option<Money> => {
  const amounts = numbers.map((n) => n.monthlyPrice === undefined ? Option.none() : n.monthlyPrice.bigDecimal)
  const currencies = new Set(numbers.map((n) => n.monthlyPrice?.currencyCode))
  if (numbers.length === 0 || amounts.some(Option.isNone) || currencies.size !== 1) return Option.none()
  const total = BigDecimal.sumAll(amounts.flatMap((a) => Option.isSome(a) ? [a.value] : []))
  const [currencyCode] = currencies
  return Option.some(new Money({ currencyCode, amount: BigDecimal.format(total) }))
}

const quoted = (
  action: string,
  numbers: ReadonlyArray<Priced>,
  charges: boolean,
  note?: string
): Quoted => {
  const total = sum(numbers)
  return {
    quote: {
      action,
      numbers,
      ...(Option.isSome(total) ? { monthlyTotal: total.value } : {}),
      ...(note === undefined ? {} : { note })
    },
    monthly: Option.flatMap(total, (m) => m.bigDecimal),
    charges
  }
}

const priced = (n: {
  readonly phoneNumber?: string | undefined
  readonly setupPrice?: Money | undefined
  readonly monthlyPrice?: Money | undefined
}): Priced => ({
  ...(n.phoneNumber === undefined ? {} : { phoneNumber: n.phoneNumber }),
  ...(n.setupPrice === undefined ? {} : { setupPrice: n.setupPrice }),
  ...(n.monthlyPrice === undefined ? {} : { monthlyPrice: n.monthlyPrice })
})

const failWith = (what: string) => (error: { readonly message: string }) => `${what}: ${error.message}`

type In<K extends keyof typeof operations> = Schema.Schema.Type<(typeof operations)[K]["input"]>

const rentNumber = (client: NumbersClient.Service, input: In<"rentNumber">) =>
  client.getAvailableNumber(input.phoneNumber).pipe(
    Effect.mapError(failWith(`Could not price ${input.phoneNumber}, nothing was sent`)),
    Effect.map((n) => quoted(`Rent ${input.phoneNumber}`, [priced(n)], true))
  )

const rentAnyNumber = (client: NumbersClient.Service, input: In<"rentAnyNumber">) =>
  client.searchAvailableNumbers({
    regionCode: input.regionCode,
    type: input.type,
    ...(input.numberPattern === undefined ? {} : { numberPattern: input.numberPattern }),
    ...(input.capabilities === undefined ? {} : { capabilities: input.capabilities }),
    size: 1
  }).pipe(
    Effect.mapError(failWith("Could not price a matching number, nothing was sent")),
    Effect.flatMap((found) =>
      found.availableNumbers.length === 0
        ? Effect.fail(`No ${input.type} number in ${input.regionCode} matches: nothing to rent, nothing was sent.`)
        : Effect.succeed(quoted(
          `Rent any ${input.type} number in ${input.regionCode} matching the criteria`,
          found.availableNumbers.map(priced),
          true,
          "Sinch picks the number: the prices are those of the first match, as an indication."
        ))
    )
  )

const releaseNumber = (client: NumbersClient.Service, input: In<"releaseNumber">) =>
  client.getActiveNumber(input.phoneNumber).pipe(
    Effect.mapError(failWith(`Could not look ${input.phoneNumber} up, nothing was sent`)),
    Effect.map((n) =>
      quoted(
        `Release ${input.phoneNumber}`,
        [priced({ ...(n.phoneNumber === undefined ? {} : { phoneNumber: n.phoneNumber }), monthlyPrice: n.money })],
        false,
        "The number stays until its expireAt, then goes back to Sinch: it may not be available to rent again."
      )
    )
  )

const createNumberOrder = (client: NumbersClient.Service, input: In<"createNumberOrder">) => {
  const numbers = input.numberOrderOption?.phoneNumbers ?? []
  const prices = numbers.length > 0
    ? Effect.forEach(numbers, (phoneNumber) => client.getAvailableNumber(phoneNumber), { concurrency: 4 })
    : Effect.map(
      client.searchAvailableNumbers({
        regionCode: input.regionCode,
        type: input.numberType,
        ...(input.quantityOrderOption?.numberPattern === undefined
          ? {}
          : { numberPattern: input.quantityOrderOption.numberPattern }),
        size: input.quantityOrderOption?.requestedQuantity ?? 1
      }),
      (found) => found.availableNumbers
    )
  return prices.pipe(
    Effect.mapError(failWith("Could not price the order, nothing was sent")),
    Effect.map((found) =>
      quoted(
        `Create a number order for ${
          numbers.length > 0 ? numbers.join(", ") : `${input.quantityOrderOption?.requestedQuantity ?? 1} number(s)`
        } (${input.numberType} in ${input.regionCode})`,
        found.map(priced),
        false,
        "An order reserves the numbers until its expireTime; they are bought when it is submitted (submit_number_order)."
      )
    )
  )
}

const submitNumberOrder = (client: NumbersClient.Service, input: In<"submitNumberOrder">) =>
  client.getNumberOrder(input.numberOrderId).pipe(
    Effect.mapError(failWith(`Could not look order ${input.numberOrderId} up, nothing was sent`)),
    Effect.map((order) =>
      quoted(
        `Submit number order ${input.numberOrderId} (buys its numbers)`,
        (order.orderNumbers ?? []).map((n) =>
          priced({
            ...(n.phoneNumber === undefined ? {} : { phoneNumber: n.phoneNumber }),
            ...(n.numberPrice?.setupPrice === undefined ? {} : { setupPrice: n.numberPrice.setupPrice }),
            ...(n.numberPrice?.monthlyPrice === undefined ? {} : { monthlyPrice: n.numberPrice.monthlyPrice })
          })
        ),
        true
      )
    )
  )

/**
 * How each billable operation is priced before it acts. An operation missing here is quoted without prices.
 *
 * @internal
 */
export const quoters: Readonly<
  Record<string, (client: NumbersClient.Service, input: any) => Effect.Effect<Quoted, string>>
> = { rentNumber, rentAnyNumber, releaseNumber, createNumberOrder, submitNumberOrder }

/**
 * The quote of a billable call.
 *
 * @internal
 */
export const quote = (
  client: NumbersClient.Service,
  operation: { readonly name: string; readonly summary: string },
  input: unknown
): Effect.Effect<Quoted, string> => {
  const quoter = quoters[operation.name]
  return quoter === undefined
    ? Effect.succeed(quoted(operation.summary, [], false, "No price is known for this operation."))
    : quoter(client, input)
}

/**
 * The quote as a sentence for a person.
 *
 * @internal
 */
export const describe = (quote: Quote): string => {
  const money = (m: Money | undefined) =>
    m === undefined ? "unknown" : `${m.amount ?? "?"} ${m.currencyCode ?? ""}`.trim()
  const lines = quote.numbers.map((n) =>
    `${n.phoneNumber ?? "(a number)"}: setup ${money(n.setupPrice)}, monthly ${money(n.monthlyPrice)}`
  )
  return [
    `${quote.action}.`,
    ...lines,
    ...(quote.monthlyTotal === undefined ? [] : [`Adds ${money(quote.monthlyTotal)} a month.`]),
    ...(quote.note === undefined ? [] : [quote.note])
  ].join("\n")
}
