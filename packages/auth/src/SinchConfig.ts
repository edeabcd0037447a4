/**
 * Reading Sinch settings with `Config`, shared by the packages' `layerConfig` constructors: a setting that must be
 * there says where to find it when it is not, and an option may be given as a value or as a `Config`.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Either from "effect/Either"
import * as Option from "effect/Option"

/**
 * A setting that must be there; when it is not, the error says where to find it. Missing settings of one
 * `Config.all` are reported together.
 *
 * @example
 * ```ts
 * import { SinchConfig } from "@effect-sinch/auth"
 * import * as Config from "effect/Config"
 *
 * const projectId = SinchConfig.required("SINCH_PROJECT_ID", Config.string, "on the dashboard, Settings > Projects")
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const required = <A>(name: string, read: (name: string) => Config.Config<A>, where: string): Config.Config<A> =>
  Config.option(read(name)).pipe(Config.mapOrFail(Option.match({
    onNone: () => Either.left(ConfigError.MissingData([name], `Expected ${name} to be set: ${where}`)),
    onSome: Either.right
  })))

/**
 * An option given as a value or as a `Config`, as a `Config` (`undefined` when it is not given).
 *
 * @since 0.1.0
 * @category constructors
 */
export const valueOrConfig = <A>(value: A | Config.Config<A> | undefined): Config.Config<A | undefined> =>
  Config.isConfig(value) ? value as Config.Config<A> : Config.succeed(value)
