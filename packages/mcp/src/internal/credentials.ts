/** @internal */
import * as SinchAuth from "@effect-sinch/auth/SinchAuth"
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Os from "node:os"
import { McpConfigError } from "../McpConfigError.js"

// The CLI's config file, read only: `sinch-numbers login` writes it.
const Profile = Schema.Struct({
  projectId: Schema.String,
  keyId: Schema.String,
  // a string in files written before the keychain; a keychain reference (or nothing, after logout) since
  keySecret: Schema.optional(Schema.Unknown),
  numbersUrl: Schema.optional(Schema.String),
  authUrl: Schema.optional(Schema.String)
})
const ConfigFile = Schema.parseJson(Schema.Struct({
  current: Schema.optional(Schema.String),
  profiles: Schema.Record({ key: Schema.String, value: Profile })
}))

/** @internal */
export interface Credentials {
  readonly projectId: string
  readonly keyId: string
  readonly keySecret: Redacted.Redacted<string>
  readonly numbersUrl: string | undefined
  readonly authUrl: string | undefined
}

const variables = ["SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET"] as const

/**
 * Credentials as `sinch-numbers` finds them: `--profile NAME` from its config file; else SINCH_PROJECT_ID,
 * SINCH_KEY_ID and SINCH_KEY_SECRET (with SINCH_NUMBERS_URL and SINCH_AUTH_URL); else the profile `$SINCH_PROFILE`
 * or `default`. The file is `$SINCH_CONFIG`, else `$XDG_CONFIG_HOME/sinch-numbers/config.json`, else
 * `~/.config/sinch-numbers/config.json`.
 *
 * @internal
 */
export const resolve = (
  profile: Option.Option<string>,
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<Credentials, McpConfigError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const value = (name: string) => {
      const v = env[name]
      return v === undefined || v === "" ? undefined : v
    }
    if (Option.isNone(profile)) {
      const missing = variables.filter((name) => value(name) === undefined)
      if (missing.length === 0) {
        return {
          projectId: value("SINCH_PROJECT_ID")!,
          keyId: value("SINCH_KEY_ID")!,
          keySecret: Redacted.make(value("SINCH_KEY_SECRET")!),
          numbersUrl: value("SINCH_NUMBERS_URL"),
          authUrl: value("SINCH_AUTH_URL")
        }
      }
      if (missing.length < variables.length) {
        return yield* new McpConfigError({
          message: `${missing.join(" and ")} not set: set all of ${variables.join(", ")}, or none to use a profile`
        })
      }
    }
    const file = value("SINCH_CONFIG") ??
      `${value("XDG_CONFIG_HOME") ?? `${Os.homedir()}/.config`}/sinch-numbers/config.json`
    const fs = yield* FileSystem.FileSystem
    const exists = yield* Effect.orElseSucceed(fs.exists(file), () => false)
    const text = exists
      ? yield* Effect.mapError(
        fs.readFileString(file),
        (error) => new McpConfigError({ message: `Could not read ${file}: ${error.message}` })
      )
      : `{"profiles":{}}`
    // the file holds secrets: a parse error must not echo it
    const config = yield* Effect.mapError(
      Schema.decodeUnknown(ConfigFile)(text),
      () => new McpConfigError({ message: `The config file ${file} is not valid: run sinch-numbers login again` })
    )
    const name = Option.getOrElse(profile, () => value("SINCH_PROFILE") ?? config.current ?? "default")
    const found = config.profiles[name]
    if (found === undefined) {
      return yield* new McpConfigError({
        message: `No credentials: set SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET, or run sinch-numbers ` +
          `login${name === "default" ? "" : ` --profile ${name}`} (no profile ${JSON.stringify(name)} in ${file})`
      })
    }
    if (typeof found.keySecret !== "string") {
      return yield* new McpConfigError({
        message: `The profile ${JSON.stringify(name)} keeps its key secret in the OS keychain (or was logged out): ` +
          `run sinch-numbers mcp${name === "default" ? "" : ` --profile ${name}`}, which reads the keychain, or set ` +
          `SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET`
      })
    }
    return {
      projectId: found.projectId,
      keyId: found.keyId,
      keySecret: Redacted.make(found.keySecret),
      numbersUrl: found.numbersUrl,
      authUrl: found.authUrl
    }
  })

/**
 * A `NumbersClient` with OAuth2 for the credentials found, over undici.
 *
 * @internal
 */
export const clientLayer = (
  profile: Option.Option<string>
): Layer.Layer<NumbersClient.NumbersClient, McpConfigError, FileSystem.FileSystem> =>
  Layer.unwrapEffect(Effect.map(resolve(profile), (found) =>
    NumbersClient.layer({
      projectId: found.projectId,
      ...(found.numbersUrl === undefined ? {} : { baseUrl: found.numbersUrl })
    }).pipe(
      Layer.provide(SinchAuth.layerOAuth({
        keyId: found.keyId,
        keySecret: found.keySecret,
        ...(found.authUrl === undefined ? {} : { tokenUrl: found.authUrl })
      })),
      Layer.mapError((error) => new McpConfigError({ message: error.message }))
    ))).pipe(Layer.provide(NodeHttpClient.layerUndici))
