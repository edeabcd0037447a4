/**
 * `official-bundled`: the official SDK's script as one esbuild file, `@sinch/numbers` imported statically (the
 * package.json it requires from `@sinch/sdk-core`, which it does not declare, is the bundler's stand-in: bundle.ts).
 */
import { NumbersService } from "@sinch/numbers"
import type { Connection, Contender } from "../contender.js"
import { make } from "../contenders/official.js"

/** Builds the one contender of this bundle. */
export const load = async (_name: string, connection: Connection): Promise<Contender> =>
  make(connection, NumbersService)
