/**
 * The six scenarios of the benchmark: what each runs, on which emulator, how often, which figures it shows and which
 * targets it prints next to them.
 */
import type { ContenderName } from "./contender.js"
import type { Figures, RunnerOptions } from "./runner.js"

/** The scenarios, by the name `--only` takes. */
export const scenarioIds = [
  "stream",
  "memory",
  "stampede",
  "latency",
  "coldstart",
  "faults",
  "network",
  "export"
] as const

/** A scenario's name. */
export type ScenarioId = typeof scenarioIds[number]

/** One measured figure shown as a table column. */
export interface Column {
  readonly key: keyof Figures
  readonly label: string
  readonly digits: number
}

/** One emulator set-up a scenario runs every contender against. */
export interface Variant {
  readonly label: string
  readonly emulatorFlags: ReadonlyArray<string>
  readonly runner: "stream" | "latency" | "stampede" | "coldstart" | "export"
  readonly options: Omit<RunnerOptions, "connection" | "phonesFile" | "statsUrl">
  readonly nodeFlags?: ReadonlyArray<string>
  /** `POST /_emulator/reset` before each run, so every contender meets the same fault sequence */
  readonly resetBeforeEachRun?: boolean
  /** only these contenders (default: the scenario's) */
  readonly contenders?: ReadonlyArray<ContenderName>
  /** rounds for this variant (default: the scenario's), without a warm-up */
  readonly reps?: number
}

/** One run of one contender. */
export interface Run {
  readonly contender: ContenderName
  readonly round: number
  readonly figures: Figures
}

/**
 * A target line printed under a scenario's table (report.ts), and one of the targets `--json` carries as
 * `{ name, value, target, met }` (report.ts, `targetJson`).
 */
export interface Verdict {
  readonly label: string
  /** the value as printed */
  readonly value: string
  readonly target: string
  /** undefined when the figure could not be measured, or the line is informative */
  readonly met: boolean | undefined
  /** the value as a number (in the target's unit), when it is one */
  readonly figure?: number | undefined
}

/** A scenario as the orchestrator runs it. */
export interface Scenario {
  readonly id: ScenarioId
  readonly number: number
  readonly title: string
  readonly contenders: ReadonlyArray<ContenderName>
  readonly variants: ReadonlyArray<Variant>
  readonly warmup: boolean
  readonly reps: number
  readonly columns: ReadonlyArray<Column>
  /** whether figures of failed runs still count (a stampede with some failed calls still made its token requests) */
  readonly keepFailedFigures: boolean
  readonly verdicts: (runs: ReadonlyMap<string, ReadonlyArray<Run>>) => ReadonlyArray<Verdict>
}

const figure = (run: Run, key: keyof Figures): number | undefined => {
  const value = run.figures[key]
  return typeof value === "number" ? value : undefined
}

const median = (values: ReadonlyArray<number>): number | undefined => {
  if (values.length === 0) return undefined
  const sorted = values.slice().sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The median of a figure over a contender's successful runs. */
export const medianOf = (
  runs: ReadonlyArray<Run> | undefined,
  contender: ContenderName,
  key: keyof Figures
): number | undefined =>
  median((runs ?? []).filter((r) => r.contender === contender && r.figures.ok).flatMap((r) => figure(r, key) ?? []))

/**
 * The median over rounds of `combine(a, b)` for the runs of two contenders in the same round: runs next to each other
 * in time, so machine noise hits both.
 */
export const paired = (
  runs: ReadonlyArray<Run> | undefined,
  a: ContenderName,
  b: ContenderName,
  key: keyof Figures,
  combine: (a: number, b: number) => number
): number | undefined => {
  const values: Array<number> = []
  for (const run of runs ?? []) {
    if (run.contender !== a || !run.figures.ok) continue
    const other = (runs ?? []).find((r) => r.contender === b && r.round === run.round && r.figures.ok)
    const x = figure(run, key)
    const y = other !== undefined ? figure(other, key) : undefined
    if (x !== undefined && y !== undefined) values.push(combine(x, y))
  }
  return median(values)
}

const ratio = (x: number, y: number) => x / y

const times = (value: number | undefined) => value === undefined ? "n/a" : `${value.toFixed(2)}×`

const mapDefined = <A, B>(a: A | undefined, f: (a: A) => B | undefined): B | undefined =>
  a === undefined ? undefined : f(a)

/** A target for a figure: its text, and whether a value meets it. */
interface Target {
  readonly text: string
  readonly met: (value: number) => boolean
}

/** `a / b` of a figure, paired by round (see {@link paired}), against a target, or informative without one. */
const ratioVerdict = (
  label: string,
  runs: ReadonlyArray<Run> | undefined,
  a: ContenderName,
  b: ContenderName,
  key: keyof Figures,
  target?: Target
): Verdict => {
  const value = paired(runs, a, b, key, ratio)
  return {
    label,
    value: times(value),
    target: target?.text ?? "(informative)",
    met: target === undefined ? undefined : mapDefined(value, target.met),
    figure: value
  }
}

/** `a − b` of a figure (in `unit`), paired by round (see {@link paired}), against a target, or informative. */
const differenceVerdict = (
  label: string,
  runs: ReadonlyArray<Run> | undefined,
  a: ContenderName,
  b: ContenderName,
  key: keyof Figures,
  digits: number,
  target?: Target,
  unit: "ms" | "MB" = "ms"
): Verdict => {
  const value = paired(runs, a, b, key, (x, y) => x - y)
  return {
    label,
    value: value === undefined ? "n/a" : `${value >= 0 && unit === "MB" ? "+" : ""}${value.toFixed(digits)} ${unit}`,
    target: target?.text ?? "(informative)",
    met: target === undefined ? undefined : mapDefined(value, target.met),
    figure: value
  }
}

/** The items each of a contender's runs lost and repeated (or the error that ended it), against none. */
const lostRepeated = (label: string, runs: ReadonlyArray<Run> | undefined, contender: ContenderName): Verdict => {
  const mine = (runs ?? []).filter((r) => r.contender === contender)
  return {
    label,
    value: mine.length === 0 ?
      "n/a" :
      mine.map((r) => r.figures.error ?? `${r.figures.lost ?? "?"} / ${r.figures.repeated ?? "?"}`).join("; "),
    target: "0 / 0",
    met: mine.length === 0 ? undefined : mine.every((r) => r.figures.ok)
  }
}

const failures = (runs: ReadonlyArray<Run> | undefined, contender: ContenderName): string | undefined => {
  const mine = (runs ?? []).filter((r) => r.contender === contender)
  const failed = mine.filter((r) => !r.figures.ok)
  return failed.length > 0 && failed.length === mine.length ? failed[0]!.figures.error ?? "failed" : undefined
}

/**
 * The emulator refuses an unencoded "+" by default, as a server reading queries by the book would; the official Node
 * SDK sends its page tokens unencoded, so every variant it runs in starts the emulator lenient (it repairs the "+"
 * and counts it). The "strict" variant of the stream scenario shows what the official SDK does without that help.
 */
const lenient = "--lenient-encoding"

/**
 * Deployed as a bundle (issue 23, target 2), in the stream scenario: bundled effect-sinch's peak heap against the
 * official SDK's plain script, with both forms of each and the floor (the bare program on undici) beside it.
 */
const bundledStreamVerdicts = (runs: ReadonlyArray<Run> | undefined): ReadonlyArray<Verdict> => [
  ratioVerdict("effect-sinch-bundled / official, peak heap", runs, "effect-sinch-bundled", "official", "peakHeapMb", {
    text: "≤ 2.00×",
    met: (r) => r <= 2
  }),
  ...besideOfficial(
    runs,
    (contender, label) => ratioVerdict(`${label} / official, peak heap`, runs, contender, "official", "peakHeapMb")
  )
]

/**
 * Deployed as a bundle (issue 23, target 2), in the cold-start scenario: bundled effect-sinch's first answer against
 * the official SDK's plain script, and the heap it holds once started (after `gc()`) against official's, with both
 * forms of each and the floor beside each.
 */
const bundledColdStartVerdicts = (runs: ReadonlyArray<Run> | undefined): ReadonlyArray<Verdict> => [
  ratioVerdict(
    "effect-sinch-bundled / official, first answer",
    runs,
    "effect-sinch-bundled",
    "official",
    "firstAnswerMs",
    { text: "≤ 1.30×", met: (r) => r <= 1.3 }
  ),
  ...besideOfficial(
    runs,
    (contender, label) =>
      ratioVerdict(`${label} / official, first answer`, runs, contender, "official", "firstAnswerMs")
  ),
  differenceVerdict(
    "effect-sinch-bundled − official, heap after GC once started",
    runs,
    "effect-sinch-bundled",
    "official",
    "heapAfterGcMb",
    1,
    { text: "≤ +5.0 MB", met: (d) => d <= 5 },
    "MB"
  ),
  ...besideOfficial(runs, (contender, label) =>
    differenceVerdict(
      `${label} − official, heap after GC once started`,
      runs,
      contender,
      "official",
      "heapAfterGcMb",
      1,
      undefined,
      "MB"
    )),
  differenceVerdict(
    "effect-sinch-bundled − effect-bare-undici-bundled (the SDK's own start-up, bundled), first answer",
    runs,
    "effect-sinch-bundled",
    "effect-bare-undici-bundled",
    "firstAnswerMs",
    0
  ),
  // Node's http module: no undici to load, and no WebAssembly parser to compile (docs/cli.md)
  ...(["effect-sinch-http-bundled", "effect-bare-http-bundled"] as const).filter((contender) =>
    (runs ?? []).some((r) => r.contender === contender)
  ).map((contender) =>
    ratioVerdict(`on node:http: ${contender} / official, first answer`, runs, contender, "official", "firstAnswerMs")
  ),
  differenceVerdict(
    "effect-sinch-http-bundled − effect-bare-http-bundled (the SDK's own start-up, bundled, node:http), first answer",
    runs,
    "effect-sinch-http-bundled",
    "effect-bare-http-bundled",
    "firstAnswerMs",
    0
  )
]

/** The informative lines beside a bundled target: the other forms and the floor, each against official's script. */
const besideOfficial = (
  runs: ReadonlyArray<Run> | undefined,
  verdict: (contender: ContenderName, label: string) => Verdict
): ReadonlyArray<Verdict> =>
  ([
    ["effect-sinch", "effect-sinch (plain)"],
    ["official-bundled", "official-bundled"],
    ["effect-bare-undici-bundled", "floor: effect-bare-undici-bundled"],
    ["effect-bare-undici", "floor: effect-bare-undici (plain)"]
  ] as const).filter(([contender]) => (runs ?? []).some((r) => r.contender === contender)).map(([contender, label]) =>
    verdict(contender, label)
  )

/** How big each scenario is, for a full run and for `--quick`. */
export const scenarios = (quick: boolean): ReadonlyArray<Scenario> => {
  const streamSize = 200_000
  const exportSize = quick ? 300_000 : 1_000_000
  const pageSize = 1000
  const faultStreamSize = quick ? 300_000 : 1_000_000
  // long enough that a 1,000-call burst on a busy 2-core machine ends before the fresh token expires too
  const expiringTtl = 5
  // shorter than the 60 s the official SDK keeps in hand before a token's expiry
  const shortLivedTtl = 30
  const shortLivedCalls = 50
  const sequentialCalls = quick ? 1000 : 5000
  return [
    {
      id: "stream",
      number: 1,
      title: `Stream all of ${streamSize.toLocaleString("en-US")} active numbers (page size ${pageSize})`,
      contenders: [
        "raw",
        "official",
        "official-bundled",
        "effect-bare-undici",
        "effect-bare-undici-bundled",
        "effect-sinch",
        "effect-sinch-bundled",
        "effect-sinch-item"
      ],
      variants: [{
        label: `${streamSize.toLocaleString("en-US")} numbers`,
        emulatorFlags: ["--active", String(streamSize), "--seed", "1", lenient],
        runner: "stream",
        options: { pageSize, expected: streamSize }
      }, {
        // the same, on the emulator's default, strict about an unencoded "+" as a server decoding queries by the book
        label: "same, strict emulator (its default; official only)",
        emulatorFlags: ["--active", String(streamSize), "--seed", "1"],
        runner: "stream",
        options: { pageSize, expected: streamSize },
        contenders: ["official"],
        reps: 1
      }],
      warmup: !quick,
      reps: quick ? 2 : 5,
      columns: [
        { key: "wallMs", label: "wall ms", digits: 0 },
        { key: "cpuMs", label: "client CPU ms", digits: 0 },
        { key: "peakRssMb", label: "peak RSS MB", digits: 1 },
        { key: "peakHeapMb", label: "peak heap MB", digits: 1 },
        { key: "items", label: "items", digits: 0 },
        { key: "unencoded", label: "unencoded '+'", digits: 0 }
      ],
      keepFailedFigures: false,
      verdicts: (all) => {
        const [runs, strict] = [...all.values()]
        const officialFailure = failures(runs, "official")
        const strictFailure = failures(strict, "official")
        return [
          ratioVerdict("effect-sinch / raw, wall time", runs, "effect-sinch", "raw", "wallMs", {
            text: "≤ 1.10×",
            met: (r) => r <= 1.1
          }),
          officialFailure !== undefined ?
            {
              label: "effect-sinch / official, wall time",
              value: `official fails: ${officialFailure}`,
              target: "< 1.00×",
              // effect-sinch pages through where official cannot; if both fail, nothing was measured
              met: failures(runs, "effect-sinch") === undefined ? true : undefined
            } :
            ratioVerdict("effect-sinch / official, wall time", runs, "effect-sinch", "official", "wallMs", {
              text: "< 1.00×",
              met: (r) => r < 1
            }),
          ratioVerdict("effect-sinch / official, peak heap", runs, "effect-sinch", "official", "peakHeapMb", {
            text: "≤ 2.00×",
            met: (r) => r <= 2
          }),
          ratioVerdict("effect-sinch / raw, client CPU", runs, "effect-sinch", "raw", "cpuMs"),
          ratioVerdict("effect-sinch / official, client CPU", runs, "effect-sinch", "official", "cpuMs"),
          ratioVerdict("effect-sinch / official, peak RSS", runs, "effect-sinch", "official", "peakRssMb"),
          // The floor: a bare Effect program on the same HttpClient, no SDK (see contenders/effectBare.ts).
          ratioVerdict("floor: effect-bare-undici / raw, wall time", runs, "effect-bare-undici", "raw", "wallMs"),
          ratioVerdict(
            "floor: effect-bare-undici / official, peak heap",
            runs,
            "effect-bare-undici",
            "official",
            "peakHeapMb"
          ),
          // issue 23, target 1: what the SDK itself adds over the floor
          ratioVerdict(
            "effect-sinch / effect-bare-undici (the floor), wall time",
            runs,
            "effect-sinch",
            "effect-bare-undici",
            "wallMs",
            { text: "≤ 1.10×", met: (r) => r <= 1.1 }
          ),
          differenceVerdict(
            "effect-sinch − effect-bare-undici (the floor), peak heap",
            runs,
            "effect-sinch",
            "effect-bare-undici",
            "peakHeapMb",
            1,
            { text: "≤ +10 MB", met: (d) => d <= 10 },
            "MB"
          ),
          ratioVerdict(
            "effect-sinch-item (an Effect per item) / raw, wall time",
            runs,
            "effect-sinch-item",
            "raw",
            "wallMs"
          ),
          ...bundledStreamVerdicts(runs),
          ...(strict === undefined || strict.length === 0 ? [] : [{
            label: "official on the strict emulator",
            value: strictFailure === undefined ?
              "pages through" :
              `fails after ${(strict[0]!.figures.items ?? 0).toLocaleString("en-US")} items: ${strictFailure}`,
            target: "(finding)",
            met: undefined
          }])
        ]
      }
    },
    {
      id: "memory",
      number: 2,
      title: "Memory at scale: 1,000,000 numbers streamed and counted, against 100,000",
      // --quick measures effect-sinch alone here: a million numbers take the emulator ~10 s to serve per run
      contenders: quick ? ["effect-sinch"] : ["raw", "official", "effect-sinch"],
      variants: [1_000_000, 100_000].map((size): Variant => ({
        label: `${size.toLocaleString("en-US")} numbers`,
        emulatorFlags: ["--active", String(size), "--seed", "2", lenient],
        runner: "stream",
        options: { pageSize, expected: size, collectFirst: true },
        nodeFlags: ["--expose-gc"]
      })),
      warmup: false,
      reps: quick ? 1 : 3,
      columns: [
        { key: "peakHeapMb", label: "peak heap MB", digits: 1 },
        { key: "baseHeapMb", label: "heap at start MB", digits: 1 },
        { key: "heapAfterGcMb", label: "heap after GC MB", digits: 1 },
        { key: "peakRssMb", label: "peak RSS MB", digits: 1 },
        { key: "wallMs", label: "wall ms", digits: 0 },
        { key: "items", label: "items", digits: 0 }
      ],
      keepFailedFigures: false,
      verdicts: (all) => {
        const [big, small] = [...all.values()]
        const ran = (["effect-sinch", "raw", "official"] as const).filter((c) => big?.some((r) => r.contender === c))
        return ran.map((contender): Verdict => {
          const heapBig = medianOf(big, contender, "peakHeapMb")
          const heapSmall = medianOf(small, contender, "peakHeapMb")
          const rss = mapDefined(
            medianOf(big, contender, "peakRssMb"),
            (b) => mapDefined(medianOf(small, contender, "peakRssMb"), (s) => b / s)
          )
          const r = heapBig !== undefined && heapSmall !== undefined ? heapBig / heapSmall : undefined
          return {
            label: `${contender}: peak heap 1,000,000 / 100,000`,
            value: `${times(r)} (RSS ${times(rss)})`,
            target: contender === "effect-sinch" ? "≤ 1.20×" : "(reference)",
            met: contender === "effect-sinch" ? mapDefined(r, (x) => x <= 1.2) : undefined
          }
        })
      }
    },
    {
      id: "stampede",
      number: 3,
      title: "Token stampede: 1,000 concurrent getActiveNumber calls",
      contenders: ["raw", "official", "effect-sinch"],
      variants: [
        {
          label: "cold (no token yet)",
          emulatorFlags: ["--active", "10000", "--seed", "3", lenient],
          runner: "stampede",
          options: { stampede: "cold", calls: 1000, gated: true }
        },
        {
          label: `just expired (token TTL ${expiringTtl} s)`,
          emulatorFlags: ["--active", "10000", "--seed", "3", "--token-ttl", String(expiringTtl), lenient],
          runner: "stampede",
          options: { stampede: "expired", calls: 1000, tokenTtlSeconds: expiringTtl, gated: true }
        },
        ...(quick ? [] : [
          {
            // not a stampede: how each client treats a token that lives less than a minute, one call at a time
            label: `${shortLivedCalls} sequential calls, token TTL ${shortLivedTtl} s`,
            emulatorFlags: ["--active", "10000", "--seed", "3", "--token-ttl", String(shortLivedTtl), lenient],
            runner: "latency",
            options: { calls: shortLivedCalls, warmupCalls: 0 },
            reps: 1
          } satisfies Variant
        ])
      ],
      warmup: false,
      reps: quick ? 1 : 3,
      columns: [
        { key: "tokenRequests", label: "token requests", digits: 0 },
        { key: "wallMs", label: "ms to all answered", digits: 0 },
        { key: "answered", label: "answered", digits: 0 },
        { key: "failed", label: "failed", digits: 0 }
      ],
      keepFailedFigures: true,
      verdicts: (all) => {
        const entries = [...all.entries()]
        const stampedes = entries.filter(([label]) => !label.includes("sequential"))
        const sequential = entries.filter(([label]) => label.includes("sequential"))
        return [
          ...stampedes.map(([label, runs]): Verdict => {
            const counts = runs.filter((r) => r.contender === "effect-sinch").map((r) => r.figures.tokenRequests)
            return {
              label: `effect-sinch token requests, ${label}`,
              value: counts.length === 0 ? "n/a" : counts.map((c) => c ?? "?").join(", "),
              target: "exactly 1",
              met: counts.length === 0 ? undefined : counts.every((c) => c === 1)
            }
          }),
          ...sequential.map(([label, runs]): Verdict => ({
            label: `token requests, ${label}`,
            value: runs.map((r) => `${r.contender} ${r.figures.tokenRequests ?? "?"}`).join(", "),
            target: "(finding)",
            met: undefined
          }))
        ]
      }
    },
    {
      id: "latency",
      number: 4,
      title: `Per-call overhead: ${
        sequentialCalls.toLocaleString("en-US")
      } sequential getActiveNumber calls (after 200 unmeasured)`,
      contenders: ["raw", "official", "effect-bare-undici", "effect-sinch"],
      variants: [{
        label: "sequential calls",
        emulatorFlags: ["--active", "10000", "--seed", "3", lenient],
        runner: "latency",
        options: { calls: sequentialCalls, warmupCalls: 200 }
      }],
      warmup: !quick,
      reps: quick ? 2 : 5,
      columns: [
        { key: "p50Ms", label: "p50 ms", digits: 3 },
        { key: "p99Ms", label: "p99 ms", digits: 3 },
        { key: "meanMs", label: "mean ms", digits: 3 },
        { key: "cpuMs", label: "client CPU ms", digits: 0 }
      ],
      keepFailedFigures: false,
      verdicts: (all) => {
        const runs = [...all.values()][0]
        return [
          differenceVerdict("effect-sinch p50 − raw p50", runs, "effect-sinch", "raw", "p50Ms", 3, {
            text: "≤ 0.150 ms",
            met: (o) => o <= 0.15
          }),
          ratioVerdict("effect-sinch / official, p50", runs, "effect-sinch", "official", "p50Ms", {
            text: "≤ 1.00×",
            met: (r) => r <= 1
          }),
          ratioVerdict("effect-sinch / official, client CPU", runs, "effect-sinch", "official", "cpuMs", {
            text: "≤ 1.00×",
            met: (r) => r <= 1
          }),
          ratioVerdict("effect-sinch / raw, p50", runs, "effect-sinch", "raw", "p50Ms"),
          // The floor: a bare Effect program on the same HttpClient, no SDK (see contenders/effectBare.ts).
          differenceVerdict("floor: effect-bare-undici p50 − raw p50", runs, "effect-bare-undici", "raw", "p50Ms", 3),
          ratioVerdict("floor: effect-bare-undici / official, p50", runs, "effect-bare-undici", "official", "p50Ms"),
          ratioVerdict(
            "floor: effect-bare-undici / official, client CPU",
            runs,
            "effect-bare-undici",
            "official",
            "cpuMs"
          ),
          // issue 23, target 1: what the SDK itself adds over the floor, per call
          differenceVerdict(
            "effect-sinch p50 − effect-bare-undici p50 (the SDK's own)",
            runs,
            "effect-sinch",
            "effect-bare-undici",
            "p50Ms",
            3,
            { text: "≤ 0.100 ms", met: (d) => d <= 0.1 }
          ),
          differenceVerdict(
            "effect-sinch − effect-bare-undici, client CPU per call (the SDK's own)",
            runs,
            "effect-sinch",
            "effect-bare-undici",
            "cpuPerCallMs",
            3,
            { text: "≤ 0.100 ms", met: (d) => d <= 0.1 }
          )
        ]
      }
    },
    {
      id: "coldstart",
      number: 5,
      title: "Cold start: process start to first answer (one getActiveNumber, token included)",
      contenders: [
        "raw",
        "official",
        "official-bundled",
        "effect-bare",
        "effect-bare-bundled",
        "effect-bare-undici",
        "effect-bare-undici-bundled",
        "effect-sinch",
        "effect-sinch-bundled",
        "effect-sinch-fetch",
        "effect-sinch-fetch-bundled",
        "effect-bare-http-bundled",
        "effect-sinch-http-bundled"
      ],
      variants: [{
        label: "first answer",
        emulatorFlags: ["--active", "10000", "--seed", "3", lenient],
        runner: "coldstart",
        options: {},
        // gc() once started, for the heap a started client holds
        nodeFlags: ["--expose-gc"]
      }],
      warmup: !quick,
      reps: quick ? 2 : 7,
      columns: [
        { key: "firstAnswerMs", label: "first answer ms", digits: 0 },
        { key: "loadedMs", label: "client loaded ms", digits: 0 },
        { key: "heapAfterGcMb", label: "heap after GC MB", digits: 1 }
      ],
      keepFailedFigures: false,
      verdicts: (all) => {
        const runs = [...all.values()][0]
        return [
          ratioVerdict("effect-sinch / raw, first answer", runs, "effect-sinch", "raw", "firstAnswerMs"),
          ratioVerdict("effect-sinch / official, first answer", runs, "effect-sinch", "official", "firstAnswerMs"),
          // The SDK's own start-up: effect-sinch minus the bare program on the same HttpClient.
          ...([["effect-sinch-fetch", "effect-bare"], ["effect-sinch", "effect-bare-undici"]] as const).map((
            [contender, bare]
          ) =>
            differenceVerdict(
              `${contender} − ${bare} (the SDK's own start-up), first answer`,
              runs,
              contender,
              bare,
              "firstAnswerMs",
              0,
              { text: "≤ 100 ms", met: (m) => m <= 100 }
            )
          ),
          // The yardstick is the bare program on fetch: on undici this adds loading @effect/platform-node.
          differenceVerdict(
            "effect-sinch (undici) − effect-bare (fetch), first answer",
            runs,
            "effect-sinch",
            "effect-bare",
            "firstAnswerMs",
            0
          ),
          ...bundledColdStartVerdicts(runs)
        ]
      }
    },
    {
      id: "faults",
      number: 6,
      title: `Under faults: ${streamSize.toLocaleString("en-US")} numbers at 10% faults; ${
        faultStreamSize.toLocaleString("en-US")
      } at 20% with every kind of fault`,
      contenders: ["raw", "official", "effect-sinch"],
      variants: [{
        label: "10% faults",
        emulatorFlags: ["--active", String(streamSize), "--seed", "6", "--fault-rate", "0.1", lenient],
        runner: "stream",
        resetBeforeEachRun: true,
        options: { pageSize, expected: streamSize, track: true }
      }, {
        // The client's default settings: a budget of 10 retries in a row per page, reset by every page read.
        label: `20% faults (statuses, HTML pages, dropped connections, bodies cut short, garbled JSON), ${
          faultStreamSize.toLocaleString("en-US")
        } numbers, default settings`,
        emulatorFlags: ["--active", String(faultStreamSize), "--seed", "7", "--faults", twentyPercent, lenient],
        runner: "stream",
        resetBeforeEachRun: true,
        contenders: ["effect-sinch"],
        reps: 1,
        options: { pageSize, expected: faultStreamSize, track: true }
      }],
      warmup: false,
      reps: quick ? 1 : 3,
      columns: [
        { key: "wallMs", label: "wall ms", digits: 0 },
        { key: "cpuMs", label: "client CPU ms", digits: 0 },
        { key: "peakRssMb", label: "peak RSS MB", digits: 1 },
        { key: "items", label: "items", digits: 0 },
        { key: "lost", label: "lost", digits: 0 },
        { key: "repeated", label: "repeated", digits: 0 },
        { key: "requests", label: "page requests", digits: 0 },
        { key: "faults", label: "faults met", digits: 0 }
      ],
      keepFailedFigures: true,
      verdicts: (all) =>
        [...all.entries()].map(([label, runs]) =>
          lostRepeated(`effect-sinch lost / repeated (${label.split(" (")[0]!.split(",")[0]})`, runs, "effect-sinch")
        )
    },
    {
      id: "network",
      number: 7,
      title: `A real network: ${streamSize.toLocaleString("en-US")} numbers with ${networkLatencyMs} ms per request`,
      contenders: ["raw", "official", "effect-sinch", "effect-sinch-parts"],
      variants: [{
        label: `${networkLatencyMs} ms latency`,
        emulatorFlags: ["--active", String(streamSize), "--seed", "8", "--latency", String(networkLatencyMs), lenient],
        runner: "stream",
        options: { pageSize, expected: streamSize, track: true }
      }],
      warmup: false,
      reps: quick ? 1 : 3,
      columns: [
        { key: "wallMs", label: "wall ms", digits: 0 },
        { key: "cpuMs", label: "client CPU ms", digits: 0 },
        { key: "peakRssMb", label: "peak RSS MB", digits: 1 },
        { key: "items", label: "items", digits: 0 },
        { key: "lost", label: "lost", digits: 0 },
        { key: "repeated", label: "repeated", digits: 0 },
        { key: "requests", label: "page requests", digits: 0 }
      ],
      keepFailedFigures: false,
      verdicts: (all) => {
        const runs = [...all.values()][0]
        return [
          ratioVerdict("official / effect-sinch-parts, wall time", runs, "official", "effect-sinch-parts", "wallMs", {
            text: "≥ 4.00×",
            met: (s) => s >= 4
          }),
          lostRepeated("effect-sinch-parts lost / repeated", runs, "effect-sinch-parts"),
          ratioVerdict("effect-sinch (sequential) / official, wall time", runs, "effect-sinch", "official", "wallMs")
        ]
      }
    },
    {
      id: "export",
      number: 8,
      title: `Export ${exportSize.toLocaleString("en-US")} active numbers to an NDJSON file (page size ${pageSize})`,
      // effect-sinch here is the command line: sinch-numbers active list --ndjson --output FILE
      contenders: ["official", "effect-sinch"],
      variants: [{
        label: `${exportSize.toLocaleString("en-US")} numbers`,
        emulatorFlags: ["--active", String(exportSize), "--seed", "9", lenient],
        runner: "export",
        options: { pageSize, expected: exportSize }
      }],
      warmup: false,
      reps: quick ? 1 : 3,
      columns: [
        { key: "wallMs", label: "wall ms", digits: 0 },
        { key: "cpuMs", label: "CPU ms", digits: 0 },
        { key: "peakRssMb", label: "peak RSS MB", digits: 1 },
        { key: "items", label: "lines written", digits: 0 }
      ],
      keepFailedFigures: false,
      verdicts: (all) => {
        const runs = [...all.values()][0]
        return [
          ratioVerdict("sinch-numbers / official script, wall time", runs, "effect-sinch", "official", "wallMs"),
          ratioVerdict("sinch-numbers / official script, peak RSS", runs, "effect-sinch", "official", "peakRssMb")
        ]
      }
    }
  ]
}

const networkLatencyMs = 50

// 20% of ListActiveNumbers requests meet a fault, of every kind the emulator has.
const twentyPercent = JSON.stringify({
  operations: {
    ListActiveNumbers: {
      rate: 0.1,
      statuses: [429, 500, 502, 503, 504],
      retryAfter: 1,
      htmlError: 0.03,
      dropBeforeResponse: 0.03,
      dropMidBody: 0.02,
      malformedJson: 0.02
    }
  }
})
