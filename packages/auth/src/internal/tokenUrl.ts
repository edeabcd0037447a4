/** @internal */
import * as Either from "effect/Either"
import { InsecureTokenUrl } from "../AuthError.js"
import { isLoopbackHost } from "./transport.js"

/** @internal */
export const defaultTokenUrl = "https://auth.sinch.com/oauth2/token"

/**
 * The URL as it may be shown: no user info, no query, no fragment.
 *
 * @internal
 */
export const display = (url: URL): string => `${url.protocol}//${url.host}${url.pathname}`

/**
 * Accepts https anywhere and plain http only to loopback, so the Basic credentials never cross a network in clear text.
 *
 * @internal
 */
export const validate = (input: string | URL): Either.Either<URL, InsecureTokenUrl> => {
  let url: URL
  try {
    url = new URL(input.toString())
  } catch {
    return Either.left(
      new InsecureTokenUrl({ url: "(unparseable)", reason: "it is not an absolute URL" })
    )
  }
  if (url.username !== "" || url.password !== "") {
    return Either.left(
      new InsecureTokenUrl({ url: display(url), reason: "it carries user info; pass keyId and keySecret instead" })
    )
  }
  if (url.protocol === "https:") return Either.right(url)
  if (url.protocol === "http:") {
    return isLoopbackHost(url.hostname) ? Either.right(url) : Either.left(
      new InsecureTokenUrl({
        url: display(url),
        reason: "plain http to a host that is not loopback would send the key secret in clear text"
      })
    )
  }
  return Either.left(new InsecureTokenUrl({ url: display(url), reason: `the scheme ${url.protocol} is not http(s)` }))
}
