/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum } from "./internal/openEnum.js"
import { optionalNullable } from "./internal/optionalNullable.js"

/**
 * One field a request got wrong, and why.
 *
 * @since 0.1.0
 * @category models
 */
export class FieldViolation extends Schema.Class<FieldViolation>("@effect-sinch/core/FieldViolation")({
  field: Schema.optionalWith(Schema.String, { nullable: true, default: () => "" }),
  description: Schema.optionalWith(Schema.String, { nullable: true, default: () => "" })
}) {}

/**
 * The detail of a 400 INVALID_ARGUMENT: each field that was wrong.
 *
 * @since 0.1.0
 * @category models
 */
export class BadRequestDetail extends Schema.Class<BadRequestDetail>("@effect-sinch/core/BadRequestDetail")({
  type: Schema.Literal("BadRequest"),
  fieldViolations: Schema.optionalWith(Schema.Array(FieldViolation), { nullable: true, default: () => [] })
}) {}

/**
 * The detail of a 404 NOT_FOUND (or a 403): which resource.
 *
 * @since 0.1.0
 * @category models
 */
export class ResourceInfoDetail extends Schema.Class<ResourceInfoDetail>("@effect-sinch/core/ResourceInfoDetail")({
  type: Schema.Literal("ResourceInfo"),
  resourceType: optionalNullable(Schema.String),
  resourceName: optionalNullable(Schema.String),
  owner: optionalNullable(Schema.String),
  description: optionalNullable(Schema.String)
}) {}

/**
 * A detail of a kind this SDK does not know: kept whole.
 *
 * @since 0.1.0
 * @category models
 */
export const OtherDetail = Schema.Struct(
  // Kept whole, as sent: a `null` type stays `null`.
  { type: Schema.optional(Schema.NullOr(Schema.String)) },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
).annotations({ identifier: "OtherDetail" })

/**
 * @since 0.1.0
 * @category schemas
 */
export const ErrorDetail = Schema.Union(BadRequestDetail, ResourceInfoDetail, OtherDetail).annotations({
  identifier: "ErrorDetail"
})

/**
 * @since 0.1.0
 * @category models
 */
export type ErrorDetail = typeof ErrorDetail.Type

/**
 * The `status` of a Sinch error.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorStatus = openEnum(
  "INVALID_ARGUMENT",
  "UNAUTHENTICATED",
  "PERMISSION_DENIED",
  "NOT_FOUND",
  "CONTENT_TOO_LARGE",
  "RESOURCE_EXHAUSTED",
  "INTERNAL",
  "UNKNOWN",
  "UNAVAILABLE"
)

/**
 * @since 0.1.0
 * @category models
 */
export type ErrorStatus = typeof ErrorStatus.Type

/**
 * The `error` object of a Sinch error body. Every field may be missing or `null`: a missing `message` reads as `""`
 * and missing `details` as `[]`.
 *
 * @since 0.1.0
 * @category models
 */
export class ApiErrorInfo extends Schema.Class<ApiErrorInfo>("@effect-sinch/core/ApiErrorInfo")({
  code: optionalNullable(Schema.JsonNumber),
  message: Schema.optionalWith(Schema.String, { nullable: true, default: () => "" }),
  status: optionalNullable(ErrorStatus),
  details: Schema.optionalWith(Schema.Array(ErrorDetail), { nullable: true, default: () => [] })
}) {}

/**
 * The body of an error from the Numbers API:
 * `{"error":{"code":404,"message":"","status":"NOT_FOUND","details":[…]}}`.
 *
 * `error` is required here although the API's error schemas require nothing: a body without an `error` object says
 * nothing a Sinch error says, and reading it as "not a Sinch error body" lets a client keep its raw text instead.
 *
 * @since 0.1.0
 * @category models
 */
export class ApiErrorBody extends Schema.Class<ApiErrorBody>("@effect-sinch/core/ApiErrorBody")({
  error: ApiErrorInfo
}) {}

/**
 * Every field violation in an error body.
 *
 * @since 0.1.0
 * @category accessors
 */
export const fieldViolations = (body: ApiErrorBody): ReadonlyArray<FieldViolation> =>
  body.error.details.flatMap((detail) => detail instanceof BadRequestDetail ? detail.fieldViolations : [])

/**
 * The first ResourceInfo detail of an error body, if any.
 *
 * @since 0.1.0
 * @category accessors
 */
export const resourceInfo = (body: ApiErrorBody): ResourceInfoDetail | undefined =>
  body.error.details.find((detail): detail is ResourceInfoDetail => detail instanceof ResourceInfoDetail)
