/** @internal */

const isHeaders = (headers: unknown): boolean =>
  Array.isArray(headers) &&
  headers.every((pair) =>
    Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && typeof pair[1] === "string"
  )

/** A request id RpcServer carries as it is: it reads an id as a BigInt and answers it as a number. */
const isCarried = (id: unknown): boolean => typeof id === "number" && Number.isSafeInteger(id)

/**
 * The request ids RpcServer cannot carry, for one client (the stdio server's, an HTTP session), each carried as a
 * number of its own: a string (`"abc"` threw in the fiber that hands messages to RpcServer, which then took nothing
 * more; `"7"` was answered as 7), `null`, a number that is not a safe integer. From the lowest safe integer up; the
 * answer gets the client's id back. RpcServer's own control messages and its `headers` field, which MCP does not
 * have, are kept from it too, and a cancellation is mapped to the id it cancels (or ignored: none is running).
 *
 * @internal
 */
export const make = () => {
  interface Entry {
    readonly id: unknown
    readonly key: string
    readonly number: number
    pending: number
  }
  const byKey = new Map<string, Entry>()
  const byNumber = new Map<number, Entry>()
  let next = Number.MIN_SAFE_INTEGER
  // the same id while it is in use is the same number: a second call with it waits for the first, as RpcServer does
  const carry = (id: unknown): number => {
    const key = JSON.stringify(id)
    let entry = byKey.get(key)
    if (entry === undefined) {
      entry = { id, key, number: next++, pending: 0 }
      byKey.set(key, entry)
      byNumber.set(entry.number, entry)
    }
    entry.pending++
    return entry.number
  }
  const isId = (id: unknown): boolean => typeof id === "string" || typeof id === "number" || id === null

  /** One message as RpcServer can take it (the same object when it can as it is), else undefined. */
  const admit = (message: unknown, refuse: () => undefined): unknown => {
    if (typeof message !== "object" || message === null || Array.isArray(message)) return refuse()
    const hasId = Object.hasOwn(message, "id")
    const id: unknown = hasId ? Reflect.get(message, "id") : undefined
    if (!Object.hasOwn(message, "method")) {
      // an answer to one of the server's requests (its ids are numbers); anything else is no message
      if (!hasId) return refuse()
      return isCarried(id) ? message : undefined
    }
    // RpcServer's own field: anything but a list of string pairs threw in the reading fiber; MCP has no such field
    if (Object.hasOwn(message, "headers") && !isHeaders(Reflect.get(message, "headers"))) {
      return admit(Object.fromEntries(Object.entries(message).filter(([key]) => key !== "headers")), refuse)
    }
    if (hasId) {
      if (isCarried(id)) return message
      return isId(id) ? { ...message, id: carry(id) } : refuse()
    }
    const method: unknown = Reflect.get(message, "method")
    // RpcServer's own control messages (`@effect/rpc/Interrupt`, `Eof`…) are no MCP notification: ignored
    if (typeof method === "string" && method.startsWith("@effect/rpc/")) return undefined
    if (method !== "notifications/cancelled") return message
    // a cancellation of an id that is not in use, or of none, is ignored (McpServer read its id as a BigInt too)
    const params: unknown = Reflect.get(message, "params")
    if (typeof params !== "object" || params === null) return undefined
    const requestId: unknown = Reflect.get(params, "requestId")
    if (isCarried(requestId)) return message
    const entry = isId(requestId) ? byKey.get(JSON.stringify(requestId)) : undefined
    return entry === undefined ? undefined : { ...message, params: { ...params, requestId: entry.number } }
  }

  /** What the parser takes of a line's JSON: the line itself when nothing changed, else the admitted messages. */
  const inbound = (line: string, value: unknown, refuse: () => undefined): string | undefined => {
    if (!Array.isArray(value)) {
      const admitted = admit(value, refuse)
      return admitted === undefined ? undefined : admitted === value ? line : JSON.stringify(admitted)
    }
    if (value.length === 0) return refuse()
    const admitted = value.map((message) => admit(message, refuse)).filter((message) => message !== undefined)
    if (admitted.length === 0) return undefined
    return admitted.length === value.length && admitted.every((message, i) => message === value[i])
      ? line
      : JSON.stringify(admitted)
  }

  /** An encoded answer with the client's own ids back in it. */
  const outbound = (encoded: string): string => {
    if (byNumber.size === 0) return encoded
    let changed = false
    const restore = (message: unknown): unknown => {
      if (typeof message !== "object" || message === null || Object.hasOwn(message, "method")) return message
      const entry = byNumber.get(Reflect.get(message, "id"))
      if (entry === undefined) return message
      changed = true
      if (--entry.pending <= 0) {
        byNumber.delete(entry.number)
        byKey.delete(entry.key)
      }
      return { ...message, id: entry.id }
    }
    const value: unknown = JSON.parse(encoded)
    const restored = Array.isArray(value) ? value.map(restore) : restore(value)
    return changed ? JSON.stringify(restored) : encoded
  }

  return { inbound, outbound }
}
