import { describe, expect, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Core from "../src/index.js"

describe("index", () => {
  it("re-exports every public module as a namespace", () => {
    const modules = Fs.readdirSync(new URL("../src/", import.meta.url))
      .filter((file) => file.endsWith(".ts") && file !== "index.ts")
      .map((file) => file.slice(0, -3))
      .sort()
    expect(Object.keys(Core).sort()).toEqual(modules)
    expect(Core.PhoneNumber.make("+12025550134")).toBe("+12025550134")
  })
})
