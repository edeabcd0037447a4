import { describe, expect, it } from "@effect/vitest"
import * as AvailableRegion from "../src/AvailableRegion.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson } from "./internal/fixtures.js"

describe("AvailableRegion", () => {
  it("decodes a list of regions field by field", () => {
    const list = decodeOk(
      AvailableRegion.ListAvailableRegionsResponse,
      readJson("java/regions/available-regions-list.json")
    )
    expect(list.availableRegions).toHaveLength(1)
    const region = list.availableRegions[0]!
    expect(region).toBeInstanceOf(AvailableRegion.AvailableRegion)
    expect(region.regionCode).toBe("AU")
    expect(region.regionName).toBe("Australia")
    expect(region.types).toEqual(["MOBILE"])
  })

  it("keeps an unknown number type, reads a missing list as empty", () => {
    const list = decodeOk(AvailableRegion.ListAvailableRegionsResponse, {
      availableRegions: [{ regionCode: "US", types: ["LOCAL", "SHORT_CODE"], currency: "USD" }]
    })
    expect(list.availableRegions[0]?.types).toEqual(["LOCAL", "SHORT_CODE"])
    expect(list.availableRegions[0]).not.toHaveProperty("currency")
    expect(decodeOk(AvailableRegion.ListAvailableRegionsResponse, {}).availableRegions).toEqual([])
  })

  it("reads a region without a code, and nulls as missing fields", () => {
    const list = decodeOk(AvailableRegion.ListAvailableRegionsResponse, {
      availableRegions: [{ regionName: "Atlantis", types: null }, { regionCode: null }]
    })
    expect(list.availableRegions.map((region) => ({ ...region }))).toStrictEqual([{ regionName: "Atlantis" }, {}])
    expect(decodeOk(AvailableRegion.ListAvailableRegionsResponse, { availableRegions: null }).availableRegions).toEqual(
      []
    )
  })

  it("takes a request by types, rejects an unknown type naming types", () => {
    expect(decodeOk(AvailableRegion.ListAvailableRegionsRequest, { types: ["MOBILE", "LOCAL"] }).types).toEqual([
      "MOBILE",
      "LOCAL"
    ])
    expectRejected(AvailableRegion.ListAvailableRegionsRequest, { types: ["SHORT_CODE"] }, ["types"])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(AvailableRegion.AvailableRegion)
    assertRoundTrip(AvailableRegion.ListAvailableRegionsResponse)
    assertRoundTrip(AvailableRegion.ListAvailableRegionsRequest)
  })
})
