/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The operations the emulator serves, by the operationId of Sinch's OpenAPI document (without the
 * `NumberService_` prefix), plus `OAuthToken` for `POST /oauth2/token`.
 *
 * @since 0.1.0
 * @category models
 */
export const OperationId = Schema.Literal(
  "ListAvailableNumbers",
  "GetAvailableNumber",
  "RentNumber",
  "RentAnyNumber",
  "ListActiveNumbers",
  "GetActiveNumber",
  "UpdateActiveNumber",
  "ReleaseNumber",
  "GetEmergencyAddress",
  "ProvisionEmergencyAddress",
  "DeprovisionEmergencyAddress",
  "ValidateEmergencyAddress",
  "ListAvailableRegions",
  "GetCallbackConfiguration",
  "UpdateCallbackConfiguration",
  "LookupNumberRequirements",
  "CreateNumberOrder",
  "GetNumberOrder",
  "GetNumberOrderRegistration",
  "UpdateNumberOrderRegistration",
  "UploadNumberOrderAttachment",
  "SubmitNumberOrder",
  "OAuthToken"
).annotations({ identifier: "OperationId" })

/**
 * @since 0.1.0
 * @category models
 */
export type OperationId = typeof OperationId.Type

const Rate = Schema.Number.pipe(
  Schema.between(0, 1, { message: (issue) => `Expected a rate from 0 to 1, got ${String(issue.actual)}` })
)

const Millis = Schema.Number.pipe(
  Schema.finite(),
  Schema.between(0, 600_000, {
    message: (issue) => `Expected milliseconds from 0 to 600000, got ${String(issue.actual)}`
  })
)

/**
 * An HTTP status the emulator can answer with instead of the real response.
 *
 * @since 0.1.0
 * @category models
 */
export const FaultStatus = Schema.Literal(429, 500, 502, 503, 504).annotations({ identifier: "FaultStatus" })

/**
 * @since 0.1.0
 * @category models
 */
export type FaultStatus = typeof FaultStatus.Type

/**
 * What can go wrong with a request. Every rate is a probability from 0 to 1, decided per request from the seed, the
 * operation and the request's position, so the same sequence of requests meets the same faults.
 *
 * - `rate`: the request is not processed and gets an error status drawn from `statuses` (default 429, 500, 502,
 *   503; repeat a status to weigh it), with a Sinch error body; a 429 carries `Retry-After: retryAfter` seconds.
 * - `htmlError`: the request is not processed and gets a 502 or 503 HTML page, as a proxy in front of the API would.
 * - `dropBeforeResponse`: the request IS processed, then the connection closes before any response byte (the client
 *   cannot know whether it happened: a rent may have gone through).
 * - `dropMidBody`: the request is processed; the headers and half the body are sent, then the connection closes.
 * - `malformedJson`: the request is processed; its body is cut short so it is not valid JSON.
 * - `latency`: milliseconds to wait before answering (plus up to `latencyJitter` more).
 *
 * @since 0.1.0
 * @category models
 */
export class FaultRule extends Schema.Class<FaultRule>("@effect-sinch/emulator/FaultRule")({
  rate: Schema.optional(Rate),
  statuses: Schema.optional(Schema.NonEmptyArray(FaultStatus)),
  retryAfter: Schema.optional(Schema.Int.pipe(Schema.between(0, 3600))),
  htmlError: Schema.optional(Rate),
  dropBeforeResponse: Schema.optional(Rate),
  dropMidBody: Schema.optional(Rate),
  malformedJson: Schema.optional(Rate),
  latency: Schema.optional(Millis),
  latencyJitter: Schema.optional(Millis)
}) {}

/**
 * The emulator's fault configuration: a rule for every request, rules per operation (their fields override the
 * global ones), and `token429`, the rate at which `POST /oauth2/token` answers 429 with no `Retry-After`, as Sinch's
 * auth gateway does when its bucket is empty. `seed` defaults to the emulator's seed.
 *
 * @since 0.1.0
 * @category models
 */
export class Faults extends Schema.Class<Faults>("@effect-sinch/emulator/Faults")({
  seed: Schema.optional(Schema.Int),
  global: Schema.optional(FaultRule),
  operations: Schema.optional(Schema.partial(Schema.Record({ key: OperationId, value: FaultRule }))),
  token429: Schema.optional(Rate)
}) {}

/**
 * One of the emulator's own limits: a token bucket that admits `burst` requests at once and refills at `perSecond`
 * (fractions allowed: `0.5` is one request every two seconds).
 *
 * @since 0.1.0
 * @category models
 */
export class BucketLimit extends Schema.Class<BucketLimit>("@effect-sinch/emulator/BucketLimit")({
  burst: Schema.Int.pipe(
    Schema.between(1, 1_000_000, {
      message: (issue) => `Expected a whole burst from 1 to 1000000, got ${issue.actual}`
    })
  ),
  perSecond: Schema.Number.pipe(
    Schema.filter((n) => n > 0 && n <= 1_000_000, {
      message: (issue) => `Expected a rate per second above 0 and at most 1000000, got ${issue.actual}`
    })
  )
}) {}

/**
 * The emulator's own limits, as `GET` and `PUT /_emulator/limits` carry them (and the console edits them):
 * `authBurstLimit` for `POST /oauth2/token` (Sinch's auth gateway: a 429 with no `Retry-After`), `rateLimit` for the
 * project's Numbers API requests (429 `RESOURCE_EXHAUSTED` with `Retry-After`). `null` (or left out): no limit.
 * Setting a limit starts its bucket full.
 *
 * @since 0.1.0
 * @category models
 */
export class Limits extends Schema.Class<Limits>("@effect-sinch/emulator/Limits")({
  authBurstLimit: Schema.optionalWith(Schema.NullOr(BucketLimit), { default: () => null }),
  rateLimit: Schema.optionalWith(Schema.NullOr(BucketLimit), { default: () => null })
}) {}

/**
 * No faults at all.
 *
 * @since 0.1.0
 * @category constructors
 */
export const none: Faults = new Faults({})

/**
 * Reads a fault configuration from JSON (the body of `PUT /_emulator/faults`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const FaultsFromJson = Schema.parseJson(Faults)

/**
 * The rule that applies to one operation: its own fields over the global ones.
 *
 * @since 0.1.0
 * @category combinators
 */
export const ruleFor = (faults: Faults, operationId: OperationId): FaultRule => {
  const operation = faults.operations?.[operationId]
  if (operation === undefined) return faults.global ?? new FaultRule({})
  if (faults.global === undefined) return operation
  return new FaultRule({ ...stripUndefined(faults.global), ...stripUndefined(operation) })
}

const stripUndefined = <A extends object>(a: A): A =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as A
