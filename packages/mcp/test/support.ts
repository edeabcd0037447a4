// Real MCP clients (the official TypeScript SDK) against the bundled bin, the bin against the emulator on loopback.
import * as Emulator from "@effect-sinch/emulator/Emulator"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js"
import { Ajv2020 } from "ajv/dist/2020.js"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as ChildProcess from "node:child_process"
import { expect } from "vitest"
import { bundled } from "./globalSetup.js"

export { bundled }

export interface RunningEmulator {
  readonly service: Emulator.Service
  readonly env: Record<string, string>
  readonly dispose: () => Promise<void>
}

/** The emulator on 127.0.0.1, port 0, and the SINCH_* variables that point the server at it. */
export const startEmulator = async (options: Emulator.EmulatorOptions = {}): Promise<RunningEmulator> => {
  const runtime = ManagedRuntime.make(Emulator.layer({ provisioningDelay: 0, ...options }))
  const service = await runtime.runPromise(Emulator.Emulator)
  return {
    service,
    env: {
      SINCH_PROJECT_ID: service.projectId,
      SINCH_KEY_ID: service.keyId,
      SINCH_KEY_SECRET: "emulator-key-secret",
      SINCH_NUMBERS_URL: service.baseUrl,
      SINCH_AUTH_URL: service.tokenUrl,
      // no profile file of the machine running the tests is read
      SINCH_CONFIG: "/nonexistent/sinch-numbers/config.json"
    },
    dispose: () => runtime.dispose()
  }
}

export const run = <A, E>(emulator: RunningEmulator, effect: (e: Emulator.Service) => Effect.Effect<A, E>) =>
  Effect.runPromise(effect(emulator.service))

export interface Connected {
  readonly client: Client
  readonly stderr: () => string
  readonly close: () => Promise<void>
}

const baseEnv = (env: Record<string, string>): Record<string, string> => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
  ...env
})

/** The SDK's `Client` over stdio, spawning the bundled bin. */
export const connectStdio = async (
  env: Record<string, string>,
  args: ReadonlyArray<string> = [],
  options: { readonly elicitation?: boolean; readonly configure?: (client: Client) => void } = {}
): Promise<Connected> => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bundled, ...args],
    env: baseEnv(env),
    stderr: "pipe"
  })
  let stderr = ""
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const client = new Client(
    { name: "effect-sinch-tests", version: "1.0.0" },
    { capabilities: options.elicitation === true ? { elicitation: {} } : {} }
  )
  options.configure?.(client)
  await client.connect(transport)
  return { client, stderr: () => stderr, close: () => client.close() }
}

export interface HttpServer {
  readonly url: URL
  readonly process: ChildProcess.ChildProcess
  readonly stderr: () => string
  readonly stop: () => Promise<void>
}

/** The bundled bin with `--http --port 0`, once it says where it listens. */
export const startHttp = (env: Record<string, string>, args: ReadonlyArray<string> = []): Promise<HttpServer> =>
  new Promise((resolve, reject) => {
    const child = ChildProcess.spawn(process.execPath, [bundled, "--http", "--port", "0", ...args], {
      env: baseEnv(env),
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stderr = ""
    const timer = setTimeout(() => reject(new Error(`no address within 20 s; stderr: ${stderr}`)), 20_000)
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
      const found = /listening on (http:\/\/\S+\/mcp)/.exec(stderr)
      if (found !== null) {
        clearTimeout(timer)
        resolve({
          url: new URL(found[1]!),
          process: child,
          stderr: () => stderr,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done()
              child.once("exit", () => done())
              child.kill("SIGTERM")
            })
        })
      }
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code}; stderr: ${stderr}`))
    })
  })

/** The SDK's `Client` over Streamable HTTP. */
export const connectHttp = async (url: URL): Promise<Client> => {
  const client = new Client({ name: "effect-sinch-tests", version: "1.0.0" })
  await client.connect(new StreamableHTTPClientTransport(url))
  return client
}

const ajv = new Ajv2020({ strict: false, allErrors: true })

/** Compiles a tool's schema with a JSON Schema validator: it fails when the schema is not valid JSON Schema. */
export const compile = (schema: unknown) => {
  expect(ajv.validateSchema(schema as object)).toBe(true)
  return ajv.compile(schema as object)
}

/** Checks a successful result's `structuredContent` against the tool's `outputSchema`, and answers it. */
export const structured = (tool: Tool | undefined, result: CallToolResult | unknown): Record<string, any> => {
  const r = result as CallToolResult
  expect(r.isError, JSON.stringify(r.content)).not.toBe(true)
  expect(tool?.outputSchema).toBeDefined()
  const validate = compile(tool!.outputSchema)
  const valid = validate(r.structuredContent)
  expect(valid, JSON.stringify(validate.errors)).toBe(true)
  return r.structuredContent as Record<string, any>
}

export const textOf = (result: unknown): string =>
  ((result as CallToolResult).content ?? []).map((c) => c.type === "text" ? c.text : "").join("\n")

/** The requests the emulator processed for an operation: answered 2xx, or processed and then cut off. */
export const processed = (stats: Emulator.Stats, operationId: string): number => {
  const byStatus = stats.requests[operationId] ?? {}
  return (byStatus["200"] ?? 0) + (byStatus["dropBeforeResponse"] ?? 0) + (byStatus["dropMidBody"] ?? 0) +
    (byStatus["malformedJson"] ?? 0)
}
