/** @internal */

/**
 * A token bucket's settings: `burst` requests at once, refilled continuously at `perSecond`.
 *
 * @internal
 */
export interface BucketLimit {
  readonly burst: number
  readonly perSecond: number
}

/**
 * A token bucket's state: the tokens it held at `at` (epoch milliseconds of the Clock).
 *
 * @internal
 */
export interface Bucket {
  readonly tokens: number
  readonly at: number
}

/**
 * A full bucket, as at start and after a reset.
 *
 * @internal
 */
export const full = (limit: BucketLimit, now: number): Bucket => ({ tokens: limit.burst, at: now })

/**
 * One request against the bucket: admitted (one token taken), or refused with how long until a token is there.
 * A refused request takes nothing, so clients that keep knocking do not push their own turn further away.
 *
 * @internal
 */
export const take = (
  limit: BucketLimit,
  bucket: Bucket,
  now: number
): readonly [admitted: boolean, waitMillis: number, bucket: Bucket] => {
  // a clock that moved back (a TestClock reset) refills nothing and takes nothing away
  const elapsed = Math.max(0, now - bucket.at)
  const tokens = Math.min(limit.burst, bucket.tokens + (elapsed * limit.perSecond) / 1000)
  if (tokens >= 1) return [true, 0, { tokens: tokens - 1, at: now }]
  return [false, Math.ceil(((1 - tokens) * 1000) / limit.perSecond), { tokens, at: now }]
}

/**
 * The `Retry-After` (whole seconds, at least 1) of a wait.
 *
 * @internal
 */
export const retryAfterSeconds = (waitMillis: number): number => Math.max(1, Math.ceil(waitMillis / 1000))

/**
 * Sinch's auth gateway, as observed: a burst of about 30 token requests, refilled about 10 a second.
 *
 * @internal
 */
export const gatewayLimit: BucketLimit = { burst: 30, perSecond: 10 }

const units: Readonly<Record<string, number>> = {
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000
}

/**
 * Reads a request budget as the command line takes it: `50/s`, `600/min`, `1000/h`, or `50` (a second). A
 * `string` is a message for the user.
 *
 * @internal
 */
export const parseRate = (
  flag: string,
  text: string
): { readonly requests: number; readonly per: number } | string => {
  const match = /^\s*(\d+)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(text)
  const per = match === null ? undefined : units[(match[2] ?? "s").toLowerCase()]
  if (match === null || per === undefined) {
    return `${flag} expects requests per period, like 50/s, 600/min or 1000/h; got ${JSON.stringify(text)}`
  }
  const requests = Number(match[1])
  return requests >= 1 && requests <= 1_000_000
    ? { requests, per }
    : `${flag} must allow from 1 to 1000000 requests per period; got ${requests}`
}
