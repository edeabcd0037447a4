import { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import { NumbersClient, NumbersError } from "@effect-sinch/numbers"
import { NodeContext } from "@effect/platform-node"
import * as FileSystem from "@effect/platform/FileSystem"
import { Chunk, Console, Effect, Either, Option, Schema, Stream } from "effect"

export const usSmsNumbers = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  return numbers.listActiveNumbers({
    regionCode: "US",
    type: "LOCAL",
    capabilities: ["SMS"],
    numberPattern: { pattern: "+1415", searchPattern: "START" },
    orderBy: "phoneNumber",
    pageSize: 1000
  })
})

export const summary = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  const all = numbers.listActiveNumbers({ pageSize: 1000 })

  const total = yield* Stream.runCount(all)
  const byRegion = yield* Stream.runFold(
    all,
    new Map<string, number>(),
    (counts, n) => counts.set(n.regionCode ?? "?", (counts.get(n.regionCode ?? "?") ?? 0) + 1)
  )
  const firstTen = yield* Stream.runCollect(Stream.take(all, 10))
  const unnamed = yield* Stream.runHead(Stream.filter(all, (n) => (n.displayName ?? "") === ""))

  const firstUnnamed = Option.map(unnamed, (n) => n.phoneNumber)
  yield* Console.log({ total, byRegion, firstTen: Chunk.size(firstTen), firstUnnamed })
})

export const renameAll = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  return yield* numbers.listActiveNumbers({ regionCode: "US" }).pipe(
    Stream.filterMap((n) => (n.displayName ?? "") === "" ? Option.fromNullable(n.phoneNumber) : Option.none()),
    Stream.mapEffect((phone) => numbers.updateActiveNumber(phone, { displayName: `US ${phone}` }), {
      concurrency: 8
    }),
    Stream.runCount
  )
})

const encodeActiveNumber = Schema.encode(ActiveNumber)

export const exportToFile = (path: string) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    const fs = yield* FileSystem.FileSystem
    yield* numbers.listActiveNumbers({ pageSize: 1000 }).pipe(
      Stream.mapEffect(encodeActiveNumber),
      Stream.map((json) => `${JSON.stringify(json)}\n`),
      Stream.encodeText,
      Stream.run(fs.sink(path))
    )
  }).pipe(Effect.provide(NodeContext.layer))

export const exportInParts = (write: (number: ActiveNumber) => Effect.Effect<void>) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    return yield* Stream.runForEach(
      numbers.listActiveNumbersPartitioned({ pageSize: 1000 }, { concurrency: 8, maxPartitionSize: 20_000 }),
      write
    )
  })

export const exportResumably = (write: (number: ActiveNumber) => Effect.Effect<void>) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    let resumeFrom: NumbersError.ListCursor | undefined = undefined
    for (let attempt = 1;; attempt++) {
      const result = yield* Effect.either(
        Stream.runForEach(numbers.listActiveNumbers({ pageSize: 1000 }, { resumeFrom }), write)
      )
      if (Either.isRight(result)) return
      const cursor = NumbersError.resumeCursor(result.left)
      if (cursor === undefined || attempt === 5) return yield* Effect.fail(result.left)
      yield* Effect.logWarning(`the export stopped (${result.left._tag}); resuming`)
      resumeFrom = cursor
    }
  })

export const skipBadItems = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  const skipped: Array<NumbersError.InvalidItem> = []
  const count = yield* Stream.runCount(
    numbers.listActiveNumbers({ pageSize: 1000 }, {
      invalidItems: (item) => Effect.sync(() => skipped.push(item))
    })
  )
  return { count, skipped: skipped.map((item) => `${item.position}: ${item.reason}`) }
})

export const onePage = (pageToken: string | undefined) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    const page = yield* numbers.listActiveNumbersPage({ pageSize: 100, ...(pageToken ? { pageToken } : {}) })
    return { numbers: page.activeNumbers.map((n) => n.phoneNumber), next: Option.getOrUndefined(page.nextPageToken) }
  })
