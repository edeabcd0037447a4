import { describe, it } from "@effect/vitest"
import { assertTrue, deepStrictEqual, strictEqual } from "@effect/vitest/utils"
import * as Fs from "node:fs"
import { fileURLToPath } from "node:url"
import * as Yaml from "yaml"
import type { Operation } from "../src/internal/operations.js"
import { operations } from "../src/internal/operations.js"

// The one contract: the official OpenAPI document in packages/core/openapi.
const document = Yaml.parse(
  Fs.readFileSync(fileURLToPath(new URL("../../core/openapi/numbers-openapi.yaml", import.meta.url)), "utf8")
) as { readonly paths: Record<string, Record<string, unknown>> }

const methods = ["get", "put", "post", "patch", "delete"] as const

const documented = Object.entries(document.paths).flatMap(([path, item]) =>
  methods.flatMap((method) => {
    const operation = item[method] as { readonly operationId?: string } | undefined
    return operation === undefined ? [] : [{ operationId: operation.operationId!, method: method.toUpperCase(), path }]
  })
)

const table = Object.values(operations) as ReadonlyArray<Operation<unknown>>

describe("the operation table against the OpenAPI document", () => {
  it("has every operation of the document once, and nothing else", () => {
    strictEqual(documented.length, 22)
    deepStrictEqual(
      table.map((operation) => operation.operationId).sort(),
      documented.map((operation) => operation.operationId).sort()
    )
  })

  it("gives each operation the document's method and path template", () => {
    for (const operation of table) {
      const spec = documented.find((candidate) => candidate.operationId === operation.operationId)!
      deepStrictEqual(
        { operationId: operation.operationId, method: operation.method, path: operation.path },
        spec,
        operation.name
      )
    }
  })

  it("validates exactly the path parameters of the template, in its order", () => {
    for (const operation of table) {
      const inTemplate = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((p) => p !== "projectId")
      deepStrictEqual(operation.params.map(([name]) => name), inTemplate, operation.name)
    }
  })

  it("has a unique client name per operation, and bills only what buys, releases or orders", () => {
    strictEqual(new Set(table.map((operation) => operation.name)).size, table.length)
    const billable = table.filter((operation) => operation.billing._tag === "Billable").map((o) => o.operationId).sort()
    deepStrictEqual(billable, [
      "CreateNumberOrder",
      "NumberService_ReleaseNumber",
      "NumberService_RentAnyNumber",
      "NumberService_RentNumber",
      "SubmitNumberOrder"
    ])
    for (const operation of table) {
      assertTrue((operation.kind === "billable") === (operation.billing._tag === "Billable"), operation.name)
    }
  })
})
