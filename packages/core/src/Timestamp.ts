/**
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Equal from "effect/Equal"
import * as Hash from "effect/Hash"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

const TypeId: unique symbol = Symbol.for("@effect-sinch/core/Timestamp")

/**
 * An instant as the API writes it. Sinch sends timestamps with or without a zone (no zone means UTC) and with up to
 * nine fractional digits (`2024-02-10T17:22:09.412722588`); a `Timestamp` keeps the exact text it was read from, so
 * encoding gives back the wire value, and exposes the instant in UTC.
 *
 * @since 0.1.0
 * @category models
 */
export class Timestamp implements Equal.Equal {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: typeof TypeId = TypeId
  constructor(
    /** The text as sent on the wire. */
    readonly text: string,
    /** Milliseconds since the Unix epoch, UTC. */
    readonly epochMillis: number,
    /** The nanosecond within the second, 0 to 999,999,999 (more precise than `epochMillis`). */
    readonly nanosOfSecond: number
  ) {}
  /**
   * @since 0.1.0
   */
  toDate(): Date {
    return new Date(this.epochMillis)
  }
  /**
   * @since 0.1.0
   */
  toDateTime(): DateTime.Utc {
    return DateTime.unsafeMake(this.epochMillis)
  }
  /**
   * @since 0.1.0
   */
  toString(): string {
    return this.text
  }
  /**
   * @since 0.1.0
   */
  toJSON(): string {
    return this.text
  }
  /**
   * Two timestamps are equal when they denote the same instant, to the nanosecond.
   *
   * @since 0.1.0
   */
  [Equal.symbol](that: Equal.Equal): boolean {
    return isTimestamp(that) && that.epochMillis === this.epochMillis && that.nanosOfSecond === this.nanosOfSecond
  }
  /**
   * @since 0.1.0
   */
  [Hash.symbol](): number {
    return Hash.cached(this, Hash.combine(Hash.number(this.epochMillis))(Hash.number(this.nanosOfSecond)))
  }
}

/**
 * @since 0.1.0
 * @category guards
 */
export const isTimestamp = (u: unknown): u is Timestamp => typeof u === "object" && u !== null && TypeId in u

const pattern =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/

/**
 * Reads a timestamp, with or without a zone and with 0 to 9 fractional digits; `undefined` when it is not one.
 *
 * @since 0.1.0
 * @category constructors
 */
export const parse = (text: string): Timestamp | undefined => {
  const m = pattern.exec(text)
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number
  ]
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined
  // Not Date.UTC, which reads years 0 to 99 as 1900 to 1999 (and servers send 0001-01-01T00:00:00Z for "unset").
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, 0)
  const base = date.getTime()
  // Dates roll 31 February over into March: a day that does not exist is not a timestamp.
  if (date.getUTCDate() !== day) return undefined
  const nanosOfSecond = m[7] === undefined ? 0 : Number(m[7].padEnd(9, "0"))
  const offsetMinutes = m[9] === undefined ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]))
  const epochMillis = base - offsetMinutes * 60_000 + Math.floor(nanosOfSecond / 1_000_000)
  return new Timestamp(text, epochMillis, nanosOfSecond)
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const fromEpochMillis = (epochMillis: number): Timestamp =>
  new Timestamp(new Date(epochMillis).toISOString(), epochMillis, (((epochMillis % 1000) + 1000) % 1000) * 1_000_000)

/**
 * @since 0.1.0
 * @category constructors
 */
export const fromDate = (date: Date): Timestamp => fromEpochMillis(date.getTime())

/**
 * The `Timestamp` value itself (for schemas of decoded values).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimestampFromSelf: Schema.Schema<Timestamp> = Schema.declare(isTimestamp, {
  identifier: "TimestampFromSelf",
  description: "an instant with the text it was read from",
  pretty: () => (t) => `Timestamp(${t.text})`,
  equivalence: () => (a, b) => Equal.equals(a, b),
  arbitrary: () => (fc) =>
    fc.tuple(
      fc.integer({ min: 946_684_800_000, max: 4_102_444_799_000 }),
      fc.integer({ min: 0, max: 999_999_999 }),
      fc.integer({ min: 0, max: 9 }),
      fc.boolean()
    ).map(([millis, nanos, digits, zoned]) => {
      const iso = new Date(millis - (millis % 1000)).toISOString().slice(0, 19)
      const fraction = digits === 0 ? "" : "." + String(nanos).padStart(9, "0").slice(0, digits)
      return parse(iso + fraction + (zoned ? "Z" : ""))!
    })
})

/**
 * A timestamp on the wire (a string) decoded to a {@link Timestamp}; encoding gives back the original text.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimestampFromString: Schema.Schema<Timestamp, string> = Schema.transformOrFail(
  Schema.String,
  TimestampFromSelf,
  {
    strict: true,
    decode: (text, _, ast) => {
      const timestamp = parse(text)
      return timestamp === undefined
        ? ParseResult.fail(
          new ParseResult.Type(
            ast,
            text,
            `Expected a timestamp like 2024-02-10T17:22:09.412Z (zone optional, up to 9 fractional digits), got ${
              JSON.stringify(text)
            }`
          )
        )
        : ParseResult.succeed(timestamp)
    },
    encode: (timestamp) => ParseResult.succeed(timestamp.text)
  }
).annotations({ identifier: "Timestamp" })

/**
 * Text sent where a timestamp belongs that does not read as one (see {@link parse}).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimestampText = Schema.String.pipe(
  Schema.filter((text) => parse(text) === undefined, {
    message: (issue) => `Expected text that does not read as a timestamp, got ${JSON.stringify(issue.actual)}`
  }),
  Schema.annotations({ identifier: "TimestampText" })
)

/**
 * A timestamp in a response: a {@link Timestamp} when the text reads as one, otherwise the text as it was sent, so
 * one odd value does not fail the whole answer. Encoding gives back the original text either way.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimestampOrText: Schema.Schema<Timestamp | string, string> = Schema.transform(
  Schema.String,
  Schema.Union(TimestampFromSelf, TimestampText),
  {
    strict: true,
    decode: (text) => parse(text) ?? text,
    encode: (value) => typeof value === "string" ? value : value.text
  }
).annotations({ identifier: "TimestampOrText" })
