/** @internal */
import { ActiveNumber, ListActiveNumbersResponse } from "@effect-sinch/core/ActiveNumber"
import { Money } from "@effect-sinch/core/Money"
import { SmsConfiguration } from "@effect-sinch/core/SmsConfiguration"
import * as Timestamp from "@effect-sinch/core/Timestamp"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { globalValue } from "effect/GlobalValue"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { lazy } from "./lazy.js"

/**
 * An item of a page that did not decode as an `ActiveNumber`: `index` is its position in the page's `activeNumbers`
 * array, `error` what the schema says of it.
 *
 * @internal
 */
export interface InvalidItem {
  readonly index: number
  readonly item: unknown
  readonly error: ParseResult.ParseError
}

/**
 * A page of active numbers as the pipeline needs it: the items that decoded, in page order, and those that did not,
 * in ascending index, so that one bad item does not cost the rest of its page.
 *
 * @internal
 */
export interface DecodedPage {
  readonly activeNumbers: ReadonlyArray<ActiveNumber>
  readonly invalid: ReadonlyArray<InvalidItem>
  readonly nextPageToken?: string | undefined
  readonly totalSize?: number | undefined
}

/**
 * The fields of `ActiveNumber` the fast path reads (see `activeNumber` below); a test holds them equal to the
 * schema's, so a field added to the schema cannot be silently dropped by this decoder.
 *
 * @internal
 */
export const activeNumberFields = [
  "phoneNumber",
  "projectId",
  "displayName",
  "regionCode",
  "type",
  "capability",
  "money",
  "paymentIntervalMonths",
  "nextChargeDate",
  "expireAt",
  "smsConfiguration",
  "voiceConfiguration",
  "callbackUrl"
] as const

/**
 * The fields of `Money` the fast path reads.
 *
 * @internal
 */
export const moneyFields = ["currencyCode", "amount"] as const

/**
 * The fields of `SmsConfiguration` the fast path reads (a non-null `scheduledProvisioning` goes to the schema).
 *
 * @internal
 */
export const smsConfigurationFields = ["servicePlanId", "campaignId", "scheduledProvisioning"] as const

/**
 * The fields of every member of the `VoiceConfiguration` union the fast path reads (a non-null
 * `scheduledVoiceProvisioning` goes to the schema).
 *
 * @internal
 */
export const voiceConfigurationFields = [
  "type",
  "appId",
  "trunkId",
  "serviceId",
  "lastUpdatedTime",
  "scheduledVoiceProvisioning"
] as const

// The schema's parsers are compiled on first use, not at import: a well-formed item never needs them.
const decodeItem = lazy(() => Schema.decodeUnknownEither(ActiveNumber))
const decodeItemEffect = lazy(() => Schema.decodeUnknown(ActiveNumber))

// The page around its items, by the rules of ListActiveNumbersResponse (a null reads as missing); the items are
// read one by one.
const decodeEnvelope = lazy(() =>
  Schema.decodeUnknownEither(Schema.Struct({
    ...ListActiveNumbersResponse.fields,
    activeNumbers: Schema.optionalWith(Schema.Array(Schema.Unknown), { nullable: true, default: () => [] })
  }))
)

// Marks a value the fast path does not handle: the item then goes through the schema.
const miss: unique symbol = Symbol("miss")
type Miss = typeof miss

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** What an optional string field of a response may hold: a string, `null` (read as missing) or nothing. */
const isStringOrMissing = (u: unknown): u is string | null | undefined =>
  u === undefined || u === null || typeof u === "string"

/** How many own enumerable keys an object has, without allocating. */
const keyCount = (o: object): number => {
  let n = 0
  for (const _ in o) n++
  return n
}

// A key holding null counts: it is a field the schema reads (as missing).
const present = (u: unknown) => u === undefined ? 0 : 1

// The decoded page reuses the objects JSON.parse made: once an item is known to be exactly what the schema reads
// (right types, no field the schema would drop), its timestamps are swapped in and it is given the class's
// prototype. That is what `Schema.Class` builds (`Data.Class` assigns the fields to an object of the prototype),
// without a copy of every object: allocation and garbage collection dominated the decoding of large pages. An object
// holding a null is copied without it instead, since the schema reads a null as a missing key (`delete` would leave
// the object in slow dictionary mode); servers rarely send nulls.
const ActiveNumberProto: object = ActiveNumber.prototype
const MoneyProto: object = Money.prototype
const SmsProto: object = SmsConfiguration.prototype
const ObjectProto: object = Object.prototype

/** A copy of `o` without its null fields, of prototype `proto`. */
const withoutNulls = (o: Record<string, unknown>, proto: object): Record<string, unknown> => {
  const copy = Object.create(proto) as Record<string, unknown>
  for (const key in o) {
    const value = o[key]
    if (value !== null) copy[key] = value
  }
  return copy
}

// Numbers on a page share a few dates (charge dates fall on the same days): each distinct text is read once per
// page. Timestamps are immutable values, so sharing an instance is safe. Emptied after every decode.
const timestamps = globalValue(
  Symbol.for("@effect-sinch/numbers/internal/activeNumbersPage/timestamps"),
  () => new Map<string, Timestamp.Timestamp | string>()
)

/** A response timestamp as `TimestampOrText` reads it (the text itself when it is not one), `null`, `undefined` or `miss`. */
const timestamp = (value: unknown): Timestamp.Timestamp | string | null | undefined | Miss => {
  if (value === undefined || value === null) return value
  if (typeof value !== "string") return miss
  let read = timestamps.get(value)
  if (read === undefined) {
    read = Timestamp.parse(value) ?? value
    if (timestamps.size < 1024) timestamps.set(value, read)
  }
  return read
}

/** A Money-shaped object with no other field. */
const isMoney = (value: Record<string, unknown>): boolean => {
  const { amount, currencyCode } = value
  return isStringOrMissing(amount) && isStringOrMissing(currencyCode) &&
    keyCount(value) === present(amount) + present(currencyCode)
}

const toMoney = (value: Record<string, unknown>): object =>
  value.amount === null || value.currencyCode === null
    ? withoutNulls(value, MoneyProto)
    : Object.setPrototypeOf(value, MoneyProto)

/** An SmsConfiguration-shaped object with no other field and no scheduled provisioning (rare on a page). */
const isSms = (value: Record<string, unknown>): boolean => {
  const { campaignId, scheduledProvisioning, servicePlanId } = value
  return isStringOrMissing(servicePlanId) && isStringOrMissing(campaignId) &&
    (scheduledProvisioning === undefined || scheduledProvisioning === null) &&
    keyCount(value) === present(servicePlanId) + present(campaignId) + present(scheduledProvisioning)
}

const toSms = (value: Record<string, unknown>): object =>
  value.servicePlanId === null || value.campaignId === null || value.scheduledProvisioning === null
    ? withoutNulls(value, SmsProto)
    : Object.setPrototypeOf(value, SmsProto)

/**
 * The timestamp of a voice configuration shaped as every member of the schema's union reads it (the union gives a
 * plain object), with no other field and no scheduled provisioning; `miss` otherwise.
 */
const voiceTimestamp = (value: Record<string, unknown>): Timestamp.Timestamp | string | null | undefined | Miss => {
  const { appId, lastUpdatedTime, scheduledVoiceProvisioning, serviceId, trunkId, type } = value
  if (
    !isStringOrMissing(type) || !isStringOrMissing(appId) || !isStringOrMissing(trunkId) ||
    !isStringOrMissing(serviceId) || (scheduledVoiceProvisioning !== undefined && scheduledVoiceProvisioning !== null)
  ) return miss
  const known = present(type) + present(appId) + present(trunkId) + present(serviceId) + present(lastUpdatedTime) +
    present(scheduledVoiceProvisioning)
  return keyCount(value) === known ? timestamp(lastUpdatedTime) : miss
}

const toVoice = (
  value: Record<string, unknown>,
  lastUpdatedTime: Timestamp.Timestamp | string | null | undefined
): object => {
  const voice = value.type === null || value.appId === null || value.trunkId === null || value.serviceId === null ||
      lastUpdatedTime === null || value.scheduledVoiceProvisioning === null
    ? withoutNulls(value, ObjectProto)
    : value
  if (lastUpdatedTime !== undefined && lastUpdatedTime !== null) voice.lastUpdatedTime = lastUpdatedTime
  return voice
}

/**
 * Reads one active number the way the `ActiveNumber` schema does, for the shapes a page usually holds, turning the
 * parsed object into the instance; `miss` (the object untouched) for anything else: the caller then uses the
 * schema, so the result and the errors are the schema's.
 */
const activeNumber = (input: unknown): ActiveNumber | Miss => {
  if (!isRecord(input)) return miss
  const {
    callbackUrl,
    capability,
    displayName,
    expireAt: expireAtText,
    money,
    nextChargeDate: nextChargeDateText,
    paymentIntervalMonths,
    phoneNumber,
    projectId,
    regionCode,
    smsConfiguration,
    type,
    voiceConfiguration
  } = input
  if (
    !isStringOrMissing(phoneNumber) || !isStringOrMissing(projectId) || !isStringOrMissing(displayName) ||
    !isStringOrMissing(regionCode) || !isStringOrMissing(type) || !isStringOrMissing(callbackUrl) ||
    (paymentIntervalMonths !== undefined && paymentIntervalMonths !== null &&
      !(typeof paymentIntervalMonths === "number" && Number.isFinite(paymentIntervalMonths)))
  ) return miss
  if (capability !== undefined && capability !== null) {
    if (!Array.isArray(capability)) return miss
    for (let i = 0; i < capability.length; i++) if (typeof capability[i] !== "string") return miss
  }
  const known = present(phoneNumber) + present(projectId) + present(displayName) + present(regionCode) +
    present(type) + present(capability) + present(money) + present(paymentIntervalMonths) +
    present(nextChargeDateText) + present(expireAtText) + present(smsConfiguration) + present(voiceConfiguration) +
    present(callbackUrl)
  if (keyCount(input) !== known) return miss
  // Check everything before changing anything.
  const nextChargeDate = timestamp(nextChargeDateText)
  if (nextChargeDate === miss) return miss
  const expireAt = timestamp(expireAtText)
  if (expireAt === miss) return miss
  if (money !== undefined && money !== null && !(isRecord(money) && isMoney(money))) return miss
  if (
    smsConfiguration !== undefined && smsConfiguration !== null &&
    !(isRecord(smsConfiguration) && isSms(smsConfiguration))
  ) {
    return miss
  }
  let voiceTime: Timestamp.Timestamp | string | null | undefined
  if (voiceConfiguration !== undefined && voiceConfiguration !== null) {
    if (!isRecord(voiceConfiguration)) return miss
    const read = voiceTimestamp(voiceConfiguration)
    if (read === miss) return miss
    voiceTime = read
  }
  // Now the item is exactly what the schema reads: make it the instance.
  const out: Record<string, unknown> = phoneNumber === null || projectId === null || displayName === null ||
      regionCode === null || type === null || capability === null || money === null ||
      paymentIntervalMonths === null || nextChargeDate === null || expireAt === null || smsConfiguration === null ||
      voiceConfiguration === null || callbackUrl === null
    ? withoutNulls(input, ActiveNumberProto)
    : Object.setPrototypeOf(input, ActiveNumberProto)
  if (nextChargeDate !== undefined && nextChargeDate !== null) out.nextChargeDate = nextChargeDate
  if (expireAt !== undefined && expireAt !== null) out.expireAt = expireAt
  if (money !== undefined && money !== null) out.money = toMoney(money as Record<string, unknown>)
  if (smsConfiguration !== undefined && smsConfiguration !== null) {
    out.smsConfiguration = toSms(smsConfiguration as Record<string, unknown>)
  }
  if (voiceConfiguration !== undefined && voiceConfiguration !== null) {
    out.voiceConfiguration = toVoice(voiceConfiguration as Record<string, unknown>, voiceTime)
  }
  return out as unknown as ActiveNumber
}

const noItems: ReadonlyArray<never> = []

/**
 * Decodes a `ListActiveNumbers` answer. Streaming hundreds of thousands of numbers makes the generic schema decoder
 * the bottleneck, so well-formed items are built directly (the same instances the schema builds: the equivalence is
 * tested against the schema, by property and on emulator pages and SDK fixtures); anything unusual goes through the
 * precompiled schema. Fails only when the page itself is wrong (not an object, `activeNumbers` not an array,
 * `nextPageToken` not a string, `totalSize` not a number); an item that does not decode goes to `invalid`.
 *
 * @internal
 */
export const decodeActiveNumbersPage = (json: unknown): Effect.Effect<DecodedPage, ParseResult.ParseError> => {
  let items: ReadonlyArray<unknown>
  let nextPageToken: string | null | undefined
  let totalSize: number | null | undefined
  const fast = isRecord(json) &&
    (json.activeNumbers === undefined || json.activeNumbers === null || Array.isArray(json.activeNumbers)) &&
    isStringOrMissing(json.nextPageToken) &&
    (json.totalSize === undefined || json.totalSize === null ||
      (typeof json.totalSize === "number" && Number.isFinite(json.totalSize)))
  if (fast) {
    items = Array.isArray(json.activeNumbers) ? json.activeNumbers : noItems
    nextPageToken = json.nextPageToken as string | null | undefined
    totalSize = json.totalSize as number | null | undefined
  } else {
    const envelope = decodeEnvelope(json)
    if (Either.isLeft(envelope)) return Effect.fail(envelope.left)
    ;({ activeNumbers: items, nextPageToken, totalSize } = envelope.right)
  }
  const activeNumbers: Array<ActiveNumber> = new Array(items.length)
  let decoded = 0
  let invalid: Array<InvalidItem> | undefined
  timestamps.clear()
  for (let i = 0; i < items.length; i++) {
    const item = items[i]
    const fastItem = activeNumber(item)
    if (fastItem !== miss) {
      activeNumbers[decoded++] = fastItem
      continue
    }
    const slow = decodeItem(item)
    if (Either.isRight(slow)) activeNumbers[decoded++] = slow.right
    else (invalid ??= []).push({ index: i, item, error: slow.left })
  }
  timestamps.clear()
  activeNumbers.length = decoded
  return Effect.succeed({
    activeNumbers,
    invalid: invalid ?? noItems,
    ...(nextPageToken === undefined || nextPageToken === null ? {} : { nextPageToken }),
    ...(totalSize === undefined || totalSize === null ? {} : { totalSize })
  })
}

/**
 * Decodes one active number (`getActiveNumber`, `updateActiveNumber`, `rentNumber`, …) as `decodeActiveNumbersPage`
 * decodes a page's items: built directly when well-formed, else by the schema, which also gives the errors.
 *
 * @internal
 */
export const decodeActiveNumber = (json: unknown): Effect.Effect<ActiveNumber, ParseResult.ParseError> => {
  const fast = activeNumber(json)
  timestamps.clear()
  return fast === miss ? decodeItemEffect(json) : Effect.succeed(fast)
}
