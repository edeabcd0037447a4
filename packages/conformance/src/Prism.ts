/**
 * Stoplight Prism as a scoped child process: `prism mock --dynamic` (answers generated from the document) or
 * `prism proxy --errors` (forwards to an upstream and validates both ways), on 127.0.0.1 and a free port, against
 * the pinned-discriminator copy of the contract (see `Spec.pinDiscriminators`).
 *
 * @since 0.0.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Command from "@effect/platform/Command"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Path from "@effect/platform/Path"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import { globalValue } from "effect/GlobalValue"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { createRequire } from "node:module"
import { fileURLToPath, pathToFileURL } from "node:url"
import * as Spec from "./Spec.js"

/**
 * What Prism does with requests.
 *
 * @since 0.0.0
 * @category models
 */
export type Mode =
  | { readonly _tag: "Mock" }
  | { readonly _tag: "Proxy"; readonly upstream: string }

/**
 * @since 0.0.0
 * @category models
 */
export interface StartOptions {
  readonly mode: Mode
  /** The document to validate against. Default: the repository's contract. */
  readonly document?: string | undefined
  /** How long Prism may take to say it listens. Default 60 seconds (it starts in a few on an idle machine). */
  readonly startTimeout?: Duration.DurationInput | undefined
}

/**
 * A running Prism.
 *
 * @since 0.0.0
 * @category models
 */
export interface Service {
  /** Where Prism answers, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string
  readonly mode: Mode
  /** The pinned copy Prism reads (in a temporary directory removed with the scope). */
  readonly document: string
  /** What the pinned copy adds to the document. */
  readonly pins: ReadonlyArray<Spec.Pin>
  /** Prism's last lines of output (stdout and stderr), for failure messages. */
  readonly output: Effect.Effect<ReadonlyArray<string>>
}

/**
 * @since 0.0.0
 * @category tags
 */
export class Prism extends Context.Tag("@effect-sinch/conformance/Prism")<Prism, Service>() {}

/**
 * Prism did not start, or the document could not be prepared. `output` holds its last lines.
 *
 * @since 0.0.0
 * @category errors
 */
export class PrismError extends Schema.TaggedError<PrismError>("@effect-sinch/conformance/PrismError")("PrismError", {
  reason: Schema.String,
  output: Schema.Array(Schema.String)
}) {
  override get message(): string {
    const tail = this.output.length === 0 ? " (no output)" : `; its last output:\n${this.output.join("\n")}`
    return `Prism: ${this.reason}${tail}`
  }
}

/**
 * The Prism CLI's entry point, resolved from this package's dependencies (no `npx`, no download).
 *
 * @since 0.0.0
 * @category constants
 */
export const cliPath: string = (() => {
  const require = createRequire(import.meta.url)
  const manifest = require.resolve("@stoplight/prism-cli/package.json")
  const bin = (require(manifest) as { readonly bin: { readonly prism: string } }).bin.prism
  return fileURLToPath(new URL(bin, pathToFileURL(manifest)))
})()

const keptLines = 40
// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g
const listening = /Prism is listening on (http:\/\/\S+)/

/**
 * Writes the pinned copy of a document into a scoped temporary directory and returns its path and pins.
 *
 * @since 0.0.0
 * @category constructors
 */
export const writePinnedDocument = (
  source: string = Spec.documentPath
): Effect.Effect<
  { readonly path: string; readonly pins: ReadonlyArray<Spec.Pin> },
  Spec.SpecError,
  FileSystem.FileSystem | Path.Path | Scope.Scope
> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const document = yield* Spec.load(source)
    const pinned = yield* Effect.try({
      try: () => Spec.pinDiscriminators(document),
      catch: (error) => new Spec.SpecError({ message: `Could not pin the discriminators: ${String(error)}` })
    })
    const directory = yield* Effect.mapError(
      fs.makeTempDirectoryScoped({ prefix: "effect-sinch-prism-" }),
      (error) => new Spec.SpecError({ message: `Could not make a temporary directory: ${error.message}` })
    )
    // JSON is YAML: Prism reads it as it reads the original, and nothing is lost to a YAML writer's choices.
    const file = path.join(directory, "numbers-openapi.pinned.json")
    yield* Effect.mapError(
      fs.writeFileString(file, JSON.stringify(pinned.document, null, 2)),
      (error) => new Spec.SpecError({ message: `Could not write ${file}: ${error.message}` })
    )
    return { path: file, pins: pinned.pins }
  })

/**
 * Starts Prism for the life of the scope: writes the pinned copy, runs `node <prism-cli> mock --dynamic` or
 * `proxy --errors <upstream>` on 127.0.0.1 with `-p 0`, and waits for `Prism is listening on http://HOST:PORT`.
 * Fails with `PrismError` (with Prism's last lines) when it exits or does not listen in time. Closing the scope
 * stops it (SIGTERM, then SIGKILL after 5 seconds).
 *
 * @since 0.0.0
 * @category constructors
 */
export const start = (
  options: StartOptions
): Effect.Effect<
  Service,
  PrismError,
  CommandExecutor.CommandExecutor | FileSystem.FileSystem | Path.Path | Scope.Scope
> =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const output = Effect.sync((): ReadonlyArray<string> => lines.slice())
    const fail = (reason: string) =>
      Effect.flatMap(output, (out) => Effect.fail(new PrismError({ reason, output: out })))

    const pinned = yield* Effect.catchAll(writePinnedDocument(options.document), (error) => fail(error.message))
    const args = options.mode._tag === "Mock"
      ? ["mock", "--dynamic"]
      : ["proxy", "--errors"]
    const command = Command.make(
      process.execPath,
      cliPath,
      ...args,
      "-h",
      "127.0.0.1",
      "-p",
      "0",
      pinned.path,
      ...(options.mode._tag === "Proxy" ? [options.mode.upstream] : [])
    ).pipe(Command.env({ NO_COLOR: "1", FORCE_COLOR: "0" }))

    const child = yield* Effect.catchAll(Command.start(command), (error) => fail(`could not start: ${error.message}`))
    // Ours runs before Command's own finalizer: a Prism that ignores SIGTERM would otherwise hold the scope open.
    yield* Effect.addFinalizer(() =>
      child.kill("SIGTERM").pipe(
        Effect.timeout(Duration.seconds(5)),
        Effect.catchAll(() => child.kill("SIGKILL")),
        Effect.ignore
      )
    )

    const ready = yield* Deferred.make<string, PrismError>()
    // Prism logs every request: its output is drained for its whole life, or a full pipe would stall it.
    yield* Stream.merge(child.stdout, child.stderr).pipe(
      Stream.decodeText(),
      Stream.splitLines,
      Stream.runForEach((raw) =>
        Effect.sync(() => {
          const line = raw.replace(ansi, "")
          lines.push(line)
          if (lines.length > keptLines) lines.shift()
          const match = listening.exec(line)
          if (match !== null) Deferred.unsafeDone(ready, Effect.succeed(match[1]!.replace(/\/+$/, "")))
        })
      ),
      Effect.ignore,
      Effect.forkScoped
    )
    yield* child.exitCode.pipe(
      Effect.matchEffect({
        onFailure: (error) => fail(`stopped before listening (${error.message})`),
        onSuccess: (code) => fail(`exited with code ${code} before listening`)
      }),
      Effect.intoDeferred(ready),
      Effect.forkScoped
    )

    const timeout = Duration.decode(options.startTimeout ?? Duration.seconds(60))
    const baseUrl = yield* Deferred.await(ready).pipe(
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () =>
          new PrismError({ reason: `did not listen within ${Duration.format(timeout)}`, output: lines.slice() })
      })
    )
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(baseUrl)) {
      return yield* fail(`listens on ${baseUrl}, not on 127.0.0.1`)
    }
    return { baseUrl, mode: options.mode, document: pinned.path, pins: pinned.pins, output }
  })

/**
 * Prism as a layer (Node's command executor and file system included).
 *
 * @since 0.0.0
 * @category layers
 */
export const layer = (options: StartOptions): Layer.Layer<Prism, PrismError> =>
  Layer.scoped(Prism, start(options)).pipe(Layer.provide(NodeContext.layer))

/**
 * `prism mock --dynamic` on the contract.
 *
 * @since 0.0.0
 * @category layers
 */
export const layerMock = (options: Omit<StartOptions, "mode"> = {}): Layer.Layer<Prism, PrismError> =>
  layer({ ...options, mode: { _tag: "Mock" } })

/**
 * `prism proxy --errors <upstream>` on the contract.
 *
 * @since 0.0.0
 * @category layers
 */
export const layerProxy = (
  upstream: string,
  options: Omit<StartOptions, "mode"> = {}
): Layer.Layer<Prism, PrismError> => layer({ ...options, mode: { _tag: "Proxy", upstream } })

/**
 * The `Prefer` header that requests of the current fiber (and the fibers it forks) carry: `seed=7`, `code=404`, or a
 * function called per request (to give every page of a stream its own seed). Empty: no header.
 *
 * @since 0.0.0
 * @category prefer
 */
export const currentPrefer: FiberRef.FiberRef<string | (() => string) | undefined> = globalValue(
  Symbol.for("@effect-sinch/conformance/Prism/currentPrefer"),
  () => FiberRef.unsafeMake<string | (() => string) | undefined>(undefined)
)

/**
 * Runs an effect whose requests carry `Prefer: <value>`.
 *
 * @since 0.0.0
 * @category prefer
 */
export const withPrefer: {
  (value: string | (() => string)): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, value: string | (() => string)): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, value: string | (() => string)): Effect.Effect<A, E, R> =>
    Effect.locally(self, currentPrefer, value)
)

/**
 * An `HttpClient` that sets the `Prefer` header from {@link currentPrefer}.
 *
 * @since 0.0.0
 * @category prefer
 */
export const preferring = <E, R>(client: HttpClient.HttpClient.With<E, R>): HttpClient.HttpClient.With<E, R> =>
  HttpClient.mapRequestEffect(client, (request) =>
    Effect.map(FiberRef.get(currentPrefer), (prefer) => {
      const value = typeof prefer === "function" ? prefer() : prefer
      return value === undefined ? request : HttpClientRequest.setHeader(request, "prefer", value)
    }))
