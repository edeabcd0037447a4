import { CallbackEvent } from "@effect-sinch/core"
import { NumbersClient } from "@effect-sinch/numbers"
import * as NumbersWebhooks from "@effect-sinch/numbers/NumbersWebhooks"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Config, Effect, Layer, Redacted } from "effect"
import { createServer } from "node:http"

export const rotateSecret = (secret: Redacted.Redacted) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    yield* numbers.updateCallbackConfiguration({ hmacSecret: Redacted.value(secret) })
  })

const handleEvent = (event: CallbackEvent.CallbackEvent) => {
  if (event instanceof CallbackEvent.ActiveNumberEvent) {
    return Effect.log(`${event.resourceId}: ${event.eventType} ${event.status}`, event.failureCode ?? "")
  }
  if (event instanceof CallbackEvent.NumberOrderEvent) {
    return Effect.log(`order ${event.resourceId} is now ${event.status}`)
  }
  return Effect.log(`an event about a ${event.resourceType}`, event.eventId)
}

const Webhooks = NumbersWebhooks.route("/sinch/numbers", {
  secret: Config.redacted("SINCH_CALLBACK_SECRET"),
  handler: handleEvent
})

export const WebhookServer = HttpServer.serve(Webhooks).pipe(
  Layer.provide(NodeHttpServer.layer(createServer, { port: 3000 }))
)

export const main = () => Layer.launch(WebhookServer).pipe(NodeRuntime.runMain)

export const AppRouter = HttpRouter.empty.pipe(
  HttpRouter.get("/health", Effect.succeed(HttpServerResponse.text("ok"))),
  HttpRouter.post(
    "/hooks/sinch",
    NumbersWebhooks.httpApp({ secret: Config.redacted("SINCH_CALLBACK_SECRET"), handler: handleEvent })
  )
)

export const onRequest = (rawBody: Uint8Array, headers: Record<string, string>, secret: Redacted.Redacted) =>
  NumbersWebhooks.verify(rawBody, headers, secret).pipe(
    Effect.flatMap(handleEvent),
    Effect.as(200),
    Effect.catchTags({
      MissingSignature: () => Effect.succeed(401),
      InvalidSignature: () => Effect.succeed(401),
      InvalidEventBody: () => Effect.succeed(400),
      MissingSecret: () => Effect.succeed(500)
    })
  )
