import { describe, expect, it } from "@effect/vitest"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as ActiveNumber from "../src/ActiveNumber.js"
import * as ApiError from "../src/ApiError.js"
import * as AvailableNumber from "../src/AvailableNumber.js"
import * as AvailableRegion from "../src/AvailableRegion.js"
import * as CallbackConfiguration from "../src/CallbackConfiguration.js"
import * as CallbackEvent from "../src/CallbackEvent.js"
import * as EmergencyAddress from "../src/EmergencyAddress.js"
import * as Money from "../src/Money.js"
import * as NumberOrder from "../src/NumberOrder.js"
import * as NumberPattern from "../src/NumberPattern.js"
import * as PhoneNumber from "../src/PhoneNumber.js"
import * as ProjectId from "../src/ProjectId.js"
import * as RegionCode from "../src/RegionCode.js"
import * as Registration from "../src/Registration.js"
import * as SmsConfiguration from "../src/SmsConfiguration.js"
import * as VoiceConfiguration from "../src/VoiceConfiguration.js"
import {
  decodeOk,
  expectRejected,
  listJson,
  readJson,
  readTimestamp,
  reencode,
  withoutNulls
} from "./internal/fixtures.js"

type Kind = "request" | "response" | "event"

/** One file decoded with one schema: either it decodes, or it is rejected naming `rejects`. */
interface Case {
  readonly file: string
  readonly kind: Kind
  readonly schema: Schema.Schema<any, any>
  readonly rejects?: ReadonlyArray<string>
}

const ok = (file: string, kind: Kind, schema: Schema.Schema<any, any>): Case => ({ file, kind, schema })
const rejected = (
  file: string,
  kind: Kind,
  schema: Schema.Schema<any, any>,
  fields: ReadonlyArray<string>
): Case => ({ file, kind, schema, rejects: fields })

// The .NET SDK tests voice configurations wrapped in the object that carries them.
const VoiceConfigurationHolder = Schema.Struct({ voiceConfiguration: VoiceConfiguration.VoiceConfiguration })
  .annotations({ identifier: "{ voiceConfiguration: VoiceConfiguration }" })

const sdkCases: ReadonlyArray<Case> = [
  // Java SDK
  ok("java/active/ScheduledVoiceProvisioningDtoEST.json", "response", VoiceConfiguration.ScheduledVoiceProvisioning),
  ok("java/active/ScheduledVoiceProvisioningDtoFAX.json", "response", VoiceConfiguration.ScheduledVoiceProvisioning),
  ok("java/active/ScheduledVoiceProvisioningDtoRTC.json", "response", VoiceConfiguration.ScheduledVoiceProvisioning),
  // Java writes a null service plan id; what users send through this SDK must be a string ("" unlinks). From a
  // server, a null reads as missing.
  rejected(
    "java/active/SmsConfigurationDtoServicePlanIdNull.json",
    "request",
    SmsConfiguration.SmsConfigurationRequest,
    ["servicePlanId"]
  ),
  ok("java/active/SmsConfigurationDtoServicePlanIdNull.json", "response", SmsConfiguration.SmsConfiguration),
  ok("java/active/SmsConfigurationDtoServicePlanIdValue.json", "request", SmsConfiguration.SmsConfigurationRequest),
  ok("java/active/SmsConfigurationDtoServicePlanIdValue.json", "response", SmsConfiguration.SmsConfiguration),
  ok("java/active/SmsConfigurationRequestDto.json", "request", SmsConfiguration.SmsConfigurationRequest),
  ok("java/active/SmsConfigurationResponseDto.json", "response", SmsConfiguration.SmsConfiguration),
  rejected(
    "java/active/VoiceConfigurationDtoAppIdNull.json",
    "request",
    VoiceConfiguration.VoiceConfigurationRequest,
    ["appId"]
  ),
  ok("java/active/VoiceConfigurationDtoAppIdNull.json", "response", VoiceConfiguration.VoiceConfiguration),
  // An empty voice configuration is an RTC one from a server, and no request at all from a user: the API rejects an
  // empty configuration object, so an RTC request needs its appId.
  ok("java/active/VoiceConfigurationDtoAppIdUndefined.json", "response", VoiceConfiguration.VoiceConfiguration),
  rejected(
    "java/active/VoiceConfigurationDtoAppIdUndefined.json",
    "request",
    VoiceConfiguration.VoiceConfigurationRequest,
    ["appId"]
  ),
  ok("java/active/VoiceConfigurationDtoAppIdValue.json", "request", VoiceConfiguration.VoiceConfigurationRequest),
  ok("java/active/VoiceConfigurationDtoAppIdValue.json", "response", VoiceConfiguration.VoiceConfiguration),
  ok("java/active/VoiceConfigurationDtoRTCSwitchToFAX.json", "response", VoiceConfiguration.VoiceConfiguration),
  ok("java/active/VoiceConfigurationRequestDtoEST.json", "request", VoiceConfiguration.VoiceConfigurationRequest),
  ok("java/active/VoiceConfigurationRequestDtoFAX.json", "request", VoiceConfiguration.VoiceConfigurationRequest),
  ok("java/active/VoiceConfigurationRequestDtoRTC.json", "request", VoiceConfiguration.VoiceConfigurationRequest),
  ok("java/active/VoiceConfigurationResponseDtoEST.json", "response", VoiceConfiguration.VoiceConfiguration),
  ok("java/active/VoiceConfigurationResponseDtoFAX.json", "response", VoiceConfiguration.VoiceConfiguration),
  ok("java/active/VoiceConfigurationResponseDtoRTC.json", "response", VoiceConfiguration.VoiceConfiguration),
  ok("java/active/active-numbers-get.json", "response", ActiveNumber.ActiveNumber),
  ok("java/active/active-numbers-list-light.json", "response", ActiveNumber.ListActiveNumbersResponse),
  ok("java/active/active-numbers-list.json", "response", ActiveNumber.ListActiveNumbersResponse),
  ok("java/active/active-numbers-update-request.json", "request", ActiveNumber.UpdateActiveNumberRequest),
  ok("java/available/available-numbers-get.json", "response", AvailableNumber.AvailableNumber),
  ok("java/available/available-numbers-list.json", "response", AvailableNumber.ListAvailableNumbersResponse),
  ok("java/emergency-address.json", "response", EmergencyAddress.EmergencyAddress),
  ok("java/emergency-address.json", "request", EmergencyAddress.Address),
  ok("java/errors/error-trial-account.json", "response", ApiError.ApiErrorBody),
  ok("java/errors/not-found-error.json", "response", ApiError.ApiErrorBody),
  ok("java/errors/rent-response.json", "response", ActiveNumber.ActiveNumber),
  ok("java/eventdestinations/event-destination-response.json", "response", CallbackConfiguration.CallbackConfiguration),
  // "HMAC value" is a placeholder: not a secret Sinch would accept (32 to 64 letters, digits and "-").
  rejected(
    "java/eventdestinations/event-destination-update-request.json",
    "request",
    CallbackConfiguration.UpdateCallbackConfigurationRequest,
    ["hmacSecret"]
  ),
  ok("java/regions/available-regions-list.json", "response", AvailableRegion.ListAvailableRegionsResponse),
  ok("java/request/emergency-address-request.json", "request", EmergencyAddress.EmergencyAddressRequest),
  ok("java/response/validate-address-response-no-match.json", "response", EmergencyAddress.ValidateAddressResponse),
  ok("java/response/validate-address-response.json", "response", EmergencyAddress.ValidateAddressResponse),
  ok("java/sinchevents/number-sinch-event.json", "event", CallbackEvent.CallbackEvent),
  // .NET SDK
  ok("dotnet/Active/ActiveNumber.json", "response", ActiveNumber.ActiveNumber),
  ok("dotnet/Active/ActiveNumberUpdateRequest.json", "request", ActiveNumber.UpdateActiveNumberRequest),
  ok("dotnet/Available/RentAnyRequest.json", "request", AvailableNumber.RentAnyNumberRequest),
  ok("dotnet/CallbackConfigurationResponse.json", "response", CallbackConfiguration.CallbackConfiguration),
  ok("dotnet/EstVoiceResponse.json", "response", VoiceConfigurationHolder),
  ok("dotnet/EstVoiceSerializationExpected.json", "request", ActiveNumber.UpdateActiveNumberRequest),
  ok("dotnet/EstVoiceSerializationExpected.json", "request", AvailableNumber.RentNumberRequest),
  ok("dotnet/FaxVoiceResponse.json", "response", VoiceConfigurationHolder),
  ok("dotnet/FaxVoiceSerializationExpected.json", "request", ActiveNumber.UpdateActiveNumberRequest),
  ok("dotnet/FaxVoiceSerializationExpected.json", "request", AvailableNumber.RentNumberRequest),
  ok("dotnet/RtcVoiceConfigWithFaxProvisioning.json", "response", VoiceConfigurationHolder),
  ok("dotnet/RtcVoiceResponse.json", "response", VoiceConfigurationHolder),
  ok("dotnet/RtcVoiceSerializationExpected.json", "request", ActiveNumber.UpdateActiveNumberRequest),
  ok("dotnet/RtcVoiceSerializationExpected.json", "request", AvailableNumber.RentNumberRequest)
]

const example = (name: string) => `openapi/examples/${name}.json`

const openApiCases: ReadonlyArray<Case> = [
  ok(example("SearchActivateSMSNumber"), "request", AvailableNumber.RentAnyNumberRequest),
  ok(example("lookupAuKycRequirementsReq"), "request", NumberOrder.LookupNumberRequirementsRequest),
  rejected(
    example("gettingStartedLookupExample"),
    "request",
    NumberOrder.LookupNumberRequirementsRequest,
    ["regionCode", "numberType"]
  ),
  ok(example("lookupAuKycRequirementsRes"), "response", NumberOrder.NumberRequirements),
  ok(example("activateSMSNumberReq"), "request", AvailableNumber.RentNumberRequest),
  ok(example("activateBothSMSandVoiceNumberReq"), "request", AvailableNumber.RentNumberRequest),
  ok(example("activateVoiceNumberReq"), "request", AvailableNumber.RentNumberRequest),
  ok(example("activateESTNumberReq"), "request", AvailableNumber.RentNumberRequest),
  ok(example("activateFaxNumberReq"), "request", AvailableNumber.RentNumberRequest),
  ok(example("activateSMSNumberRes"), "response", ActiveNumber.ActiveNumber),
  ok(example("activateBothSMSandVoiceNumberRes"), "response", ActiveNumber.ActiveNumber),
  ok(example("activateVoiceNumberRes"), "response", ActiveNumber.ActiveNumber),
  ok(example("activateESTNumberRes"), "response", ActiveNumber.ActiveNumber),
  ok(example("activateFaxNumberRes"), "response", ActiveNumber.ActiveNumber),
  ok(example("updateSMSandVoiceNumber"), "request", ActiveNumber.UpdateActiveNumberRequest),
  ok(example("updateSMSNumber"), "request", ActiveNumber.UpdateActiveNumberRequest),
  ok(example("updateVoiceNumber"), "request", ActiveNumber.UpdateActiveNumberRequest),
  ok(example("perfectMatch"), "response", EmergencyAddress.ValidateAddressResponse),
  ok(example("nearMatch"), "response", EmergencyAddress.ValidateAddressResponse),
  ok(example("noMatch"), "response", EmergencyAddress.ValidateAddressResponse),
  ok(example("createAustralianNumberOrderRequest"), "request", NumberOrder.CreateNumberOrderRequest),
  ok(example("createUsQuantityOrderRequest"), "request", NumberOrder.CreateNumberOrderRequest),
  rejected(
    example("gettingStartedExample"),
    "request",
    NumberOrder.CreateNumberOrderRequest,
    ["regionCode", "numberType", "phoneNumbers"]
  ),
  ok(example("australianNumberOrder"), "response", NumberOrder.NumberOrder),
  ok(example("australianRegistration"), "response", Registration.Registration),
  ok(example("australianRegistration"), "request", Registration.UpdateNumberOrderRegistrationRequest),
  ok(
    "openapi/inline/requestBodies.ProvisionEmergencyAddressRequest.json",
    "request",
    EmergencyAddress.EmergencyAddressRequest
  ),
  ok(
    "openapi/inline/requestBodies.ValidateEmergencyAddressRequest.json",
    "request",
    EmergencyAddress.EmergencyAddressRequest
  ),
  ok("openapi/inline/responses.PermissionDenied.json", "response", ApiError.ApiErrorBody)
]

const cases = [...sdkCases, ...openApiCases]

const schemaName = (schema: Schema.Schema.Any): string =>
  Option.getOrElse(AST.getIdentifierAnnotation(AST.typeAST(schema.ast)), () => String(schema.ast))

describe("Fixtures", () => {
  it("maps every fixture file to at least one schema", () => {
    const files = [
      ...listJson("java"),
      ...listJson("dotnet"),
      ...listJson("openapi/examples"),
      ...listJson("openapi/inline")
    ]
    expect(files.length).toBe(45 + 25 + 3)
    const mapped = new Set(cases.map((c) => c.file))
    expect(files.filter((file) => !mapped.has(file))).toEqual([])
    expect([...mapped].filter((file) => !files.includes(file))).toEqual([])
  })

  it("decodes each OpenAPI example as the request or response the document uses it for", () => {
    const usage = readJson("openapi/usage.json") as Record<string, ReadonlyArray<string>>
    for (const [name, pointers] of Object.entries(usage)) {
      for (const pointer of pointers) {
        const kind: Kind = /\/requestBod(y|ies)\//.test(pointer) ? "request" : "response"
        expect(pointer).toMatch(kind === "request" ? /requestBod/ : /\/responses\//)
        expect(cases.some((c) => c.file === example(name) && c.kind === kind), `${name} as ${kind}`).toBe(true)
      }
    }
  })

  describe.each(cases.filter((c) => c.rejects === undefined))("$file ($kind)", (c) => {
    it(`decodes with ${schemaName(c.schema)}`, () => {
      decodeOk(c.schema, readJson(c.file))
    })
    if (c.kind === "request") {
      // A request schema drops what users may not send (the registration example carries read-only logs).
      it("encodes back to the JSON it was read from, less unknown fields", () => {
        const wire = readJson(c.file)
        expect(wire).toMatchObject(reencode(c.schema, wire) as object)
      })
    } else {
      // A null in a response reads as a missing field, so it is not written back.
      it("encodes back to the same JSON, less its nulls", () => {
        const wire = readJson(c.file)
        expect(reencode(c.schema, wire)).toStrictEqual(withoutNulls(wire))
      })
    }
  })

  describe.each(cases.filter((c) => c.rejects !== undefined))("$file ($kind)", (c) => {
    it(`is rejected naming ${c.rejects!.join(", ")}`, () => {
      expectRejected(c.schema, readJson(c.file), c.rejects!)
    })
  })
})

/** A schema decoding one property of a class or struct, for property examples. */
const field = (fields: Schema.Struct.Fields, name: string) => {
  const schema = Schema.Struct({ [name]: fields[name]! }) as unknown as Schema.Schema<any, any>
  return { schema, wrap: (value: unknown) => ({ [name]: value }) }
}

// OpenAPI schema names -> the fields of the schema that decodes them.
const schemaFields: Record<string, ReadonlyArray<Schema.Struct.Fields>> = {
  RentAnyNumberRequest: [AvailableNumber.RentAnyNumberRequest.fields],
  money: [Money.Money.fields],
  ActiveNumberResponse: [ActiveNumber.ActiveNumber.fields],
  AvailableNumber: [AvailableNumber.AvailableNumber.fields],
  AvailableRegion: [AvailableRegion.AvailableRegion.fields],
  CreateQuantityOrderOption: [NumberOrder.QuantityOrderOption.fields],
  NumberOrder: [NumberOrder.NumberOrder.fields],
  RequiredAttachment: [NumberOrder.RequiredAttachment.fields],
  CallbackConfiguration: [CallbackConfiguration.CallbackConfiguration.fields],
  CallbackPayloadActiveNumber: [CallbackEvent.ActiveNumberEvent.fields],
  CallbackPayloadNumberOrder: [CallbackEvent.NumberOrderEvent.fields],
  CallbackPayloadCommon: [CallbackEvent.ActiveNumberEvent.fields, CallbackEvent.NumberOrderEvent.fields],
  EmergencyAddress: [EmergencyAddress.EmergencyAddress.fields, EmergencyAddress.Address.fields],
  ValidateAddressResponse: [EmergencyAddress.ValidateAddressResponse.fields],
  EmergencyAddressRequest: [EmergencyAddress.EmergencyAddressRequest.fields]
}

// `numberPattern.pattern` is given percent-encoded, as it travels in a query string.
const PatternFromQuery = Schema.compose(
  Schema.transform(Schema.String, Schema.String, { decode: decodeURIComponent, encode: encodeURIComponent }),
  NumberPattern.Pattern
)

interface ValueCheck {
  readonly schema: Schema.Schema<any, any>
  readonly wrap?: (value: unknown) => unknown
  readonly rejects?: ReadonlyArray<string>
}

const valueChecks: Record<string, ReadonlyArray<ValueCheck>> = {
  "/paths/~1v1~1projects~1{projectId}~1availableNumbers/parameters/6/example": [{ schema: AvailableNumber.Size }],
  "/paths/~1v1~1projects~1{projectId}~1numberOrders~1{numberOrderId}~1attachments~1{attachmentId}/post/parameters/2/schema/example":
    [{ schema: Schema.NonEmptyString }],
  "/components/parameters/projectId/schema/example": [{ schema: ProjectId.ProjectId }],
  "/components/parameters/phoneNumber/schema/example": [{ schema: PhoneNumber.PhoneNumber }],
  "/components/parameters/numberPattern.pattern/schema/example": [{ schema: PatternFromQuery }],
  "/components/parameters/regionCodeRequired/schema/example": [{ schema: RegionCode.RegionCode }],
  "/components/parameters/regionCodeOptional/schema/example": [{ schema: RegionCode.RegionCode }],
  "/components/schemas/RegionCode/example": [{ schema: RegionCode.RegionCode }],
  "/components/schemas/PhoneNumber/example": [{ schema: PhoneNumber.PhoneNumber }],
  "/components/schemas/ResourceType/example": [{ schema: CallbackEvent.ActiveNumberEvent.fields.resourceType }],
  "/components/schemas/CreateNumberOrderOption/properties/phoneNumbers/items/example": [
    { schema: PhoneNumber.PhoneNumber }
  ],
  // A placeholder: fine in a response, not a secret a user may set.
  "/components/schemas/CallbackConfiguration/properties/hmacSecret/example": [
    field(CallbackConfiguration.CallbackConfiguration.fields, "hmacSecret"),
    { ...field(CallbackConfiguration.UpdateCallbackConfigurationRequest.fields, "hmacSecret"), rejects: ["hmacSecret"] }
  ]
}

describe("OpenAPI property and parameter examples (openapi/values.json)", () => {
  const values = readJson("openapi/values.json") as Record<string, unknown>
  const propertyPointer = /^\/components\/schemas\/([^/]+)\/properties\/([^/]+)\/example$/

  it("holds every scalar and array example of the document", () => {
    expect(Object.keys(values).length).toBe(47)
  })

  it.each(Object.entries(values))("%s decodes with the schema of its field", (pointer, value) => {
    const checks = valueChecks[pointer]
    if (checks !== undefined) {
      for (const check of checks) {
        const input = check.wrap ? check.wrap(value) : value
        if (check.rejects) expectRejected(check.schema, input, check.rejects)
        else decodeOk(check.schema, input)
      }
      return
    }
    const match = propertyPointer.exec(pointer)
    expect(match, `no schema mapped for ${pointer}`).not.toBeNull()
    const [, openApiSchema, property] = match!
    const targets = schemaFields[openApiSchema!]
    expect(targets, `no schema mapped for ${openApiSchema}`).toBeDefined()
    for (const fields of targets!) {
      expect(Object.keys(fields)).toContain(property)
      const { schema, wrap } = field(fields, property!)
      decodeOk(schema, wrap(value))
    }
  })

  it("rejects the percent-encoded pattern unless it is decoded from the query string first", () => {
    const pattern = values["/components/parameters/numberPattern.pattern/schema/example"]
    expect(pattern).toBe("%2B120")
    expectRejected(NumberPattern.Pattern, pattern, [])
    expect(decodeOk(PatternFromQuery, pattern)).toBe("+120")
  })

  it("assembles the callback payload property examples into events that decode", () => {
    const pick = (schemaName: string) =>
      Object.fromEntries(
        Object.entries(values).flatMap(([pointer, value]) => {
          const match = propertyPointer.exec(pointer)
          return match !== null && match[1] === schemaName ? [[match[2]!, value]] : []
        })
      )
    const common = pick("CallbackPayloadCommon")
    const activeNumber = decodeOk(CallbackEvent.CallbackEvent, {
      ...common,
      resourceType: "ACTIVE_NUMBER",
      ...pick("CallbackPayloadActiveNumber")
    })
    expect(activeNumber).toBeInstanceOf(CallbackEvent.ActiveNumberEvent)
    expect(activeNumber).toMatchObject({
      eventId: "abcd1234efghijklmnop567890",
      eventType: "PROVISIONING_TO_CAMPAIGN",
      status: "FAILED",
      failureCode: "CAMPAIGN_NOT_AVAILABLE",
      internalFailureCode: "CRS0018",
      resourceId: "+12345612345"
    })
    expect(readTimestamp(activeNumber.timestamp).epochMillis).toBe(Date.UTC(2023, 5, 6, 7, 45, 27, 785))
    expect(readTimestamp(activeNumber.timestamp).nanosOfSecond).toBe(785_357_000)
    const numberOrder = decodeOk(CallbackEvent.CallbackEvent, {
      ...common,
      resourceType: "NUMBER_ORDER",
      ...pick("CallbackPayloadNumberOrder")
    })
    expect(numberOrder).toBeInstanceOf(CallbackEvent.NumberOrderEvent)
    expect(numberOrder).toMatchObject({ eventType: "NUMBER_ORDER_PROCESSING", status: "IN_REVIEW" })
  })

  it("assembles the EmergencyAddress property examples into an address a user may send", () => {
    const address = Object.fromEntries(
      Object.entries(values).flatMap(([pointer, value]) => {
        const match = propertyPointer.exec(pointer)
        return match !== null && match[1] === "EmergencyAddress" ? [[match[2]!, value]] : []
      })
    )
    expect(Object.keys(address).sort()).toEqual(Object.keys(EmergencyAddress.Address.fields).sort())
    const request = decodeOk(EmergencyAddress.EmergencyAddressRequest, {
      displayName: values["/components/schemas/EmergencyAddressRequest/properties/displayName/example"],
      address
    })
    expect(request.address.city).toBe("Springfield")
  })
})
