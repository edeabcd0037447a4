/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A phone number in E.164 format: a leading `+`, then 2 to 15 digits, the first not 0 (`+12025550134`).
 *
 * This is what the API accepts from users. Numbers that servers send are kept as plain strings, since real
 * responses hold values that are not clean E.164.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PhoneNumber = Schema.String.pipe(
  Schema.pattern(/^\+[1-9]\d{1,14}$/, {
    message: (issue) =>
      `Expected a phone number in E.164 format (a "+" then 2 to 15 digits, like +12025550134), got ${
        JSON.stringify(issue.actual)
      }`,
    examples: ["+12025550134"]
  }),
  Schema.brand("PhoneNumber"),
  Schema.annotations({ identifier: "PhoneNumber" })
)

/**
 * @since 0.1.0
 * @category models
 */
export type PhoneNumber = typeof PhoneNumber.Type

/**
 * Validates a string as an E.164 phone number, throwing a ParseError when it is not one.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (input: string) => PhoneNumber = (input) => (decode ??= Schema.decodeSync(PhoneNumber))(input)

// The parsers are compiled on first use, not when the module loads.
let decode: ((input: string) => PhoneNumber) | undefined
let isPhoneNumber: ((u: unknown) => u is PhoneNumber) | undefined

/**
 * @since 0.1.0
 * @category guards
 */
export const is: (u: unknown) => u is PhoneNumber = (u): u is PhoneNumber =>
  (isPhoneNumber ??= Schema.is(PhoneNumber))(u)
