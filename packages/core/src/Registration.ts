/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum } from "./internal/openEnum.js"
import { TimestampFromString } from "./Timestamp.js"

/**
 * Where an uploaded attachment stands.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UploadStatus = openEnum("COMPLETED", "WAITING", "FAILED")

/**
 * @since 0.1.0
 * @category models
 */
export type UploadStatus = typeof UploadStatus.Type

/**
 * A document attached to a number order's registration.
 *
 * @since 0.1.0
 * @category models
 */
export class Attachment extends Schema.Class<Attachment>("Attachment")({
  attachmentId: Schema.optional(Schema.String),
  fileName: Schema.optional(Schema.String),
  mimeType: Schema.optional(Schema.String),
  createTime: Schema.optional(Schema.NullOr(TimestampFromString)),
  updateTime: Schema.optional(Schema.NullOr(TimestampFromString)),
  uploadStatus: Schema.optional(UploadStatus),
  documentType: Schema.optional(Schema.String)
}) {}

/**
 * A message from Sinch's review team about a registration.
 *
 * @since 0.1.0
 * @category models
 */
export class RegistrationLog extends Schema.Class<RegistrationLog>("RegistrationLog")({
  message: Schema.optional(Schema.String),
  createTime: Schema.optional(Schema.NullOr(TimestampFromString))
}) {}

/**
 * Free-form registration data (what `NumberRequirements.fields` asks for).
 *
 * @since 0.1.0
 * @category schemas
 */
export const RequestDetails = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * A number order's registration: the details given, the attachments uploaded and the review team's messages.
 *
 * @since 0.1.0
 * @category models
 */
export class Registration extends Schema.Class<Registration>("Registration")({
  requestDetails: Schema.optional(RequestDetails),
  attachments: Schema.optional(Schema.Array(Attachment)),
  logs: Schema.optional(Schema.Array(RegistrationLog))
}) {}

/**
 * Setting a number order's registration details.
 *
 * @since 0.1.0
 * @category requests
 */
export class UpdateNumberOrderRegistrationRequest
  extends Schema.Class<UpdateNumberOrderRegistrationRequest>("UpdateNumberOrderRegistrationRequest")({
    requestDetails: RequestDetails
  })
{}
