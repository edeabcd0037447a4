/** @internal */
// only its types here: the library itself is loaded on first use
import type * as Keyring from "@napi-rs/keyring"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { globalValue } from "effect/GlobalValue"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * The keychain could not be used: none on this machine (no Secret Service on the session bus, a locked keyring, a
 * platform the library has no binary for), it was turned off, or it did not answer. The message never holds a secret.
 *
 * @internal
 */
export class KeychainError extends Schema.TaggedError<KeychainError>("@effect-sinch/cli/KeychainError")(
  "KeychainError",
  { message: Schema.String }
) {}

/**
 * Where a secret is in the keychain: the service and account names the platform's store files it under.
 *
 * @internal
 */
export const Reference = Schema.Struct({ service: Schema.String, account: Schema.String })

/** @internal */
export type Reference = typeof Reference.Type

/**
 * The service name every secret of sinch-numbers is filed under; the account is the access key's id.
 *
 * @internal
 */
export const service = "sinch-numbers"

/**
 * The platform's secret store, as sinch-numbers uses it.
 *
 * @internal
 */
export interface Service {
  /** the store's name for people: "macOS Keychain", "Windows Credential Manager", "Secret Service" */
  readonly store: string
  /** the secret filed under this reference, if there is one */
  readonly get: (reference: Reference) => Effect.Effect<Option.Option<Redacted.Redacted<string>>, KeychainError>
  readonly set: (reference: Reference, secret: Redacted.Redacted<string>) => Effect.Effect<void, KeychainError>
  /** true when there was a secret to remove */
  readonly remove: (reference: Reference) => Effect.Effect<boolean, KeychainError>
}

/**
 * The keychain service.
 *
 * @internal
 */
export class Keychain extends Context.Tag("@effect-sinch/cli/Keychain")<Keychain, Service>() {}

/** @internal */
export const storeName = (platform: NodeJS.Platform = process.platform): string =>
  platform === "darwin"
    ? "macOS Keychain"
    : platform === "win32"
    ? "Windows Credential Manager"
    : "Secret Service"

// A store may wait on a person (macOS asks whether node may read the item, a desktop keyring asks to be unlocked):
// time enough to answer, and no command hangs on a prompt nobody sees.
const timeout = Duration.minutes(1)

type Library = typeof Keyring

const messageOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ")

/**
 * The platform's secret store through `@napi-rs/keyring`: macOS Keychain, Windows Credential Manager, or the Secret
 * Service on the session bus on Linux (gnome-keyring, KWallet, KeePassXC). On Linux it is pinned to the Secret
 * Service: the library's other choice there, the kernel keyring, forgets everything at logout.
 *
 * The library is loaded on first use, so a machine where it cannot load still runs every command that needs no
 * keychain. Once the store has failed, it is not tried again in this process: the first reason is given each time,
 * at once. `SINCH_KEYCHAIN=off` turns it off (the config file keeps the secret, mode 0600).
 *
 * @internal
 */
export const make = (env: NodeJS.ProcessEnv = process.env): Service => {
  const store = storeName()
  let broken: string | undefined = env["SINCH_KEYCHAIN"] === "off"
    ? "the keychain is turned off (SINCH_KEYCHAIN=off)"
    : undefined
  let library: Promise<Library> | undefined

  const call = <A>(
    what: string,
    use: (keyring: Library, reference: Reference, signal: AbortSignal) => Promise<A>
  ) =>
  (reference: Reference): Effect.Effect<A, KeychainError> =>
    Effect.suspend(() => {
      if (broken !== undefined) return Effect.fail(new KeychainError({ message: broken }))
      return Effect.tryPromise({
        try: async (signal) => {
          library ??= import("@napi-rs/keyring")
          return use(await library, reference, signal)
        },
        catch: (error) => messageOf(error)
      }).pipe(
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: () =>
            `it did not answer within ${Duration.format(timeout)} (is it locked, or asking for permission?)`
        }),
        Effect.mapError((reason) => {
          broken = `the ${store} could not ${what}: ${reason}`
          return new KeychainError({ message: broken })
        })
      )
    })

  const entry = (keyring: Library, reference: Reference) =>
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
 * The keychain of this process (one, so that a store found broken is not tried twice).
 *
 * @internal
 */
export const processKeychain: Service = globalValue(Symbol.for("@effect-sinch/cli/Keychain"), () => make())

/**
 * The platform's keychain as a layer.
 *
 * @internal
 */
export const layer: Layer.Layer<Keychain> = Layer.sync(Keychain, () => processKeychain)

/**
 * The keychain in the context, else the process's: the profile operations work unprovided, and tests provide one
 * made for their own session bus.
 *
 * @internal
 */
export const current: Effect.Effect<Service> = Effect.map(
  Effect.serviceOption(Keychain),
  Option.getOrElse(() => processKeychain)
)
