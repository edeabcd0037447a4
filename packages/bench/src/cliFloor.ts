/**
 * The floor of `pnpm bench --only cli`: the smallest `@effect/cli` program (one command, Node's context, run by
 * `NodeRuntime`), bundled and launched as `sinch-numbers` is (BinBundle). No command line on `@effect/cli` starts
 * faster than this.
 */
import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"

const command = Command.make("floor", {}, () => Console.log("floor"))

Command.run(command, { name: "floor", version: "0.1.0" })(process.argv).pipe(
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain
)
