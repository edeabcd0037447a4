/** @internal */
import * as Faults from "../Faults.js"
import { hash32 } from "./inventory.js"
import type { Outcome } from "./protocol.js"
import { bytesOf, errorOutcome, jsonOutcome, textOutcome } from "./protocol.js"
import { serverError } from "./wire.js"

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

/**
 * The auth gateway's 429: its own JSON body, and no `Retry-After`.
 *
 * @internal
 */
export const gatewayTooManyRequests = (): Outcome =>
  jsonOutcome(429, { error: "rate_limited", error_description: "Too many requests", status_code: 429 })

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

const htmlPage = (status: 502 | 503) => {
  const title = status === 502 ? "502 Bad Gateway" : "503 Service Temporarily Unavailable"
  return `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`
}

/**
 * The answer that replaces the request's own, for a plan that does not let it through (an error status or an HTML
 * page); undefined when the request is to be handled.
 *
 * @internal
 */
export const answerInstead = (plan: Plan, operationId: Faults.OperationId): Outcome | undefined => {
  switch (plan._tag) {
    case "Status":
      // the auth gateway's 429 has its own body and no Retry-After
      if (operationId === "OAuthToken" && plan.retryAfter < 0) return gatewayTooManyRequests()
      return errorOutcome(
        serverError(
          plan.status,
          undefined,
          plan.status === 429 && plan.retryAfter >= 0 ? { "retry-after": String(plan.retryAfter) } : {}
        )
      )
    case "Html":
      return textOutcome(plan.status, htmlPage(plan.status), "text/html")
    default:
      return undefined
  }
}

/**
 * What becomes of a handled request's answer: dropped before or in the middle of its body, or its JSON cut short.
 *
 * @internal
 */
export const applyAfter = (plan: Plan, outcome: Outcome): Outcome => {
  if (outcome._tag !== "Response") return outcome
  switch (plan._tag) {
    case "DropBeforeResponse":
      return { _tag: "DropBeforeResponse" }
    case "DropMidBody": {
      const body = bytesOf(outcome.body)
      return body.length < 2 ? { _tag: "DropBeforeResponse" } : { ...outcome, _tag: "DropMidBody", body }
    }
    case "MalformedJson": {
      const body = bytesOf(outcome.body)
      const cut = body.subarray(0, Math.max(1, Math.floor(body.length / 2)))
      return {
        ...outcome,
        headers: { ...outcome.headers, "content-type": "application/json" },
        body: body.length === 0 ? "{\"" : cut
      }
    }
    default:
      return outcome
  }
}
