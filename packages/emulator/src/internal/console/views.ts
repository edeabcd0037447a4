/** @internal */
import * as Effect from "effect/Effect"
import type { Delivery } from "../../Emulator.js"
import type { Ctx } from "../context.js"
import type * as Inventory from "../inventory.js"
import { settleReview } from "../orders.js"
import type { ErrorResponse } from "../wire.js"
import { invalidArgument, notFound } from "../wire.js"
import type { Entry } from "./requestLog.js"

// ----- requests: what the page shows of a logged request, with every secret masked

/** The secrets a body or header may carry, as they are now. @internal */
export interface Secrets {
  readonly keySecret: string
  readonly hmacSecret: string
}

const masked = "•••"
const secretJsonField =
  /("(?:access_token|refresh_token|id_token|hmacSecret|client_secret|keySecret)"\s*:\s*")((?:[^"\\]|\\.)*)/g
const secretFormField = /((?:^|&)(?:client_secret|access_token|refresh_token)=)([^&]*)/g

/**
 * Masks what must never be shown: secret JSON fields and form fields, and the key secret and HMAC secret wherever
 * they appear.
 *
 * @internal
 */
export const mask = (text: string, secrets: Secrets): string => {
  let out = text.replace(secretJsonField, `$1${masked}`).replace(secretFormField, `$1${masked}`)
  for (const secret of [secrets.keySecret, secrets.hmacSecret]) {
    if (secret.length >= 4) out = out.split(secret).join(masked)
  }
  return out
}

/** An Authorization header with its credentials masked: the scheme stays, so a reader sees Basic or Bearer. */
const maskAuthorization = (value: string | null): string | null =>
  value === null ? null : `${value.trim().split(/\s+/)[0] ?? ""} ${masked}`

const textual = /json|text|x-www-form-urlencoded|xml|html/i

const textOf = (head: string | Uint8Array): string => typeof head === "string" ? head : new TextDecoder().decode(head)

const bodyView = (
  head: string | Uint8Array | undefined,
  length: number,
  contentType: string | null | undefined,
  secrets: Secrets
) => {
  if (head === undefined || length === 0) return null
  const truncated = head.length < length
  if (contentType !== null && contentType !== undefined && !textual.test(contentType)) {
    return { length, truncated, text: `(${length} bytes, ${contentType})` }
  }
  return { length, truncated, text: mask(textOf(head), secrets) }
}

/** What the fault plan did to a request, in a few words; null when nothing was injected. @internal */
export const faultOf = (entry: Entry): string | null => {
  if (entry.throttled) return "rate limit (emulator)"
  const plan = entry.plan
  if (plan === undefined) return null
  const latency = plan.latency > 0 ? `${plan.latency} ms latency` : undefined
  const what = plan._tag === "Status"
    ? `status ${plan.status}`
    : plan._tag === "Html"
    ? `HTML ${plan.status}`
    : plan._tag === "DropBeforeResponse"
    ? "drop before response"
    : plan._tag === "DropMidBody"
    ? "drop mid-body"
    : plan._tag === "MalformedJson"
    ? "malformed JSON"
    : undefined
  const parts = [what, latency].filter((p): p is string => p !== undefined)
  return parts.length === 0 ? null : parts.join(" + ")
}

const phoneInText = /\+?\d{8,15}/g

/** The phone numbers a request names, in its path or its body: what the number filter looks at. */
const numbersOf = (entry: Entry): ReadonlyArray<string> => {
  const path = decodeURIComponent(entry.path.replace(/%(?![0-9a-fA-F]{2})/g, "%25"))
  const body = entry.requestBody === undefined ? "" : textOf(entry.requestBody)
  return [...new Set([...`${path} ${body}`.matchAll(phoneInText)].map((m) => m[0].replace(/^\+?/, "+")))]
}

/** One row of the requests view. @internal */
export const summary = (entry: Entry) => ({
  id: entry.id,
  time: entry.time,
  method: entry.method,
  path: entry.path,
  operation: entry.operation,
  status: entry.status,
  durationMillis: Math.round(entry.durationMillis * 10) / 10,
  fault: faultOf(entry),
  numbers: numbersOf(entry)
})

/** A request in full: its summary, the masked Authorization header and both bodies, masked. @internal */
export const detail = (entry: Entry, secrets: Secrets) => ({
  ...summary(entry),
  authorization: maskAuthorization(entry.authorization),
  request: {
    contentType: entry.requestContentType,
    body: bodyView(entry.requestBody, entry.requestLength, entry.requestContentType, secrets)
  },
  response: {
    contentType: entry.responseContentType ?? null,
    body: bodyView(entry.responseBody, entry.responseLength, entry.responseContentType, secrets)
  }
})

/** The filters of the requests view; all optional. @internal */
export interface RequestFilter {
  readonly operation?: string | undefined
  /** a status ("404"), a class ("4xx") or a dropped connection ("drop") */
  readonly status?: string | undefined
  /** digits of a phone number the request names */
  readonly number?: string | undefined
}

/** @internal */
export const matches = (filter: RequestFilter) => {
  const digits = filter.number?.replace(/\D/g, "") ?? ""
  return (row: ReturnType<typeof summary>): boolean => {
    if (filter.operation !== undefined && filter.operation !== "" && row.operation !== filter.operation) return false
    if (filter.status !== undefined && filter.status !== "") {
      const status = String(row.status)
      const wanted = filter.status.toLowerCase()
      const ok = wanted === "drop"
        ? typeof row.status !== "number"
        : /^\dxx$/.test(wanted)
        ? status[0] === wanted[0]
        : status === wanted
      if (!ok) return false
    }
    return digits === "" || row.numbers.some((n) => n.includes(digits))
  }
}

// ----- numbers: the active inventory, a page at a time

/** The largest page the numbers view asks for. @internal */
export const maxNumbersPage = 200

/** @internal */
export const listNumbers = (ctx: Ctx, after: string | undefined, size: number, search: string | undefined) =>
  Effect.gen(function*() {
    const store = ctx.store
    const now = yield* ctx.now
    const digits = search?.replace(/\D/g, "") ?? ""
    const filter: Inventory.Filter = digits === "" ? {} : { pattern: digits, searchPattern: "CONTAINS" }
    const cursor = after === undefined || after === ""
      ? undefined
      : { orderBy: "phoneNumber" as const, phoneNumber: after, displayName: "" }
    const page = store.listActive(filter, "phoneNumber", cursor, size, now)
    return {
      numbers: page.items.map((item) => JSON.parse(store.activeJson(item)) as unknown),
      next: page.next?.phoneNumber ?? null,
      // a count without a pattern is arithmetic; with one it scans, so a search does not count
      total: digits === "" ? store.countActive({}, now) : null
    }
  })

/** An active number with its configuration and pending provisioning, as GetActiveNumber has it. @internal */
export const numberDetail = (ctx: Ctx, phoneNumber: string): Effect.Effect<unknown, ErrorResponse> =>
  Effect.gen(function*() {
    const store = ctx.store
    const record = store.getActive(phoneNumber, yield* ctx.now)
    if (record === undefined) return yield* notFound("ActiveNumber", phoneNumber)
    return store.toWire(record)
  })

// ----- number orders: the review queue

/** Every order, those in review first, then the newest. @internal */
export const listOrders = (ctx: Ctx) =>
  Effect.sync(() => {
    const store = ctx.store
    const orders = [...store.orders.values()].map((order) => ({
      ...store.orderWire(order),
      requestDetails: order.requestDetails,
      logs: order.logs
    }))
    return orders.sort((a, b) =>
      Number(b.state === "IN_REVIEW") - Number(a.state === "IN_REVIEW") || b.createTime.localeCompare(a.createTime)
    )
  })

/** How a reviewer can end a review. @internal */
export type Verdict = "COMPLETED" | "REJECTED" | "BLOCKED"

/**
 * Ends an order's review now, by the emulator's own review path (the numbers activate on COMPLETED; the order's
 * callback URL hears of the new state). Only an order IN_REVIEW can be reviewed.
 *
 * @internal
 */
export const reviewOrder = (ctx: Ctx, orderId: string, verdict: Verdict, reason: string | undefined) =>
  Effect.gen(function*() {
    const store = ctx.store
    const order = store.orders.get(orderId)
    if (order === undefined) return yield* notFound("NumberOrder", orderId)
    if (order.state !== "IN_REVIEW") {
      return yield* invalidArgument([{
        field: "numberOrderId",
        description: `The number order is ${order.state}; only an order IN_REVIEW can be approved, rejected or blocked`
      }])
    }
    yield* settleReview(ctx, store, order, verdict, yield* ctx.now, reason)
    return store.orderWire(order)
  })

// ----- callbacks: each delivery, and sending one again

/** @internal */
export const deliveryView = (delivery: Delivery, index: number) => {
  let payload: unknown = null
  try {
    payload = JSON.parse(delivery.body)
  } catch {
    // a body the emulator wrote is JSON; if not, the page shows the raw text
  }
  return { index, ...delivery, payload }
}

/**
 * Posts a delivery's event again, to the same URL, signed with the project's HMAC secret now; the new delivery is
 * recorded like any other.
 *
 * @internal
 */
export const redeliver = (ctx: Ctx, deliveries: ReadonlyArray<Delivery>, index: number) =>
  Effect.gen(function*() {
    const delivery = deliveries[index]
    if (delivery === undefined) return yield* notFound("Delivery", String(index))
    const payload = deliveryView(delivery, index).payload
    if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
      return yield* invalidArgument([{ field: "index", description: "This delivery's body is not an event" }])
    }
    const event: Record<string, unknown> = { ...payload }
    return deliveryView(yield* Effect.interruptible(ctx.emitNow(delivery.url, event)), deliveries.length)
  })
