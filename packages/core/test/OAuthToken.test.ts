import { describe, expect, it } from "@effect/vitest"
import * as OAuthToken from "../src/OAuthToken.js"
import { assertRoundTrip, decodeOk, expectRejected } from "./internal/fixtures.js"

describe("OAuthToken", () => {
  it("decodes a token response field by field", () => {
    const token = decodeOk(OAuthToken.AccessTokenResponse, {
      access_token: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
      token_type: "Bearer",
      expires_in: 3600,
      scope: ""
    })
    expect(token).toBeInstanceOf(OAuthToken.AccessTokenResponse)
    expect(token.access_token).toBe("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
    expect(token.token_type).toBe("Bearer")
    expect(token.expires_in).toBe(3600)
    expect(token.scope).toBe("")
  })

  it("takes a response without scope, ignores unknown fields", () => {
    const token = decodeOk(OAuthToken.AccessTokenResponse, {
      access_token: "t",
      token_type: "bearer",
      expires_in: 0,
      refresh_token: "r"
    })
    expect(token.scope).toBeUndefined()
    expect(token).not.toHaveProperty("refresh_token")
    expect(
      decodeOk(OAuthToken.AccessTokenResponse, { access_token: "t", token_type: "bearer", expires_in: 1, scope: null })
    ).not.toHaveProperty("scope")
  })

  it("rejects an empty token and a bad lifetime, naming the field", () => {
    expectRejected(OAuthToken.AccessTokenResponse, { access_token: "", token_type: "Bearer", expires_in: 3600 }, [
      "access_token"
    ])
    for (const expires_in of [-1, "3600", Infinity, null]) {
      expectRejected(OAuthToken.AccessTokenResponse, { access_token: "t", token_type: "Bearer", expires_in }, [
        "expires_in"
      ])
    }
    expectRejected(OAuthToken.AccessTokenResponse, { access_token: "t", expires_in: 1 }, ["token_type"])
  })

  it("decodes an auth error body field by field", () => {
    const body = decodeOk(OAuthToken.AuthErrorBody, {
      error: "invalid_client",
      error_description: "Client authentication failed (e.g., unknown client, no client authentication included).",
      error_hint: "The requested OAuth 2.0 Client does not exist.",
      error_verbose: "The requested OAuth 2.0 Client does not exist.",
      status_code: 401,
      request_id: "x"
    })
    expect(body).toBeInstanceOf(OAuthToken.AuthErrorBody)
    expect(body.error).toBe("invalid_client")
    expect(body.error_description).toMatch(/^Client authentication failed/)
    expect(body.error_hint).toBe("The requested OAuth 2.0 Client does not exist.")
    expect(body.error_verbose).toBe("The requested OAuth 2.0 Client does not exist.")
    expect(body.status_code).toBe(401)
    expect(body).not.toHaveProperty("request_id")
    expect(decodeOk(OAuthToken.AuthErrorBody, { error: "invalid_request" }).error_description).toBeUndefined()
    expectRejected(OAuthToken.AuthErrorBody, { error_description: "no error" }, ["error"])
  })

  it("decode(encode(x)) is x (property)", () => {
    assertRoundTrip(OAuthToken.AccessTokenResponse)
    assertRoundTrip(OAuthToken.AuthErrorBody)
  })
})
