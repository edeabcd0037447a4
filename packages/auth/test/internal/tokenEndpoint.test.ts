import { AccessTokenResponse } from "@effect-sinch/core/OAuthToken"
import { describe, it } from "@effect/vitest"
import { assertTrue, deepStrictEqual } from "@effect/vitest/utils"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { decodeToken } from "../../src/internal/tokenEndpoint.js"

const bySchema = Schema.decodeUnknownEither(AccessTokenResponse)

// Each field present or not, with values the schema accepts and values it refuses.
const body = FastCheck.oneof(
  FastCheck.record({
    access_token: FastCheck.constantFrom<unknown>("a-token", "", 1, null, undefined, ["a-token"]),
    token_type: FastCheck.constantFrom<unknown>("Bearer", "bearer", "", 3, null, undefined),
    expires_in: FastCheck.constantFrom<unknown>(3600, 0, -0, 1.5, -1, Infinity, NaN, "3600", null, undefined),
    scope: FastCheck.constantFrom<unknown>("numbers", "", null, undefined, 5),
    extra: FastCheck.constantFrom<unknown>("x", undefined)
  }, { requiredKeys: [] }),
  FastCheck.constantFrom<unknown>(null, [], "a-token", 3600, true)
)

describe("decodeToken", () => {
  it("accepts exactly the bodies AccessTokenResponse accepts, with the same fields, and fails as it does", () => {
    FastCheck.assert(
      FastCheck.property(body, (json) => {
        const fast = decodeToken(json)
        const schema = bySchema(json)
        deepStrictEqual(Either.isRight(fast), Either.isRight(schema))
        if (Either.isRight(fast) && Either.isRight(schema)) {
          const { access_token, expires_in, token_type } = schema.right
          deepStrictEqual(fast.right, { access_token, token_type, expires_in })
        }
        if (Either.isLeft(fast) && Either.isLeft(schema)) deepStrictEqual(fast.left.message, schema.left.message)
      }),
      { numRuns: 2000 }
    )
  })

  it("reads a usual answer without the schema", () => {
    const decoded = decodeToken({ access_token: "a-token", token_type: "bearer", expires_in: 3599, scope: "" })
    assertTrue(Either.isRight(decoded))
    deepStrictEqual(decoded.right, { access_token: "a-token", token_type: "bearer", expires_in: 3599 })
  })
})
