import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
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

  it("names every schema class @effect-sinch/core/<Name>", () => {
    const classes = Object.values(Core).flatMap((module) =>
      Object.entries(module).filter(([, value]) => Schema.isSchema(value) && "identifier" in value && "fields" in value)
    )
    expect(classes.length).toBeGreaterThan(30)
    for (const [name, schema] of classes) {
      expect((schema as unknown as { readonly identifier: string }).identifier).toBe(`@effect-sinch/core/${name}`)
    }
  })
})
