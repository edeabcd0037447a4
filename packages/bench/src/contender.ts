/**
 * The small interface every contender implements, so the runner measures all three the same way.
 */

/** Where the emulator is and who we are. */
export interface Connection {
  readonly baseUrl: string
  readonly projectId: string
  readonly keyId: string
  readonly keySecret: string
}

/** The outcome of a burst of concurrent calls. */
export interface Burst {
  readonly answered: number
  readonly failed: number
  readonly firstError: string | undefined
}

/** One client under test, created in a fresh runner process. */
export interface Contender {
  /** One GetActiveNumber call; resolves with the phone number the server answered with. */
  readonly getActiveNumber: (phone: string) => Promise<string>
  /** Pages through every active number, calling `onItem` once per number received, in the contender's own idiom. */
  readonly streamAll: (pageSize: number, onItem: (phone: string) => void) => Promise<void>
  /** GetActiveNumber for each phone, one after the other; resolves with each call's latency in milliseconds. */
  readonly sequentialGets: (phones: ReadonlyArray<string>) => Promise<Array<number>>
  /** GetActiveNumber for every phone at once; resolves when all have answered or failed. */
  readonly concurrentGets: (phones: ReadonlyArray<string>) => Promise<Burst>
  /** Releases sockets and runtimes. */
  readonly close: () => Promise<void>
}

/**
 * The contenders, in the order the tables list them. `effect-sinch-parts` is effect-sinch listing with
 * `listActiveNumbersPartitioned` (16 parts at once), `effect-sinch-fetch` is effect-sinch on `FetchHttpClient`
 * instead of undici, `effect-sinch-item` consumes a listing with one Effect per item (`Stream.runForEach`) instead of one
 * per page, and `effect-bare` / `effect-bare-undici` are a bare Effect program with no SDK on either
 * HttpClient (the start-up yardstick, and the floor of any client on `@effect/platform`'s HttpClient); each runs only
 * where a scenario names it. `effect-sinch-http-bundled` and `effect-bare-http-bundled` run on `NodeHttpClient.layer`
 * (Node's `http`), bundled only (cold start). A `-bundled` contender is the same program shipped as one esbuild file (see bundle.ts).
 */
export const contenderNames = [
  "raw",
  "official",
  "official-bundled",
  "effect-sinch",
  "effect-sinch-bundled",
  "effect-sinch-parts",
  "effect-sinch-fetch",
  "effect-sinch-fetch-bundled",
  "effect-sinch-http-bundled",
  "effect-sinch-item",
  "effect-bare",
  "effect-bare-bundled",
  "effect-bare-undici",
  "effect-bare-undici-bundled",
  "effect-bare-http-bundled"
] as const

/** A contender's name. */
export type ContenderName = typeof contenderNames[number]

/** A short, secret-free description of a failure. */
export const describeError = (error: unknown): string => {
  const oneLine = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 300)
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : ""
    return oneLine(`${error.name}: ${error.message}${cause}`)
  }
  if (typeof error === "object" && error !== null && "_tag" in error) {
    const message = "message" in error && typeof error.message === "string" ? `: ${error.message}` : ""
    return oneLine(`${String(error._tag)}${message}`)
  }
  return oneLine(String(error))
}

/** Runs `f` for each phone and collects outcomes, the way a Promise user fires a burst. */
export const burstOf = async (
  phones: ReadonlyArray<string>,
  f: (phone: string) => Promise<unknown>
): Promise<Burst> => {
  const outcomes = await Promise.allSettled(phones.map(f))
  let failed = 0
  let firstError: string | undefined
  for (const outcome of outcomes) {
    if (outcome.status === "rejected") {
      failed++
      firstError ??= describeError(outcome.reason)
    }
  }
  return { answered: phones.length - failed, failed, firstError }
}

/** Times each call of `f`, one after the other. */
export const timeSequentially = async (
  phones: ReadonlyArray<string>,
  f: (phone: string) => Promise<unknown>
): Promise<Array<number>> => {
  const latencies: Array<number> = new Array(phones.length)
  for (let i = 0; i < phones.length; i++) {
    const start = performance.now()
    await f(phones[i]!)
    latencies[i] = performance.now() - start
  }
  return latencies
}
