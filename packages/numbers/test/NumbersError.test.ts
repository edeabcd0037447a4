import { SinchAuth } from "@effect-sinch/auth"
import { ApiErrorBody, FieldViolation } from "@effect-sinch/core/ApiError"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { inspect } from "node:util"
import * as NumbersClient from "../src/NumbersClient.js"
import * as NumbersError from "../src/NumbersError.js"
import type { Reply } from "./support/scriptedServer.js"
import { scriptedServer } from "./support/scriptedServer.js"

const body = Schema.decodeUnknownSync(ApiErrorBody)({
  error: {
    code: 404,
    message: "Number not found",
    status: "NOT_FOUND",
    details: [{ type: "ResourceInfo", resourceType: "ActiveNumber", resourceName: "+12025550134" }]
  }
})
const base = {
  operation: "getActiveNumber",
  method: "GET",
  path: "/v1/projects/p/activeNumbers/+12025550134",
  attempts: 3,
  status: 404,
  body
}
const at = "getActiveNumber (GET /v1/projects/p/activeNumbers/+12025550134)"
const says = "(NOT_FOUND: Number not found)"
const list = { operation: "listActiveNumbers", method: "GET", path: "/x" }

// Each error with the message it read before the errors shared a base, character for character.
type Own = Exclude<NumbersError.NumbersError, NumbersError.TokenError>
const messages: ReadonlyArray<readonly [Own, string]> = [
  [
    new NumbersError.NotFound(base),
    `${at} answered 404 NOT_FOUND: ActiveNumber +12025550134 does not exist or is not in this project's reach ` +
    "(not active, not available, already released, or an unknown id). Check the id."
  ],
  [
    new NumbersError.NotFound({ ...base, attempts: 1, body: undefined, resumeFrom: { skip: 0 } }),
    `${at} answered 404 NOT_FOUND: the resource does not exist or is not in this project's reach ` +
    "(not active, not available, already released, or an unknown id). Check the id. The listing can continue where " +
    "it stopped: pass this error's resumeFrom (0 item(s) into page 1) to listActiveNumbers."
  ],
  [
    new NumbersError.InvalidArgument({
      ...base,
      status: 400,
      fieldViolations: [
        new FieldViolation({ field: "displayName", description: "too long" }),
        new FieldViolation({ field: "", description: "bad" })
      ]
    }),
    `${at} was rejected with 400 INVALID_ARGUMENT: displayName: too long; (request): bad. Fix the request; it was ` +
    "not retried."
  ],
  [
    new NumbersError.InvalidArgument({ ...base, status: 400, fieldViolations: [] }),
    `${at} was rejected with 400 INVALID_ARGUMENT ${says}. Fix the request; it was not retried.`
  ],
  [
    new NumbersError.PermissionDenied({ ...base, status: 403 }),
    `${at} was refused with 403 PERMISSION_DENIED ${says}. Check that the access key belongs to the project ` +
    "(SINCH_PROJECT_ID) and may use the Numbers API."
  ],
  [
    new NumbersError.Unauthorized({ ...base, status: 401, resumeFrom: { pageToken: "tok", skip: 2 } }),
    `${at} was refused with 401 Unauthorized after 3 attempts ${says}. A fresh token was refused too: check the ` +
    "access key (SINCH_KEY_ID, SINCH_KEY_SECRET) and that it is not revoked. The listing can continue where it " +
    "stopped: pass this error's resumeFrom (2 item(s) into page \"tok\") to listActiveNumbers."
  ],
  [
    new NumbersError.RateLimited({ ...base, status: 429, retryAfter: Duration.seconds(3) }),
    `${at} was rate limited (429) after 3 attempts. It asked to wait 3s. Slow down or try again later.`
  ],
  [
    new NumbersError.ServerError({ ...base, status: 503, excerpt: "<html>" }),
    `${at} failed on the server with HTTP 503 after 3 attempts ${says}. Try again later; if it persists, check the ` +
    "Sinch status page."
  ],
  [
    new NumbersError.ContentTooLarge({ ...base, status: 413 }),
    `${at} was refused with 413 CONTENT_TOO_LARGE ${says}. Send a smaller file.`
  ],
  [
    new NumbersError.UnexpectedStatus({ ...base, status: 409 }),
    `${at} answered HTTP 409, which the Numbers API does not document ${says}. Check the base URL (SINCH_NUMBERS_URL).`
  ],
  [
    new NumbersError.TransportError({ ...base, status: undefined, beforeSending: true, reason: "ECONNREFUSED" }),
    `${at} got no answer after 3 attempts: ECONNREFUSED (the request was never sent). Check the network and the ` +
    "base URL (SINCH_NUMBERS_URL)."
  ],
  [
    new NumbersError.Timeout({ ...base, scope: "attempt", limit: Duration.seconds(10) }),
    `${at} did not complete within the per-attempt timeout of 10s. Try again, or raise the timeout or deadline option.`
  ],
  [
    new NumbersError.Timeout({ ...base, scope: "deadline", limit: Duration.seconds(60) }),
    `${at} did not complete within the total deadline of 1m after 3 attempts. Try again, or raise the timeout or ` +
    "deadline option."
  ],
  [
    new NumbersError.Timeout({ ...base, scope: "server" }),
    `${at} timed out on the server (408) after 3 attempts. Try again, or raise the timeout or deadline option.`
  ],
  [
    new NumbersError.ResponseDecodeError({
      ...base,
      status: 200,
      reason: "at phoneNumber: Expected string, actual 42",
      excerpt: "{\"phoneNumber\":42}"
    }),
    `${at} answered HTTP 200 with a body that is not what the API documents: at phoneNumber: Expected string, ` +
    "actual 42. Body starts: {\"phoneNumber\":42}. Check the base URL (SINCH_NUMBERS_URL)."
  ],
  [
    new NumbersError.InvalidInput({ operation: "getActiveNumber", field: "phoneNumber", reason: "Expected E.164" }),
    "Invalid input to getActiveNumber, field phoneNumber: Expected E.164. Nothing was sent."
  ],
  [
    new NumbersError.OutcomeUnknown({
      operation: "rentNumber",
      method: "POST",
      path: "/x:rent",
      attempts: 1,
      failure: "Timeout",
      reason: "It timed out.",
      check: "Look at the active numbers."
    }),
    "rentNumber (POST /x:rent) may or may not have taken effect: It timed out. It was not retried, so as not to act " +
    "twice. Look at the active numbers."
  ],
  [
    new NumbersError.PageTokenRepeated({ ...list, pageToken: "abc", pages: 4 }),
    "listActiveNumbers (GET /x) sent page token \"abc\" a second time after 4 page(s); listing stopped instead of " +
    "looping. Report it to Sinch support."
  ],
  [
    new NumbersError.InvalidItem({
      ...list,
      position: 7,
      pageToken: "abc",
      index: 2,
      reason: "at money: bad",
      excerpt: "{}",
      resumeFrom: { pageToken: "abc", skip: 3 }
    }),
    "listActiveNumbers (GET /x): item 2 of page \"abc\" (position 7 in the stream) is not an active number as the API " +
    "documents it: at money: bad. Item: {}. Pass this error's resumeFrom to listActiveNumbers to continue after it, " +
    "or list with invalidItems: \"skip\"."
  ]
]

describe("NumbersError", () => {
  it("every error reads as it did, character for character", () => {
    for (const [error, message] of messages) assert.strictEqual(error.message, message, error._tag)
    assert.strictEqual(new Set(messages.map(([error]) => error._tag)).size, 15, "every class is covered")
  })

  it("every error is a NumbersError; the errors of one HTTP call are call errors, the others are not", () => {
    const calls = new Set([
      "NotFound",
      "InvalidArgument",
      "PermissionDenied",
      "Unauthorized",
      "RateLimited",
      "ServerError",
      "ContentTooLarge",
      "UnexpectedStatus",
      "TransportError",
      "Timeout",
      "ResponseDecodeError"
    ])
    for (const [error] of messages) {
      assert.isTrue(NumbersError.isNumbersError(error), error._tag)
      assert.strictEqual(error[NumbersError.TypeId], NumbersError.TypeId)
      assert.strictEqual(NumbersError.isCallError(error), calls.has(error._tag), error._tag)
      assert.instanceOf(error, Error)
      assert.strictEqual(error.name, error._tag)
    }
    assert.isFalse(NumbersError.isNumbersError(new Error("no")))
    assert.isFalse(NumbersError.isCallError({ _tag: "NotFound" }))
  })

  it("encodes and decodes through its schema, the type ids staying on the class", () => {
    for (const [error] of messages) {
      const schema = Schema.Union(
        NumbersError.NotFound,
        NumbersError.InvalidArgument,
        NumbersError.PermissionDenied,
        NumbersError.Unauthorized,
        NumbersError.RateLimited,
        NumbersError.ServerError,
        NumbersError.ContentTooLarge,
        NumbersError.UnexpectedStatus,
        NumbersError.TransportError,
        NumbersError.Timeout,
        NumbersError.ResponseDecodeError,
        NumbersError.InvalidInput,
        NumbersError.OutcomeUnknown,
        NumbersError.PageTokenRepeated,
        NumbersError.InvalidItem
      )
      const decoded = Schema.decodeSync(schema)(Schema.encodeSync(schema)(error))
      assert.strictEqual(decoded.constructor, error.constructor)
      assert.strictEqual(decoded.message, error.message)
      assert.isTrue(NumbersError.isNumbersError(decoded))
      assert.strictEqual(NumbersError.isCallError(decoded), NumbersError.isCallError(error))
    }
  })

  it.effect("one class per status: catchTag picks the error by its tag", () =>
    Effect.gen(function*() {
      const failing: Effect.Effect<string, NumbersError.NotFound | NumbersError.RateLimited> = Effect.fail(
        new NumbersError.NotFound(base)
      )
      const handled = yield* failing.pipe(
        Effect.catchTag("RateLimited", () => Effect.succeed("rate limited")),
        Effect.catchTag("NotFound", (error) => Effect.succeed(`not found: ${error.path}`))
      )
      assert.strictEqual(handled, `not found: ${base.path}`)
    }))
})

// The cause an error keeps, over real HTTP on loopback: a scripted server answers every API request the same way.
const hmacSecret = "Cause-Test-Hmac-S3cret-0123456789"

const clientAnswering = (reply: Reply) =>
  Effect.gen(function*() {
    const server = yield* scriptedServer(() => reply)
    return yield* Layer.build(
      NumbersClient.layer({ projectId: "p", baseUrl: server.url, retrySchedule: "off" }).pipe(
        Layer.provide(
          SinchAuth.layerOAuth({ keyId: "key", keySecret: "key-secret", tokenUrl: `${server.url}/oauth2/token` })
        ),
        Layer.provide(NodeHttpClient.layerUndici)
      )
    ).pipe(Effect.map(Context.get(NumbersClient.NumbersClient)))
  })

/** Everything a program could print about an error. */
const printouts = (error: unknown): string =>
  [
    error instanceof Error ? error.message : "",
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 20 }),
    Cause.pretty(Cause.fail(error))
  ].join("\n")

const pathsOf = (cause: unknown): ReadonlyArray<ReadonlyArray<PropertyKey>> => {
  assert.isTrue(ParseResult.isParseError(cause), "the cause is the ParseError")
  return ParseResult.isParseError(cause) ? ParseResult.ArrayFormatter.formatErrorSync(cause).map((i) => i.path) : []
}

describe("the cause an error keeps", () => {
  it.scoped("ResponseDecodeError holds the ParseError: its issue paths reachable, the body's values behind Redacted", () =>
    Effect.gen(function*() {
      const body = { projectId: 42, hmacSecret }
      const client = yield* clientAnswering({ status: 200, body })
      const error = yield* Effect.flip(client.getCallbackConfiguration())
      assert.instanceOf(error, NumbersError.ResponseDecodeError)
      // The message reads as before: what did not decode, and an excerpt with the secret masked.
      assert.strictEqual(
        error.message,
        "getCallbackConfiguration (GET /v1/projects/p/callbackConfiguration) answered HTTP 200 with a body that is " +
          "not what the API documents: at projectId: Expected string, actual 42. Body starts: " +
          "{\"projectId\":42,\"hmacSecret\":\"<redacted>\"}. Check the base URL (SINCH_NUMBERS_URL)."
      )
      const paths = pathsOf(error.cause)
      assert.isAbove(paths.length, 0)
      for (const path of paths) assert.deepStrictEqual(path, ["projectId"])
      const cause = error.cause
      if (!ParseResult.isParseError(cause)) return assert.fail("no ParseError")
      // The body itself is there for a program that asks, and nowhere in what is printed.
      const actual = cause.issue.actual
      assert.isTrue(Redacted.isRedacted(actual))
      assert.deepStrictEqual(Redacted.isRedacted(actual) ? Redacted.value(actual) : undefined, body)
      assert.notInclude(printouts(error), hmacSecret)
    }))

  it.scoped("a body that is not JSON keeps no cause: the parser's message quotes the raw body", () =>
    Effect.gen(function*() {
      const client = yield* clientAnswering({
        status: 200,
        headers: { "content-type": "application/json" },
        body: `{"hmacSecret":"${hmacSecret}"`
      })
      const error = yield* Effect.flip(client.getCallbackConfiguration())
      assert.instanceOf(error, NumbersError.ResponseDecodeError)
      assert.isTrue(error.malformed)
      assert.isUndefined(error.cause)
      assert.notInclude(printouts(error), hmacSecret)
    }))

  it.scoped("InvalidItem holds its item's ParseError", () =>
    Effect.gen(function*() {
      const good = { phoneNumber: "+12025550134", projectId: "p", regionCode: "US", type: "LOCAL", capability: ["SMS"] }
      const client = yield* clientAnswering({
        status: 200,
        body: { activeNumbers: [good, { ...good, phoneNumber: 7, hmacSecret }], totalSize: 2 }
      })
      const error = yield* Effect.flip(Stream.runDrain(client.listActiveNumbers()))
      assert.instanceOf(error, NumbersError.InvalidItem)
      assert.strictEqual(error.index, 1)
      const paths = pathsOf(error.cause)
      assert.isAbove(paths.length, 0)
      for (const path of paths) assert.deepStrictEqual(path, ["phoneNumber"])
      assert.notInclude(printouts(error), hmacSecret)
    }))

  it.scoped("InvalidInput holds the ParseError of the input, the caller's secret behind Redacted", () =>
    Effect.gen(function*() {
      const client = yield* clientAnswering({ status: 200, body: {} })
      const error = yield* Effect.flip(client.updateCallbackConfiguration({ hmacSecret: "Sh0rt" }))
      assert.instanceOf(error, NumbersError.InvalidInput)
      assert.strictEqual(error.field, "hmacSecret")
      assert.deepStrictEqual(pathsOf(error.cause), [["hmacSecret"]])
      assert.notInclude(inspect(error.cause, { depth: 20 }), "Sh0rt")
    }))
})
