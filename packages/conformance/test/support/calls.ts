import type { NumbersClient } from "@effect-sinch/numbers"
import type * as Effect from "effect/Effect"

/** One way to call an operation through NumbersClient, with realistic, valid input. */
export type Call = (client: NumbersClient.Service) => Effect.Effect<unknown, unknown>

/** The client's calls for one operation of the document. */
export interface OperationCalls {
  readonly operationId: string
  /** The NumbersClient method that runs the operation. */
  readonly method: keyof NumbersClient.Service
  readonly calls: ReadonlyArray<Call>
}

const numbers = ["+12025550134", "+13059394139", "+447478727259", "+46113232516", "+61411111112"]
export const servicePlanId = "1dez6a8300774283a4256aa756a11111"
export const callbackUrl = "https://www.your-callback-server.com/callback"
const orderIds = ["03kjzencnckxrn216rr1zzzzzz", "01jgkbb8xywmz3hhahd76menqf"]
export const address = {
  displayName: "Head office",
  address: {
    streetNumber: "12345",
    streetInfo: "Main St",
    location: "Apt 5",
    city: "Springfield",
    state: "IL",
    postalCode: "62701",
    postalCodePlusFour: "1234"
  }
}
const shortAddress = {
  displayName: "New emergency address",
  address: { streetNumber: "12345", streetInfo: "Main St", city: "Springfield", state: "IL", postalCode: "62701" }
}
// A small ASCII file: Prism forwards bodies as text, so binary parts would arrive mangled.
const attachment = new TextEncoder().encode("Proof of address\nExample Ltd, 1 Main St, Springfield IL 62701\n")

const eachNumber = (f: (phoneNumber: string) => Call): ReadonlyArray<Call> => numbers.map(f)

/** Every operation of the document, with the NumbersClient calls that exercise it. */
export const operationCalls: ReadonlyArray<OperationCalls> = [
  {
    operationId: "NumberService_ListAvailableNumbers",
    method: "searchAvailableNumbers",
    calls: [
      (c) => c.searchAvailableNumbers({ regionCode: "US", type: "LOCAL" }),
      (c) =>
        c.searchAvailableNumbers({
          regionCode: "US",
          type: "LOCAL",
          numberPattern: { pattern: "+1208", searchPattern: "START" },
          capabilities: ["SMS", "VOICE"],
          size: 5
        }),
      (c) => c.searchAvailableNumbers({ regionCode: "SE", type: "MOBILE", capabilities: ["SMS"], size: 10 }),
      (c) =>
        c.searchAvailableNumbers({
          regionCode: "GB",
          type: "TOLL_FREE",
          numberPattern: { pattern: "800", searchPattern: "CONTAINS" }
        })
    ]
  },
  {
    operationId: "NumberService_GetAvailableNumber",
    method: "getAvailableNumber",
    calls: eachNumber((n) => (c) => c.getAvailableNumber(n))
  },
  {
    operationId: "NumberService_RentNumber",
    method: "rentNumber",
    calls: [
      (c) => c.rentNumber(numbers[0]!, { smsConfiguration: { servicePlanId, campaignId: "CAMP123" }, callbackUrl }),
      (c) => c.rentNumber(numbers[1]!, { voiceConfiguration: { type: "RTC", appId: "app-6c4f2c1e" } }),
      (c) => c.rentNumber(numbers[0]!, { voiceConfiguration: { type: "EST", trunkId: "trunk-01" }, callbackUrl }),
      (c) => c.rentNumber(numbers[1]!, { voiceConfiguration: { type: "FAX", serviceId: "fax-service-01" } }),
      (c) => c.rentNumber(numbers[0]!)
    ]
  },
  {
    operationId: "NumberService_RentAnyNumber",
    method: "rentAnyNumber",
    calls: [
      (c) => c.rentAnyNumber({ regionCode: "US", type: "LOCAL" }),
      (c) =>
        c.rentAnyNumber({
          regionCode: "US",
          type: "LOCAL",
          capabilities: ["SMS"],
          numberPattern: { pattern: "+1208", searchPattern: "START" },
          smsConfiguration: { servicePlanId, campaignId: "CAMP123" },
          callbackUrl
        }),
      (c) =>
        c.rentAnyNumber({
          regionCode: "US",
          type: "LOCAL",
          capabilities: ["VOICE"],
          voiceConfiguration: { type: "RTC", appId: "app-6c4f2c1e" }
        })
    ]
  },
  {
    operationId: "NumberService_ListActiveNumbers",
    method: "listActiveNumbersPage",
    calls: [
      (c) => c.listActiveNumbersPage(),
      (c) => c.listActiveNumbersPage({ regionCode: "US", type: "LOCAL", pageSize: 50, orderBy: "displayName" }),
      (c) =>
        c.listActiveNumbersPage({
          capabilities: ["SMS", "VOICE"],
          numberPattern: { pattern: "+1", searchPattern: "START" },
          pageSize: 1000,
          pageToken: "CgwIARIIKzEyMDI1NTU=+/",
          orderBy: "phoneNumber"
        })
    ]
  },
  {
    operationId: "NumberService_GetActiveNumber",
    method: "getActiveNumber",
    calls: eachNumber((n) => (c) => c.getActiveNumber(n))
  },
  {
    operationId: "NumberService_UpdateActiveNumber",
    method: "updateActiveNumber",
    calls: [
      (c) => c.updateActiveNumber(numbers[0]!, { displayName: "Support line" }),
      (c) => c.updateActiveNumber(numbers[1]!, { smsConfiguration: { servicePlanId, campaignId: "CAMP123" } }),
      (c) => c.updateActiveNumber(numbers[2]!, { voiceConfiguration: { type: "EST", trunkId: "trunk-01" } }),
      (c) => c.updateActiveNumber(numbers[3]!, { voiceConfiguration: { type: "FAX", serviceId: "fax-service-01" } }),
      (c) =>
        c.updateActiveNumber(numbers[0]!, {
          displayName: "Sales",
          voiceConfiguration: { type: "RTC", appId: "app-6c4f2c1e" },
          callbackUrl
        }),
      // An empty string unlinks the number from its service plan (the operation's description).
      (c) => c.updateActiveNumber(numbers[1]!, { smsConfiguration: { servicePlanId: "" } })
    ]
  },
  {
    operationId: "NumberService_ReleaseNumber",
    method: "releaseNumber",
    calls: eachNumber((n) => (c) => c.releaseNumber(n))
  },
  {
    operationId: "NumberService_GetEmergencyAddress",
    method: "getEmergencyAddress",
    calls: eachNumber((n) => (c) => c.getEmergencyAddress(n))
  },
  {
    operationId: "NumberService_ProvisionEmergencyAddress",
    method: "provisionEmergencyAddress",
    calls: [
      (c) => c.provisionEmergencyAddress(numbers[0]!, address),
      (c) => c.provisionEmergencyAddress(numbers[1]!, shortAddress)
    ]
  },
  {
    operationId: "NumberService_DeprovisionEmergencyAddress",
    method: "deprovisionEmergencyAddress",
    calls: eachNumber((n) => (c) => c.deprovisionEmergencyAddress(n))
  },
  {
    operationId: "NumberService_ValidateEmergencyAddress",
    method: "validateEmergencyAddress",
    calls: [
      (c) => c.validateEmergencyAddress(numbers[0]!, address),
      (c) => c.validateEmergencyAddress(numbers[1]!, shortAddress)
    ]
  },
  {
    operationId: "NumberService_ListAvailableRegions",
    method: "listAvailableRegions",
    calls: [
      (c) => c.listAvailableRegions(),
      (c) => c.listAvailableRegions({ types: ["LOCAL"] }),
      (c) => c.listAvailableRegions({ types: ["MOBILE", "TOLL_FREE"] })
    ]
  },
  {
    operationId: "GetCallbackConfiguration",
    method: "getCallbackConfiguration",
    calls: [(c) => c.getCallbackConfiguration()]
  },
  {
    operationId: "UpdateCallbackConfiguration",
    method: "updateCallbackConfiguration",
    calls: [
      (c) => c.updateCallbackConfiguration({ hmacSecret: "0123456789abcdef0123456789abcdef" }),
      (c) =>
        c.updateCallbackConfiguration({
          hmacSecret: "Callback-Secret-2026-Rotation-7f3a9c1e5b8d4f2a6c0e9b7d3f1a5c8e"
        })
    ]
  },
  {
    operationId: "LookupNumberRequirements",
    method: "lookupNumberRequirements",
    calls: [
      (c) => c.lookupNumberRequirements({ regionCode: "AU", numberType: "MOBILE" }),
      (c) => c.lookupNumberRequirements({ regionCode: "US", numberType: "LOCAL" })
    ]
  },
  {
    operationId: "CreateNumberOrder",
    method: "createNumberOrder",
    calls: [
      (c) =>
        c.createNumberOrder({
          regionCode: "AU",
          numberType: "MOBILE",
          smsConfiguration: { servicePlanId },
          callbackUrl,
          numberOrderOption: { phoneNumbers: [numbers[4]!] }
        }),
      (c) =>
        c.createNumberOrder({
          regionCode: "US",
          numberType: "LOCAL",
          smsConfiguration: { servicePlanId, campaignId: "CAMP123" },
          callbackUrl,
          quantityOrderOption: {
            requestedQuantity: 3,
            sequential: false,
            capabilities: ["SMS"],
            numberPattern: { pattern: "+1208", searchPattern: "START" }
          }
        }),
      (c) =>
        c.createNumberOrder({
          regionCode: "US",
          numberType: "LOCAL",
          voiceConfiguration: { type: "RTC", appId: "app-6c4f2c1e" },
          quantityOrderOption: { requestedQuantity: 1 }
        })
    ]
  },
  {
    operationId: "GetNumberOrder",
    method: "getNumberOrder",
    calls: orderIds.map((id) => (c: NumbersClient.Service) => c.getNumberOrder(id))
  },
  {
    operationId: "UpdateNumberOrderRegistration",
    method: "updateNumberOrderRegistration",
    calls: [
      (c) =>
        c.updateNumberOrderRegistration(orderIds[0]!, {
          requestDetails: {
            data: [
              { endBusinessName: "Example Pty Ltd", city: "Victoria", state: "VIC", country: "AU", postalCode: "3000" },
              { firstName: "Ada", lastName: "Lovelace", phoneNumber: "+61411111112" }
            ]
          }
        }),
      (c) => c.updateNumberOrderRegistration(orderIds[1]!, { requestDetails: {} })
    ]
  },
  {
    operationId: "GetNumberOrderRegistration",
    method: "getNumberOrderRegistration",
    calls: orderIds.map((id) => (c: NumbersClient.Service) => c.getNumberOrderRegistration(id))
  },
  {
    operationId: "UploadNumberOrderAttachment",
    method: "uploadNumberOrderAttachment",
    calls: [
      (c) =>
        c.uploadNumberOrderAttachment({
          numberOrderId: orderIds[0]!,
          attachmentId: "d1c7ccbf-919d-462f-8587-dec95a1b11zz",
          file: attachment,
          fileName: "proof-of-address.txt",
          mimeType: "text/plain",
          documentType: "Passport"
        }),
      (c) =>
        c.uploadNumberOrderAttachment({
          numberOrderId: orderIds[1]!,
          attachmentId: "01jxn2251d0shhamtbykft2xzx",
          file: new Blob([attachment], { type: "text/plain" }),
          fileName: "template.txt"
        })
    ]
  },
  {
    operationId: "SubmitNumberOrder",
    method: "submitNumberOrder",
    calls: orderIds.map((id) => (c: NumbersClient.Service) => c.submitNumberOrder(id))
  }
]
