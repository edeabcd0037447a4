/**
 * Vitest suites that need a real redis-server (see `RedisServer`). Where it is not installed they say so and skip; in
 * CI (`CI` set) they fail instead, so that CI never passes without them.
 *
 * @since 0.0.0
 */
import { assert, describe, it } from "@effect/vitest"
import * as RedisServer from "./RedisServer.js"

/**
 * `describe`, when redis-server is there; otherwise a skipped suite and a plain note on stderr, or in CI a failing
 * test that says what is missing.
 *
 * @since 0.0.0
 * @category suites
 */
export const describeWithRedis = (name: string, body: () => void): void => {
  if (RedisServer.available) {
    describe(name, body)
  } else if (process.env["CI"] !== undefined && process.env["CI"] !== "") {
    describe(name, () => {
      it("runs against a real redis-server", () =>
        assert.fail(`${RedisServer.missing}: CI must not skip the Redis tests`))
    })
  } else {
    process.stderr.write(`SKIPPED "${name}": ${RedisServer.missing}\n`)
    describe.skip(name, body)
  }
}
