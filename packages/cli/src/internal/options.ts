/** @internal */
import * as Args from "@effect/cli/Args"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/** @internal */
export const yes: Options.Options<boolean> = Options.boolean("yes").pipe(
  Options.withAlias("y"),
  Options.withDescription("do not ask: go ahead (for scripts)")
)

/**
 * An integer option whose errors name it (`--size must be a whole number, got "abc"`): @effect/cli's own says
 * only "'abc' is not a integer".
 *
 * @internal
 */
export const integer = (flag: string, min: number, max: number): Options.Options<number> =>
  Options.text(flag).pipe(
    Options.withPseudoName("N"),
    Options.withDescription(
      max === Number.MAX_SAFE_INTEGER ? `a whole number, ${min} or more` : `a whole number from ${min} to ${max}`
    ),
    Options.mapEffect((text) => {
      const value = Number(text)
      return /^-?\d+$/.test(text.trim()) && value >= min && value <= max
        ? Effect.succeed(value)
        : Effect.fail(ValidationError.invalidValue(HelpDoc.p(
          `--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`
        )))
    })
  )

const e164 = /^\+[1-9]\d{1,14}$/

/**
 * A phone number as the operator types it: E.164, checked here before anything is sent (the client itself accepts
 * any id a server returned).
 *
 * @internal
 */
export const phoneNumber = (description: string): Args.Args<string> =>
  Args.text({ name: "PHONE" }).pipe(
    Args.withDescription(description),
    Args.mapEffect((text) =>
      e164.test(text) ? Effect.succeed(text) : Effect.fail(HelpDoc.p(
        `PHONE must be in E.164 (a + then 2 to 15 digits, like +12015550100), got ${JSON.stringify(text)}`
      ))
    )
  )

/**
 * `--phone-number`, checked like `phoneNumber`.
 *
 * @internal
 */
export const isPhoneNumber = (text: string): boolean => e164.test(text)

/**
 * A default, applied and shown: @effect/cli's help says only "This setting is optional."
 *
 * @internal
 */
export const withDefault = <A>(value: A) => (self: Options.Options<A>): Options.Options<A> =>
  self.pipe(Options.withDescription(`default: ${String(value)}`), Options.withDefault(value))

/**
 * A repeatable option, optional in the usage line too (@effect/cli writes `(--capability …)...`, which reads as
 * required).
 *
 * @internal
 */
export const repeatedOptional = <A>(self: Options.Options<A>): Options.Options<Array<A>> =>
  self.pipe(Options.repeated, Options.optional, Options.map(Option.getOrElse((): Array<A> => [])))

/** @internal */
export const region: Options.Options<string> = Options.text("region").pipe(
  Options.withAlias("r"),
  Options.withDescription("ISO 3166-1 alpha-2 region code, like US or GB")
)

/** @internal */
export const numberType: Options.Options<"LOCAL" | "MOBILE" | "TOLL_FREE"> = Options.choice("type", [
  "LOCAL",
  "MOBILE",
  "TOLL_FREE"
]).pipe(Options.withAlias("t"), Options.withDescription("the number type"))

/** @internal */
export const pattern: Options.Options<Option.Option<string>> = Options.text("pattern").pipe(
  Options.withDescription("digits the number should contain, like +1201 or 555"),
  Options.optional
)

/** @internal */
export const searchPattern: Options.Options<Option.Option<"START" | "CONTAINS" | "END">> = Options.choice(
  "search-pattern",
  ["START", "CONTAINS", "END"]
).pipe(Options.withDescription("where --pattern must appear (default START)"), Options.optional)

/** @internal */
export const capabilities: Options.Options<Array<"SMS" | "VOICE">> = Options.choice("capability", ["SMS", "VOICE"])
  .pipe(
    Options.withAlias("c"),
    Options.withDescription("a capability the number must have (repeat for both)"),
    repeatedOptional
  )

const optionalText = (name: string, description: string): Options.Options<Option.Option<string>> =>
  Options.text(name).pipe(Options.withDescription(description), Options.optional)

/** @internal */
export const servicePlanId = optionalText("service-plan-id", "the SMS service plan to link")

/** @internal */
export const campaignId = optionalText("campaign-id", "the 10DLC campaign (US), with --service-plan-id")

/** @internal */
export const appId = optionalText("app-id", "the voice (RTC) application to link")

/** @internal */
export const callbackUrl = optionalText("callback-url", "where Sinch posts this number's events")
