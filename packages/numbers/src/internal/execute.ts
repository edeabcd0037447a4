/** @internal */
import type { ListActiveNumbersRequest } from "@effect-sinch/core/ActiveNumber"
import type * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import type * as Schedule from "effect/Schedule"
import type * as Schema from "effect/Schema"
import type * as Tracer from "effect/Tracer"
import * as NumbersError from "../NumbersError.js"
import { decodeActiveNumbersPage, type DecodedPage } from "./activeNumbersPage.js"
import { segment } from "./encoding.js"
import type { Billing, Route, ValidInput } from "./operations.js"
import { listActiveNumbers, operations } from "./operations.js"
import * as Pipeline from "./pipeline.js"
import * as RetryPolicy from "./retryPolicy.js"

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
  /** Runs a method of the table with the arguments it was called with. */
  readonly execute: <I, A>(
    route: Route<I, A>,
    name: string,
    args: ReadonlyArray<unknown>
  ) => Effect.Effect<A, NumbersError.RequestError | NumbersError.OutcomeUnknown>
  /** Validates an operation's input without sending anything. */
  readonly validate: <I, A>(
    route: Route<I, A>,
    name: string,
    params: Readonly<Record<string, unknown>>,
    request: unknown
  ) => Effect.Effect<ValidInput<I>, NumbersError.InvalidInput>
  /**
   * Reads one page of active numbers with validated filters: for a stream (`"stream"`: items that do not decode are
   * handed back in `invalid`, retried by the page budget) or as a page on its own (`"page"`: an item that does not
   * decode fails the call, retried as any read).
   */
  readonly listPage: (
    input: ValidInput<ListRequest>,
    mode: "stream" | "page"
  ) => Effect.Effect<DecodedPage, NumbersError.CallError | NumbersError.InvalidInput>
  /** The path of an operation for errors and spans, with its parameters. */
  readonly pathOf: (template: string, params: Readonly<Record<string, string>>) => string
}

type ListRequest = Schema.Schema.Encoded<typeof ListActiveNumbersRequest>

type Template = ReadonlyArray<string | { readonly param: string }>

// "/v1/projects/{projectId}/activeNumbers/{phoneNumber}" with the project id in place, split at the parameters.
const compile = (path: string, projectId: string): Template =>
  path.replace("{projectId}", segment(projectId)).split(/(\{[^}]+\})/).filter((part) => part !== "").map((part) =>
    part.startsWith("{") ? { param: part.slice(1, -1) } : part
  )

const noParams: Readonly<Record<string, unknown>> = {}

// The path parameters and the request of a call, from the method's arguments: one object with several path
// parameters (`uploadNumberOrderAttachment({ numberOrderId, attachmentId, ...upload })`), else positional.
const split = <I, A>(
  route: Route<I, A>,
  args: ReadonlyArray<unknown>
): { readonly params: Readonly<Record<string, unknown>>; readonly request: unknown } => {
  const count = route.params.length
  if (count > 1) {
    const input: Readonly<Record<string, unknown>> = typeof args[0] === "object" && args[0] !== null
      ? Object.fromEntries(Object.entries(args[0]))
      : noParams
    const names = route.params.map(([name]) => name)
    return {
      params: input,
      request: Object.fromEntries(Object.entries(input).filter(([key]) => !names.includes(key)))
    }
  }
  const request = args[count]
  return {
    params: count === 0 ? noParams : { [route.params[0]![0]]: args[0] },
    request: request === undefined && route.request?.optional === true ? {} : request
  }
}

/**
 * @internal
 */
export const make = (pipeline: Pipeline.Pipeline, policies: Policies, projectId: string): Executor => {
  // by path template and by name: the listings share them
  const templates = new Map<string, Template>()
  const spans = new Map<string, Tracer.SpanOptions>()
  const span = (name: string): Tracer.SpanOptions => {
    let options = spans.get(name)
    if (options === undefined) {
      options = { attributes: { "sinch.operation": name }, captureStackTrace: false }
      spans.set(name, options)
    }
    return options
  }

  const pathOf = (template: string, params: Readonly<Record<string, string>>): string => {
    let parts = templates.get(template)
    if (parts === undefined) {
      parts = compile(template, projectId)
      templates.set(template, parts)
    }
    let path = ""
    for (const part of parts) {
      path += typeof part === "string"
        ? part
        : segment(params[part.param]!)
    }
    return path
  }

  const validate = <I, A>(
    route: Route<I, A>,
    name: string,
    params: Readonly<Record<string, unknown>>,
    request: unknown
  ): Effect.Effect<ValidInput<I>, NumbersError.InvalidInput> => {
    const checks = route.params
    const validRequest = route.request === undefined
      ? Effect.succeed(undefined)
      : route.request.validate(name, "", request)
    const validParams: Record<string, string> = {}
    // The common case, valid path parameters, is checked without an Effect per parameter.
    if (checks.every(([param, check]) => check.accepts(params[param]) && (validParams[param] = params[param], true))) {
      return route.request === undefined
        ? Effect.succeed({ params: validParams, request: undefined })
        : Effect.map(validRequest, (request) => ({ params: validParams, request }))
    }
    const checked = Effect.forEach(
      checks,
      ([param, check]) =>
        Effect.map(check(name, param, params[param]), (value) => {
          validParams[param] = value
        }),
      { discard: true }
    )
    return Effect.zipWith(checked, validRequest, (_, request) => ({ params: validParams, request }))
  }

  const callOf = <I, A>(
    route: Route<I, A>,
    name: string,
    input: ValidInput<I>
  ): Effect.Effect<Pipeline.Call<A>, NumbersError.InvalidInput> => {
    const requestRoute = route.request
    const request = input.request
    const make = (body: HttpBody.HttpBody | undefined): Pipeline.Call<A> => {
      const path = pathOf(route.path, input.params)
      let http = HttpClientRequest.make(route.method)(path)
      if (requestRoute?.query !== undefined && request !== undefined) {
        http = HttpClientRequest.setUrlParams(http, requestRoute.query(request))
      }
      if (body !== undefined) http = HttpClientRequest.setBody(http, body)
      return { operation: name, request: http, path, answer: route.answer }
    }
    return requestRoute?.body === undefined || request === undefined
      ? Effect.sync(() => make(undefined))
      : Effect.map(requestRoute.body(name, request), make)
  }

  const deadline = Duration.toMillis(pipeline.deadline)

  // After an ambiguous rent or release: the number, looked up before the same deadline, shows whether it took effect.
  const reconcile = <I, A>(
    route: Route<I, A>,
    name: string,
    done: (answer: A) => boolean,
    notDone: string,
    input: ValidInput<I>,
    deadlineAt: number,
    unknown: NumbersError.OutcomeUnknown
  ): Effect.Effect<A, NumbersError.OutcomeUnknown> => {
    const lookUp = operations.getActiveNumber.route
    // The lookup reads its answer as the call would have: the active number.
    return callOf({ ...lookUp, answer: route.answer, request: undefined, billing: undefined }, "getActiveNumber", {
      params: input.params,
      request: undefined
    }).pipe(
      Effect.flatMap((call) => Pipeline.run(pipeline, call, policies.idempotent, deadlineAt)),
      Pipeline.withSpan(`NumbersClient.${name}.reconcile`, { captureStackTrace: false }),
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
        onSuccess: (answer) =>
          done(answer)
            ? Effect.as(
              Effect.logDebug(`${name}: ${unknown.failure} was ambiguous; the number shows it took effect`),
              answer
            )
            : Effect.fail(new NumbersError.OutcomeUnknown({ ...unknown, check: `${notDone} ${unknown.check}` }))
      })
    )
  }

  // The request, then the call within one deadline (a billable call's reconcile included).
  const timed = <I, A, E>(
    route: Route<I, A>,
    name: string,
    input: ValidInput<I>,
    send: (call: Pipeline.Call<A>, deadlineAt: number) => Effect.Effect<A, E>
  ): Effect.Effect<A, E | NumbersError.InvalidInput> =>
    Effect.clockWith((clock) =>
      Effect.flatMap(callOf(route, name, input), (call) => send(call, clock.unsafeCurrentTimeMillis() + deadline))
    )

  const idempotent = <I, A>(
    route: Route<I, A>,
    name: string,
    input: ValidInput<I>,
    schedule: Schedule.Schedule<unknown, NumbersError.CallError> | undefined
  ) => timed(route, name, input, (call, deadlineAt) => Pipeline.run(pipeline, call, schedule, deadlineAt))

  const billable = <I, A>(route: Route<I, A>, name: string, input: ValidInput<I>, billing: Billing<I, A>) =>
    timed(route, name, input, (call, deadlineAt) =>
      Effect.catchAll(
        Pipeline.run(pipeline, call, policies.unsent, deadlineAt),
        (error): Effect.Effect<A, NumbersError.CallError | NumbersError.OutcomeUnknown> => {
          const ambiguous = RetryPolicy.ambiguous(error)
          // What is left is definite: refused before acting, or never sent.
          if (ambiguous === undefined) return Effect.fail(error)
          const unknown = Pipeline.outcomeUnknown(ambiguous, billing.check(input))
          return billing.reconcile === undefined
            ? Effect.fail(unknown)
            : reconcile(route, name, billing.reconcile.done, billing.reconcile.notDone, input, deadlineAt, unknown)
        }
      ))

  const execute = <I, A>(
    route: Route<I, A>,
    name: string,
    args: ReadonlyArray<unknown>
  ): Effect.Effect<A, NumbersError.RequestError | NumbersError.OutcomeUnknown> => {
    const { params, request } = split(route, args)
    return Effect.flatMap(
      validate(route, name, params, request),
      (input) =>
        route.billing === undefined
          ? idempotent(route, name, input, policies.idempotent)
          : billable(route, name, input, route.billing)
    ).pipe(Pipeline.withSpan(`NumbersClient.${name}`, span(name)))
  }

  const list = listActiveNumbers.route
  const wholePage: Route<ListRequest, DecodedPage> = { ...list, answer: { _tag: "Decode", decode: decodeWholePage } }
  const listPage = (input: ValidInput<ListRequest>, mode: "stream" | "page") =>
    mode === "stream"
      ? idempotent(list, "listActiveNumbers", input, policies.pages)
      : idempotent(wholePage, "listActiveNumbersPage", input, policies.idempotent)

  return { execute, validate, listPage, pathOf }
}

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
