import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

// The repository root, from packages/numbers/test.
const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../../..")
const read = (file: string) => Fs.readFileSync(Path.join(root, file), "utf8")

const guides = Fs.readdirSync(Path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)
const packageReadmes = ["core", "auth", "numbers", "emulator"].map((p) => `packages/${p}/README.md`)
const pages = ["README.md", ...guides, ...packageReadmes]
const examples = Fs.readdirSync(Path.join(root, "docs/examples"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => read(`docs/examples/${f}`))

const tsBlocks = (markdown: string): Array<string> =>
  [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!)

describe("docs", () => {
  it("every ts block of the README and the guides is code that the docs project compiles", () => {
    let blocks = 0
    for (const page of pages) {
      for (const block of tsBlocks(read(page))) {
        blocks++
        assert.isTrue(
          examples.some((example) => example.includes(block)),
          `${page}: this block is not in docs/examples/*.ts, so it is not type-checked:\n${block}`
        )
      }
    }
    assert.isAbove(blocks, 30)
  })

  it("has every guide the README promises, each with compiled examples", () => {
    for (
      const guide of [
        "getting-started",
        "authentication",
        "errors-and-retries",
        "streaming",
        "testing",
        "emulator",
        "webhooks",
        "number-orders",
        "coming-from-sinch-numbers"
      ]
    ) {
      assert.include(guides, `docs/${guide}.md`)
      assert.isAbove(tsBlocks(read(`docs/${guide}.md`)).length, 0, `docs/${guide}.md has no ts example`)
    }
  })

  it("every relative link points to a file that exists", () => {
    for (const page of pages) {
      for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith("#")) continue
        const file = Path.resolve(Path.dirname(Path.join(root, page)), target!.split("#")[0]!)
        assert.isTrue(Fs.existsSync(file), `${page} links to ${target}, which does not exist`)
      }
    }
  })

  it("the README starts with the two commands for a fresh machine, and shows the compiled example", () => {
    const readme = read("README.md")
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? ""
    assert.deepStrictEqual(firstBlock.trim().split("\n"), [
      "npx -y pnpm@12.4.2 install --frozen-lockfile && npx -y pnpm@12.4.2 demo",
      "npx -y pnpm@12.4.2 install --frozen-lockfile && npx -y pnpm@12.4.2 test"
    ])
    const example = read("docs/examples/readme.ts")
    assert.include(readme, example)
    assert.isAtMost(example.trim().split("\n").length, 20)
  })
})
