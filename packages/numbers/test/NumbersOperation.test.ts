import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import type { AvailableNumber, ListAvailableNumbersResponse } from "@effect-sinch/core/AvailableNumber"
import type { ListAvailableRegionsResponse } from "@effect-sinch/core/AvailableRegion"
import type { CallbackConfiguration } from "@effect-sinch/core/CallbackConfiguration"
import type { EmergencyAddress, ValidateAddressResponse } from "@effect-sinch/core/EmergencyAddress"
import type { NumberOrder, NumberRequirements } from "@effect-sinch/core/NumberOrder"
import type { Attachment, Registration } from "@effect-sinch/core/Registration"
import { Emulator } from "@effect-sinch/emulator"
import { describe, expect, expectTypeOf, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as JSONSchema from "effect/JSONSchema"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import * as Fs from "node:fs"
import { fileURLToPath } from "node:url"
import { operations as table } from "../src/internal/operations.js"
import * as NumbersClient from "../src/NumbersClient.js"
import type * as NumbersError from "../src/NumbersError.js"
import * as NumbersOperation from "../src/NumbersOperation.js"
import { overHttp } from "./support/emulator.js"

const { operations } = NumbersOperation
const entries = Object.entries(operations)

type Service = NumbersClient.Service
type RequestError = NumbersError.RequestError
type BillableError = NumbersError.BillableError
type Eff<A, E> = Effect.Effect<A, E>

describe("NumbersClient's methods, derived from the table", () => {
  it("keep the signatures they had when they were written by hand", () => {
    expectTypeOf<Service["searchAvailableNumbers"]>().toEqualTypeOf<
      (request: NumbersClient.SearchAvailableNumbersInput) => Eff<ListAvailableNumbersResponse, RequestError>
    >()
    expectTypeOf<Service["getAvailableNumber"]>().toEqualTypeOf<
      (phoneNumber: string) => Eff<AvailableNumber, RequestError>
    >()
    expectTypeOf<Service["rentNumber"]>().toEqualTypeOf<
      (phoneNumber: string, request?: NumbersClient.RentNumberInput | undefined) => Eff<ActiveNumber, BillableError>
    >()
    expectTypeOf<Service["rentAnyNumber"]>().toEqualTypeOf<
      (request: NumbersClient.RentAnyNumberInput) => Eff<ActiveNumber, BillableError>
    >()
    expectTypeOf<Service["getActiveNumber"]>().toEqualTypeOf<(phoneNumber: string) => Eff<ActiveNumber, RequestError>>()
    expectTypeOf<Service["updateActiveNumber"]>().toEqualTypeOf<
      (phoneNumber: string, request: NumbersClient.UpdateActiveNumberInput) => Eff<ActiveNumber, RequestError>
    >()
    expectTypeOf<Service["releaseNumber"]>().toEqualTypeOf<(phoneNumber: string) => Eff<ActiveNumber, BillableError>>()
    expectTypeOf<Service["getEmergencyAddress"]>().toEqualTypeOf<
      (phoneNumber: string) => Eff<EmergencyAddress, RequestError>
    >()
    expectTypeOf<Service["provisionEmergencyAddress"]>().toEqualTypeOf<
      (phoneNumber: string, request: NumbersClient.EmergencyAddressInput) => Eff<EmergencyAddress, RequestError>
    >()
    expectTypeOf<Service["deprovisionEmergencyAddress"]>().toEqualTypeOf<
      (phoneNumber: string) => Eff<void, RequestError>
    >()
    expectTypeOf<Service["validateEmergencyAddress"]>().toEqualTypeOf<
      (phoneNumber: string, request: NumbersClient.EmergencyAddressInput) => Eff<ValidateAddressResponse, RequestError>
    >()
    expectTypeOf<Service["listAvailableRegions"]>().toEqualTypeOf<
      (request?: NumbersClient.ListAvailableRegionsInput | undefined) => Eff<ListAvailableRegionsResponse, RequestError>
    >()
    // no input, so no InvalidInput
    expectTypeOf<Service["getCallbackConfiguration"]>().toEqualTypeOf<
      () => Eff<CallbackConfiguration, NumbersError.CallError>
    >()
    expectTypeOf<Service["updateCallbackConfiguration"]>().toEqualTypeOf<
      (request: NumbersClient.UpdateCallbackConfigurationInput) => Eff<CallbackConfiguration, RequestError>
    >()
    expectTypeOf<Service["lookupNumberRequirements"]>().toEqualTypeOf<
      (request: NumbersClient.LookupNumberRequirementsInput) => Eff<NumberRequirements, RequestError>
    >()
    expectTypeOf<Service["createNumberOrder"]>().toEqualTypeOf<
      (request: NumbersClient.CreateNumberOrderInput) => Eff<NumberOrder, BillableError>
    >()
    expectTypeOf<Service["getNumberOrder"]>().toEqualTypeOf<(numberOrderId: string) => Eff<NumberOrder, RequestError>>()
    expectTypeOf<Service["getNumberOrderRegistration"]>().toEqualTypeOf<
      (numberOrderId: string) => Eff<Registration, RequestError>
    >()
    expectTypeOf<Service["updateNumberOrderRegistration"]>().toEqualTypeOf<
      (
        numberOrderId: string,
        request: NumbersClient.UpdateNumberOrderRegistrationInput
      ) => Eff<Registration, RequestError>
    >()
    expectTypeOf<Service["uploadNumberOrderAttachment"]>().toEqualTypeOf<
      (input: NumbersClient.UploadNumberOrderAttachmentInput) => Eff<Option.Option<Attachment>, RequestError>
    >()
    expectTypeOf<Service["submitNumberOrder"]>().toEqualTypeOf<
      (numberOrderId: string) => Eff<NumberOrder, BillableError>
    >()
  })

  it("derive the input aliases users import from the request schemas", () => {
    expectTypeOf<NumbersClient.UploadNumberOrderAttachmentInput>().toEqualTypeOf<{
      readonly numberOrderId: string
      readonly attachmentId: string
      readonly file: Uint8Array | Blob
      readonly fileName: string
      readonly mimeType?: string | undefined
      readonly documentType?: string | undefined
    }>()
    expectTypeOf<NumbersClient.UpdateCallbackConfigurationInput>().toEqualTypeOf<{ readonly hmacSecret: string }>()
  })

  it("each method's JSDoc is on its table entry and starts with the entry's summary", () => {
    const source = Fs.readFileSync(fileURLToPath(new URL("../src/internal/operations.ts", import.meta.url)), "utf8")
    for (const [name, definition] of Object.entries(table)) {
      const entry = new RegExp(`/\\*\\*((?:(?!\\*/)[^])*)\\*/\\n  ${name}: define\\(`).exec(source)
      expect(entry, name).not.toBeNull()
      const doc = entry![1]!.replace(/\n\s*\*/g, " ").replace(/\s+/g, " ").trim()
      expect(doc.startsWith(definition.summary), name).toBe(true)
    }
  })
})

describe("NumbersOperation.operations", () => {
  it("has every method that answers one value, by its name, with the table's data", () => {
    expect(Object.keys(operations).sort()).toEqual([...Object.keys(table), "listActiveNumbersPage"].sort())
    for (const [name, operation] of entries) {
      expect(operation.name).toBe(name)
      expect(operation.summary.length, name).toBeGreaterThan(20)
      const definition = Object.entries(table).find(([key]) => key === name)?.[1]
      if (definition !== undefined) {
        expect([operation.operationId, operation.method, operation.path, operation.retry]).toEqual([
          definition.operationId,
          definition.method,
          definition.path,
          definition.retry
        ])
      }
    }
    expectTypeOf(operations.getActiveNumber.call).returns.toEqualTypeOf<Eff<ActiveNumber, RequestError>>()
    type RentInput = { readonly phoneNumber: string } & NumbersClient.RentNumberInput
    expectTypeOf(operations.rentNumber.call).parameter(1).toMatchTypeOf<RentInput>()
    expectTypeOf<RentInput>().toMatchTypeOf<Parameters<typeof operations.rentNumber.call>[1]>()
  })

  it("gives every input and answer a JSON Schema; inputs are objects with no other property", () => {
    for (const [name, operation] of entries) {
      // By AST (what JSONSchema.make reads): the entries' schemas differ in type, so a loop cannot name them.
      const input = JSONSchema.make(Schema.make(operation.input.ast)) as {
        type?: string
        additionalProperties?: boolean
      }
      const success = JSONSchema.make(Schema.make(operation.success.ast))
      expect(input.type, name).toBe("object")
      expect(input.additionalProperties, name).toBe(false)
      expect(typeof success, name).toBe("object")
    }
    const upload = JSONSchema.make(operations.uploadNumberOrderAttachment.input) as {
      properties: Record<string, unknown>
      required: ReadonlyArray<string>
    }
    expect(Object.keys(upload.properties).sort()).toEqual(
      ["attachmentId", "documentType", "file", "fileName", "mimeType", "numberOrderId"]
    )
    expect([...upload.required].sort()).toEqual(["attachmentId", "file", "fileName", "numberOrderId"])
  })

  it("flattens the path parameters and the request's fields into one object without a name in both", () => {
    for (const [name, definition] of Object.entries(table)) {
      const request = definition.request
      const fields = request === undefined
        ? []
        : SchemaAST.getPropertySignatures((request.json ?? request.plain).ast).map((p) => String(p.name))
      for (const [param] of definition.params) expect(fields, `${name}.${param}`).not.toContain(param)
      const input = SchemaAST.getPropertySignatures(operations[name as keyof typeof table].input.ast)
      expect(input.map((p) => String(p.name)).sort(), name).toEqual(
        [...definition.params.map(([param]) => param), ...fields].sort()
      )
    }
  })

  it("decodes input strictly: an unknown field, a missing one or a bad path parameter fails", () => {
    const decode = Schema.decodeUnknownEither(operations.rentNumber.input)
    expect(decode({ phoneNumber: "+12025550134" })._tag).toBe("Right")
    expect(decode({ phoneNumber: "+12025550134", callbackUrl: "https://example.com/cb" })._tag).toBe("Right")
    expect(decode({ phoneNumber: "+12025550134", callbackURL: "https://example.com/cb" })._tag).toBe("Left")
    expect(decode({ phoneNumber: "12025550134" })._tag).toBe("Left")
    expect(Schema.decodeUnknownEither(operations.searchAvailableNumbers.input)({ regionCode: "US" })._tag).toBe("Left")
  })

  it("encodes what a method answers as JSON, void and Option included", () => {
    expect(Schema.encodeSync(operations.deprovisionEmergencyAddress.success)(undefined)).toBe(null)
    const none = Schema.decodeSync(operations.uploadNumberOrderAttachment.success)(null)
    expect(Schema.encodeSync(operations.uploadNumberOrderAttachment.success)(none)).toBe(null)
    const bytes = Schema.decodeSync(operations.uploadNumberOrderAttachment.input)({
      numberOrderId: "o",
      attachmentId: "a",
      file: "JVBERi0=",
      fileName: "bill.pdf"
    })
    expect(bytes.file).toEqual(new TextEncoder().encode("%PDF-"))
  })
})

layer(overHttp({}, { retrySchedule: "off" }))("NumbersOperation against the emulator", (it) => {
  // What a tool does: JSON in, decoded, run on the client, the answer encoded to JSON.
  const runJson = <I, A, E, IJ, AJ>(
    operation: NumbersOperation.Operation<string, I, A, E, IJ, AJ>,
    json: unknown
  ) =>
    Effect.gen(function*() {
      const client = yield* NumbersClient.NumbersClient
      const input = yield* Schema.decodeUnknown(operation.input)(json)
      const answer = yield* operation.call(client, input)
      return yield* Schema.encode(operation.success)(answer)
    })

  it.effect("runs operations from JSON input to JSON answers", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* emulator.reset
      const page = yield* runJson(operations.listActiveNumbersPage, { regionCode: "US", pageSize: 2 })
      expect(page.activeNumbers).toHaveLength(2)
      expect(typeof page.nextPageToken).toBe("string")
      const phoneNumber = page.activeNumbers[0]!.phoneNumber!
      const number = yield* runJson(operations.getActiveNumber, { phoneNumber })
      expect(number.phoneNumber).toBe(phoneNumber)
      const updated = yield* runJson(operations.updateActiveNumber, { phoneNumber, displayName: "From a tool" })
      expect(updated.displayName).toBe("From a tool")
      const regions = yield* runJson(operations.listAvailableRegions, {})
      expect(regions.availableRegions?.length).toBeGreaterThan(0)
      expect((yield* runJson(operations.getCallbackConfiguration, {})).hmacSecret).toBe(yield* emulator.hmacSecret)

      const order = yield* runJson(operations.createNumberOrder, {
        regionCode: "GB",
        numberType: "LOCAL",
        quantityOrderOption: { requestedQuantity: 1 }
      })
      const uploaded = yield* runJson(operations.uploadNumberOrderAttachment, {
        numberOrderId: order.idNumberOrder!,
        attachmentId: "gb-local-proof-of-address",
        file: Buffer.from("%PDF-1.4 a utility bill").toString("base64"),
        fileName: "bill.pdf",
        mimeType: "application/pdf"
      })
      expect(uploaded).toBe(null)
      const registration = yield* runJson(operations.getNumberOrderRegistration, {
        numberOrderId: order.idNumberOrder!
      })
      expect(registration.attachments?.map((a) => a.fileName)).toEqual(["bill.pdf"])
    }))

  it.effect("a call's errors are the client's typed errors", () =>
    Effect.gen(function*() {
      const client = yield* NumbersClient.NumbersClient
      const error = yield* Effect.flip(operations.getNumberOrder.call(client, { numberOrderId: "no-such-order" }))
      expect(error._tag).toBe("NotFound")
    }))
})
