/** @internal */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"

/**
 * The name of the bin.
 *
 * @internal
 */
export const name = "sinch-numbers"

/**
 * The options every command reads from the root: which credentials, and whether to print one JSON document.
 *
 * @internal
 */
export const options = {
  profile: Options.text("profile").pipe(
    Options.withDescription(
      "the credentials profile to use (default: the SINCH_* variables, else the profile \"default\"); for login, " +
        "the profile to save"
    ),
    Options.optional
  ),
  json: Options.boolean("json").pipe(
    Options.withDescription("print one JSON document on stdout instead of text for people, also when it fails")
  )
}

/**
 * The root command without its subcommands: they read its options with `yield* Root.command`, as @effect/cli's
 * minigit example does.
 *
 * @internal
 */
export const command = Command.make(name, options)

const flags = new Set(["--json"])
const valued = new Set(["--profile"])

/**
 * @effect/cli reads a parent's options only before the subcommand's name (`sinch-numbers --json active list`); people
 * write them anywhere (`sinch-numbers active list --json`), as the docs always showed. This moves the root options
 * from wherever they are to the front of the arguments (before any `--`), so that they are parsed once, by the root.
 *
 * @internal
 */
export const hoist = (
  argv: ReadonlyArray<string>
): { readonly args: ReadonlyArray<string>; readonly root: ReadonlyArray<string> } => {
  const [runtime = "node", script = name, ...args] = argv
  const root: Array<string> = []
  const rest: Array<string> = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === "--") {
      return { args: [runtime, script, ...root, ...rest, ...args.slice(i)], root }
    }
    if (flags.has(arg) || [...valued].some((flag) => arg.startsWith(flag + "="))) root.push(arg)
    else if (valued.has(arg) && i + 1 < args.length) root.push(arg, args[++i]!)
    else rest.push(arg)
  }
  return { args: [runtime, script, ...root, ...rest], root }
}
