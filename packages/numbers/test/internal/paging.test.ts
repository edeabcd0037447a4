import { describe, it } from "@effect/vitest"
import { deepStrictEqual } from "@effect/vitest/utils"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { Answer } from "../support/stubHttp.js"
import { json, stubClient } from "../support/stubHttp.js"

// One page whose second item cannot decode (its phoneNumber is a JSON number) and whose later items all decode.
const number = (n: number) => ({ phoneNumber: `+1202555${String(n).padStart(4, "0")}`, regionCode: "US" })
const page = [number(3), { phoneNumber: 4, regionCode: "US" }, number(5), number(6)]
const serve: Answer = () => json(200, { activeNumbers: page, nextPageToken: "", totalSize: 4 })

const phones = (chunk: Chunk.Chunk<{ readonly phoneNumber?: string | undefined }>) =>
  Chunk.toReadonlyArray(chunk).map((n) => n.phoneNumber)

describe("paging: resuming inside a page that holds an invalid item", () => {
  it.effect("resumed right after the bad item, the page gives the items after it (5, 6), not fewer", () =>
    Effect.gen(function*() {
      const { client } = yield* stubClient([serve])
      const error = yield* Effect.flip(Stream.runCollect(client.listActiveNumbers()))
      deepStrictEqual(error._tag, "InvalidItem")
      // the cursor of the error: the page (first, no token) and the item after the bad one
      const resumeFrom = error._tag === "InvalidItem" ? error.resumeFrom : undefined
      deepStrictEqual(resumeFrom, { skip: 2 })
      const rest = yield* Stream.runCollect(client.listActiveNumbers({}, { resumeFrom: { skip: 2 } }))
      deepStrictEqual(phones(rest), [5, 6].map((n) => number(n).phoneNumber))
    }))

  it.effect("resumed past the bad item further on, only what is left of the page", () =>
    Effect.gen(function*() {
      const { client } = yield* stubClient([serve])
      const rest = yield* Stream.runCollect(client.listActiveNumbers({}, { resumeFrom: { skip: 3 } }))
      deepStrictEqual(phones(rest), [number(6).phoneNumber])
    }))
})
