/** @internal */
import * as Schema from "effect/Schema"

/**
 * The body of `POST /_emulator/events`: fire an event for an active number or a number order now.
 *
 * @internal
 */
export class FireEventRequest extends Schema.Class<FireEventRequest>("FireEventRequest")({
  phoneNumber: Schema.optional(Schema.String),
  numberOrderId: Schema.optional(Schema.String),
  eventType: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  failureCode: Schema.optional(Schema.NullOr(Schema.String)),
  /** where to post it instead of the resource's callback URL */
  callbackUrl: Schema.optional(Schema.String)
}) {}
