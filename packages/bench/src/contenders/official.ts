/**
 * The official Node SDK, `@sinch/numbers` 1.5.0, pointed at the emulator with `numbersHostname` and `authHostname`,
 * used the way its README shows: `get` for one number, `for await` over `list` for paging.
 */
import type * as SinchNumbers from "@sinch/numbers"
import * as Fs from "node:fs"
import * as Module from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"
import type { Connection, Contender } from "../contender.js"
import { burstOf, timeSequentially } from "../contender.js"

/**
 * `@sinch/sdk-client` 1.5.0 requires `@sinch/sdk-core/package.json` (to put its version in the User-Agent) without
 * declaring `@sinch/sdk-core` as a dependency, so `@sinch/numbers` installed on its own throws MODULE_NOT_FOUND at
 * import. We answer that one request with a stand-in package.json rather than install the whole umbrella SDK.
 */
const requireOfficial = (): typeof SinchNumbers => {
  const require = Module.createRequire(import.meta.url)
  try {
    require.resolve("@sinch/numbers/package.json")
    const client = Path.dirname(require.resolve("@sinch/sdk-client"))
    Module.createRequire(Path.join(client, "index.js")).resolve("@sinch/sdk-core/package.json")
  } catch {
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "sinch-sdk-core-"))
    const file = Path.join(dir, "package.json")
    Fs.writeFileSync(file, JSON.stringify({ name: "@sinch/sdk-core", version: "1.5.0" }))
    const internals = Module.Module as unknown as {
      _resolveFilename: (request: string, ...rest: Array<unknown>) => string
    }
    const resolve = internals._resolveFilename
    internals._resolveFilename = function(this: unknown, request, ...rest) {
      return request === "@sinch/sdk-core/package.json" ? file : resolve.call(this, request, ...rest)
    }
  }
  return require("@sinch/numbers") as typeof SinchNumbers
}

/** The official SDK's service class, loaded as above. */
export const loadNumbersService = (): typeof SinchNumbers.NumbersService => requireOfficial().NumbersService

/**
 * Builds the official contender. A bundle passes the class it imported (the stand-in package.json is then the
 * bundler's business, see bundle.ts); the plain script loads it as above.
 */
export const make = (
  connection: Connection,
  NumbersService: typeof SinchNumbers.NumbersService = loadNumbersService()
): Contender => {
  const service = new NumbersService({
    projectId: connection.projectId,
    keyId: connection.keyId,
    keySecret: connection.keySecret,
    numbersHostname: connection.baseUrl,
    authHostname: connection.baseUrl
  })

  const getActiveNumber = (phone: string): Promise<string> =>
    service.activeNumber.get({ phoneNumber: phone }).then((n) => n.phoneNumber!)

  return {
    getActiveNumber,
    streamAll: async (pageSize, onItem) => {
      for await (const n of service.activeNumber.list({ pageSize })) onItem(n.phoneNumber!)
    },
    sequentialGets: (phones) => timeSequentially(phones, getActiveNumber),
    concurrentGets: (phones) => burstOf(phones, getActiveNumber),
    close: async () => {}
  }
}
