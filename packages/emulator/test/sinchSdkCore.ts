// @sinch/sdk-client 1.5.0 requires "@sinch/sdk-core/package.json" only to put a version in its User-Agent, but
// does not depend on @sinch/sdk-core; without it the SDK cannot load. Resolve that one file to a stand-in.
import * as Module from "node:module"
import { fileURLToPath } from "node:url"

const loader = Module.Module as unknown as {
  _resolveFilename: (request: string, ...rest: Array<unknown>) => string
}
const original = loader._resolveFilename
const standIn = fileURLToPath(new URL("./fixtures/sdk-core-package.json", import.meta.url))

loader._resolveFilename = function(request: string, ...rest: Array<unknown>) {
  return request === "@sinch/sdk-core/package.json" ? standIn : original.call(this, request, ...rest)
}
