/**
 * The emulator in its own child process on loopback, so the client under test never shares a process with it.
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

/** A running emulator. */
export interface Emulator extends Connection {
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
      ["--host", "127.0.0.1", "--port", "0", ...flags]
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
