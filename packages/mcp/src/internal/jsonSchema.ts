/** @internal */
import * as JSONSchema from "effect/JSONSchema"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/**
 * The JSON Schema of a schema's encoded side, inlined, with its definitions under `$defs`. An object without
 * properties is written out as one (the generator answers `{}` for it, which MCP clients refuse as a tool schema).
 *
 * @internal
 */
export const fromSchema = (schema: Schema.Schema.All): Record<string, unknown> => {
  if (AST.isTypeLiteral(AST.encodedAST(schema.ast)) && AST.getPropertySignatures(schema.ast).length === 0) {
    return { type: "object", properties: {}, required: [], additionalProperties: false }
  }
  const definitions: Record<string, JSONSchema.JsonSchema7> = {}
  const json: Record<string, unknown> = {
    ...JSONSchema.fromAST(schema.ast, { definitions, topLevelReferenceStrategy: "skip" })
  }
  if (Object.keys(definitions).length > 0) json.$defs = definitions
  return json
}

/**
 * How a tool's success goes as `structuredContent`, which MCP wants to be a JSON object: an object schema as it is,
 * `void` as `{}`, anything else under `result`. `schema` is what `outputSchema` describes, and `json` its JSON
 * Schema (generated once: it is the slow part of a server's start); `wrap` puts a success value in its shape, ready
 * to encode with `schema`.
 *
 * @internal
 */
export const structured = (
  success: Schema.Schema<any, any>
): {
  readonly schema: Schema.Schema<any, any>
  readonly json: Record<string, unknown>
  readonly wrap: (value: unknown) => unknown
} => {
  if (AST.isVoidKeyword(success.ast)) {
    const empty = Schema.Struct({})
    return { schema: empty, json: fromSchema(empty), wrap: () => ({}) }
  }
  const json = fromSchema(success)
  if (json.type === "object") return { schema: success, json, wrap: (value) => value }
  const wrapped = Schema.Struct({ result: success })
  return { schema: wrapped, json: fromSchema(wrapped), wrap: (result) => ({ result }) }
}
