/** @internal */
import * as Faults from "../Faults.js"
import { hash32 } from "./inventory.js"

/** @internal */
export type Plan =
  | { readonly _tag: "Pass"; readonly latency: number }
  | {
    readonly _tag: "Status"
    readonly latency: number
    readonly status: Faults.FaultStatus
    readonly retryAfter: number
  }
  | { readonly _tag: "Html"; readonly latency: number; readonly status: 502 | 503 }
  | { readonly _tag: "DropBeforeResponse"; readonly latency: number }
  | { readonly _tag: "DropMidBody"; readonly latency: number }
  | { readonly _tag: "MalformedJson"; readonly latency: number }

const operationIndex = (operationId: Faults.OperationId): number => Faults.OperationId.literals.indexOf(operationId)

const chance = (seed: number, op: number, n: number, salt: number): number => hash32(seed, op, n, salt) / 4294967296

/**
 * Decides what happens to the `n`th request of an operation: a pure function of the configuration, the seed, the
 * operation and `n`, so a run is reproducible.
 *
 * @internal
 */
export const decide = (faults: Faults.Faults, seed: number, operationId: Faults.OperationId, n: number): Plan => {
  const s = faults.seed ?? seed
  const op = operationIndex(operationId)
  const rule = Faults.ruleFor(faults, operationId)
  const jitter = rule.latencyJitter ?? 0
  const latency = (rule.latency ?? 0) + (jitter > 0 ? Math.floor(chance(s, op, n, 1) * jitter) : 0)
  if (operationId === "OAuthToken" && faults.token429 !== undefined && chance(s, op, n, 2) < faults.token429) {
    return { _tag: "Status", latency, status: 429, retryAfter: -1 }
  }
  if (rule.htmlError !== undefined && chance(s, op, n, 3) < rule.htmlError) {
    return { _tag: "Html", latency, status: chance(s, op, n, 4) < 0.5 ? 502 : 503 }
  }
  if (rule.rate !== undefined && chance(s, op, n, 5) < rule.rate) {
    const statuses = rule.statuses ?? [429, 500, 502, 503]
    const status = statuses[hash32(s, op, n, 6) % statuses.length]!
    return { _tag: "Status", latency, status, retryAfter: rule.retryAfter ?? 1 }
  }
  if (rule.dropBeforeResponse !== undefined && chance(s, op, n, 7) < rule.dropBeforeResponse) {
    return { _tag: "DropBeforeResponse", latency }
  }
  if (rule.dropMidBody !== undefined && chance(s, op, n, 8) < rule.dropMidBody) {
    return { _tag: "DropMidBody", latency }
  }
  if (rule.malformedJson !== undefined && chance(s, op, n, 9) < rule.malformedJson) {
    return { _tag: "MalformedJson", latency }
  }
  return { _tag: "Pass", latency }
}
