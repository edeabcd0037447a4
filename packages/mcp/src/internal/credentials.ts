/** @internal */
import * as SinchAuth from "@effect-sinch/auth/SinchAuth"
import * as SinchProfiles from "@effect-sinch/auth/SinchProfiles"
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Os from "node:os"
import { McpConfigError } from "../McpConfigError.js"

/**
 * Credentials as `sinch-numbers` finds them (`SinchProfiles.resolve`: `--profile NAME`, else the SINCH_* variables,
 * else the profile `$SINCH_PROFILE`, the file's current one or `default`), key secrets in the keychain included.
 *
 * @internal
 */
export const resolve = (
  profile: Option.Option<string>,
  env: NodeJS.ProcessEnv = process.env
): Effect.Effect<SinchProfiles.Credentials, McpConfigError, FileSystem.FileSystem> =>
  Effect.mapError(
    SinchProfiles.resolve(profile, { env, platform: process.platform, homedir: Os.homedir() }),
    (error) => new McpConfigError({ message: error.message })
  )

/**
 * A `NumbersClient` with OAuth2 for the credentials found, over undici; `timeout` bounds each attempt.
 *
 * @internal
 */
export const clientLayer = (
  profile: Option.Option<string>,
  timeout: Option.Option<Duration.Duration> = Option.none()
): Layer.Layer<NumbersClient.NumbersClient, McpConfigError, FileSystem.FileSystem> =>
  Layer.unwrapEffect(Effect.map(resolve(profile), (found) =>
    NumbersClient.layer({
      projectId: found.projectId,
      ...(Option.isSome(timeout) ? { timeout: timeout.value } : {}),
      ...(found.numbersUrl === undefined ? {} : { baseUrl: found.numbersUrl })
    }).pipe(
      Layer.provide(SinchAuth.layerOAuth({
        keyId: found.keyId,
        keySecret: found.keySecret,
        ...(found.authUrl === undefined ? {} : { tokenUrl: found.authUrl })
      })),
      Layer.mapError((error) => new McpConfigError({ message: error.message }))
    ))).pipe(Layer.provide(NodeHttpClient.layerUndici))
