/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { optionalNullable } from "./internal/optionalNullable.js"

/**
 * The auth server's answer to a client-credentials request.
 *
 * @since 0.1.0
 * @category responses
 */
export class AccessTokenResponse extends Schema.Class<AccessTokenResponse>("@effect-sinch/core/AccessTokenResponse")({
  access_token: Schema.String.pipe(Schema.nonEmptyString({ message: () => "Expected a non-empty access_token" })),
  token_type: Schema.String,
  expires_in: Schema.Number.pipe(
    Schema.finite(),
    Schema.nonNegative({ message: () => "Expected expires_in to be a number of seconds, 0 or more" })
  ),
  scope: optionalNullable(Schema.String)
}) {}

/**
 * The body of an error from the auth server: `{error, error_description, error_hint, error_verbose}`.
 *
 * @since 0.1.0
 * @category models
 */
export class AuthErrorBody extends Schema.Class<AuthErrorBody>("@effect-sinch/core/AuthErrorBody")({
  error: Schema.String,
  error_description: optionalNullable(Schema.String),
  error_hint: optionalNullable(Schema.String),
  error_verbose: optionalNullable(Schema.String),
  status_code: optionalNullable(Schema.JsonNumber)
}) {}
