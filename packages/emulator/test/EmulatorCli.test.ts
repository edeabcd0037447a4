import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import type * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { type AddressInfo, createServer } from "node:net"
import { fileURLToPath } from "node:url"
import * as Emulator from "../src/Emulator.js"
import * as EmulatorCli from "../src/EmulatorCli.js"
import { call } from "./rawClient.js"

const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url))
const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))

interface Run {
  readonly lines: Array<string>
  readonly stderr: Array<string>
  readonly exited: Promise<number | null>
  readonly kill: (signal: NodeJS.Signals) => void
  readonly waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>
}

const run = (args: ReadonlyArray<string>): Run => {
  const child = spawn(tsx, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] })
  const lines: Array<string> = []
  const stderr: Array<string> = []
  const waiters: Array<() => void> = []
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) if (line !== "") lines.push(line)
    for (const w of waiters.splice(0)) w()
  })
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
  return {
    lines,
    stderr,
    exited,
    kill: (signal) => child.kill(signal),
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          for (const line of lines) {
            const m = line.match(pattern)
            if (m !== null) return resolve(m)
          }
          waiters.push(check)
        }
        exited.then(() => reject(new Error(`exited before printing ${pattern}: ${stderr.join("")}`)))
        check()
      })
  }
}

/** Parses a command line with the real options, keeping what the handler would have been given and what was printed. */
const parse = (args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const seen = yield* Ref.make<EmulatorCli.Parsed | undefined>(undefined)
    const command = Command.withHandler(EmulatorCli.command, (parsed) => Ref.set(seen, parsed))
    yield* Command.run(command, { name: EmulatorCli.name, version: EmulatorCli.version })(["node", "bin", ...args])
    return EmulatorCli.toEmulatorOptions((yield* Ref.get(seen))!)
  }).pipe(Effect.provide(NodeContext.layer))

/** The messages a refused command line prints. */
const refusal = (args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const printed: Array<string> = []
    const console: Console.Console = {
      ...(yield* Effect.console),
      error: (...lines) => Effect.sync(() => printed.push(lines.join(" ")))
    }
    const result = yield* Effect.either(Effect.withConsole(parse(args), console))
    expect(result._tag, args.join(" ")).toBe("Left")
    return printed.join("\n")
  })

describe("EmulatorCli", () => {
  it("shows the package's version (pnpm changeset-version keeps src/internal/version.ts in step)", () => {
    const manifest = JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8"))
    expect(EmulatorCli.version).toBe(manifest.version)
  })

  it.effect("defaults every option to what the usage text says", () =>
    Effect.gen(function*() {
      const options = yield* parse([])
      expect(options).toMatchObject({
        host: "127.0.0.1",
        port: 4010,
        projectId: "emulator-project",
        keyId: "emulator-key-id",
        keySecret: "emulator-key-secret",
        active: 100,
        available: 10_000,
        seed: 1,
        lenientEncoding: false
      })
      expect(Duration.toMillis(options.tokenTtl!)).toBe(3_600_000)
      expect(Duration.toMillis(options.provisioningDelay!)).toBe(2000)
      expect(Duration.toMillis(options.orderReviewDelay!)).toBe(5000)
      expect(options.faults).toBeUndefined()
      expect(options.authBurstLimit).toBe(false)
      expect(options.rateLimit).toBeUndefined()
    }))

  it.effect("mounts under another name as a subcommand, with the same options", () =>
    Effect.gen(function*() {
      const seen = yield* Ref.make<EmulatorCli.Parsed | undefined>(undefined)
      const tool = Command.make("tool").pipe(
        Command.withSubcommands([
          Command.withHandler(EmulatorCli.make("emulator"), (parsed) => Ref.set(seen, parsed))
        ])
      )
      yield* Command.run(tool, { name: "tool", version: "1" })(["node", "tool", "emulator", "--active", "7"])
      expect((yield* Ref.get(seen))?.active).toBe(7)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.effect("reads the emulator's own limits: --auth-burst-limit and --rate-limit per second, minute or hour", () =>
    Effect.gen(function*() {
      const options = yield* parse(["--auth-burst-limit", "--rate-limit", "600/min"])
      expect(options.authBurstLimit).toBe(true)
      const budget = options.rateLimit as { readonly requests: number; readonly per: Duration.DurationInput }
      expect(budget.requests).toBe(600)
      expect(Duration.toMillis(budget.per)).toBe(60_000)
      expect(yield* refusal(["--rate-limit", "fast"])).toContain("--rate-limit expects requests per period")
    }))

  it.effect("reads --flag=value, durations in their units, and --fault-rate over the global rule of --faults", () =>
    Effect.gen(function*() {
      const options = yield* parse([
        "--port=0",
        "--token-ttl",
        "1.5",
        "--latency",
        "20",
        "--faults",
        JSON.stringify({
          global: { rate: 0.9, statuses: [503] },
          operations: { RentNumber: { dropBeforeResponse: 1 } }
        }),
        "--fault-rate",
        "0.25"
      ])
      expect(options.port).toBe(0)
      expect(Duration.toMillis(options.tokenTtl!)).toBe(1500)
      expect(Duration.toMillis(options.latency!)).toBe(20)
      expect(options.faults?.global).toMatchObject({ rate: 0.25, statuses: [503] })
      expect(options.faults?.operations?.RentNumber).toMatchObject({ dropBeforeResponse: 1 })
    }))

  describe("a flag that sets a field of --faults wins when given, and leaves the document alone when left out", () => {
    const document = {
      seed: 7,
      global: { rate: 0.5, statuses: [503], latency: 5000 },
      operations: { RentNumber: { dropBeforeResponse: 1 } }
    }
    /** What the emulator a command line starts reports at GET /_emulator/faults and GET /_emulator. */
    const started = (args: ReadonlyArray<string>) =>
      Effect.flatMap(parse(args), (options) =>
        Effect.all({
          faults: Effect.map(call("GET", "/_emulator/faults", { auth: null }), (answer) => answer.body),
          settings: Effect.map(call("GET", "/_emulator", { auth: null }), (answer) => answer.body)
        }).pipe(Effect.provide(Emulator.layerHttpClient(options))))
    const withDocument = (...args: ReadonlyArray<string>) => started(["--faults", JSON.stringify(document), ...args])

    it.effect("the document alone is the configuration, every field of it", () =>
      Effect.gen(function*() {
        const { faults, settings } = yield* withDocument()
        expect(faults).toEqual(document)
        expect(settings.seed).toBe(1)
      }))

    for (const [flag, field, value] of [["--latency", "latency", 20], ["--fault-rate", "rate", 0.25]] as const) {
      it.effect(`${flag}: given, the global ${field}; left out, the document's; without a document, none`, () =>
        Effect.gen(function*() {
          expect((yield* withDocument(flag, String(value))).faults).toEqual({
            ...document,
            global: { ...document.global, [field]: value }
          })
          expect((yield* withDocument(flag, "0")).faults.global[field]).toBe(0)
          expect((yield* started([flag, String(value)])).faults).toEqual({ global: { [field]: value } })
          expect((yield* started([])).faults).toEqual({})
        }))
    }

    it.effect("--seed: given, the seed of the faults and the inventory; left out, the document's seeds the faults", () =>
      Effect.gen(function*() {
        const given = yield* withDocument("--seed", "3")
        expect(given.faults).toEqual({ ...document, seed: 3 })
        expect(given.settings.seed).toBe(3)
        // without a seed in the document, the faults follow the emulator's
        const { seed: _, ...unseeded } = document
        const follows = yield* started(["--faults", JSON.stringify(unseeded), "--seed", "3"])
        expect(follows.faults.seed ?? follows.settings.seed).toBe(3)
      }))

    it.effect("all three given at once", () =>
      Effect.gen(function*() {
        const { faults } = yield* withDocument("--seed", "3", "--latency", "20", "--fault-rate", "0.25")
        expect(faults).toEqual({ ...document, seed: 3, global: { rate: 0.25, statuses: [503], latency: 20 } })
      }))
  })

  it.effect("refuses out-of-range numbers, a bad project id and bad fault JSON, saying why", () =>
    Effect.gen(function*() {
      expect(yield* refusal(["--port", "70000"])).toContain("--port must be from 0 to 65535, got 70000")
      expect(yield* refusal(["--fault-rate", "2"])).toContain("--fault-rate must be from 0 to 1, got 2")
      expect(yield* refusal(["--project-id", "a/b"])).toContain("--project-id must be 1 to 128 characters")
      expect(yield* refusal(["--faults", "{\"global\":{\"rate\":7}}"])).toContain("Expected a rate from 0 to 1, got 7")
      expect(yield* refusal(["--active", "ten"])).toContain("'ten' is not a integer")
      expect(yield* refusal(["--key-id", ""])).toContain("--key-id needs a value")
    }))
})

describe("sinch-numbers-emulator", () => {
  it("starts a million-number emulator quickly, prints where and how to connect, and stops cleanly on SIGINT", async () => {
    const started = Date.now()
    const emulator = run([
      "--port",
      "0",
      "--active",
      "1000000",
      "--project-id",
      "cli-project",
      "--key-id",
      "cli-key",
      "--key-secret",
      "cli-secret",
      "--seed",
      "9",
      "--token-ttl",
      "60",
      "--fault-rate",
      "0",
      "--latency",
      "0",
      "--lenient-encoding"
    ])
    try {
      const [, baseUrl] = await emulator.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
      // loose: tsx compiles on start, and the machine is shared
      expect(Date.now() - started).toBeLessThan(20_000)
      await emulator.waitFor(/Ctrl-C/)
      // each setting as a client takes it: the numbers URL is the bare origin, or the path doubles
      expect(emulator.lines).toEqual(expect.arrayContaining([
        "  SINCH_PROJECT_ID=cli-project",
        "  SINCH_KEY_ID=cli-key",
        "  SINCH_KEY_SECRET=cli-secret",
        `  SINCH_AUTH_URL=${baseUrl}/oauth2/token`,
        `  SINCH_NUMBERS_URL=${baseUrl}`
      ]))
      const auth = `Basic ${Buffer.from("cli-key:cli-secret").toString("base64")}`
      const page = await fetch(`${baseUrl}/v1/projects/cli-project/activeNumbers?pageSize=3`, {
        headers: { authorization: auth }
      })
      const body = await page.json() as { totalSize: number; activeNumbers: Array<unknown> }
      expect(body.totalSize).toBe(1_000_000)
      expect(body.activeNumbers).toHaveLength(3)
      const token = await fetch(`${baseUrl}/oauth2/token`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials"
      })
      expect((await token.json() as { expires_in: number }).expires_in).toBe(60)
      const about = await fetch(`${baseUrl}/_emulator`)
      expect(await about.json()).toMatchObject({ projectId: "cli-project", lenientEncoding: true })
    } finally {
      emulator.kill("SIGINT")
    }
    expect(await emulator.exited).toBe(0)
  })

  it("refuses bad flags with a clear message and a non-zero exit", async () => {
    const bad = run(["--port", "70000"])
    const unknown = run(["--actve", "5"])
    const gone = run(["--strict-encoding"])
    expect(await Promise.all([bad.exited, unknown.exited, gone.exited])).toEqual([2, 2, 2])
    expect(bad.stderr.join("")).toContain("--port must be from 0 to 65535, got 70000")
    expect(unknown.stderr.join("")).toContain("Received unknown argument: '--actve'")
    expect(gone.stderr.join("")).toContain("strict encoding is the default now; --lenient-encoding")
  })

  it("exits 1 with the reason when it cannot listen (the port is taken)", async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve))
    try {
      const port = (taken.address() as AddressInfo).port
      const second = run(["--port", String(port)])
      expect(await second.exited).toBe(1)
      expect(second.stderr.join("")).toContain(`emulator: Could not listen on 127.0.0.1:${port}`)
    } finally {
      taken.close()
    }
  })

  it("prints usage for its own name, with every flag and its default, and exits 0", async () => {
    const help = run(["--help"])
    expect(await help.exited).toBe(0)
    const text = help.lines.join("\n")
    expect(text).toContain("$ sinch-numbers-emulator [--port N]")
    expect(text).not.toContain("pnpm emulator")
    for (const flag of ["--port", "--active", "--fault-rate", "--faults", "--latency", "--lenient-encoding"]) {
      expect(text).toContain(flag)
    }
    expect(text).toContain("Default 4010.")
  })
})
