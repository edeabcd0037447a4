import { describe, expect, it } from "@effect/vitest"
import * as CallbackConfiguration from "../src/CallbackConfiguration.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson } from "./internal/fixtures.js"

describe("CallbackConfiguration", () => {
  it("decodes a project's configuration field by field, whatever its secret looks like", () => {
    const configuration = decodeOk(
      CallbackConfiguration.CallbackConfiguration,
      readJson("dotnet/CallbackConfigurationResponse.json")
    )
    expect(configuration).toBeInstanceOf(CallbackConfiguration.CallbackConfiguration)
    expect(configuration.projectId).toBe("Project ID value")
    expect(configuration.hmacSecret).toBe("HMAC value")
  })

  it.each([32, 48, 64])("takes a secret of %i letters, digits and hyphens", (length) => {
    const hmacSecret = "a1-B".repeat(16).slice(0, length)
    expect(decodeOk(CallbackConfiguration.UpdateCallbackConfigurationRequest, { hmacSecret }).hmacSecret).toBe(
      hmacSecret
    )
  })

  it("reads nulls as missing fields", () => {
    expect({ ...decodeOk(CallbackConfiguration.CallbackConfiguration, { projectId: null, hmacSecret: null }) })
      .toStrictEqual({})
  })

  it.each([
    ["10 characters", "s".repeat(10)],
    ["31 characters", "s".repeat(31)],
    ["65 characters", "s".repeat(65)],
    ["an underscore", "secret_".repeat(6)],
    ["a space", "secret ".repeat(6)],
    ["nothing", ""]
  ])("rejects a secret with %s naming hmacSecret, without echoing it", (_, hmacSecret) => {
    const message = expectRejected(CallbackConfiguration.UpdateCallbackConfigurationRequest, { hmacSecret }, [
      "hmacSecret"
    ])
    if (hmacSecret.length > 0) expect(message).not.toContain(hmacSecret)
    expect(message).toContain(`${hmacSecret.length} characters`)
  })

  it("rejects a request without a secret naming hmacSecret", () => {
    expectRejected(CallbackConfiguration.UpdateCallbackConfigurationRequest, {}, ["hmacSecret"])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(CallbackConfiguration.CallbackConfiguration)
    assertRoundTrip(CallbackConfiguration.UpdateCallbackConfigurationRequest)
  })
})
