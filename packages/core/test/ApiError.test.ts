import { describe, expect, it } from "@effect/vitest"
import * as ApiError from "../src/ApiError.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson } from "./internal/fixtures.js"

const badRequest = {
  error: {
    code: 400,
    message: "Invalid argument",
    status: "INVALID_ARGUMENT",
    details: [{
      type: "BadRequest",
      fieldViolations: [
        { field: "hmacSecret", description: "must match ^[a-zA-Z0-9-]{32,64}$" },
        { field: "callbackUrl", description: "invalid URL" }
      ]
    }]
  }
}

describe("ApiError", () => {
  it("decodes a ResourceInfo error body field by field", () => {
    const body = decodeOk(ApiError.ApiErrorBody, readJson("java/errors/error-trial-account.json"))
    expect(body).toBeInstanceOf(ApiError.ApiErrorBody)
    expect(body.error).toBeInstanceOf(ApiError.ApiErrorInfo)
    expect(body.error.code).toBe(403)
    expect(body.error.message).toBe("Trial account is not enabled to rent number")
    expect(body.error.status).toBe("PERMISSION_DENIED")
    expect(body.error.details).toHaveLength(1)
    const detail = body.error.details[0]
    expect(detail).toBeInstanceOf(ApiError.ResourceInfoDetail)
    expect(detail).toMatchObject({
      type: "ResourceInfo",
      resourceType: "AvailableNumber",
      resourceName: "",
      owner: "",
      description: "Trial account is not enabled to rent number"
    })
    expect(ApiError.resourceInfo(body)).toBe(detail)
    expect(ApiError.fieldViolations(body)).toEqual([])
  })

  it("decodes a BadRequest error body with its field violations", () => {
    const body = decodeOk(ApiError.ApiErrorBody, badRequest)
    expect(body.error.code).toBe(400)
    expect(body.error.status).toBe("INVALID_ARGUMENT")
    expect(body.error.details[0]).toBeInstanceOf(ApiError.BadRequestDetail)
    const violations = ApiError.fieldViolations(body)
    expect(violations).toHaveLength(2)
    expect(violations[0]).toBeInstanceOf(ApiError.FieldViolation)
    expect(violations.map((v) => [v.field, v.description])).toEqual([
      ["hmacSecret", "must match ^[a-zA-Z0-9-]{32,64}$"],
      ["callbackUrl", "invalid URL"]
    ])
    expect(ApiError.resourceInfo(body)).toBeUndefined()
  })

  it("decodes the README's 404 body", () => {
    const body = decodeOk(ApiError.ApiErrorBody, {
      error: {
        code: 404,
        message: "",
        status: "NOT_FOUND",
        details: [{
          type: "ResourceInfo",
          resourceType: "AvailableNumber",
          resourceName: "+12010000000",
          owner: "",
          description: ""
        }]
      }
    })
    expect(ApiError.resourceInfo(body)?.resourceName).toBe("+12010000000")
  })

  it("keeps a detail of an unknown kind whole", () => {
    const body = decodeOk(ApiError.ApiErrorBody, readJson("java/errors/not-found-error.json"))
    expect(body.error.status).toBe("NOT_FOUND")
    const detail = body.error.details[0]
    expect(detail).not.toBeInstanceOf(ApiError.ResourceInfoDetail)
    expect(detail).toEqual({
      type: "type value",
      resourceType: "resource type value",
      resourceName: "resource name value",
      owner: "owner value",
      description: "description value"
    })
    expect(ApiError.resourceInfo(body)).toBeUndefined()
    const quota = decodeOk(ApiError.ApiErrorBody, {
      error: { code: 429, status: "RESOURCE_EXHAUSTED", details: [{ "@type": "QuotaFailure", violations: [{ n: 1 }] }] }
    })
    expect(quota.error.details[0]).toEqual({ "@type": "QuotaFailure", violations: [{ n: 1 }] })
  })

  it("keeps an unknown status and fills a missing message, details and violation fields", () => {
    const body = decodeOk(ApiError.ApiErrorBody, {
      error: { code: 412, status: "FAILED_PRECONDITION", details: [{ type: "BadRequest", fieldViolations: [{}] }] }
    })
    expect(body.error.status).toBe("FAILED_PRECONDITION")
    expect(body.error.message).toBe("")
    expect(ApiError.fieldViolations(body)).toEqual([new ApiError.FieldViolation({ field: "", description: "" })])
    const bare = decodeOk(ApiError.ApiErrorBody, { error: {} })
    expect(bare.error.details).toEqual([])
    expect(bare.error.code).toBeUndefined()
  })

  it("reads nulls as missing fields: an empty message, no details, empty violation fields", () => {
    const body = decodeOk(ApiError.ApiErrorBody, {
      error: {
        code: null,
        message: null,
        status: null,
        details: null
      }
    })
    expect({ ...body.error }).toStrictEqual({ message: "", details: [] })
    const violations = decodeOk(ApiError.ApiErrorBody, {
      error: {
        details: [
          { type: "BadRequest", fieldViolations: [{ field: null, description: "bad" }] },
          { type: "BadRequest", fieldViolations: null },
          { type: "ResourceInfo", resourceType: null, resourceName: "+1" },
          { type: null, extra: 1 }
        ]
      }
    })
    expect(ApiError.fieldViolations(violations)).toEqual([
      new ApiError.FieldViolation({ field: "", description: "bad" })
    ])
    expect({ ...ApiError.resourceInfo(violations) }).toStrictEqual({ type: "ResourceInfo", resourceName: "+1" })
    expect(violations.error.details[3]).toEqual({ type: null, extra: 1 })
  })

  it("rejects a body that is not a Sinch error, naming what is wrong", () => {
    expectRejected(ApiError.ApiErrorBody, {}, ["error"])
    expectRejected(ApiError.ApiErrorBody, { error: "Unauthorized" }, ["error"])
    expectRejected(ApiError.ApiErrorBody, { error: { code: "404" } }, ["code"])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(ApiError.ApiErrorBody, 50)
  })
})
