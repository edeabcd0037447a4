/**
 * The errors of `sinch-numbers` itself (besides those of `NumbersClient` and `SinchAuth`), each with its exit code in
 * `ExitCode`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A value on the command line or in an input file is not valid; nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class UsageError extends Schema.TaggedError<UsageError>("@effect-sinch/cli/UsageError")("UsageError", {
  message: Schema.String
}) {}

/**
 * No credentials were found, or the profile named does not exist.
 *
 * @since 0.1.0
 * @category errors
 */
export class MissingCredentials
  extends Schema.TaggedError<MissingCredentials>("@effect-sinch/cli/MissingCredentials")("MissingCredentials", {
    message: Schema.String
  })
{}

/**
 * A question was answered no, or could not be asked (no terminal) and `--yes` was not given.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotConfirmed extends Schema.TaggedError<NotConfirmed>("@effect-sinch/cli/NotConfirmed")("NotConfirmed", {
  message: Schema.String
}) {}

/**
 * The command ran to its end without fully succeeding (a bulk job with failed rows, an order not completed).
 * Whatever it has to report was already printed.
 *
 * @since 0.1.0
 * @category errors
 */
export class Incomplete extends Schema.TaggedError<Incomplete>("@effect-sinch/cli/Incomplete")("Incomplete", {
  message: Schema.String
}) {}

/**
 * `orders wait` gave up before the order reached a final state.
 *
 * @since 0.1.0
 * @category errors
 */
export class WaitTimedOut extends Schema.TaggedError<WaitTimedOut>("@effect-sinch/cli/WaitTimedOut")("WaitTimedOut", {
  message: Schema.String
}) {}
