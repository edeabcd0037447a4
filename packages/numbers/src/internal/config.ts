/** @internal */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Either from "effect/Either"
import * as Option from "effect/Option"

/**
 * A setting that must be there; when it is not, the error says where to find it. Missing settings of one
 * `Config.all` are reported together.
 *
 * @internal
 */
export const required = <A>(name: string, read: (name: string) => Config.Config<A>, where: string): Config.Config<A> =>
  Config.option(read(name)).pipe(Config.mapOrFail(Option.match({
    onNone: () => Either.left(ConfigError.MissingData([name], `Expected ${name} to be set: ${where}`)),
    onSome: Either.right
  })))

/**
 * An option given as a value or as a `Config`.
 *
 * @internal
 */
export const valueOrConfig = <A>(value: A | Config.Config<A> | undefined): Config.Config<A | undefined> =>
  Config.isConfig(value) ? value as Config.Config<A> : Config.succeed(value)

/** @internal */
export const projectIdHint = "your project's id, on the Sinch dashboard under Settings > Projects"
