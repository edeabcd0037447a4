import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import { excerpt, query, segment } from "../../src/internal/encoding.js"
import * as RetryPolicy from "../../src/internal/retryPolicy.js"
import * as NumbersError from "../../src/NumbersError.js"

const base = { operation: "getActiveNumber", method: "GET", path: "/v1/projects/p/activeNumbers/+1", attempts: 1 }

describe("retry policy", () => {
  it("reads Retry-After as seconds or as an HTTP date, and ignores anything else", () => {
    const now = Date.UTC(2025, 0, 1, 12, 0, 0)
    expect(RetryPolicy.parseRetryAfter("7", now)).toEqual(Duration.seconds(7))
    expect(RetryPolicy.parseRetryAfter(" 0 ", now)).toEqual(Duration.seconds(0))
    expect(RetryPolicy.parseRetryAfter("Wed, 01 Jan 2025 12:00:30 GMT", now)).toEqual(Duration.millis(30_000))
    // A date in the past means now.
    expect(RetryPolicy.parseRetryAfter("Wed, 01 Jan 2025 11:00:00 GMT", now)).toEqual(Duration.millis(0))
    expect(RetryPolicy.parseRetryAfter(undefined, now)).toBeUndefined()
    expect(RetryPolicy.parseRetryAfter("soon", now)).toBeUndefined()
    expect(RetryPolicy.parseRetryAfter("-5", now)).toBeUndefined()
  })

  it("retries what is transient for reads, only what was never sent for billable calls", () => {
    const status = (s: number) => new NumbersError.ServerError({ ...base, status: s })
    const dropped = new NumbersError.TransportError({ ...base, beforeSending: false, reason: "socket hang up" })
    const refused = new NumbersError.TransportError({ ...base, beforeSending: true, reason: "ECONNREFUSED" })
    const attempt = new NumbersError.Timeout({ ...base, scope: "attempt" })
    const server = new NumbersError.Timeout({ ...base, scope: "server", status: 408 })
    const deadline = new NumbersError.Timeout({ ...base, scope: "deadline" })
    const limited = new NumbersError.RateLimited({ ...base, status: 429 })
    const notFound = new NumbersError.NotFound({ ...base, status: 404 })
    const decode = new NumbersError.ResponseDecodeError({ ...base, status: 200, reason: "x", excerpt: "" })
    const transient = [status(500), status(502), status(503), status(504), dropped, refused, attempt, server, limited]
    for (const error of transient) expect(RetryPolicy.isTransient(error), error._tag).toBe(true)
    for (const error of [status(501), status(505), deadline, notFound, decode]) {
      expect(RetryPolicy.isTransient(error), `${error._tag} ${error.status}`).toBe(false)
    }
    expect(RetryPolicy.isUnsent(refused)).toBe(true)
    for (const error of [dropped, attempt, status(503), limited]) expect(RetryPolicy.isUnsent(error)).toBe(false)
    // After these, a billable call's outcome is unknown; after the others it is known.
    for (const error of [dropped, attempt, server, status(500), decode]) {
      expect(RetryPolicy.isAmbiguous(error), error._tag).toBe(true)
    }
    for (const error of [refused, limited, notFound]) expect(RetryPolicy.isAmbiguous(error), error._tag).toBe(false)
  })

  it("tells a connection that was never made from one that broke", () => {
    const code = (c: string, message = c) => Object.assign(new Error(message), { code: c })
    expect(RetryPolicy.neverSent(code("ECONNREFUSED"))).toBe(true)
    expect(RetryPolicy.neverSent(code("ENOTFOUND"))).toBe(true)
    expect(RetryPolicy.neverSent(new TypeError("fetch failed", { cause: code("ECONNREFUSED") }))).toBe(true)
    expect(
      RetryPolicy.neverSent(Object.assign(new AggregateError([code("ECONNREFUSED"), code("ENETUNREACH")]), {
        code: "ECONNREFUSED"
      }))
    ).toBe(true)
    expect(RetryPolicy.neverSent(code("ECONNRESET"))).toBe(false)
    expect(RetryPolicy.neverSent(new TypeError("fetch failed", { cause: code("UND_ERR_SOCKET") }))).toBe(false)
    expect(RetryPolicy.neverSent(new AggregateError([code("ECONNREFUSED"), code("ECONNRESET")]))).toBe(false)
    expect(RetryPolicy.neverSent(new Error("no code"))).toBe(false)
    expect(RetryPolicy.neverSent(undefined)).toBe(false)
    expect(RetryPolicy.describeTransport(code("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:9"))).toBe(
      "connect ECONNREFUSED 127.0.0.1:9"
    )
    expect(
      RetryPolicy.describeTransport(new TypeError("fetch failed", { cause: code("ECONNRESET", "other side closed") }))
    )
      .toBe("ECONNRESET: other side closed")
  })
})

describe("encoding", () => {
  it("encodes a path segment, keeping + as itself", () => {
    expect(segment("+12025550134")).toBe("+12025550134")
    expect(segment("a/b?c#d:e f%")).toBe("a%2Fb%3Fc%23d%3Ae%20f%25")
  })

  it("builds query parameters: arrays as repeated keys, absent values left out, every value encoded on the wire", () => {
    const params = query({ regionCode: "US", capability: ["SMS", "VOICE"], size: 5, absent: undefined, p: "+1 2&3=" })
    expect(params).toEqual([["regionCode", "US"], ["capability", "SMS"], ["capability", "VOICE"], ["size", "5"], [
      "p",
      "+1 2&3="
    ]])
    const url = HttpClientRequest.get("https://example.com/x").pipe(HttpClientRequest.setUrlParams(params))
    const href = new URL(url.url)
    for (const [key, value] of params) href.searchParams.append(key, value)
    expect(href.search).toBe("?regionCode=US&capability=SMS&capability=VOICE&size=5&p=%2B1+2%263%3D")
  })

  it("bounds excerpts and masks secret-looking values, even cut short", () => {
    expect(excerpt("x".repeat(600), 512)).toBe(`${"x".repeat(512)}…`)
    expect(excerpt(`{"projectId":"p","hmacSecret":"abc-def-0123456789abcdef0123456789"}`)).toBe(
      `{"projectId":"p","hmacSecret":"<redacted>"}`
    )
    expect(excerpt(`{"access_token": "eyJhbGciOi", "nextPageToken":"t"}`)).toBe(
      `{"access_token": "<redacted>", "nextPageToken":"<redacted>"}`
    )
    const cut = excerpt(`{"hmacSecret":"abcdefghijklmnopqrstuvwxyz0123456789"}`, 20)
    expect(cut).toBe(`{"hmacSecret":"<redacted>"…`)
    expect(cut).not.toContain("abcdef")
  })
})
