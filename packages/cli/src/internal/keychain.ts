/** @internal */
import * as SinchProfiles from "@effect-sinch/auth/SinchProfiles"
import * as Effect from "effect/Effect"
import { globalValue } from "effect/GlobalValue"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

/**
 * Where a secret is in the keychain.
 *
 * @internal
 */
export type Reference = SinchProfiles.KeychainReference

/**
 * The service name every secret of sinch-numbers is filed under; the account is the access key's id.
 *
 * @internal
 */
export const service = SinchProfiles.keychainService

/**
 * The platform's secret store, as sinch-numbers uses it.
 *
 * @internal
 */
export type Service = SinchProfiles.KeychainService

/**
 * The keychain service.
 *
 * @internal
 */
export const Keychain = SinchProfiles.Keychain

/** @internal */
export type Keychain = SinchProfiles.Keychain

/** @internal */
export const storeName = (platform: NodeJS.Platform = process.platform): string => SinchProfiles.storeName(platform)

/**
 * The platform's secret store (see `SinchProfiles.makeKeychain`); `SINCH_KEYCHAIN=off` turns it off.
 *
 * @internal
 */
export const make = (env: NodeJS.ProcessEnv = process.env): Service =>
  SinchProfiles.makeKeychain({ env, platform: process.platform })

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
