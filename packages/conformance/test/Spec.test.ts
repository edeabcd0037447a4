import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as fs from "node:fs"
import * as Prism from "../src/Prism.js"
import * as Spec from "../src/Spec.js"
import * as Violations from "../src/Violations.js"

const load = Effect.provide(Spec.load(), NodeContext.layer)

describe("Spec", () => {
  it.effect("lists the document's 22 operations with their methods, paths and statuses", () =>
    Effect.gen(function*() {
      const operations = Spec.operations(yield* load)
      expect(operations).toHaveLength(22)
      expect(new Set(operations.map((op) => op.operationId)).size).toBe(22)
      const get = Spec.operation(yield* load, "NumberService_GetActiveNumber")
      expect(get).toMatchObject({
        method: "GET",
        path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}",
        statuses: [200, 400, 404, 500],
        successStatuses: [200],
        errorStatuses: [400, 404, 500],
        requestContentType: undefined,
        deprecated: false
      })
      expect(Spec.operation(yield* load, "UploadNumberOrderAttachment")).toMatchObject({
        method: "POST",
        requestContentType: "multipart/form-data",
        errorStatuses: [400, 404, 413, 500]
      })
      expect(Spec.operation(yield* load, "NumberService_RentNumber").deprecated).toBe(true)
      expect(operations.every((op) => op.successStatuses.length === 1)).toBe(true)
    }))

  it.effect("matches a request to its operation, the most specific template first", () =>
    Effect.gen(function*() {
      const operations = Spec.operations(yield* load)
      const id = (method: string, url: string) => Spec.match(operations, method, url)?.operationId
      expect(id("POST", "http://x/v1/projects/p/availableNumbers/+12025550134:rent")).toBe("NumberService_RentNumber")
      expect(id("POST", "http://x/v1/projects/p/availableNumbers:rentAny")).toBe("NumberService_RentAnyNumber")
      expect(id("GET", "http://x/v1/projects/p/availableNumbers/+12025550134")).toBe("NumberService_GetAvailableNumber")
      expect(id("POST", "http://x/v1/projects/p/activeNumbers/+12025550134:release")).toBe(
        "NumberService_ReleaseNumber"
      )
      expect(id("POST", "http://x/v1/projects/p/activeNumbers/+1202/emergencyAddress:validate")).toBe(
        "NumberService_ValidateEmergencyAddress"
      )
      expect(id("GET", "http://x/v1/projects/p/activeNumbers?pageSize=3")).toBe("NumberService_ListActiveNumbers")
      expect(id("DELETE", "http://x/v1/projects/p/activeNumbers/+1202")).toBeUndefined()
      expect(id("GET", "http://x/v1/projects/p/unknown")).toBeUndefined()
    }))

  it.effect("the pinned copy adds to each mapped variant its discriminator value, and nothing else", () =>
    Effect.gen(function*() {
      const document = yield* load
      const { document: pinned, pins } = Spec.pinDiscriminators(document)
      expect(
        pins.map((pin) => `${pin.schema.replace("#/components/schemas/", "")}.${pin.property}=${pin.values.join()}`)
      )
        .toEqual([
          "VoiceConfigurationRTC.type=RTC",
          "VoiceConfigurationEST.type=EST",
          "VoiceConfigurationFAX.type=FAX",
          "OrderVoiceConfigurationRTC.type=RTC",
          "OrderVoiceConfigurationEST.type=EST",
          "OrderVoiceConfigurationFAX.type=FAX",
          "ScheduledVoiceProvisioningEST.type=EST",
          "ScheduledVoiceProvisioningFAX.type=FAX",
          "ScheduledVoiceProvisioningRTC.type=RTC",
          "CallbackPayloadActiveNumber.resourceType=ACTIVE_NUMBER",
          "CallbackPayloadNumberOrder.resourceType=NUMBER_ORDER"
        ])
      const schemas = (pinned.components as any).schemas
      expect(schemas.VoiceConfigurationEST.properties.type).toEqual({ enum: ["EST"] })
      // RTC keeps `type` optional: older answers omit it.
      expect(schemas.VoiceConfigurationRTC.required).toBeUndefined()
      expect(schemas.VoiceConfigurationEST.required).toEqual(["type"])
      // Taking the pins out again gives the document back, byte for byte as JSON.
      const unpinned = structuredClone(pinned) as any
      for (const pin of pins) {
        const schema = Spec.pointer(unpinned, pin.schema) as any
        delete schema.properties[pin.property]
        if (Object.keys(schema.properties).length === 0) delete schema.properties
      }
      expect(JSON.stringify(unpinned)).toBe(JSON.stringify(document))
      // The original is untouched.
      expect((document.components as any).schemas.VoiceConfigurationEST.properties).toBeUndefined()
    }))

  it.effect("the repository's contract is the published document, version 1.0.3", () =>
    Effect.gen(function*() {
      const document = yield* load
      expect(document.openapi).toBe("3.0.3")
      expect((document.info as { version: string }).version).toBe("1.0.3")
    }))
})

describe("Violations", () => {
  it("reads an sl-violations header", () => {
    const header = JSON.stringify([
      { location: ["request", "query", "type"], severity: "Error", code: "enum", message: "bad type" },
      { location: ["response", "body", "money"], severity: "Error", code: "type", message: "bad money" }
    ])
    expect(Violations.parseHeader(header).map((v) => `${v.location.join(".")} ${v.code}`)).toEqual([
      "request.query.type enum",
      "response.body.money type"
    ])
  })

  it("counts each violation of a header Prism cut short", () => {
    const cut =
      `Too many violations! [{"location":["response","body","a"],"severity":"Error","code":"type","message":"x"},` +
      `{"location":["request","body","b"],"severity":"Error","code":"type","mess`
    expect(Violations.parseHeader(cut).map((v) => v.location[0])).toEqual(["response", "request"])
  })

  it("reads Prism's own answers: request violations of a 422 get their side", () => {
    const unprocessable = JSON.stringify({
      type: "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
      title: "Invalid request",
      status: 422,
      validation: [{ location: ["body", "displayName"], severity: "Error", code: "type", message: "must be string" }]
    })
    expect(Violations.parseProblem(unprocessable)?.map((v) => v.location.join("."))).toEqual([
      "request.body.displayName"
    ])
    const unauthorized = JSON.stringify({
      type: "https://stoplight.io/prism/errors#UNAUTHORIZED",
      title: "No",
      detail: "d"
    })
    expect(Violations.parseProblem(unauthorized)?.map((v) => `${v.location.join(".")} ${v.code}`)).toEqual([
      "request UNAUTHORIZED"
    ])
    expect(Violations.parseProblem(JSON.stringify({ error: { code: 404 } }))).toBeUndefined()
    expect(Violations.parseProblem("not json")).toBeUndefined()
  })
})

describe("Prism", () => {
  it("runs the CLI of the installed @stoplight/prism-cli", () => {
    expect(fs.existsSync(Prism.cliPath)).toBe(true)
    expect(Prism.cliPath).toMatch(/@stoplight\/prism-cli\/dist\/index\.js$/)
  })

  it.live("fails with Prism's last lines when it cannot start", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.scoped(Prism.start({ mode: { _tag: "Proxy", upstream: "not a url" } }))
      )
      expect(error._tag).toBe("PrismError")
      expect(error.message).toMatch(/^Prism: exited with code 1 before listening; its last output:/)
      expect(error.output.join("\n")).toContain("Invalid upstream URL provided: not a url")
    }).pipe(Effect.provide(NodeContext.layer)), { timeout: 60_000 })

  it.live("fails, and stops Prism, when it does not listen in time", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.scoped(Prism.start({ mode: { _tag: "Mock" }, startTimeout: "1 millis" })))
      expect(error.message).toMatch(/^Prism: did not listen within 1ms/)
    }).pipe(Effect.provide(NodeContext.layer)), { timeout: 60_000 })
})
