/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum } from "./internal/openEnum.js"
import { optionalNullable } from "./internal/optionalNullable.js"

/**
 * A street address for emergency services, as servers send it.
 *
 * @since 0.1.0
 * @category models
 */
export class EmergencyAddress extends Schema.Class<EmergencyAddress>("@effect-sinch/core/EmergencyAddress")({
  streetNumber: optionalNullable(Schema.String),
  streetInfo: optionalNullable(Schema.String),
  location: optionalNullable(Schema.String),
  city: optionalNullable(Schema.String),
  state: optionalNullable(Schema.String),
  postalCode: optionalNullable(Schema.String),
  postalCodePlusFour: optionalNullable(Schema.String)
}) {}

/**
 * An address a user sends: street number, street, city, state and postal code are required.
 *
 * @since 0.1.0
 * @category requests
 */
export class Address extends Schema.Class<Address>("@effect-sinch/core/Address")({
  streetNumber: Schema.String,
  streetInfo: Schema.String,
  location: Schema.optional(Schema.String),
  city: Schema.String,
  state: Schema.String,
  postalCode: Schema.String,
  postalCodePlusFour: Schema.optional(Schema.String)
}) {}

/**
 * Provisioning or validating an emergency address for a number.
 *
 * @since 0.1.0
 * @category requests
 */
export class EmergencyAddressRequest
  extends Schema.Class<EmergencyAddressRequest>("@effect-sinch/core/EmergencyAddressRequest")({
    displayName: Schema.String,
    address: Address
  })
{}

/**
 * How well an address matched.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AddressValidationResult = openEnum(
  "ADDRESS_VALIDATION_RESULT_CODE_UNSPECIFIED",
  "EXACT_MATCH",
  "NEAR_MATCH",
  "NO_MATCH"
)

/**
 * @since 0.1.0
 * @category models
 */
export type AddressValidationResult = typeof AddressValidationResult.Type

/**
 * The result of validating an address: the corrected address on a near match, candidates on no match.
 *
 * @since 0.1.0
 * @category responses
 */
export class ValidateAddressResponse
  extends Schema.Class<ValidateAddressResponse>("@effect-sinch/core/ValidateAddressResponse")({
    phoneNumber: optionalNullable(Schema.String),
    displayName: optionalNullable(Schema.String),
    validatedAddress: optionalNullable(EmergencyAddress),
    validationResult: optionalNullable(AddressValidationResult),
    validationMessage: optionalNullable(Schema.String),
    correctedAddress: optionalNullable(EmergencyAddress),
    candidateAddresses: optionalNullable(Schema.Array(EmergencyAddress))
  })
{}
