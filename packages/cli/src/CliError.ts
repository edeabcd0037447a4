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
  message: Schema.String,
  /** the error this one stands for, when it maps another (a client option refused, a config file unusable) */
  cause: Schema.optional(Schema.Defect)
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

/**
 * Output could not be written: stdout, the file of `--output`, a checkpoint or a report. `BrokenPipe` is the reader
 * going away (`| head`): the command ends quietly, as Unix tools do. `Failed` is anything else (a full disk, a file
 * that cannot be written), with the system's error kept as the cause.
 *
 * @since 0.1.0
 * @category errors
 */
export class OutputFailed extends Schema.TaggedError<OutputFailed>("@effect-sinch/cli/OutputFailed")("OutputFailed", {
  reason: Schema.Literal("BrokenPipe", "Failed"),
  target: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    const why = this.cause instanceof Error ? this.cause.message : this.cause === undefined ? "" : String(this.cause)
    return this.reason === "BrokenPipe"
      ? `${this.target} was closed by its reader`
      : `Could not write ${this.target}${why === "" ? "" : `: ${why}`}`
  }
}

/**
 * A server could not listen where it was asked (the port is taken, the address is not this machine's).
 *
 * @since 0.1.0
 * @category errors
 */
export class ListenFailed extends Schema.TaggedError<ListenFailed>("@effect-sinch/cli/ListenFailed")("ListenFailed", {
  message: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {}

/**
 * The config file cannot be used: it cannot be read or written, is not JSON, does not have the expected shape, or
 * holds a key secret others can read. The message names the file and what to do, never its content.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConfigFileError extends Schema.TaggedError<ConfigFileError>("@effect-sinch/cli/ConfigFileError")(
  "ConfigFileError",
  {
    file: Schema.String,
    reason: Schema.Literal("Unreadable", "NotJson", "WrongShape", "Insecure", "Unwritable"),
    message: Schema.String
  }
) {}

/**
 * No profile of that name in the config file.
 *
 * @since 0.1.0
 * @category errors
 */
export class ProfileNotFound extends Schema.TaggedError<ProfileNotFound>("@effect-sinch/cli/ProfileNotFound")(
  "ProfileNotFound",
  { profile: Schema.String, file: Schema.String, message: Schema.String }
) {}
