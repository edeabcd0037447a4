// The official MCP TypeScript SDK's Client over stdio, spawning the bundled bin, against the emulator.
import type { Tool } from "@modelcontextprotocol/sdk/types.js"
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js"
import * as Effect from "effect/Effect"
import * as ChildProcess from "node:child_process"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  bundled,
  compile,
  type Connected,
  connectStdio,
  run,
  type RunningEmulator,
  startEmulator,
  structured,
  textOf
} from "./support.js"

let emulator: RunningEmulator

beforeAll(async () => {
  emulator = await startEmulator({ active: 300 })
})

afterAll(async () => {
  await emulator?.dispose()
})

const all = ["--toolsets", "read,write,billable"]

const byName = (tools: ReadonlyArray<Tool>) => new Map(tools.map((t) => [t.name, t]))

const searchUs = async (server: Connected, size: number) => {
  const found = await server.client.callTool({
    name: "search_available_numbers",
    arguments: { regionCode: "US", type: "LOCAL", size }
  })
  return (found.structuredContent as { availableNumbers: Array<{ phoneNumber: string }> }).availableNumbers.map((n) =>
    n.phoneNumber
  )
}

const activeIn = (phoneNumber: string) =>
  run(emulator, () =>
    Effect.promise(async () => {
      const found = await emulator.service.fetch(
        `${emulator.service.baseUrl}/v1/projects/${emulator.service.projectId}/activeNumbers/${
          encodeURIComponent(phoneNumber)
        }`,
        { headers: { authorization: `Basic ${btoa(`${emulator.service.keyId}:emulator-key-secret`)}` } }
      )
      return found.status === 200 ? (await found.json()) as { expireAt?: string } : undefined
    }))

describe("stdio, every tool", () => {
  let server: Connected
  let tools: Map<string, Tool>

  beforeAll(async () => {
    server = await connectStdio(emulator.env, all)
    tools = byName((await server.client.listTools()).tools)
  })
  afterAll(async () => {
    await server?.close()
  })

  it("lists every operation of the table and the summary, each schema valid JSON Schema with the MCP annotations", () => {
    expect([...tools.keys()].sort()).toEqual([
      "create_number_order",
      "deprovision_emergency_address",
      "get_active_number",
      "get_available_number",
      "get_callback_configuration",
      "get_emergency_address",
      "get_number_order",
      "get_number_order_registration",
      "list_active_numbers",
      "list_available_regions",
      "lookup_number_requirements",
      "provision_emergency_address",
      "release_number",
      "rent_any_number",
      "rent_number",
      "search_available_numbers",
      "submit_number_order",
      "summarize_active_numbers",
      "update_active_number",
      "update_callback_configuration",
      "update_number_order_registration",
      "upload_number_order_attachment",
      "validate_emergency_address"
    ])
    for (const tool of tools.values()) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(40)
      expect(tool.inputSchema.type).toBe("object")
      expect(tool.outputSchema?.type, tool.name).toBe("object")
      compile(tool.inputSchema)
      compile(tool.outputSchema)
    }
    expect(tools.get("search_available_numbers")!.annotations).toMatchObject({ readOnlyHint: true })
    expect(tools.get("release_number")!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true })
    expect(tools.get("update_active_number")!.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true
    })
    expect(tools.get("rent_number")!.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: false })
    // a billable tool takes the token besides the operation's own input
    expect(Object.keys(tools.get("rent_number")!.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["phoneNumber", "smsConfiguration", "confirmationToken"])
    )
  })

  it("calls every tool once; every structured result matches the tool's outputSchema", async () => {
    const call = async (name: string, args: Record<string, unknown>) =>
      structured(tools.get(name), await server.client.callTool({ name, arguments: args }))
    // a billable tool: the quote, then the same arguments with its token
    const confirmed = async (name: string, args: Record<string, unknown>) => {
      const quote = await call(name, args)
      expect(quote.status).toBe("confirmation_required")
      expect(quote.confirmationToken).toMatch(/^[0-9a-f]{32}$/)
      const done = await call(name, { ...args, confirmationToken: quote.confirmationToken })
      expect(done.status, JSON.stringify(done)).toBe("done")
      return done.result
    }
    const [first] = await searchUs(server, 1)
    expect((await call("get_available_number", { phoneNumber: first })).phoneNumber).toBe(first)
    expect((await confirmed("rent_number", { phoneNumber: first })).phoneNumber).toBe(first)
    expect(await activeIn(first!)).toBeDefined()
    const any = await confirmed("rent_any_number", { regionCode: "US", type: "LOCAL" })
    expect(await activeIn(any.phoneNumber)).toBeDefined()

    const page = await call("list_active_numbers", { pageSize: 5 })
    expect(page.activeNumbers).toHaveLength(5)
    expect(typeof page.nextPageToken).toBe("string")
    const next = await call("list_active_numbers", { pageSize: 5, pageToken: page.nextPageToken })
    expect(next.activeNumbers[0].phoneNumber).not.toBe(page.activeNumbers[0].phoneNumber)

    expect((await call("get_active_number", { phoneNumber: first })).phoneNumber).toBe(first)
    expect((await call("update_active_number", { phoneNumber: first, displayName: "from mcp" })).displayName).toBe(
      "from mcp"
    )
    const address = {
      displayName: "HQ",
      address: { streetNumber: "1", streetInfo: "Main St", city: "Springfield", state: "IL", postalCode: "62701" }
    }
    await call("validate_emergency_address", { phoneNumber: first, ...address })
    await call("provision_emergency_address", { phoneNumber: first, ...address })
    await call("get_emergency_address", { phoneNumber: first })
    // void: null in JSON, under result (structuredContent is an object)
    expect(await call("deprovision_emergency_address", { phoneNumber: first })).toEqual({ result: null })

    expect((await call("list_available_regions", {})).availableRegions.length).toBeGreaterThan(0)
    await call("get_callback_configuration", {})
    const secret = "a".repeat(40)
    expect((await call("update_callback_configuration", { hmacSecret: secret })).hmacSecret).toBe(secret)
    // GB LOCAL numbers need a document: the order goes through registration and an attachment
    const requirements = await call("lookup_number_requirements", { regionCode: "GB", numberType: "LOCAL" })
    const gb = await call("search_available_numbers", { regionCode: "GB", type: "LOCAL", size: 1 })
    const order = await confirmed("create_number_order", {
      regionCode: "GB",
      numberType: "LOCAL",
      numberOrderOption: { phoneNumbers: [gb.availableNumbers[0].phoneNumber] }
    })
    const numberOrderId = order.idNumberOrder as string
    expect((await call("get_number_order", { numberOrderId })).idNumberOrder).toBe(numberOrderId)
    await call("update_number_order_registration", {
      numberOrderId,
      requestDetails: {
        endBusinessName: "Acme Ltd",
        endBusinessAddress: "1 High Street",
        city: "London",
        postalCode: "SW1A 1AA",
        country: "GB"
      }
    })
    const attachmentId = requirements.attachments[0].id as string
    await call("upload_number_order_attachment", {
      numberOrderId,
      attachmentId,
      file: Buffer.from("%PDF-1.4 test").toString("base64"),
      fileName: "proof.pdf",
      mimeType: "application/pdf"
    })
    await call("get_number_order_registration", { numberOrderId })
    expect((await confirmed("submit_number_order", { numberOrderId })).idNumberOrder).toBe(numberOrderId)

    const released = await confirmed("release_number", { phoneNumber: first })
    expect(released.expireAt).toBeDefined()
    expect((await activeIn(first!))?.expireAt).toBeDefined()

    const summary = await call("summarize_active_numbers", {})
    expect(summary.total).toBeGreaterThanOrEqual(300)
    expect(Object.values(summary.byRegion as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(summary.total)
  })

  it("refuses a reused token, a token for other arguments and a token for another tool; nothing is sent", async () => {
    const tokenOf = async (name: string, phoneNumber: string) =>
      structured(tools.get(name), await server.client.callTool({ name, arguments: { phoneNumber } }))
        .confirmationToken as string
    const rentWith = (phoneNumber: string, confirmationToken: string) =>
      server.client.callTool({ name: "rent_number", arguments: { phoneNumber, confirmationToken } })
    const [a, b] = (await searchUs(server, 2)) as [string, string]

    // other arguments: refused, and the token is void
    const token = await tokenOf("rent_number", a)
    const changed = await rentWith(b, token)
    expect(changed.isError).toBe(true)
    expect(textOf(changed)).toMatch(/issued for other arguments.*Nothing was sent/)
    expect(await activeIn(b)).toBeUndefined()
    const voided = await rentWith(a, token)
    expect(voided.isError).toBe(true)
    expect(textOf(voided)).toMatch(/unknown or was already used/)
    expect(await activeIn(a)).toBeUndefined()

    // used once, then refused
    const fresh = await tokenOf("rent_number", a)
    expect(structured(tools.get("rent_number"), await rentWith(a, fresh)).status).toBe("done")
    const again = await rentWith(a, fresh)
    expect(again.isError).toBe(true)
    expect(textOf(again)).toMatch(/already used/)

    // a token of one tool does not act for another
    const other = await rentWith(a, await tokenOf("release_number", a))
    expect(other.isError).toBe(true)
    expect((await activeIn(a))?.expireAt).toBeUndefined()
  })

  it("answers bad arguments with invalid-params naming the field, and stays up", async () => {
    const wrongType = await server.client.callTool({ name: "rent_number", arguments: { phoneNumber: 5 } }).catch((
      e: Error
    ) => e)
    expect(String(wrongType)).toMatch(/-32602.*phoneNumber.*Expected string/)
    const missing = await server.client.callTool({ name: "search_available_numbers", arguments: { type: "LOCAL" } })
      .catch((e: Error) => e)
    expect(String(missing)).toMatch(/-32602.*regionCode/)
    const badEnum = await server.client.callTool({
      name: "search_available_numbers",
      arguments: { regionCode: "US", type: "CHEAP" }
    }).catch((e: Error) => e)
    expect(String(badEnum)).toMatch(/-32602.*type/)
    const unknownTool = await server.client.callTool({ name: "buy_everything", arguments: {} }).catch((e: Error) => e)
    expect(String(unknownTool)).toMatch(/-32602.*buy_everything.*not found/)
    const tooBig = await server.client.callTool({ name: "list_active_numbers", arguments: { pageSize: 100_000 } })
      .catch((e: Error) => e)
    expect(String(tooBig)).toMatch(/-32602.*pageSize.*at most 1000/)
    // a 5 MB string: refused with a short message
    const huge = "9".repeat(5_000_000)
    const hugeCall = await server.client.callTool({ name: "get_available_number", arguments: { phoneNumber: huge } })
      .catch((e: Error) => e)
    expect(String(hugeCall)).toMatch(/-32602.*phoneNumber/)
    expect(String(hugeCall).length).toBeLessThan(2_000)
    // an API error is a tool result with the typed error's message, no stack, no secret
    const notFound = await server.client.callTool({
      name: "get_active_number",
      arguments: { phoneNumber: "+10000000000" }
    })
    expect(notFound.isError).toBe(true)
    expect(textOf(notFound)).toMatch(/^NotFound: /)
    expect(textOf(notFound)).not.toMatch(/at .*\.js:\d+|emulator-key-secret|Bearer/)
    // still up
    expect((await server.client.listTools()).tools.length).toBe(23)
    expect(server.stderr()).not.toMatch(/emulator-key-secret/)
  })

  it("survives a burst of 10,000 calls: every one answered, typed", async () => {
    const calls = Array.from({ length: 10_000 }, (_, i) =>
      i % 100 === 0
        ? server.client.callTool({ name: "get_callback_configuration", arguments: {} })
        : i % 3 === 0
        ? server.client.callTool({ name: "no_such_tool", arguments: {} })
        : i % 3 === 1
        ? server.client.callTool({ name: "get_active_number", arguments: { phoneNumber: i } })
        : server.client.callTool({ name: "search_available_numbers", arguments: { regionCode: "US", size: "x" } }))
    const settled = await Promise.allSettled(calls)
    const invalid = settled.filter((s) => s.status === "rejected" && String(s.reason).includes("-32602"))
    const answered = settled.filter((s) => s.status === "fulfilled" && s.value.isError !== true)
    expect(invalid).toHaveLength(9_900)
    expect(answered).toHaveLength(100)
    expect((await server.client.listTools()).tools.length).toBe(23)
  }, 180_000)
})

describe("stdio, toolsets", () => {
  it("serves read and write by default, no billable tool", async () => {
    const server = await connectStdio(emulator.env)
    try {
      const names = (await server.client.listTools()).tools.map((t) => t.name)
      expect(names).toContain("update_active_number")
      expect(names).toContain("summarize_active_numbers")
      expect(names.filter((n) => /^(rent|release|create_number_order|submit)/.test(n))).toEqual([])
      const refused = await server.client.callTool({ name: "rent_number", arguments: { phoneNumber: "+12015550100" } })
        .catch((e: Error) => e)
      expect(String(refused)).toMatch(/-32602.*not found/)
    } finally {
      await server.close()
    }
  })

  it("--read-only serves nothing that changes anything, whatever --toolsets says", async () => {
    const server = await connectStdio(emulator.env, ["--read-only", ...all])
    try {
      const tools = (await server.client.listTools()).tools
      expect(tools.length).toBeGreaterThan(8)
      for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true)
      expect(tools.map((t) => t.name)).not.toContain("update_active_number")
    } finally {
      await server.close()
    }
  })
})

describe("stdio, elicitation", () => {
  it("asks the user with the number and its prices; accepted, it rents; declined, nothing is sent", async () => {
    const asked: Array<string> = []
    let answer: "accept" | "decline" = "decline"
    const server = await connectStdio(emulator.env, all, {
      elicitation: true,
      configure: (client) =>
        client.setRequestHandler(ElicitRequestSchema, (request) => {
          asked.push(request.params.message)
          return answer === "accept" ? { action: "accept", content: { confirm: true } } : { action: "decline" }
        })
    })
    try {
      const tools = byName((await server.client.listTools()).tools)
      const [a, b] = await searchUs(server, 2)
      const declined = structured(
        tools.get("rent_number"),
        await server.client.callTool({ name: "rent_number", arguments: { phoneNumber: a } })
      )
      expect(declined.status).toBe("declined")
      expect(declined.confirmationToken).toBeUndefined()
      expect(asked[0]).toContain(a)
      expect(asked[0]).toMatch(/monthly 2\.00 USD/)
      expect(await activeIn(a!)).toBeUndefined()

      answer = "accept"
      const done = structured(
        tools.get("rent_number"),
        await server.client.callTool({ name: "rent_number", arguments: { phoneNumber: b } })
      )
      expect(done.status).toBe("done")
      expect(asked).toHaveLength(2)
      expect(await activeIn(b!)).toBeDefined()
    } finally {
      await server.close()
    }
  })
})

describe("stdio, limits", () => {
  it("expires confirmation tokens (--confirmation-ttl); --max-monthly-spend refuses a rent past the cap", async () => {
    // numbers cost 2.00 a month in the emulator: 5.00 allows two
    const server = await connectStdio(emulator.env, [...all, "--confirmation-ttl", "3", "--max-monthly-spend", "5.00"])
    try {
      const [a, b, c] = await searchUs(server, 3)
      const quote = await server.client.callTool({ name: "rent_number", arguments: { phoneNumber: a } })
      await new Promise((resolve) => setTimeout(resolve, 3_200))
      const late = await server.client.callTool({
        name: "rent_number",
        arguments: { phoneNumber: a, confirmationToken: (quote.structuredContent as any).confirmationToken }
      })
      expect(late.isError).toBe(true)
      expect(textOf(late)).toMatch(/expired.*Nothing was sent/)
      expect(await activeIn(a!)).toBeUndefined()

      for (const n of [a, b]) {
        const quote = await server.client.callTool({ name: "rent_number", arguments: { phoneNumber: n } })
        const done = await server.client.callTool({
          name: "rent_number",
          arguments: { phoneNumber: n, confirmationToken: (quote.structuredContent as any).confirmationToken }
        })
        expect((done.structuredContent as any).status).toBe("done")
      }
      const refused = await server.client.callTool({ name: "rent_number", arguments: { phoneNumber: c } })
      expect(refused.isError).toBe(true)
      expect(textOf(refused)).toMatch(/adds 2 a month.*committed 4 of its --max-monthly-spend 5.*Nothing was sent/)
      expect(await activeIn(c!)).toBeUndefined()
    } finally {
      await server.close()
    }
  })

  it("ends with 0 when the client closes stdin; a bad option ends with 2, said on stderr; stdout stays empty", async () => {
    const run = (args: ReadonlyArray<string>) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = ChildProcess.execFile(
          process.execPath,
          [bundled, ...args],
          { env: { PATH: process.env.PATH ?? "", ...emulator.env }, timeout: 30_000 },
          (error, stdout, stderr) =>
            resolve({ code: error === null ? 0 : (error.code as number | null) ?? 1, stdout, stderr })
        )
        child.stdin?.end()
      })
    const [closed, bad, noTime] = await Promise.all([
      run([]),
      run(["--toolsets", "read,everything"]),
      run(["--timeout", "0"])
    ])
    expect(closed).toMatchObject({ code: 0, stdout: "" })
    expect(bad).toMatchObject({ code: 2, stdout: "" })
    expect(bad.stderr).toMatch(/--toolsets: unknown toolset "everything"/)
    expect(noTime).toMatchObject({ code: 2, stdout: "" })
    expect(noTime.stderr).toMatch(/--timeout: expected a number of seconds, more than 0/)
  })
})

describe("stdio, framing", () => {
  it("answers a line that is not JSON with a parse error (-32700) and reads on: the next request is answered", async () => {
    const child = ChildProcess.spawn(process.execPath, [bundled], {
      env: { PATH: process.env.PATH ?? "", ...emulator.env },
      stdio: ["pipe", "pipe", "pipe"]
    })
    try {
      const lines: Array<any> = []
      let buffer = ""
      const arrived = (count: number) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${lines.length} of ${count} lines: ${buffer}`)), 20_000)
          const check = () => {
            if (lines.length >= count) {
              clearTimeout(timer)
              resolve()
            } else setTimeout(check, 20)
          }
          check()
        })
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString()
        let end: number
        while ((end = buffer.indexOf("\n")) !== -1) {
          lines.push(JSON.parse(buffer.slice(0, end)))
          buffer = buffer.slice(end + 1)
        }
      })
      // a bad line, then a request in the same write: both are seen
      child.stdin.write(
        `garbage {\n${
          JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "initialize",
            params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } }
          })
        }\n`
      )
      await arrived(2)
      expect(lines[0]).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } })
      expect(lines[1]).toMatchObject({ jsonrpc: "2.0", id: 1, result: { serverInfo: { name: "sinch-numbers" } } })
      // a request split across two writes is put back together
      const ping = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" })
      child.stdin.write(ping.slice(0, 10))
      await new Promise((resolve) => setTimeout(resolve, 50))
      child.stdin.write(`${ping.slice(10)}\n`)
      await arrived(3)
      expect(lines[2]).toMatchObject({ jsonrpc: "2.0", id: 2, result: {} })
    } finally {
      child.kill()
    }
  })
})
