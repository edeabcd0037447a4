/** @internal */
import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import type * as Schedule from "effect/Schedule"
import type * as Tracer from "effect/Tracer"
import * as NumbersError from "../NumbersError.js"
import { decodeActiveNumbersPage, type DecodedPage } from "./activeNumbersPage.js"
import { segment } from "./encoding.js"
import type { Operation, Reconcile, ValidInput } from "./operations.js"
import { operations } from "./operations.js"
import * as Pipeline from "./pipeline.js"
import * as RetryPolicy from "./retryPolicy.js"

/**
 * The errors of an operation by kind: reads and idempotent changes, or billable calls.
 *
 * @internal
 */
export type ErrorOf<Kind extends "read" | "billable"> = Kind extends "billable" ? NumbersError.BillableError
  : NumbersError.RequestError

/**
 * The retry policies, built once from the client's options; `undefined` when retries are off.
 *
 * @internal
 */
export interface Policies {
  /** Reads and idempotent changes. */
  readonly idempotent: Schedule.Schedule<unknown, NumbersError.CallError> | undefined
  /** Billable calls: only failures that provably happened before sending. */
  readonly unsent: Schedule.Schedule<unknown, NumbersError.CallError> | undefined
  /** Each page of a listing: a budget of failures in a row that every page read starts afresh. */
  readonly pages: Schedule.Schedule<unknown, NumbersError.CallError> | undefined
}

/**
 * Runs the operations of the table: validates the input, builds the request, runs it with the operation's retry
 * rule within one deadline (a billable call's reconcile included) and traces it.
 *
 * @internal
 */
export interface Executor {
  readonly execute: <A, Kind extends "read" | "billable">(
    operation: Operation<A, Kind>,
    params?: Readonly<Record<string, unknown>>,
    request?: unknown
  ) => Effect.Effect<A, ErrorOf<Kind>>
  /** Validates an operation's input without sending anything. */
  readonly validate: (
    operation: Operation<unknown>,
    params: Readonly<Record<string, unknown>>,
    request: unknown
  ) => Effect.Effect<ValidInput, NumbersError.InvalidInput>
  /**
   * Reads one page of active numbers with validated filters: for a stream (`"stream"`: items that do not decode are
   * handed back in `invalid`, retried by the page budget) or as a page on its own (`"page"`: an item that does not
   * decode fails the call, retried as any read).
   */
  readonly listPage: (
    input: ValidInput,
    mode: "stream" | "page"
  ) => Effect.Effect<DecodedPage, NumbersError.CallError | NumbersError.InvalidInput>
  /** The path of an operation for errors and spans, with its parameters. */
  readonly pathOf: (operation: Operation<unknown>, params: Readonly<Record<string, string>>) => string
}

type Template = ReadonlyArray<string | { readonly param: string }>

// "/v1/projects/{projectId}/activeNumbers/{phoneNumber}" with the project id in place, split at the parameters.
const compile = (path: string, projectId: string): Template =>
  path.replace("{projectId}", segment(projectId)).split(/(\{[^}]+\})/).filter((part) => part !== "").map((part) =>
    part.startsWith("{") ? { param: part.slice(1, -1) } : part
  )

const noParams: Readonly<Record<string, unknown>> = {}

/**
 * @internal
 */
export const make = (pipeline: Pipeline.Pipeline, policies: Policies, projectId: string): Executor => {
  // by path template and by name: derived entries (a page read on its own) share them
  const templates = new Map<string, Template>()
  const spans = new Map<string, Tracer.SpanOptions>()
  for (const operation of Object.values(operations) as ReadonlyArray<Operation<unknown>>) {
    templates.set(operation.path, compile(operation.path, projectId))
    spans.set(operation.name, { attributes: { "sinch.operation": operation.name }, captureStackTrace: false })
  }

  const pathOf = (operation: Operation<unknown>, params: Readonly<Record<string, string>>): string => {
    let path = ""
    for (const part of templates.get(operation.path)!) {
      path += typeof part === "string"
        ? part
        : segment(params[part.param]!)
    }
    return path
  }

  const validate = (
    operation: Operation<unknown>,
    params: Readonly<Record<string, unknown>>,
    request: unknown
  ): Effect.Effect<ValidInput, NumbersError.InvalidInput> => {
    const checks = operation.params
    // The common case, valid path parameters, is checked without an Effect per parameter.
    if (checks.every(([name, check]) => check.accepts(params[name]))) {
      const valid = params as Readonly<Record<string, string>>
      return operation.request === undefined
        ? Effect.succeed({ params: valid, request: undefined })
        : Effect.map(operation.request(operation.name, "", request), (request) => ({ params: valid, request }))
    }
    const validParams: Record<string, string> = {}
    const checked = Effect.forEach(
      checks,
      ([name, check]) =>
        Effect.map(check(operation.name, name, params[name]), (value) => {
          validParams[name] = value
        }),
      { discard: true }
    )
    const validRequest = operation.request === undefined
      ? Effect.succeed(undefined)
      : operation.request(operation.name, "", request)
    return Effect.zipWith(checked, validRequest, (_, request) => ({ params: validParams, request }))
  }

  const bodyOf = (
    operation: Operation<unknown>,
    request: any
  ): Effect.Effect<HttpBody.HttpBody | undefined, NumbersError.InvalidInput> => {
    switch (operation.body) {
      case undefined:
        return Effect.succeed(undefined)
      case "json": {
        try {
          return Effect.succeed(HttpBody.text(JSON.stringify(request), "application/json"))
        } catch (e) {
          // A value JSON cannot carry (a cycle, a BigInt) in a free-form field: refused before anything is sent.
          return Effect.fail(
            new NumbersError.InvalidInput({
              operation: operation.name,
              field: "",
              reason: `it cannot be sent as JSON (${e instanceof Error ? e.message : String(e)})`
            })
          )
        }
      }
      case "multipart":
        return multipart(operation.name, request)
    }
  }

  const requestOf = <A>(
    operation: Operation<A>,
    input: ValidInput,
    body: HttpBody.HttpBody | undefined
  ): Pipeline.Call<A> => {
    const path = pathOf(operation, input.params)
    let request = HttpClientRequest.make(operation.method)(path)
    if (operation.query !== undefined) request = HttpClientRequest.setUrlParams(request, operation.query(input.request))
    if (body !== undefined) request = HttpClientRequest.setBody(request, body)
    return { operation: operation.name, request, path, answer: operation.answer }
  }

  const callOf = <A>(
    operation: Operation<A>,
    input: ValidInput
  ): Effect.Effect<Pipeline.Call<A>, NumbersError.InvalidInput> =>
    operation.body === undefined
      ? Effect.sync(() => requestOf(operation, input, undefined))
      : Effect.map(bodyOf(operation, input.request), (body) => requestOf(operation, input, body))

  const deadline = Duration.toMillis(pipeline.deadline)

  // After an ambiguous rent or release: the number, looked up before the same deadline, shows whether it took effect.
  const reconcile = (
    operation: Operation<ActiveNumber>,
    reconcile: Reconcile,
    input: ValidInput,
    deadlineAt: number,
    unknown: NumbersError.OutcomeUnknown
  ): Effect.Effect<ActiveNumber, NumbersError.OutcomeUnknown> =>
    callOf(operations.getActiveNumber, { params: input.params, request: undefined }).pipe(
      Effect.flatMap((call) => Pipeline.run(pipeline, call, policies.idempotent, deadlineAt)),
      Effect.withSpan(`NumbersClient.${operation.name}.reconcile`, { captureStackTrace: false }),
      Effect.matchEffect({
        onFailure: (error) =>
          Effect.fail(
            new NumbersError.OutcomeUnknown({
              ...unknown,
              check: error._tag === "NotFound"
                ? `Looking the number up found it not active in this project (it may still be processing). ${unknown.check}`
                : `Looking the number up failed too (${error._tag}). ${unknown.check}`
            })
          ),
        onSuccess: (number) =>
          reconcile.done(number)
            ? Effect.as(
              Effect.logDebug(
                `${operation.name}: ${unknown.failure} was ambiguous; the number shows it took effect`
              ),
              number
            )
            : Effect.fail(
              new NumbersError.OutcomeUnknown({ ...unknown, check: `${reconcile.notDone} ${unknown.check}` })
            )
      })
    )

  const run = <A, Kind extends "read" | "billable">(
    operation: Operation<A, Kind>,
    input: ValidInput,
    schedule: Schedule.Schedule<unknown, NumbersError.CallError> | undefined
  ): Effect.Effect<A, ErrorOf<Kind>> =>
    Effect.clockWith((clock) =>
      Effect.flatMap(callOf(operation, input), (call) => {
        const deadlineAt = clock.unsafeCurrentTimeMillis() + deadline
        const billing = operation.billing
        if (billing._tag === "Idempotent") {
          return Pipeline.run(pipeline, call, schedule, deadlineAt) as Effect.Effect<A, ErrorOf<Kind>>
        }
        return Effect.catchAll(
          Pipeline.run(pipeline, call, schedule, deadlineAt),
          (error): Effect.Effect<A, NumbersError.BillableError> => {
            if (!NumbersError.isCallError(error) || !RetryPolicy.isAmbiguous(error)) {
              // What is left is definite: refused before acting, or never sent.
              return Effect.fail(error as NumbersError.BillableError)
            }
            const unknown = Pipeline.outcomeUnknown(error, billing.check(input))
            return billing.reconcile === undefined
              ? Effect.fail(unknown)
              : reconcile(operation as Operation<any>, billing.reconcile, input, deadlineAt, unknown) as Effect.Effect<
                A,
                NumbersError.OutcomeUnknown
              >
          }
        ) as Effect.Effect<A, ErrorOf<Kind>>
      })
    )

  const execute = <A, Kind extends "read" | "billable">(
    operation: Operation<A, Kind>,
    params: Readonly<Record<string, unknown>> = noParams,
    request?: unknown
  ): Effect.Effect<A, ErrorOf<Kind>> =>
    Effect.flatMap(
      validate(operation as Operation<unknown>, params, request),
      (input): Effect.Effect<A, ErrorOf<Kind>> =>
        run(operation, input, operation.billing._tag === "Idempotent" ? policies.idempotent : policies.unsent)
    ).pipe(Effect.withSpan(`NumbersClient.${operation.name}`, spans.get(operation.name)!))

  const list = operations.listActiveNumbers
  const wholePage: Operation<DecodedPage, "read"> = { ...list, answer: { _tag: "Decode", decode: decodeWholePage } }
  const listPage = (input: ValidInput, mode: "stream" | "page") =>
    mode === "stream" ? run(list, input, policies.pages) : run(wholePage, input, policies.idempotent)

  return { execute, validate, listPage, pathOf }
}

// The multipart body is encoded here, once, into bytes: every HttpClient sends bytes the same way (a FormData
// instance is not understood by all of them, e.g. undici's own FormData differs from the global one), and a retry
// resends the very same body.
const multipart = (operation: string, upload: {
  readonly file: Uint8Array | Blob
  readonly fileName: string
  readonly mimeType?: string | undefined
  readonly documentType?: string | undefined
}): Effect.Effect<HttpBody.HttpBody, NumbersError.InvalidInput> =>
  Effect.tryPromise({
    try: async () => {
      const form = new FormData()
      const type = upload.mimeType ?? (upload.file instanceof Blob && upload.file.type !== ""
        ? upload.file.type
        : "application/octet-stream")
      const blob = upload.file instanceof Blob
        ? upload.file.slice(0, upload.file.size, type)
        : new Blob([upload.file as Uint8Array<ArrayBuffer>], { type })
      form.append("file", blob, upload.fileName)
      if (upload.documentType !== undefined) form.append("documentType", upload.documentType)
      const encoded = new Response(form)
      const bytes = new Uint8Array(await encoded.arrayBuffer())
      return HttpBody.uint8Array(bytes, encoded.headers.get("content-type") ?? "multipart/form-data")
    },
    catch: (e) =>
      new NumbersError.InvalidInput({
        operation,
        field: "file",
        reason: `it could not be read (${e instanceof Error ? e.message : String(e)})`
      })
  })

// A page read on its own: an item that does not decode fails it, pointing at the item.
const decodeWholePage = (json: unknown): Effect.Effect<DecodedPage, ParseResult.ParseError> =>
  Effect.flatMap(decodeActiveNumbersPage(json), (page) => {
    const first = page.invalid[0]
    return first === undefined ? Effect.succeed(page) : Effect.fail(
      new ParseResult.ParseError({
        issue: new ParseResult.Pointer(["activeNumbers", first.index], json, first.error.issue)
      })
    )
  })
