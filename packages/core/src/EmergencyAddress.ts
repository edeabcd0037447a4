/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum } from "./internal/openEnum.js"

/**
 * A street address for emergency services, as servers send it.
 *
 * @since 0.1.0
 * @category models
 */
export class EmergencyAddress extends Schema.Class<EmergencyAddress>("EmergencyAddress")({
  streetNumber: Schema.optional(Schema.String),
  streetInfo: Schema.optional(Schema.String),
  location: Schema.optional(Schema.String),
  city: Schema.optional(Schema.String),
  state: Schema.optional(Schema.String),
  postalCode: Schema.optional(Schema.String),
  postalCodePlusFour: Schema.optional(Schema.String)
}) {}

const Required = (name: string) =>
  Schema.String.pipe(Schema.nonEmptyString({ message: () => `Expected a non-empty ${name}` }))

/**
 * An address a user sends: street number, street, city, state and postal code are required.
 *
 * @since 0.1.0
 * @category requests
 */
export class Address extends Schema.Class<Address>("Address")({
  streetNumber: Required("streetNumber"),
  streetInfo: Required("streetInfo"),
  location: Schema.optional(Schema.String),
  city: Required("city"),
  state: Required("state"),
  postalCode: Required("postalCode"),
  postalCodePlusFour: Schema.optional(Schema.String)
}) {}

/**
 * Provisioning or validating an emergency address for a number.
 *
 * @since 0.1.0
 * @category requests
 */
export class EmergencyAddressRequest extends Schema.Class<EmergencyAddressRequest>("EmergencyAddressRequest")({
  displayName: Schema.String,
  address: Address
}) {}

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
export class ValidateAddressResponse extends Schema.Class<ValidateAddressResponse>("ValidateAddressResponse")({
  phoneNumber: Schema.optional(Schema.String),
  displayName: Schema.optional(Schema.String),
  validatedAddress: Schema.optional(Schema.NullOr(EmergencyAddress)),
  validationResult: Schema.optional(AddressValidationResult),
  validationMessage: Schema.optional(Schema.String),
  correctedAddress: Schema.optional(Schema.NullOr(EmergencyAddress)),
  candidateAddresses: Schema.optional(Schema.Array(EmergencyAddress))
}) {}
