/** @internal */
import * as Command from "@effect/cli/Command"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"

/**
 * @effect/cli's bash completion script (0.77) does not find subcommands: it starts from `cmd="sinch-numbers"` where its
 * cases expect `sinch__numbers`, it matches a third word against `parent,child,grandchild` where `cmd` already is
 * `parent__child`, and it spells `rent-any` as `rent__any` in what it compares with the typed word. So
 * `sinch-numbers active <TAB>` offered the top-level commands and `active list --<TAB>` the root's options. This
 * rewrites each `case "${cmd},${i}"` label to what the loop compares: the command path so far joined by `__` (the
 * root as typed), then the word as typed.
 *
 * @internal
 */
export const fixBash = (script: string, name: string): string => {
  const root = name.replace(/-/g, "__")
  return script.replace(/^(\s+)([a-z0-9_]+(?:,[a-z0-9_]+)+)\)$/gm, (_, indent: string, label: string) => {
    const words = label.split(",")
    const last = words.pop()!.replace(/__/g, "-")
    const path = words.join("__")
    return `${indent}${path === root ? name : path},${last})`
  })
}

/**
 * `--completions bash`, with the script fixed (see `fixBash`).
 *
 * @internal
 */
export const bash = <Name extends string, R, E, A>(
  command: Command.Command<Name, R, E, A>,
  name: string
): Effect.Effect<void> =>
  Effect.flatMap(
    Command.getBashCompletions(command, name),
    (lines) => Console.log(fixBash(lines.join("\n"), name))
  )
