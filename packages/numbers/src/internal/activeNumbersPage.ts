/** @internal */
import { ActiveNumber, ListActiveNumbersResponse } from "@effect-sinch/core/ActiveNumber"
import { Money } from "@effect-sinch/core/Money"
import { SmsConfiguration } from "@effect-sinch/core/SmsConfiguration"
import * as Timestamp from "@effect-sinch/core/Timestamp"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
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
const decodeActiveNumber = Schema.decodeUnknownEither(ActiveNumber)

// Marks a value the fast path does not handle: the item then goes through the schema.
const miss: unique symbol = Symbol("miss")
type Miss = typeof miss

const decimal = /^-?\d+(\.\d+)?$/

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

// Instances are made the way `Schema.Class` makes them once it skips validation (`Data.Class` assigns the fields
// to an object of the class's prototype), without its per-call defaults merge, which dominated the decoding.
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

const money = (value: unknown): Money | null | Miss => {
  if (value === null) return null
  if (!isRecord(value)) return miss
  const { amount, currencyCode } = value
  if (typeof currencyCode !== "string" || typeof amount !== "string" || !decimal.test(amount)) return miss
  const out = Object.create(MoneyProto)
  out.currencyCode = currencyCode
  out.amount = amount
  return out
}

const sms = (value: unknown): SmsConfiguration | null | Miss => {
  if (value === null) return null
  if (!isRecord(value)) return miss
  const { campaignId, scheduledProvisioning, servicePlanId } = value
  // A provisioning in progress is rare on a page: the schema reads it.
  if (!isOptionalString(servicePlanId) || !isOptionalString(campaignId)) return miss
  if (scheduledProvisioning !== undefined && scheduledProvisioning !== null) return miss
  const out = Object.create(SmsProto)
  if (servicePlanId !== undefined) out.servicePlanId = servicePlanId
  if (campaignId !== undefined) out.campaignId = campaignId
  if (scheduledProvisioning === null) out.scheduledProvisioning = null
  return out
}

const voice = (value: unknown): Record<string, unknown> | null | Miss => {
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
  const out: Record<string, unknown> = {}
  if (type !== undefined) out.type = type
  if (appId !== undefined) out.appId = appId
  if (trunkId !== undefined) out.trunkId = trunkId
  if (serviceId !== undefined) out.serviceId = serviceId
  if (lastUpdatedTime !== undefined) out.lastUpdatedTime = lastUpdatedTime
  if (scheduledVoiceProvisioning === null) out.scheduledVoiceProvisioning = null
  return out
}

/**
 * Reads one active number the way the `ActiveNumber` schema does, for the shapes a page usually holds; `miss` for
 * anything else (the caller then uses the schema, so the result and the errors are the schema's).
 */
const activeNumber = (input: unknown): ActiveNumber | Miss => {
  if (!isRecord(input)) return miss
  const {
    callbackUrl,
    capability,
    displayName,
    paymentIntervalMonths,
    phoneNumber,
    projectId,
    regionCode,
    type
  } = input
  if (
    typeof phoneNumber !== "string" || !isOptionalString(projectId) || !isOptionalString(displayName) ||
    !isOptionalString(regionCode) || !isOptionalString(type) || !isOptionalString(callbackUrl) ||
    (paymentIntervalMonths !== undefined && typeof paymentIntervalMonths !== "number")
  ) return miss
  let capabilities: Array<string> | undefined
  if (capability !== undefined) {
    if (!Array.isArray(capability)) return miss
    for (let i = 0; i < capability.length; i++) if (typeof capability[i] !== "string") return miss
    capabilities = capability.slice()
  }
  const nextChargeDate = timestamp(input.nextChargeDate)
  if (nextChargeDate === miss) return miss
  const expireAt = timestamp(input.expireAt)
  if (expireAt === miss) return miss
  const m = input.money === undefined ? undefined : money(input.money)
  if (m === miss) return miss
  const s = input.smsConfiguration === undefined ? undefined : sms(input.smsConfiguration)
  if (s === miss) return miss
  const v = input.voiceConfiguration === undefined ? undefined : voice(input.voiceConfiguration)
  if (v === miss) return miss
  // Fields in the schema's order, absent ones left out, as decoding gives them.
  const out = Object.create(ActiveNumberProto)
  out.phoneNumber = phoneNumber
  if (projectId !== undefined) out.projectId = projectId
  if (displayName !== undefined) out.displayName = displayName
  if (regionCode !== undefined) out.regionCode = regionCode
  if (type !== undefined) out.type = type
  if (capabilities !== undefined) out.capability = capabilities
  if (m !== undefined) out.money = m
  if (paymentIntervalMonths !== undefined) out.paymentIntervalMonths = paymentIntervalMonths
  if (nextChargeDate !== undefined) out.nextChargeDate = nextChargeDate
  if (expireAt !== undefined) out.expireAt = expireAt
  if (s !== undefined) out.smsConfiguration = s
  if (v !== undefined) out.voiceConfiguration = v
  if (callbackUrl !== undefined) out.callbackUrl = callbackUrl
  return out
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
      const slow = decodeActiveNumber(items[i])
      // A wrong item: the whole answer through the schema, for an error with the item's path.
      if (Either.isLeft(slow)) return decodeResponse(json)
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
