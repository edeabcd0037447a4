import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Emulator from "../src/Emulator.js"
import { call, violations } from "./rawClient.js"

/** A GET of a raw path and query string, sent exactly as written (no encoding on the way). */
const raw = (pathAndQuery: string) =>
  Effect.flatMap(Emulator.Emulator, (emulator) => call("GET", `/v1/projects/${emulator.projectId}/${pathAndQuery}`))

const strict = Effect.provide(Emulator.layerHttpClient({ active: 60 }))
const lenient = Effect.provide(Emulator.layerHttpClient({ active: 60, lenientEncoding: true }))

describe("query encoding, strict (the default)", () => {
  it.effect("a + sent unencoded (read as a space) in a number pattern or a page token is 400, and counted", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const pattern = yield* raw("activeNumbers?numberPattern.pattern=+1415&numberPattern.searchPattern=START")
      expect(pattern.status).toBe(400)
      expect(violations(pattern)).toEqual([{
        field: "numberPattern.pattern",
        description: expect.stringContaining(`" 1415" holds a space: a "+" was sent without URL-encoding`)
      }])
      const available = yield* raw("availableNumbers?regionCode=US&type=LOCAL&numberPattern.pattern=+1415")
      expect(violations(available).map((v) => v.field)).toEqual(["numberPattern.pattern"])
      const first = yield* call("GET", "~/activeNumbers", { query: { pageSize: "5" } })
      const token: string = first.body.nextPageToken
      expect(token).toContain("+")
      const unencoded = yield* raw(`activeNumbers?pageSize=5&pageToken=${token}`)
      expect(unencoded.status).toBe(400)
      expect(violations(unencoded).map((v) => v.field)).toEqual(["pageToken"])
      // encoded, both work
      expect((yield* raw(`activeNumbers?pageSize=5&pageToken=${encodeURIComponent(token)}`)).status).toBe(200)
      const encoded = yield* raw("activeNumbers?numberPattern.pattern=%2B1415&numberPattern.searchPattern=START")
      expect(encoded.status).toBe(200)
      expect(encoded.body.activeNumbers.length).toBeGreaterThan(0)
      expect((yield* emulator.stats).unencodedQueryValues).toBe(3)
    }).pipe(strict))

  it.effect("a comma-separated list is one value, not a list: SMS,VOICE is no capability", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const available = yield* raw("availableNumbers?regionCode=US&type=LOCAL&capabilities=SMS,VOICE")
      expect(available.status).toBe(400)
      expect(violations(available)).toEqual([{
        field: "capabilities",
        description: `Expected one of "SMS", "VOICE"; got "SMS,VOICE"`
      }])
      const active = yield* raw("activeNumbers?capability=SMS,VOICE")
      expect(violations(active).map((v) => v.field)).toEqual(["capability"])
      const regions = yield* raw("availableRegions?types=MOBILE,LOCAL")
      expect(violations(regions).map((v) => v.field)).toEqual(["types"])
      // repeated keys are the document's lists
      const repeated = yield* raw("activeNumbers?capability=SMS&capability=VOICE&pageSize=100")
      expect(repeated.status).toBe(200)
      for (const n of repeated.body.activeNumbers) expect(n.capability).toEqual(["SMS", "VOICE"])
      expect((yield* emulator.stats).commaSeparatedQueryValues).toBe(0)
    }).pipe(strict))
})

describe("query encoding, lenient", () => {
  it.effect("a + read as a space is read back as +, and counted", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const pattern = yield* raw("activeNumbers?numberPattern.pattern=+1415&numberPattern.searchPattern=START")
      expect(pattern.status).toBe(200)
      expect(pattern.body.activeNumbers.length).toBeGreaterThan(0)
      for (const n of pattern.body.activeNumbers) expect(n.phoneNumber.startsWith("+1415")).toBe(true)
      const first = yield* call("GET", "~/activeNumbers", { query: { pageSize: "5" } })
      const encoded = yield* call("GET", "~/activeNumbers", {
        query: { pageSize: "5", pageToken: first.body.nextPageToken }
      })
      const unencoded = yield* raw(`activeNumbers?pageSize=5&pageToken=${first.body.nextPageToken}`)
      expect(unencoded.body.activeNumbers).toEqual(encoded.body.activeNumbers)
      expect((yield* emulator.stats).unencodedQueryValues).toBe(2)
    }).pipe(lenient))

  it.effect("a comma-separated list reads as the list, and is counted", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const commas = yield* raw("activeNumbers?capability=SMS,VOICE&pageSize=100")
      const repeated = yield* raw("activeNumbers?capability=SMS&capability=VOICE&pageSize=100")
      expect(commas.status).toBe(200)
      expect(commas.body).toEqual(repeated.body)
      const regions = yield* raw("availableRegions?types=TOLL_FREE,MOBILE")
      expect(regions.body.availableRegions).toHaveLength(5)
      expect((yield* emulator.stats).commaSeparatedQueryValues).toBe(2)
    }).pipe(lenient))
})

describe("routing on the raw path", () => {
  it.effect("an encoded ':' selects no custom method: availableNumbers%3ArentAny is 404", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const path = `/v1/projects/${emulator.projectId}`
      const rentAny = yield* call("POST", `${path}/availableNumbers%3ArentAny`, {
        body: { regionCode: "US", type: "LOCAL" }
      })
      expect(rentAny.status).toBe(404)
      expect(rentAny.body.error.status).toBe("NOT_FOUND")
      const phone = (yield* call("GET", "~/activeNumbers", { query: { pageSize: "1" } })).body.activeNumbers[0]
        .phoneNumber as string
      const release = yield* call("POST", `${path}/activeNumbers/${encodeURIComponent(phone)}%3Arelease`)
      expect(release.status).toBe(404)
      // nothing was rented or released
      expect((yield* call("GET", `~/activeNumbers/${phone}`)).body).not.toHaveProperty("expireAt")
      expect((yield* emulator.stats).requests["RentAnyNumber"]).toBeUndefined()
      // an encoded "/" joins no path either
      expect((yield* call("GET", `${path}/activeNumbers%2F${encodeURIComponent(phone)}`)).status).toBe(404)
    }).pipe(strict))

  it.effect("a path parameter is decoded on its own: %2B12… and +12… are the same number", () =>
    Effect.gen(function*() {
      const phone = (yield* call("GET", "~/activeNumbers", { query: { pageSize: "1" } })).body.activeNumbers[0]
        .phoneNumber as string
      const plain = yield* call("GET", `~/activeNumbers/${phone}`)
      const encoded = yield* call("GET", `~/activeNumbers/${encodeURIComponent(phone)}`)
      expect(encodeURIComponent(phone)).toMatch(/^%2B/)
      expect(plain.status).toBe(200)
      expect(encoded.body).toEqual(plain.body)
      const released = yield* call("POST", `~/activeNumbers/${encodeURIComponent(phone)}:release`)
      expect(released.body.phoneNumber).toBe(phone)
      // the project id is a parameter too
      const emulator = yield* Emulator.Emulator
      const project = yield* call(
        "GET",
        `/v1/projects/${emulator.projectId.replace("-", "%2D")}/activeNumbers/${phone}`
      )
      expect(project.status).toBe(200)
    }).pipe(strict))
})
