/**
 * The credentials of a machine's command-line tools (`sinch-numbers`, `sinch-numbers-mcp`): the profiles of their
 * config file, the `SINCH_*` variables, and key secrets kept in the platform's keychain. One reading of the file for
 * every program that uses it.
 *
 * The config file is `$SINCH_CONFIG`, else `$XDG_CONFIG_HOME/sinch-numbers/config.json`, else
 * `~/.config/sinch-numbers/config.json`: `{ "current"?: NAME, "profiles": { NAME: { projectId, keyId, keySecret?,
 * numbersUrl?, authUrl? } } }`, where `keySecret` is the secret itself, a reference to the keychain entry that holds
 * it (`{ "keychain": { service, account } }`), or absent (logged out).
 *
 * The keychain is reached through `@napi-rs/keyring` (an optional peer dependency, loaded on first use): without it,
 * a profile whose secret is in the keychain fails with `KeychainError` `LibraryMissing`, and everything else works.
 *
 * This module reads no global: the program gives it its `Machine` (environment variables, platform, home directory).
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * The environment variables, as `process.env` holds them.
 *
 * @since 0.1.0
 * @category models
 */
export type Environment = Readonly<Record<string, string | undefined>>

/**
 * What this module needs to know of the machine it runs on; a Node program passes
 * `{ env: process.env, platform: process.platform, homedir: os.homedir() }`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Machine {
  readonly env: Environment
  /** as `process.platform`: `darwin`, `win32`, `linux`, … */
  readonly platform: string
  readonly homedir: string
}

/**
 * The config file cannot be used: it cannot be read or written, is not JSON, does not have the expected shape, or
 * holds a key secret others can read. The message names the file and what to do, never its content.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConfigFileError
  extends Schema.TaggedError<ConfigFileError>("@effect-sinch/auth/SinchProfiles/ConfigFileError")(
    "ConfigFileError",
    {
      file: Schema.String,
      reason: Schema.Literal("Unreadable", "NotJson", "WrongShape", "Insecure", "Unwritable"),
      message: Schema.String
    }
  )
{}

/**
 * No credentials: the `SINCH_*` variables are set in part, the profile does not exist, or its key secret is not
 * where the profile says (logged out, no keychain, no such keychain entry). The message says what to run.
 *
 * @since 0.1.0
 * @category errors
 */
export class MissingCredentials
  extends Schema.TaggedError<MissingCredentials>("@effect-sinch/auth/SinchProfiles/MissingCredentials")(
    "MissingCredentials",
    { message: Schema.String }
  )
{}

/**
 * The keychain could not be used: `TurnedOff` (`SINCH_KEYCHAIN=off`), `LibraryMissing` (`@napi-rs/keyring` is not
 * installed, or has no binary for this platform), or `Failed` (no Secret Service on the session bus, a locked
 * keyring, no answer within a minute). The message never holds a secret.
 *
 * @since 0.1.0
 * @category errors
 */
export class KeychainError extends Schema.TaggedError<KeychainError>("@effect-sinch/auth/SinchProfiles/KeychainError")(
  "KeychainError",
  {
    reason: Schema.Literal("TurnedOff", "LibraryMissing", "Failed"),
    message: Schema.String
  }
) {}

/**
 * Where a secret is in the keychain: the service and account names the platform's store files it under.
 *
 * @since 0.1.0
 * @category schemas
 */
export const KeychainReference = Schema.Struct({ service: Schema.String, account: Schema.String })

/**
 * @since 0.1.0
 * @category schemas
 */
export type KeychainReference = typeof KeychainReference.Type

/**
 * A profile's key secret kept in the keychain: the reference to its entry.
 *
 * @since 0.1.0
 * @category schemas
 */
export const KeychainSecret = Schema.Struct({ keychain: KeychainReference })

/**
 * @since 0.1.0
 * @category schemas
 */
export type KeychainSecret = typeof KeychainSecret.Type

/**
 * One set of credentials, as the config file keeps it. `keySecret` is a reference to the keychain (written when a
 * keychain is available), the secret itself (written when none is, and by versions before the keychain), or absent
 * (after `logout`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Profile = Schema.Struct({
  projectId: Schema.String,
  keyId: Schema.String,
  keySecret: Schema.optional(Schema.Union(Schema.String, KeychainSecret)),
  numbersUrl: Schema.optional(Schema.String),
  authUrl: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type Profile = typeof Profile.Type

/**
 * The config file: the profiles by name, and the one made current.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConfigFile = Schema.Struct({
  current: Schema.optional(Schema.String),
  profiles: Schema.Record({ key: Schema.String, value: Profile })
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type ConfigFile = typeof ConfigFile.Type

/**
 * The profile used when none is named and neither `SINCH_PROFILE` nor the file's `current` names one.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultProfile = "default"

/**
 * The keychain service every key secret is filed under; the account is the access key's id.
 *
 * @since 0.1.0
 * @category constants
 */
export const keychainService = "sinch-numbers"

/**
 * The variables that, all three set, are the credentials (before any profile but one named explicitly).
 *
 * @since 0.1.0
 * @category constants
 */
export const variables = ["SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET"] as const

/**
 * A variable's value; empty is unset.
 *
 * @since 0.1.0
 * @category constructors
 */
export const variable = (env: Environment, name: string): string | undefined => {
  const v = env[name]
  return v === undefined || v === "" ? undefined : v
}

/**
 * The config file: `$SINCH_CONFIG`, else `$XDG_CONFIG_HOME/sinch-numbers/config.json`, else
 * `~/.config/sinch-numbers/config.json`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const configPath = (machine: Machine): string =>
  variable(machine.env, "SINCH_CONFIG") ??
    `${variable(machine.env, "XDG_CONFIG_HOME") ?? `${machine.homedir}/.config`}/sinch-numbers/config.json`

/**
 * The profile used when none is named: `$SINCH_PROFILE`, else the file's `current`, else `default`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const currentName = (config: ConfigFile, env: Environment): string =>
  variable(env, "SINCH_PROFILE") ?? config.current ?? defaultProfile

const expected = `{"profiles": {NAME: {"projectId", "keyId", "keySecret"}}}`

const holdsSecret = (config: ConfigFile): boolean =>
  Object.values(config.profiles).some((profile) => typeof profile.keySecret === "string")

const decodeConfig = Schema.decodeUnknown(ConfigFile)

/**
 * Reads the config file; a file that does not exist is an empty one. A file that holds a key secret must be readable
 * by its owner only (as ssh asks of a private key), except on Windows, where modes do not say who can read.
 *
 * @since 0.1.0
 * @category files
 */
export const read = (
  file: string,
  machine: Pick<Machine, "platform">
): Effect.Effect<ConfigFile, ConfigFileError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const fail = (reason: ConfigFileError["reason"], message: string) =>
      new ConfigFileError({ file, reason, message: `The config file ${file} ${message}` })
    const exists = yield* Effect.orElseSucceed(fs.exists(file), () => false)
    if (!exists) return { profiles: {} }
    const text = yield* Effect.mapError(
      fs.readFileString(file),
      (error) => fail("Unreadable", `could not be read (${error.message}): check its owner and mode`)
    )
    // The file may hold secrets: no error below echoes its content.
    const json = yield* Effect.try({
      try: (): unknown => JSON.parse(text),
      catch: () => fail("NotJson", `is not valid JSON: fix it (expected ${expected}) or remove it and log in again`)
    })
    const config = yield* Effect.mapError(
      decodeConfig(json),
      () => fail("WrongShape", `does not have the expected shape ${expected}: fix it or remove it and log in again`)
    )
    if (machine.platform !== "win32" && holdsSecret(config)) {
      const info = yield* Effect.mapError(
        fs.stat(file),
        (error) => fail("Unreadable", `could not be read (${error.message})`)
      )
      if ((info.mode & 0o077) !== 0) {
        return yield* fail(
          "Insecure",
          `holds a key secret and others can read it (mode ${(info.mode & 0o777).toString(8)}): run chmod 600 ${file}`
        )
      }
    }
    return config
  })

/**
 * Writes the config file with mode 0600 (a new directory with mode 0700), replacing it atomically: a temporary file
 * beside it (`temporary`, by default the file's name with a random suffix), renamed over it once complete.
 *
 * @since 0.1.0
 * @category files
 */
export const write = (
  file: string,
  config: ConfigFile,
  options: { readonly temporary?: string | undefined } = {}
): Effect.Effect<void, ConfigFileError, FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const fail = (error: { readonly message: string }) =>
      new ConfigFileError({
        file,
        reason: "Unwritable",
        message: `Could not write the config file ${file}: ${error.message}`
      })
    yield* Effect.mapError(fs.makeDirectory(path.dirname(file), { recursive: true, mode: 0o700 }), fail)
    const temporary = options.temporary ?? `${file}.${(yield* Random.nextInt).toString(36)}.tmp`
    yield* Effect.gen(function*() {
      yield* fs.writeFileString(temporary, JSON.stringify(config, null, 2) + "\n", { mode: 0o600 })
      // mode applies only when a file is created: make sure, whatever umask or leftover file there was
      yield* fs.chmod(temporary, 0o600)
      yield* fs.rename(temporary, file)
    }).pipe(
      Effect.mapError(fail),
      Effect.tapError(() => Effect.ignore(fs.remove(temporary)))
    )
  })

/**
 * The platform's secret store, as these tools use it.
 *
 * @since 0.1.0
 * @category keychain
 */
export interface KeychainService {
  /** the store's name for people: "macOS Keychain", "Windows Credential Manager", "Secret Service" */
  readonly store: string
  /** the secret filed under this reference, if there is one */
  readonly get: (reference: KeychainReference) => Effect.Effect<Option.Option<Redacted.Redacted<string>>, KeychainError>
  readonly set: (reference: KeychainReference, secret: Redacted.Redacted<string>) => Effect.Effect<void, KeychainError>
  /** true when there was a secret to remove */
  readonly remove: (reference: KeychainReference) => Effect.Effect<boolean, KeychainError>
}

/**
 * The keychain, for programs that keep one per process (so that a store found broken is not tried twice) and for
 * tests that bring their own.
 *
 * @since 0.1.0
 * @category keychain
 */
export class Keychain extends Context.Tag("@effect-sinch/auth/SinchProfiles/Keychain")<Keychain, KeychainService>() {}

/**
 * The name of the platform's store, for people.
 *
 * @since 0.1.0
 * @category keychain
 */
export const storeName = (platform: string): string =>
  platform === "darwin"
    ? "macOS Keychain"
    : platform === "win32"
    ? "Windows Credential Manager"
    : "Secret Service"

// A store may wait on a person (macOS asks whether node may read the item, a desktop keyring asks to be unlocked):
// time enough to answer, and no command hangs on a prompt nobody sees.
const keychainTimeout = Duration.minutes(1)

// What this module uses of @napi-rs/keyring.
interface KeyringEntry {
  getPassword(signal?: AbortSignal | null): Promise<string | null | undefined>
  setPassword(password: string, signal?: AbortSignal | null): Promise<void>
  deletePassword(signal?: AbortSignal | null): Promise<boolean>
}
interface KeyringLibrary {
  readonly AsyncEntry: new(
    service: string,
    account: string,
    options?: { readonly linux?: { readonly store?: "secret-service" } }
  ) => KeyringEntry
}

// Named through a variable: bundlers leave the import to run time, where the native library is installed or not.
const keyringModule = "@napi-rs/keyring"

const loadKeyring = (): Promise<KeyringLibrary> => import(keyringModule)

const messageOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ")

const isModuleMissing = (error: unknown): boolean =>
  typeof error === "object" && error !== null && "code" in error &&
  (error.code === "ERR_MODULE_NOT_FOUND" || error.code === "MODULE_NOT_FOUND")

/**
 * The platform's secret store through `@napi-rs/keyring`: macOS Keychain, Windows Credential Manager, or the Secret
 * Service on the session bus on Linux (gnome-keyring, KWallet, KeePassXC). On Linux it is pinned to the Secret
 * Service: the library's other choice there, the kernel keyring, forgets everything at logout.
 *
 * The library is loaded on first use, so a machine where it cannot load still runs everything that needs no
 * keychain. Once the store has failed, it is not tried again by this service: the first reason is given each time,
 * at once. `SINCH_KEYCHAIN=off` turns it off.
 *
 * @since 0.1.0
 * @category keychain
 */
export const makeKeychain = (machine: Pick<Machine, "env" | "platform">): KeychainService => {
  const store = storeName(machine.platform)
  let broken: KeychainError | undefined = machine.env["SINCH_KEYCHAIN"] === "off"
    ? new KeychainError({ reason: "TurnedOff", message: "the keychain is turned off (SINCH_KEYCHAIN=off)" })
    : undefined
  let library: Promise<KeyringLibrary> | undefined

  const call = <A>(
    what: string,
    use: (keyring: KeyringLibrary, reference: KeychainReference, signal: AbortSignal) => Promise<A>
  ) =>
  (reference: KeychainReference): Effect.Effect<A, KeychainError> =>
    Effect.suspend(() => {
      if (broken !== undefined) return Effect.fail(broken)
      return Effect.tryPromise({
        try: async (signal) => {
          library ??= loadKeyring()
          const keyring = await library.catch((error: unknown) => {
            throw isModuleMissing(error)
              ? new KeychainError({
                reason: "LibraryMissing",
                message: `the keychain library ${keyringModule} is not installed (npm install ${keyringModule}); ` +
                  "or set SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET"
              })
              : error
          })
          return use(keyring, reference, signal)
        },
        catch: (error) =>
          error instanceof KeychainError
            ? error
            : new KeychainError({ reason: "Failed", message: `the ${store} could not ${what}: ${messageOf(error)}` })
      }).pipe(
        Effect.timeoutFail({
          duration: keychainTimeout,
          onTimeout: () =>
            new KeychainError({
              reason: "Failed",
              message: `the ${store} could not ${what}: it did not answer within ${
                Duration.format(keychainTimeout)
              } (is it locked, or asking for permission?)`
            })
        }),
        Effect.tapError((error) =>
          Effect.sync(() => {
            broken = error
          })
        )
      )
    })

  const entry = (keyring: KeyringLibrary, reference: KeychainReference) =>
    new keyring.AsyncEntry(reference.service, reference.account, { linux: { store: "secret-service" } })

  return {
    store,
    get: call(
      "be read",
      (keyring, reference, signal) =>
        entry(keyring, reference).getPassword(signal).then((found) =>
          found === null || found === undefined ? Option.none() : Option.some(Redacted.make(found))
        )
    ),
    set: (reference, secret) =>
      call(
        "store the secret",
        (keyring, reference, signal) => entry(keyring, reference).setPassword(Redacted.value(secret), signal)
      )(reference),
    remove: call("remove the secret", (keyring, reference, signal) => entry(keyring, reference).deletePassword(signal))
  }
}

/**
 * Credentials ready to use, and where they came from.
 *
 * @since 0.1.0
 * @category models
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

const missing = (file: string, name: string, why: string) =>
  new MissingCredentials({
    message: `Profile ${JSON.stringify(name)} in ${file} ${why}: run sinch-numbers login --profile ${name}`
  })

/**
 * A profile's key secret: inline, or read from the keychain (the one in the context, else one made for `machine`).
 *
 * @since 0.1.0
 * @category credentials
 */
export const secretOf = (
  file: string,
  name: string,
  profile: Profile,
  machine: Pick<Machine, "env" | "platform">
): Effect.Effect<Redacted.Redacted<string>, MissingCredentials> =>
  Effect.gen(function*() {
    const secret = profile.keySecret
    if (secret === undefined) return yield* missing(file, name, "has no key secret (logged out)")
    if (typeof secret === "string") return Redacted.make(secret)
    const keychain = Option.getOrElse(yield* Effect.serviceOption(Keychain), () => makeKeychain(machine))
    const found = yield* Effect.mapError(
      keychain.get(secret.keychain),
      (error) => missing(file, name, `keeps its key secret in the keychain, which is not available (${error.message})`)
    )
    if (Option.isNone(found)) {
      return yield* missing(
        file,
        name,
        `keeps its key secret in the ${keychain.store} as ${secret.keychain.service}/${secret.keychain.account}, ` +
          "which has no such entry"
      )
    }
    return found.value
  })

/**
 * Finds the credentials to use:
 * - with a profile named (`--profile NAME`), that profile of the config file;
 * - else SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET (with SINCH_NUMBERS_URL and SINCH_AUTH_URL) when set;
 * - else the profile `$SINCH_PROFILE`, else the file's current one, else `default`.
 *
 * A key secret kept in the keychain is read from it: the `Keychain` in the context, else the platform's.
 *
 * @since 0.1.0
 * @category credentials
 */
export const resolve = (
  profile: Option.Option<string>,
  machine: Machine
): Effect.Effect<Credentials, MissingCredentials | ConfigFileError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const env = machine.env
    const file = configPath(machine)
    if (Option.isNone(profile)) {
      const set = variables.filter((name) => variable(env, name) !== undefined)
      if (set.length === variables.length) {
        return {
          projectId: variable(env, "SINCH_PROJECT_ID")!,
          keyId: variable(env, "SINCH_KEY_ID")!,
          keySecret: Redacted.make(variable(env, "SINCH_KEY_SECRET")!),
          numbersUrl: variable(env, "SINCH_NUMBERS_URL"),
          authUrl: variable(env, "SINCH_AUTH_URL"),
          source: "environment"
        }
      }
      if (set.length > 0) {
        return yield* new MissingCredentials({
          message: `${
            variables.filter((name) => variable(env, name) === undefined).join(" and ")
          } not set: set all of ${variables.join(", ")}, or none of them to use a profile (sinch-numbers login)`
        })
      }
    }
    const config = yield* read(file, machine)
    const name = Option.getOrElse(profile, () => currentName(config, env))
    const found = Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined
    if (found === undefined) {
      return yield* new MissingCredentials({
        message: Option.isSome(profile) || variable(env, "SINCH_PROFILE") !== undefined || config.current !== undefined
          ? `No profile ${JSON.stringify(name)} in ${file}: run sinch-numbers login --profile ${name}`
          : `No credentials: set SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET, or run sinch-numbers login ` +
            `(no profile "default" in ${file})`
      })
    }
    return {
      projectId: found.projectId,
      keyId: found.keyId,
      keySecret: yield* secretOf(file, name, found, machine),
      numbersUrl: found.numbersUrl,
      authUrl: found.authUrl,
      source: `profile ${name} (${file})`
    }
  })
