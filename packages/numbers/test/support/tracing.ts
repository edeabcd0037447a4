import type * as Context from "effect/Context"
import type * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"

/** A span as recorded. */
export interface Recorded {
  readonly name: string
  readonly parent: string | undefined
  readonly attributes: Map<string, unknown>
  readonly kind: Tracer.SpanKind
  exit: Exit.Exit<unknown, unknown> | undefined
}

/** A tracer that keeps every span it is given, to assert on names, parents and attributes. */
export const recordingTracer = () => {
  const spans: Array<Recorded> = []
  let ids = 0
  const tracer = Tracer.make({
    span(name, parent, context: Context.Context<never>, links, startTime, kind) {
      const attributes = new Map<string, unknown>()
      const recorded: Recorded = {
        name,
        parent: Option.match(parent, { onNone: () => undefined, onSome: (p) => p.spanId }),
        attributes,
        kind,
        exit: undefined
      }
      const spanId = `span-${++ids}`
      spans.push(recorded)
      const span: Tracer.Span & { id: string } = {
        _tag: "Span",
        id: spanId,
        name,
        spanId,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes,
        links: [...links],
        sampled: true,
        kind,
        end(_endTime, exit) {
          recorded.exit = exit
        },
        attribute(key, value) {
          attributes.set(key, value)
        },
        event() {},
        addLinks() {}
      }
      return span
    },
    context: (f) => f()
  })
  return { tracer, spans, idOf: (recorded: Recorded) => `span-${spans.indexOf(recorded) + 1}` }
}
