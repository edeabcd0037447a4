/** @internal */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Os from "node:os"
import { MissingCredentials, UsageError } from "../CliError.js"

/**
 * One set of credentials, as the config file keeps it.
 *
 * @internal
 */
export const Profile = Schema.Struct({
  projectId: Schema.String,
  keyId: Schema.String,
  keySecret: Schema.String,
  numbersUrl: Schema.optional(Schema.String),
  authUrl: Schema.optional(Schema.String)
})

/** @internal */
export type Profile = typeof Profile.Type

/** @internal */
export const ConfigFile = Schema.Struct({
  profiles: Schema.Record({ key: Schema.String, value: Profile })
})

/** @internal */
export type ConfigFile = typeof ConfigFile.Type

const ConfigFileJson = Schema.parseJson(ConfigFile)

/**
 * Credentials ready to use, and where they came from (for `auth status`).
 *
 * @internal
 */
export interface Credentials {
  readonly projectId: string
  readonly keyId: string
  readonly keySecret: Redacted.Redacted<string>
  readonly numbersUrl: string | undefined
  readonly authUrl: string | undefined
  /** `environment` or `profile NAME (FILE)` */
  readonly source: string
}

/** @internal */
export const defaultProfile = "default"

/**
 * The config file: `$SINCH_CONFIG`, else `$XDG_CONFIG_HOME/sinch-numbers/config.json`, else
 * `~/.config/sinch-numbers/config.json`.
 *
 * @internal
 */
export const configPath = (env: NodeJS.ProcessEnv = process.env): string => {
  const explicit = env["SINCH_CONFIG"]
  if (explicit !== undefined && explicit !== "") return explicit
  const base = env["XDG_CONFIG_HOME"] !== undefined && env["XDG_CONFIG_HOME"] !== ""
    ? env["XDG_CONFIG_HOME"]
    : `${Os.homedir()}/.config`
  return `${base}/sinch-numbers/config.json`
}

/**
 * Reads the config file; a file that does not exist is an empty one.
 *
 * @internal
 */
export const read = (file: string): Effect.Effect<ConfigFile, UsageError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const exists = yield* Effect.orElseSucceed(fs.exists(file), () => false)
    if (!exists) return { profiles: {} }
    const text = yield* Effect.mapError(
      fs.readFileString(file),
      (error) => new UsageError({ message: `Could not read the config file ${file}: ${error.message}` })
    )
    // The file holds secrets: a parse error must not echo its content.
    return yield* Effect.mapError(
      Schema.decodeUnknown(ConfigFileJson)(text),
      () =>
        new UsageError({
          message:
            `The config file ${file} is not valid (expected {"profiles": {NAME: {projectId, keyId, keySecret}}}); ` +
            "fix it or run sinch-numbers login again"
        })
    )
  })

/**
 * Writes the config file with mode 0600 (a new file in a new directory of mode 0700), replacing it atomically.
 *
 * @internal
 */
export const write = (
  file: string,
  config: ConfigFile
): Effect.Effect<void, UsageError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const fail = (error: { readonly message: string }) =>
      new UsageError({ message: `Could not write the config file ${file}: ${error.message}` })
    yield* Effect.mapError(fs.makeDirectory(path.dirname(file), { recursive: true, mode: 0o700 }), fail)
    const temporary = `${file}.${process.pid}.tmp`
    yield* Effect.mapError(
      fs.writeFileString(temporary, JSON.stringify(config, null, 2) + "\n", { mode: 0o600 }),
      fail
    )
    // mode applies only when a file is created: make sure, whatever umask or leftover file there was
    yield* Effect.mapError(fs.chmod(temporary, 0o600), fail)
    yield* Effect.mapError(fs.rename(temporary, file), fail)
  })

const fromProfile = (file: string, name: string, profile: Profile): Credentials => ({
  projectId: profile.projectId,
  keyId: profile.keyId,
  keySecret: Redacted.make(profile.keySecret),
  numbersUrl: profile.numbersUrl,
  authUrl: profile.authUrl,
  source: `profile ${name} (${file})`
})

const variables = ["SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET"] as const

/**
 * Finds the credentials to use:
 * - with `--profile NAME`, that profile of the config file;
 * - else SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET (with SINCH_NUMBERS_URL and SINCH_AUTH_URL) when set;
 * - else the profile `$SINCH_PROFILE` or `default` of the config file.
 *
 * @internal
 */
export const resolve = (
  profile: Option.Option<string>,
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<Credentials, MissingCredentials | UsageError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const file = configPath(env)
    const value = (name: string) => {
      const v = env[name]
      return v === undefined || v === "" ? undefined : v
    }
    if (Option.isNone(profile)) {
      const set = variables.filter((name) => value(name) !== undefined)
      if (set.length === variables.length) {
        return {
          projectId: value("SINCH_PROJECT_ID")!,
          keyId: value("SINCH_KEY_ID")!,
          keySecret: Redacted.make(value("SINCH_KEY_SECRET")!),
          numbersUrl: value("SINCH_NUMBERS_URL"),
          authUrl: value("SINCH_AUTH_URL"),
          source: "environment"
        }
      }
      if (set.length > 0) {
        return yield* new MissingCredentials({
          message: `${variables.filter((name) => value(name) === undefined).join(" and ")} not set: set all of ${
            variables.join(", ")
          }, or none of them to use a profile (sinch-numbers login)`
        })
      }
    }
    const name = Option.getOrElse(profile, () => value("SINCH_PROFILE") ?? defaultProfile)
    const config = yield* read(file)
    const found = config.profiles[name]
    if (found === undefined) {
      return yield* new MissingCredentials({
        message: Option.isSome(profile) || value("SINCH_PROFILE") !== undefined
          ? `No profile ${JSON.stringify(name)} in ${file}: run sinch-numbers login --profile ${name}`
          : `No credentials: set SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET, or run sinch-numbers login ` +
            `(no profile "default" in ${file})`
      })
    }
    return fromProfile(file, name, found)
  })
