import { describe, expect, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Emulator from "../src/Emulator.js"
import { call } from "./rawClient.js"

interface Item {
  readonly phoneNumber: string
  readonly regionCode: string
  readonly type: string
  readonly capability: ReadonlyArray<string>
  readonly displayName: string
}

const listAll = (query: Record<string, string | ReadonlyArray<string>>) =>
  Effect.gen(function*() {
    const items: Array<Item> = []
    const totals = new Set<number>()
    let token = ""
    let pages = 0
    do {
      const answer = yield* call("GET", "~/activeNumbers", {
        query: { ...query, ...(token === "" ? {} : { pageToken: token }) }
      })
      expect(answer.status).toBe(200)
      for (const item of answer.body.activeNumbers) items.push(item)
      totals.add(answer.body.totalSize)
      token = answer.body.nextPageToken
      pages++
      expect(pages).toBeLessThan(10_000)
    } while (token !== "")
    return { items, totals, pages }
  })

const propertyFilters: Record<
  string,
  readonly [Record<string, string | ReadonlyArray<string>>, (i: Item) => boolean]
> = {
  none: [{}, () => true],
  GB: [{ regionCode: "GB" }, (i) => i.regionCode === "GB"],
  MOBILE: [{ type: "MOBILE" }, (i) => i.type === "MOBILE"],
  SMS: [{ capability: "SMS" }, (i) => i.capability.includes("SMS")],
  "START +1": [
    { "numberPattern.pattern": "+1", "numberPattern.searchPattern": "START" },
    (i) => i.phoneNumber.startsWith("+1")
  ],
  "CONTAINS 00": [
    { "numberPattern.pattern": "00", "numberPattern.searchPattern": "CONTAINS" },
    (i) => i.phoneNumber.slice(1).includes("00")
  ],
  "END 5": [{ "numberPattern.pattern": "5", "numberPattern.searchPattern": "END" }, (i) => i.phoneNumber.endsWith("5")]
}

const expectStrictlyIncreasing = (phones: ReadonlyArray<string>) => {
  for (let i = 1; i < phones.length; i++) expect(phones[i - 1]! < phones[i]!).toBe(true)
}

describe("ListActiveNumbers paging", () => {
  layer(Emulator.layerHttpClient({ active: 3000, seed: 7 }))((it) => {
    it.effect("pages through every number exactly once, in phone number order, for several page sizes", () =>
      Effect.gen(function*() {
        const reference = yield* listAll({ pageSize: "1000" })
        expect(reference.items.length).toBe(3000)
        expect(reference.totals).toEqual(new Set([3000]))
        expect(reference.pages).toBe(3)
        expectStrictlyIncreasing(reference.items.map((i) => i.phoneNumber))
        for (const pageSize of [1, 7, 250, 999]) {
          if (pageSize === 1) {
            // 3000 pages of one: check the first hundred steps instead of all of them
            const first = yield* call("GET", "~/activeNumbers", { query: { pageSize: "1" } })
            let token = first.body.nextPageToken
            const phones = [first.body.activeNumbers[0].phoneNumber]
            for (let i = 0; i < 99; i++) {
              const page = yield* call("GET", "~/activeNumbers", { query: { pageSize: "1", pageToken: token } })
              phones.push(page.body.activeNumbers[0].phoneNumber)
              token = page.body.nextPageToken
            }
            expect(phones).toEqual(reference.items.slice(0, 100).map((i) => i.phoneNumber))
            continue
          }
          const { items, pages } = yield* listAll({ pageSize: String(pageSize) })
          expect(items.map((i) => i.phoneNumber)).toEqual(reference.items.map((i) => i.phoneNumber))
          expect(pages).toBe(Math.ceil(3000 / pageSize))
        }
      }))

    it.effect("filters by region, type, capability and number pattern, each match exactly once", () =>
      Effect.gen(function*() {
        const all = (yield* listAll({ pageSize: "1000" })).items
        const digits = (p: string) => p.slice(1)
        const cases: ReadonlyArray<readonly [Record<string, string | ReadonlyArray<string>>, (i: Item) => boolean]> = [
          [{ regionCode: "GB" }, (i) => i.regionCode === "GB"],
          [{ type: "TOLL_FREE" }, (i) => i.type === "TOLL_FREE"],
          [{ regionCode: "US", type: "LOCAL" }, (i) => i.regionCode === "US" && i.type === "LOCAL"],
          [{ capability: "SMS" }, (i) => i.capability.includes("SMS")],
          [{ capability: ["SMS", "VOICE"] }, (i) => i.capability.includes("SMS") && i.capability.includes("VOICE")],
          [{ capability: "VOICE", regionCode: "SE" }, (i) => i.capability.includes("VOICE") && i.regionCode === "SE"],
          [
            { "numberPattern.pattern": "+1415", "numberPattern.searchPattern": "START" },
            (i) => i.phoneNumber.startsWith("+1415")
          ],
          [
            { "numberPattern.pattern": "44", "numberPattern.searchPattern": "START" },
            (i) => digits(i.phoneNumber).startsWith("44")
          ],
          [
            { "numberPattern.pattern": "12", "numberPattern.searchPattern": "CONTAINS" },
            (i) => digits(i.phoneNumber).includes("12")
          ],
          [{ "numberPattern.pattern": "7", "numberPattern.searchPattern": "END" }, (i) => i.phoneNumber.endsWith("7")]
        ]
        for (const [query, predicate] of cases) {
          const expected = all.filter(predicate).map((i) => i.phoneNumber)
          expect(expected.length).toBeGreaterThan(0)
          for (const pageSize of ["41", "1000"]) {
            const { items, totals } = yield* listAll({ ...query, pageSize })
            expect(items.map((i) => i.phoneNumber)).toEqual(expected)
            expect(totals).toEqual(new Set([expected.length]))
          }
        }
      }))

    it.effect.prop(
      "property: any page size and filter yields exactly the matching numbers, once each, in order",
      {
        pageSize: Schema.Int.pipe(Schema.between(20, 1000)),
        filter: Schema.Literal("none", "GB", "MOBILE", "SMS", "START +1", "CONTAINS 00", "END 5")
      },
      ({ filter, pageSize }) =>
        Effect.gen(function*() {
          const all = (yield* listAll({ pageSize: "1000" })).items
          const [query, predicate] = propertyFilters[filter]
          const { items, totals } = yield* listAll({ ...query, pageSize: String(pageSize) })
          const expected = all.filter(predicate).map((i) => i.phoneNumber)
          expect(items.map((i) => i.phoneNumber)).toEqual(expected)
          expect(totals).toEqual(new Set([expected.length]))
        }),
      { fastCheck: { numRuns: 8 } }
    )

    it.effect("a listed number is exactly what GET answers for it, for every region, type and capability", () =>
      Effect.gen(function*() {
        const all = (yield* listAll({ pageSize: "1000" })).items
        const sample = all.filter((_, i) => i % 7 === 0)
        const kinds = new Set(sample.map((i) => `${i.regionCode} ${i.type} ${i.capability.join("+")}`))
        expect(kinds.size).toBeGreaterThan(15)
        for (const item of sample) {
          const got = yield* call("GET", `~/activeNumbers/${item.phoneNumber}`)
          expect(got.body).toEqual(item)
        }
      }))

    it.effect("page tokens are standard base64 holding +, / and =, and the last page has an empty token", () =>
      Effect.gen(function*() {
        const first = yield* call("GET", "~/activeNumbers", { query: { pageSize: "10" } })
        const token: string = first.body.nextPageToken
        expect(token).toMatch(/^[A-Za-z0-9+/]+={1,2}$/)
        expect(token).toContain("+")
        expect(token).toContain("/")
        const last = yield* call("GET", "~/activeNumbers", { query: { pageSize: "1000", regionCode: "AU" } })
        expect(last.body.nextPageToken).toBe("")
        expect(last.body.activeNumbers.length).toBe(last.body.totalSize)
      }))

    it.effect("a page size above 1000 is accepted, but a page holds at most 1000 numbers and its token goes on", () =>
      Effect.gen(function*() {
        const reference = (yield* listAll({ pageSize: "1000" })).items.map((i) => i.phoneNumber)
        const first = yield* call("GET", "~/activeNumbers", { query: { pageSize: "5000" } })
        expect(first.status).toBe(200)
        expect(first.body.activeNumbers).toHaveLength(1000)
        expect(first.body.totalSize).toBe(3000)
        const { items } = yield* listAll({ pageSize: "5000" })
        expect(items.map((i) => i.phoneNumber)).toEqual(reference)
        const second = yield* call("GET", "~/activeNumbers", {
          query: { pageSize: "5000", pageToken: first.body.nextPageToken }
        })
        expect(second.body.activeNumbers.map((i: Item) => i.phoneNumber)).toEqual(reference.slice(1000, 2000))
        // the largest int32 is a page size too
        expect((yield* call("GET", "~/activeNumbers", { query: { pageSize: "2147483647" } })).status).toBe(200)
      }))

    it.effect("rejects what the contract rejects: a page size that is no int32, a forged token, an unknown orderBy", () =>
      Effect.gen(function*() {
        for (const pageSize of ["2147483648", "-1", "abc", "1.5"]) {
          const answer = yield* call("GET", "~/activeNumbers", { query: { pageSize } })
          expect(answer.status).toBe(400)
          expect(answer.body.error.status).toBe("INVALID_ARGUMENT")
          expect(answer.body.error.details[0].fieldViolations[0].field).toBe("pageSize")
        }
        const forged = yield* call("GET", "~/activeNumbers", { query: { pageToken: "bm90LWEtdG9rZW4=" } })
        expect(forged.status).toBe(400)
        expect(forged.body.error.details[0].fieldViolations[0].field).toBe("pageToken")
        const orderBy = yield* call("GET", "~/activeNumbers", { query: { orderBy: "price" } })
        expect(orderBy.status).toBe(400)
        expect(orderBy.body.error.details[0].fieldViolations[0].field).toBe("orderBy")
        const capability = yield* call("GET", "~/activeNumbers", { query: { capability: "FAX" } })
        expect(capability.status).toBe(400)
        expect(capability.body.error.details[0].fieldViolations[0].field).toMatch(/^capability/)
        const token = (yield* call("GET", "~/activeNumbers", { query: { pageSize: "2" } })).body.nextPageToken
        const mixed = yield* call("GET", "~/activeNumbers", { query: { pageToken: token, orderBy: "displayName" } })
        expect(mixed.status).toBe(400)
      }))
  })

  it.effect("orderBy=displayName lists unnamed numbers first, then named ones by name, each exactly once", () =>
    Effect.gen(function*() {
      const all = (yield* listAll({ pageSize: "1000" })).items.map((i) => i.phoneNumber)
      const names = ["delta", "alpha", "charlie", "alpha", "bravo"]
      const named = all.filter((_, i) => i % 37 === 5).slice(0, names.length)
      for (const [i, phone] of named.entries()) {
        const answer = yield* call("PATCH", `~/activeNumbers/${phone}`, { body: { displayName: names[i] } })
        expect(answer.status).toBe(200)
      }
      const { items, totals } = yield* listAll({ pageSize: "7", orderBy: "displayName" })
      expect(totals).toEqual(new Set([all.length]))
      const unnamed = all.filter((p) => !named.includes(p))
      const expectedNamed = named.map((phone, i) => ({ phone, name: names[i]! }))
        .sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : a.phone < b.phone ? -1 : 1)
        .map((x) => x.phone)
      expect(items.map((i) => i.phoneNumber)).toEqual([...unnamed, ...expectedNamed])
    }).pipe(Effect.provide(Emulator.layerHttpClient({ active: 400 }))))

  it.effect("a rented number joins the list in order; a released one leaves it at its expireAt", () =>
    Effect.gen(function*() {
      const before = (yield* listAll({ pageSize: "1000" })).items.map((i) => i.phoneNumber)
      const search = yield* call("GET", "~/availableNumbers", { query: { regionCode: "US", type: "LOCAL", size: "3" } })
      const phone: string = search.body.availableNumbers[1].phoneNumber
      expect((yield* call("POST", `~/availableNumbers/${phone}:rent`, { body: {} })).status).toBe(200)
      const afterRent = yield* listAll({ pageSize: "9" })
      expect(afterRent.items.map((i) => i.phoneNumber)).toEqual([...before, phone].sort())
      expect(afterRent.totals).toEqual(new Set([before.length + 1]))
      const released = yield* call("POST", `~/activeNumbers/${before[0]}:release`)
      expect(released.body.expireAt).not.toBeNull()
      expect((yield* listAll({ pageSize: "1000" })).items.length).toBe(before.length + 1)
      // move the clock past the released number's expireAt
      yield* TestClock.setTime(Date.parse(released.body.expireAt))
      const afterExpiry = yield* listAll({ pageSize: "1000" })
      expect(afterExpiry.items.map((i) => i.phoneNumber)).toEqual([...before.slice(1), phone].sort())
      expect(afterExpiry.totals).toEqual(new Set([before.length]))
      expect((yield* call("GET", `~/activeNumbers/${before[0]}`)).status).toBe(404)
    }).pipe(Effect.provide(Emulator.layerHttpClient({ active: 50 }))))
})
