/**
 * The exit codes of `sinch-numbers`, one per kind of failure, and how an error becomes one line on stderr.
 *
 * @since 0.1.0
 */
import type * as AuthError from "@effect-sinch/auth/AuthError"
import type { EmulatorError } from "@effect-sinch/emulator/Emulator"
import type { McpConfigError } from "@effect-sinch/mcp/McpConfigError"
import type * as NumbersError from "@effect-sinch/numbers/NumbersError"
import * as Match from "effect/Match"
import * as Predicate from "effect/Predicate"
import type * as CliError from "./CliError.js"

/**
 * Every exit code `sinch-numbers` uses. Scripts can rely on them: they are part of the command line's contract
 * (docs/cli.md lists them).
 *
 * @since 0.1.0
 * @category constants
 */
export const ExitCode = {
  /** It worked. */
  Ok: 0,
  /** A bug in sinch-numbers (a defect): the message says what broke. */
  Internal: 1,
  /** The command line, an input file or a value is not valid; nothing was sent. */
  Usage: 2,
  /** The number, order or resource does not exist in this project (404). */
  NotFound: 3,
  /** No credentials, or Sinch refused them (401, 403, a refused token request). */
  Auth: 4,
  /** The API rejected the request (400, 413): fix it, it was not retried. */
  Rejected: 5,
  /** Rate limited, or Sinch (or the network) is unavailable or timed out, after retries. Try again later. */
  Unavailable: 6,
  /** A billable call (rent, release, order) may or may not have taken effect: check before trying again. */
  OutcomeUnknown: 7,
  /** The server answered something the API does not document (a body, a status, a page token). */
  BadAnswer: 8,
  /** The command ran but did not fully succeed: a bulk job with failed rows, an order that was not completed. */
  Incomplete: 9,
  /** Not confirmed: the answer was no, or there was no terminal to ask and no `--yes`. */
  NotConfirmed: 10,
  /** Output could not be written: a full disk, a file or device that refuses writes. Nothing was left half-written. */
  WriteFailed: 11,
  /** Interrupted (Ctrl-C, SIGTERM). A bulk job resumes from its checkpoint. */
  Interrupted: 130
} as const

/**
 * @since 0.1.0
 * @category models
 */
export type ExitCode = typeof ExitCode[keyof typeof ExitCode]

/**
 * Every error a `sinch-numbers` command can end with: the client's, auth's, the emulator's and the command line's own.
 * A command whose error type is not in this union does not type-check where `run` maps it, and an error added here
 * without its exit code in `fromError` does not either.
 *
 * @since 0.1.0
 * @category models
 */
export type Failure =
  | NumbersError.NumbersError
  | AuthError.AuthError
  | EmulatorError
  | McpConfigError
  | CliError.UsageError
  | CliError.MissingCredentials
  | CliError.NotConfirmed
  | CliError.Incomplete
  | CliError.WaitTimedOut
  | CliError.OutputFailed
  | CliError.ListenFailed
  | CliError.ConfigFileError
  | CliError.ProfileNotFound

/**
 * The exit code of an error, chosen by an exhaustive match over its tag. A closed pipe (`| head`) is not a
 * failure: exit 0.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromError: (error: Failure) => ExitCode = Match.type<Failure>().pipe(
  Match.tagsExhaustive({
    InvalidInput: () => ExitCode.Usage,
    UsageError: () => ExitCode.Usage,
    InsecureTokenUrl: () => ExitCode.Usage,
    ConfigFileError: () => ExitCode.Usage,
    McpConfigError: () => ExitCode.Usage,
    NotFound: () => ExitCode.NotFound,
    MissingCredentials: () => ExitCode.Auth,
    ProfileNotFound: () => ExitCode.Auth,
    AuthenticationFailed: () => ExitCode.Auth,
    Unauthorized: () => ExitCode.Auth,
    PermissionDenied: () => ExitCode.Auth,
    InvalidArgument: () => ExitCode.Rejected,
    ContentTooLarge: () => ExitCode.Rejected,
    RateLimited: () => ExitCode.Unavailable,
    ServerError: () => ExitCode.Unavailable,
    TransportError: () => ExitCode.Unavailable,
    Timeout: () => ExitCode.Unavailable,
    AuthServiceUnavailable: () => ExitCode.Unavailable,
    WaitTimedOut: () => ExitCode.Unavailable,
    EmulatorError: () => ExitCode.Unavailable,
    ListenFailed: () => ExitCode.Unavailable,
    OutcomeUnknown: () => ExitCode.OutcomeUnknown,
    ResponseDecodeError: () => ExitCode.BadAnswer,
    UnexpectedStatus: () => ExitCode.BadAnswer,
    InvalidItem: () => ExitCode.BadAnswer,
    PageTokenRepeated: () => ExitCode.BadAnswer,
    InvalidTokenResponse: () => ExitCode.BadAnswer,
    Incomplete: () => ExitCode.Incomplete,
    NotConfirmed: () => ExitCode.NotConfirmed,
    OutputFailed: (error) => error.reason === "BrokenPipe" ? ExitCode.Ok : ExitCode.WriteFailed
  })
)

/**
 * The name of an exit code, as docs/cli.md and `--json` documents give it (`NotFound`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const name = (code: number): string =>
  (Object.entries(ExitCode) as ReadonlyArray<[string, number]>).find(([, value]) => value === code)?.[0] ??
    "Unknown"

/**
 * An error as one line: its tag and its message, with line breaks folded and no stack trace. The errors of the
 * client and of auth hold no secret by construction; this adds none.
 *
 * @since 0.1.0
 * @category constructors
 */
export const describe = (error: unknown): string => {
  const tag = Predicate.hasProperty(error, "_tag") && typeof error._tag === "string" ? error._tag : undefined
  const message = Predicate.hasProperty(error, "message") && typeof error.message === "string" && error.message !== ""
    ? error.message
    : tag === undefined
    ? String(error)
    : ""
  const text = tag === undefined ? message : message === "" ? tag : `${tag}: ${message}`
  return text.replace(/\s*\n\s*/g, " ").trim()
}

/**
 * An error as `--json` prints it: `{"tag", "message", "exitCode"}`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const toJson = (
  error: Failure
): { readonly tag: string; readonly message: string; readonly exitCode: ExitCode } => ({
  tag: error._tag,
  message: describe(error),
  exitCode: fromError(error)
})
