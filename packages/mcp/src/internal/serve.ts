/** @internal */
import type * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import type * as RpcServer from "@effect/rpc/RpcServer"
import type * as BigDecimal from "effect/BigDecimal"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import * as NumbersTools from "../NumbersTools.js"
import * as Resources from "./resources.js"
import * as Server from "./server.js"
import * as Spend from "./spend.js"
import * as Summary from "./summary.js"
import * as Tools from "./tools.js"

/**
 * The server's settings, every default resolved.
 *
 * @internal
 */
export interface Settings {
  readonly toolsets: ReadonlyArray<NumbersTools.Toolset>
  readonly readOnly: boolean
  readonly maxMonthlySpend: Option.Option<BigDecimal.BigDecimal>
  readonly confirmationTtl: Duration.DurationInput
}

/**
 * The server on a transport's protocol: its tools, the summary and the resources registered before it serves (so
 * the `initialize` answer lists every capability). `direct` lets the transport answer the calls of the tools that
 * need nothing of the calling client itself (see `layerProtocol`).
 *
 * @internal
 */
export const layer = (
  info: { readonly name: string; readonly version: string },
  settings: Settings,
  transport: { readonly elicitation: boolean; readonly direct: boolean }
): Layer.Layer<never, never, NumbersClient.NumbersClient | RpcServer.Protocol | Server.Notifier> => {
  const registered = Layer.effectDiscard(Effect.gen(function*() {
    const session = yield* Server.SessionTag
    const spend = yield* Spend.make(settings.maxMonthlySpend)
    const context = yield* Tools.makeContext(spend, settings.confirmationTtl)
    yield* Tools.register(NumbersTools.select(settings.toolsets, settings.readOnly), context)
    yield* Summary.register(context, session)
    yield* Resources.register(context.client)
  })).pipe(Layer.provideMerge(Server.layerRegistry))
  return Server.layerRun(info, transport).pipe(Layer.provide(registered))
}
