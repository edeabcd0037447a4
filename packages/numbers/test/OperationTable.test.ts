import { describe, it } from "@effect/vitest"
import { assertTrue, deepStrictEqual, strictEqual } from "@effect/vitest/utils"
import * as Fs from "node:fs"
import { fileURLToPath } from "node:url"
import * as Yaml from "yaml"
import { listActiveNumbers, operations } from "../src/internal/operations.js"
import type { Param } from "../src/NumbersOperation.js"

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

// The methods' entries by name, and the one the listings read.
const table = [...Object.entries(operations), ["listActiveNumbers", listActiveNumbers] as const].map((
  [name, operation]
) => ({ name, ...operation }))

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
      const params: ReadonlyArray<Param> = operation.params
      deepStrictEqual(params.map(([name]) => name), inTemplate, operation.name)
      deepStrictEqual(operation.route.params.map(([name]) => name), inTemplate, operation.name)
    }
  })

  it("bills only what buys, releases or orders, and says what to check after an ambiguous failure of each", () => {
    const billable = table.filter((operation) => operation.retry === "billable").map((o) => o.operationId).sort()
    deepStrictEqual(billable, [
      "CreateNumberOrder",
      "NumberService_ReleaseNumber",
      "NumberService_RentAnyNumber",
      "NumberService_RentNumber",
      "SubmitNumberOrder"
    ])
    for (const operation of table) {
      assertTrue((operation.retry === "billable") === (operation.route.billing !== undefined), operation.name)
    }
  })
})
