import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as CallbackEvent from "../src/CallbackEvent.js"
import {
  assertRoundTrip,
  decodeOk,
  expectRejected,
  readJson,
  readTimestamp,
  withoutNulls
} from "./internal/fixtures.js"

// The two verified vectors of the API digest (README), as raw bodies.
const vector1 =
  `{"eventId":"01hpa0mww4m79q8j2dwn3ggbgz","timestamp":"2024-02-10T17:22:09.412722588","projectId":"37b62a7b-0177-abcd-efgh-e10f848de123","resourceId":"+17818510001","resourceType":"ACTIVE_NUMBER","eventType":"DEPROVISIONING_FROM_VOICE_PLATFORM","status":"SUCCEEDED","failureCode":null}`
const vector2 =
  `{"eventId":"01jr7stexp0znky34pj07dwp41","timestamp":"2025-04-07T09:38:04.85408760","projectId":"project-id","resourceId":"+1234567890","resourceType":"ACTIVE_NUMBER","eventType":"PROVISIONING_TO_VOICE_PLATFORM","status":"SUCCEEDED","failureCode":null,"internalFailureCode":null}`

const fromJson = Schema.decodeUnknownEither(CallbackEvent.CallbackEventFromJson)

describe("CallbackEvent", () => {
  it("decodes the first README vector (9 fractional digits, no zone) field by field", () => {
    const event = decodeOk(CallbackEvent.CallbackEventFromJson, vector1)
    expect(event).toBeInstanceOf(CallbackEvent.ActiveNumberEvent)
    if (!(event instanceof CallbackEvent.ActiveNumberEvent)) return
    expect(event.eventId).toBe("01hpa0mww4m79q8j2dwn3ggbgz")
    expect(event.projectId).toBe("37b62a7b-0177-abcd-efgh-e10f848de123")
    expect(event.resourceId).toBe("+17818510001")
    expect(event.resourceType).toBe("ACTIVE_NUMBER")
    expect(event.eventType).toBe("DEPROVISIONING_FROM_VOICE_PLATFORM")
    expect(event.status).toBe("SUCCEEDED")
    // A null reads as missing.
    expect(event).not.toHaveProperty("failureCode")
    expect(event.internalFailureCode).toBeUndefined()
    expect(readTimestamp(event.timestamp).text).toBe("2024-02-10T17:22:09.412722588")
    expect(readTimestamp(event.timestamp).epochMillis).toBe(Date.UTC(2024, 1, 10, 17, 22, 9, 412))
    expect(readTimestamp(event.timestamp).nanosOfSecond).toBe(412_722_588)
  })

  it("decodes the second README vector (8 fractional digits) field by field", () => {
    const event = decodeOk(CallbackEvent.CallbackEventFromJson, vector2)
    expect(event).toBeInstanceOf(CallbackEvent.ActiveNumberEvent)
    if (!(event instanceof CallbackEvent.ActiveNumberEvent)) return
    expect(event.eventId).toBe("01jr7stexp0znky34pj07dwp41")
    expect(event.projectId).toBe("project-id")
    expect(event.resourceId).toBe("+1234567890")
    expect(event.eventType).toBe("PROVISIONING_TO_VOICE_PLATFORM")
    expect(event.status).toBe("SUCCEEDED")
    expect(event).not.toHaveProperty("failureCode")
    expect(event).not.toHaveProperty("internalFailureCode")
    expect(readTimestamp(event.timestamp).epochMillis).toBe(Date.UTC(2025, 3, 7, 9, 38, 4, 854))
    expect(readTimestamp(event.timestamp).nanosOfSecond).toBe(854_087_600)
  })

  it("encodes the README vectors back to the same JSON, less its nulls", () => {
    for (const raw of [vector1, vector2]) {
      const event = decodeOk(CallbackEvent.CallbackEvent, JSON.parse(raw))
      expect(Schema.encodeSync(CallbackEvent.CallbackEvent)(event)).toStrictEqual(withoutNulls(JSON.parse(raw)))
    }
  })

  it("decodes the Java SDK's failed campaign event", () => {
    const event = decodeOk(CallbackEvent.CallbackEvent, readJson("java/sinchevents/number-sinch-event.json"))
    expect(event).toBeInstanceOf(CallbackEvent.ActiveNumberEvent)
    expect(event).toMatchObject({
      eventType: "PROVISIONING_TO_CAMPAIGN",
      status: "FAILED",
      failureCode: "CAMPAIGN_NOT_AVAILABLE",
      internalFailureCode: "CRS0018"
    })
    expect(readTimestamp(event.timestamp).nanosOfSecond).toBe(787_890_000)
  })

  it("decodes a number order event", () => {
    const event = decodeOk(CallbackEvent.CallbackEvent, {
      eventId: "e",
      timestamp: "2025-01-01T00:00:00",
      projectId: "p",
      resourceId: "01jgkbb8xywmz3hhahd76menqf",
      resourceType: "NUMBER_ORDER",
      eventType: "NUMBER_ORDER_PROCESSING",
      status: "COMPLETED"
    })
    expect(event).toBeInstanceOf(CallbackEvent.NumberOrderEvent)
    expect(event.status).toBe("COMPLETED")
    expect(readTimestamp(event.timestamp).epochMillis).toBe(Date.UTC(2025, 0, 1))
  })

  it("keeps a new event type, status and failure code, and ignores new fields", () => {
    const event = decodeOk(CallbackEvent.CallbackEvent, {
      resourceType: "ACTIVE_NUMBER",
      eventType: "PROVISIONING_TO_RCS_PLATFORM",
      status: "PARTIALLY_SUCCEEDED",
      failureCode: "CARRIER_REJECTED",
      region: "eu"
    })
    expect(event).toBeInstanceOf(CallbackEvent.ActiveNumberEvent)
    expect(event).toMatchObject({
      eventType: "PROVISIONING_TO_RCS_PLATFORM",
      status: "PARTIALLY_SUCCEEDED",
      failureCode: "CARRIER_REJECTED"
    })
    expect(event).not.toHaveProperty("region")
    const order = decodeOk(CallbackEvent.CallbackEvent, { resourceType: "NUMBER_ORDER", status: "ON_HOLD" })
    expect(order).toBeInstanceOf(CallbackEvent.NumberOrderEvent)
    expect(order.status).toBe("ON_HOLD")
  })

  it("keeps an event about a resource type it does not know", () => {
    const event = decodeOk(CallbackEvent.CallbackEvent, {
      resourceType: "PORTING_ORDER",
      eventType: "PORTING_COMPLETED",
      status: "DONE",
      timestamp: "2025-01-01T00:00:00Z"
    })
    expect(event).toBeInstanceOf(CallbackEvent.OtherEvent)
    expect(event).toMatchObject({ resourceType: "PORTING_ORDER", eventType: "PORTING_COMPLETED", status: "DONE" })
  })

  it("keeps a timestamp it cannot read as its text, and reads nulls as missing", () => {
    const event = decodeOk(CallbackEvent.CallbackEvent, {
      resourceType: "ACTIVE_NUMBER",
      timestamp: "2024-02-30T00:00:00",
      eventId: null,
      eventType: null,
      status: null
    })
    expect(event).toBeInstanceOf(CallbackEvent.ActiveNumberEvent)
    expect(event.timestamp).toBe("2024-02-30T00:00:00")
    expect({ ...event }).toStrictEqual({ resourceType: "ACTIVE_NUMBER", timestamp: "2024-02-30T00:00:00" })
  })

  it("rejects an event without resourceType (the one field the API requires) or with a numeric timestamp", () => {
    expectRejected(CallbackEvent.CallbackEvent, { eventType: "PROVISIONING_TO_CAMPAIGN" }, ["resourceType"])
    expectRejected(CallbackEvent.CallbackEvent, { resourceType: null }, ["resourceType"])
    expectRejected(CallbackEvent.CallbackEvent, { resourceType: "ACTIVE_NUMBER", timestamp: 1 }, ["timestamp"])
  })

  it("fails on a body that is not JSON with a ParseError, not a defect", () => {
    const result = fromJson("{\"resourceType\":")
    expect(Either.isLeft(result)).toBe(true)
    expect(Either.isLeft(result) && result.left._tag).toBe("ParseError")
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(CallbackEvent.CallbackEvent)
  })

  it("reads back the JSON text it writes, unchanged (property)", () => {
    // Through JSON text, since JSON has no `undefined`: an optional field set to undefined comes back absent.
    const encode = Schema.encodeSync(CallbackEvent.CallbackEventFromJson)
    const decode = Schema.decodeUnknownSync(CallbackEvent.CallbackEventFromJson)
    FastCheck.assert(FastCheck.property(Arbitrary.make(CallbackEvent.CallbackEvent), (event) => {
      const text = encode(event)
      expect(JSON.parse(encode(decode(text)))).toStrictEqual(JSON.parse(text))
    }))
  })
})
