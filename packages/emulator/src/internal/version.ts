/**
 * The package's version, for `--version`; `pnpm changeset-version` rewrites it from package.json.
 *
 * @internal
 */
export const moduleVersion = "0.1.0"
