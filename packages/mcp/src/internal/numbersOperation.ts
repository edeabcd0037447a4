/**
 * INTERIM: the shape of `@effect-sinch/numbers/NumbersOperation` (branch `table`), until that module lands. The
 * switch is deleting this file and importing the real one.
 *
 * @internal
 */
import { ActiveNumber, ListActiveNumbersRequest, UpdateActiveNumberRequest } from "@effect-sinch/core/ActiveNumber"
import {
  AvailableNumber,
  ListAvailableNumbersResponse,
  RentAnyNumberRequest,
  RentNumberRequest,
  SearchAvailableNumbersRequest
} from "@effect-sinch/core/AvailableNumber"
import { ListAvailableRegionsRequest, ListAvailableRegionsResponse } from "@effect-sinch/core/AvailableRegion"
import { CallbackConfiguration, UpdateCallbackConfigurationRequest } from "@effect-sinch/core/CallbackConfiguration"
import { EmergencyAddress, EmergencyAddressRequest, ValidateAddressResponse } from "@effect-sinch/core/EmergencyAddress"
import {
  CreateNumberOrderRequest,
  LookupNumberRequirementsRequest,
  NumberOrder,
  NumberRequirements
} from "@effect-sinch/core/NumberOrder"
import { PhoneNumber } from "@effect-sinch/core/PhoneNumber"
import { Attachment, Registration, UpdateNumberOrderRegistrationRequest } from "@effect-sinch/core/Registration"
import type * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/** @internal */
export interface Operation<Name extends string, Input, InputEncoded, A, AEncoded, E> {
  readonly name: Name
  readonly operationId: string
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE"
  readonly path: string
  readonly retry: "idempotent" | "billable"
  readonly summary: string
  readonly input: Schema.Schema<Input, InputEncoded>
  readonly success: Schema.Schema<A, AEncoded>
  readonly call: (client: NumbersClient.Service, input: Input) => Effect.Effect<A, E>
}

/** @internal */
export type Any = Operation<string, any, any, any, any, unknown>

const define = <const Name extends string, Input, InputEncoded, A, AEncoded, E>(
  operation: Operation<Name, Input, InputEncoded, A, AEncoded, E>
) => operation

const ActiveNumberId = Schema.String.pipe(Schema.minLength(1, { message: () => "Expected a non-empty phone number" }))
const NumberOrderId = Schema.String.pipe(Schema.minLength(1, { message: () => "Expected a non-empty number order id" }))

const activeNumberIn = <Fields extends Schema.Struct.Fields>(fields: Fields) =>
  Schema.Struct({ phoneNumber: ActiveNumberId, ...fields })
const orderIn = <Fields extends Schema.Struct.Fields>(fields: Fields) =>
  Schema.Struct({ numberOrderId: NumberOrderId, ...fields })

/** @internal */
export const ActiveNumbersPage = Schema.Struct({
  activeNumbers: Schema.Array(ActiveNumber),
  nextPageToken: Schema.optionalWith(Schema.String, { as: "Option" }),
  totalSize: Schema.optionalWith(Schema.Number, { as: "Option" })
})

/** @internal */
export const operations = {
  searchAvailableNumbers: define({
    name: "searchAvailableNumbers",
    operationId: "NumberService_ListAvailableNumbers",
    method: "GET",
    path: "/v1/projects/{projectId}/availableNumbers",
    retry: "idempotent",
    summary: "Search for available phone numbers",
    input: SearchAvailableNumbersRequest,
    success: ListAvailableNumbersResponse,
    call: (client, input) => client.searchAvailableNumbers(input)
  }),
  getAvailableNumber: define({
    name: "getAvailableNumber",
    operationId: "NumberService_GetAvailableNumber",
    method: "GET",
    path: "/v1/projects/{projectId}/availableNumbers/{phoneNumber}",
    retry: "idempotent",
    summary: "Search for a specific phone number",
    input: Schema.Struct({ phoneNumber: PhoneNumber }),
    success: AvailableNumber,
    call: (client, input) => client.getAvailableNumber(input.phoneNumber)
  }),
  rentNumber: define({
    name: "rentNumber",
    operationId: "NumberService_RentNumber",
    method: "POST",
    path: "/v1/projects/{projectId}/availableNumbers/{phoneNumber}:rent",
    retry: "billable",
    summary: "Activate a new phone number",
    input: Schema.Struct({ phoneNumber: PhoneNumber, ...RentNumberRequest.fields }),
    success: ActiveNumber,
    call: (client, { phoneNumber, ...request }) => client.rentNumber(phoneNumber, request)
  }),
  rentAnyNumber: define({
    name: "rentAnyNumber",
    operationId: "NumberService_RentAnyNumber",
    method: "POST",
    path: "/v1/projects/{projectId}/availableNumbers:rentAny",
    retry: "billable",
    summary: "Rent any number that matches the criteria",
    input: RentAnyNumberRequest,
    success: ActiveNumber,
    call: (client, input) => client.rentAnyNumber(input)
  }),
  listActiveNumbersPage: define({
    name: "listActiveNumbersPage",
    operationId: "NumberService_ListActiveNumbers",
    method: "GET",
    path: "/v1/projects/{projectId}/activeNumbers",
    retry: "idempotent",
    summary: "Lists active numbers for a project",
    input: ListActiveNumbersRequest,
    success: ActiveNumbersPage,
    call: (client, input) => client.listActiveNumbersPage(input)
  }),
  getActiveNumber: define({
    name: "getActiveNumber",
    operationId: "NumberService_GetActiveNumber",
    method: "GET",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}",
    retry: "idempotent",
    summary: "Retrieve an active phone number",
    input: activeNumberIn({}),
    success: ActiveNumber,
    call: (client, input) => client.getActiveNumber(input.phoneNumber)
  }),
  updateActiveNumber: define({
    name: "updateActiveNumber",
    operationId: "NumberService_UpdateActiveNumber",
    method: "PATCH",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}",
    retry: "idempotent",
    summary: "Update an active phone number",
    input: activeNumberIn(UpdateActiveNumberRequest.fields),
    success: ActiveNumber,
    call: (client, { phoneNumber, ...request }) => client.updateActiveNumber(phoneNumber, request)
  }),
  releaseNumber: define({
    name: "releaseNumber",
    operationId: "NumberService_ReleaseNumber",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}:release",
    retry: "billable",
    summary: "Release an active number from the project",
    input: activeNumberIn({}),
    success: ActiveNumber,
    call: (client, input) => client.releaseNumber(input.phoneNumber)
  }),
  getEmergencyAddress: define({
    name: "getEmergencyAddress",
    operationId: "NumberService_GetEmergencyAddress",
    method: "GET",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress",
    retry: "idempotent",
    summary: "Get the emergency address for a number",
    input: activeNumberIn({}),
    success: EmergencyAddress,
    call: (client, input) => client.getEmergencyAddress(input.phoneNumber)
  }),
  provisionEmergencyAddress: define({
    name: "provisionEmergencyAddress",
    operationId: "NumberService_ProvisionEmergencyAddress",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:provision",
    retry: "idempotent",
    summary: "Add an emergency address for a number",
    input: activeNumberIn(EmergencyAddressRequest.fields),
    success: EmergencyAddress,
    call: (client, { phoneNumber, ...request }) => client.provisionEmergencyAddress(phoneNumber, request)
  }),
  deprovisionEmergencyAddress: define({
    name: "deprovisionEmergencyAddress",
    operationId: "NumberService_DeprovisionEmergencyAddress",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:deprovision",
    retry: "idempotent",
    summary: "Remove the emergency address for a number",
    input: activeNumberIn({}),
    success: Schema.Void,
    call: (client, input) => client.deprovisionEmergencyAddress(input.phoneNumber)
  }),
  validateEmergencyAddress: define({
    name: "validateEmergencyAddress",
    operationId: "NumberService_ValidateEmergencyAddress",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}/emergencyAddress:validate",
    retry: "idempotent",
    summary: "Validate the emergency address for a number",
    input: activeNumberIn(EmergencyAddressRequest.fields),
    success: ValidateAddressResponse,
    call: (client, { phoneNumber, ...request }) => client.validateEmergencyAddress(phoneNumber, request)
  }),
  listAvailableRegions: define({
    name: "listAvailableRegions",
    operationId: "NumberService_ListAvailableRegions",
    method: "GET",
    path: "/v1/projects/{projectId}/availableRegions",
    retry: "idempotent",
    summary: "List available regions",
    input: ListAvailableRegionsRequest,
    success: ListAvailableRegionsResponse,
    call: (client, input) => client.listAvailableRegions(input)
  }),
  getCallbackConfiguration: define({
    name: "getCallbackConfiguration",
    operationId: "GetCallbackConfiguration",
    method: "GET",
    path: "/v1/projects/{projectId}/callbackConfiguration",
    retry: "idempotent",
    summary: "Get callbacks configuration",
    input: Schema.Struct({}),
    success: CallbackConfiguration,
    call: (client) => client.getCallbackConfiguration()
  }),
  updateCallbackConfiguration: define({
    name: "updateCallbackConfiguration",
    operationId: "UpdateCallbackConfiguration",
    method: "PATCH",
    path: "/v1/projects/{projectId}/callbackConfiguration",
    retry: "idempotent",
    summary: "Update callback configuration",
    input: UpdateCallbackConfigurationRequest,
    success: CallbackConfiguration,
    call: (client, input) => client.updateCallbackConfiguration(input)
  }),
  lookupNumberRequirements: define({
    name: "lookupNumberRequirements",
    operationId: "LookupNumberRequirements",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders:lookupNumberRequirements",
    retry: "idempotent",
    summary: "Lookup number requirements",
    input: LookupNumberRequirementsRequest,
    success: NumberRequirements,
    call: (client, input) => client.lookupNumberRequirements(input)
  }),
  createNumberOrder: define({
    name: "createNumberOrder",
    operationId: "CreateNumberOrder",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders:createNumberOrder",
    retry: "billable",
    summary: "Create a number order",
    input: CreateNumberOrderRequest,
    success: NumberOrder,
    call: (client, input) => client.createNumberOrder(input)
  }),
  getNumberOrder: define({
    name: "getNumberOrder",
    operationId: "GetNumberOrder",
    method: "GET",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}",
    retry: "idempotent",
    summary: "Get a number order",
    input: orderIn({}),
    success: NumberOrder,
    call: (client, input) => client.getNumberOrder(input.numberOrderId)
  }),
  getNumberOrderRegistration: define({
    name: "getNumberOrderRegistration",
    operationId: "GetNumberOrderRegistration",
    method: "GET",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/registration",
    retry: "idempotent",
    summary: "Get number order registration",
    input: orderIn({}),
    success: Registration,
    call: (client, input) => client.getNumberOrderRegistration(input.numberOrderId)
  }),
  updateNumberOrderRegistration: define({
    name: "updateNumberOrderRegistration",
    operationId: "UpdateNumberOrderRegistration",
    method: "PUT",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/registration",
    retry: "idempotent",
    summary: "Update number order registration",
    input: orderIn(UpdateNumberOrderRegistrationRequest.fields),
    success: Registration,
    call: (client, { numberOrderId, ...request }) => client.updateNumberOrderRegistration(numberOrderId, request)
  }),
  uploadNumberOrderAttachment: define({
    name: "uploadNumberOrderAttachment",
    operationId: "UploadNumberOrderAttachment",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/attachments/{attachmentId}",
    retry: "idempotent",
    summary: "Upload an attachment for a number order",
    input: orderIn({
      attachmentId: NumberOrderId,
      file: Schema.Uint8ArrayFromBase64,
      fileName: Schema.String.pipe(Schema.minLength(1)),
      mimeType: Schema.optional(Schema.String),
      documentType: Schema.optional(Schema.String)
    }),
    success: Schema.OptionFromNullOr(Attachment),
    call: (client, input) => client.uploadNumberOrderAttachment(input)
  }),
  submitNumberOrder: define({
    name: "submitNumberOrder",
    operationId: "SubmitNumberOrder",
    method: "POST",
    path: "/v1/projects/{projectId}/numberOrders/{numberOrderId}/submit",
    retry: "billable",
    summary: "Submit number order",
    input: orderIn({}),
    success: NumberOrder,
    call: (client, input) => client.submitNumberOrder(input.numberOrderId)
  })
} as const
