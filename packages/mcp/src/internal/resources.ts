/** @internal */
import { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import { ListAvailableRegionsResponse } from "@effect-sinch/core/AvailableRegion"
import { NumberOrder } from "@effect-sinch/core/NumberOrder"
import type * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as McpSchema from "@effect/ai/McpSchema"
import * as McpServer from "@effect/ai/McpServer"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { messageOf } from "./tools.js"

const json = <A, I>(schema: Schema.Schema<A, I>) => {
  const encode = Schema.encode(schema)
  return <E>(uri: string, effect: Effect.Effect<A, E>) =>
    effect.pipe(
      Effect.flatMap((value) => Effect.orDie(encode(value))),
      // the typed error's message, not its fields
      Effect.mapError((error) => new Error(messageOf(error))),
      Effect.map((encoded) => ({
        contents: [{ uri, mimeType: "application/json", text: JSON.stringify(encoded, null, 2) }]
      }))
    )
}

/**
 * The resources: the regions (`sinch://regions`), an active number (`sinch://active-numbers/{phoneNumber}`) and a
 * number order (`sinch://number-orders/{id}`), as JSON.
 *
 * @internal
 */
export const register = (client: NumbersClient.Service): Effect.Effect<void, never, McpServer.McpServer> =>
  Effect.gen(function*() {
    yield* McpServer.registerResource({
      uri: "sinch://regions",
      name: "regions",
      description: "The regions where the project can buy numbers, with the number types each offers",
      mimeType: "application/json",
      content: json(ListAvailableRegionsResponse)("sinch://regions", client.listAvailableRegions())
    })
    yield* McpServer.registerResource`sinch://active-numbers/${McpSchema.param("phoneNumber", Schema.String)}`({
      name: "active-number",
      description: "One active number of the project: its configuration, price and next charge",
      mimeType: "application/json",
      content: (uri, phoneNumber) => json(ActiveNumber)(uri, client.getActiveNumber(phoneNumber))
    })
    yield* McpServer.registerResource`sinch://number-orders/${McpSchema.param("id", Schema.String)}`({
      name: "number-order",
      description: "One number order: its state, numbers, prices and expiry",
      mimeType: "application/json",
      content: (uri, id) => json(NumberOrder)(uri, client.getNumberOrder(id))
    })
  })
