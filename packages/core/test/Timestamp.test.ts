import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Equal from "effect/Equal"
import * as FastCheck from "effect/FastCheck"
import * as Hash from "effect/Hash"
import * as Schema from "effect/Schema"
import * as Timestamp from "../src/Timestamp.js"
import { assertRoundTrip, decodeOk, expectRejected } from "./internal/fixtures.js"

const parseOk = (text: string): Timestamp.Timestamp => {
  const timestamp = Timestamp.parse(text)
  if (timestamp === undefined) return expect.fail(`expected ${text} to parse`)
  return timestamp
}

describe("Timestamp", () => {
  it("reads a zoned timestamp as its instant, keeping the text", () => {
    const t = parseOk("2024-02-10T17:22:09.412Z")
    expect(t.text).toBe("2024-02-10T17:22:09.412Z")
    expect(t.epochMillis).toBe(Date.UTC(2024, 1, 10, 17, 22, 9, 412))
    expect(t.nanosOfSecond).toBe(412_000_000)
    expect(t.toDate().toISOString()).toBe("2024-02-10T17:22:09.412Z")
    expect(DateTime.toEpochMillis(t.toDateTime())).toBe(t.epochMillis)
    expect(String(t)).toBe("2024-02-10T17:22:09.412Z")
    expect(JSON.stringify({ at: t })).toBe(`{"at":"2024-02-10T17:22:09.412Z"}`)
  })

  it("reads a timestamp without a zone as UTC", () => {
    const t = parseOk("2023-06-06T07:45:27.78789")
    expect(t.epochMillis).toBe(Date.UTC(2023, 5, 6, 7, 45, 27, 787))
    expect(t.nanosOfSecond).toBe(787_890_000)
    expect(Equal.equals(t, parseOk("2023-06-06T07:45:27.78789Z"))).toBe(true)
  })

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])("reads %i fractional digits to the nanosecond", (digits) => {
    const fraction = "987654321".slice(0, digits)
    const t = parseOk(`2024-02-10T17:22:09${digits === 0 ? "" : "." + fraction}`)
    const nanos = digits === 0 ? 0 : Number(fraction.padEnd(9, "0"))
    expect(t.nanosOfSecond).toBe(nanos)
    expect(t.epochMillis).toBe(Date.UTC(2024, 1, 10, 17, 22, 9) + Math.floor(nanos / 1_000_000))
  })

  it("applies a zone offset, with or without a colon", () => {
    const utc = Date.UTC(2024, 0, 1, 0, 0, 0)
    expect(parseOk("2024-01-01T02:00:00+02:00").epochMillis).toBe(utc)
    expect(parseOk("2023-12-31T18:30:00-0530").epochMillis).toBe(utc)
    expect(parseOk("2024-01-01T00:00:00z").epochMillis).toBe(utc)
  })

  it("reads years before 100 as they are (0001-01-01 is the zero time servers send for unset)", () => {
    const zero = parseOk("0001-01-01T00:00:00Z")
    expect(zero.epochMillis).toBe(-62_135_596_800_000)
    expect(zero.toDate().toISOString()).toBe("0001-01-01T00:00:00.000Z")
    expect(parseOk("0099-12-31T23:59:59.5").epochMillis).toBe(new Date("0099-12-31T23:59:59.500Z").getTime())
    expect(Equal.equals(zero, Timestamp.fromEpochMillis(-62_135_596_800_000))).toBe(true)
    expect(Timestamp.parse("0004-02-29T00:00:00Z")?.epochMillis).toBe(new Date("0004-02-29T00:00:00Z").getTime())
    expect(Timestamp.parse("0001-02-29T00:00:00Z")).toBeUndefined()
  })

  it("accepts 29 February in a leap year only", () => {
    expect(parseOk("2024-02-29T00:00:00Z").epochMillis).toBe(Date.UTC(2024, 1, 29))
    expect(Timestamp.parse("2023-02-29T00:00:00Z")).toBeUndefined()
  })

  it.each([
    "2024-02-30T00:00:00Z",
    "2024-04-31T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-00-10T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T23:60:00Z",
    "2024-01-01T23:59:60Z",
    "2024-01-01T00:00:00.1234567890Z",
    "2024-01-01T00:00:00.Z",
    "2024-01-01",
    "2024-01-01T00:00Z",
    "2024-01-01T00:00:00+2",
    "garbage",
    "",
    " 2024-01-01T00:00:00Z"
  ])("rejects %j", (text) => {
    expect(Timestamp.parse(text)).toBeUndefined()
    const message = expectRejected(Timestamp.TimestampFromString, text, [])
    expect(message).toContain("Expected a timestamp like")
    expect(message).toContain(JSON.stringify(text))
  })

  it("fails a decode of a bad timestamp inside a struct naming the field", () => {
    const Holder = Schema.Struct({ lastUpdatedTime: Timestamp.TimestampFromString })
    expectRejected(Holder, { lastUpdatedTime: "2024-02-30T00:00:00Z" }, ["lastUpdatedTime"])
    expectRejected(Holder, { lastUpdatedTime: 1_700_000_000_000 }, ["lastUpdatedTime"])
  })

  it("encodes back the exact text it was read from", () => {
    for (const text of ["2025-04-07T09:38:04.85408760", "2024-02-10T17:22:09.412722588", "2019-08-24T14:15:22Z"]) {
      const decoded = decodeOk(Timestamp.TimestampFromString, text)
      expect(Schema.encodeSync(Timestamp.TimestampFromString)(decoded)).toBe(text)
    }
  })

  it("compares timestamps as instants, to the nanosecond", () => {
    const a = parseOk("2024-02-10T17:22:09Z")
    const b = parseOk("2024-02-10T19:22:09+02:00")
    const c = parseOk("2024-02-10T17:22:09.000000000")
    expect(Equal.equals(a, b)).toBe(true)
    expect(Equal.equals(a, c)).toBe(true)
    expect(Hash.hash(a)).toBe(Hash.hash(b))
    // Same millisecond, one nanosecond apart.
    const d = parseOk("2024-02-10T17:22:09.412722588")
    const e = parseOk("2024-02-10T17:22:09.412722589")
    expect(d.epochMillis).toBe(e.epochMillis)
    expect(Equal.equals(d, e)).toBe(false)
    expect(Schema.equivalence(Timestamp.TimestampFromString)(d, e)).toBe(false)
  })

  it("builds timestamps from epoch milliseconds and dates, before 1970 too", () => {
    const t = Timestamp.fromEpochMillis(Date.UTC(2024, 1, 10, 17, 22, 9, 412))
    expect(t.text).toBe("2024-02-10T17:22:09.412Z")
    expect(t.nanosOfSecond).toBe(412_000_000)
    const before = Timestamp.fromEpochMillis(-1)
    expect(before.text).toBe("1969-12-31T23:59:59.999Z")
    expect(before.nanosOfSecond).toBe(999_000_000)
    expect(Equal.equals(before, parseOk(before.text))).toBe(true)
    const date = new Date(Date.UTC(2000, 0, 1))
    expect(Timestamp.fromDate(date).epochMillis).toBe(date.getTime())
    expect(Timestamp.isTimestamp(t)).toBe(true)
    expect(Timestamp.isTimestamp("2024-02-10T17:22:09.412Z")).toBe(false)
    expect(Timestamp.isTimestamp(null)).toBe(false)
  })

  it("reads any instant written in any zone offset as that instant (property)", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: -62_135_596_800_000 + 15 * 3_600_000, max: 253_402_300_799_999 - 15 * 3_600_000 }),
        FastCheck.integer({ min: -14 * 60, max: 14 * 60 }),
        (millis, offsetMinutes) => {
          const local = new Date(millis + offsetMinutes * 60_000).toISOString().slice(0, 23)
          const sign = offsetMinutes < 0 ? "-" : "+"
          const abs = Math.abs(offsetMinutes)
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`
          const t = parseOk(local + zone)
          return t.epochMillis === millis && Equal.equals(t, Timestamp.fromEpochMillis(millis))
        }
      )
    )
  })

  it("decode(encode(x)) is x for arbitrary timestamps (property)", () => {
    assertRoundTrip(Timestamp.TimestampFromString)
  })

  describe("TimestampOrText", () => {
    const decode = (text: unknown) => decodeOk(Timestamp.TimestampOrText, text)

    it("reads a timestamp as a Timestamp, with or without zone and with 0 to 9 fractional digits", () => {
      for (const text of ["2019-08-24T14:15:22Z", "2024-02-10T17:22:09.412722588", "2023-06-06T07:45:27.78789+02:00"]) {
        const value = decode(text)
        expect(Timestamp.isTimestamp(value)).toBe(true)
        expect(Equal.equals(value, Timestamp.parse(text))).toBe(true)
      }
    })

    it.each(["2024-02-30T00:00:00Z", "nulla", "", "2024-01-01", "2024-01-01T00:00:00.1234567890Z"])(
      "keeps %j, which it cannot read, as the text that was sent",
      (text) => {
        expect(decode(text)).toBe(text)
        expect(Schema.encodeSync(Timestamp.TimestampOrText)(text)).toBe(text)
      }
    )

    it("encodes a Timestamp back to the text it was read from", () => {
      const text = "2025-04-07T09:38:04.85408760"
      expect(Schema.encodeSync(Timestamp.TimestampOrText)(decode(text))).toBe(text)
    })

    it("rejects what is not a string, and a kept text that reads as a timestamp", () => {
      expectRejected(Timestamp.TimestampOrText, 1_700_000_000_000, [])
      expectRejected(Timestamp.TimestampOrText, null, [])
      expect(Schema.is(Timestamp.TimestampText)("2019-08-24T14:15:22Z")).toBe(false)
      expect(Schema.is(Timestamp.TimestampText)("soon")).toBe(true)
    })

    it("decode(encode(x)) is x for arbitrary timestamps and texts (property)", () => {
      assertRoundTrip(Timestamp.TimestampOrText, 200)
    })
  })
})
