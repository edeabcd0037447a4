/** @internal */
import * as ActiveNumber from "@effect-sinch/core/ActiveNumber"
import * as AvailableNumber from "@effect-sinch/core/AvailableNumber"
import * as AvailableRegion from "@effect-sinch/core/AvailableRegion"
import * as CallbackConfiguration from "@effect-sinch/core/CallbackConfiguration"
import * as EmergencyAddress from "@effect-sinch/core/EmergencyAddress"
import * as PhoneNumber from "@effect-sinch/core/PhoneNumber"
import type * as SmsConfiguration from "@effect-sinch/core/SmsConfiguration"
import type * as VoiceConfiguration from "@effect-sinch/core/VoiceConfiguration"
import * as Effect from "effect/Effect"
import type { Ctx, Handler } from "./context.js"
import { eventTimestamp } from "./events.js"
import * as Inventory from "./inventory.js"
import * as PageToken from "./pageToken.js"
import { decodeBody, decodeWith, ok, RawJson } from "./protocol.js"
import type { ActiveRecord, Store } from "./store.js"
import { iso } from "./store.js"
import type { EmergencyAddressWire, ErrorResponse, ValidateAddressWire } from "./wire.js"
import { invalidArgument, notFound } from "./wire.js"

// ---------------------------------------------------------------------------------------------------------------
// query parameters

const compact = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

/** Repeated keys (`capability=SMS&capability=VOICE`) and comma lists (`capability=SMS,VOICE`) both read as lists. */
const many = (query: URLSearchParams, key: string): Array<string> | undefined => {
  const values = query.getAll(key).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "")
  return values.length === 0 ? undefined : values
}

const integer = (value: string | null): unknown =>
  value === null || value === "" ? undefined : /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value

/**
 * A "+" sent unencoded arrives as a space: read it back as the "+" it was, and count it; with `strictEncoding` it is
 * refused instead, so a client that does not encode query values fails here rather than in production.
 */
const restorePlus = (
  ctx: Ctx,
  field: string,
  value: string | null
): Effect.Effect<string | undefined, ErrorResponse> => {
  if (value === null) return Effect.succeed(undefined)
  if (!value.includes(" ")) return Effect.succeed(value)
  ctx.noteUnencoded()
  return ctx.config.strictEncoding
    ? Effect.fail(invalidArgument([{
      field,
      description: `${JSON.stringify(value)} holds a space: a "+" was sent without URL-encoding (send %2B)`
    }]))
    : Effect.succeed(value.replace(/ /g, "+"))
}

const numberPatternOf = (ctx: Ctx, query: URLSearchParams) =>
  Effect.map(restorePlus(ctx, "numberPattern.pattern", query.get("numberPattern.pattern")), (pattern) => {
    const searchPattern = query.get("numberPattern.searchPattern") ?? undefined
    return pattern === undefined && searchPattern === undefined ? undefined : compact({ pattern, searchPattern })
  })

const filterOf = (
  decoded: {
    readonly regionCode?: string | undefined
    readonly type?: Inventory.NumberType | undefined
    readonly numberPattern?:
      | { readonly pattern?: string | undefined; readonly searchPattern?: string | undefined }
      | undefined
    readonly capabilities?: ReadonlyArray<Inventory.Capability> | undefined
  } | undefined
): Inventory.Filter => ({
  regionCode: decoded?.regionCode,
  type: decoded?.type,
  pattern: decoded?.numberPattern?.pattern?.replace(/^\+/, ""),
  searchPattern: decoded?.numberPattern?.searchPattern as Inventory.SearchPattern | undefined,
  capabilities: decoded?.capabilities
})

const phoneParam = (raw: string): Effect.Effect<string, ErrorResponse> =>
  PhoneNumber.is(raw) ? Effect.succeed(raw) : Effect.fail(invalidArgument([{
    field: "phoneNumber",
    description: `${JSON.stringify(raw)} is not a phone number in E.164 format (a "+" then up to 15 digits)`
  }]))

/** The active number, as a record that may be changed (`mutable`: kept as an override from now on) or only read. */
const activeOr404 = (
  ctx: Ctx,
  raw: string,
  now: number,
  mutable = true
): Effect.Effect<ActiveRecord, ErrorResponse> =>
  Effect.flatMap(phoneParam(raw), (phone) => {
    const record = mutable ? ctx.store().mutableActive(phone, now) : ctx.store().getActive(phone, now)
    return record === undefined ? Effect.fail(notFound("ActiveNumber", phone)) : Effect.succeed(record)
  })

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
) => ({
  eventId: ctx.nextEventId(),
  timestamp: eventTimestamp(now),
  projectId: ctx.config.projectId,
  resourceId: phone,
  resourceType: "ACTIVE_NUMBER",
  eventType,
  status,
  failureCode,
  internalFailureCode: status === "FAILED" ? "EMU0001" : null
})

/** The record as the store holds it now, if this job is still the latest for it. */
const current = (store: Store, record: ActiveRecord): ActiveRecord | undefined => {
  const now = store.overrides.get(record.phoneNumber)
  return now === record ? now : undefined
}

const smsVersions = new WeakMap<ActiveRecord, number>()
const voiceVersions = new WeakMap<ActiveRecord, number>()

/**
 * Schedules an SMS configuration change: it shows as `scheduledProvisioning` (WAITING) now and is applied after the
 * provisioning delay, with an event for each platform change. A plan or campaign id starting with "fail" fails.
 *
 * @internal
 */
export const scheduleSms = (
  ctx: Ctx,
  record: ActiveRecord,
  request: { readonly servicePlanId: string; readonly campaignId?: string | undefined },
  now: number
): Effect.Effect<void> => {
  const sms = record.sms!
  const version = (smsVersions.get(record) ?? 0) + 1
  smsVersions.set(record, version)
  const campaignId = request.campaignId ?? sms.campaignId
  sms.scheduled = {
    servicePlanId: request.servicePlanId,
    campaignId,
    status: "WAITING",
    lastUpdatedTime: iso(now),
    errorCodes: []
  }
  const store = ctx.store()
  return ctx.schedule(
    ctx.config.provisioningDelayMillis,
    Effect.flatMap(ctx.now, (at) => {
      const live = current(store, record)
      if (live === undefined || smsVersions.get(record) !== version || live.sms?.scheduled == null) return Effect.void
      const target = live.sms.scheduled
      const events: Array<Record<string, unknown>> = []
      const planFails = failing(target.servicePlanId)
      const campaignFails = failing(target.campaignId)
      if (target.servicePlanId !== live.sms.servicePlanId || planFails) {
        const eventType = target.servicePlanId === ""
          ? "DEPROVISIONING_FROM_SMS_PLATFORM"
          : "PROVISIONING_TO_SMS_PLATFORM"
        events.push(
          activeNumberEvent(ctx, live.phoneNumber, at, eventType, planFails ? "FAILED" : "SUCCEEDED", null)
        )
      }
      if (!planFails && (target.campaignId !== live.sms.campaignId || campaignFails)) {
        const eventType = target.campaignId === "" ? "DEPROVISIONING_FROM_CAMPAIGN" : "PROVISIONING_TO_CAMPAIGN"
        events.push(
          activeNumberEvent(
            ctx,
            live.phoneNumber,
            at,
            eventType,
            campaignFails ? "FAILED" : "SUCCEEDED",
            campaignFails ? "CAMPAIGN_NOT_AVAILABLE" : null
          )
        )
      }
      if (planFails || campaignFails) {
        live.sms.scheduled = {
          ...target,
          status: "FAILED",
          lastUpdatedTime: iso(at),
          errorCodes: [planFails ? "SMS_PROVISIONING_FAILED" : "CAMPAIGN_NOT_AVAILABLE"]
        }
        if (!planFails) live.sms.servicePlanId = target.servicePlanId
      } else {
        live.sms.servicePlanId = target.servicePlanId
        live.sms.campaignId = target.campaignId
        live.sms.scheduled = null
      }
      return Effect.forEach(events, (event) => ctx.emit(live.callbackUrl, event), { discard: true })
    })
  )
}

/**
 * Schedules a voice configuration change, the same way as {@link scheduleSms}.
 *
 * @internal
 */
export const scheduleVoice = (
  ctx: Ctx,
  record: ActiveRecord,
  request: VoiceConfiguration.VoiceConfigurationRequest,
  now: number
): Effect.Effect<void> => {
  const version = (voiceVersions.get(record) ?? 0) + 1
  voiceVersions.set(record, version)
  const ids = {
    appId: request.type === "RTC" ? request.appId : "",
    trunkId: request.type === "EST" ? request.trunkId : "",
    serviceId: request.type === "FAX" ? request.serviceId : ""
  }
  record.voice!.scheduled = { type: request.type, ...ids, status: "WAITING", lastUpdatedTime: iso(now) }
  const store = ctx.store()
  return ctx.schedule(
    ctx.config.provisioningDelayMillis,
    Effect.flatMap(ctx.now, (at) => {
      const live = current(store, record)
      if (live === undefined || voiceVersions.get(record) !== version || live.voice?.scheduled == null) {
        return Effect.void
      }
      const target = live.voice.scheduled
      const id = target.appId || target.trunkId || target.serviceId
      const fails = failing(id)
      const eventType = id === "" ? "DEPROVISIONING_FROM_VOICE_PLATFORM" : "PROVISIONING_TO_VOICE_PLATFORM"
      if (fails) {
        live.voice.scheduled = { ...target, status: "FAILED", lastUpdatedTime: iso(at) }
      } else {
        live.voice.type = target.type
        live.voice.appId = target.appId
        live.voice.trunkId = target.trunkId
        live.voice.serviceId = target.serviceId
        live.voice.lastUpdatedTime = iso(at)
        live.voice.scheduled = null
      }
      return ctx.emit(
        live.callbackUrl,
        activeNumberEvent(ctx, live.phoneNumber, at, eventType, fails ? "FAILED" : "SUCCEEDED", null)
      )
    })
  )
}

const checkConfigurable = (
  record: ActiveRecord,
  sms: SmsConfiguration.SmsConfigurationRequest | undefined,
  voice: VoiceConfiguration.VoiceConfigurationRequest | undefined
): Effect.Effect<void, ErrorResponse> => {
  const violations: Array<{ field: string; description: string }> = []
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
  record: ActiveRecord,
  request: {
    readonly smsConfiguration?: SmsConfiguration.SmsConfigurationRequest | undefined
    readonly voiceConfiguration?: VoiceConfiguration.VoiceConfigurationRequest | undefined
    readonly callbackUrl?: string | undefined
  },
  now: number
): Effect.Effect<void> =>
  Effect.gen(function*() {
    if (request.callbackUrl !== undefined) record.callbackUrl = request.callbackUrl
    if (request.smsConfiguration !== undefined && record.sms !== null) {
      yield* scheduleSms(ctx, record, request.smsConfiguration, now)
    }
    if (request.voiceConfiguration !== undefined && record.voice !== null) {
      yield* scheduleVoice(ctx, record, request.voiceConfiguration, now)
    }
  })

// ---------------------------------------------------------------------------------------------------------------
// available numbers

/** @internal */
export const listAvailableNumbers: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const query = request.url.searchParams
    const decoded = yield* decodeWith(
      AvailableNumber.SearchAvailableNumbersRequest,
      compact({
        regionCode: query.get("regionCode") ?? undefined,
        type: query.get("type") ?? undefined,
        numberPattern: yield* numberPatternOf(ctx, query),
        capabilities: many(query, "capabilities"),
        size: integer(query.get("size"))
      })
    )
    const items = ctx.store().searchAvailable(filterOf(decoded), decoded.size ?? 100)
    return ok({ availableNumbers: items })
  })

/** @internal */
export const getAvailableNumber: Handler = (ctx, _request, [raw]) =>
  Effect.gen(function*() {
    const phone = yield* phoneParam(raw!)
    const found = ctx.store().getAvailable(phone)
    if (found === undefined) return yield* Effect.fail(notFound("AvailableNumber", phone))
    return ok(ctx.store().availableWire(found.block, found.k))
  })

const onlyUsLocal = (regionCode: string, type: string, field: string) =>
  regionCode === "US" && type === "LOCAL" ? Effect.void : Effect.fail(invalidArgument([{
    field,
    description:
      `Only US LOCAL numbers can be activated with this endpoint (got ${regionCode} ${type}); use a number order`
  }]))

/** @internal */
export const rentNumber: Handler = (ctx, request, [raw]) =>
  Effect.gen(function*() {
    const phone = yield* phoneParam(raw!)
    const body = yield* decodeBody(AvailableNumber.RentNumberRequest, request)
    const store = ctx.store()
    const found = store.getAvailable(phone)
    if (found === undefined) return yield* Effect.fail(notFound("AvailableNumber", phone))
    yield* onlyUsLocal(found.block.regionCode, found.block.type, "phoneNumber")
    const now = yield* ctx.now
    const violations = capabilityViolations(found, body)
    if (violations.length > 0) return yield* Effect.fail(invalidArgument(violations))
    const record = store.activate(found.block, found.k, now)
    yield* configure(ctx, record, body, now)
    return ok(store.toWire(record))
  })

const capabilityViolations = (
  found: { block: Inventory.Block; k: number },
  body: { readonly smsConfiguration?: unknown; readonly voiceConfiguration?: unknown }
): Array<{ field: string; description: string }> => {
  const caps = Inventory.capabilities(found.block, found.k)
  const violations: Array<{ field: string; description: string }> = []
  if (body.smsConfiguration !== undefined && !caps.includes("SMS")) {
    violations.push({ field: "smsConfiguration", description: "The number has no SMS capability" })
  }
  if (body.voiceConfiguration !== undefined && !caps.includes("VOICE")) {
    violations.push({ field: "voiceConfiguration", description: "The number has no VOICE capability" })
  }
  return violations
}

/** @internal */
export const rentAnyNumber: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const body = yield* decodeBody(AvailableNumber.RentAnyNumberRequest, request)
    if (body.regionCode !== "US" || body.type !== "LOCAL") {
      const violations = []
      if (body.regionCode !== "US") {
        violations.push({ field: "regionCode", description: "Only US is supported by rentAny; use a number order" })
      }
      if (body.type !== "LOCAL") {
        violations.push({ field: "type", description: "Only LOCAL is supported by rentAny; use a number order" })
      }
      return yield* Effect.fail(invalidArgument(violations))
    }
    const wanted = [...(body.capabilities ?? [])]
    if (body.smsConfiguration !== undefined && !wanted.includes("SMS")) wanted.push("SMS")
    if (body.voiceConfiguration !== undefined && !wanted.includes("VOICE")) wanted.push("VOICE")
    const store = ctx.store()
    const [found] = store.findAvailable({ ...filterOf(body), capabilities: wanted }, 1)
    if (found === undefined) {
      return yield* Effect.fail(
        notFound("AvailableNumber", "", "No available number matches the criteria")
      )
    }
    const now = yield* ctx.now
    const record = store.activate(found.block, found.k, now)
    yield* configure(ctx, record, body, now)
    return ok(store.toWire(record))
  })

// ---------------------------------------------------------------------------------------------------------------
// active numbers

/** @internal */
export const listActiveNumbers: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const query = request.url.searchParams
    const pageSize = integer(query.get("pageSize"))
    const decoded = yield* decodeWith(
      ActiveNumber.ListActiveNumbersRequest,
      compact({
        regionCode: query.get("regionCode") ?? undefined,
        type: query.get("type") ?? undefined,
        numberPattern: yield* numberPatternOf(ctx, query),
        capabilities: many(query, "capability"),
        // 0 means "the default", as in Google-style list APIs
        pageSize: pageSize === 0 ? undefined : pageSize,
        orderBy: query.get("orderBy") || undefined
      }),
      (field) => field.startsWith("capabilities") ? field.replace("capabilities", "capability") : field
    )
    const orderBy = decoded.orderBy ?? "phoneNumber"
    const rawToken = yield* restorePlus(ctx, "pageToken", query.get("pageToken"))
    let cursor: PageToken.Cursor | undefined
    if (rawToken !== undefined && rawToken !== "") {
      cursor = PageToken.decode(rawToken)
      if (cursor === undefined) {
        return yield* Effect.fail(invalidArgument([{
          field: "pageToken",
          description: "Invalid page token: pass back the nextPageToken of the previous page, URL-encoded"
        }]))
      }
      if (cursor.orderBy !== orderBy) {
        return yield* Effect.fail(invalidArgument([{
          field: "pageToken",
          description: `The page token was issued for orderBy=${cursor.orderBy}, not orderBy=${orderBy}`
        }]))
      }
    }
    const now = yield* ctx.now
    const store = ctx.store()
    const filter = filterOf(decoded)
    const page = store.listActive(filter, orderBy, cursor, decoded.pageSize ?? ctx.config.defaultPageSize, now)
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
    const phone = yield* phoneParam(raw!)
    const record = ctx.store().getActive(phone, yield* ctx.now)
    if (record === undefined) return yield* Effect.fail(notFound("ActiveNumber", phone))
    return ok(ctx.store().toWire(record))
  })

/** @internal */
export const updateActiveNumber: Handler = (ctx, request, [raw]) =>
  Effect.gen(function*() {
    const phone = yield* phoneParam(raw!)
    const body = yield* decodeBody(ActiveNumber.UpdateActiveNumberRequest, request)
    const now = yield* ctx.now
    const record = yield* activeOr404(ctx, phone, now)
    yield* checkConfigurable(record, body.smsConfiguration, body.voiceConfiguration)
    if (body.displayName !== undefined) record.displayName = body.displayName
    if (body.callbackUrl !== undefined) record.callbackUrl = body.callbackUrl
    if (body.smsConfiguration !== undefined) yield* scheduleSms(ctx, record, body.smsConfiguration, now)
    if (body.voiceConfiguration !== undefined) yield* scheduleVoice(ctx, record, body.voiceConfiguration, now)
    return ok(ctx.store().toWire(record))
  })

/** @internal */
export const releaseNumber: Handler = (ctx, _request, [raw]) =>
  Effect.gen(function*() {
    const now = yield* ctx.now
    const record = yield* activeOr404(ctx, raw!, now)
    if (record.expireAt === null) {
      // the number stays until the end of the period already paid for
      record.expireAt = record.nextChargeDate
      record.expireAtMillis = Date.parse(record.nextChargeDate)
    }
    return ok(ctx.store().toWire(record))
  })

// ---------------------------------------------------------------------------------------------------------------
// emergency addresses

const onlyUs = (record: ActiveRecord) =>
  record.block.regionCode === "US" ? Effect.void : Effect.fail(invalidArgument([{
    field: "phoneNumber",
    description:
      `Emergency addresses are only supported for US numbers; ${record.phoneNumber} is ${record.block.regionCode}`
  }]))

/** @internal */
export const getEmergencyAddress: Handler = (ctx, _request, [raw]) =>
  Effect.gen(function*() {
    const record = yield* activeOr404(ctx, raw!, yield* ctx.now, false)
    if (record.emergencyAddress === null) {
      return yield* Effect.fail(
        notFound("EmergencyAddress", record.phoneNumber, "No emergency address is provisioned for this number")
      )
    }
    return ok(record.emergencyAddress)
  })

const addressWire = (address: EmergencyAddress.Address): EmergencyAddressWire => ({
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
    const body = yield* decodeBody(EmergencyAddress.EmergencyAddressRequest, request)
    const record = yield* activeOr404(ctx, raw!, yield* ctx.now)
    yield* onlyUs(record)
    if (validate(record.phoneNumber, body).validationResult === "NO_MATCH") {
      return yield* Effect.fail(invalidArgument([{
        field: "address",
        description: "The address could not be validated; call emergencyAddress:validate for candidates"
      }]))
    }
    record.emergencyAddress = addressWire(body.address)
    record.emergencyDisplayName = body.displayName
    return ok(record.emergencyAddress)
  })

/** @internal */
export const deprovisionEmergencyAddress: Handler = (ctx, _request, [raw]) =>
  Effect.gen(function*() {
    const record = yield* activeOr404(ctx, raw!, yield* ctx.now)
    if (record.emergencyAddress === null) {
      return yield* Effect.fail(
        notFound("EmergencyAddress", record.phoneNumber, "No emergency address is provisioned for this number")
      )
    }
    record.emergencyAddress = null
    record.emergencyDisplayName = ""
    return ok({})
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
const validate = (phone: string, request: EmergencyAddress.EmergencyAddressRequest): ValidateAddressWire => {
  const address = addressWire(request.address)
  const base = { phoneNumber: phone, displayName: request.displayName, validatedAddress: address }
  if (!/^\d{5}$/.test(request.address.postalCode) || !/^[A-Z]{2}$/.test(request.address.state)) {
    return {
      ...base,
      validationResult: "NO_MATCH",
      validationMessage: "Address doesn't match any known address",
      correctedAddress: {},
      candidateAddresses: [
        { ...address, state: request.address.state.slice(0, 2).toUpperCase() || "IL", postalCode: "62701" },
        { ...address, state: request.address.state.slice(0, 2).toUpperCase() || "IL", postalCode: "62702" }
      ]
    }
  }
  const corrected = abbreviations.reduce(
    (street, [pattern, short]) => street.replace(pattern, short),
    address.streetInfo!
  )
  if (corrected !== address.streetInfo) {
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
    const body = yield* decodeBody(EmergencyAddress.EmergencyAddressRequest, request)
    const record = yield* activeOr404(ctx, raw!, yield* ctx.now, false)
    yield* onlyUs(record)
    return ok(validate(record.phoneNumber, body))
  })

// ---------------------------------------------------------------------------------------------------------------
// regions and callback configuration

/** @internal */
export const listAvailableRegions: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const decoded = yield* decodeWith(
      AvailableRegion.ListAvailableRegionsRequest,
      compact({ types: many(request.url.searchParams, "types") })
    )
    const blocks = ctx.store().inventory.blocks
    const availableRegions = Inventory.regions.flatMap((region) => {
      const types = (["MOBILE", "LOCAL", "TOLL_FREE"] as const).filter((type) =>
        blocks.some((b) => b.regionCode === region.regionCode && b.type === type)
      )
      if (decoded.types !== undefined && !types.some((t) => decoded.types!.includes(t))) return []
      return [{ regionCode: region.regionCode, regionName: region.regionName, types }]
    })
    return ok({ availableRegions })
  })

/** @internal */
export const getCallbackConfiguration: Handler = (ctx) =>
  Effect.succeed(ok({ projectId: ctx.config.projectId, hmacSecret: ctx.store().hmacSecret }))

/** @internal */
export const updateCallbackConfiguration: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const body = yield* decodeBody(CallbackConfiguration.UpdateCallbackConfigurationRequest, request)
    ctx.store().hmacSecret = body.hmacSecret
    return ok({ projectId: ctx.config.projectId, hmacSecret: body.hmacSecret })
  })
