/** @internal */
import * as Data from "effect/Data"
import * as Either from "effect/Either"

/**
 * The derived inventory: numbers are never stored, they are computed from (seed, block, kind, index), so a million
 * active numbers cost nothing at start-up. Within a block every number has the same length and prefix and index order
 * is phone-number order; blocks are sorted by prefix and no prefix is a prefix of another, so concatenating blocks
 * in order gives the global phone-number order.
 */

/** @internal */
export type NumberType = "MOBILE" | "LOCAL" | "TOLL_FREE"

/** @internal */
export type Capability = "SMS" | "VOICE"

/** @internal */
export type Kind = 0 | 1 // 0 = active, 1 = available

/** @internal */
export interface Region {
  readonly regionCode: string
  readonly regionName: string
  readonly currencyCode: string
}

/** @internal */
export const regions: ReadonlyArray<Region> = [
  { regionCode: "AU", regionName: "Australia", currencyCode: "AUD" },
  { regionCode: "DE", regionName: "Germany", currencyCode: "EUR" },
  { regionCode: "GB", regionName: "United Kingdom", currencyCode: "GBP" },
  { regionCode: "SE", regionName: "Sweden", currencyCode: "SEK" },
  { regionCode: "US", regionName: "United States", currencyCode: "USD" }
]

interface BlockSpec {
  readonly regionCode: string
  readonly type: NumberType
  readonly prefix: string
  readonly digits: number
  readonly weight: number
  readonly setupPrice: string
  readonly monthlyPrice: string
  readonly supportingDocumentationRequired: boolean
  readonly capabilities: ReadonlyArray<ReadonlyArray<Capability>>
}

const smsVoice: ReadonlyArray<ReadonlyArray<Capability>> = [["SMS", "VOICE"], ["SMS", "VOICE"], ["SMS"], ["VOICE"]]
const voiceOnly: ReadonlyArray<ReadonlyArray<Capability>> = [["VOICE"]]
const usLocal = (areaCode: string, weight: number): BlockSpec => ({
  regionCode: "US",
  type: "LOCAL",
  prefix: `+1${areaCode}`,
  digits: 7,
  weight,
  setupPrice: "0.00",
  monthlyPrice: "2.00",
  supportingDocumentationRequired: false,
  capabilities: smsVoice
})

const specs: ReadonlyArray<BlockSpec> = [
  usLocal("201", 8),
  usLocal("208", 8),
  usLocal("212", 10),
  usLocal("303", 8),
  usLocal("415", 10),
  usLocal("512", 8),
  usLocal("617", 8),
  usLocal("720", 8),
  ...["833", "844", "855"].map((code): BlockSpec => ({
    regionCode: "US",
    type: "TOLL_FREE",
    prefix: `+1${code}`,
    digits: 7,
    weight: 3,
    setupPrice: "0.00",
    monthlyPrice: "2.50",
    supportingDocumentationRequired: false,
    capabilities: smsVoice
  })),
  {
    regionCode: "GB",
    type: "LOCAL",
    prefix: "+44207",
    digits: 7,
    weight: 4,
    setupPrice: "0.00",
    monthlyPrice: "1.00",
    supportingDocumentationRequired: true,
    capabilities: voiceOnly
  },
  {
    regionCode: "GB",
    type: "MOBILE",
    prefix: "+4477",
    digits: 8,
    weight: 6,
    setupPrice: "0.00",
    monthlyPrice: "0.80",
    supportingDocumentationRequired: false,
    capabilities: smsVoice
  },
  {
    regionCode: "SE",
    type: "MOBILE",
    prefix: "+4670",
    digits: 7,
    weight: 3,
    setupPrice: "0.00",
    monthlyPrice: "15.00",
    supportingDocumentationRequired: false,
    capabilities: smsVoice
  },
  {
    regionCode: "SE",
    type: "LOCAL",
    prefix: "+468",
    digits: 7,
    weight: 2,
    setupPrice: "5.00",
    monthlyPrice: "8.00",
    supportingDocumentationRequired: true,
    capabilities: voiceOnly
  },
  {
    regionCode: "DE",
    type: "LOCAL",
    prefix: "+4930",
    digits: 8,
    weight: 3,
    setupPrice: "1.00",
    monthlyPrice: "1.00",
    supportingDocumentationRequired: true,
    capabilities: voiceOnly
  },
  {
    regionCode: "DE",
    type: "MOBILE",
    prefix: "+49151",
    digits: 8,
    weight: 3,
    setupPrice: "0.00",
    monthlyPrice: "1.50",
    supportingDocumentationRequired: false,
    capabilities: smsVoice
  },
  {
    regionCode: "AU",
    type: "LOCAL",
    prefix: "+612",
    digits: 8,
    weight: 2,
    setupPrice: "0.00",
    monthlyPrice: "3.00",
    supportingDocumentationRequired: true,
    capabilities: voiceOnly
  },
  {
    regionCode: "AU",
    type: "MOBILE",
    prefix: "+614",
    digits: 8,
    weight: 3,
    setupPrice: "1.00",
    monthlyPrice: "1.00",
    supportingDocumentationRequired: true,
    capabilities: smsVoice
  }
]

/** @internal */
export interface Block extends BlockSpec {
  readonly index: number
  readonly currencyCode: string
  /** how many numbers of each kind the block derives: [active, available] */
  readonly counts: readonly [number, number]
  readonly step: number
  readonly salt: number
}

/** @internal */
export interface Inventory {
  readonly seed: number
  readonly blocks: ReadonlyArray<Block>
  readonly activeTotal: number
  readonly availableTotal: number
}

/** @internal */
export const hash32 = (a: number, b: number, c: number, d: number): number => {
  let h = (a ^ 0x9e3779b9) >>> 0
  h = Math.imul(h ^ (b + 0x7f4a7c15), 0x85ebca6b) >>> 0
  h = Math.imul(h ^ (h >>> 13) ^ (c + 0x165667b1), 0xc2b2ae35) >>> 0
  h = Math.imul(h ^ (h >>> 16) ^ (d + 0x27d4eb2f), 0x85ebca6b) >>> 0
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d) >>> 0
  h ^= h >>> 12
  return h >>> 0
}

const distribute = (total: number, weights: ReadonlyArray<number>): Array<number> => {
  const sum = weights.reduce((a, b) => a + b, 0)
  const counts = weights.map((w) => Math.floor((total * w) / sum))
  let rest = total - counts.reduce((a, b) => a + b, 0)
  for (let i = 0; rest > 0; i = (i + 1) % counts.length, rest--) counts[i]!++
  return counts
}

/** @internal */
export const maxNumbersPerKind = 20_000_000

/** The inventory asked for does not fit the emulator's number ranges. @internal */
export class InventoryError extends Data.TaggedError("InventoryError")<{ readonly message: string }> {}

/**
 * Builds the inventory; fails when the counts do not fit the number ranges.
 *
 * @internal
 */
export const make = (
  options: { seed: number; active: number; available: number }
): Either.Either<Inventory, InventoryError> => {
  const weights = specs.map((s) => s.weight)
  const active = distribute(options.active, weights)
  const available = distribute(options.available, weights)
  const sorted = specs.map((spec, i) => ({ spec, active: active[i]!, available: available[i]! }))
    .sort((a, b) => (a.spec.prefix < b.spec.prefix ? -1 : 1))
  const blocks: Array<Block> = []
  for (const { active, available, spec } of sorted) {
    const slots = 10 ** spec.digits
    const step = Math.floor(slots / (2 * Math.max(active, available) + 2))
    if (step < 2) {
      return Either.left(
        new InventoryError({
          message:
            `Too many numbers for the emulator's ranges: ${spec.regionCode} ${spec.type} (${spec.prefix}) would need ${
              Math.max(active, available)
            } numbers of a kind; use fewer active or available numbers`
        })
      )
    }
    blocks.push({
      ...spec,
      index: blocks.length,
      currencyCode: regions.find((r) => r.regionCode === spec.regionCode)!.currencyCode,
      counts: [active, available],
      step,
      salt: hash32(options.seed, blocks.length, spec.digits, 7)
    })
  }
  return Either.right({ seed: options.seed, blocks, activeTotal: options.active, availableTotal: options.available })
}

/** The slot (suffix value) of number `k` of a kind in a block: monotonic in k, kinds interleaved, never equal. */
const slot = (block: Block, kind: Kind, k: number): number =>
  (2 * k + kind) * block.step + (hash32(block.salt, kind, k, 0x51ed) % block.step)

/** @internal */
export const phoneNumber = (block: Block, kind: Kind, k: number): string =>
  block.prefix + String(slot(block, kind, k)).padStart(block.digits, "0")

/** @internal */
export const capabilities = (block: Block, k: number): ReadonlyArray<Capability> =>
  block.capabilities[k % block.capabilities.length]!

/** The block a phone number belongs to, if any. @internal */
export const blockOf = (inventory: Inventory, phone: string): Block | undefined => {
  for (const block of inventory.blocks) {
    if (phone.length === block.prefix.length + block.digits && phone.startsWith(block.prefix)) return block
  }
  return undefined
}

/**
 * Finds which derived number of a kind this phone number is, if it is one.
 *
 * @internal
 */
export const indexOf = (inventory: Inventory, kind: Kind, phone: string): { block: Block; k: number } | undefined => {
  const block = blockOf(inventory, phone)
  if (block === undefined) return undefined
  const suffix = phone.slice(block.prefix.length)
  if (!/^\d+$/.test(suffix)) return undefined
  const value = Number(suffix)
  const position = Math.floor(value / block.step)
  if (position % 2 !== kind) return undefined
  const k = (position - kind) / 2
  if (k >= block.counts[kind]) return undefined
  return slot(block, kind, k) === value ? { block, k } : undefined
}

/**
 * The first index in [lo, hi) whose number compares greater than (or, with `inclusive`, equal to) `key`.
 *
 * @internal
 */
export const lowerBound = (
  block: Block,
  kind: Kind,
  key: string,
  lo: number,
  hi: number,
  inclusive: boolean
): number => {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const n = phoneNumber(block, kind, mid)
    if (inclusive ? n < key : n <= key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** @internal */
export type SearchPattern = "START" | "CONTAINS" | "END"

/** @internal */
export interface Filter {
  readonly regionCode?: string | undefined
  readonly type?: NumberType | undefined
  /** digits without a leading "+" */
  readonly pattern?: string | undefined
  readonly searchPattern?: SearchPattern | undefined
  readonly capabilities?: ReadonlyArray<Capability> | undefined
}

/** @internal */
export const blocksFor = (inventory: Inventory, filter: Filter): ReadonlyArray<Block> =>
  inventory.blocks.filter((b) =>
    (filter.regionCode === undefined || b.regionCode === filter.regionCode) &&
    (filter.type === undefined || b.type === filter.type)
  )

/** @internal */
export const hasCapabilities = (
  have: ReadonlyArray<string>,
  want: ReadonlyArray<Capability> | undefined
): boolean => want === undefined || want.every((c) => have.includes(c))

/** @internal */
export const matchesPattern = (phone: string, filter: Filter): boolean => {
  if (filter.pattern === undefined || filter.pattern === "") return true
  const digits = phone.startsWith("+") ? phone.slice(1) : phone
  switch (filter.searchPattern ?? "CONTAINS") {
    case "START":
      return digits.startsWith(filter.pattern)
    case "END":
      return digits.endsWith(filter.pattern)
    case "CONTAINS":
      return digits.includes(filter.pattern)
  }
}

/**
 * The index range of a block that a filter can match: narrowed by binary search for a START pattern.
 *
 * @internal
 */
export const range = (block: Block, kind: Kind, filter: Filter): readonly [number, number] => {
  const count = block.counts[kind]
  if (filter.pattern !== undefined && filter.pattern !== "" && filter.searchPattern === "START") {
    const key = "+" + filter.pattern
    const lo = lowerBound(block, kind, key, 0, count, true)
    const hi = lowerBound(block, kind, key + "\uffff", lo, count, true)
    return [lo, hi]
  }
  return [0, count]
}

/** Whether the pattern needs a scan (CONTAINS, END) rather than a range. @internal */
export const scansPattern = (filter: Filter): boolean =>
  filter.pattern !== undefined && filter.pattern !== "" && filter.searchPattern !== "START"

/**
 * How many indexes in [lo, hi) have capabilities that satisfy the filter, computed from the capability cycle.
 *
 * @internal
 */
export const countByCapability = (
  block: Block,
  lo: number,
  hi: number,
  want: ReadonlyArray<Capability> | undefined
) => {
  if (hi <= lo) return 0
  if (want === undefined || want.length === 0) return hi - lo
  const cycle = block.capabilities.length
  let total = 0
  for (let r = 0; r < cycle; r++) {
    if (!hasCapabilities(block.capabilities[r]!, want)) continue
    // indexes k in [lo, hi) with k % cycle === r
    const first = lo + ((r - (lo % cycle) + cycle) % cycle)
    if (first < hi) total += Math.floor((hi - 1 - first) / cycle) + 1
  }
  return total
}
