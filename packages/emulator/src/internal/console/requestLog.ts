/** @internal */
import * as Effect from "effect/Effect"
import type { Plan } from "../faultPlan.js"
import type { IncomingRequest, Outcome } from "../protocol.js"

/**
 * What the request pipeline notes about a request as it goes: the operation it matched, the fault plan it drew, and
 * whether the emulator's own limits refused it. Plain fields, written in place: the cheapest tap there is.
 *
 * @internal
 */
export interface Note {
  operation: string
  plan: Plan | undefined
  throttled: boolean
}

/** The note of a request nobody logs: written to and never read. @internal */
export const ignored: Note = { operation: "Unknown", plan: undefined, throttled: false }

/** How much of each body the log keeps: enough to read a request, bounded so 10,000 entries stay small. @internal */
export const maxBodyBytes = 4096

/**
 * One logged request. Bodies are kept as clipped bytes and masked only when someone reads them, so that logging
 * costs a request one small copy.
 *
 * @internal
 */
export interface Entry {
  readonly id: number
  readonly time: number
  readonly method: string
  readonly path: string
  readonly operation: string
  readonly status: number | "dropBeforeResponse" | "dropMidBody"
  readonly durationMillis: number
  readonly plan: Plan | undefined
  readonly throttled: boolean
  readonly authorization: string | null
  readonly requestContentType: string | null
  /** the body's head (see {@link clip}), and the whole body's length */
  readonly requestBody: string | Uint8Array | undefined
  readonly requestLength: number
  readonly responseContentType: string | undefined
  readonly responseBody: string | Uint8Array | undefined
  readonly responseLength: number
}

/**
 * A body's head: a small body as it is (no copy: it is already in memory, and small); of a larger one only the first
 * {@link maxBodyBytes}, copied, so that the log never holds a large body alive.
 *
 * @internal
 */
export const clip = (body: Uint8Array | string): string | Uint8Array =>
  body.length <= maxBodyBytes
    ? body
    // a slice of a string can keep the whole string alive: make a flat copy of the head
    : typeof body === "string"
    ? Buffer.from(body.slice(0, maxBodyBytes)).toString()
    : body.slice(0, maxBodyBytes)

/** Requests per second by status class, for the last {@link seriesSeconds}. @internal */
export interface Second {
  readonly second: number
  readonly ok: number
  readonly clientError: number
  readonly serverError: number
  readonly dropped: number
}

/** How many seconds of history the stats chart keeps. @internal */
export const seriesSeconds = 600

/** @internal */
export interface RequestLog {
  readonly capacity: number
  /** runs a request through `serve`, logging it; the emulator's own `/_emulator` endpoints are not logged */
  readonly tap: (
    incoming: IncomingRequest,
    serve: (incoming: IncomingRequest, note: Note) => Effect.Effect<Outcome>
  ) => Effect.Effect<Outcome>
  /** the entries kept, oldest first */
  readonly entries: () => ReadonlyArray<Entry>
  readonly get: (id: number) => Entry | undefined
  /** the last seconds, oldest first, ending with the current one */
  readonly series: (now: number) => ReadonlyArray<Second>
  /** called with each new entry; returns the unsubscribe */
  readonly subscribe: (listener: (entry: Entry) => void) => () => void
  readonly clear: () => void
}

const off: RequestLog = {
  capacity: 0,
  tap: (incoming, serve) => serve(incoming, ignored),
  entries: () => [],
  get: () => undefined,
  series: () => [],
  subscribe: () => () => undefined,
  clear: () => undefined
}

/**
 * A bounded log of the last `capacity` requests (a ring: it never grows past it), with a per-second count of
 * statuses for the last ten minutes. Capacity 0: nothing is logged and the tap costs nothing.
 *
 * @internal
 */
export const make = (capacity: number): RequestLog => {
  if (capacity <= 0) return off
  const ring: Array<Entry | undefined> = new Array(capacity)
  let written = 0
  // ids go on counting across a clear, so that a page holding old ids never mistakes a new entry for one
  let floor = 0
  const counts = new Int32Array(seriesSeconds * 4)
  const stamps = new Float64Array(seriesSeconds).fill(-1)
  const listeners = new Set<(entry: Entry) => void>()

  const count = (time: number, status: Entry["status"]) => {
    const second = Math.floor(time / 1000)
    const slot = second % seriesSeconds
    if (stamps[slot] !== second) {
      stamps[slot] = second
      counts.fill(0, slot * 4, slot * 4 + 4)
    }
    const kind = typeof status !== "number" ? 3 : status >= 500 ? 2 : status >= 400 ? 1 : 0
    counts[slot * 4 + kind]! += 1
  }

  const record = (entry: Entry) => {
    ring[written % capacity] = entry
    written++
    count(entry.time, entry.status)
    if (listeners.size > 0) { for (const listener of listeners) listener(entry) }
  }

  const tap: RequestLog["tap"] = (incoming, serve) => {
    if (incoming.url.pathname.startsWith("/_emulator")) return serve(incoming, ignored)
    const started = performance.now()
    const time = Date.now()
    const note: Note = { operation: "Unknown", plan: undefined, throttled: false }
    let requestBody: Uint8Array | undefined
    // the API reads no body of a GET or HEAD: no need to watch for one
    const request: IncomingRequest = incoming.method === "GET" || incoming.method === "HEAD" ? incoming : {
      method: incoming.method,
      url: incoming.url,
      headers: incoming.headers,
      readBody: (maxBytes) =>
        Effect.map(incoming.readBody(maxBytes), (bytes) => {
          requestBody = bytes
          return bytes
        })
    }
    return Effect.map(serve(request, note), (outcome) => {
      record({
        id: written + 1,
        time,
        method: incoming.method.toUpperCase(),
        path: incoming.url.pathname + incoming.url.search,
        operation: note.operation,
        status: outcome._tag === "Response"
          ? outcome.status
          : outcome._tag === "DropBeforeResponse"
          ? "dropBeforeResponse"
          : "dropMidBody",
        durationMillis: performance.now() - started,
        plan: note.plan,
        throttled: note.throttled,
        authorization: incoming.headers.get("authorization"),
        requestContentType: incoming.headers.get("content-type"),
        requestBody: requestBody === undefined ? undefined : clip(requestBody),
        requestLength: requestBody?.length ?? 0,
        responseContentType: outcome._tag === "DropBeforeResponse" ? undefined : outcome.headers["content-type"],
        responseBody: outcome._tag === "DropBeforeResponse" ? undefined : clip(outcome.body),
        responseLength: outcome._tag === "DropBeforeResponse" ? 0 : outcome.body.length
      })
      return outcome
    })
  }

  return {
    capacity,
    tap,
    entries: () => {
      const kept = Math.min(written - floor, capacity)
      const out: Array<Entry> = new Array(kept)
      for (let i = 0; i < kept; i++) out[i] = ring[(written - kept + i) % capacity]!
      return out
    },
    get: (id) => {
      if (id <= floor || id > written || id <= written - capacity) return undefined
      return ring[(id - 1) % capacity]
    },
    series: (now) => {
      const last = Math.floor(now / 1000)
      const out: Array<Second> = []
      for (let second = last - seriesSeconds + 1; second <= last; second++) {
        const slot = ((second % seriesSeconds) + seriesSeconds) % seriesSeconds
        const fresh = stamps[slot] === second
        out.push({
          second,
          ok: fresh ? counts[slot * 4]! : 0,
          clientError: fresh ? counts[slot * 4 + 1]! : 0,
          serverError: fresh ? counts[slot * 4 + 2]! : 0,
          dropped: fresh ? counts[slot * 4 + 3]! : 0
        })
      }
      return out
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    clear: () => {
      ring.fill(undefined)
      floor = written
      stamps.fill(-1)
    }
  }
}
