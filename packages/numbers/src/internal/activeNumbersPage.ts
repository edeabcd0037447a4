/** @internal */
import { ActiveNumber, ListActiveNumbersResponse } from "@effect-sinch/core/ActiveNumber"
import { Money } from "@effect-sinch/core/Money"
import { SmsConfiguration } from "@effect-sinch/core/SmsConfiguration"
import * as Timestamp from "@effect-sinch/core/Timestamp"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * A page of active numbers as the pipeline needs it.
 */
export interface DecodedPage {
  readonly activeNumbers: ReadonlyArray<ActiveNumber>
  readonly nextPageToken?: string | undefined
  readonly totalSize?: number | undefined
}

const decodeResponse = Schema.decodeUnknown(ListActiveNumbersResponse)
const decodeItem = Schema.decodeUnknownEither(ActiveNumber)
const decodeItemEffect = Schema.decodeUnknown(ActiveNumber)

// Marks a value the fast path does not handle: the item then goes through the schema.
const miss: unique symbol = Symbol("miss")
type Miss = typeof miss

const decimal = /^-?\d+(\.\d+)?$/

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

// The decoded page reuses the objects JSON.parse made: once an item is known to be exactly what the schema reads
// (right types, no field the schema would drop), its timestamps are swapped in and it is given the class's
// prototype. That is what `Schema.Class` builds (`Data.Class` assigns the fields to an object of the prototype),
// without a copy of every object: allocation and garbage collection dominated the decoding of large pages.
const ActiveNumberProto: object = ActiveNumber.prototype
const MoneyProto: object = Money.prototype
const SmsProto: object = SmsConfiguration.prototype

// Numbers on a page share a few dates (charge dates fall on the same days): each distinct text is parsed once per
// page. Timestamps are immutable values, so sharing an instance is safe.
let timestamps = new Map<string, Timestamp.Timestamp>()

/** A timestamp, `null`, `undefined` (absent) or `miss`. */
const timestamp = (value: unknown): Timestamp.Timestamp | null | undefined | Miss => {
  if (value === undefined || value === null) return value
  if (typeof value !== "string") return miss
  let parsed = timestamps.get(value)
  if (parsed === undefined) {
    parsed = Timestamp.parse(value)
    if (parsed === undefined) return miss
    if (timestamps.size < 1024) timestamps.set(value, parsed)
  }
  return parsed
}

const isOptionalString = (u: unknown): u is string | undefined => u === undefined || typeof u === "string"

/** How many own enumerable keys an object has, without allocating. */
const keyCount = (o: object): number => {
  let n = 0
  for (const _ in o) n++
  return n
}

const present = (u: unknown) => u === undefined ? 0 : 1

/** `null`, or a Money-shaped object with no other field; `miss` otherwise. */
const checkMoney = (value: unknown): Record<string, unknown> | null | Miss => {
  if (value === null) return null
  if (!isRecord(value)) return miss
  const { amount, currencyCode } = value
  if (typeof currencyCode !== "string" || typeof amount !== "string" || !decimal.test(amount)) return miss
  return keyCount(value) === 2 ? value : miss
}

const checkSms = (value: unknown): Record<string, unknown> | null | Miss => {
  if (value === null) return null
  if (!isRecord(value)) return miss
  const { campaignId, scheduledProvisioning, servicePlanId } = value
  if (!isOptionalString(servicePlanId) || !isOptionalString(campaignId)) return miss
  // A provisioning in progress is rare on a page: the schema reads it.
  if (scheduledProvisioning !== undefined && scheduledProvisioning !== null) return miss
  const known = present(servicePlanId) + present(campaignId) + present(scheduledProvisioning)
  return keyCount(value) === known ? value : miss
}

/** A voice configuration as the schema's union gives it (a plain object), with its timestamp read. */
const checkVoice = (
  value: unknown
):
  | { readonly value: Record<string, unknown>; readonly lastUpdatedTime: Timestamp.Timestamp | null | undefined }
  | null
  | Miss =>
{
  if (value === null) return null
  if (!isRecord(value)) return miss
  const { appId, scheduledVoiceProvisioning, serviceId, trunkId, type } = value
  if (
    !isOptionalString(type) || !isOptionalString(appId) || !isOptionalString(trunkId) ||
    !isOptionalString(serviceId)
  ) return miss
  if (scheduledVoiceProvisioning !== undefined && scheduledVoiceProvisioning !== null) return miss
  const lastUpdatedTime = timestamp(value.lastUpdatedTime)
  if (lastUpdatedTime === miss) return miss
  const known = present(type) + present(appId) + present(trunkId) + present(serviceId) +
    present(value.lastUpdatedTime) + present(scheduledVoiceProvisioning)
  return keyCount(value) === known ? { value, lastUpdatedTime } : miss
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
    money,
    paymentIntervalMonths,
    phoneNumber,
    projectId,
    regionCode,
    smsConfiguration,
    type,
    voiceConfiguration
  } = input
  if (
    typeof phoneNumber !== "string" || !isOptionalString(projectId) || !isOptionalString(displayName) ||
    !isOptionalString(regionCode) || !isOptionalString(type) || !isOptionalString(callbackUrl) ||
    (paymentIntervalMonths !== undefined && typeof paymentIntervalMonths !== "number")
  ) return miss
  if (capability !== undefined) {
    if (!Array.isArray(capability)) return miss
    for (let i = 0; i < capability.length; i++) if (typeof capability[i] !== "string") return miss
  }
  // Check everything before changing anything.
  const nextChargeDate = timestamp(input.nextChargeDate)
  if (nextChargeDate === miss) return miss
  const expireAt = timestamp(input.expireAt)
  if (expireAt === miss) return miss
  const m = money === undefined ? undefined : checkMoney(money)
  if (m === miss) return miss
  const s = smsConfiguration === undefined ? undefined : checkSms(smsConfiguration)
  if (s === miss) return miss
  const v = voiceConfiguration === undefined ? undefined : checkVoice(voiceConfiguration)
  if (v === miss) return miss
  const known = 1 + present(projectId) + present(displayName) + present(regionCode) + present(type) +
    present(capability) + present(money) + present(paymentIntervalMonths) + present(input.nextChargeDate) +
    present(input.expireAt) + present(smsConfiguration) + present(voiceConfiguration) + present(callbackUrl)
  if (keyCount(input) !== known) return miss
  // Now the item is exactly what the schema reads: make it the instance.
  if (nextChargeDate !== undefined) input.nextChargeDate = nextChargeDate
  if (expireAt !== undefined) input.expireAt = expireAt
  if (m !== undefined && m !== null) Object.setPrototypeOf(m, MoneyProto)
  if (s !== undefined && s !== null) Object.setPrototypeOf(s, SmsProto)
  if (v !== undefined && v !== null && v.lastUpdatedTime !== undefined) v.value.lastUpdatedTime = v.lastUpdatedTime
  return Object.setPrototypeOf(input, ActiveNumberProto)
}

/**
 * Decodes a `ListActiveNumbers` answer. Streaming hundreds of thousands of numbers makes the generic schema decoder
 * the bottleneck, so well-formed items are built directly (the same instances the schema builds: the equivalence is
 * tested against the schema on emulator pages and SDK fixtures); anything unusual goes through the precompiled
 * schema, which also gives the errors.
 */
export const decodeActiveNumbersPage = (json: unknown): Effect.Effect<DecodedPage, ParseResult.ParseError> => {
  if (!isRecord(json)) return decodeResponse(json)
  const { activeNumbers: items, nextPageToken, totalSize } = json
  if (
    (nextPageToken !== undefined && typeof nextPageToken !== "string") ||
    (totalSize !== undefined && typeof totalSize !== "number") ||
    (items !== undefined && !Array.isArray(items))
  ) return decodeResponse(json)
  const activeNumbers: Array<ActiveNumber> = items === undefined ? [] : new Array(items.length)
  timestamps = new Map()
  if (items !== undefined) {
    for (let i = 0; i < items.length; i++) {
      const fast = activeNumber(items[i])
      if (fast !== miss) {
        activeNumbers[i] = fast
        continue
      }
      const slow = decodeItem(items[i])
      if (Either.isLeft(slow)) {
        // The items before it may have been turned into instances already: the error points at this one.
        timestamps = new Map()
        return Effect.fail(
          new ParseResult.ParseError({ issue: new ParseResult.Pointer(["activeNumbers", i], json, slow.left.issue) })
        )
      }
      activeNumbers[i] = slow.right
    }
  }
  timestamps = new Map()
  return Effect.succeed({
    activeNumbers,
    ...(nextPageToken === undefined ? {} : { nextPageToken }),
    ...(totalSize === undefined ? {} : { totalSize })
  })
}

/**
 * Decodes one active number (`getActiveNumber`, `updateActiveNumber`, `rentNumber`, …) as `decodeActiveNumbersPage`
 * decodes a page's items: built directly when well-formed, else by the schema, which also gives the errors.
 */
export const decodeActiveNumber = (json: unknown): Effect.Effect<ActiveNumber, ParseResult.ParseError> => {
  const fast = activeNumber(json)
  return fast === miss ? decodeItemEffect(json) : Effect.succeed(fast)
}
