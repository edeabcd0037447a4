/**
 * `effect-sinch-http-bundled`: effect-sinch on `NodeHttpClient.layer` (Node's `http` module), imported statically, as
 * one esbuild file: what a short-lived program (a function, a command) runs on when start-up counts more than the
 * cost per call (the command line's one-shot commands do; docs/cli.md).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Connection, Contender } from "../contender.js"
import { make } from "../contenders/effectSinch.js"

/** Builds the one contender of this bundle. */
export const load = async (_name: string, connection: Connection): Promise<Contender> =>
  make(connection, { http: NodeHttpClient.layer })
