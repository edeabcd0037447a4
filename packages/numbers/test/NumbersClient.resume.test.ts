import { describe, it } from "@effect/vitest"
import { assertInclude, assertTrue, deepStrictEqual, strictEqual } from "@effect/vitest/utils"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import type * as NumbersError from "../src/NumbersError.js"
import type { Answer } from "./support/stubHttp.js"
import { json, keySecret, sinchError, stubClient } from "./support/stubHttp.js"

// Pages served by token: "" is the first page. An item of `bad` is not an active number (its phoneNumber is a JSON
// number), so it cannot decode.
const number = (n: number) => ({ phoneNumber: `+1202555${String(n).padStart(4, "0")}`, regionCode: "US" })
const bad = (n: number) => ({ phoneNumber: n, regionCode: "US", note: `leaked ${keySecret}` })

const pages: Record<string, { readonly items: ReadonlyArray<unknown>; readonly next: string }> = {
  "": { items: [number(0), number(1), number(2)], next: "t1" },
  t1: { items: [number(3), bad(4), number(5), bad(6)], next: "t2+/=" },
  "t2+/=": { items: [number(7), number(8)], next: "" }
}

const serve = (failOn: ReadonlySet<string> = new Set()): Answer => (request) => {
  const token = request.urlParams.find(([key]) => key === "pageToken")?.[1] ?? ""
  if (failOn.has(token)) return json(503, sinchError(503, "UNAVAILABLE"))
  const page = pages[token]!
  return json(200, { activeNumbers: page.items, nextPageToken: page.next, totalSize: 9 })
}

const phones = (chunk: Chunk.Chunk<{ readonly phoneNumber?: string | undefined }>) =>
  Chunk.toReadonlyArray(chunk).map((n) => n.phoneNumber)

describe("listActiveNumbers: an item that does not decode", () => {
  it.effect("by default the items before it are given out, then InvalidItem says where to resume", () =>
    Effect.gen(function*() {
      const { client } = yield* stubClient([serve()])
      const got: Array<string | undefined> = []
      const error = yield* Effect.flip(
        Stream.runForEach(client.listActiveNumbers(), (n) => Effect.sync(() => got.push(n.phoneNumber)))
      )
      deepStrictEqual(got, [number(0), number(1), number(2), number(3)].map((n) => n.phoneNumber))
      strictEqual(error._tag, "InvalidItem")
      const invalid = error as NumbersError.InvalidItem
      strictEqual(invalid.pageToken, "t1")
      strictEqual(invalid.index, 1)
      strictEqual(invalid.position, 4)
      deepStrictEqual(invalid.resumeFrom, { pageToken: "t1", skip: 2 })
      assertInclude(invalid.excerpt, "phoneNumber")
      // the item's text is shown, but never a credential we hold
      assertTrue(!invalid.message.includes(keySecret), invalid.message)
    }))

  it.effect("resuming from the error continues with the very next item, each time", () =>
    Effect.gen(function*() {
      const { client } = yield* stubClient([serve()])
      const got: Array<string | undefined> = []
      let from: NumbersError.ListCursor | undefined = undefined
      const errors: Array<number> = []
      for (let round = 0; round < 5; round++) {
        const result = yield* Effect.either(
          Stream.runForEach(
            client.listActiveNumbers({}, { resumeFrom: from }),
            (n) => Effect.sync(() => got.push(n.phoneNumber))
          )
        )
        if (Either.isRight(result)) break
        const error = result.left as NumbersError.InvalidItem
        errors.push(error.index)
        from = error.resumeFrom
      }
      deepStrictEqual(errors, [1, 3])
      deepStrictEqual(got, [0, 1, 2, 3, 5, 7, 8].map((n) => number(n).phoneNumber))
    }))

  it.effect("\"skip\" gives out every other item and goes on", () =>
    Effect.gen(function*() {
      const { client } = yield* stubClient([serve()])
      const all = yield* Stream.runCollect(client.listActiveNumbers({}, { invalidItems: "skip" }))
      deepStrictEqual(phones(all), [0, 1, 2, 3, 5, 7, 8].map((n) => number(n).phoneNumber))
    }))

  it.effect("a function gets each skipped item with its position", () =>
    Effect.gen(function*() {
      const { client } = yield* stubClient([serve()])
      const skipped: Array<NumbersError.InvalidItem> = []
      const all = yield* Stream.runCollect(
        client.listActiveNumbers({}, { invalidItems: (item) => Effect.sync(() => skipped.push(item)) })
      )
      strictEqual(Chunk.size(all), 7)
      deepStrictEqual(skipped.map((item) => [item.pageToken, item.index, item.position]), [["t1", 1, 4], ["t1", 3, 6]])
    }))

  it.effect("a page read on its own fails with ResponseDecodeError pointing at the item", () =>
    Effect.gen(function*() {
      const { client } = yield* stubClient([serve()])
      const error = yield* Effect.flip(client.listActiveNumbersPage({ pageToken: "t1" }))
      strictEqual(error._tag, "ResponseDecodeError")
      assertInclude((error as NumbersError.ResponseDecodeError).reason, "activeNumbers.1")
    }))
})

describe("listActiveNumbers: a page that fails", () => {
  it.effect("the error says where to resume, and resuming gives the rest exactly once", () =>
    Effect.gen(function*() {
      // retries off: the second page fails for good the first time
      const failing = yield* stubClient([serve(new Set(["t1"]))])
      const first = yield* Effect.either(
        Stream.runCollect(failing.client.listActiveNumbers({}, { invalidItems: "skip" }))
      )
      assertTrue(Either.isLeft(first))
      const error = (first as Either.Left<NumbersError.ListError, unknown>).left as NumbersError.ServerError
      strictEqual(error._tag, "ServerError")
      deepStrictEqual(error.resumeFrom, { pageToken: "t1", skip: 0 })
      assertInclude(error.message, "resumeFrom")

      const healthy = yield* stubClient([serve()])
      const rest = yield* Stream.runCollect(
        healthy.client.listActiveNumbers({}, { invalidItems: "skip", resumeFrom: error.resumeFrom })
      )
      deepStrictEqual(phones(rest), [3, 5, 7, 8].map((n) => number(n).phoneNumber))
      // the token went out encoded, byte for byte
      const urls = healthy.requests.map((r) => r.urlParams.find(([k]) => k === "pageToken")?.[1])
      deepStrictEqual(urls, ["t1", "t2+/="])
    }))

  it.effect("resuming in the middle of a page skips what was given out", () =>
    Effect.gen(function*() {
      const { client } = yield* stubClient([serve()])
      const rest = yield* Stream.runCollect(
        client.listActiveNumbers({}, { resumeFrom: { skip: 2 } }).pipe(Stream.take(2))
      )
      deepStrictEqual(phones(rest), [2, 3].map((n) => number(n).phoneNumber))
    }))
})
