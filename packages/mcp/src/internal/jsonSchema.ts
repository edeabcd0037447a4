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
 * `void` as `{}`, anything else under `result`. `schema` is what `outputSchema` describes; `wrap` puts a success
 * value in its shape, ready to encode with `schema`.
 *
 * @internal
 */
export const structured = (
  success: Schema.Schema<any, any>
): { readonly schema: Schema.Schema<any, any>; readonly wrap: (value: unknown) => unknown } => {
  if (AST.isVoidKeyword(success.ast)) return { schema: Schema.Struct({}), wrap: () => ({}) }
  return fromSchema(success).type === "object"
    ? { schema: success, wrap: (value) => value }
    : { schema: Schema.Struct({ result: success }), wrap: (result) => ({ result }) }
}
