/**
 * The operations of `NumbersClient` as data, for tools that are generated from them (an MCP server, a command line):
 * for each method that answers one value, its name, its place in the OpenAPI document, how it may be retried, a
 * summary a person or an agent can act on, its input and its answer as schemas (both have a JSON Schema) and a
 * function that runs it on a client.
 *
 * @example
 * ```ts
 * import { NumbersClient, NumbersOperation } from "@effect-sinch/numbers"
 * import * as Effect from "effect/Effect"
 * import * as JSONSchema from "effect/JSONSchema"
 * import * as Schema from "effect/Schema"
 *
 * const getActiveNumber = NumbersOperation.operations.getActiveNumber
 * const tool = {
 *   name: getActiveNumber.name,
 *   description: getActiveNumber.summary,
 *   inputSchema: JSONSchema.make(getActiveNumber.input)
 * }
 *
 * // what an agent sent, as JSON: validated, run, and the answer as JSON again
 * const run = (json: unknown) =>
 *   Effect.gen(function*() {
 *     const client = yield* NumbersClient.NumbersClient
 *     const input = yield* Schema.decodeUnknown(getActiveNumber.input)(json)
 *     const answer = yield* getActiveNumber.call(client, input)
 *     return yield* Schema.encode(getActiveNumber.success)(answer)
 *   })
 * ```
 *
 * @since 0.1.0
 */
import { ListActiveNumbersRequest } from "@effect-sinch/core/ActiveNumber"
import { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Types from "effect/Types"
import * as internal from "./internal/operations.js"
import type * as NumbersClient from "./NumbersClient.js"
import type * as NumbersError from "./NumbersError.js"

/**
 * @since 0.1.0
 * @category models
 */
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE"

/**
 * How a call may be retried: `idempotent` calls (reads, and changes that can be repeated) by the retry schedule;
 * `billable` ones (they buy, release or order) only when the request provably never left.
 *
 * @since 0.1.0
 * @category models
 */
export type Retry = "idempotent" | "billable"

/**
 * A path parameter: its name in the path template and the schema of its value.
 *
 * @since 0.1.0
 * @category models
 */
export type Param = readonly [name: string, schema: Schema.Schema<string>]

/**
 * Where an operation is in the OpenAPI document, and what it does.
 *
 * @since 0.1.0
 * @category models
 */
export interface Endpoint {
  /** The operationId in the OpenAPI document. */
  readonly operationId: string
  readonly method: HttpMethod
  /** The path template of the OpenAPI document, `{projectId}` included. */
  readonly path: string
  /** What the operation does, in one or two sentences (the method's JSDoc starts with it). */
  readonly summary: string
}

/**
 * An entry of `NumbersClient`'s operation table, from which its method is derived: `P` the path parameters (without
 * `projectId`), `I` the request as plain values (`never` when there is none), `J` the request as JSON, `_O` whether
 * the request may be left out (only read by `Args`), `A` the answer, `AI` the answer as JSON, `R` how it may be
 * retried.
 *
 * @since 0.1.0
 * @category models
 */
export interface Definition<P extends ReadonlyArray<Param>, I, J, _O extends boolean, A, AI, R extends Retry>
  extends Endpoint
{
  readonly params: P
  readonly retry: R
  readonly success: Schema.Schema<A, AI>
  /** @internal */
  readonly route: internal.Route<I, A>
  /** @internal */
  readonly request: internal.RequestSchemas<I, J> | undefined
}

/**
 * Any entry of the table.
 *
 * @since 0.1.0
 * @category models
 */
export type AnyDefinition = Definition<ReadonlyArray<Param>, unknown, unknown, boolean, unknown, unknown, Retry>

type Names<P extends ReadonlyArray<Param>> = P[number][0]

type PathArgs<P extends ReadonlyArray<Param>> = P extends readonly [] ? []
  : P extends readonly [readonly ["phoneNumber", unknown]] ? [phoneNumber: string]
  : P extends readonly [readonly ["numberOrderId", unknown]] ? [numberOrderId: string]
  : { [K in keyof P]: string }

type RequestArgs<I, O extends boolean> = [I] extends [never] ? [] : O extends true ? [request?: I | undefined]
: [request: I]

/**
 * The request of an entry, as plain values (the `Encoded` form of its schema).
 *
 * @since 0.1.0
 * @category type-level
 */
export type Request<D> = D extends Definition<infer _P, infer I, infer _J, infer _O, infer _A, infer _AI, infer _R> ? I
  : never

/**
 * The input of an entry as one object: the path parameters by name, then the request's fields.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Input<D> = D extends Definition<infer P, infer I, infer _J, infer _O, infer _A, infer _AI, infer _R>
  ? Types.Simplify<{ readonly [K in Names<P>]: string } & ([I] extends [never] ? unknown : I)>
  : never

/**
 * The input of an entry as JSON: as `Input`, with the request's JSON form.
 *
 * @since 0.1.0
 * @category type-level
 */
export type InputJson<D> = D extends Definition<infer P, infer _I, infer J, infer _O, infer _A, infer _AI, infer _R>
  ? Types.Simplify<{ readonly [K in Names<P>]: string } & ([J] extends [never] ? unknown : J)>
  : never

/**
 * The arguments of an entry's method: the path parameter (when there is one) then the request (when there is one,
 * optional when it may be left out); with several path parameters, one object as `Input`.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Args<D> = D extends Definition<infer P, infer I, infer _J, infer O, infer _A, infer _AI, infer _R>
  ? P extends readonly [Param, Param, ...ReadonlyArray<Param>] ? [input: Input<D>]
  : [...PathArgs<P>, ...RequestArgs<I, O>]
  : never

/**
 * What an entry's method answers.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Success<D> = D extends Definition<infer _P, infer _I, infer _J, infer _O, infer A, infer _AI, infer _R> ? A
  : never

/**
 * The errors of an entry's method: `BillableError` for billable calls, `RequestError` for the others, and
 * `CallError` (no `InvalidInput`) for a call that takes no input.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Failure<D> = D extends Definition<infer P, infer I, infer _J, infer _O, infer _A, infer _AI, infer R>
  ? R extends "billable" ? NumbersError.BillableError
  : P extends readonly [] ? [I] extends [never] ? NumbersError.CallError : NumbersError.RequestError
  : NumbersError.RequestError
  : never

/**
 * The `NumbersClient` method of an entry.
 *
 * @since 0.1.0
 * @category type-level
 */
export type Method<D> = (...args: Args<D>) => Effect.Effect<Success<D>, Failure<D>>

/**
 * An operation of `NumbersClient` as a tool sees it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Operation<Name extends string, Input, A, E, InputJson = Input, AJson = A> extends Endpoint {
  /** The `NumbersClient` method: `"getActiveNumber"`. */
  readonly name: Name
  readonly retry: Retry
  /**
   * The input as one object: the path parameters by name, then the request's fields. Strict as the client is: an
   * unknown field fails to decode. Its JSON Schema (`JSONSchema.make`) describes the JSON form.
   */
  readonly input: Schema.Schema<Input, InputJson>
  /** What the method answers; encode it for its JSON form. */
  readonly success: Schema.Schema<A, AJson>
  /** Runs the operation on a client with a decoded input. */
  readonly call: (client: NumbersClient.Service, input: Input) => Effect.Effect<A, E>
}

/**
 * The operation of a table entry.
 *
 * @since 0.1.0
 * @category type-level
 */
export type OperationOf<Name extends string, D> = D extends
  Definition<infer _P, infer _I, infer _J, infer _O, infer A, infer AI, infer _R>
  ? Operation<Name, Input<D>, A, Failure<D>, InputJson<D>, AI>
  : never

interface OperationLambda extends internal.EntryLambda {
  readonly type: OperationOf<this["Key"], this["Entry"]>
}

const noInput = { type: "object", properties: {}, required: [], additionalProperties: false }

// The method's arguments from the one input object: as it is with several path parameters, else the path parameter
// then the request's fields.
const argumentsOf = (
  params: ReadonlyArray<Param>,
  hasRequest: boolean,
  input: Readonly<Record<string, unknown>>
): ReadonlyArray<unknown> => {
  if (params.length > 1) return [input]
  const names = params.map(([name]) => name)
  const request = Object.fromEntries(Object.entries(input).filter(([key]) => !names.includes(key)))
  return [...names.map((name) => input[name]), ...(hasRequest ? [request] : [])]
}

/**
 * A page of active numbers as `listActiveNumbersPage` answers it, with `null` in JSON for an absent token or total.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ActiveNumbersPage: Schema.Struct<{
  activeNumbers: Schema.Array$<typeof ActiveNumber>
  nextPageToken: Schema.OptionFromNullOr<typeof Schema.String>
  totalSize: Schema.OptionFromNullOr<typeof Schema.Number>
}> = Schema.Struct({
  activeNumbers: Schema.Array(ActiveNumber),
  nextPageToken: Schema.OptionFromNullOr(Schema.String),
  totalSize: Schema.OptionFromNullOr(Schema.Number)
})

const listActiveNumbersPage: Operation<
  "listActiveNumbersPage",
  NumbersClient.ListActiveNumbersPageInput,
  NumbersClient.ActiveNumbersPage,
  NumbersError.RequestError,
  NumbersClient.ListActiveNumbersPageInput,
  typeof ActiveNumbersPage.Encoded
> = {
  name: "listActiveNumbersPage",
  operationId: internal.listActiveNumbers.operationId,
  method: internal.listActiveNumbers.method,
  path: internal.listActiveNumbers.path,
  retry: internal.listActiveNumbers.retry,
  summary: "Lists the project's active numbers one page at a time: pass the answer's `nextPageToken` back as " +
    "`pageToken` for the next page; the last page has none.",
  input: internal.strict(Schema.encodedBoundSchema(ListActiveNumbersRequest)),
  success: ActiveNumbersPage,
  call: (client, input) => client.listActiveNumbersPage(input)
}

/**
 * Every operation of `NumbersClient` that answers one value (all but the two streams), by method name. Where the
 * method answers `void` (`deprovisionEmergencyAddress`) the answer is `null` in JSON; where it answers an `Option`
 * (`uploadNumberOrderAttachment`) it is the value or `null`. The file of `uploadNumberOrderAttachment` is base64
 * text in JSON.
 *
 * @since 0.1.0
 * @category operations
 */
export const operations:
  & {
    readonly [K in keyof typeof internal.operations]: OperationOf<K, typeof internal.operations[K]>
  }
  & { readonly listActiveNumbersPage: typeof listActiveNumbersPage } = {
    ...internal.mapEntries<OperationLambda, typeof internal.operations>(internal.operations, (definition, name) => {
      const request = definition.request
      const params = Schema.Struct(Object.fromEntries(definition.params))
      // By AST: the entries' schemas differ in type. No input at all is still an object, in JSON Schema too.
      const input = request !== undefined
        ? Schema.extend(params, Schema.make((request.json ?? request.plain).ast))
        : definition.params.length === 0
        ? params.annotations({ jsonSchema: noInput })
        : params
      return {
        name,
        operationId: definition.operationId,
        method: definition.method,
        path: definition.path,
        retry: definition.retry,
        summary: definition.summary,
        input: internal.strict(Schema.make(input.ast)),
        success: definition.success,
        call: (client: NumbersClient.Service, input: Readonly<Record<string, unknown>>) =>
          Reflect.apply(client[name], client, argumentsOf(definition.params, request !== undefined, input))
      }
    }),
    listActiveNumbersPage
  }
