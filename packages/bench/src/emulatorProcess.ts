/**
 * The bench's child processes: the emulator in its own process on loopback, so the client under test never shares a
 * process with it, and the measured processes (runner.ts, fleetWorker.ts) with their `BENCH-READY` and
 * `BENCH-RESULT` lines.
 */
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import * as Url from "node:url"
import type { Connection } from "./contender.js"

/** The repository root (this file is packages/bench/src/emulatorProcess.ts). */
export const repoRoot = Path.resolve(Path.dirname(Url.fileURLToPath(import.meta.url)), "../../..")

const children = new Set<ChildProcess.ChildProcess>()

/** Spawns a compiled entry point (see compile.ts) with plain Node; every child is killed when this process exits. */
export const spawnJs = (
  entry: string,
  args: ReadonlyArray<string>,
  nodeFlags: ReadonlyArray<string> = []
): ChildProcess.ChildProcess => {
  const child = ChildProcess.spawn(process.execPath, [...nodeFlags, entry, ...args], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production" }
  })
  children.add(child)
  child.once("exit", () => children.delete(child))
  return child
}

/** Kills every child still running. */
export const killChildren = () => {
  for (const child of children) child.kill("SIGKILL")
  children.clear()
}

process.once("exit", killChildren)
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killChildren()
    process.exit(130)
  })
}

/** A measured child: `ready` once it is set up (or has ended), `go` releases it, `result` is its figures. */
export interface Launched<A> {
  readonly ready: Promise<void>
  readonly go: () => void
  readonly result: Promise<A>
}

/** How a child without a readable `BENCH-RESULT` line ended, with the end of its stderr. */
export interface Silent {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stderr: string
}

/**
 * Starts a measured child (see spawnJs) and reads its last `BENCH-RESULT {json}` line. A gated child prints
 * `BENCH-READY` when set up and waits for a line on stdin (`go`) before it measures; one still running after
 * `timeoutMs` is killed, and `failed` says what a child that printed no result gives instead.
 */
export const launchJs = <A>(entry: string, args: ReadonlyArray<string>, options: {
  readonly nodeFlags?: ReadonlyArray<string> | undefined
  readonly timeoutMs: number
  readonly failed: (silent: Silent) => A
}): Launched<A> => {
  const child = spawnJs(entry, args, options.nodeFlags)
  let stdout = ""
  let stderr = ""
  let markReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    markReady = resolve
  })
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8")
    if (stdout.includes("BENCH-READY")) markReady()
  })
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000)
  })
  const result = new Promise<A>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs)
    child.once("close", (code, signal) => {
      clearTimeout(timer)
      markReady()
      const line = stdout.split("\n").reverse().find((l) => l.startsWith("BENCH-RESULT "))
      if (line !== undefined) {
        try {
          return resolve(JSON.parse(line.slice("BENCH-RESULT ".length)) as A)
        } catch {
          // fall through to the failure below
        }
      }
      resolve(options.failed({ code, signal, stderr }))
    })
  })
  return {
    ready,
    go: () => {
      if (child.stdin!.writable) child.stdin!.end("go\n")
    },
    result
  }
}

/** A running emulator. */
export interface Emulator extends Connection {
  /** its process, to read its memory */
  readonly pid: number | undefined
  readonly stop: () => Promise<void>
}

const credentialPatterns = {
  keyId: /key[ _-]?id\W*\s*([^\s,;"']+)/i,
  keySecret: /key[ _-]?secret\W*\s*([^\s,;"']+)/i,
  projectId: /project[ _-]?id\W*\s*([^\s,;"']+)/i
} as const

/**
 * Starts the emulator's CLI (`packages/emulator/src/bin.ts`, compiled) with the given flags (always on 127.0.0.1, port 0) and waits for the line
 * `listening on http://HOST:PORT` and the credentials it prints.
 */
export const startEmulator = (flags: ReadonlyArray<string>): Promise<Emulator> =>
  new Promise((resolve, reject) => {
    const child = spawnJs(
      "packages/bench/build/js/node_modules/@effect-sinch/emulator/src/bin.js",
      // no console page: what the bench measures is the API, as in runs before the console existed
      ["--host", "127.0.0.1", "--port", "0", "--no-console", ...flags]
    )
    let output = ""
    let errors = ""
    const found: { baseUrl?: string; keyId?: string; keySecret?: string; projectId?: string } = {}
    const timer = setTimeout(() => fail(new Error("the emulator did not report ready within 60 s")), 60_000)
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.kill("SIGKILL")
      reject(new Error(`${error.message}\n--- emulator stdout ---\n${output}\n--- stderr ---\n${errors.slice(-2000)}`))
    }
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done()
        child.once("exit", () => done())
        child.kill("SIGTERM")
        setTimeout(() => child.kill("SIGKILL"), 2000).unref()
      })
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8")
      const listening = /listening on (http:\/\/[^\s/]+)/.exec(output)
      if (listening) found.baseUrl = listening[1]!
      for (const key of ["keyId", "keySecret", "projectId"] as const) {
        const match = credentialPatterns[key].exec(output)
        if (match) found[key] = match[1]!
      }
      if (found.baseUrl && found.keyId && found.keySecret && found.projectId) {
        clearTimeout(timer)
        child.stdout!.off("data", onData)
        child.stdout!.resume()
        resolve({
          baseUrl: found.baseUrl,
          keyId: found.keyId,
          keySecret: found.keySecret,
          projectId: found.projectId,
          pid: child.pid,
          stop
        })
      }
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", (chunk: Buffer) => {
      errors += chunk.toString("utf8")
    })
    child.once("exit", (code, signal) => fail(new Error(`the emulator exited (${code ?? signal}) before it was ready`)))
  })
