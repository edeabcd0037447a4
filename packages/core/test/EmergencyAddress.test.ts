import { describe, expect, it } from "@effect/vitest"
import * as EmergencyAddress from "../src/EmergencyAddress.js"
import { assertRoundTrip, decodeOk, expectRejected, readJson } from "./internal/fixtures.js"

const lenox = {
  streetNumber: "3500",
  streetInfo: "Lenox Rd NE",
  location: "a location",
  city: "Atlanta",
  state: "GA",
  postalCode: "30326",
  postalCodePlusFour: "4228"
}

describe("EmergencyAddress", () => {
  it("decodes an address field by field", () => {
    const address = decodeOk(EmergencyAddress.EmergencyAddress, readJson("java/emergency-address.json"))
    expect(address).toBeInstanceOf(EmergencyAddress.EmergencyAddress)
    expect(address.streetNumber).toBe("3500")
    expect(address.streetInfo).toBe("Lenox Rd NE")
    expect(address.location).toBe("a location")
    expect(address.city).toBe("Atlanta")
    expect(address.state).toBe("GA")
    expect(address.postalCode).toBe("30326")
    expect(address.postalCodePlusFour).toBe("4228")
  })

  it("decodes a near match field by field", () => {
    const response = decodeOk(
      EmergencyAddress.ValidateAddressResponse,
      readJson("java/response/validate-address-response.json")
    )
    expect(response.phoneNumber).toBe("+17608137700")
    expect(response.displayName).toBe("Validate emergency address")
    expect(response.validationResult).toBe("NEAR_MATCH")
    expect(response.validationMessage).toBe("Corrected to valid address|Corrected address abbreviations")
    expect(response.validatedAddress).toMatchObject({
      streetInfo: "Lenox Road NE",
      location: "",
      postalCodePlusFour: ""
    })
    expect(response.correctedAddress).toBeInstanceOf(EmergencyAddress.EmergencyAddress)
    expect({ ...response.correctedAddress }).toEqual(lenox)
    expect(response.candidateAddresses).toEqual([])
  })

  it("decodes a no match with its candidates", () => {
    const response = decodeOk(
      EmergencyAddress.ValidateAddressResponse,
      readJson("java/response/validate-address-response-no-match.json")
    )
    expect(response.validationResult).toBe("NO_MATCH")
    expect(response.correctedAddress?.streetNumber).toBe("")
    expect(response.candidateAddresses?.map((a) => ({ ...a }))).toEqual([lenox])
  })

  it("decodes an exact match whose corrected address is {}", () => {
    const response = decodeOk(EmergencyAddress.ValidateAddressResponse, readJson("openapi/examples/perfectMatch.json"))
    expect(response.validationResult).toBe("EXACT_MATCH")
    expect(response.correctedAddress).toEqual(new EmergencyAddress.EmergencyAddress({}))
  })

  it("keeps an unknown validation result, decodes null addresses", () => {
    const response = decodeOk(EmergencyAddress.ValidateAddressResponse, {
      validationResult: "PARTIAL_MATCH",
      validatedAddress: null,
      correctedAddress: null
    })
    expect(response.validationResult).toBe("PARTIAL_MATCH")
    expect(response).not.toHaveProperty("validatedAddress")
    expect(response).not.toHaveProperty("correctedAddress")
  })

  it("decodes a request field by field", () => {
    const request = decodeOk(
      EmergencyAddress.EmergencyAddressRequest,
      readJson("java/request/emergency-address-request.json")
    )
    expect(request.displayName).toBe("a display")
    expect(request.address).toBeInstanceOf(EmergencyAddress.Address)
    expect({ ...request.address }).toEqual(lenox)
  })

  it.each(["streetNumber", "streetInfo", "city", "state", "postalCode"])(
    "rejects a request whose address lacks %s, or has it null, naming it",
    (missing) => {
      const { [missing]: _, ...rest } = lenox as Record<string, string>
      expectRejected(EmergencyAddress.EmergencyAddressRequest, { displayName: "d", address: rest }, [
        "address",
        missing
      ])
      expectRejected(EmergencyAddress.EmergencyAddressRequest, {
        displayName: "d",
        address: { ...lenox, [missing]: null }
      }, [missing])
    }
  )

  it("takes empty strings in an address (the API sets no minimum length)", () => {
    const empty = Object.fromEntries(Object.keys(lenox).map((key) => [key, ""]))
    expect({ ...decodeOk(EmergencyAddress.Address, empty) }).toStrictEqual(empty)
  })

  it("takes an address without location and plus-four, rejects a request without displayName", () => {
    const { location: _l, postalCodePlusFour: _p, ...required } = lenox
    expect(decodeOk(EmergencyAddress.Address, required).location).toBeUndefined()
    expectRejected(EmergencyAddress.EmergencyAddressRequest, { address: lenox }, ["displayName"])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(EmergencyAddress.EmergencyAddress)
    assertRoundTrip(EmergencyAddress.EmergencyAddressRequest)
    assertRoundTrip(EmergencyAddress.ValidateAddressResponse)
  })
})
