// Internal: every declaration is marked one by one, but for the entries of the table (see operationTable.ts). A
// file-level marker would strip them from the declaration files, and the table's type needs them.
//
// What a client needs to start and to answer its first call: the machinery of the table, and the operations on
// active numbers (the listings and the three methods below). The rest of the table is operationTable.ts, which
// NumbersClient loads on the first call of one of its methods: its schemas (number orders, registrations,
// emergency addresses, numbers for sale) are built then, not when a program starts.
import { ActiveNumber, ListActiveNumbersRequest, UpdateActiveNumberRequest } from "@effect-sinch/core/ActiveNumber"
import type * as HttpBody from "@effect/platform/HttpBody"
import type * as UrlParams from "@effect/platform/UrlParams"
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Record from "effect/Record"
import * as Schema from "effect/Schema"
import type { InvalidInput } from "../NumbersError.js"
import type { Definition, HttpMethod, Param } from "../NumbersOperation.js"
import { decodeActiveNumber, decodeActiveNumbersPage, type DecodedPage } from "./activeNumbersPage.js"
import { jsonBody, query } from "./encoding.js"
import * as Input from "./input.js"
import { lazy } from "./lazy.js"
import type { operations } from "./operationTable.js"

/**
 * An operation's input once validated: the path parameters by name, and the request (query or body) in the
 * `Encoded` form of its schema (`undefined` when the operation takes none).
 *
 * @internal
 */
export interface ValidInput<I> {
  readonly params: Readonly<Record<string, string>>
  readonly request: I | undefined
}

/**
 * How a 2xx answer is read: decoded (`empty`, when present, is what an empty body reads as instead of an error),
 * or ignored for a fixed value.
 *
 * @internal
 */
export type Answer<A> =
  | {
    readonly _tag: "Decode"
    readonly decode: (json: unknown) => Effect.Effect<A, ParseResult.ParseError>
    readonly empty?: { readonly value: A } | undefined
  }
  | { readonly _tag: "Ignore"; readonly value: A }

/**
 * What a billable call does after an ambiguous failure: `check` says what to look at before trying again; with
 * `reconcile` the active number is looked up first (within the same deadline), and `done` says whether the
 * answer shows that the call took effect.
 *
 * @internal
 */
export interface Billing<I, A> {
  // Method syntax here and below: an entry stays usable where any entry is expected (`AnyDefinition`).
  check(input: ValidInput<I>): string
  readonly reconcile?: {
    done(answer: A): boolean
    readonly notDone: string
  } | undefined
}

/**
 * How an operation's request goes: validated strictly from its schema, then sent as query parameters or a body.
 *
 * @internal
 */
export interface RequestRoute<I> {
  readonly validate: Input.Validator<I>
  /** Whether the request may be left out (it is then `{}`). */
  readonly optional: boolean
  query?(request: I): UrlParams.UrlParams
  /** How the request goes as a body (absent: it goes as query parameters). */
  body?(operation: string, request: I): Effect.Effect<HttpBody.HttpBody, InvalidInput>
}

/**
 * What `execute` needs of an operation. Its members only give out `I` and `A` (or take them in method syntax), so
 * any entry's route is a `Route<unknown, unknown>`.
 *
 * @internal
 */
export interface Route<I, A> {
  readonly method: HttpMethod
  readonly path: string
  /** Validators of the path parameters other than `projectId`, by name (the template's order). */
  readonly params: ReadonlyArray<readonly [name: string, validate: Input.StringValidator]>
  readonly request: RequestRoute<I> | undefined
  readonly answer: Answer<A>
  /** Present exactly when the operation is billable. */
  readonly billing: Billing<I, A> | undefined
}

/**
 * The request's schemas for `NumbersOperation`'s input: as plain values, checked as the client checks them, and
 * its JSON form where that differs.
 *
 * @internal
 */
export interface RequestSchemas<I, J> {
  readonly plain: Schema.Schema<I>
  readonly json: Schema.Schema<I, J> | undefined
}

/**
 * Reads and changes that can be repeated: retried by the retry policy.
 *
 * @internal
 */
export const idempotent: { readonly _tag: "idempotent" } = { _tag: "idempotent" }

/**
 * An operation from its data, typed from its schemas: the input from the path parameters (a `const` tuple of names
 * and schemas) and the request schema, the answer from the success schema, the errors from `retry`.
 *
 * @internal
 */
export const define = <
  const P extends ReadonlyArray<Param>,
  A,
  AI,
  R extends "idempotent" | "billable",
  IA = never,
  I = never,
  J = I,
  O extends boolean = false
>(operation: {
  readonly operationId: string
  readonly method: HttpMethod
  /** The path template of the OpenAPI document, `{projectId}` included. */
  readonly path: string
  readonly params: P
  readonly request?: Schema.Schema<IA, I> | undefined
  /** The request may be left out; it is then `{}`. */
  readonly optional?: O | undefined
  /** The request's fields as plain values for tools, where they differ from the request schema's. */
  readonly json?: Schema.Schema<NoInfer<I>, J> | undefined
  readonly query?: ((request: NoInfer<I>) => UrlParams.UrlParams) | undefined
  readonly body?:
    | ((operation: string, request: NoInfer<I>) => Effect.Effect<HttpBody.HttpBody, InvalidInput>)
    | undefined
  readonly success: Schema.Schema<A, AI>
  /** How the answer is read, when not by decoding `success`. */
  readonly answer?: Answer<NoInfer<A>> | undefined
  readonly retry: { readonly _tag: R } & Partial<Billing<NoInfer<I>, NoInfer<A>>>
  readonly summary: string
}): Definition<P, I, J, O, A, AI, R> => {
  const { check, reconcile } = operation.retry
  return {
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    params: operation.params,
    retry: operation.retry._tag,
    summary: operation.summary,
    success: operation.success,
    route: {
      method: operation.method,
      path: operation.path,
      params: operation.params.map(([name, schema]): readonly [string, Input.StringValidator] => [
        name,
        Input.stringValidator(schema)
      ]),
      request: operation.request === undefined ? undefined : {
        validate: Input.validator(operation.request),
        optional: operation.optional === true,
        ...(operation.query === undefined ? {} : { query: operation.query }),
        ...(operation.body === undefined ? {} : { body: operation.body })
      },
      answer: operation.answer ?? decode(operation.success),
      billing: check === undefined ? undefined : { check, reconcile }
    },
    request: operation.request === undefined ? undefined : requestSchemas(operation.request, operation.json)
  }
}

/**
 * The request's schemas for `NumbersOperation`, its bound schema built when first read: the client never reads it,
 * and building one per operation at import makes a dozen schema classes each.
 */
const requestSchemas = <A, I, J>(
  request: Schema.Schema<A, I>,
  json: Schema.Schema<I, J> | undefined
): RequestSchemas<I, J> => {
  let plain: Schema.Schema<I> | undefined
  return {
    get plain() {
      return plain ??= Schema.encodedBoundSchema(request)
    },
    json
  }
}

/**
 * A type-level function over the entries of a table: `type` is computed from `Key` and `Entry`.
 *
 * @internal
 */
export interface EntryLambda {
  readonly Key: string
  readonly Entry: unknown
  readonly type: unknown
}

/** @internal */
export type Apply<F extends EntryLambda, K, E> = (F & { readonly Key: K; readonly Entry: E })["type"]

/**
 * `Record.map` over a table whose entries differ in type, with the type of each result stated by `F`.
 *
 * TypeScript cannot check that an object built key by key at run time has a mapped type (Effect's `Record.map` gives
 * every value one type), so this signature states it, and only the implementation's below is checked. The tests hold
 * every method and operation to its stated type by calling it.
 *
 * @internal
 */
export function mapEntries<F extends EntryLambda, T extends object>(
  table: T,
  f: (entry: T[keyof T], key: keyof T & string) => unknown
): { readonly [K in keyof T]: Apply<F, K, T[K]> }
export function mapEntries(
  table: Readonly<Record<string, unknown>>,
  f: (entry: unknown, key: string) => unknown
): Record<string, unknown> {
  return Record.map(table, f)
}

/**
 * `mapEntries` from the names of a table's entries, without the table itself: the type of each result is stated by
 * `F` as there, from the table's type.
 *
 * @internal
 */
export function mapNames<F extends EntryLambda, T extends object>(
  names: ReadonlyArray<keyof T & string>,
  f: (name: keyof T & string) => unknown
): { readonly [K in keyof T]: Apply<F, K, T[K]> }
export function mapNames(names: ReadonlyArray<string>, f: (name: string) => unknown): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, f(name)]))
}

/**
 * A schema of user input: an unknown field is an error (a typo must not silently drop a filter).
 *
 * @internal
 */
export const strict = <A, I>(schema: Schema.Schema<A, I>): Schema.Schema<A, I> =>
  schema.annotations({ parseOptions: { onExcessProperty: "error" } })

const decode = <A, I>(schema: Schema.Schema<A, I>): Answer<A> => ({
  _tag: "Decode",
  decode: lazy(() => Schema.decodeUnknown(schema))
})

/**
 * The path parameter of the operations on one active number.
 *
 * @internal
 */
export const activeNumber = [["phoneNumber", Input.ResourceId]] as const

/**
 * The number pattern of a search or a listing as query parameters.
 *
 * @internal
 */
export const numberPattern = (
  numberPattern: { readonly pattern?: string | undefined; readonly searchPattern?: string | undefined } | undefined
) => ({
  "numberPattern.pattern": numberPattern?.pattern,
  "numberPattern.searchPattern": numberPattern?.searchPattern
})

/**
 * How an answer that is one active number is read: by the fast decoder of the listings.
 *
 * @internal
 */
export const activeNumberAnswer: Answer<ActiveNumber> = { _tag: "Decode", decode: decodeActiveNumber }

/**
 * The operations on one active number, entries of the table (operationTable.ts, where their JSDoc is): a client
 * starts with these, and loads the rest of the table on the first call of another method.
 *
 * Not marked internal: the table's type refers to them.
 */
export const activeNumberOperations = {
  getActiveNumber: define({
    operationId: "NumberService_GetActiveNumber",
    method: "GET",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}",
    params: activeNumber,
    success: ActiveNumber,
    answer: activeNumberAnswer,
    retry: idempotent,
    summary: "Gets one of the project's active numbers."
  }),

  updateActiveNumber: define({
    operationId: "NumberService_UpdateActiveNumber",
    method: "PATCH",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}",
    params: activeNumber,
    request: UpdateActiveNumberRequest,
    body: jsonBody,
    success: ActiveNumber,
    answer: activeNumberAnswer,
    retry: idempotent,
    summary: "Updates an active number (PATCH): display name, SMS and voice configuration, callback URL."
  }),

  releaseNumber: define({
    operationId: "NumberService_ReleaseNumber",
    method: "POST",
    path: "/v1/projects/{projectId}/activeNumbers/{phoneNumber}:release",
    params: activeNumber,
    success: ActiveNumber,
    answer: activeNumberAnswer,
    retry: {
      _tag: "billable",
      check: ({ params }) =>
        `Call getActiveNumber(${JSON.stringify(params.phoneNumber)}): an expireAt means the release went through.`,
      reconcile: {
        done: (number) => number.expireAt !== undefined,
        notDone: "Looking the number up showed no expireAt."
      }
    },
    summary: "Releases an active number (billable): it stays until its `expireAt`."
  })
}

/**
 * The names of the table's methods, in its order: NumbersClient builds its methods from them without loading the
 * table (a test holds them to the table's keys).
 *
 * @internal
 */
export const operationNames: ReadonlyArray<keyof typeof operations & string> = [
  "searchAvailableNumbers",
  "getAvailableNumber",
  "rentNumber",
  "rentAnyNumber",
  "getActiveNumber",
  "updateActiveNumber",
  "releaseNumber",
  "getEmergencyAddress",
  "provisionEmergencyAddress",
  "deprovisionEmergencyAddress",
  "validateEmergencyAddress",
  "listAvailableRegions",
  "getCallbackConfiguration",
  "updateCallbackConfiguration",
  "lookupNumberRequirements",
  "createNumberOrder",
  "getNumberOrder",
  "getNumberOrderRegistration",
  "updateNumberOrderRegistration",
  "uploadNumberOrderAttachment",
  "submitNumberOrder"
]

/**
 * The filters of a page of active numbers as query parameters: `capabilities` goes as the repeated key `capability`.
 *
 * @internal
 */
export const listActiveNumbersQuery = (request: Schema.Schema.Encoded<typeof ListActiveNumbersRequest>) =>
  query({
    regionCode: request.regionCode,
    type: request.type,
    ...numberPattern(request.numberPattern),
    capability: request.capabilities,
    pageSize: request.pageSize,
    pageToken: request.pageToken === "" ? undefined : request.pageToken,
    orderBy: request.orderBy
  })

/**
 * ListActiveNumbers, which the three listings of `NumbersClient` read (they are written by hand: streams, and a
 * page read on its own).
 *
 * @internal
 */
export const listActiveNumbers = define({
  operationId: "NumberService_ListActiveNumbers",
  method: "GET",
  path: "/v1/projects/{projectId}/activeNumbers",
  params: [],
  request: ListActiveNumbersRequest,
  optional: true,
  query: listActiveNumbersQuery,
  // The page as the listings read it (items that did not decode kept aside): never encoded, so declared, not described.
  success: Schema.declare((u): u is DecodedPage => typeof u === "object" && u !== null),
  answer: { _tag: "Decode", decode: decodeActiveNumbersPage },
  retry: idempotent,
  summary: "Lists the project's active numbers, one page."
})
