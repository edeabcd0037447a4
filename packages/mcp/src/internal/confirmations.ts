/** @internal */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/**
 * Single-use confirmation tokens, each bound to one tool and one exact set of arguments, valid for `ttl`.
 *
 * @internal
 */
export interface Confirmations<A> {
  readonly issue: (
    tool: string,
    args: string,
    value: A
  ) => Effect.Effect<{ readonly token: string; readonly expiresAt: Date }>
  /**
   * Consumes the token whatever the answer: a refused token cannot be tried again. Answers the value it was issued
   * with, or fails with why it is refused.
   */
  readonly redeem: (tool: string, args: string, token: string) => Effect.Effect<A, string>
}

interface Pending<A> {
  readonly tool: string
  readonly args: string
  readonly expiresAt: number
  readonly value: A
}

// Tokens not redeemed are dropped once expired; past this many outstanding, the oldest go first.
const maxOutstanding = 10_000

const randomToken = (): string =>
  Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("")

/** @internal */
export const make = <A>(ttl: Duration.DurationInput): Confirmations<A> => {
  const millis = Duration.toMillis(Duration.decode(ttl))
  const pending = new Map<string, Pending<A>>()
  const prune = (now: number) => {
    for (const [token, entry] of pending) {
      if (entry.expiresAt <= now || pending.size > maxOutstanding) pending.delete(token)
    }
  }
  return {
    issue: (tool, args, value) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        prune(now)
        const token = randomToken()
        const expiresAt = now + millis
        pending.set(token, { tool, args, expiresAt, value })
        return { token, expiresAt: new Date(expiresAt) }
      }),
    redeem: (tool, args, token) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const entry = pending.get(token)
        pending.delete(token)
        if (entry === undefined) {
          return Effect.fail(
            `This confirmationToken is unknown or was already used (a token acts once). Nothing was sent: call ${tool} ` +
              "without confirmationToken for a new quote."
          )
        }
        if (entry.expiresAt <= now) {
          return Effect.fail(
            `This confirmationToken expired at ${
              new Date(entry.expiresAt).toISOString()
            }. Nothing was sent: call ${tool} without confirmationToken for a new quote.`
          )
        }
        if (entry.tool !== tool || entry.args !== args) {
          return Effect.fail(
            `This confirmationToken was issued for other arguments${
              entry.tool === tool ? "" : ` (tool ${entry.tool})`
            }; it is now void. Nothing was sent: call ${tool} without confirmationToken for a quote of these arguments.`
          )
        }
        return Effect.succeed(entry.value)
      })
  }
}

/**
 * Arguments as one canonical string (keys sorted at every level), so that the same arguments in another key order
 * redeem the same token.
 *
 * @internal
 */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v)
