import { describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

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

describe("pnpm emulator", () => {
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
      const output = emulator.lines.join("\n")
      expect(output).toContain("cli-project")
      expect(output).toContain("cli-key")
      expect(output).toContain("cli-secret")
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
    expect(unknown.stderr.join("")).toContain("Unknown flag --actve")
    expect(gone.stderr.join("")).toContain("strict encoding is the default now; --lenient-encoding")
  })
})
