/**
 * Which contender the runner builds, by name, for the plain (unbundled) runs: each contender's module is imported only
 * when asked for. A bundle swaps this module for one of `src/bundled/*.ts`, which imports its one contender statically.
 */
import type { Connection, Contender, ContenderName } from "./contender.js"

// imported with the Effect contenders only: raw and official load no Effect module
const httpClients = () => import("./contenders/httpClients.js")

/** Builds the contender named, or fails for a bundled one (they run from their own file). */
export const load = async (name: ContenderName, connection: Connection): Promise<Contender> => {
  switch (name) {
    case "raw":
      return (await import("./contenders/raw.js")).make(connection)
    case "official":
      return (await import("./contenders/official.js")).make(connection)
    case "effect-sinch":
      return (await import("./contenders/effectSinch.js")).make(connection, { http: (await httpClients()).undici })
    case "effect-sinch-parts":
      return (await import("./contenders/effectSinch.js")).make(connection, {
        http: (await httpClients()).undici,
        partitioned: true
      })
    case "effect-sinch-fetch":
      return (await import("./contenders/effectSinch.js")).make(connection, { http: (await httpClients()).fetch })
    case "effect-sinch-item":
      return (await import("./contenders/effectSinch.js")).make(connection, {
        http: (await httpClients()).undici,
        consume: "item"
      })
    case "effect-bare":
      return (await import("./contenders/effectBare.js")).make(connection, { http: (await httpClients()).fetch })
    case "effect-bare-undici":
      return (await import("./contenders/effectBare.js")).make(connection, { http: (await httpClients()).undici })
    case "official-bundled":
    case "effect-sinch-bundled":
    case "effect-sinch-fetch-bundled":
    case "effect-bare-bundled":
    case "effect-bare-undici-bundled":
    case "effect-sinch-http-bundled":
    case "effect-bare-http-bundled":
      throw new Error(`${name} runs from its bundle (build/bundles), not from runner.js`)
  }
}
