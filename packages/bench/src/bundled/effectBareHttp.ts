/**
 * `effect-bare-http-bundled`: the bare Effect program on `NodeHttpClient.layer` (Node's `http` module), imported
 * statically, as one esbuild file: the floor of `effect-sinch-http-bundled`.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Connection, Contender } from "../contender.js"
import { make } from "../contenders/effectBare.js"

/** Builds the one contender of this bundle. */
export const load = async (_name: string, connection: Connection): Promise<Contender> =>
  make(connection, { http: NodeHttpClient.layer })
