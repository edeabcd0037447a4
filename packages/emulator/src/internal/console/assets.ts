/** @internal */
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Module from "node:module"
import * as Path from "node:path"

/** A file the console serves. @internal */
export interface Asset {
  readonly contentType: string
  readonly body: Uint8Array
}

/** The console's files by the name the page asks for (`index.html`, `app.js`, `vendor/uPlot.js`...). @internal */
export type Assets = ReadonlyMap<string, Asset>

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml"
}

const ownFiles = ["index.html", "app.js", "console.css"]

const read = (file: string): Asset => ({
  contentType: contentTypes[Path.extname(file)] ?? "application/octet-stream",
  body: new Uint8Array(Fs.readFileSync(file))
})

/** A file of a package installed where Node would find it from `directory` (its exports map may not list it). */
const installed = (directory: string, source: { readonly package: string; readonly file: string }): string => {
  const paths = Module.createRequire(Path.join(directory, "vendor.json")).resolve.paths(source.package) ?? []
  for (const nodeModules of paths) {
    const root = Path.join(nodeModules, source.package)
    if (Fs.existsSync(Path.join(root, "package.json"))) return Path.join(root, source.file)
  }
  throw new Error(`${source.package} is not installed`)
}

/**
 * Reads the console's files once, at start. The page's own files sit in the package's `console/` directory (copied
 * to `dist/console/` by the build); the libraries it uses (`console/vendor.json`: htm with Preact, uPlot) are copied
 * beside them by the build, and read from the package's `node_modules` when running from source. Fails with a
 * message saying what is missing.
 *
 * @internal
 */
export const load: Effect.Effect<Assets, string> = Effect.gen(function*() {
  const { directory } = yield* Effect.tryPromise({
    try: () => import("../../../console/directory.cjs"),
    catch: (cause) => `The console's files could not be found: ${String(cause)}`
  })
  return yield* Effect.try({
    try: () => {
      const assets = new Map<string, Asset>()
      for (const name of ownFiles) assets.set(name, read(Path.join(directory, name)))
      const vendor = JSON.parse(Fs.readFileSync(Path.join(directory, "vendor.json"), "utf8")) as Record<
        string,
        { readonly package: string; readonly file: string }
      >
      for (const [name, source] of Object.entries(vendor)) {
        const copied = Path.join(directory, "vendor", name)
        assets.set(`vendor/${name}`, read(Fs.existsSync(copied) ? copied : installed(directory, source)))
      }
      return assets as Assets
    },
    catch: (cause) => `The console's files could not be read from ${directory}: ${String(cause)}`
  })
})
