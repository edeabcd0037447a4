/** @internal */

/**
 * Whether a host name (as `URL.hostname` gives it) is loopback: `localhost`, 127.0.0.0/8 or `[::1]`.
 *
 * @internal
 */
export const isLoopbackHost = (hostname: string): boolean => {
  const host = hostname.toLowerCase()
  if (host === "localhost" || host === "[::1]") return true
  // The URL parser has already normalised an IPv4 address to dotted decimal.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/**
 * Whether a host is on this machine or a private network: loopback, RFC 1918 and link-local addresses, IPv6 unique
 * local and link-local addresses, single-label names (`emulator` in a compose file) and `.local` / `.internal` names.
 * A failure to reach such a host is a local setup matter, never Sinch's.
 *
 * @internal
 */
export const isLocalHost = (hostname: string): boolean => {
  const host = hostname.toLowerCase()
  if (isLoopbackHost(host)) return true
  if (/^(10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)\d{1,3}\.\d{1,3}/.test(host)) return true
  if (/^\[(f[cd][0-9a-f]{2}|fe[89ab][0-9a-f]):/.test(host)) return true
  if (host.startsWith("[")) return false
  return !host.includes(".") || /\.(localhost|local|internal)$/.test(host)
}

/**
 * @internal
 */
export const isSinchHost = (hostname: string): boolean => {
  const host = hostname.toLowerCase()
  return host === "sinch.com" || host.endsWith(".sinch.com")
}

/**
 * What a transport failure means for the user:
 * - `unresolvable`: the host name does not resolve (ENOTFOUND);
 * - `certificate`: the server's TLS certificate was refused;
 * - `handshake`: TLS failed for another reason, typically https to a server that speaks plain http;
 * - `refused`, `timeout`, `reset`, `unreachable`, `dns`: may heal by waiting;
 * - `other`: anything else, also retried.
 *
 * @internal
 */
export type Kind =
  | "unresolvable"
  | "certificate"
  | "handshake"
  | "refused"
  | "timeout"
  | "reset"
  | "unreachable"
  | "dns"
  | "other"

const certificateCode = /^(CERT_|UNABLE_TO_|ERR_TLS_CERT_)|SELF_SIGNED|^HOSTNAME_MISMATCH$|^INVALID_CA$/

/**
 * @internal
 */
export const kindOf = (code: string): Kind => {
  if (certificateCode.test(code)) return "certificate"
  if (code.startsWith("ERR_SSL_") || code === "EPROTO" || code === "ERR_TLS_HANDSHAKE_TIMEOUT") {
    return code === "ERR_TLS_HANDSHAKE_TIMEOUT" ? "timeout" : "handshake"
  }
  switch (code) {
    case "ENOTFOUND":
      return "unresolvable"
    case "EAI_AGAIN":
      return "dns"
    case "ECONNREFUSED":
      return "refused"
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return "timeout"
    case "ECONNRESET":
    case "EPIPE":
    case "ECONNABORTED":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
      return "reset"
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ENETDOWN":
    case "EHOSTDOWN":
      return "unreachable"
    default:
      return "other"
  }
}

/**
 * Failures that waiting cannot heal: retrying them only delays the answer.
 *
 * @internal
 */
export const isFinal = (kind: Kind): boolean =>
  kind === "unresolvable" || kind === "certificate" || kind === "handshake"

const describeKind: Record<Kind, string> = {
  unresolvable: "the host name does not resolve",
  certificate: "its TLS certificate was refused",
  handshake: "the TLS handshake failed",
  refused: "connection refused",
  timeout: "the connection timed out",
  reset: "the connection was reset",
  unreachable: "the network or host is unreachable",
  dns: "the DNS lookup failed temporarily",
  other: "transport error"
}

const isObject = (u: unknown): u is Record<PropertyKey, unknown> => typeof u === "object" && u !== null

/** The nodes of an error's cause chain, breadth first: `cause` (fetch nests undici's error there) and `errors`. */
const chain = (root: unknown): Array<Record<PropertyKey, unknown>> => {
  const out: Array<Record<PropertyKey, unknown>> = []
  const queue: Array<unknown> = [root]
  for (let i = 0; i < queue.length && out.length < 16; i++) {
    const node = queue[i]
    if (!isObject(node) || out.includes(node)) continue
    out.push(node)
    queue.push(node["cause"])
    if (Array.isArray(node["errors"])) {
      for (const inner of node["errors"].slice(0, 4)) queue.push(inner)
    }
  }
  return out
}

/**
 * The most telling error code in a transport error's cause chain: the first one we know, else the first one found.
 *
 * @internal
 */
export const codeOf = (error: unknown): string | undefined => {
  const codes = chain(error).flatMap((node) => typeof node["code"] === "string" ? [node["code"]] : [])
  return codes.find((code) => kindOf(code) !== "other") ?? codes[0]
}

const keptFields = ["code", "errno", "syscall", "address", "port", "hostname", "host", "reason"] as const

/**
 * A copy of a transport error for keeping on our error: message, stack and the network fields (code, syscall,
 * address, port…) scrubbed, its cause chain copied the same way, and nothing else: a parser error's raw `data`,
 * a TLS error's peer certificate and any request object stay behind.
 *
 * @internal
 */
export const sanitize = (error: unknown, scrub: (text: string) => string, depth = 0): unknown => {
  if (!isObject(error)) return typeof error === "string" ? scrub(error) : error
  const message = typeof error["message"] === "string" ? scrub(error["message"]) : ""
  const nested = depth < 4 && error["cause"] !== undefined ? sanitize(error["cause"], scrub, depth + 1) : undefined
  const copy = (Array.isArray(error["errors"]) && depth < 4
    ? new AggregateError(error["errors"].slice(0, 4).map((e) => sanitize(e, scrub, depth + 1)), message)
    : new Error(message)) as Error & Record<string, unknown>
  if (nested !== undefined) copy.cause = nested
  if (typeof error["name"] === "string") copy.name = error["name"]
  copy.stack = typeof error["stack"] === "string" ? scrub(error["stack"]) : `${copy.name}: ${message}`
  for (const field of keptFields) {
    const value = error[field]
    if (typeof value === "string") copy[field] = scrub(value)
    else if (typeof value === "number") copy[field] = value
  }
  return copy
}

/**
 * A transport failure, read for the user.
 *
 * @internal
 */
export interface Failure {
  readonly code: string | undefined
  readonly kind: Kind
  /** What happened, e.g. `connection refused (ECONNREFUSED)`. */
  readonly reason: string
  /** The sanitized cause. */
  readonly cause: unknown
}

const detailLimit = 200

/**
 * @internal
 */
export const describe = (error: unknown, scrub: (text: string) => string): Failure => {
  const code = codeOf(error)
  const kind = code === undefined ? "other" : kindOf(code)
  const cause = sanitize(error, scrub)
  // A TLS error's own message says what is wrong with the certificate (expired, names that do not match…); without
  // a code, the innermost message is the most specific one.
  const nodes = chain(cause)
  const own = code === undefined ? nodes[nodes.length - 1] : nodes.find((node) => node["code"] === code)
  const text = own !== undefined && typeof own["message"] === "string" ? own["message"] : ""
  const detail = (kind === "certificate" || kind === "handshake" || kind === "other") && text !== ""
    ? text.replace(/\s+/g, " ").slice(0, detailLimit)
    : undefined
  const label = code === undefined ? detail ?? "" : detail === undefined ? code : `${code}: ${detail}`
  return { code, kind, reason: label === "" ? describeKind[kind] : `${describeKind[kind]} (${label})`, cause }
}
