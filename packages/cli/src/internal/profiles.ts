/** @internal */
import * as SinchProfiles from "@effect-sinch/auth/SinchProfiles"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as Path from "@effect/platform/Path"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Os from "node:os"
import { ConfigFileError, ProfileNotFound } from "../CliError.js"
import { MissingCredentials, UsageError } from "../CliError.js"
import * as Keychain from "./keychain.js"

// The file's shape, its location and how a profile's secret is found are SinchProfiles' (in @effect-sinch/auth),
// shared with sinch-numbers-mcp; this module keeps what only the command line does with profiles.

/**
 * One set of credentials, as the config file keeps it (see `SinchProfiles.Profile`).
 *
 * @internal
 */
export type Profile = SinchProfiles.Profile

/**
 * The config file: the profiles by name, and the one `profile use` made current.
 *
 * @internal
 */
export type ConfigFile = SinchProfiles.ConfigFile

export { ConfigFileError, ProfileNotFound } from "../CliError.js"

/**
 * Credentials ready to use, and where they came from (for `auth status`).
 *
 * @internal
 */
export type Credentials = SinchProfiles.Credentials

/** @internal */
export const defaultProfile = SinchProfiles.defaultProfile

const machine = (env: NodeJS.ProcessEnv): SinchProfiles.Machine => ({
  env,
  platform: process.platform,
  homedir: Os.homedir()
})

/**
 * The config file: `$SINCH_CONFIG`, else `$XDG_CONFIG_HOME/sinch-numbers/config.json`, else
 * `~/.config/sinch-numbers/config.json`.
 *
 * @internal
 */
export const configPath = (env: NodeJS.ProcessEnv = process.env): string => SinchProfiles.configPath(machine(env))

// the command line's own error, with the same fields (part of its public API, with its exit code)
const asCliError = (error: SinchProfiles.ConfigFileError) =>
  new ConfigFileError({ file: error.file, reason: error.reason, message: error.message })

/**
 * Reads the config file; a file that does not exist is an empty one (see `SinchProfiles.read`).
 *
 * @internal
 */
export const read = (file: string): Effect.Effect<ConfigFile, ConfigFileError, FileSystem.FileSystem> =>
  Effect.mapError(SinchProfiles.read(file, { platform: process.platform }), asCliError)

/**
 * Writes the config file with mode 0600, atomically (see `SinchProfiles.write`), through `FILE.PID.tmp`.
 *
 * @internal
 */
export const write = (
  file: string,
  config: ConfigFile
): Effect.Effect<void, ConfigFileError, FileSystem.FileSystem | Path.Path> =>
  Effect.mapError(SinchProfiles.write(file, config, { temporary: `${file}.${process.pid}.tmp` }), asCliError)

const value = SinchProfiles.variable

const variables = SinchProfiles.variables

/**
 * The profile used when `--profile` does not name one: `$SINCH_PROFILE`, else the one `profile use` chose, else
 * `default`.
 *
 * @internal
 */
export const currentName = (config: ConfigFile, env: NodeJS.ProcessEnv = process.env): string =>
  SinchProfiles.currentName(config, env)

/**
 * Where a profile's key secret is, for people and `--json`: never the secret.
 *
 * @internal
 */
export type SecretLocation =
  | { readonly _tag: "Keychain"; readonly store: string; readonly reference: Keychain.Reference }
  | { readonly _tag: "File"; readonly file: string }
  | { readonly _tag: "None" }

const locationOf = (file: string, store: string, profile: Profile): SecretLocation =>
  profile.keySecret === undefined
    ? { _tag: "None" }
    : typeof profile.keySecret === "string"
    ? { _tag: "File", file }
    : { _tag: "Keychain", store, reference: profile.keySecret.keychain }

/**
 * Says where a secret is, in a few words: `Secret Service (sinch-numbers/KEY_ID)`, `the config file`, `nowhere`.
 *
 * @internal
 */
export const describeLocation = (location: SecretLocation): string =>
  location._tag === "Keychain"
    ? `${location.store} (${location.reference.service}/${location.reference.account})`
    : location._tag === "File"
    ? `the config file ${location.file} (mode 0600)`
    : "nowhere (logged out)"

/**
 * Finds the credentials to use:
 * - with `--profile NAME`, that profile of the config file;
 * - else SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET (with SINCH_NUMBERS_URL and SINCH_AUTH_URL) when set;
 * - else the profile `$SINCH_PROFILE`, else the one `profile use` chose, else `default`.
 *
 * A key secret kept in the keychain is read from it (the keychain in the context, else the platform's). A config
 * file that cannot be used is a `UsageError` here (exit code 2) with `ConfigFileError`'s message.
 *
 * @internal
 */
export const resolve = (
  profile: Option.Option<string>,
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<Credentials, MissingCredentials | UsageError, FileSystem.FileSystem> =>
  SinchProfiles.resolve(profile, machine(env)).pipe(
    Effect.provideServiceEffect(SinchProfiles.Keychain, Keychain.current),
    Effect.catchTags({
      ConfigFileError: (error) => Effect.fail(new UsageError({ message: error.message, cause: asCliError(error) })),
      MissingCredentials: (error) => Effect.fail(new MissingCredentials({ message: error.message }))
    })
  )

/**
 * One profile as `profile list` shows it: never the secret, only where it is.
 *
 * @internal
 */
export interface ProfileSummary {
  readonly name: string
  /** the profile used when `--profile` does not name one (unless SINCH_PROJECT_ID and friends are set) */
  readonly current: boolean
  readonly projectId: string
  readonly keyId: string
  readonly secret: SecretLocation
  readonly numbersUrl: string | undefined
  readonly authUrl: string | undefined
}

/**
 * What `profile list` shows.
 *
 * @internal
 */
export interface ProfileList {
  readonly file: string
  /** the name of the current profile, whether or not it exists */
  readonly current: string
  /** true when SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET are set: they win over the current profile */
  readonly environment: boolean
  /** by name */
  readonly profiles: ReadonlyArray<ProfileSummary>
}

/**
 * The profiles of the config file, by name, with the current one marked and where each keeps its secret.
 *
 * @internal
 */
export const listProfiles = (
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<ProfileList, ConfigFileError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const file = configPath(env)
    const config = yield* read(file)
    const keychain = yield* Keychain.current
    const current = currentName(config, env)
    return {
      file,
      current,
      environment: variables.every((name) => value(env, name) !== undefined),
      profiles: Object.keys(config.profiles).sort().map((name) => {
        const profile = config.profiles[name]!
        return {
          name,
          current: name === current,
          projectId: profile.projectId,
          keyId: profile.keyId,
          secret: locationOf(file, keychain.store, profile),
          numbersUrl: profile.numbersUrl,
          authUrl: profile.authUrl
        }
      })
    }
  })

/**
 * Whether the config file has a profile of that name (`login` asks before replacing one).
 *
 * @internal
 */
export const profileExists = (
  name: string,
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<boolean, ConfigFileError, FileSystem.FileSystem> =>
  Effect.map(read(configPath(env)), (config) => Object.hasOwn(config.profiles, name))

const existing = (file: string, config: ConfigFile, name: string): Effect.Effect<Profile, ProfileNotFound> => {
  const found = Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined
  if (found !== undefined) return Effect.succeed(found)
  const names = Object.keys(config.profiles).sort()
  return Effect.fail(
    new ProfileNotFound({
      profile: name,
      file,
      message: `No profile ${JSON.stringify(name)} in ${file} (${
        names.length === 0 ? "it has none: run sinch-numbers login" : `it has ${names.join(", ")}`
      })`
    })
  )
}

/**
 * Makes a profile the one used when neither `--profile`, nor SINCH_PROJECT_ID and friends, nor SINCH_PROFILE say
 * otherwise; kept in the config file.
 *
 * @internal
 */
export const useProfile = (
  name: string,
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<void, ProfileNotFound | ConfigFileError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const file = configPath(env)
    const config = yield* read(file)
    yield* existing(file, config, name)
    yield* write(file, { ...config, current: name })
  })

/**
 * What became of a key secret that was removed. `note` is set when the keychain entry could not be removed (the
 * keychain is not available now): the command prints it once, on stderr.
 *
 * @internal
 */
export interface Removed {
  readonly file: string
  /** where the secret was */
  readonly secret: SecretLocation
  readonly note: Option.Option<string>
}

const sameReference = (a: Keychain.Reference, b: Keychain.Reference) =>
  a.service === b.service && a.account === b.account

/** Removes a keychain entry no profile left in `config` refers to any more. */
const releaseEntry = (
  config: ConfigFile,
  location: SecretLocation
): Effect.Effect<Option.Option<string>> => {
  if (location._tag !== "Keychain") return Effect.succeed(Option.none())
  const shared = Object.values(config.profiles).some((profile) =>
    typeof profile.keySecret === "object" && sameReference(profile.keySecret.keychain, location.reference)
  )
  if (shared) return Effect.succeed(Option.none())
  return Effect.flatMap(Keychain.current, (keychain) => keychain.remove(location.reference)).pipe(
    Effect.as(Option.none<string>()),
    Effect.catchAll((error) =>
      Effect.succeed(Option.some(
        `The key secret stays in the ${location.store} as ${location.reference.service}/${location.reference.account}: ` +
          `${error.message}. Remove it there by hand.`
      ))
    )
  )
}

const removing = (
  name: string,
  env: NodeJS.ProcessEnv,
  change: (config: ConfigFile, profile: Profile) => ConfigFile
): Effect.Effect<Removed, ProfileNotFound | ConfigFileError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const file = configPath(env)
    const config = yield* read(file)
    const profile = yield* existing(file, config, name)
    const keychain = yield* Keychain.current
    const secret = locationOf(file, keychain.store, profile)
    const changed = change(config, profile)
    // the file first: a profile never points at an entry that is gone
    yield* write(file, changed)
    const note = yield* releaseEntry(changed, secret)
    return { file, secret, note }
  })

/**
 * Deletes a profile: its entry in the config file, and its key secret from the keychain (unless another profile of
 * the file uses the same access key). The current profile deleted, none is current: `default` is used again.
 *
 * @internal
 */
export const deleteProfile = (
  name: string,
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<Removed, ProfileNotFound | ConfigFileError, FileSystem.FileSystem | Path.Path> =>
  removing(name, env, (config) => {
    const { [name]: _, ...profiles } = config.profiles
    const { current: __, ...rest } = config
    return config.current === name ? { ...rest, profiles } : { ...config, profiles }
  })

/**
 * Logs a profile out: its key secret is removed (from the keychain, or from the config file), the profile stays with
 * its project, key id and URLs, so `login --profile NAME` only asks for the secret again. `deleteProfile` removes it
 * all. (As gcloud's `auth revoke` and oxide's `auth logout` do; twilio-cli has no logout, only `profiles:remove`.)
 *
 * @internal
 */
export const logout = (
  name: string,
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<Removed, ProfileNotFound | ConfigFileError, FileSystem.FileSystem | Path.Path> =>
  removing(name, env, (config, profile) => {
    const { keySecret: _, ...kept } = profile
    return { ...config, profiles: { ...config.profiles, [name]: kept } }
  })

/**
 * A profile to save: what `login` asked for.
 *
 * @internal
 */
export interface NewProfile {
  readonly projectId: string
  readonly keyId: string
  readonly keySecret: Redacted.Redacted<string>
  readonly numbersUrl?: string | undefined
  readonly authUrl?: string | undefined
}

/**
 * Where `saveProfile` put the secret. `note` is set when no keychain could be used and the secret went to the config
 * file: the command prints it once, on stderr.
 *
 * @internal
 */
export interface Saved {
  readonly file: string
  readonly secret: SecretLocation
  /** true when a profile of that name was replaced */
  readonly replaced: boolean
  readonly note: Option.Option<string>
}

/**
 * Saves a profile, replacing any of that name (ask first: `profileExists`). The key secret goes to the keychain
 * (filed under the access key's id) and the config file keeps only a reference to it; with no keychain, the secret
 * goes to the config file (mode 0600), and `note` says so. The first profile saved becomes the current one.
 *
 * @internal
 */
export const saveProfile = (
  name: string,
  input: NewProfile,
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<Saved, ConfigFileError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const file = configPath(env)
    const config = yield* read(file)
    const keychain = yield* Keychain.current
    const reference: Keychain.Reference = { service: Keychain.service, account: input.keyId }
    const stored = yield* Effect.either(keychain.set(reference, input.keySecret))
    const keySecret: Profile["keySecret"] = stored._tag === "Right"
      ? { keychain: reference }
      : Redacted.value(input.keySecret)
    const before = Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined
    const profile: Profile = {
      projectId: input.projectId,
      keyId: input.keyId,
      keySecret,
      ...(input.numbersUrl === undefined ? {} : { numbersUrl: input.numbersUrl }),
      ...(input.authUrl === undefined ? {} : { authUrl: input.authUrl })
    }
    const changed: ConfigFile = {
      ...config,
      ...(config.current === undefined && Object.keys(config.profiles).length === 0 ? { current: name } : {}),
      profiles: { ...config.profiles, [name]: profile }
    }
    yield* write(file, changed)
    // the key this profile had before, if none uses it now
    const released = before === undefined
      ? Option.none<string>()
      : yield* releaseEntry(changed, locationOf(file, keychain.store, before))
    const fallback = stored._tag === "Right"
      ? Option.none<string>()
      : Option.some(`No keychain to keep the key secret in (${stored.left.message}): it is in ${file}, mode 0600.`)
    const notes = [fallback, released].filter(Option.isSome).map((note) => note.value)
    return {
      file,
      secret: locationOf(file, keychain.store, profile),
      replaced: before !== undefined,
      note: notes.length === 0 ? Option.none() : Option.some(notes.join(" "))
    }
  })
