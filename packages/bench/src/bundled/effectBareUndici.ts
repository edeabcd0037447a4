/**
 * `effect-bare-undici-bundled`: the floor, the bare Effect program on `NodeHttpClient.layerUndici`, imported
 * statically, as one esbuild file.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Connection, Contender } from "../contender.js"
import { make } from "../contenders/effectBare.js"

/** Builds the one contender of this bundle. */
export const load = async (_name: string, connection: Connection): Promise<Contender> =>
  make(connection, { http: NodeHttpClient.layerUndici })
