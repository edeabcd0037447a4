/** @internal */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { Ctx, Handler } from "./context.js"
import { maxItemsPerAnswer } from "./context.js"
import { eventTimestamp } from "./events.js"
import * as Inventory from "./inventory.js"
import * as PageToken from "./pageToken.js"
import { decodeBody, noContent, ok, RawJson } from "./protocol.js"
import { decodeQuery } from "./query.js"
import * as Spec from "./spec.js"
import type { ActiveRecord, Store, VoiceType } from "./store.js"
import { iso } from "./store.js"
import type {
  AvailableRegionWire,
  CallbackConfigurationWire,
  EmergencyAddressWire,
  ErrorResponse,
  FieldViolation,
  ValidateAddressWire
} from "./wire.js"
import { invalidArgument, notFound } from "./wire.js"

// ---------------------------------------------------------------------------------------------------------------
// parameters

const filterOf = (
  criteria: {
    readonly regionCode?: string | undefined
    readonly type?: Inventory.NumberType | undefined
    readonly pattern?: string | undefined
    readonly searchPattern?: Inventory.SearchPattern | undefined
    readonly capabilities?: ReadonlyArray<Inventory.Capability> | undefined
  }
): Inventory.Filter => ({ ...criteria, pattern: criteria.pattern?.replace(/^\+/, "") })

const isPhoneNumber = Schema.is(Spec.PhoneNumber)

/** A phone number in a path: E.164 only, as the document says of every phone number it accepts. */
const phoneParam = (raw: string): Effect.Effect<string, ErrorResponse> =>
  isPhoneNumber(raw) ? Effect.succeed(raw) : Effect.fail(invalidArgument([{
    field: "phoneNumber",
    description: `${JSON.stringify(raw)} is not a phone number in E.164 format (a "+" then up to 15 digits)`
  }]))

/** The active number, as a record that may be changed (`mutable`: kept as an override from now on) or only read. */
const activeOr404 = (
  store: Store,
  raw: string,
  now: number,
  mutable = true
): Effect.Effect<ActiveRecord, ErrorResponse> =>
  Effect.flatMap(phoneParam(raw), (phone) => {
    const record = mutable ? store.mutableActive(phone, now) : store.getActive(phone, now)
    return record === undefined ? Effect.fail(notFound("ActiveNumber", phone)) : Effect.succeed(record)
  })

/** What one answer holds: the default for 0 or nothing, and never more than the emulator's cap. */
const itemsFor = (asked: number | undefined, fallback: number): number =>
  Math.min(asked === undefined || asked === 0 ? fallback : asked, maxItemsPerAnswer)

// ---------------------------------------------------------------------------------------------------------------
// provisioning

const failing = (id: string | undefined) => id !== undefined && /^fail/i.test(id)

const activeNumberEvent = (
  ctx: Ctx,
  phone: string,
  now: number,
  eventType: string,
  status: "SUCCEEDED" | "FAILED",
  failureCode: string | null
) =>
  Effect.map(ctx.nextEventId, (eventId) => ({
    eventId,
    timestamp: eventTimestamp(now),
    projectId: ctx.config.projectId,
    resourceId: phone,
    resourceType: "ACTIVE_NUMBER",
    eventType,
    status,
    // real Sinch events carry these as null when they do not apply
    failureCode,
    internalFailureCode: status === "FAILED" ? "EMU0001" : null
  }))

/** The record as the store holds it now, if the store still holds this very record. */
const current = (store: Store, record: ActiveRecord): ActiveRecord | undefined => {
  const now = store.overrides.get(record.phoneNumber)
  return now === record ? now : undefined
}

/** An SMS configuration to apply: `""` unlinks. */
interface SmsTarget {
  readonly servicePlanId: string
  readonly campaignId?: string | undefined
}

/** A voice configuration to apply: the id of its type, `""` to unlink. */
interface VoiceTarget {
  readonly type: VoiceType
  readonly id: string
}

/** An event a provisioning change fires: its type, its status and a failure code. */
type PlatformEvent = readonly [eventType: string, status: "SUCCEEDED" | "FAILED", failureCode: string | null]

/**
 * After the provisioning delay, applies a scheduled change to the number if it is still there and the change still
 * its latest (`apply` answers no event otherwise), then posts each event the change fired to its callback URL.
 */
const provisionLater = (
  ctx: Ctx,
  store: Store,
  record: ActiveRecord,
  apply: (live: ActiveRecord, at: number) => ReadonlyArray<PlatformEvent>
): Effect.Effect<void> =>
  ctx.schedule(
    ctx.config.provisioningDelayMillis,
    Effect.gen(function*() {
      const at = yield* ctx.now
      const live = current(store, record)
      if (live === undefined) return
      for (const [eventType, status, failureCode] of apply(live, at)) {
        const event = yield* activeNumberEvent(ctx, live.phoneNumber, at, eventType, status, failureCode)
        yield* ctx.emit(live.callbackUrl, event)
      }
    })
  )

/**
 * Schedules an SMS configuration change: it shows as `scheduledProvisioning` (WAITING) now and is applied after the
 * provisioning delay, with an event for each platform change. A plan or campaign id starting with "fail" fails.
 *
 * @internal
 */
export const scheduleSms = (
  ctx: Ctx,
  store: Store,
  record: ActiveRecord,
  target: SmsTarget,
  now: number
): Effect.Effect<void> =>
  Effect.suspend(() => {
    const sms = record.sms!
    const job = ++record.smsJob
    sms.scheduled = {
      servicePlanId: target.servicePlanId,
      campaignId: target.campaignId ?? sms.campaignId,
      status: "WAITING",
      lastUpdatedTime: iso(now),
      errorCodes: []
    }
    return provisionLater(ctx, store, record, (live, at) => {
      if (live.smsJob !== job || live.sms?.scheduled == null) return []
      const scheduled = live.sms.scheduled
      const liveSms = live.sms
      const planFails = failing(scheduled.servicePlanId)
      const campaignFails = failing(scheduled.campaignId)
      const events: Array<PlatformEvent> = []
      if (scheduled.servicePlanId !== liveSms.servicePlanId || planFails) {
        events.push([
          scheduled.servicePlanId === "" ? "DEPROVISIONING_FROM_SMS_PLATFORM" : "PROVISIONING_TO_SMS_PLATFORM",
          planFails ? "FAILED" : "SUCCEEDED",
          null
        ])
      }
      if (!planFails && (scheduled.campaignId !== liveSms.campaignId || campaignFails)) {
        events.push([
          scheduled.campaignId === "" ? "DEPROVISIONING_FROM_CAMPAIGN" : "PROVISIONING_TO_CAMPAIGN",
          campaignFails ? "FAILED" : "SUCCEEDED",
          campaignFails ? "CAMPAIGN_NOT_AVAILABLE" : null
        ])
      }
      if (planFails || campaignFails) {
        liveSms.scheduled = {
          ...scheduled,
          status: "FAILED",
          lastUpdatedTime: iso(at),
          errorCodes: [planFails ? "SMS_PROVISIONING_FAILED" : "CAMPAIGN_NOT_AVAILABLE"]
        }
        if (!planFails) liveSms.servicePlanId = scheduled.servicePlanId
      } else {
        liveSms.servicePlanId = scheduled.servicePlanId
        liveSms.campaignId = scheduled.campaignId
        liveSms.scheduled = null
      }
      return events
    })
  })

/**
 * Schedules a voice configuration change, the same way as {@link scheduleSms}.
 *
 * @internal
 */
export const scheduleVoice = (
  ctx: Ctx,
  store: Store,
  record: ActiveRecord,
  target: VoiceTarget,
  now: number
): Effect.Effect<void> =>
  Effect.suspend(() => {
    const job = ++record.voiceJob
    record.voice!.scheduled = {
      type: target.type,
      appId: target.type === "RTC" ? target.id : "",
      trunkId: target.type === "EST" ? target.id : "",
      serviceId: target.type === "FAX" ? target.id : "",
      status: "WAITING",
      lastUpdatedTime: iso(now)
    }
    return provisionLater(ctx, store, record, (live, at) => {
      if (live.voiceJob !== job || live.voice?.scheduled == null) return []
      const scheduled = live.voice.scheduled
      const voice = live.voice
      const id = scheduled.appId || scheduled.trunkId || scheduled.serviceId
      const fails = failing(id)
      if (fails) {
        voice.scheduled = { ...scheduled, status: "FAILED", lastUpdatedTime: iso(at) }
      } else {
        voice.type = scheduled.type
        voice.appId = scheduled.appId
        voice.trunkId = scheduled.trunkId
        voice.serviceId = scheduled.serviceId
        voice.lastUpdatedTime = iso(at)
        voice.scheduled = null
      }
      return [[
        id === "" ? "DEPROVISIONING_FROM_VOICE_PLATFORM" : "PROVISIONING_TO_VOICE_PLATFORM",
        fails ? "FAILED" : "SUCCEEDED",
        null
      ]]
    })
  })

const checkConfigurable = (
  record: ActiveRecord,
  sms: SmsTarget | undefined,
  voice: VoiceTarget | undefined
): Effect.Effect<void, ErrorResponse> => {
  const violations: Array<FieldViolation> = []
  if (sms !== undefined) {
    if (record.sms === null) {
      violations.push({ field: "smsConfiguration", description: `${record.phoneNumber} has no SMS capability` })
    } else if (
      sms.servicePlanId !== "" && record.sms.servicePlanId !== "" && sms.servicePlanId !== record.sms.servicePlanId
    ) {
      violations.push({
        field: "smsConfiguration.servicePlanId",
        description:
          `The number is linked to service plan ${record.sms.servicePlanId}: unlink it (servicePlanId "") before linking it to another`
      })
    }
  }
  if (voice !== undefined && record.voice === null) {
    violations.push({ field: "voiceConfiguration", description: `${record.phoneNumber} has no VOICE capability` })
  }
  return violations.length === 0 ? Effect.void : Effect.fail(invalidArgument(violations))
}

/** Applies a rent-style configuration to a freshly activated number. @internal */
export const configure = (
  ctx: Ctx,
  store: Store,
  record: ActiveRecord,
  request: {
    readonly smsConfiguration?: SmsTarget | undefined
    readonly voiceConfiguration?: VoiceTarget | undefined
    readonly callbackUrl?: string | undefined
  },
  now: number
): Effect.Effect<void> =>
  Effect.gen(function*() {
    if (request.callbackUrl !== undefined) record.callbackUrl = request.callbackUrl
    if (request.smsConfiguration !== undefined && record.sms !== null) {
      yield* scheduleSms(ctx, store, record, request.smsConfiguration, now)
    }
    if (request.voiceConfiguration !== undefined && record.voice !== null) {
      yield* scheduleVoice(ctx, store, record, request.voiceConfiguration, now)
    }
  })

// ---------------------------------------------------------------------------------------------------------------
// available numbers

/** @internal */
export const listAvailableNumbers: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const query = yield* decodeQuery(ctx, request.url.searchParams, Spec.ListAvailableNumbersQuery)
    const store = ctx.store
    const filter = filterOf({
      regionCode: query.regionCode,
      type: query.type,
      pattern: query["numberPattern.pattern"],
      searchPattern: query["numberPattern.searchPattern"],
      capabilities: query.capabilities
    })
    return ok({ availableNumbers: store.searchAvailable(filter, itemsFor(query.size, 100)) })
  })

/** @internal */
export const getAvailableNumber: Handler = (ctx, _request, [raw]) =>
  Effect.gen(function*() {
    const phone = yield* phoneParam(raw!)
    const store = ctx.store
    const found = store.getAvailable(phone)
    if (found === undefined) return yield* notFound("AvailableNumber", phone)
    return ok(store.availableWire(found.block, found.k))
  })

const onlyUsLocal = (regionCode: string, type: string, field: string) =>
  regionCode === "US" && type === "LOCAL" ? Effect.void : Effect.fail(invalidArgument([{
    field,
    description:
      `Only US LOCAL numbers can be activated with this endpoint (got ${regionCode} ${type}); use a number order`
  }]))

const capabilityViolations = (
  found: { block: Inventory.Block; k: number },
  body: { readonly smsConfiguration?: unknown; readonly voiceConfiguration?: unknown }
): Array<FieldViolation> => {
  const caps = Inventory.capabilities(found.block, found.k)
  const violations: Array<FieldViolation> = []
  if (body.smsConfiguration !== undefined && !caps.includes("SMS")) {
    violations.push({ field: "smsConfiguration", description: "The number has no SMS capability" })
  }
  if (body.voiceConfiguration !== undefined && !caps.includes("VOICE")) {
    violations.push({ field: "voiceConfiguration", description: "The number has no VOICE capability" })
  }
  return violations
}

const rentConfiguration = (
  body: {
    readonly smsConfiguration?: SmsTarget
    readonly voiceConfiguration?: typeof Spec.VoiceConfiguration.Type
    readonly callbackUrl?: string
  }
) => ({
  smsConfiguration: body.smsConfiguration,
  voiceConfiguration: body.voiceConfiguration === undefined ? undefined : Spec.voiceTarget(body.voiceConfiguration),
  callbackUrl: body.callbackUrl
})

// A rented number becomes active now, with the configuration the rent asked for.
const activate = (
  ctx: Ctx,
  found: { readonly block: Inventory.Block; readonly k: number },
  configuration: ReturnType<typeof rentConfiguration>
) =>
  Effect.gen(function*() {
    const now = yield* ctx.now
    const record = ctx.store.activate(found.block, found.k, now)
    yield* configure(ctx, ctx.store, record, configuration, now)
    return ok(ctx.store.toWire(record))
  })

/** @internal */
export const rentNumber: Handler = (ctx, request, [raw]) =>
  Effect.gen(function*() {
    const phone = yield* phoneParam(raw!)
    const body = yield* decodeBody(Spec.RentNumberRequest, request, true)
    const store = ctx.store
    const found = store.getAvailable(phone)
    if (found === undefined) return yield* notFound("AvailableNumber", phone)
    yield* onlyUsLocal(found.block.regionCode, found.block.type, "phoneNumber")
    const violations = capabilityViolations(found, body)
    if (violations.length > 0) return yield* invalidArgument(violations)
    return yield* activate(ctx, found, rentConfiguration(body))
  })

/** @internal */
export const rentAnyNumber: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const body = yield* decodeBody(Spec.RentAnyNumberRequest, request, true)
    if (body.regionCode !== "US" || body.type !== "LOCAL") {
      const violations: Array<FieldViolation> = []
      if (body.regionCode !== "US") {
        violations.push({ field: "regionCode", description: "Only US is supported by rentAny; use a number order" })
      }
      if (body.type !== "LOCAL") {
        violations.push({ field: "type", description: "Only LOCAL is supported by rentAny; use a number order" })
      }
      return yield* invalidArgument(violations)
    }
    const wanted = [...(body.capabilities ?? [])]
    if (body.smsConfiguration !== undefined && !wanted.includes("SMS")) wanted.push("SMS")
    if (body.voiceConfiguration !== undefined && !wanted.includes("VOICE")) wanted.push("VOICE")
    const store = ctx.store
    const [found] = store.findAvailable(
      filterOf({
        regionCode: body.regionCode,
        type: body.type,
        pattern: body.numberPattern?.pattern,
        searchPattern: body.numberPattern?.searchPattern,
        capabilities: wanted
      }),
      1
    )
    if (found === undefined) return yield* notFound("AvailableNumber", "", "No available number matches the criteria")
    return yield* activate(ctx, found, rentConfiguration(body))
  })

// ---------------------------------------------------------------------------------------------------------------
// active numbers

/** @internal */
export const listActiveNumbers: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const query = yield* decodeQuery(ctx, request.url.searchParams, Spec.ListActiveNumbersQuery)
    const orderBy = query.orderBy ?? "phoneNumber"
    let cursor: PageToken.Cursor | undefined
    if (query.pageToken !== undefined) {
      cursor = PageToken.decode(query.pageToken)
      if (cursor === undefined) {
        return yield* invalidArgument([{
          field: "pageToken",
          description: "Invalid page token: pass back the nextPageToken of the previous page, URL-encoded"
        }])
      }
      if (cursor.orderBy !== orderBy) {
        return yield* invalidArgument([{
          field: "pageToken",
          description: `The page token was issued for orderBy=${cursor.orderBy}, not orderBy=${orderBy}`
        }])
      }
    }
    const now = yield* ctx.now
    const store = ctx.store
    const filter = filterOf({
      regionCode: query.regionCode,
      type: query.type,
      pattern: query["numberPattern.pattern"],
      searchPattern: query["numberPattern.searchPattern"],
      capabilities: query.capability
    })
    const pageSize = itemsFor(query.pageSize, ctx.config.defaultPageSize)
    const page = store.listActive(filter, orderBy, cursor, pageSize, now)
    // serialized by hand: a 1,000-number page is most of the emulator's work
    const nextPageToken = page.next === undefined ? "" : PageToken.encode(page.next)
    return ok(
      new RawJson(
        `{"activeNumbers":[${page.items.map((item) => store.activeJson(item)).join(",")}],"nextPageToken":${
          JSON.stringify(nextPageToken)
        },"totalSize":${store.countActive(filter, now)}}`
      )
    )
  })

/** @internal */
export const getActiveNumber: Handler = (ctx, _request, [raw]) =>
  Effect.gen(function*() {
    const store = ctx.store
    const record = yield* activeOr404(store, raw!, yield* ctx.now, false)
    return ok(store.toWire(record))
  })

/**
 * Updates what the request names; a null clears it: no display name, no callback URL, and an SMS configuration,
 * campaign or voice configuration of null unlinks the number from it (scheduled like any other change).
 *
 * @internal
 */
export const updateActiveNumber: Handler = (ctx, request, [raw]) =>
  Effect.gen(function*() {
    const phone = yield* phoneParam(raw!)
    const body = yield* decodeBody(Spec.ActiveNumberRequest, request)
    const now = yield* ctx.now
    const store = ctx.store
    const record = yield* activeOr404(store, phone, now)
    const sms: SmsTarget | undefined = body.smsConfiguration === undefined
      ? undefined
      : body.smsConfiguration === null
      ? (record.sms === null ? undefined : { servicePlanId: "", campaignId: "" })
      : {
        servicePlanId: body.smsConfiguration.servicePlanId,
        campaignId: body.smsConfiguration.campaignId === null ? "" : body.smsConfiguration.campaignId
      }
    const voice: VoiceTarget | undefined = body.voiceConfiguration === undefined
      ? undefined
      : body.voiceConfiguration === null
      ? (record.voice === null ? undefined : { type: record.voice.type, id: "" })
      : Spec.voiceTarget(body.voiceConfiguration)
    yield* checkConfigurable(record, sms, voice)
    if (body.displayName !== undefined) record.displayName = body.displayName ?? ""
    if (body.callbackUrl !== undefined) record.callbackUrl = body.callbackUrl ?? ""
    if (sms !== undefined) yield* scheduleSms(ctx, store, record, sms, now)
    if (voice !== undefined) yield* scheduleVoice(ctx, store, record, voice, now)
    return ok(store.toWire(record))
  })

/** @internal */
export const releaseNumber: Handler = (ctx, _request, [raw]) =>
  Effect.gen(function*() {
    const now = yield* ctx.now
    const store = ctx.store
    const record = yield* activeOr404(store, raw!, now)
    if (record.expireAt === null) {
      // the number stays until the end of the period already paid for
      record.expireAt = record.nextChargeDate
      record.expireAtMillis = Date.parse(record.nextChargeDate)
    }
    return ok(store.toWire(record))
  })

// ---------------------------------------------------------------------------------------------------------------
// emergency addresses

const onlyUs = (record: ActiveRecord) =>
  record.block.regionCode === "US" ? Effect.void : Effect.fail(invalidArgument([{
    field: "phoneNumber",
    description:
      `Emergency addresses are only supported for US numbers; ${record.phoneNumber} is ${record.block.regionCode}`
  }]))

const noEmergencyAddress = (record: ActiveRecord) =>
  notFound("EmergencyAddress", record.phoneNumber, "No emergency address is provisioned for this number")

/** @internal */
export const getEmergencyAddress: Handler = (ctx, _request, [raw]) =>
  Effect.gen(function*() {
    const record = yield* activeOr404(ctx.store, raw!, yield* ctx.now, false)
    if (record.emergencyAddress === null) return yield* noEmergencyAddress(record)
    return ok(record.emergencyAddress)
  })

type AddressRequest = typeof Spec.EmergencyAddressRequest.Type

const addressWire = (address: AddressRequest["address"]): EmergencyAddressWire => ({
  streetNumber: address.streetNumber,
  streetInfo: address.streetInfo,
  ...(address.location === undefined ? {} : { location: address.location }),
  city: address.city,
  state: address.state,
  postalCode: address.postalCode,
  ...(address.postalCodePlusFour === undefined ? {} : { postalCodePlusFour: address.postalCodePlusFour })
})

/** @internal */
export const provisionEmergencyAddress: Handler = (ctx, request, [raw]) =>
  Effect.gen(function*() {
    const body = yield* decodeBody(Spec.EmergencyAddressRequest, request)
    const record = yield* activeOr404(ctx.store, raw!, yield* ctx.now)
    yield* onlyUs(record)
    if (validate(record.phoneNumber, body).validationResult === "NO_MATCH") {
      return yield* invalidArgument([{
        field: "address",
        description: "The address could not be validated; call emergencyAddress:validate for candidates"
      }])
    }
    record.emergencyAddress = addressWire(body.address)
    record.emergencyDisplayName = body.displayName
    return ok(record.emergencyAddress)
  })

/** The document gives a successful deprovisioning no content: an empty 200. @internal */
export const deprovisionEmergencyAddress: Handler = (ctx, _request, [raw]) =>
  Effect.gen(function*() {
    const record = yield* activeOr404(ctx.store, raw!, yield* ctx.now)
    if (record.emergencyAddress === null) return yield* noEmergencyAddress(record)
    record.emergencyAddress = null
    record.emergencyDisplayName = ""
    return noContent
  })

const abbreviations: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bStreet\b/i, "St"],
  [/\bAvenue\b/i, "Ave"],
  [/\bRoad\b/i, "Rd"],
  [/\bBoulevard\b/i, "Blvd"]
]

/**
 * A deterministic address check: a 5-digit postal code and a 2-letter state match exactly, a long street suffix
 * ("Street") is a near match corrected to its abbreviation, anything else does not match.
 */
const validate = (phone: string, request: AddressRequest): ValidateAddressWire => {
  const address = addressWire(request.address)
  const base = { phoneNumber: phone, displayName: request.displayName, validatedAddress: address }
  if (!/^\d{5}$/.test(request.address.postalCode) || !/^[A-Z]{2}$/.test(request.address.state)) {
    const state = request.address.state.slice(0, 2).toUpperCase() || "IL"
    return {
      ...base,
      validationResult: "NO_MATCH",
      validationMessage: "Address doesn't match any known address",
      correctedAddress: {},
      candidateAddresses: [{ ...address, state, postalCode: "62701" }, { ...address, state, postalCode: "62702" }]
    }
  }
  const corrected = abbreviations.reduce(
    (street, [pattern, short]) => street.replace(pattern, short),
    request.address.streetInfo
  )
  if (corrected !== request.address.streetInfo) {
    return {
      ...base,
      validationResult: "NEAR_MATCH",
      validationMessage: "Address is a near match",
      correctedAddress: { ...address, streetInfo: corrected },
      candidateAddresses: []
    }
  }
  return {
    ...base,
    validationResult: "EXACT_MATCH",
    validationMessage: "Address is a perfect match",
    correctedAddress: {},
    candidateAddresses: []
  }
}

/** @internal */
export const validateEmergencyAddress: Handler = (ctx, request, [raw]) =>
  Effect.gen(function*() {
    const body = yield* decodeBody(Spec.EmergencyAddressRequest, request)
    const record = yield* activeOr404(ctx.store, raw!, yield* ctx.now, false)
    yield* onlyUs(record)
    return ok(validate(record.phoneNumber, body))
  })

// ---------------------------------------------------------------------------------------------------------------
// regions and callback configuration

/** @internal */
export const listAvailableRegions: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const query = yield* decodeQuery(ctx, request.url.searchParams, Spec.ListAvailableRegionsQuery)
    const blocks = ctx.store.inventory.blocks
    const availableRegions = Inventory.regions.flatMap((region): Array<AvailableRegionWire> => {
      const types = (["MOBILE", "LOCAL", "TOLL_FREE"] as const).filter((type) =>
        blocks.some((b) => b.regionCode === region.regionCode && b.type === type)
      )
      if (query.types !== undefined && !types.some((t) => query.types!.includes(t))) return []
      return [{ regionCode: region.regionCode, regionName: region.regionName, types }]
    })
    return ok({ availableRegions })
  })

const callbackConfiguration = (ctx: Ctx): CallbackConfigurationWire => ({
  projectId: ctx.config.projectId,
  hmacSecret: ctx.store.hmacSecret
})

/** @internal */
export const getCallbackConfiguration: Handler = (ctx) => Effect.sync(() => ok(callbackConfiguration(ctx)))

/** The document's CallbackConfigurationUpdate has no required field: without hmacSecret nothing changes. @internal */
export const updateCallbackConfiguration: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const body = yield* decodeBody(Spec.CallbackConfigurationUpdate, request)
    if (body.hmacSecret !== undefined) ctx.store.hmacSecret = body.hmacSecret
    return ok(callbackConfiguration(ctx))
  })
