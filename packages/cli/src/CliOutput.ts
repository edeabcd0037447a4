/**
 * Where `sinch-numbers` writes: the `Output` service its commands print through (stdout for machines, stderr for
 * people). Provide another to run the commands in-process, as the tests do.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { OutputFailed } from "./CliError.js"

/**
 * Somewhere text goes: stdout, stderr, or the file of `--output`. `write` resolves once the text is handed over, so
 * a reader slower than us slows us down (backpressure), and fails with `OutputFailed` when it cannot be written.
 *
 * @since 0.1.0
 * @category models
 */
export interface Sink {
  readonly name: string
  readonly isTerminal: boolean
  readonly write: (text: string) => Effect.Effect<void, OutputFailed>
}

/**
 * Where every command writes: stdout for what machines read (documents, exports, reports), stderr for people
 * (progress, notes, errors).
 *
 * @since 0.1.0
 * @category tags
 */
export class Output extends Context.Tag("@effect-sinch/cli/Output")<Output, {
  readonly stdout: Sink
  readonly stderr: Sink
  /** whether anything reached stdout yet: with `--json`, a document was started */
  readonly wroteStdout: Effect.Effect<boolean>
}>() {}
