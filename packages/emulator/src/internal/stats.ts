/** @internal */
import type { Delivery, Stats } from "../Emulator.js"

/**
 * The public `Emulator.Stats`, defined there once: an immutable value, replaced on each change (it lives in a `Ref`).
 *
 * @internal
 */
export type { Stats }

/** @internal */
export const empty: Stats = {
  tokensIssued: 0,
  requestsTotal: 0,
  requests: {},
  faultsInjected: 0,
  unencodedQueryValues: 0,
  commaSeparatedQueryValues: 0,
  throttled: { token: 0, api: 0 },
  events: { delivered: 0, failed: 0, skipped: 0 }
}

/** One more request of an operation, answered with a status (or how its connection was dropped). @internal */
export const countRequest = (operationId: string, status: string) => (stats: Stats): Stats => {
  const byStatus = stats.requests[operationId] ?? {}
  return {
    ...stats,
    requestsTotal: stats.requestsTotal + 1,
    requests: { ...stats.requests, [operationId]: { ...byStatus, [status]: (byStatus[status] ?? 0) + 1 } }
  }
}

/** @internal */
export const countDelivery = (delivery: Delivery) => (stats: Stats): Stats => ({
  ...stats,
  events: { ...stats.events, [delivery.status]: stats.events[delivery.status] + 1 }
})

/** @internal */
export const countToken = (stats: Stats): Stats => ({ ...stats, tokensIssued: stats.tokensIssued + 1 })

/** @internal */
export const countFault = (stats: Stats): Stats => ({ ...stats, faultsInjected: stats.faultsInjected + 1 })

/** @internal */
export const countUnencoded = (stats: Stats): Stats => ({
  ...stats,
  unencodedQueryValues: stats.unencodedQueryValues + 1
})

/** @internal */
export const countCommaList = (stats: Stats): Stats => ({
  ...stats,
  commaSeparatedQueryValues: stats.commaSeparatedQueryValues + 1
})

/** A request refused by the emulator's own limits: the token endpoint's burst limit, or the project's budget. @internal */
export const countThrottled = (kind: "token" | "api") => (stats: Stats): Stats => ({
  ...stats,
  throttled: { ...stats.throttled, [kind]: stats.throttled[kind] + 1 }
})
