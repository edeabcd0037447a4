/** @internal */
import * as Inventory from "./inventory.js"
import type * as PageToken from "./pageToken.js"
import type {
  ActiveNumberWire,
  AttachmentWire,
  AvailableNumberWire,
  EmergencyAddressWire,
  NumberOrderWire,
  OrderSmsConfigurationWire,
  OrderVoiceConfigurationWire,
  SmsConfigurationWire,
  VoiceConfigurationWire
} from "./wire.js"

/** @internal */
export interface ScheduledSms {
  servicePlanId: string
  campaignId: string
  status: "WAITING" | "IN_PROGRESS" | "FAILED"
  lastUpdatedTime: string
  errorCodes: Array<string>
}

/** @internal */
export interface SmsState {
  servicePlanId: string
  campaignId: string
  scheduled: ScheduledSms | null
}

/** @internal */
export type VoiceType = "RTC" | "EST" | "FAX"

/** @internal */
export interface VoiceIds {
  appId: string
  trunkId: string
  serviceId: string
}

/** @internal */
export interface ScheduledVoice extends VoiceIds {
  type: VoiceType
  status: "WAITING" | "IN_PROGRESS" | "FAILED"
  lastUpdatedTime: string
}

/** @internal */
export interface VoiceState extends VoiceIds {
  type: VoiceType
  lastUpdatedTime: string | null
  scheduled: ScheduledVoice | null
}

/** An active number as the store holds it once it differs from what the inventory derives. @internal */
export interface ActiveRecord {
  readonly phoneNumber: string
  readonly block: Inventory.Block
  readonly capability: ReadonlyArray<Inventory.Capability>
  readonly monthlyPrice: string
  displayName: string
  callbackUrl: string
  nextChargeDate: string
  expireAt: string | null
  expireAtMillis: number | null
  sms: SmsState | null
  voice: VoiceState | null
  emergencyAddress: EmergencyAddressWire | null
  emergencyDisplayName: string
  /** bumped by every SMS change, so that a stale provisioning job does not overwrite a newer one */
  smsJob: number
  /** the same for voice */
  voiceJob: number
}

/** @internal */
export interface OrderRecord {
  readonly id: string
  readonly regionCode: string
  readonly numberType: Inventory.NumberType
  readonly phoneNumbers: ReadonlyArray<string>
  state: "CREATED" | "IN_REVIEW" | "BLOCKED" | "REJECTED" | "COMPLETED" | "EXPIRED"
  readonly smsConfiguration: OrderSmsConfigurationWire | undefined
  readonly voiceConfiguration: OrderVoiceConfigurationWire | undefined
  readonly callbackUrl: string | undefined
  readonly expireTimeMillis: number
  readonly createTime: string
  updateTime: string
  requestDetails: Record<string, unknown>
  attachments: Map<string, AttachmentWire>
  logs: Array<{ message: string; createTime: string }>
}

/**
 * A derived active number nobody has changed: a page holds these instead of records, and they serialize from
 * precomputed fragments.
 *
 * @internal
 */
export class DerivedRef {
  constructor(readonly block: Inventory.Block, readonly k: number, readonly phoneNumber: string) {}
  get displayName(): string {
    return ""
  }
}

const dayMillis = 86_400_000

/** @internal */
export const iso = (millis: number): string => new Date(millis).toISOString()

/**
 * The mutable state of one emulated project. Each change is made synchronously, so a request sees and leaves the
 * store consistent; a reset clears it in place.
 *
 * A plain mutable store with no `Ref` around it, rather than an immutable one in a `Ref`: the inventory (up to millions
 * of numbers) is derived, so the store holds only what changed (overrides, rented numbers, orders), and a page of
 * 1,000 numbers merges the derived range with those overrides at every step. Native `Map`s and `Set`s make those
 * lookups and writes the cheapest there are; persistent maps would allocate on every write and cost more on every
 * lookup, and a `Ref` around a mutable object would guard nothing (every reader shares the object).
 *
 * @internal
 */
export class Store {
  readonly overrides = new Map<string, ActiveRecord>()
  /** per block, the sorted phone numbers that became active from the available range */
  readonly extras: ReadonlyArray<Array<string>>
  /** available numbers that are rented or reserved by an order */
  readonly taken = new Set<string>()
  readonly orders = new Map<string, OrderRecord>()
  /** counts of pattern scans over the derived numbers, which never change: kept across resets */
  private readonly scanCounts = new Map<string, number>()
  hmacSecret = ""
  private orderCounter = 0
  /** the 28 possible charge dates of derived numbers, formatted once per start */
  private chargeDates: ReadonlyArray<string> = []
  /** per block and capability cycle position, the JSON around a derived number's phone number and charge date */
  private fragments: ReadonlyArray<ReadonlyArray<readonly [string, string]>> = []

  constructor(
    readonly inventory: Inventory.Inventory,
    readonly projectId: string,
    readonly initialHmacSecret: string,
    startedAt: number
  ) {
    this.extras = inventory.blocks.map(() => [])
    this.reset(startedAt)
  }

  /** Back to the project as it starts at `now`: nothing rented, changed or ordered, the initial callback secret. */
  reset(now: number): void {
    this.overrides.clear()
    for (const list of this.extras) list.length = 0
    this.taken.clear()
    this.orders.clear()
    this.hmacSecret = this.initialHmacSecret
    this.orderCounter = 0
    const day = Math.floor(now / dayMillis) * dayMillis
    this.chargeDates = Array.from({ length: 28 }, (_, i) => iso(day + (1 + i) * dayMillis))
    this.fragments = this.inventory.blocks.map((block) =>
      block.capabilities.map((_, position) => {
        // the JSON of a derived record, cut where its phone number and charge date go
        const wire = JSON.stringify(this.toWire({ ...this.derivedActive(block, position), phoneNumber: "\u0000" }))
          .replace(/"nextChargeDate":"[^"]*"/, "\"nextChargeDate\":\"\u0001\"")
        const [head, rest] = wire.split("\\u0000") as [string, string]
        const [middle, tail] = rest.split("\u0001") as [string, string]
        if (head !== "{\"phoneNumber\":\"") throw new Error("unexpected derived record layout")
        return [middle, tail] as const
      })
    )
  }

  /** The JSON of an untouched derived number: the same text as `JSON.stringify(toWire(record))`. */
  derivedJson(ref: DerivedRef): string {
    const [middle, tail] = this.fragments[ref.block.index]![ref.k % ref.block.capabilities.length]!
    return "{\"phoneNumber\":\"" + ref.phoneNumber + middle +
      this.chargeDates[Inventory.hash32(ref.block.salt, ref.k, 3, 11) % 28]! + tail
  }

  /** The JSON of any active number. */
  activeJson(item: ActiveRecord | DerivedRef): string {
    return item instanceof DerivedRef ? this.derivedJson(item) : JSON.stringify(this.toWire(item))
  }

  // ---------------------------------------------------------------------------------------------------------------
  // derived records

  derivedActive(block: Inventory.Block, k: number): ActiveRecord {
    return freshActive(
      Inventory.phoneNumber(block, 0, k),
      block,
      Inventory.capabilities(block, k),
      this.chargeDates[Inventory.hash32(block.salt, k, 3, 11) % 28]!
    )
  }

  availableWire(block: Inventory.Block, k: number): AvailableNumberWire {
    return {
      phoneNumber: Inventory.phoneNumber(block, 1, k),
      regionCode: block.regionCode,
      type: block.type,
      capability: [...Inventory.capabilities(block, k)],
      setupPrice: { currencyCode: block.currencyCode, amount: block.setupPrice },
      monthlyPrice: { currencyCode: block.currencyCode, amount: block.monthlyPrice },
      paymentIntervalMonths: 1,
      supportingDocumentationRequired: block.supportingDocumentationRequired
    }
  }

  /** The answer for an active number: what is unset is left out, never null. */
  toWire(r: ActiveRecord): ActiveNumberWire {
    return {
      phoneNumber: r.phoneNumber,
      projectId: this.projectId,
      displayName: r.displayName,
      regionCode: r.block.regionCode,
      type: r.block.type,
      capability: [...r.capability],
      money: { currencyCode: r.block.currencyCode, amount: r.monthlyPrice },
      paymentIntervalMonths: 1,
      nextChargeDate: r.nextChargeDate,
      ...(r.expireAt === null ? {} : { expireAt: r.expireAt }),
      ...(r.sms === null ? {} : { smsConfiguration: smsWire(r.sms) }),
      ...(r.voice === null ? {} : { voiceConfiguration: voiceWire(r.voice) }),
      callbackUrl: r.callbackUrl
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // lookups

  private isGone(r: ActiveRecord, now: number): boolean {
    return r.expireAtMillis !== null && r.expireAtMillis <= now
  }

  /** The active number, if the project holds it now (a released number stays until its expireAt). */
  getActive(phone: string, now: number): ActiveRecord | undefined {
    const override = this.overrides.get(phone)
    if (override !== undefined) return this.isGone(override, now) ? undefined : override
    const found = Inventory.indexOf(this.inventory, 0, phone)
    return found === undefined ? undefined : this.derivedActive(found.block, found.k)
  }

  /** The active number as a record that may be changed: stored as an override from now on. */
  mutableActive(phone: string, now: number): ActiveRecord | undefined {
    const record = this.getActive(phone, now)
    if (record !== undefined && !this.overrides.has(phone)) this.overrides.set(phone, record)
    return record
  }

  getAvailable(phone: string): { block: Inventory.Block; k: number } | undefined {
    if (this.taken.has(phone)) return undefined
    return Inventory.indexOf(this.inventory, 1, phone)
  }

  /** Moves an available number into the project's active numbers. */
  activate(block: Inventory.Block, k: number, now: number): ActiveRecord {
    const phone = Inventory.phoneNumber(block, 1, k)
    this.taken.add(phone)
    const record = freshActive(phone, block, Inventory.capabilities(block, k), iso(now + 30 * dayMillis))
    this.overrides.set(phone, record)
    const list = this.extras[block.index]!
    let i = list.length
    while (i > 0 && list[i - 1]! > phone) i--
    list.splice(i, 0, phone)
    return record
  }

  nextOrderId(): string {
    this.orderCounter++
    const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    let id = "01"
    for (let i = 0; i < 24; i++) {
      id += alphabet[Inventory.hash32(this.inventory.seed, this.orderCounter, i, 0x0de7) % 32]
    }
    return id
  }

  // ---------------------------------------------------------------------------------------------------------------
  // available numbers

  searchAvailable(filter: Inventory.Filter, size: number): Array<AvailableNumberWire> {
    const out: Array<AvailableNumberWire> = []
    for (const block of Inventory.blocksFor(this.inventory, filter)) {
      const [lo, hi] = Inventory.range(block, 1, filter)
      for (let k = lo; k < hi && out.length < size; k++) {
        if (!Inventory.hasCapabilities(Inventory.capabilities(block, k), filter.capabilities)) continue
        const phone = Inventory.phoneNumber(block, 1, k)
        if (!Inventory.matchesPattern(phone, filter) || this.taken.has(phone)) continue
        out.push(this.availableWire(block, k))
      }
      if (out.length >= size) break
    }
    return out
  }

  /** The first available numbers matching a filter, as (block, index) pairs. */
  findAvailable(filter: Inventory.Filter, count: number): Array<{ block: Inventory.Block; k: number }> {
    const out: Array<{ block: Inventory.Block; k: number }> = []
    for (const block of Inventory.blocksFor(this.inventory, filter)) {
      const [lo, hi] = Inventory.range(block, 1, filter)
      for (let k = lo; k < hi && out.length < count; k++) {
        if (!Inventory.hasCapabilities(Inventory.capabilities(block, k), filter.capabilities)) continue
        const phone = Inventory.phoneNumber(block, 1, k)
        if (!Inventory.matchesPattern(phone, filter) || this.taken.has(phone)) continue
        out.push({ block, k })
      }
      if (out.length >= count) break
    }
    return out
  }

  // ---------------------------------------------------------------------------------------------------------------
  // active numbers, in phone number order

  private matches(r: ActiveRecord, filter: Inventory.Filter, now: number): boolean {
    return !this.isGone(r, now) && Inventory.hasCapabilities(r.capability, filter.capabilities) &&
      Inventory.matchesPattern(r.phoneNumber, filter)
  }

  /**
   * Active numbers matching the filter with a phone number after `after`, in phone number order. Walks the derived
   * range of each block merged with the numbers rented into it; each step costs O(1) plus the skipped numbers.
   */
  *activeAfter(
    filter: Inventory.Filter,
    after: string | undefined,
    now: number
  ): Generator<ActiveRecord | DerivedRef> {
    const scan = Inventory.scansPattern(filter)
    for (const block of Inventory.blocksFor(this.inventory, filter)) {
      const [lo, hi] = Inventory.range(block, 0, filter)
      let k = lo
      if (after !== undefined) {
        if (block.prefix + "\uffff" < after) continue
        k = Inventory.lowerBound(block, 0, after, k, hi, false)
      }
      const extras = this.extras[block.index]!
      let e = 0
      if (after !== undefined) {
        let lo = 0, up = extras.length
        while (lo < up) {
          const mid = (lo + up) >>> 1
          if (extras[mid]! <= after) lo = mid + 1
          else up = mid
        }
        e = lo
      }
      const cycle = block.capabilities.length
      while (k < hi || e < extras.length) {
        const derivedPhone = k < hi ? Inventory.phoneNumber(block, 0, k) : undefined
        const extraPhone = e < extras.length ? extras[e]! : undefined
        if (derivedPhone !== undefined && (extraPhone === undefined || derivedPhone < extraPhone)) {
          const index = k++
          if (!Inventory.hasCapabilities(block.capabilities[index % cycle]!, filter.capabilities)) continue
          if (scan && !Inventory.matchesPattern(derivedPhone, filter)) continue
          const override = this.overrides.get(derivedPhone)
          if (override !== undefined) {
            if (!this.isGone(override, now)) yield override
          } else {
            yield new DerivedRef(block, index, derivedPhone)
          }
        } else {
          e++
          const record = this.overrides.get(extraPhone!)!
          if (this.matches(record, filter, now)) yield record
        }
      }
    }
  }

  /** How many active numbers match the filter: arithmetic over the derived ranges, unless a pattern must be scanned. */
  countActive(filter: Inventory.Filter, now: number): number {
    let total = 0
    const scan = Inventory.scansPattern(filter)
    const blocks = Inventory.blocksFor(this.inventory, filter)
    for (const block of blocks) {
      const [lo, hi] = Inventory.range(block, 0, filter)
      if (scan) {
        // the derived numbers never change: a scan's count is remembered for the next page
        const key = `${block.index}|${filter.searchPattern}|${filter.pattern}|${filter.capabilities?.join(",")}`
        let count = this.scanCounts.get(key)
        if (count === undefined) {
          count = 0
          for (let k = lo; k < hi; k++) {
            if (
              Inventory.hasCapabilities(Inventory.capabilities(block, k), filter.capabilities) &&
              Inventory.matchesPattern(Inventory.phoneNumber(block, 0, k), filter)
            ) count++
          }
          if (this.scanCounts.size >= 1024) this.scanCounts.clear()
          this.scanCounts.set(key, count)
        }
        total += count
      } else {
        total += Inventory.countByCapability(block, lo, hi, filter.capabilities)
      }
      for (const phone of this.extras[block.index]!) {
        if (this.matches(this.overrides.get(phone)!, filter, now)) total++
      }
    }
    // derived numbers that are gone (released and past expireAt) still sit in the arithmetic above
    const inBlocks = new Set(blocks.map((b) => b.index))
    for (const record of this.overrides.values()) {
      if (!this.isGone(record, now) || !inBlocks.has(record.block.index)) continue
      if (Inventory.indexOf(this.inventory, 0, record.phoneNumber) === undefined) continue
      if (
        Inventory.hasCapabilities(record.capability, filter.capabilities) &&
        Inventory.matchesPattern(record.phoneNumber, filter)
      ) total--
    }
    return total
  }

  /** One page of active numbers, with the cursor of its last item when more follow. */
  listActive(
    filter: Inventory.Filter,
    orderBy: "phoneNumber" | "displayName",
    cursor: PageToken.Cursor | undefined,
    pageSize: number,
    now: number
  ): { readonly items: Array<ActiveRecord | DerivedRef>; readonly next: PageToken.Cursor | undefined } {
    const items: Array<ActiveRecord | DerivedRef> = []
    let more = false
    const take = (iterator: Iterable<ActiveRecord | DerivedRef>): boolean => {
      for (const record of iterator) {
        if (items.length === pageSize) {
          more = true
          return true
        }
        items.push(record)
      }
      return false
    }
    if (orderBy === "phoneNumber") {
      take(this.activeAfter(filter, cursor?.phoneNumber, now))
    } else {
      // unnamed numbers first (in phone number order), then named ones by (displayName, phoneNumber)
      const named = [...this.overrides.values()]
        .filter((r) => r.displayName !== "" && this.matchesBlock(r, filter) && this.matches(r, filter, now))
        .sort((a, b) => compareNamed(a, b))
      const inUnnamed = cursor === undefined || cursor.displayName === ""
      const done = inUnnamed &&
        take(filterIterable(this.activeAfter(filter, cursor?.phoneNumber, now), (r) => r.displayName === ""))
      if (!done) {
        let start = 0
        if (cursor !== undefined && cursor.displayName !== "") {
          const key = { displayName: cursor.displayName, phoneNumber: cursor.phoneNumber }
          while (start < named.length && compareNamed(named[start]!, key) <= 0) start++
        }
        take(named.slice(start))
      }
    }
    const last = items[items.length - 1]
    return {
      items,
      next: more && last !== undefined
        ? { orderBy, phoneNumber: last.phoneNumber, displayName: orderBy === "displayName" ? last.displayName : "" }
        : undefined
    }
  }

  private matchesBlock(r: ActiveRecord, filter: Inventory.Filter): boolean {
    return (filter.regionCode === undefined || r.block.regionCode === filter.regionCode) &&
      (filter.type === undefined || r.block.type === filter.type)
  }

  /** The order view of an order record. */
  orderWire(order: OrderRecord): NumberOrderWire {
    return {
      projectId: this.projectId,
      idNumberOrder: order.id,
      regionCode: order.regionCode,
      state: order.state,
      numberType: order.numberType,
      orderNumbers: order.phoneNumbers.map((phone) => {
        const found = Inventory.indexOf(this.inventory, 1, phone)
        const block = found?.block ?? Inventory.blockOf(this.inventory, phone)!
        return {
          phoneNumber: phone,
          numberPrice: {
            setupPrice: { currencyCode: block.currencyCode, amount: block.setupPrice },
            monthlyPrice: { currencyCode: block.currencyCode, amount: block.monthlyPrice },
            paymentIntervalMonths: 1
          },
          capabilities: found === undefined ? [] : [...Inventory.capabilities(block, found.k)]
        }
      }),
      ...(order.smsConfiguration === undefined ? {} : { smsConfiguration: { ...order.smsConfiguration } }),
      ...(order.voiceConfiguration === undefined ? {} : { voiceConfiguration: { ...order.voiceConfiguration } }),
      // only a reservation in force has an expiry
      ...(order.state === "CREATED" ? { expireTime: iso(order.expireTimeMillis) } : {}),
      createTime: order.createTime,
      updateTime: order.updateTime
    }
  }
}

const smsWire = (sms: SmsState): SmsConfigurationWire => ({
  servicePlanId: sms.servicePlanId,
  ...(sms.scheduled === null ? {} : {
    scheduledProvisioning: {
      servicePlanId: sms.scheduled.servicePlanId,
      campaignId: sms.scheduled.campaignId,
      status: sms.scheduled.status,
      lastUpdatedTime: sms.scheduled.lastUpdatedTime,
      errorCodes: [...sms.scheduled.errorCodes]
    }
  }),
  campaignId: sms.campaignId
})

const voiceWire = (voice: VoiceState): VoiceConfigurationWire => ({
  type: voice.type,
  appId: voice.appId,
  trunkId: voice.trunkId,
  serviceId: voice.serviceId,
  ...(voice.lastUpdatedTime === null ? {} : { lastUpdatedTime: voice.lastUpdatedTime }),
  ...(voice.scheduled === null ? {} : { scheduledVoiceProvisioning: { ...voice.scheduled } })
})

const compareNamed = (
  a: { readonly displayName: string; readonly phoneNumber: string },
  b: { readonly displayName: string; readonly phoneNumber: string }
): number =>
  a.displayName < b.displayName
    ? -1
    : a.displayName > b.displayName
    ? 1
    : a.phoneNumber < b.phoneNumber
    ? -1
    : a.phoneNumber > b.phoneNumber
    ? 1
    : 0

function* filterIterable<A>(iterable: Iterable<A>, predicate: (a: A) => boolean): Generator<A> {
  for (const a of iterable) if (predicate(a)) yield a
}

/** A newly active number: nothing configured yet, SMS and voice slots as its capabilities allow. */
const freshActive = (
  phoneNumber: string,
  block: Inventory.Block,
  capability: ActiveRecord["capability"],
  nextChargeDate: string
): ActiveRecord => ({
  phoneNumber,
  block,
  capability,
  monthlyPrice: block.monthlyPrice,
  displayName: "",
  callbackUrl: "",
  nextChargeDate,
  expireAt: null,
  expireAtMillis: null,
  sms: capability.includes("SMS") ? { servicePlanId: "", campaignId: "", scheduled: null } : null,
  voice: capability.includes("VOICE")
    ? { type: "RTC", appId: "", trunkId: "", serviceId: "", lastUpdatedTime: null, scheduled: null }
    : null,
  emergencyAddress: null,
  emergencyDisplayName: "",
  smsJob: 0,
  voiceJob: 0
})
