/** @internal */
import type * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Predicate from "effect/Predicate"
import * as SinchNumbersCli from "../SinchNumbersCli.js"
import * as Output from "./output.js"
import * as Runner from "./runner.js"

/**
 * What the bin prints for one argv, and how it exits: `terminal` when the stream is a terminal and `NO_COLOR` is
 * unset (with @effect/cli's colours), `plain` otherwise.
 *
 * @internal
 */
export interface Answer {
  readonly args: ReadonlyArray<string>
  readonly code: number
  readonly stdout: { readonly terminal: string; readonly plain: string }
  readonly stderr: { readonly terminal: string; readonly plain: string }
}

/** The name a descriptor node is called by, and the commands under it (@effect/cli's node kinds, read as data). */
const node = (descriptor: unknown): { readonly name: string; readonly children: ReadonlyArray<unknown> } => {
  if (!Predicate.hasProperty(descriptor, "_tag")) return { name: "", children: [] }
  switch (descriptor._tag) {
    case "Standard":
    case "GetUserInput":
      return {
        name: Predicate.hasProperty(descriptor, "name") && Predicate.isString(descriptor.name) ? descriptor.name : "",
        children: []
      }
    case "Map":
      return Predicate.hasProperty(descriptor, "command") ? node(descriptor.command) : { name: "", children: [] }
    case "Subcommands": {
      const parent = Predicate.hasProperty(descriptor, "parent") ? node(descriptor.parent) : { name: "" }
      const children = Predicate.hasProperty(descriptor, "children") && Array.isArray(descriptor.children)
        ? descriptor.children
        : []
      return { name: parent.name, children }
    }
  }
  return { name: "", children: [] }
}

/**
 * Every command path of a tree, the root's as `[]`: `[]`, `["active"]`, `["active", "list"]`, …
 *
 * @internal
 */
export const paths = <Name extends string, R, E, A>(
  command: Command.Command<Name, R, E, A>
): ReadonlyArray<ReadonlyArray<string>> => {
  const walk = (descriptor: unknown, path: ReadonlyArray<string>): ReadonlyArray<ReadonlyArray<string>> => [
    path,
    ...node(descriptor).children.flatMap((child) => {
      const name = node(child).name
      return name === "" ? [] : walk(child, [...path, name])
    })
  ]
  return walk(command.descriptor, [])
}

/**
 * The argvs the bin answers from a table, built from @effect/cli's own answers: `--version`, and `--help` and `-h`
 * after every command path, alone.
 *
 * @internal
 */
export const argvs = (): ReadonlyArray<ReadonlyArray<string>> => [
  ["--version"],
  ...paths(SinchNumbersCli.command).flatMap((path) => [[...path, "--help"], [...path, "-h"]])
]

/**
 * Runs the command line in this process on `args`, its output captured, the sinks terminals or not; with
 * `stdoutFails`, every write to stdout fails with it.
 */
const capture = (args: ReadonlyArray<string>, isTerminal: boolean, stdoutFails?: Error) =>
  Effect.suspend(() => {
    const captured = { stdout: "", stderr: "" }
    const sink = (name: "stdout" | "stderr"): Output.Sink => ({
      name,
      isTerminal,
      write: (text) =>
        name === "stdout" && stdoutFails !== undefined
          ? Effect.fail(Output.failed(name, stdoutFails))
          : Effect.sync(() => void (captured[name] += text))
    })
    const output = Layer.succeed(
      Output.Output,
      Output.Output.of({
        stdout: sink("stdout"),
        stderr: sink("stderr"),
        wroteStdout: Effect.sync(() => captured.stdout !== "")
      })
    )
    return Runner.run(SinchNumbersCli.command, SinchNumbersCli, ["node", SinchNumbersCli.name, ...args]).pipe(
      Effect.map((code) => ({ code, ...captured })),
      Effect.provide(Output.consoleLayer),
      Effect.provide(output)
    )
  })

/**
 * What the command line answers to each of `argvs()`, computed by running it (build time: the bin's launcher
 * answers these argvs from the table without loading the command line; a test compares the two, byte for byte).
 *
 * @internal
 */
export const answers = (): Promise<ReadonlyArray<Answer>> =>
  Effect.runPromise(
    Effect.forEach(argvs(), (args) =>
      Effect.gen(function*() {
        const terminal = yield* capture(args, true)
        const plain = yield* capture(args, false)
        if (terminal.code !== plain.code) {
          return yield* Effect.dieMessage(`${args.join(" ")}: the exit code depends on the terminal`)
        }
        return {
          args,
          code: plain.code,
          stdout: { terminal: terminal.stdout, plain: plain.stdout },
          stderr: { terminal: terminal.stderr, plain: plain.stderr }
        }
      })).pipe(Effect.provide(NodeContext.layer))
  )

/**
 * What the command line prints on stderr, and its exit code, when an answer of the table cannot be written to stdout
 * (a full disk; a closed pipe is no failure): `placeholder` stands for the write error's message.
 *
 * @internal
 */
export interface WriteFailed {
  readonly placeholder: string
  readonly code: number
  readonly stderr: { readonly terminal: string; readonly plain: string }
}

/**
 * `WriteFailed`, computed by running the command line (on `--version`) with a stdout that refuses every write.
 *
 * @internal
 */
export const writeFailed = (): Promise<WriteFailed> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const placeholder = "@@write-error@@"
      const refused = Object.assign(new Error(placeholder), { code: "ENOSPC" })
      const terminal = yield* capture(["--version"], true, refused)
      const plain = yield* capture(["--version"], false, refused)
      if (terminal.code !== plain.code || !plain.stderr.includes(placeholder)) {
        return yield* Effect.dieMessage("a failed write of --version is not reported with its message")
      }
      return { placeholder, code: plain.code, stderr: { terminal: terminal.stderr, plain: plain.stderr } }
    }).pipe(Effect.provide(NodeContext.layer))
  )
