/** @internal */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import type { OutputFailed } from "../CliError.js"
import { UsageError } from "../CliError.js"
import * as Output from "./output.js"

/**
 * How a row ended for good: `done` (applied by this job) or `unchanged` (already as asked). Failed rows are not
 * recorded as finished: the next run tries them again.
 *
 * @internal
 */
export type Finished = "done" | "unchanged"

/** @internal */
export interface Entry {
  readonly phoneNumber: string
  /**
   * `started` when a change was sent and its outcome is not known yet (the process died, or the outcome is unknown);
   * `failed` when it was refused for sure (the next run tries it afresh)
   */
  readonly state: "started" | "failed" | Finished
  readonly reason?: string | undefined
}

/**
 * A bulk job's checkpoint: an append-only file of one JSON line per event, written synchronously before the next
 * step, so that a process killed at any instant leaves a record that is true up to its last line.
 *
 * Line 1 names the job and the SHA-256 of its input file; then `{"line":N,"phoneNumber":P,"state":"started"}`
 * before a change is sent, and `{"line":N,"phoneNumber":P,"state":"done"|"unchanged"}` once it is known. A
 * line cut short by a kill is ignored.
 *
 * @internal
 */
export interface Checkpoint {
  /** What earlier runs recorded, by line of the input file. */
  readonly entries: ReadonlyMap<number, Entry>
  readonly record: (line: number, entry: Entry) => Effect.Effect<void, OutputFailed>
}

interface Header {
  readonly checkpoint: 1
  readonly job: string
  readonly sha256: string
}

/**
 * Opens (or creates) the checkpoint of a job over an input file with this digest; a checkpoint of another job or of
 * another version of the file is a usage error. With `dryRun` nothing is written.
 *
 * @internal
 */
export const open = (
  file: string,
  job: string,
  sha256: string,
  dryRun: boolean
): Effect.Effect<Checkpoint, UsageError | OutputFailed, Scope.Scope> =>
  Effect.gen(function*() {
    const entries = new Map<number, Entry>()
    const found = yield* Effect.sync(() => Fs.statSync(file, { throwIfNoEntry: false }))
    if (found !== undefined && !found.isFile()) {
      // a device would be read forever (/dev/full, /dev/zero) and a pipe would block: it is read back, so a file
      return yield* new UsageError({
        message: `The checkpoint ${file} is not a regular file: pass another --checkpoint`
      })
    }
    const existing = yield* Effect.try({
      try: () => found !== undefined ? Fs.readFileSync(file, "utf8") : undefined,
      catch: (error) => new UsageError({ message: `Could not read the checkpoint ${file}: ${String(error)}` })
    })
    if (existing !== undefined && existing.trim() !== "") {
      const lines = existing.split("\n")
      let header: Header | undefined
      try {
        header = JSON.parse(lines[0]!) as Header
      } catch {
        header = undefined
      }
      if (header === undefined || header.checkpoint !== 1) {
        return yield* new UsageError({
          message: `${file} is not a sinch-numbers checkpoint; remove it or pass another --checkpoint`
        })
      }
      if (header.job !== job || header.sha256 !== sha256) {
        return yield* new UsageError({
          message: `The checkpoint ${file} belongs to ${
            header.job !== job ? `a ${header.job} job` : "another version of the input file"
          }: remove it to start over, or pass another --checkpoint`
        })
      }
      for (const text of lines.slice(1)) {
        if (text.trim() === "") continue
        try {
          const event = JSON.parse(text) as Entry & { readonly line: number }
          entries.set(event.line, { phoneNumber: event.phoneNumber, state: event.state, reason: event.reason })
        } catch {
          // the last line of a killed run may be cut short: it recorded nothing
        }
      }
    }
    if (dryRun) return { entries, record: () => Effect.void }
    const fd = yield* Effect.acquireRelease(
      Effect.try({
        try: () => Fs.openSync(file, "a", 0o600),
        catch: (error) => new UsageError({ message: `Could not write the checkpoint ${file}: ${String(error)}` })
      }),
      (fd) => Effect.sync(() => Fs.closeSync(fd))
    )
    // Synchronous on purpose: the line is on disk before the next step; a failure (a full disk) ends the job.
    const append = (text: string) =>
      Effect.try({ try: () => Fs.writeFileSync(fd, text), catch: (error) => Output.failed(file, error) })
    // A killed run may have left half a line: start ours on a line of its own.
    if (existing !== undefined && existing !== "" && !existing.endsWith("\n")) yield* append("\n")
    if (existing === undefined || existing.trim() === "") {
      yield* append(JSON.stringify({ checkpoint: 1, job, sha256 } satisfies Header) + "\n")
    }
    return { entries, record: (line, entry) => append(JSON.stringify({ line, ...entry }) + "\n") }
  })
