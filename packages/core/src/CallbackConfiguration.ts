/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { optionalNullable } from "./internal/optionalNullable.js"

/**
 * The secret with which Sinch signs callback events: 32 to 64 letters, digits and hyphens.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HmacSecret = Schema.String.pipe(
  Schema.pattern(/^[a-zA-Z0-9-]{32,64}$/, {
    message: (issue) =>
      `Expected an HMAC secret of 32 to 64 characters, letters, digits and "-" only (^[a-zA-Z0-9-]{32,64}$); got ${
        typeof issue.actual === "string" ? `${issue.actual.length} characters` : typeof issue.actual
      }`
  }),
  Schema.annotations({ identifier: "HmacSecret" })
)

/**
 * A project's callback configuration, as servers send it (the secret is kept whatever it looks like).
 *
 * @since 0.1.0
 * @category models
 */
export class CallbackConfiguration
  extends Schema.Class<CallbackConfiguration>("@effect-sinch/core/CallbackConfiguration")({
    projectId: optionalNullable(Schema.String),
    hmacSecret: optionalNullable(Schema.String)
  })
{}

/**
 * Setting the secret that signs the project's callback events.
 *
 * @since 0.1.0
 * @category requests
 */
export class UpdateCallbackConfigurationRequest
  extends Schema.Class<UpdateCallbackConfigurationRequest>("@effect-sinch/core/UpdateCallbackConfigurationRequest")({
    hmacSecret: HmacSecret
  })
{}
