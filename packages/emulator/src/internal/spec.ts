/** @internal */
import * as Schema from "effect/Schema"

// The emulator's own reading of the request side of the OpenAPI document (Numbers API 1.0.3): every schema names the
// component it reads. Written from the document, not from the client's schemas, so that a contract suite running both
// catches a misreading in either. Fields the document does not list are ignored, as it does not forbid them.

const optional = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

const show = (value: unknown): string => JSON.stringify(value) ?? String(value)

/** `type: integer, format: int32` @internal */
export const Int32 = Schema.Int.pipe(
  Schema.between(-2147483648, 2147483647, {
    message: (issue) => `Expected an int32 (a whole number from -2147483648 to 2147483647), got ${show(issue.actual)}`
  })
)

/** An int32 query value: digits only, as the document's `format: int32` has it. @internal */
export const Int32FromString = Schema.String.pipe(
  Schema.pattern(/^-?\d+$/, { message: (issue) => `Expected an int32, got ${show(issue.actual)}` }),
  Schema.compose(Schema.NumberFromString),
  Schema.compose(Int32)
)

/**
 * info.description: "Only phone numbers in E.164 standard format are accepted"; components/schemas/PhoneNumber:
 * "E.164 format with leading `+`".
 *
 * @internal
 */
export const PhoneNumber = Schema.String.pipe(
  Schema.pattern(/^\+[1-9]\d{1,14}$/, {
    message: (issue) =>
      `Expected a phone number in E.164 format (a "+" then 2 to 15 digits, like +12025550134), got ${
        show(issue.actual)
      }`
  })
)

/** components/schemas/RegionCode: "ISO 3166-1 alpha-2 country code". @internal */
export const RegionCode = Schema.String.pipe(
  Schema.pattern(/^[A-Z]{2}$/, {
    message: (issue) =>
      `Expected an ISO 3166-1 alpha-2 country code (two capital letters, like US), got ${show(issue.actual)}`
  })
)

/** components/schemas/NumberType @internal */
export const NumberType = Schema.Literal("MOBILE", "LOCAL", "TOLL_FREE")

/** components/schemas/NumberCapability @internal */
export const NumberCapability = Schema.Literal("SMS", "VOICE")

/** components/schemas/NumberPatternSearchPattern @internal */
export const SearchPattern = Schema.Literal("START", "CONTAINS", "END")

/** components/schemas/VoiceApplicationType @internal */
export const VoiceApplicationType = Schema.Literal("RTC", "EST", "FAX")

/** `format: uri`: an absolute URI, with a scheme. @internal */
export const Uri = Schema.String.pipe(
  Schema.filter((s) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s), {
    message: (issue) => `Expected an absolute URI (format: uri), got ${show(issue.actual)}`
  })
)

/** components/schemas/CallbackConfigurationUpdate: "regex pattern: ^[a-zA-Z0-9-]{32,64}$". @internal */
export const HmacSecret = Schema.String.pipe(
  Schema.pattern(/^[a-zA-Z0-9-]{32,64}$/, {
    message: () => "Expected 32 to 64 characters, letters, digits and hyphens only (^[a-zA-Z0-9-]{32,64}$)"
  })
)

/** components/schemas/NumberPattern @internal */
export const NumberPattern = Schema.Struct({
  pattern: optional(Schema.String),
  searchPattern: optional(SearchPattern)
}).annotations({ identifier: "NumberPattern" })

/** components/schemas/smsConfiguration as a request (its readOnly scheduledProvisioning is ignored) @internal */
export const SmsConfiguration = Schema.Struct({
  servicePlanId: Schema.String,
  campaignId: optional(Schema.String)
}).annotations({ identifier: "SmsConfiguration" })

/**
 * components/schemas/smsConfiguration in UpdateActiveNumber, where "explicitly setting null will overwrite a
 * previously set value with null": a null campaignId unlinks the campaign.
 *
 * @internal
 */
export const SmsConfigurationUpdate = Schema.Struct({
  servicePlanId: Schema.String,
  campaignId: optional(Schema.NullOr(Schema.String))
}).annotations({ identifier: "SmsConfiguration" })

const voiceFields = {
  appId: optional(Schema.String),
  trunkId: optional(Schema.String),
  serviceId: optional(Schema.String)
}

/**
 * components/schemas/VoiceConfiguration: one of VoiceConfigurationRTC (`type` optional, default RTC, `appId`),
 * VoiceConfigurationEST (`type` EST, `trunkId`) and VoiceConfigurationFAX (`type` FAX, `serviceId`). Its
 * readOnly fields are ignored. UpdateActiveNumber: "If you pass an empty configuration object, the request will
 * fail"; RentNumber: an object "you don't need to configure ... will result in an error".
 *
 * @internal
 */
export const VoiceConfiguration = Schema.Struct({
  type: optional(VoiceApplicationType),
  ...voiceFields
}).pipe(
  Schema.filter(
    (v) =>
      v.type !== undefined || v.appId !== undefined || v.trunkId !== undefined || v.serviceId !== undefined ||
      "An empty configuration object is refused: give type and appId (RTC), trunkId (EST) or serviceId (FAX)"
  )
).annotations({ identifier: "VoiceConfiguration" })

/** components/schemas/OrderVoiceConfiguration: OrderVoiceConfigurationBase requires `type`. @internal */
export const OrderVoiceConfiguration = Schema.Struct({
  type: VoiceApplicationType,
  ...voiceFields
}).annotations({ identifier: "OrderVoiceConfiguration" })

/** A voice configuration as the variant its `type` selects: the id of that variant ("" when not given). @internal */
export const voiceTarget = (
  voice: {
    readonly type?: "RTC" | "EST" | "FAX"
    readonly appId?: string
    readonly trunkId?: string
    readonly serviceId?: string
  }
): { readonly type: "RTC" | "EST" | "FAX"; readonly id: string } => {
  const type = voice.type ?? "RTC"
  return { type, id: (type === "EST" ? voice.trunkId : type === "FAX" ? voice.serviceId : voice.appId) ?? "" }
}

/** components/schemas/RentNumberRequest @internal */
export const RentNumberRequest = Schema.Struct({
  smsConfiguration: optional(SmsConfiguration),
  voiceConfiguration: optional(VoiceConfiguration),
  callbackUrl: optional(Schema.String)
}).annotations({ identifier: "RentNumberRequest" })

/** components/schemas/RentAnyNumberRequest @internal */
export const RentAnyNumberRequest = Schema.Struct({
  numberPattern: optional(NumberPattern),
  regionCode: RegionCode,
  type: NumberType,
  capabilities: optional(Schema.Array(NumberCapability)),
  smsConfiguration: optional(SmsConfiguration),
  voiceConfiguration: optional(VoiceConfiguration),
  callbackUrl: optional(Schema.String)
}).annotations({ identifier: "RentAnyNumberRequest" })

/**
 * components/schemas/ActiveNumberRequest. A null displayName, callbackUrl, smsConfiguration, voiceConfiguration or
 * smsConfiguration.campaignId clears that value (info.description: "explicitly setting null will overwrite a
 * previously set value with null"); a request that changes nothing is refused.
 *
 * @internal
 */
export const ActiveNumberRequest = Schema.Struct({
  displayName: optional(Schema.NullOr(Schema.String)),
  smsConfiguration: optional(Schema.NullOr(SmsConfigurationUpdate)),
  voiceConfiguration: optional(Schema.NullOr(VoiceConfiguration)),
  callbackUrl: optional(Schema.NullOr(Schema.String))
}).pipe(
  Schema.filter((r) =>
    r.displayName !== undefined || r.smsConfiguration !== undefined || r.voiceConfiguration !== undefined ||
    r.callbackUrl !== undefined ||
    "Nothing to update: give displayName, smsConfiguration, voiceConfiguration or callbackUrl"
  )
).annotations({ identifier: "ActiveNumberRequest" })

/** components/schemas/EmergencyAddressRequest and its required address fields @internal */
export const EmergencyAddressRequest = Schema.Struct({
  displayName: Schema.String,
  address: Schema.Struct({
    streetNumber: Schema.String,
    streetInfo: Schema.String,
    location: optional(Schema.String),
    city: Schema.String,
    state: Schema.String,
    postalCode: Schema.String,
    postalCodePlusFour: optional(Schema.String)
  }).annotations({ identifier: "EmergencyAddress" })
}).annotations({ identifier: "EmergencyAddressRequest" })

/** components/schemas/CallbackConfigurationUpdate @internal */
export const CallbackConfigurationUpdate = Schema.Struct({
  hmacSecret: optional(HmacSecret)
}).annotations({ identifier: "CallbackConfigurationUpdate" })

/** components/schemas/LookupNumberRequirementsRequest @internal */
export const LookupNumberRequirementsRequest = Schema.Struct({
  regionCode: RegionCode,
  numberType: NumberType
}).annotations({ identifier: "LookupNumberRequirementsRequest" })

/**
 * components/schemas/CreateNumberOrderOption: "`phoneNumbers` must contain exactly one phone number" (minItems 1,
 * maxItems 1), "in E.164 format".
 *
 * @internal
 */
export const CreateNumberOrderOption = Schema.Struct({
  phoneNumbers: Schema.Array(PhoneNumber).pipe(
    Schema.itemsCount(1, {
      message: (issue) =>
        `Exactly one phone number per order is supported, got ${
          Array.isArray(issue.actual) ? issue.actual.length : show(issue.actual)
        }`
    })
  )
}).annotations({ identifier: "CreateNumberOrderOption" })

/** components/schemas/CreateQuantityOrderOption: requestedQuantity "between 1 and 100". @internal */
export const CreateQuantityOrderOption = Schema.Struct({
  numberPattern: optional(NumberPattern),
  requestedQuantity: Int32.pipe(
    Schema.between(1, 100, {
      message: (issue) => `Expected a quantity from 1 to 100, got ${show(issue.actual)}`
    })
  ),
  sequential: optional(Schema.Boolean),
  capabilities: optional(Schema.Array(NumberCapability))
}).annotations({ identifier: "CreateQuantityOrderOption" })

/**
 * components/schemas/CreateNumberOrderRequest: CreateNumberOrderRequestBase with exactly one of numberOrderOption and
 * quantityOrderOption (its oneOf).
 *
 * @internal
 */
export const CreateNumberOrderRequest = Schema.Struct({
  regionCode: RegionCode,
  numberType: NumberType,
  smsConfiguration: optional(SmsConfiguration.annotations({ identifier: "OrderSmsConfiguration" })),
  voiceConfiguration: optional(OrderVoiceConfiguration),
  callbackUrl: optional(Uri),
  numberOrderOption: optional(CreateNumberOrderOption),
  quantityOrderOption: optional(CreateQuantityOrderOption)
}).pipe(
  Schema.filter((r) =>
    r.numberOrderOption !== undefined && r.quantityOrderOption !== undefined
      ? {
        path: ["quantityOrderOption"],
        message: "Set exactly one of numberOrderOption and quantityOrderOption, not both"
      }
      : r.numberOrderOption === undefined && r.quantityOrderOption === undefined
      ? {
        path: ["numberOrderOption"],
        message: "Set exactly one of numberOrderOption (a phone number) and quantityOrderOption (numbers by criteria)"
      }
      : true
  )
).annotations({ identifier: "CreateNumberOrderRequest" })

/** components/schemas/UpdateNumberOrderRegistrationRequest: requestDetails, a free-form object. @internal */
export const UpdateNumberOrderRegistrationRequest = Schema.Struct({
  requestDetails: optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
}).annotations({ identifier: "UpdateNumberOrderRegistrationRequest" })

// ---------------------------------------------------------------------------------------------------------------
// query parameters: each field is named by its query key

/** A page or result size: an int32; 0 asks for the default (the document gives none). @internal */
const Size = Int32FromString.pipe(
  Schema.greaterThanOrEqualTo(0, {
    message: (issue) => `Expected 0 (the default) or more, got ${show(issue.actual)}`
  })
)

/**
 * ListAvailableNumbers: components/parameters numberPattern.pattern, numberPattern.searchPattern, regionCodeRequired,
 * typeRequired, capabilities, and its `size`.
 *
 * @internal
 */
export const ListAvailableNumbersQuery = Schema.Struct({
  regionCode: RegionCode,
  type: NumberType,
  "numberPattern.pattern": optional(Schema.String),
  "numberPattern.searchPattern": optional(SearchPattern),
  capabilities: optional(Schema.Array(NumberCapability)),
  size: optional(Size)
})

/**
 * ListActiveNumbers: components/parameters regionCodeOptional, numberPattern.pattern, numberPattern.searchPattern,
 * typeOptional, capability, pageSize, pageToken, orderBy.
 *
 * @internal
 */
export const ListActiveNumbersQuery = Schema.Struct({
  regionCode: optional(RegionCode),
  type: optional(NumberType),
  "numberPattern.pattern": optional(Schema.String),
  "numberPattern.searchPattern": optional(SearchPattern),
  capability: optional(Schema.Array(NumberCapability)),
  pageSize: optional(Size),
  pageToken: optional(Schema.String),
  orderBy: optional(Schema.Literal("phoneNumber", "displayName"))
})

/** ListAvailableRegions: `types`, an array of NumberType. @internal */
export const ListAvailableRegionsQuery = Schema.Struct({
  types: optional(Schema.Array(NumberType))
})

/** Query parameters that are arrays (repeated keys: `capabilities=SMS&capabilities=VOICE`). @internal */
export const listParameters: ReadonlySet<string> = new Set(["capabilities", "capability", "types"])

/** Query parameters whose values hold a meaningful "+": one that arrives unencoded reads as a space. @internal */
export const plusParameters: ReadonlySet<string> = new Set(["numberPattern.pattern", "pageToken"])
