/**
 * A real `redis-server`, for the tests and the bench: on 127.0.0.1 and a free port, without persistence, in a
 * temporary directory, stopped when its scope closes. Suites that need one go through `RedisSuite.describeWithRedis`.
 *
 * @since 0.0.0
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"

const versionCheck = ChildProcess.spawnSync("redis-server", ["--version"], { encoding: "utf8" })

/**
 * The installed redis-server's version (`"?"` when it does not say), or undefined when it cannot be run here.
 *
 * @since 0.0.0
 * @category installation
 */
export const version: string | undefined = versionCheck.status === 0 ?
  /v=(\S+)/.exec(versionCheck.stdout)?.[1] ?? "?" :
  undefined

/**
 * Whether `redis-server` can be run here.
 *
 * @since 0.0.0
 * @category installation
 */
export const available: boolean = version !== undefined

/**
 * What to say when it cannot.
 *
 * @since 0.0.0
 * @category installation
 */
export const missing = "redis-server is not installed (Debian: apt-get install -y redis-server)"

/**
 * A running redis-server.
 *
 * @since 0.0.0
 * @category models
 */
export interface RedisServer {
  readonly host: string
  readonly port: number
  readonly url: string
  /** Stops the server now (as a crash or an outage would); the scope's end then has nothing left to stop. */
  readonly stop: Effect.Effect<void>
  /** Kills the server with SIGKILL (a crash: no goodbye to its clients). */
  readonly kill: Effect.Effect<void>
  /** Starts a new, empty server on the same port, after `stop` or `kill`; stopped when the scope closes. */
  readonly restart: Effect.Effect<void>
}

/**
 * What to start redis-server with.
 *
 * @since 0.0.0
 * @category models
 */
export interface Options {
  /** `requirepass`: clients must authenticate. */
  readonly password?: string | undefined
  /** `maxmemory` with `noeviction`: writes are refused once it is reached. */
  readonly maxmemory?: string | undefined
}

/**
 * A port nothing listens on right now.
 *
 * @since 0.0.0
 * @category constructors
 */
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

const spawn = (port: number, dir: string, options: Options) =>
  ChildProcess.spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      ...(options.password === undefined ? [] : ["--requirepass", options.password]),
      ...(options.maxmemory === undefined ? [] : ["--maxmemory", options.maxmemory, "--maxmemory-policy", "noeviction"])
    ],
    { stdio: ["ignore", "pipe", "pipe"] }
  )

const ready = (child: ChildProcess.ChildProcess) =>
  Effect.async<void, Error>((resume) => {
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

/**
 * Starts redis-server and waits until it accepts connections.
 *
 * @since 0.0.0
 * @category constructors
 */
export const makeWith = (options: Options): Effect.Effect<RedisServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const port = yield* freePort
    const dir = yield* Effect.acquireRelease(
      Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-sinch-redis-"))),
      (dir) => Effect.sync(() => Fs.rmSync(dir, { recursive: true, force: true }))
    )
    // the running server: replaced by `restart`, stopped with the scope
    let child = spawn(port, dir, options)
    yield* Effect.addFinalizer(() => stopChild(child))
    // a process that exits before the scope closes (process.exit, a signal's handler) takes redis-server with it
    const kill = () => child.kill("SIGKILL")
    yield* Effect.acquireRelease(
      Effect.sync(() => process.once("exit", kill)),
      () => Effect.sync(() => process.off("exit", kill))
    )
    yield* ready(child)
    const password = options.password === undefined ? "" : `:${encodeURIComponent(options.password)}@`
    return {
      host: "127.0.0.1",
      port,
      url: `redis://${password}127.0.0.1:${port}`,
      stop: Effect.suspend(() => stopChild(child)),
      kill: Effect.suspend(() =>
        Effect.async<void>((resume) => {
          if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
          child.once("exit", () => resume(Effect.void))
          child.kill("SIGKILL")
        })
      ),
      restart: Effect.suspend(() => {
        child = spawn(port, dir, options)
        return ready(child)
      })
    }
  })

/**
 * Starts redis-server with no password and no memory limit, and waits until it accepts connections.
 *
 * @since 0.0.0
 * @category constructors
 */
export const make: Effect.Effect<RedisServer, never, Scope.Scope> = makeWith({})
