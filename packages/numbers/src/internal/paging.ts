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
    return Stream.paginateChunkEffect(
      options.firstPageToken,
      (pageToken) =>
        Effect.flatMap(
          fetchPage(pageToken),
          (
            page
          ): Effect.Effect<
            readonly [Chunk.Chunk<ActiveNumber>, Option.Option<string | undefined>],
            PageTokenRepeated
          > => {
            pages++
            const items = Chunk.unsafeFromArray(page.activeNumbers as Array<ActiveNumber>)
            if (Option.isNone(page.nextPageToken)) return Effect.succeed([items, Option.none()] as const)
            const next = page.nextPageToken.value
            if (seen.has(next)) {
              return Effect.fail(
                new PageTokenRepeated({
                  operation: options.operation,
                  method: options.method,
                  path: options.path,
                  pageToken: next,
                  pages
                })
              )
            }
            seen.add(next)
            return Effect.succeed([items, Option.some(next)] as const)
          }
        )
    )
  }).pipe(Stream.bufferChunks({ capacity: 1 }))
