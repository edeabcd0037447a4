/** @internal */

/**
 * The package's version, on its own: the bin answers `--version` from it without loading the command line.
 *
 * @internal
 */
export const version = "0.1.0"
