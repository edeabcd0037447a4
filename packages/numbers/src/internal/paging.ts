/** @internal */
import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { PageTokenRepeated } from "../NumbersError.js"

/**
 * One page as `listActiveNumbersPage` gives it.
 *
 * @internal
 */
export interface Page {
  readonly activeNumbers: ReadonlyArray<ActiveNumber>
  readonly nextPageToken: Option.Option<string>
}

/**
 * All pages as one stream of items: lazy (nothing is fetched until pulled), one page fetched ahead while the consumer
 * works, each page retried on its own by `fetchPage`. Tokens already followed are remembered (one short string per
 * page, never the items), so a server that repeats one fails with `PageTokenRepeated` instead of looping.
 *
 * @internal
 */
export const stream = <E>(
  fetchPage: (pageToken: string | undefined) => Effect.Effect<Page, E>,
  options: {
    readonly firstPageToken: string | undefined
    readonly operation: string
    readonly method: string
    readonly path: string
  }
): Stream.Stream<ActiveNumber, E | PageTokenRepeated> =>
  Stream.suspend(() => {
    const seen = new Set<string>()
    if (options.firstPageToken !== undefined) seen.add(options.firstPageToken)
    let pages = 0
    // The state is the token of the page to fetch, or the repetition found on the page before: that page's
    // numbers are new and are emitted, then the stream fails instead of fetching a page it has already read.
    type State = { readonly pageToken: string | undefined } | PageTokenRepeated
    return Stream.paginateChunkEffect<State, ActiveNumber, E | PageTokenRepeated, never>(
      { pageToken: options.firstPageToken },
      (state) => {
        if (state instanceof PageTokenRepeated) return Effect.fail(state)
        return Effect.map(fetchPage(state.pageToken), (page) => {
          pages++
          const items = Chunk.unsafeFromArray(page.activeNumbers as Array<ActiveNumber>)
          if (Option.isNone(page.nextPageToken)) return [items, Option.none()] as const
          const next = page.nextPageToken.value
          if (seen.has(next)) {
            return [
              items,
              Option.some(
                new PageTokenRepeated({
                  operation: options.operation,
                  method: options.method,
                  path: options.path,
                  pageToken: next,
                  pages
                })
              )
            ] as const
          }
          seen.add(next)
          return [items, Option.some({ pageToken: next })] as const
        })
      }
    )
  }).pipe(Stream.bufferChunks({ capacity: 1 }))
