/** @internal */
import type * as CallbackEvent from "@effect-sinch/core/CallbackEvent"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Prompt from "@effect/cli/Prompt"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Http from "node:http"
import { ListenFailed, UsageError } from "../CliError.js"
import * as CliOptions from "./options.js"
import * as Output from "./output.js"
import * as Root from "./root.js"
import * as Session from "./session.js"

/**
 * A secret, shown only by its length and first characters unless asked.
 *
 * @internal
 */
export const masked = (secret: string): string =>
  secret.length <= 8 ? "********" : `${secret.slice(0, 4)}…(${secret.length} characters)`

const readStdin: Effect.Effect<string> = Effect.async<string>((resume) => {
  const chunks: Array<Buffer> = []
  process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk))
  process.stdin.once("end", () => resume(Effect.succeed(Buffer.concat(chunks).toString("utf8"))))
})

/**
 * A secret from stdin when it is not a terminal (its first line), else asked for without echo: never from argv.
 *
 * @internal
 */
export const secretFromStdinOrPrompt = (question: string) =>
  process.stdin.isTTY === true
    ? Effect.map(Session.ask(Prompt.hidden({ message: question })), Redacted.value)
    : Effect.map(readStdin, (text) => text.split(/\r?\n/)[0]!.trim())

const get = Command.make(
  "get",
  {
    showSecret: Options.boolean("show-secret").pipe(
      Options.withDescription("print the HMAC secret itself (default: masked)")
    )
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const numbers = yield* Session.numbers
      const config = yield* numbers.getCallbackConfiguration()
      const secret = config.hmacSecret === undefined
        ? undefined
        : o.showSecret
        ? config.hmacSecret
        : masked(config.hmacSecret)
      if (json) return yield* Output.json({ ...config, hmacSecret: secret })
      yield* Output.line(Output.fields([["project", config.projectId], ["HMAC secret", secret ?? "(none)"]]))
    })
).pipe(
  Command.withDescription("Show the project's callback configuration (the HMAC secret masked unless --show-secret).")
)

// core's schemas load with the command that needs them, not with --help
const isHmacSecret = Effect.promise(() => import("@effect-sinch/core/CallbackConfiguration")).pipe(
  Effect.map((module) => Schema.is(module.HmacSecret))
)

const setSecret = Command.make(
  "set-secret",
  {},
  () =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const secret = yield* secretFromStdinOrPrompt("New HMAC secret (32 to 64 of a-z, A-Z, 0-9, -)")
      if (!(yield* isHmacSecret)(secret)) {
        return yield* new UsageError({
          message: "The secret must be 32 to 64 characters of a-z, A-Z, 0-9 and -; nothing was changed"
        })
      }
      const numbers = yield* Session.numbers
      const config = yield* numbers.updateCallbackConfiguration({ hmacSecret: secret })
      if (json) {
        return yield* Output.json({ projectId: config.projectId, hmacSecret: masked(secret), updated: true })
      }
      yield* Output.line(`Callback HMAC secret updated (${masked(secret)}).`)
    })
).pipe(
  Command.withDescription(
    "Set the project's callback HMAC secret, read from stdin or asked for without echo (never from the command line)."
  )
)

/** @internal */
export const callbacks = Command.make("callbacks").pipe(
  Command.withDescription("The project's callback configuration."),
  Command.withSubcommands([get, setSecret]),
  Command.provide(Session.oneShotLayer)
)

const describeEvent = (event: CallbackEvent.CallbackEvent): string =>
  [
    event.timestamp === undefined ? new Date().toISOString() : String(event.timestamp),
    event.resourceType,
    event.resourceId ?? "?",
    event.eventType ?? "?",
    event.status ?? "?",
    "failureCode" in event && event.failureCode ? `(${event.failureCode})` : ""
  ].filter((part) => part !== "").join(" ")

const listen = Command.make(
  "listen",
  {
    port: CliOptions.integer("port", 0, 65535).pipe(
      Options.withDescription("the port to listen on (0: any free port)")
    ),
    host: Options.text("host").pipe(Options.withDescription("the interface"), CliOptions.withDefault("127.0.0.1")),
    forward: Options.text("forward").pipe(
      Options.withDescription("post every verified event, as received, to this URL too"),
      Options.optional
    ),
    secretStdin: Options.boolean("secret-stdin").pipe(
      Options.withDescription("read the HMAC secret from stdin (default: fetch the project's from the API)")
    ),
    count: CliOptions.integer("count", 1, Number.MAX_SAFE_INTEGER).pipe(
      Options.withDescription("stop after this many verified events"),
      Options.optional
    )
  },
  (o) =>
    Effect.gen(function*() {
      const { json } = yield* Root.command
      const secret = o.secretStdin
        ? Redacted.make(yield* Effect.map(readStdin, (text) => text.split(/\r?\n/)[0]!.trim()))
        : yield* Effect.flatMap(Session.numbers, (numbers) =>
          Effect.map(numbers.getCallbackConfiguration(), (config) => Redacted.make(config.hmacSecret ?? ""))).pipe(
            Effect.provide(Session.layer)
          )
      if (Redacted.value(secret) === "") {
        return yield* new UsageError({
          message: "No HMAC secret to verify with: the project has none, or stdin was empty"
        })
      }
      const http = yield* HttpClient.HttpClient
      const NumbersWebhooks = yield* Effect.promise(() =>
        import("@effect-sinch/numbers/NumbersWebhooks")
      )
      const enough = yield* Deferred.make<void>()
      let verified = 0
      const app = Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const body = new Uint8Array(
          yield* Effect.orElseSucceed(request.arrayBuffer, () => new ArrayBuffer(0))
        )
        const event = yield* Effect.either(NumbersWebhooks.verify(body, request.headers, secret))
        if (Either.isLeft(event)) {
          yield* Output.note(
            `rejected a callback from ${request.remoteAddress.pipe(Option.getOrElse(() => "?"))}: ${event.left.message}`
          )
          return HttpServerResponse.text(
            event.left._tag === "InvalidEventBody" ? "invalid event" : "invalid signature",
            { status: event.left._tag === "InvalidEventBody" ? 400 : 401 }
          )
        }
        yield* json
          ? Output.line(JSON.stringify(event.right))
          : Output.line(Output.printable(describeEvent(event.right)))
        if (Option.isSome(o.forward)) {
          const forwarded = yield* http.execute(
            HttpClientRequest.post(o.forward.value).pipe(
              HttpClientRequest.bodyUint8Array(body, request.headers["content-type"] ?? "application/json"),
              HttpClientRequest.setHeader(
                NumbersWebhooks.signatureHeader,
                request.headers[NumbersWebhooks.signatureHeader] ?? ""
              )
            )
          ).pipe(Effect.scoped, Effect.either)
          if (Either.isLeft(forwarded) || forwarded.right.status >= 300) {
            yield* Output.note(
              `forwarding to ${o.forward.value} failed: ${
                Either.isLeft(forwarded) ? forwarded.left.message : `HTTP ${forwarded.right.status}`
              }; answered 502 so Sinch retries`
            )
            return HttpServerResponse.text("forward failed", { status: 502 })
          }
        }
        verified++
        if (Option.isSome(o.count) && verified >= o.count.value) yield* Deferred.succeed(enough, undefined)
        return HttpServerResponse.empty({ status: 200 })
      })
      const NodeHttpServer = yield* Effect.promise(() => import("@effect/platform-node/NodeHttpServer"))
      const server = yield* NodeHttpServer.make(() => Http.createServer(), { host: o.host, port: o.port }).pipe(
        Effect.mapError((error) =>
          new ListenFailed({ message: `Could not listen on ${o.host}:${o.port}: ${String(error.cause)}`, cause: error })
        )
      )
      const address = server.address._tag === "TcpAddress" ? `http://${o.host}:${server.address.port}` : "?"
      yield* server.serve(app)
      yield* Output.note(
        `Listening on ${address} for Sinch callbacks, verifying X-Sinch-Signature${
          Option.isSome(o.forward) ? `, forwarding to ${o.forward.value}` : ""
        }. Ctrl-C to stop.`
      )
      yield* Deferred.await(enough)
    }).pipe(Effect.scoped, Effect.provide(Session.httpClientLayer))
).pipe(
  Command.withDescription(
    "Receive Sinch callbacks: verify every signature, print each typed event (--json: one JSON line each), " +
      "optionally forward it."
  )
)

/** @internal */
export const webhooks = Command.make("webhooks").pipe(
  Command.withDescription("Receive and check Sinch callbacks locally."),
  Command.withSubcommands([listen])
)
