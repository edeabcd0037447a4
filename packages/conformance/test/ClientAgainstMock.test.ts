import { SinchAuth } from "@effect-sinch/auth"
import { NumbersClient } from "@effect-sinch/numbers"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { expect, layer } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as Prism from "../src/Prism.js"
import * as Spec from "../src/Spec.js"
import * as Violations from "../src/Violations.js"
import { operationCalls } from "./support/calls.js"
import {
  describeFailure,
  expectedErrorTag,
  isDecodeFailure,
  numbersClient,
  observe,
  projectId,
  recordingLayer,
  RecordingTag,
  showExit
} from "./support/harness.js"

// `prism mock --dynamic` generates every answer from the document's schemas. A `Prefer: seed=N` header per call
// gives each call its own body (`--seed` alone would give every call of an operation the same one).
const callsPerOperation = 48
const firstSeed = 1000

const Mock = Layer.unwrapEffect(
  Effect.map(Prism.Prism, (prism) =>
    numbersClient(
      { baseUrl: prism.baseUrl, projectId },
      // Prism checks security for shape only: Basic with a key id and secret is enough.
      SinchAuth.layerBasic({ keyId: "conformance-key-id", keySecret: "conformance-key-secret" })
    ))
).pipe(
  Layer.provideMerge(Prism.layerMock()),
  Layer.provideMerge(recordingLayer),
  Layer.provideMerge(NodeContext.layer)
)

// Failures grouped by their text with the generated values (quoted) left out: one line per kind, with a count.
const failureClasses = (failures: ReadonlyArray<string>): string => {
  const classes = new Map<string, { count: number; example: string }>()
  for (const failure of failures) {
    const key = failure
      .replace(/^seed \d+: /, "")
      .replace(/\((?:GET|POST|PATCH|PUT) [^)]*\)/g, "")
      .replace(/"(?:[^"\\]|\\.)*"/g, "\"…\"")
    const entry = classes.get(key)
    if (entry === undefined) classes.set(key, { count: 1, example: failure })
    else entry.count++
  }
  return [...classes.values()].map(({ count, example }) => `${count} × like ${example}`).join("\n")
}

// A failure in a line: the error's tag and message, without the body excerpt the message carries.
const compact = (text: string): string => {
  const cut = text.indexOf(" Body starts:")
  const line = cut === -1 ? text : text.slice(0, cut)
  return line.length > 400 ? `${line.slice(0, 400)}…` : line
}

interface Tally {
  answers: number
  decoded: number
  failures: Array<string>
}

const tallies = new Map<string, Tally>()
// The request violations of the suite's checked calls (the deviations below are shown apart, not counted).
const checkedRequestViolations: Array<Violations.Recorded> = []

layer(Mock, { excludeTestServices: true, timeout: "120 seconds" })(
  "NumbersClient against prism mock --dynamic",
  (it) => {
    it.effect("the document's 22 operations are the ones this suite calls", () =>
      Effect.gen(function*() {
        const document = yield* Spec.load()
        const ids = Spec.operations(document).map((op) => op.operationId).sort()
        expect(ids).toHaveLength(22)
        expect(operationCalls.map((op) => op.operationId).sort()).toEqual(ids)
      }))

    for (const { calls, method, operationId } of operationCalls) {
      it.effect(`${operationId} (${method}): every generated 2xx answer decodes; no request draws a violation`, () =>
        Effect.gen(function*() {
          const document = yield* Spec.load()
          const operations = Spec.operations(document)
          const client = yield* NumbersClient.NumbersClient
          const tally: Tally = { answers: 0, decoded: 0, failures: [] }
          tallies.set(operationId, tally)
          const requestViolations: Array<Violations.Recorded> = []
          const misrouted: Array<string> = []
          for (let i = 0; i < callsPerOperation; i++) {
            const seed = firstSeed + i
            const observed = yield* observe(Prism.withPrefer(calls[i % calls.length]!(client), `seed=${seed}`))
            for (const item of observed.requestViolations) requestViolations.push(item)
            // The call's own request (a billable call may add a lookup after it, counted as a failure below).
            const first = observed.exchanges[0]
            const routed = first === undefined
              ? undefined
              : Spec.match(operations, first.method, first.url)?.operationId
            if (routed !== operationId) {
              misrouted.push(
                first === undefined ? "no request" : `${first.method} ${first.url} is ${routed ?? "no operation"}`
              )
            }
            const answered = observed.exchanges.filter((e) => e.status >= 200 && e.status < 300)
            tally.answers += answered.length
            if (Exit.isSuccess(observed.exit) && observed.exchanges.length === 1 && answered.length === 1) {
              tally.decoded++
            } else if (Exit.isSuccess(observed.exit)) {
              // A billable call that reconciled: its first answer failed (it decodes nothing else), yet the lookup
              // made it succeed.
              tally.failures.push(
                `seed ${seed}: ${observed.exchanges.length} requests for one call (a reconcile after an answer that did` +
                  ` not decode?): ${
                    observed.exchanges.map((e) => `${e.method} ${e.status} ${e.body.slice(0, 300)}`).join(" | ")
                  }`
              )
            } else {
              const error = Exit.isFailure(observed.exit) && observed.exit.cause._tag === "Fail"
                ? observed.exit.cause.error
                : undefined
              tally.failures.push(
                `seed ${seed}: ${isDecodeFailure(error) ? "decode failure" : "failure"}: ${
                  compact(error === undefined ? showExit(observed.exit) : describeFailure(error))
                }`
              )
            }
          }
          for (const item of requestViolations) checkedRequestViolations.push(item)
          if (tally.failures.length > 0) {
            console.log(`${operationId}: ${tally.failures.length} failures\n${tally.failures.join("\n")}`)
          }
          expect(requestViolations, Violations.format(requestViolations)).toEqual([])
          expect(misrouted).toEqual([])
          expect(tally.failures.length, failureClasses(tally.failures)).toBe(0)
          expect(tally.decoded).toBe(callsPerOperation)
        }))
    }

    it.effect("listActiveNumbers streams generated pages (bounded: generated page tokens never end)", () =>
      Effect.gen(function*() {
        const client = yield* NumbersClient.NumbersClient
        const { exchanges, recorder } = yield* RecordingTag
        let seed = 5000
        const before = exchanges.length
        const requestBefore = (yield* recorder.requestViolations).length
        const observed = yield* observe(
          client.listActiveNumbers({ pageSize: 3, regionCode: "US", type: "LOCAL", capabilities: ["SMS"] }).pipe(
            Stream.take(40),
            Stream.runCollect,
            // Every page its own seed: one seed for all would repeat the page token, which the client refuses.
            Prism.withPrefer(() => `seed=${seed++}`),
            Effect.timeout("60 seconds")
          )
        )
        const pages = exchanges.slice(before)
        const failed = Exit.isFailure(observed.exit)
        const tally: Tally = {
          answers: pages.filter((page) => page.status === 200).length,
          decoded: pages.length - (failed ? 1 : 0),
          failures: failed ? [`stream: ${compact(showExit(observed.exit))}`] : []
        }
        tallies.set("NumberService_ListActiveNumbers (stream)", tally)
        const streamViolations = (yield* recorder.requestViolations).slice(requestBefore)
        for (const item of streamViolations) checkedRequestViolations.push(item)
        expect(streamViolations, Violations.format(streamViolations)).toEqual([])
        expect(tally.failures).toEqual([])
        expect(Exit.isSuccess(observed.exit) ? Chunk.size(observed.exit.value) : 0).toBe(40)
        expect(pages.length).toBeGreaterThan(1)
        expect(pages.every((page) => page.status === 200)).toBe(true)
        expect(pages.every((page) => page.url.includes("pageSize=3"))).toBe(true)
        expect(pages.slice(1).every((page) => page.url.includes("pageToken="))).toBe(true)
      }))

    for (const { calls, method, operationId } of operationCalls) {
      it.effect(`${operationId} (${method}): each documented error status becomes its typed error`, () =>
        Effect.gen(function*() {
          const document = yield* Spec.load()
          const operation = Spec.operation(document, operationId)
          const client = yield* NumbersClient.NumbersClient
          const outcomes: Array<string> = []
          const expected: Array<string> = []
          const requestViolations: Array<Violations.Recorded> = []
          for (const status of operation.errorStatuses) {
            for (const seed of [1, 2]) {
              const observed = yield* observe(
                Prism.withPrefer(calls[seed % calls.length]!(client), `code=${status}, seed=${seed}`)
              )
              for (const item of observed.requestViolations) requestViolations.push(item)
              const error = Exit.isFailure(observed.exit) && observed.exit.cause._tag === "Fail"
                ? observed.exit.cause.error as { _tag: string; status?: number }
                : undefined
              outcomes.push(
                `${status} -> ${error === undefined ? showExit(observed.exit) : `${error._tag} ${error.status}`}`
              )
              expected.push(`${status} -> ${expectedErrorTag(operationId, status)} ${status}`)
            }
          }
          for (const item of requestViolations) checkedRequestViolations.push(item)
          expect(operation.errorStatuses.length).toBeGreaterThan(0)
          expect(requestViolations, Violations.format(requestViolations)).toEqual([])
          expect(outcomes).toEqual(expected)
        }))
    }

    it.effect("at least 1,000 generated answers decoded, none failed", () =>
      Effect.gen(function*() {
        let answers = 0
        let decoded = 0
        const failures: Array<string> = []
        const lines: Array<string> = []
        for (const [operationId, tally] of tallies) {
          answers += tally.answers
          decoded += tally.decoded
          for (const item of tally.failures.map((f) => `${operationId}: ${f}`)) failures.push(item)
          lines.push(
            `  ${operationId.padEnd(45)} ${String(tally.answers).padStart(5)} answers ${
              String(tally.decoded).padStart(5)
            } decoded ${tally.failures.length} failed`
          )
        }
        const requestViolations = checkedRequestViolations
        // Printed for the report: per operation, then the totals.
        console.log(
          [
            "Client against prism mock --dynamic:",
            ...lines,
            `  total: ${answers} generated 2xx answers, ${decoded} calls decoded, ${failures.length} failures, ` +
            `${requestViolations.length} request violations`
          ].join("\n")
        )
        expect(failures.length, failureClasses(failures)).toBe(0)
        expect(requestViolations, Violations.format(requestViolations)).toEqual([])
        expect(answers).toBeGreaterThanOrEqual(1000)
      }))

    // Deliberate deviations (docs/conformance.md): shown here, not counted above.

    it.effect("deviation: a null in an update is sent as null to clear the value; the schema has no nullable", () =>
      Effect.gen(function*() {
        const client = yield* NumbersClient.NumbersClient
        const observed = yield* observe(
          Prism.withPrefer(client.updateActiveNumber("+12025550134", { displayName: null }), "seed=1")
        )
        expect(observed.exchanges.map((e) => e.method)).toEqual(["PATCH"])
        expect(observed.requestViolations.map((v) => `${v.location.join(".")} ${v.code}`)).toEqual([
          "request.body.displayName type"
        ])
      }))

    it.effect("deviation: the client refuses, before sending, values only the descriptions forbid", () =>
      Effect.gen(function*() {
        const client = yield* NumbersClient.NumbersClient
        const refused: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown>]> = [
          // hmacSecret: "^[a-zA-Z0-9-]{32,64}$"
          ["short hmacSecret", client.updateCallbackConfiguration({ hmacSecret: "too-short" })],
          // numberPattern.pattern: "Sequence of digits"
          [
            "pattern with a letter",
            client.searchAvailableNumbers({ regionCode: "US", type: "LOCAL", numberPattern: { pattern: "12a" } })
          ],
          // regionCode: "ISO 3166-1 alpha-2"
          ["region code of three letters", client.searchAvailableNumbers({ regionCode: "usa", type: "LOCAL" })],
          // requestedQuantity: minimum 1, maximum 100 (this one is in the schema too)
          [
            "quantity 101",
            client.createNumberOrder({
              regionCode: "US",
              numberType: "LOCAL",
              quantityOrderOption: { requestedQuantity: 101 }
            })
          ]
        ]
        const outcomes: Array<string> = []
        for (const [name, call] of refused) {
          const observed = yield* observe(Prism.withPrefer(call, "seed=1"))
          outcomes.push(`${name}: ${showExit(observed.exit).split(":")[0]}, ${observed.exchanges.length} requests`)
        }
        expect(outcomes).toEqual(refused.map(([name]) => `${name}: InvalidInput, 0 requests`))
      }))
  }
)
