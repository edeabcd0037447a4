/** @internal */
import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as NumbersError from "../NumbersError.js"
import type { DecodedPage, InvalidItem } from "./activeNumbersPage.js"

/**
 * What to do with an item of a page that does not decode: fail the stream after the items before it (`"fail"`),
 * skip it and log a warning (`"skip"`), or skip it and hand it to a function.
 *
 * @internal
 */
export type InvalidItems = "fail" | "skip" | ((item: NumbersError.InvalidItem) => Effect.Effect<void>)

/**
 * @internal
 */
export interface Options {
  /** Where to start: the first page, or a cursor from an error. */
  readonly start: NumbersError.ListCursor
  readonly invalidItems: InvalidItems
  readonly operation: string
  readonly method: string
  readonly path: string
  /** Turns a bad item into the error that reports it (excerpt and reason scrubbed of credentials, its cause). */
  readonly describe: (
    item: InvalidItem
  ) => { readonly reason: string; readonly excerpt: string; readonly cause: unknown }
  /** Whether errors say where to resume (`resumeFrom`): not for a part of a partitioned listing. */
  readonly resumable?: boolean | undefined
}

/**
 * A copy of a call error that says where its listing can resume. Other errors are returned as they are.
 *
 * @internal
 */
export const withResumeFrom = <E>(error: E, cursor: NumbersError.ListCursor): E => {
  if (!NumbersError.isCallError(error)) return error
  const fields: Record<string, unknown> = {}
  for (const key of Object.keys(error)) {
    if (key !== "_tag") fields[key] = (error as unknown as Record<string, unknown>)[key]
  }
  fields.resumeFrom = cursor
  const Class = error.constructor as new(fields: Record<string, unknown>) => E
  return new Class(fields)
}

type State =
  | { readonly _tag: "Fetch"; readonly pageToken: string | undefined; readonly skip: number }
  | { readonly _tag: "Fail"; readonly error: NumbersError.InvalidItem | NumbersError.PageTokenRepeated }

/**
 * All pages as one stream of items: lazy (nothing is fetched until pulled), one page fetched ahead while the consumer
 * works, each page retried on its own by `fetchPage`. Every error says where to resume (`resumeFrom`): the page it
 * was reading and how many of its items were given out. An item that does not decode costs no other item: by
 * default the items before it are given out, then the stream fails with `InvalidItem`, whose `resumeFrom` is the item
 * after it. Tokens already followed are remembered (one short string per page, never the items), so a server that
 * repeats one fails with `PageTokenRepeated` instead of looping.
 *
 * @internal
 */
export const stream = <E>(
  fetchPage: (pageToken: string | undefined) => Effect.Effect<DecodedPage, E>,
  options: Options
): Stream.Stream<ActiveNumber, E | NumbersError.InvalidItem | NumbersError.PageTokenRepeated> =>
  Stream.suspend(() => {
    const seen = new Set<string>()
    if (options.start.pageToken !== undefined) seen.add(options.start.pageToken)
    let pages = 0
    // items given out or skipped since the stream started (its position counts invalid items too)
    let position = 0

    const invalidItem = (item: InvalidItem, pageToken: string | undefined, at: number) => {
      const { cause, excerpt, reason } = options.describe(item)
      return new NumbersError.InvalidItem({
        operation: options.operation,
        method: options.method,
        path: options.path,
        position: at,
        ...(pageToken === undefined ? {} : { pageToken }),
        index: item.index,
        reason,
        excerpt,
        resumeFrom: { ...(pageToken === undefined ? {} : { pageToken }), skip: item.index + 1 },
        cause
      })
    }

    // The items of a page from `skip` on, and the first invalid one when the stream is to fail on it.
    const itemsOf = (
      page: DecodedPage,
      pageToken: string | undefined,
      skip: number
    ): Effect.Effect<{ readonly items: Chunk.Chunk<ActiveNumber>; readonly failure?: NumbersError.InvalidItem }> => {
      const invalid = page.invalid.filter((item) => item.index >= skip)
      if (invalid.length === 0) {
        const valid = page.activeNumbers as Array<ActiveNumber>
        // every item before `skip` decoded too, so the valid ones line up with the page
        const items = skip === 0 ? valid : valid.slice(skip - page.invalid.length)
        position += items.length
        return Effect.succeed({ items: Chunk.unsafeFromArray(items) })
      }
      // Line the decoded items up with their indices in the page.
      const out: Array<ActiveNumber> = []
      const bad = new Set(page.invalid.map((item) => item.index))
      const total = page.activeNumbers.length + page.invalid.length
      let next = 0
      for (let index = 0; index < total; index++) {
        if (bad.has(index)) continue
        if (index >= skip) out.push(page.activeNumbers[next]!)
        next++
      }
      if (options.invalidItems === "fail") {
        // no invalid item lies between `skip` and the first one at or after it
        const first = invalid[0]!
        const before = out.slice(0, first.index - skip)
        const failure = invalidItem(first, pageToken, position + before.length)
        position += before.length
        return Effect.succeed({ items: Chunk.unsafeFromArray(before), failure })
      }
      const report = options.invalidItems
      const reports = invalid.map((item) => invalidItem(item, pageToken, position + item.index - skip))
      position += total - skip
      return Effect.as(
        Effect.forEach(reports, (error) =>
          report === "skip"
            ? Effect.logWarning(`listActiveNumbers skipped an item: ${error.message}`)
            : report(error), { discard: true }),
        { items: Chunk.unsafeFromArray(out) }
      )
    }

    return Stream.paginateChunkEffect<
      State,
      ActiveNumber,
      E | NumbersError.InvalidItem | NumbersError.PageTokenRepeated,
      never
    >(
      { _tag: "Fetch", pageToken: options.start.pageToken, skip: options.start.skip },
      (state) => {
        if (state._tag === "Fail") return Effect.fail(state.error)
        const cursor = { ...(state.pageToken === undefined ? {} : { pageToken: state.pageToken }), skip: state.skip }
        return fetchPage(state.pageToken).pipe(
          Effect.mapError((error) => options.resumable === false ? error : withResumeFrom(error, cursor)),
          Effect.flatMap((page) => {
            pages++
            return Effect.map(itemsOf(page, state.pageToken, state.skip), ({ failure, items }) => {
              if (failure !== undefined) return [items, Option.some<State>({ _tag: "Fail", error: failure })] as const
              const next = page.nextPageToken
              if (next === undefined || next === "") return [items, Option.none<State>()] as const
              if (seen.has(next)) {
                const repeated = new NumbersError.PageTokenRepeated({
                  operation: options.operation,
                  method: options.method,
                  path: options.path,
                  pageToken: next,
                  pages
                })
                return [items, Option.some<State>({ _tag: "Fail", error: repeated })] as const
              }
              seen.add(next)
              return [items, Option.some<State>({ _tag: "Fetch", pageToken: next, skip: 0 })] as const
            })
          })
        )
      }
    )
  }).pipe(Stream.bufferChunks({ capacity: 1 }))
