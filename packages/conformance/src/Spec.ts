/**
 * The official Numbers API document (`packages/core/openapi/numbers-openapi.yaml`): loaded, listed as operations,
 * and turned into the pinned-discriminator copy that Prism validates against.
 *
 * @since 0.0.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { fileURLToPath } from "node:url"
import * as Yaml from "yaml"

/**
 * Where the contract lives in this repository.
 *
 * @since 0.0.0
 * @category constants
 */
export const documentPath: string = fileURLToPath(new URL("../../core/openapi/numbers-openapi.yaml", import.meta.url))

/**
 * The document could not be read or is not what this package expects.
 *
 * @since 0.0.0
 * @category errors
 */
export class SpecError extends Schema.TaggedError<SpecError>("@effect-sinch/conformance/SpecError")("SpecError", {
  message: Schema.String
}) {}

/**
 * The parsed document, as plain JSON values.
 *
 * @since 0.0.0
 * @category models
 */
export type Document = Readonly<Record<string, unknown>>

/**
 * One operation of the document.
 *
 * @since 0.0.0
 * @category models
 */
export interface Operation {
  readonly operationId: string
  /** Upper case: `GET`, `POST`, `PATCH`, `PUT`. */
  readonly method: string
  /** The path template as written, e.g. `/v1/projects/{projectId}/activeNumbers/{phoneNumber}`. */
  readonly path: string
  /** The documented statuses, ascending (`default` is not a status and is left out). */
  readonly statuses: ReadonlyArray<number>
  /** The documented success statuses (2xx). */
  readonly successStatuses: ReadonlyArray<number>
  /** The documented error statuses (4xx and 5xx). */
  readonly errorStatuses: ReadonlyArray<number>
  /** The content type of the request body, if the operation takes one. */
  readonly requestContentType: string | undefined
  readonly deprecated: boolean
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Parses a document's text (YAML or JSON).
 *
 * @since 0.0.0
 * @category constructors
 */
export const parse = (text: string): Effect.Effect<Document, SpecError> =>
  Effect.try({
    try: () => Yaml.parse(text) as unknown,
    catch: (error) => new SpecError({ message: `The document is not valid YAML: ${String(error)}` })
  }).pipe(
    Effect.filterOrFail(
      (u): u is Document => isRecord(u) && isRecord(u.paths) && isRecord(u.components),
      () => new SpecError({ message: "The document has no paths or components: is it an OpenAPI 3 document?" })
    )
  )

/**
 * Reads and parses the document (default: the repository's contract).
 *
 * @since 0.0.0
 * @category constructors
 */
export const load = (path: string = documentPath): Effect.Effect<Document, SpecError, FileSystem.FileSystem> =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(path)).pipe(
    Effect.mapError((error) => new SpecError({ message: `Could not read ${path}: ${error.message}` })),
    Effect.flatMap(parse)
  )

/**
 * Resolves a local reference (`#/components/schemas/X`) or returns the value itself.
 *
 * @since 0.0.0
 * @category utils
 */
export const resolve = (document: Document, value: unknown): unknown => {
  let current = value
  for (let hops = 0; isRecord(current) && typeof current.$ref === "string"; hops++) {
    if (hops > 32) throw new Error(`Reference cycle at ${current.$ref}`)
    current = pointer(document, current.$ref)
  }
  return current
}

/**
 * The value at a local JSON pointer (`#/components/schemas/X`).
 *
 * @since 0.0.0
 * @category utils
 */
export const pointer = (document: Document, ref: string): unknown => {
  if (!ref.startsWith("#/")) throw new Error(`Only local references are supported, got ${ref}`)
  let current: unknown = document
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~")
    if (!isRecord(current) || !(key in current)) throw new Error(`Unresolvable reference ${ref}`)
    current = current[key]
  }
  return current
}

/**
 * Every operation of the document, in document order.
 *
 * @since 0.0.0
 * @category accessors
 */
export const operations = (document: Document): ReadonlyArray<Operation> => {
  const result: Array<Operation> = []
  const paths = document.paths as Record<string, unknown>
  for (const path of Object.keys(paths)) {
    const item = paths[path]
    if (!isRecord(item)) continue
    for (const method of methods) {
      const operation = item[method]
      if (!isRecord(operation) || typeof operation.operationId !== "string") continue
      const statuses = Object.keys(isRecord(operation.responses) ? operation.responses : {})
        .filter((key) => /^\d{3}$/.test(key))
        .map(Number)
        .sort((a, b) => a - b)
      const body = resolve(document, operation.requestBody)
      const content = isRecord(body) && isRecord(body.content) ? Object.keys(body.content) : []
      result.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        statuses,
        successStatuses: statuses.filter((status) => status >= 200 && status < 300),
        errorStatuses: statuses.filter((status) => status >= 400),
        requestContentType: content[0],
        deprecated: operation.deprecated === true
      })
    }
  }
  return result
}

/**
 * The operation with this operationId; throws when the document has none (a test's table is out of date).
 *
 * @since 0.0.0
 * @category accessors
 */
export const operation = (document: Document, operationId: string): Operation => {
  const found = operations(document).find((op) => op.operationId === operationId)
  if (found === undefined) throw new Error(`The document has no operation ${operationId}`)
  return found
}

/**
 * The operation a request goes to: the one whose method matches and whose path template matches the URL's path
 * (parameters match one segment); of several, the one with the most literal text (`/{phoneNumber}:rent` before
 * `/{phoneNumber}`). `undefined` when none does.
 *
 * @since 0.0.0
 * @category accessors
 */
export const match = (
  operations: ReadonlyArray<Operation>,
  method: string,
  url: string
): Operation | undefined => {
  const path = new URL(url, "http://localhost").pathname
  let best: { operation: Operation; literal: number } | undefined
  for (const operation of operations) {
    if (operation.method !== method.toUpperCase()) continue
    const pattern = new RegExp(
      "^" + operation.path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")).join("[^/]+") +
        "$"
    )
    if (!pattern.test(path)) continue
    const literal = operation.path.replace(/\{[^}]+\}/g, "").length
    if (best === undefined || literal > best.literal) best = { operation, literal }
  }
  return best?.operation
}

/**
 * One value pinned by {@link pinDiscriminators}: `schema.properties[property].enum = [value]`.
 *
 * @since 0.0.0
 * @category models
 */
export interface Pin {
  /** The mapped variant, as its reference: `#/components/schemas/VoiceConfigurationEST`. */
  readonly schema: string
  readonly property: string
  readonly values: ReadonlyArray<string>
}

const walk = (value: unknown, visit: (node: Record<string, unknown>) => void): void => {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit)
  } else if (isRecord(value)) {
    visit(value)
    for (const key of Object.keys(value)) walk(value[key], visit)
  }
}

/**
 * A copy of the document in which every variant named by a `discriminator.mapping` also states its discriminator
 * value (`properties.<propertyName>.enum: [<value>]`). Prism checks `oneOf` without reading the discriminator, and
 * the document's variants overlap (an EST configuration also matches the RTC schema), so without this every
 * voice configuration is "must match exactly one schema". The pins say only what the mapping already says. A variant
 * that does not require the property (RTC: older answers omit `type`) still does not.
 *
 * @since 0.0.0
 * @category transformations
 */
export const pinDiscriminators = (
  document: Document
): { readonly document: Document; readonly pins: ReadonlyArray<Pin> } => {
  const copy = structuredClone(document) as Record<string, unknown>
  const byTarget = new Map<string, { property: string; values: Array<string> }>()
  walk(copy, (node) => {
    const discriminator = node.discriminator
    if (!isRecord(discriminator) || !isRecord(discriminator.mapping)) return
    const property = discriminator.propertyName
    if (typeof property !== "string") throw new Error("A discriminator without propertyName")
    for (const [value, target] of Object.entries(discriminator.mapping)) {
      if (typeof target !== "string") continue
      const entry: { property: string; values: Array<string> } = byTarget.get(target) ?? { property, values: [] }
      if (entry.property !== property) {
        throw new Error(`${target} is mapped by two discriminators (${entry.property}, ${property})`)
      }
      if (!entry.values.includes(value)) entry.values.push(value)
      byTarget.set(target, entry)
    }
  })
  const pins: Array<Pin> = []
  for (const [target, { property, values }] of byTarget) {
    const schema = pointer(copy, target)
    if (!isRecord(schema)) throw new Error(`${target} is not a schema`)
    const properties = isRecord(schema.properties) ? schema.properties : {}
    const existing = properties[property]
    // A sibling of $ref is ignored in OpenAPI 3.0: wrap the reference instead of annotating it.
    properties[property] = existing === undefined
      ? { enum: values }
      : isRecord(existing) && "$ref" in existing
      ? { allOf: [existing], enum: values }
      : { ...(existing as Record<string, unknown>), enum: values }
    schema.properties = properties
    pins.push({ schema: target, property, values })
  }
  return { document: copy, pins }
}
