/**
 * A real `redis-server` for the tests (as auth's test/fixtures/RedisServer.ts): on 127.0.0.1 and a free port, without
 * persistence, in a temporary directory, stopped when its scope closes. Where redis-server is not installed, suites say so and skip; in CI (`CI` set) they
 * fail instead, so that CI never passes without them.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"

/** Whether `redis-server` can be run here. */
export const available: boolean = ChildProcess.spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status ===
  0

const missing = "redis-server is not installed (Debian: apt-get install -y redis-server)"

/**
 * `describe`, when redis-server is there; otherwise a skipped suite and a plain note on stderr, or in CI a failing
 * test that says what is missing.
 */
export const describeWithRedis = (name: string, body: () => void): void => {
  if (available) {
    describe(name, body)
  } else if (process.env["CI"] !== undefined && process.env["CI"] !== "") {
    describe(name, () => {
      it("runs against a real redis-server", () => assert.fail(`${missing}: CI must not skip the Redis tests`))
    })
  } else {
    process.stderr.write(`SKIPPED "${name}": ${missing}\n`)
    describe.skip(name, body)
  }
}

export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Stops the server now (as a crash or an outage would); the scope's end then has nothing left to stop. */
  readonly stop: Effect.Effect<void>
}

/** A port nothing listens on right now. */
export const freePort: Effect.Effect<number> = Effect.async<number>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const port = (server.address() as Net.AddressInfo).port
    server.close(() => resume(Effect.succeed(port)))
  })
})

const stopChild = (child: ChildProcess.ChildProcess) =>
  Effect.async<void>((resume) => {
    if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
    child.once("exit", () => resume(Effect.void))
    child.kill("SIGTERM")
  })

/** Starts redis-server and waits until it accepts connections. */
export const make: Effect.Effect<RedisServer, never, Scope.Scope> = Effect.gen(function*() {
  const port = yield* freePort
  const dir = yield* Effect.acquireRelease(
    Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-sinch-redis-"))),
    (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
  )
  const child = yield* Effect.acquireRelease(
    Effect.sync(() =>
      ChildProcess.spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
        { stdio: ["ignore", "pipe", "pipe"] }
      )
    ),
    stopChild
  )
  yield* Effect.async<void, Error>((resume) => {
    let output = ""
    let done = false
    const finish = (effect: Effect.Effect<void, Error>) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resume(effect)
    }
    const timer = setTimeout(() => finish(Effect.fail(new Error(`redis-server did not start:\n${output}`))), 10_000)
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8")
      if (output.includes("Ready to accept connections")) finish(Effect.void)
    })
    child.stderr!.resume()
    child.once("exit", (code) => finish(Effect.fail(new Error(`redis-server exited (${code}):\n${output}`))))
  }).pipe(Effect.orDie)
  return { port, url: `redis://127.0.0.1:${port}`, stop: stopChild(child) }
})
