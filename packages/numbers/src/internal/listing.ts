/** @internal */
import type { ActiveNumber, ListActiveNumbersRequest } from "@effect-sinch/core/ActiveNumber"
import * as Redaction from "@effect-sinch/core/Redaction"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as NumbersError from "../NumbersError.js"
import type { InvalidItem } from "./activeNumbersPage.js"
import { excerpt } from "./encoding.js"
import type { Executor } from "./execute.js"
import { listActiveNumbers, type ValidInput } from "./operations.js"
import * as Paging from "./paging.js"
import * as Partition from "./partition.js"
import * as Pipeline from "./pipeline.js"

/**
 * One page, as `listActiveNumbersPage` gives it.
 *
 * @internal
 */
export interface Page {
  readonly activeNumbers: ReadonlyArray<ActiveNumber>
  readonly nextPageToken: Option.Option<string>
  readonly totalSize: Option.Option<number>
}

/**
 * What to do with an item that does not decode (see `NumbersClient.ListOptions`).
 *
 * @internal
 */
export type InvalidItems = Paging.InvalidItems

/**
 * The three ways of listing active numbers, over the one ListActiveNumbers operation of the table.
 *
 * @internal
 */
export interface Listing {
  readonly stream: (
    filters: unknown,
    options: {
      readonly resumeFrom?: NumbersError.ListCursor | undefined
      readonly invalidItems?: InvalidItems | undefined
    }
  ) => Stream.Stream<ActiveNumber, NumbersError.ListError>
  readonly partitioned: (
    filters: unknown,
    options: {
      readonly concurrency?: number | undefined
      readonly maxPartitionSize?: number | undefined
      readonly invalidItems?: InvalidItems | undefined
    }
  ) => Stream.Stream<ActiveNumber, NumbersError.ListError>
  readonly page: (request: unknown) => Effect.Effect<Page, NumbersError.RequestError>
}

const list = listActiveNumbers.route
const traced = { captureStackTrace: false } as const

type Filters = Schema.Schema.Encoded<typeof ListActiveNumbersRequest>

const withRequest = (input: ValidInput<Filters>, request: Filters): ValidInput<Filters> => ({
  params: input.params,
  request: { ...input.request, ...request }
})

const withToken = (input: ValidInput<Filters>, pageToken: string | undefined): ValidInput<Filters> =>
  pageToken === undefined ? input : withRequest(input, { pageToken })

// An item that does not decode, as text for its error's excerpt (it came from JSON.parse, so it serializes).
const jsonText = (item: unknown): string => {
  try {
    return JSON.stringify(item) ?? String(item)
  } catch {
    return String(item)
  }
}

const whole = (field: string, value: number | undefined, fallback: number, max: number) =>
  value === undefined
    ? Effect.succeed(fallback)
    : Number.isInteger(value) && value >= 1 && value <= max
    ? Effect.succeed(value)
    : Effect.fail(
      new NumbersError.InvalidInput({
        operation: "listActiveNumbersPartitioned",
        field,
        reason: `Expected a whole number from 1 to ${max}, got ${String(value)}`
      })
    )

/**
 * @internal
 */
export const make = (
  { listPage, pathOf, validate }: Pick<Executor, "listPage" | "pathOf" | "validate">,
  scrub: (text: string) => string
): Listing => {
  const path = pathOf(list.path, {})
  const describe = (item: InvalidItem) => ({
    reason: scrub(Pipeline.parseIssue(item.error)),
    excerpt: excerpt(scrub(jsonText(item.item)), 256),
    cause: Redaction.parseError(item.error, scrub)
  })
  const fetch = (input: ValidInput<Filters>) => (pageToken: string | undefined) =>
    listPage(withToken(input, pageToken), "stream").pipe(
      Pipeline.withSpan("NumbersClient.listActiveNumbersPage", traced)
    )

  const stream: Listing["stream"] = (filters, options) =>
    Stream.unwrap(Effect.map(validate(list, "listActiveNumbers", {}, filters), (input) =>
      Paging.stream(fetch(input), {
        start: options.resumeFrom ?? { skip: 0 },
        invalidItems: options.invalidItems ?? "fail",
        operation: "listActiveNumbers",
        method: list.method,
        path,
        describe
      }))).pipe(Stream.withSpan("NumbersClient.listActiveNumbers", traced))

  const partitioned: Listing["partitioned"] = (filters, options) =>
    Stream.unwrap(Effect.gen(function*() {
      const concurrency = yield* whole("concurrency", options.concurrency, 8, 64)
      const maxPartitionSize = yield* whole("maxPartitionSize", options.maxPartitionSize, 20_000, 2 ** 31 - 1)
      const input = yield* validate(list, "listActiveNumbersPartitioned", {}, filters)
      const invalidItems = options.invalidItems ?? "fail"
      const pattern = input.request?.numberPattern
      // Parts are START prefixes: a CONTAINS or END pattern cannot be split that way.
      if (pattern?.pattern !== undefined && pattern.searchPattern !== "START") return stream(filters, { invalidItems })
      const part = (prefix: string | undefined): ValidInput<Filters> =>
        prefix === undefined
          ? input
          : withRequest(input, { numberPattern: { pattern: prefix, searchPattern: "START" } })
      // A part's size is the totalSize of a one-item page: cheap to ask for, and nothing read is thrown away.
      const count = (prefix: string | undefined) => {
        return Effect.map(
          fetch(withRequest(part(prefix), { pageSize: 1 }))(undefined),
          (page) => page.totalSize
        )
      }
      const prefixes = yield* Partition.partitions(count, { maxPartitionSize, concurrency, base: pattern?.pattern })
      yield* Effect.annotateCurrentSpan("sinch.partitions", prefixes.length)
      return Stream.mergeAll(
        prefixes.map((prefix) =>
          Paging.stream(fetch(part(prefix)), {
            start: { skip: 0 },
            invalidItems,
            operation: "listActiveNumbersPartitioned",
            method: list.method,
            path,
            describe,
            resumable: false
          })
        ),
        { concurrency }
      )
    })).pipe(Stream.withSpan("NumbersClient.listActiveNumbersPartitioned", traced))

  const page: Listing["page"] = (request) =>
    validate(list, "listActiveNumbersPage", {}, request).pipe(
      Effect.flatMap((input) => listPage(input, "page")),
      Effect.map((decoded): Page => ({
        activeNumbers: decoded.activeNumbers,
        nextPageToken: decoded.nextPageToken === undefined || decoded.nextPageToken === ""
          ? Option.none()
          : Option.some(decoded.nextPageToken),
        totalSize: Option.fromNullable(decoded.totalSize)
      })),
      Pipeline.withSpan("NumbersClient.listActiveNumbersPage", traced)
    )

  return { stream, partitioned, page }
}
