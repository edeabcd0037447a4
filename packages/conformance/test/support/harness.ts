import type { SinchAuth } from "@effect-sinch/auth"
import { NumbersClient, NumbersError } from "@effect-sinch/numbers"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Prism from "../../src/Prism.js"
import * as Violations from "../../src/Violations.js"

/** One exchange as the client's HttpClient saw it. */
export interface Exchange {
  readonly method: string
  readonly url: string
  readonly status: number
  readonly body: string
}

/** What the suite records of every exchange between the client and Prism. */
export interface Recording {
  readonly recorder: Violations.Recorder
  /** Every exchange, in order (bodies of 2xx answers only; others are ""). */
  readonly exchanges: Array<Exchange>
}

export class RecordingTag extends Context.Tag("@effect-sinch/conformance/test/Recording")<RecordingTag, Recording>() {}

export const recordingLayer: Layer.Layer<RecordingTag> = Layer.effect(
  RecordingTag,
  Effect.map(Violations.makeRecorder, (recorder) => ({ recorder, exchanges: [] }))
)

/**
 * The HttpClient the NumbersClient under test uses: undici, with the `Prefer` header of the fiber, every answer's
 * violations recorded, and every exchange kept.
 */
export const recordedHttpClient: Layer.Layer<HttpClient.HttpClient, never, RecordingTag> = Layer.effect(
  HttpClient.HttpClient,
  Effect.gen(function*() {
    const http = yield* HttpClient.HttpClient
    const { exchanges, recorder } = yield* RecordingTag
    return http.pipe(
      Prism.preferring,
      recorder.record,
      HttpClient.tap((response) =>
        Effect.map(
          response.status >= 200 && response.status < 300
            ? Effect.orElseSucceed(response.text, () => "")
            : Effect.succeed(""),
          (body) => {
            exchanges.push({
              method: response.request.method,
              url: Violations.fullUrl(response.request),
              status: response.status,
              body
            })
          }
        )
      )
    )
  })
).pipe(Layer.provide(NodeHttpClient.layerUndici))

/** A realistic project id (Prism accepts any; the emulator has its own). */
export const projectId = "0b9c1c2e-5f6a-4d7e-8f90-a1b2c3d4e5f6"

/** The billable operations: after an ambiguous failure the client reports `OutcomeUnknown`. */
export const billable: ReadonlySet<string> = new Set([
  "NumberService_RentNumber",
  "NumberService_RentAnyNumber",
  "NumberService_ReleaseNumber",
  "CreateNumberOrder",
  "SubmitNumberOrder"
])

/** The error a documented status must become, by the client's documented rules. */
export const expectedErrorTag = (operationId: string, status: number): string => {
  switch (status) {
    case 400:
      return "InvalidArgument"
    case 403:
      return "PermissionDenied"
    case 404:
      return "NotFound"
    case 413:
      return "ContentTooLarge"
    default:
      // A 5xx may have acted: billable calls report that the outcome is unknown instead.
      return status >= 500 ? (billable.has(operationId) ? "OutcomeUnknown" : "ServerError") : "UnexpectedStatus"
  }
}

/** What a failed call says, for a report: the tag, and for decode failures the reason. */
export const describeFailure = (error: unknown): string => {
  if (NumbersError.isCallError(error) || (typeof error === "object" && error !== null && "_tag" in error)) {
    return `${(error as { _tag: string })._tag}: ${(error as { message?: string }).message ?? ""}`
  }
  return String(error)
}

/** Whether a failure is (or hides) an answer that did not decode. */
export const isDecodeFailure = (error: unknown): boolean => {
  if (typeof error !== "object" || error === null || !("_tag" in error)) return false
  const tagged = error as { _tag: string; failure?: string }
  return tagged._tag === "ResponseDecodeError" ||
    (tagged._tag === "OutcomeUnknown" && tagged.failure === "ResponseDecodeError")
}

/** Runs an effect and returns its exit, with the violations and exchanges it caused. */
export const observe = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const { exchanges, recorder } = yield* RecordingTag
    const requestBefore = (yield* recorder.requestViolations).length
    const responseBefore = (yield* recorder.responseViolations).length
    const exchangesBefore = exchanges.length
    const exit = yield* Effect.exit(effect)
    return {
      exit,
      requestViolations: (yield* recorder.requestViolations).slice(requestBefore),
      responseViolations: (yield* recorder.responseViolations).slice(responseBefore),
      exchanges: exchanges.slice(exchangesBefore)
    }
  })

export type Observed<A, E> = Effect.Effect.Success<ReturnType<typeof observe<A, E, never>>>

/** A NumbersClient (retries off) at a base URL, with the given auth, over the recorded HttpClient. */
export const numbersClient = (
  options: { readonly baseUrl: string; readonly projectId: string },
  auth: Layer.Layer<SinchAuth.SinchAuth>
) =>
  NumbersClient.layer({ ...options, retrySchedule: "off" }).pipe(
    Layer.provide(auth),
    Layer.provide(recordedHttpClient),
    Layer.orDie
  )

/** A short, stable text of an exit for failure messages. */
export const showExit = <A, E>(exit: Exit.Exit<A, E>): string =>
  Exit.match(exit, {
    onSuccess: () => "success",
    onFailure: (cause) => {
      const failure = cause._tag === "Fail" ? cause.error : undefined
      return failure === undefined ? `defect/interrupt: ${String(cause)}` : describeFailure(failure)
    }
  })
