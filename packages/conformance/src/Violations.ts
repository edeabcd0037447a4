/**
 * What Prism found wrong, collected from every answer: the `sl-violations` header (and the `validation` list of
 * Prism's own problem+json answers), split into request-side and response-side violations.
 *
 * @since 0.0.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"

/**
 * One violation as Prism reports it.
 *
 * @since 0.0.0
 * @category models
 */
export interface Violation {
  /** `["request", "body", "displayName"]`, `["response", "body", ...]`, `["request", "query", "type"]`… */
  readonly location: ReadonlyArray<string>
  readonly severity: string
  readonly code: string
  readonly message: string
}

/**
 * A violation with the exchange it was found in.
 *
 * @since 0.0.0
 * @category models
 */
export interface Recorded extends Violation {
  readonly side: "request" | "response"
  readonly method: string
  readonly url: string
  readonly status: number
}

/**
 * A recorder: wrap the `HttpClient` with {@link Recorder.record}, read what it saw.
 *
 * @since 0.0.0
 * @category models
 */
export interface Recorder {
  readonly record: <E, R>(client: HttpClient.HttpClient.With<E, R>) => HttpClient.HttpClient.With<E, R>
  readonly requestViolations: Effect.Effect<ReadonlyArray<Recorded>>
  readonly responseViolations: Effect.Effect<ReadonlyArray<Recorded>>
  /** Every answer seen, by status. */
  readonly statuses: Effect.Effect<ReadonlyMap<number, number>>
  /** How many answers have been seen. */
  readonly answers: Effect.Effect<number>
  readonly reset: Effect.Effect<void>
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const toViolation = (u: unknown): Violation | undefined => {
  if (!isRecord(u) || !Array.isArray(u.location)) return undefined
  return {
    location: u.location.map(String),
    severity: String(u.severity ?? ""),
    code: String(u.code ?? ""),
    message: String(u.message ?? "")
  }
}

/**
 * Reads an `sl-violations` header. Prism cuts long lists at about 8 kB, leaving JSON that does not parse: each
 * `"location":["request"` or `["response"` left in the text still counts as one violation, with the cut text as
 * its message.
 *
 * @since 0.0.0
 * @category parsing
 */
export const parseHeader = (header: string): ReadonlyArray<Violation> => {
  try {
    const parsed: unknown = JSON.parse(header)
    if (Array.isArray(parsed)) return parsed.flatMap((u) => toViolation(u) ?? [])
  } catch {
    // cut: fall through
  }
  const found: Array<Violation> = []
  for (const match of header.matchAll(/"location":\["(request|response)"[^\]]*\]/g)) {
    const at = match.index
    found.push({
      location: [match[1]!],
      severity: "Error",
      code: "unreadable",
      message: `(sl-violations header cut by Prism) …${header.slice(at, at + 300)}`
    })
  }
  if (found.length === 0) {
    found.push({
      location: ["unknown"],
      severity: "Error",
      code: "unreadable",
      message: `sl-violations header not readable: ${header.slice(0, 300)}`
    })
  }
  return found
}

// Prism's own answers (problem+json) whose type says the request was at fault.
const requestProblems = new Set([
  "UNPROCESSABLE_ENTITY",
  "UNAUTHORIZED",
  "NO_PATH_MATCHED_ERROR",
  "NO_METHOD_MATCHED_ERROR",
  "NO_SERVER_MATCHED_ERROR",
  "INVALID_CONTENT_TYPE",
  "NOT_ACCEPTABLE"
])

/**
 * Reads Prism's own answer (problem+json, type `https://stoplight.io/prism/errors#...`): the `validation` list of a
 * violation answer, or the problem itself as one violation. `UNPROCESSABLE_ENTITY` lists request violations without
 * the leading `"request"` in their locations: it is added. Not a Prism problem: `undefined`.
 *
 * @since 0.0.0
 * @category parsing
 */
export const parseProblem = (text: string): ReadonlyArray<Violation> | undefined => {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(body) || typeof body.type !== "string" || !body.type.includes("stoplight.io/prism/errors#")) {
    return undefined
  }
  const kind = body.type.slice(body.type.indexOf("#") + 1)
  const side = requestProblems.has(kind) ? "request" : "response"
  const listed = Array.isArray(body.validation) ? body.validation.flatMap((u) => toViolation(u) ?? []) : []
  if (listed.length > 0) {
    return listed.map((v) =>
      v.location[0] === "request" || v.location[0] === "response" ? v : { ...v, location: [side, ...v.location] }
    )
  }
  return [{
    location: [side],
    severity: "Error",
    code: kind,
    message: `${String(body.title ?? "")}: ${String(body.detail ?? "")}`
  }]
}

/**
 * A request's URL with its query (`HttpClientRequest` keeps the query apart from `url`).
 *
 * @since 0.0.0
 * @category formatting
 */
export const fullUrl = (request: HttpClientRequest.HttpClientRequest): string =>
  request.urlParams.length === 0
    ? request.url
    : `${request.url}${request.url.includes("?") ? "&" : "?"}${UrlParams.toString(request.urlParams)}`

const sideOf = (violation: Violation): "request" | "response" =>
  violation.location[0] === "request" ? "request" : "response"

/**
 * A new recorder.
 *
 * @since 0.0.0
 * @category constructors
 */
export const makeRecorder: Effect.Effect<Recorder> = Effect.sync(() => {
  const recorded: Array<Recorded> = []
  const statuses = new Map<number, number>()
  let answers = 0

  const collect = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<void> =>
    Effect.gen(function*() {
      answers++
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      const header = response.headers["sl-violations"]
      // Prism's own answer (with --errors, or to a request it cannot route) lists the violations in full in its body;
      // the header, when there is one, says the same but is cut at about 8 kB. So the body wins, and nothing counts
      // twice.
      const isProblem = (response.headers["content-type"] ?? "").includes("application/problem+json")
      const fromBody = isProblem ? parseProblem(yield* Effect.orElseSucceed(response.text, () => "")) : undefined
      const found = fromBody ?? (header === undefined || header === "" ? [] : parseHeader(header))
      for (const violation of found) {
        recorded.push({
          ...violation,
          side: sideOf(violation),
          method: response.request.method,
          url: fullUrl(response.request),
          status: response.status
        })
      }
    })

  return {
    record: (client) => HttpClient.tap(client, collect),
    requestViolations: Effect.sync(() => recorded.filter((v) => v.side === "request")),
    responseViolations: Effect.sync(() => recorded.filter((v) => v.side === "response")),
    statuses: Effect.sync(() => new Map(statuses)),
    answers: Effect.sync(() => answers),
    reset: Effect.sync(() => {
      recorded.length = 0
      statuses.clear()
      answers = 0
    })
  }
})

/**
 * One line per violation, for a failure message.
 *
 * @since 0.0.0
 * @category formatting
 */
export const format = (violations: ReadonlyArray<Recorded>): string =>
  violations
    .map((v) => `${v.method} ${v.url} -> ${v.status}: [${v.location.join(".")}] ${v.severity} ${v.code}: ${v.message}`)
    .join("\n")

/**
 * The violations grouped by their kind (side, location without array indexes, code), with a count and one example
 * each: the classes a report lists.
 *
 * @since 0.0.0
 * @category formatting
 */
export const classes = (
  violations: ReadonlyArray<Recorded>
): ReadonlyArray<{ readonly key: string; readonly count: number; readonly example: Recorded }> => {
  const byKey = new Map<string, { key: string; count: number; example: Recorded }>()
  for (const v of violations) {
    const key = `${v.side} ${v.location.slice(1).filter((part) => !/^\d+$/.test(part)).join(".")} ${v.code}`
    const entry = byKey.get(key)
    if (entry === undefined) byKey.set(key, { key, count: 1, example: v })
    else entry.count++
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count)
}
