/** @internal */
import type * as SinchAuth from "@effect-sinch/auth/SinchAuth"
import type * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import type * as Command from "@effect/cli/Command"
import * as Prompt from "@effect/cli/Prompt"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Terminal from "@effect/platform/Terminal"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import type { MissingCredentials } from "../CliError.js"
import { NotConfirmed, UsageError } from "../CliError.js"
import * as Profiles from "./profiles.js"
import * as Root from "./root.js"

const nodeHttpClient = Effect.promise(() => import("@effect/platform-node/NodeHttpClient"))

/**
 * undici's `HttpClient`, for the commands that make many calls or run for long (`active list`, the bulk jobs,
 * `orders wait`, `mcp`, `webhooks listen`): the least CPU per call. Loaded when a command first calls the API: undici
 * and its modules are a large part of the bundle, which `--help`, `--version` and the commands that call nothing
 * never load.
 *
 * @internal
 */
export const httpClientLayer: Layer.Layer<HttpClient.HttpClient> = Layer.unwrapEffect(
  Effect.map(nodeHttpClient, (module) => module.layerUndici)
)

/**
 * Node's `node:http` `HttpClient` (connections kept alive for the command, closed when it ends), for the commands
 * that make a few calls and exit (`active get`, `available search`, `orders get`, …). undici parses HTTP with
 * WebAssembly, which V8 compiles on the first connection and then optimises on background threads that Node waits
 * for before the process can exit: 0.1–0.3 s after the answer was printed, more than the calls themselves
 * (docs/cli.md). node:http's parser is native. Same typed errors: both are `@effect/platform` `HttpClient`s.
 *
 * @internal
 */
export const oneShotHttpClientLayer: Layer.Layer<HttpClient.HttpClient> = Layer.unwrapEffect(
  Effect.map(
    nodeHttpClient,
    (module) => module.layerWithoutAgent.pipe(Layer.provide(module.makeAgentLayer({ keepAlive: true })))
  )
)

/**
 * The client's modules (NumbersClient, SinchAuth and the schemas of every resource), loaded when a command first
 * needs them: `--help`, `--version` and the commands that call nothing never build those schemas.
 *
 * @internal
 */
export const clientModules = Effect.promise(() =>
  Promise.all([import("@effect-sinch/numbers/NumbersClient"), import("@effect-sinch/auth/SinchAuth")])
).pipe(Effect.map(([NumbersClient, SinchAuth]) => ({ NumbersClient, SinchAuth })))

/**
 * The `NumbersClient` of this command (see {@link clientModules}).
 *
 * @internal
 */
export const numbers: Effect.Effect<NumbersClient.Service, never, NumbersClient.NumbersClient> = Effect.flatMap(
  clientModules,
  (modules) => modules.NumbersClient.NumbersClient
)

/**
 * The credentials of this run, as a service, so `auth status` can say where they came from.
 *
 * @internal
 */
export const credentials = (profile: Option.Option<string>) => Profiles.resolve(profile)

/**
 * `SinchAuth` (OAuth2) and `NumbersClient` for these credentials, over undici.
 *
 * @internal
 */
export const clientLayerFor = (
  found: Profiles.Credentials,
  options: Omit<NumbersClient.Options, "projectId" | "baseUrl"> = {}
): Layer.Layer<NumbersClient.NumbersClient | SinchAuth.SinchAuth, UsageError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(clientModules, ({ NumbersClient, SinchAuth }) =>
    NumbersClient.layer({
      ...options,
      projectId: found.projectId,
      ...(found.numbersUrl === undefined ? {} : { baseUrl: found.numbersUrl })
    }).pipe(
      Layer.provideMerge(
        SinchAuth.layerOAuth({
          keyId: found.keyId,
          keySecret: found.keySecret,
          ...(found.authUrl === undefined ? {} : { tokenUrl: found.authUrl })
        })
      ),
      Layer.mapError((error) => new UsageError({ message: error.message, cause: error }))
    )))

/**
 * The client for `--profile` (or the environment), built when a command first needs it, over `http` (undici unless
 * told otherwise: see {@link oneShotHttpClientLayer}).
 *
 * @internal
 */
export const clientLayer = (
  profile: Option.Option<string>,
  options: Omit<NumbersClient.Options, "projectId" | "baseUrl"> = {},
  http: Layer.Layer<HttpClient.HttpClient> = httpClientLayer
): Layer.Layer<
  NumbersClient.NumbersClient | SinchAuth.SinchAuth,
  UsageError | MissingCredentials,
  FileSystem.FileSystem
> =>
  Layer.unwrapEffect(Effect.map(credentials(profile), (found) => clientLayerFor(found, options))).pipe(
    Layer.provide(http)
  )

/**
 * The client for the root's `--profile` (or the environment) over undici: what the commands that make many calls
 * provide with `Command.provide`, built when one of them runs.
 *
 * @internal
 */
export const layer: Layer.Layer<
  NumbersClient.NumbersClient | SinchAuth.SinchAuth,
  UsageError | MissingCredentials,
  FileSystem.FileSystem | Command.Command.Context<typeof Root.name>
> = Layer.unwrapEffect(Effect.map(Root.command, (o) => clientLayer(o.profile)))

/**
 * The same over node:http, for the commands that make a few calls and exit (see {@link oneShotHttpClientLayer}).
 *
 * @internal
 */
export const oneShotLayer: Layer.Layer<
  NumbersClient.NumbersClient | SinchAuth.SinchAuth,
  UsageError | MissingCredentials,
  FileSystem.FileSystem | Command.Command.Context<typeof Root.name>
> = Layer.unwrapEffect(Effect.map(Root.command, (o) => clientLayer(o.profile, {}, oneShotHttpClientLayer)))

/**
 * A prompt's answer; Ctrl-C at the prompt interrupts the command (exit 130), as it does anywhere else.
 *
 * @internal
 */
export const ask = <A>(prompt: Prompt.Prompt<A>): Effect.Effect<A, never, Prompt.Prompt.Environment> =>
  Prompt.run(prompt).pipe(Effect.catchTag("QuitException", () => Effect.interrupt))

/**
 * Node's terminal, with prompts drawn on stderr: stdout stays for output, even when a person answers a question.
 * Node's is made when a prompt first reads or asks about the terminal: making it opens stdin (a stream, and readline),
 * which a command that asks nothing (`active get`) does not pay for. It lives as long as this layer, as Node's own
 * layer would.
 *
 * @internal
 */
export const terminalLayer: Layer.Layer<Terminal.Terminal> = Layer.scoped(
  Terminal.Terminal,
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    const node = yield* Effect.cached(Scope.extend(NodeTerminal.make(), scope))
    return Terminal.Terminal.of({
      columns: Effect.sync(() => process.stderr.columns ?? 0),
      rows: Effect.flatMap(node, (terminal) => terminal.rows),
      isTTY: Effect.flatMap(node, (terminal) => terminal.isTTY),
      readInput: Effect.flatMap(node, (terminal) => terminal.readInput),
      readLine: Effect.flatMap(node, (terminal) => terminal.readLine),
      display: (text) =>
        Effect.async<void>((resume) => {
          process.stderr.write(text, () => resume(Effect.void))
        })
    })
  })
)

/**
 * Whether a person can be asked: stdin and stderr are terminals.
 *
 * @internal
 */
export const canAsk = (): boolean => process.stdin.isTTY === true && process.stderr.isTTY === true

/**
 * Asks a yes/no question unless `--yes`; anything but yes is `NotConfirmed`, and so is having no terminal to ask.
 *
 * @internal
 */
export const confirm = (
  question: string,
  yes: boolean
): Effect.Effect<void, NotConfirmed, Prompt.Prompt.Environment> => {
  if (yes) return Effect.void
  if (!canAsk()) {
    return Effect.fail(
      new NotConfirmed({
        message: `${question} There is no terminal to ask: pass --yes to go ahead. Nothing was done.`
      })
    )
  }
  return ask(Prompt.confirm({ message: question, initial: false })).pipe(
    Effect.flatMap((yes) =>
      yes ? Effect.void : Effect.fail(new NotConfirmed({ message: "Answered no: nothing was done." }))
    )
  )
}
