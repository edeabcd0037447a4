/** @internal */
import * as Effect from "effect/Effect"
import * as Output from "./output.js"

/**
 * A progress line on stderr, redrawn in place at most every 200 ms: count, rate, and an ETA when the total is
 * known. Silent when stderr is not a terminal, so logs and pipes get no carriage returns.
 *
 * @internal
 */
export interface Progress {
  readonly advance: (n: number, extra?: string) => Effect.Effect<void>
  /** Clears the line (and prints a last summary when there is one to print). */
  readonly finish: (summary?: string) => Effect.Effect<void>
}

const duration = (seconds: number): string => {
  if (!Number.isFinite(seconds) || seconds < 0) return "?"
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
}

const count = (n: number) => n.toLocaleString("en-US")

/**
 * The line itself, for a count so far, a total (when known) and the seconds since the start.
 *
 * @internal
 */
export const render = (unit: string, done: number, total: number | undefined, seconds: number, extra = ""): string => {
  const rate = seconds > 0 ? done / seconds : 0
  const eta = total !== undefined && rate > 0 && total >= done ? ` · ETA ${duration((total - done) / rate)}` : ""
  const of = total === undefined ? "" : ` / ${count(total)}`
  const percent = total === undefined || total === 0 ? "" : ` (${Math.min(100, Math.floor((done / total) * 100))}%)`
  return `${count(done)}${of} ${unit}${percent} · ${count(Math.round(rate))}/s${eta}${
    extra === "" ? "" : ` · ${extra}`
  }`
}

/**
 * Starts a progress line on `Output`'s stderr, drawn only when it is a terminal.
 *
 * @internal
 */
export const make = (unit: string, total: number | undefined): Effect.Effect<Progress, never, Output.Output> =>
  Effect.map(Output.Output, ({ stderr }) => {
    if (!stderr.isTerminal) return { advance: () => Effect.void, finish: () => Effect.void }
    const started = performance.now()
    let done = 0
    let last = 0
    let extraText = ""
    const draw = () =>
      Effect.ignore(
        stderr.write(`\r\x1b[2K${render(unit, done, total, (performance.now() - started) / 1000, extraText)}`)
      )
    return {
      advance: (n, extra) =>
        Effect.suspend(() => {
          done += n
          if (extra !== undefined) extraText = extra
          const now = performance.now()
          if (now - last < 200) return Effect.void
          last = now
          return draw()
        }),
      finish: (summary) => Effect.ignore(stderr.write(`\r\x1b[2K${summary === undefined ? "" : summary + "\n"}`))
    }
  })
