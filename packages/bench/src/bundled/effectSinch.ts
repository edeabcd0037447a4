/**
 * `effect-sinch-bundled`: effect-sinch on `NodeHttpClient.layerUndici`, imported statically, as a program shipped as
 * one esbuild file (bundle.ts swaps this module in for load.ts).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Connection, Contender } from "../contender.js"
import { make } from "../contenders/effectSinch.js"

/** Builds the one contender of this bundle. */
export const load = async (_name: string, connection: Connection): Promise<Contender> =>
  make(connection, { http: NodeHttpClient.layerUndici })
