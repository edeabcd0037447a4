/**
 * The floors of `active get` in `pnpm bench --only cli`: its work without the command line. NumbersClient with
 * SinchAuth, configured from the SINCH_* variables, one `getActiveNumber` printed, bundled and launched as
 * `sinch-numbers` is (BinBundle), over one HTTP client: undici (`NodeHttpClient.layerUndici`), Node's `fetch`
 * (`FetchHttpClient.layer`) or `node:http` (`NodeHttpClient.layer`). cliStart.ts bundles one entry per client
 * (`entry`), each with only its client, so that each floor loads what it would ship with.
 * `sinch-numbers active get` cannot answer sooner than the floor of its client plus `@effect/cli`.
 */
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** The HTTP clients a floor can run on, and the module and layer each is. */
export const clients = {
  undici: { module: "@effect/platform-node/NodeHttpClient", layer: "layerUndici" },
  fetch: { module: "@effect/platform/FetchHttpClient", layer: "layer" },
  http: { module: "@effect/platform-node/NodeHttpClient", layer: "layer" }
} as const

/** The entry of the floor on `client`: this module's `main` given that client's layer. */
export const entry = (client: keyof typeof clients, self: string): string =>
  `import { ${clients[client].layer} as layer } from ${JSON.stringify(clients[client].module)}
import { main } from ${JSON.stringify(self)}
main(layer)
`

/** Gets the number named by the first argument over `http`, prints it, and exits. */
export const main = (http: Layer.Layer<HttpClient.HttpClient>): void =>
  Effect.flatMap(NumbersClient.NumbersClient, (numbers) => numbers.getActiveNumber(process.argv[2] ?? "")).pipe(
    Effect.flatMap((found) => Console.log(found.phoneNumber)),
    Effect.provide(NumbersClient.layerConfigWithOAuth().pipe(Layer.provide(http))),
    NodeRuntime.runMain
  )
