/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum } from "./internal/openEnum.js"
import { optionalNullable } from "./internal/optionalNullable.js"
import { TimestampOrText } from "./Timestamp.js"

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
export class Attachment extends Schema.Class<Attachment>("@effect-sinch/core/Attachment")({
  attachmentId: optionalNullable(Schema.String),
  fileName: optionalNullable(Schema.String),
  mimeType: optionalNullable(Schema.String),
  createTime: optionalNullable(TimestampOrText),
  updateTime: optionalNullable(TimestampOrText),
  uploadStatus: optionalNullable(UploadStatus),
  documentType: optionalNullable(Schema.String)
}) {}

/**
 * A message from Sinch's review team about a registration.
 *
 * @since 0.1.0
 * @category models
 */
export class RegistrationLog extends Schema.Class<RegistrationLog>("@effect-sinch/core/RegistrationLog")({
  message: optionalNullable(Schema.String),
  createTime: optionalNullable(TimestampOrText)
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
export class Registration extends Schema.Class<Registration>("@effect-sinch/core/Registration")({
  requestDetails: optionalNullable(RequestDetails),
  attachments: optionalNullable(Schema.Array(Attachment)),
  logs: optionalNullable(Schema.Array(RegistrationLog))
}) {}

/**
 * Setting a number order's registration details.
 *
 * @since 0.1.0
 * @category requests
 */
export class UpdateNumberOrderRegistrationRequest
  extends Schema.Class<UpdateNumberOrderRegistrationRequest>("@effect-sinch/core/UpdateNumberOrderRegistrationRequest")(
    {
      requestDetails: RequestDetails
    }
  )
{}
