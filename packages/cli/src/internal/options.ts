/** @internal */
import * as Options from "@effect/cli/Options"
import type * as Option from "effect/Option"

/** @internal */
export const profile: Options.Options<Option.Option<string>> = Options.text("profile").pipe(
  Options.withDescription(
    "the credentials profile of the config file to use (default: the SINCH_* variables, else the profile \"default\")"
  ),
  Options.optional
)

/** @internal */
export const json: Options.Options<boolean> = Options.boolean("json").pipe(
  Options.withDescription("print one JSON document on stdout instead of text for people")
)

/** @internal */
export const yes: Options.Options<boolean> = Options.boolean("yes").pipe(
  Options.withAlias("y"),
  Options.withDescription("do not ask: go ahead (for scripts)")
)

/** Every command takes these. @internal */
export const common = { profile, json } as const

/** @internal */
export const region: Options.Options<string> = Options.text("region").pipe(
  Options.withDescription("ISO 3166-1 alpha-2 region code, like US or GB")
)

/** @internal */
export const numberType: Options.Options<"LOCAL" | "MOBILE" | "TOLL_FREE"> = Options.choice("type", [
  "LOCAL",
  "MOBILE",
  "TOLL_FREE"
]).pipe(Options.withDescription("the number type"))

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
  .pipe(Options.withDescription("a capability the number must have (repeat for both)"), Options.repeated)

/** @internal */
export const servicePlanId: Options.Options<Option.Option<string>> = Options.text("service-plan-id").pipe(
  Options.withDescription("the SMS service plan to link"),
  Options.optional
)

/** @internal */
export const campaignId: Options.Options<Option.Option<string>> = Options.text("campaign-id").pipe(
  Options.withDescription("the 10DLC campaign (US), with --service-plan-id"),
  Options.optional
)

/** @internal */
export const appId: Options.Options<Option.Option<string>> = Options.text("app-id").pipe(
  Options.withDescription("the voice (RTC) application to link"),
  Options.optional
)

/** @internal */
export const callbackUrl: Options.Options<Option.Option<string>> = Options.text("callback-url").pipe(
  Options.withDescription("where Sinch posts this number's events"),
  Options.optional
)
