/** @internal */

/**
 * What a masked secret is replaced with.
 *
 * @internal
 */
export const marker = "<redacted>"

/** How many access tokens are remembered: the current one and the 4 before it. */
const rememberTokens = 5

const hex4 = (code: number, upper: boolean): string => {
  const digits = code.toString(16).padStart(4, "0")
  return `\\u${upper ? digits.toUpperCase() : digits}`
}

/** JSON string escapes as the common encoders write them: with or without `\/`, `\uXXXX` for non-ASCII and for `<>&`. */
const jsonForms = (secret: string): Array<string> => {
  const plain = JSON.stringify(secret).slice(1, -1)
  const forms: Array<string> = []
  for (const slash of [false, true]) {
    for (const nonAscii of ["keep", "lower", "upper"] as const) {
      for (const html of [false, true]) {
        let out = slash ? plain.replace(/\//g, "\\/") : plain
        if (nonAscii !== "keep") {
          out = out.replace(/[\u007f-\uffff]/g, (c) => hex4(c.charCodeAt(0), nonAscii === "upper"))
        }
        if (html) out = out.replace(/[<>&]/g, (c) => hex4(c.charCodeAt(0), false))
        forms.push(out)
      }
    }
  }
  return forms
}

const lowerHex = (encoded: string): string => encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())

const safeEncode = (encode: (s: string) => string, secret: string): Array<string> => {
  try {
    const encoded = encode(secret)
    return [encoded, lowerHex(encoded)]
  } catch {
    // A lone surrogate cannot be percent-encoded: no client could have sent it encoded either.
    return []
  }
}

/** Percent-encodings as a path segment, a query value (`+` for space) or a whole URL would carry them, in both hex cases. */
const urlForms = (secret: string): Array<string> => [
  ...safeEncode(encodeURIComponent, secret),
  ...safeEncode((s) => new URLSearchParams({ v: s }).toString().slice(2), secret),
  ...safeEncode(encodeURI, secret)
]

/**
 * Every form in which `secret` plausibly comes back from a server: as is, JSON-escaped, URL-encoded.
 *
 * @internal
 */
export const forms = (secret: string): ReadonlyArray<string> =>
  secret === "" ? [] : [...new Set([secret, ...jsonForms(secret), ...urlForms(secret)])]

/**
 * An Aho–Corasick automaton over UTF-16 code units: one pass over the text finds, at each position, the longest
 * pattern ending there, so masking costs O(text + patterns) whatever the text holds.
 */
interface Automaton {
  /** Transition `state * 65536 + charCode` → state, for states with several children. */
  readonly goto: Map<number, number>
  /** For a state with exactly one child (most states of a long token): its code unit and child; else -1. */
  readonly onlyCode: Int32Array
  readonly onlyNext: Int32Array
  readonly fail: Int32Array
  /** Length of the longest pattern ending in this state (0 if none). */
  readonly longest: Int32Array
  /** Whether a code unit starts some pattern: lets the root skip text quickly. */
  readonly starts: Uint8Array
}

const build = (patterns: ReadonlyArray<string>): Automaton | undefined => {
  if (patterns.length === 0) return undefined
  const goto = new Map<number, number>()
  const children: Array<Array<number>> = [[]]
  const depth: Array<number> = [0]
  const terminal: Array<boolean> = [false]
  const starts = new Uint8Array(65536)
  for (const pattern of patterns) {
    let state = 0
    for (let i = 0; i < pattern.length; i++) {
      const key = state * 65536 + pattern.charCodeAt(i)
      let next = goto.get(key)
      if (next === undefined) {
        next = depth.length
        goto.set(key, next)
        children[state]!.push(pattern.charCodeAt(i))
        children.push([])
        depth.push(depth[state]! + 1)
        terminal.push(false)
      }
      state = next
    }
    terminal[state] = true
    starts[pattern.charCodeAt(0)] = 1
  }
  const size = depth.length
  const fail = new Int32Array(size)
  const longest = new Int32Array(size)
  const onlyCode = new Int32Array(size).fill(-1)
  const onlyNext = new Int32Array(size)
  for (let state = 0; state < size; state++) {
    if (children[state]!.length === 1) {
      onlyCode[state] = children[state]![0]!
      onlyNext[state] = goto.get(state * 65536 + onlyCode[state]!)!
    }
  }
  // Breadth first, so a state's failure target (a shorter suffix) is complete before the state itself.
  const queue: Array<number> = [0]
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!
    longest[state] = terminal[state] ? depth[state]! : longest[fail[state]!]!
    for (const code of children[state]!) {
      const child = goto.get(state * 65536 + code)!
      if (state !== 0) {
        let f = fail[state]!
        let target = goto.get(f * 65536 + code)
        while (target === undefined && f !== 0) {
          f = fail[f]!
          target = goto.get(f * 65536 + code)
        }
        fail[child] = target ?? 0
      }
      queue.push(child)
    }
  }
  return { goto, fail, longest, starts, onlyCode, onlyNext }
}

const step = (automaton: Automaton, state: number, code: number): number | undefined =>
  automaton.onlyCode[state] === code
    ? automaton.onlyNext[state]
    : automaton.onlyCode[state] === -1
    ? automaton.goto.get(state * 65536 + code)
    : undefined

const mask = (automaton: Automaton, text: string): string => {
  const { fail, longest, starts } = automaton
  // Masked ranges, merged as they are found: each new match ends at the current position, the furthest yet.
  const from: Array<number> = []
  const to: Array<number> = []
  let state = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (state === 0 && starts[code] === 0) continue
    let next = step(automaton, state, code)
    while (next === undefined && state !== 0) {
      state = fail[state]!
      next = step(automaton, state, code)
    }
    state = next ?? 0
    const length = longest[state]!
    if (length > 0) {
      let start = i + 1 - length
      while (to.length > 0 && start <= to[to.length - 1]!) {
        start = Math.min(start, from.pop()!)
        to.pop()
      }
      from.push(start)
      to.push(i + 1)
    }
  }
  if (from.length === 0) return text
  let out = ""
  let at = 0
  for (let r = 0; r < from.length; r++) {
    out += text.slice(at, from[r]) + marker
    at = to[r]!
  }
  return out + text.slice(at)
}

/**
 * Masks a fixed set of secrets and the last few access tokens, in every form of `forms`.
 *
 * @internal
 */
export interface Scrubber {
  readonly scrub: (text: string) => string
  /** Adds an access token; the oldest beyond the last 5 is forgotten. */
  readonly remember: (token: string) => void
}

/**
 * @internal
 */
export const make = (secrets: ReadonlyArray<string>): Scrubber => {
  let fixed: ReadonlyArray<string> | undefined
  let tokens: ReadonlyArray<string> = []
  // Built on the first scrub, and again on the first scrub after a new token: scrubs happen on error paths, so a
  // client that never fails never builds it (tokens change hourly).
  let automaton: Automaton | undefined
  let stale = true
  return {
    scrub: (text) => {
      if (stale) {
        fixed ??= secrets.flatMap(forms)
        automaton = build([...fixed, ...tokens.flatMap(forms)])
        stale = false
      }
      return automaton === undefined || text === "" ? text : mask(automaton, text)
    },
    remember: (token) => {
      if (token === "" || tokens[0] === token) return
      tokens = [token, ...tokens.filter((t) => t !== token)].slice(0, rememberTokens)
      stale = true
    }
  }
}
