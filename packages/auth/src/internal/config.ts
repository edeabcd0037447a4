/** @internal */
import * as Config from "effect/Config"
import type * as Redacted from "effect/Redacted"

/**
 * A secret, `Redacted` from the moment it is read.
 *
 * @internal
 */
export const redactedString = (name: string): Config.Config<Redacted.Redacted<string>> =>
  Config.redacted(Config.string(name))

/** @internal */
export const keyIdHint = "the id of an access key, on the Sinch dashboard under Settings > Access keys"

/** @internal */
export const keySecretHint =
  "the secret of that access key, shown once when the key is created (Sinch dashboard, Settings > Access keys)"
