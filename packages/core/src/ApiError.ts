/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum } from "./internal/openEnum.js"

/**
 * One field a request got wrong, and why.
 *
 * @since 0.1.0
 * @category models
 */
export class FieldViolation extends Schema.Class<FieldViolation>("FieldViolation")({
  field: Schema.optionalWith(Schema.String, { default: () => "" }),
  description: Schema.optionalWith(Schema.String, { default: () => "" })
}) {}

/**
 * The detail of a 400 INVALID_ARGUMENT: each field that was wrong.
 *
 * @since 0.1.0
 * @category models
 */
export class BadRequestDetail extends Schema.Class<BadRequestDetail>("BadRequestDetail")({
  type: Schema.Literal("BadRequest"),
  fieldViolations: Schema.optionalWith(Schema.Array(FieldViolation), { default: () => [] })
}) {}

/**
 * The detail of a 404 NOT_FOUND (or a 403): which resource.
 *
 * @since 0.1.0
 * @category models
 */
export class ResourceInfoDetail extends Schema.Class<ResourceInfoDetail>("ResourceInfoDetail")({
  type: Schema.Literal("ResourceInfo"),
  resourceType: Schema.optional(Schema.String),
  resourceName: Schema.optional(Schema.String),
  owner: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String)
}) {}

/**
 * A detail of a kind this SDK does not know: kept whole.
 *
 * @since 0.1.0
 * @category models
 */
export const OtherDetail = Schema.Struct(
  { type: Schema.optional(Schema.String) },
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
 * The `error` object of a Sinch error body.
 *
 * @since 0.1.0
 * @category models
 */
export class ApiErrorInfo extends Schema.Class<ApiErrorInfo>("ApiErrorInfo")({
  code: Schema.optional(Schema.JsonNumber),
  message: Schema.optionalWith(Schema.String, { default: () => "" }),
  status: Schema.optional(ErrorStatus),
  details: Schema.optionalWith(Schema.Array(ErrorDetail), { default: () => [] })
}) {}

/**
 * The body of an error from the Numbers API:
 * `{"error":{"code":404,"message":"","status":"NOT_FOUND","details":[…]}}`.
 *
 * @since 0.1.0
 * @category models
 */
export class ApiErrorBody extends Schema.Class<ApiErrorBody>("ApiErrorBody")({
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
