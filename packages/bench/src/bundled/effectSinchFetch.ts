/**
 * `effect-sinch-fetch-bundled`: effect-sinch on `FetchHttpClient.layer`, imported statically, as one esbuild file.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type { Connection, Contender } from "../contender.js"
import { make } from "../contenders/effectSinch.js"

/** Builds the one contender of this bundle. */
export const load = async (_name: string, connection: Connection): Promise<Contender> =>
  make(connection, { http: FetchHttpClient.layer })
