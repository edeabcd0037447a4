/**
 * Renders a scenario's runs as a plain-text table (median and min–max of every figure) with its targets underneath.
 */
import type { ContenderName } from "./contender.js"
import type { Run, Scenario, Verdict } from "./scenarios.js"
import { summarize } from "./statistics.js"

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length))

const format = (value: number, digits: number) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const cell = (values: ReadonlyArray<number | undefined>, digits: number): string => {
  const summary = summarize(values)
  if (summary === undefined) return "—"
  if (summary.n === 1 || summary.min === summary.max) return format(summary.median, digits)
  return `${format(summary.median, digits)} [${format(summary.min, digits)}–${format(summary.max, digits)}]`
}

const status = (runs: ReadonlyArray<Run>): string => {
  const failed = runs.filter((r) => !r.figures.ok)
  if (failed.length === 0) return `ok ×${runs.length}`
  const error = failed[0]!.figures.error ?? "failed"
  const items = failed[0]!.figures.items
  const after = items !== undefined && items > 0 ? ` after ${items.toLocaleString("en-US")} items` : ""
  return `FAILED ${failed.length}/${runs.length}: ${error}${after}`
}

/** One variant's table: a row per contender, a column per figure, then the run status. */
export const table = (
  scenario: Scenario,
  label: string,
  runs: ReadonlyArray<Run>
): string => {
  const header = ["contender", ...scenario.columns.map((c) => c.label), "runs"]
  const rows = scenario.contenders.filter((c) => runs.some((r) => r.contender === c)).map(
    (contender: ContenderName) => {
      const mine = runs.filter((r) => r.contender === contender)
      const counted = scenario.keepFailedFigures ? mine : mine.filter((r) => r.figures.ok)
      return [
        contender,
        ...scenario.columns.map((column) => {
          const values = counted.map((r) => {
            const v = r.figures[column.key]
            return typeof v === "number" ? v : undefined
          })
          return cell(values, column.digits)
        }),
        mine.length === 0 ? "not run" : status(mine)
      ]
    }
  )
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => i === header.length - 1 ? 0 : r[i]!.length))
  )
  const line = (cells: ReadonlyArray<string>) =>
    "  " + cells.map((c, i) => i === cells.length - 1 ? c : pad(c, widths[i]!)).join("  ")
  return [`  ${label}: median [min–max]`, line(header), ...rows.map(line)].join("\n")
}

/** The target lines under a scenario. */
export const verdictLines = (verdicts: ReadonlyArray<Verdict>): string =>
  verdicts.map((v) => {
    const mark = v.met === undefined ? "    " : v.met ? "MET " : "MISS"
    return `  ${mark} ${v.label}: ${v.value}   target ${v.target}`
  }).join("\n")

/** The whole scenario: title, one table per variant, its targets (computed once, by the caller). */
export const render = (
  scenario: Scenario,
  runs: ReadonlyMap<string, ReadonlyArray<Run>>,
  verdicts: ReadonlyArray<Verdict>
): string =>
  [
    `${scenario.number}. ${scenario.title}`,
    ...[...runs.entries()].map(([label, variantRuns]) => table(scenario, label, variantRuns)),
    verdictLines(verdicts),
    ""
  ].join("\n")

/** A target as `--json` carries it. */
export interface TargetJson {
  readonly name: string
  /** the figure in the target's unit when it is a number, the printed text otherwise, null when not measured */
  readonly value: number | string | null
  /** the target, or "(informative)", "(finding)", "(reference)" for a line printed beside the targets */
  readonly target: string
  /** null when nothing was measured or the line has no target */
  readonly met: boolean | null
}

/** A printed target line, as `--json` carries it. */
export const targetJson = (verdict: Verdict): TargetJson => ({
  name: verdict.label,
  value: verdict.figure ?? (verdict.value === "n/a" ? null : verdict.value),
  target: verdict.target,
  met: verdict.met ?? null
})
