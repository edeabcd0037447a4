// The emulator console: one page, six views, talking only to the emulator that served it.
// View library: htm with Preact (vendor/htm-preact.js); chart: uPlot (vendor/uPlot.js, a global).
import { html, render, useCallback, useEffect, useRef, useState } from "/_emulator/console/vendor/htm-preact.js"

const api = "/_emulator/console/api"
const token = document.querySelector("meta[name=console-token]")?.getAttribute("content") ?? ""

/** A GET or an action; an error answer throws its message. */
async function call(path, options = {}) {
  const response = await fetch(`${api}${path}`, {
    ...options,
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(options.method === undefined || options.method === "GET" ? {} : { "x-console-token": token })
    }
  })
  const text = await response.text()
  const json = text === "" ? {} : JSON.parse(text)
  if (!response.ok) {
    const error = json.error ?? {}
    const details = (error.details ?? []).flatMap((d) => d.fieldViolations ?? [])
      .map((v) => `${v.field}: ${v.description}`).join("; ")
    throw new Error(`${response.status}: ${error.message ?? "failed"}${details === "" ? "" : ` (${details})`}`)
  }
  return json
}

const action = (path, method, body) =>
  call(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })

/** Runs an action, showing "working", then its outcome, in a status line. */
function useAction() {
  const [status, setStatus] = useState({ kind: "", text: "" })
  const run = useCallback(async (label, effect) => {
    setStatus({ kind: "", text: `${label}…` })
    try {
      const result = await effect()
      setStatus({ kind: "success", text: `${label}: done` })
      return result
    } catch (e) {
      setStatus({ kind: "error", text: `${label}: ${e.message}` })
      return undefined
    }
  }, [])
  const line = html`<p class="status-line ${status.kind}" role="status" aria-live="polite">${status.text}</p>`
  return [run, line]
}

/** Calls `load` now and every `millis`, while the view is shown. */
function usePolling(load, millis, deps) {
  useEffect(() => {
    let stopped = false
    const tick = () => stopped || load()
    tick()
    const timer = setInterval(tick, millis)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, deps)
}

const statusClass = (status) =>
  typeof status !== "number" ? "sdrop" : status >= 500 ? "s5" : status >= 400 ? "s4" : "s2"

const time = (millis) => new Date(millis).toLocaleTimeString([], { hour12: false }) + `.${String(millis % 1000).padStart(3, "0")}`

const pretty = (value) => JSON.stringify(value, null, 2)

const bodyText = (body) => {
  if (body === null) return "(no body)"
  let text = body.text
  try {
    if (!body.truncated) text = pretty(JSON.parse(text))
  } catch {
    // not JSON: shown as it came
  }
  return body.truncated ? `${text}\n… (${body.length} bytes in all; the log keeps the first part)` : text
}

// ----- Requests

const maxRows = 500

function Requests() {
  const [rows, setRows] = useState([])
  const [filter, setFilter] = useState({ operation: "", status: "", number: "" })
  const [live, setLive] = useState(true)
  const [selected, setSelected] = useState(undefined)
  const [detail, setDetail] = useState(undefined)
  const [capacity, setCapacity] = useState(0)
  const [run, statusLine] = useAction()
  const filterRef = useRef(filter)
  filterRef.current = filter

  const query = () => new URLSearchParams({ ...filter, limit: String(maxRows) }).toString()

  useEffect(() => {
    let cancelled = false
    call(`/requests?${query()}`).then((answer) => {
      if (cancelled) return
      setRows(answer.requests.slice().reverse())
      setCapacity(answer.capacity)
    }).catch(() => undefined)
    return () => {
      cancelled = true
    }
  }, [filter.operation, filter.status, filter.number])

  useEffect(() => {
    if (!live) return
    const source = new EventSource(`${api}/requests/stream`)
    source.addEventListener("requests", (event) => {
      const { requests } = JSON.parse(event.data)
      const wanted = requests.filter(matches(filterRef.current)).reverse()
      if (wanted.length > 0) setRows((old) => wanted.concat(old).slice(0, maxRows))
    })
    return () => source.close()
  }, [live])

  const open = async (id) => {
    setSelected(id)
    const found = await run(`Request ${id}`, () => call(`/requests/${id}`))
    if (found !== undefined) setDetail(found)
  }

  const operations = [...new Set(rows.map((r) => r.operation))].sort()
  const set = (key) => (event) => setFilter({ ...filter, [key]: event.currentTarget.value })

  return html`
    <h2>Requests</h2>
    <div class="toolbar">
      <label>Operation
        <input list="operations" value=${filter.operation} onChange=${set("operation")} placeholder="any" />
        <datalist id="operations">${operations.map((o) => html`<option value=${o} />`)}</datalist>
      </label>
      <label>Status
        <input value=${filter.status} onChange=${set("status")} placeholder="200, 4xx, drop" size="10" />
      </label>
      <label>Number
        <input value=${filter.number} onChange=${set("number")} placeholder="digits" size="16" />
      </label>
      <button class="action secondary" type="button" aria-pressed=${!live} onClick=${() => setLive(!live)}>
        ${live ? "Pause live updates" : "Resume live updates"}
      </button>
      <button class="action secondary" type="button" onClick=${() =>
        run("Clear the log", () => action("/requests/clear", "POST")).then(() => setRows([]))}>Clear the log</button>
      <span class="muted">${live ? "Live" : "Paused"}: showing ${rows.length} (the emulator keeps the last ${capacity})</span>
    </div>
    ${statusLine}
    <div class="split">
      <div class="scroll" tabindex="0" role="region" aria-label="Requests list">
        <table aria-label="Requests, newest first">
          <thead><tr><th>Time</th><th>Operation</th><th>Method</th><th>Path</th><th class="num">Status</th><th class="num">ms</th><th>Fault</th></tr></thead>
          <tbody>
            ${rows.map((r) => html`
              <tr key=${r.id} class=${r.id === selected ? "selected" : ""} data-operation=${r.operation}>
                <td class="mono">${time(r.time)}</td>
                <td><button class="link" type="button" onClick=${() => open(r.id)}>${r.operation}</button></td>
                <td>${r.method}</td>
                <td class="mono">${r.path}</td>
                <td class="num ${statusClass(r.status)}">${r.status}</td>
                <td class="num">${r.durationMillis}</td>
                <td class="fault">${r.fault ?? ""}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      <section class="panel" tabindex="0" aria-label="Request detail">
        ${detail === undefined ? html`<p class="muted">Choose a request to see its bodies.</p>` : html`
          <h3>${detail.method} ${detail.path}</h3>
          <p>${detail.operation}: <span class=${statusClass(detail.status)}>${detail.status}</span> in ${detail.durationMillis} ms
            ${detail.fault === null ? "" : html`, fault <span class="fault">${detail.fault}</span>`}</p>
          <p>Authorization: <span class="mono">${detail.authorization ?? "(none)"}</span></p>
          <h3>Request body</h3><pre class="mono">${bodyText(detail.request.body)}</pre>
          <h3>Response body</h3><pre class="mono">${bodyText(detail.response.body)}</pre>`}
      </section>
    </div>`
}

/** The server's filter, repeated for the rows that arrive live. */
const matches = (filter) => (row) => {
  if (filter.operation !== "" && row.operation !== filter.operation) return false
  if (filter.status !== "") {
    const wanted = filter.status.toLowerCase()
    const status = String(row.status)
    const ok = wanted === "drop" ? typeof row.status !== "number" : /^\dxx$/.test(wanted) ? status[0] === wanted[0] : status === wanted
    if (!ok) return false
  }
  const digits = filter.number.replace(/\D/g, "")
  return digits === "" || row.numbers.some((n) => n.includes(digits))
}

// ----- Numbers

const pageSize = 50

function Numbers() {
  const [search, setSearch] = useState("")
  const [applied, setApplied] = useState("")
  const [cursors, setCursors] = useState([""])
  const [page, setPage] = useState(undefined)
  const [detail, setDetail] = useState(undefined)
  const [run, statusLine] = useAction()
  const after = cursors[cursors.length - 1]

  useEffect(() => {
    run("Loading numbers", () =>
      call(`/numbers?${new URLSearchParams({ after, size: String(pageSize), search: applied })}`))
      .then((answer) => answer !== undefined && setPage(answer))
  }, [after, applied])

  const submit = (event) => {
    event.preventDefault()
    setApplied(search)
    setCursors([""])
  }
  const open = async (phoneNumber) => {
    const found = await run(`Number ${phoneNumber}`, () => call(`/numbers/${encodeURIComponent(phoneNumber)}`))
    if (found !== undefined) setDetail(found)
  }
  const pageNumber = cursors.length
  const first = (pageNumber - 1) * pageSize + 1

  return html`
    <h2>Active numbers</h2>
    <form class="toolbar" role="search" onSubmit=${submit}>
      <label>Search by number
        <input type="search" value=${search} onInput=${(e) => setSearch(e.currentTarget.value)} placeholder="digits it contains" />
      </label>
      <button class="action" type="submit">Search</button>
      <button class="action secondary" type="button" disabled=${pageNumber === 1} onClick=${() => setCursors([""])}>First page</button>
      <button class="action secondary" type="button" disabled=${pageNumber === 1} onClick=${() => setCursors(cursors.slice(0, -1))}>Previous page</button>
      <button class="action secondary" type="button" disabled=${page === undefined || page.next === null}
        onClick=${() => setCursors([...cursors, page.next])}>Next page</button>
      <span class="muted" aria-live="polite" id="numbers-position">
        ${page === undefined ? "" : `Page ${pageNumber}: numbers ${first} to ${first + page.numbers.length - 1}` +
          (page.total === null ? "" : ` of ${page.total.toLocaleString("en")}`)}
      </span>
    </form>
    ${statusLine}
    <div class="split">
      <div class="scroll" tabindex="0" role="region" aria-label="Numbers list">
        <table aria-label="Active numbers">
          <thead><tr><th>Phone number</th><th>Region</th><th>Type</th><th>Capabilities</th><th>Display name</th></tr></thead>
          <tbody>
            ${(page?.numbers ?? []).map((n) => html`
              <tr key=${n.phoneNumber}>
                <td><button class="link mono" type="button" onClick=${() => open(n.phoneNumber)}>${n.phoneNumber}</button></td>
                <td>${n.regionCode}</td><td>${n.type}</td><td>${(n.capability ?? []).join(", ")}</td><td>${n.displayName}</td>
              </tr>`)}
          </tbody>
        </table>
      </div>
      <section class="panel" tabindex="0" aria-label="Number detail">
        ${detail === undefined ? html`<p class="muted">Choose a number to see its configuration.</p>` : html`
          <h3>${detail.phoneNumber}</h3>
          <p>SMS: ${detail.smsConfiguration?.scheduledProvisioning ? html`<strong>provisioning pending</strong>` : "settled"};
             voice: ${detail.voiceConfiguration?.scheduledVoiceProvisioning ? html`<strong>provisioning pending</strong>` : "settled"}</p>
          <pre class="mono">${pretty(detail)}</pre>`}
      </section>
    </div>`
}

// ----- Number orders

function Orders() {
  const [orders, setOrders] = useState([])
  const [reasons, setReasons] = useState({})
  const [run, statusLine] = useAction()
  const load = () => call("/orders").then((answer) => setOrders(answer.orders)).catch(() => undefined)
  usePolling(load, 2000, [])

  const review = async (id, verdict) => {
    const reason = (reasons[id] ?? "").trim()
    await run(`${verdictLabel[verdict]} order ${id}`, () =>
      action(`/orders/${encodeURIComponent(id)}/review`, "POST", reason === "" ? { verdict } : { verdict, reason }))
    load()
  }

  const inReview = orders.filter((o) => o.state === "IN_REVIEW")
  return html`
    <h2>Number orders</h2>
    <p class="muted">${inReview.length} waiting for review. Approving activates the numbers; each decision is posted to the order's callback URL, as a real review's.</p>
    ${statusLine}
    <div class="scroll" tabindex="0" role="region" aria-label="Orders list">
      <table aria-label="Number orders, those in review first">
        <thead><tr><th>Order</th><th>State</th><th>Region</th><th>Type</th><th>Numbers</th><th>Created</th><th>Review</th></tr></thead>
        <tbody>
          ${orders.map((o) => html`
            <tr key=${o.idNumberOrder} data-order=${o.idNumberOrder}>
              <td class="mono">${o.idNumberOrder}</td>
              <td>${o.state}</td><td>${o.regionCode}</td><td>${o.numberType}</td>
              <td class="mono">${o.orderNumbers.map((n) => n.phoneNumber).join(", ")}</td>
              <td class="mono">${o.createTime}</td>
              <td>${o.state !== "IN_REVIEW" ? html`<span class="muted">${o.logs.at(-1)?.message ?? ""}</span>` : html`
                <div class="toolbar">
                  <label>Reason for ${o.idNumberOrder}
                    <input value=${reasons[o.idNumberOrder] ?? ""} maxlength="500"
                      onInput=${(e) => setReasons({ ...reasons, [o.idNumberOrder]: e.currentTarget.value })} />
                  </label>
                  <button class="action" type="button" aria-label=${`Approve ${o.idNumberOrder}`} onClick=${() => review(o.idNumberOrder, "COMPLETED")}>Approve</button>
                  <button class="action danger" type="button" aria-label=${`Reject ${o.idNumberOrder}`} onClick=${() => review(o.idNumberOrder, "REJECTED")}>Reject</button>
                  <button class="action secondary" type="button" aria-label=${`Block ${o.idNumberOrder}`} onClick=${() => review(o.idNumberOrder, "BLOCKED")}>Block</button>
                </div>`}</td>
            </tr>`)}
        </tbody>
      </table>
      ${orders.length === 0 ? html`<p class="muted">No number orders yet.</p>` : ""}
    </div>`
}

const verdictLabel = { COMPLETED: "Approve", REJECTED: "Reject", BLOCKED: "Block" }

// ----- Callbacks

function Callbacks() {
  const [deliveries, setDeliveries] = useState([])
  const [open, setOpen] = useState(undefined)
  const [run, statusLine] = useAction()
  const load = () => call("/callbacks").then((answer) => setDeliveries(answer.deliveries)).catch(() => undefined)
  usePolling(load, 2000, [])
  const redeliver = async (index) => {
    await run(`Re-deliver ${index}`, () => action("/callbacks/redeliver", "POST", { index }))
    load()
  }
  const shown = deliveries.slice().reverse()
  return html`
    <h2>Callbacks</h2>
    ${statusLine}
    <div class="split">
      <div class="scroll" tabindex="0" role="region" aria-label="Deliveries list">
        <table aria-label="Callback deliveries, newest first">
          <thead><tr><th class="num">#</th><th>Event</th><th>URL</th><th>Status</th><th class="num">Attempts</th><th></th></tr></thead>
          <tbody>
            ${shown.map((d) => html`
              <tr key=${d.index} class=${d.index === open ? "selected" : ""}>
                <td class="num">${d.index}</td>
                <td><button class="link" type="button" onClick=${() => setOpen(d.index)}>
                  ${d.payload?.eventType ?? "event"} ${d.payload?.status ?? ""}</button></td>
                <td class="mono">${d.url}</td>
                <td class=${d.status === "delivered" ? "s2" : d.status === "failed" ? "s5" : "muted"}>${d.status}</td>
                <td class="num">${d.attempts}</td>
                <td><button class="action secondary" type="button" aria-label=${`Re-deliver delivery ${d.index}`} onClick=${() => redeliver(d.index)}>Re-deliver</button></td>
              </tr>`)}
          </tbody>
        </table>
        ${deliveries.length === 0 ? html`<p class="muted">No callbacks delivered yet.</p>` : ""}
      </div>
      <section class="panel" tabindex="0" aria-label="Delivery detail">
        ${open === undefined || deliveries[open] === undefined ? html`<p class="muted">Choose a delivery to see its payload and signature.</p>` : html`
          <h3>Delivery ${open}</h3>
          <p>X-Sinch-Signature: <span class="mono">${deliveries[open].signature}</span></p>
          <pre class="mono">${deliveries[open].payload === null ? deliveries[open].body : pretty(deliveries[open].payload)}</pre>`}
      </section>
    </div>`
}

// ----- Faults and limits

function FaultsView() {
  const [document, setDocument] = useState("")
  const [operations, setOperations] = useState([])
  const [limits, setLimits] = useState(undefined)
  const [rule, setRule] = useState({ operation: "global", status: "503", rate: "1" })
  const [run, statusLine] = useAction()
  const load = async () => {
    const answer = await call("/faults")
    setDocument(pretty(answer.faults))
    setOperations(answer.operations)
    setLimits(answer.rateLimits)
  }
  useEffect(() => {
    load().catch(() => undefined)
  }, [])

  const save = (plan) => run("Save the faults", () => action("/faults", "PUT", plan)).then((saved) => {
    if (saved !== undefined) setDocument(pretty(saved))
  })
  const saveDocument = (event) => {
    event.preventDefault()
    let plan
    try {
      plan = JSON.parse(document)
    } catch (e) {
      return run("Save the faults", () => Promise.reject(new Error(`not JSON: ${e.message}`)))
    }
    return save(plan)
  }
  const addRule = (event) => {
    event.preventDefault()
    let plan = {}
    try {
      plan = JSON.parse(document)
    } catch {
      // a broken document is replaced by the rule alone
    }
    const entry = { rate: Number(rule.rate), statuses: [Number(rule.status)] }
    const next = rule.operation === "global"
      ? { ...plan, global: { ...(plan.global ?? {}), ...entry } }
      : { ...plan, operations: { ...(plan.operations ?? {}), [rule.operation]: entry } }
    return save(next)
  }
  const set = (key) => (event) => setRule({ ...rule, [key]: event.currentTarget.value })

  return html`
    <h2>Faults and limits</h2>
    ${statusLine}
    <div class="grid2">
      <section>
        <h3>Add a fault</h3>
        <form class="toolbar" onSubmit=${addRule}>
          <label>Operation
            <select value=${rule.operation} onChange=${set("operation")}>
              <option value="global">every operation</option>
              ${operations.map((o) => html`<option value=${o}>${o}</option>`)}
            </select>
          </label>
          <label>Status
            <select value=${rule.status} onChange=${set("status")}>
              ${["429", "500", "502", "503", "504"].map((s) => html`<option value=${s}>${s}</option>`)}
            </select>
          </label>
          <label>Rate (0 to 1)
            <input type="number" min="0" max="1" step="0.05" value=${rule.rate} onInput=${set("rate")} />
          </label>
          <button class="action" type="submit">Add the fault</button>
        </form>
        <${LimitsForm} limits=${limits} run=${run} onSaved=${setLimits} />
        <h3>Reset</h3>
        <p class="muted">Back to the initial inventory, callback secret, stats and faults; pending reviews and deliveries are cancelled.</p>
        <button class="action danger" type="button" onClick=${() => run("Reset the emulator", () => action("/reset", "POST")).then(load)}>Reset the emulator</button>
      </section>
      <form onSubmit=${saveDocument}>
        <h3><label for="faults-document">The fault document (as PUT /_emulator/faults)</label></h3>
        <textarea id="faults-document" rows="18" spellcheck="false" value=${document}
          onInput=${(e) => setDocument(e.currentTarget.value)}></textarea>
        <p><button class="action" type="submit">Save the document</button>
          <button class="action secondary" type="button" onClick=${() => save({})}>Clear all faults</button></p>
      </form>
    </div>`
}

// One form for both of the emulator's own limits (PUT /_emulator/limits): each on or off, a burst and a rate.
const limitNames = [
  { key: "authBurstLimit", label: "Token endpoint (429 with no Retry-After, as Sinch's auth gateway)" },
  { key: "rateLimit", label: "Numbers API requests (429 with Retry-After)" }
]

const limitFields = (limit) =>
  limit ? { on: true, burst: String(limit.burst), perSecond: String(limit.perSecond) } : { on: false, burst: "30", perSecond: "10" }

function LimitsForm({ limits, run, onSaved }) {
  const [fields, setFields] = useState(undefined)
  useEffect(() => {
    if (limits !== undefined) {
      setFields({ authBurstLimit: limitFields(limits.authBurstLimit), rateLimit: limitFields(limits.rateLimit) })
    }
  }, [limits])
  if (fields === undefined) return html`<p class="muted">Loading the limits…</p>`
  const edit = (key, field) => (event) => {
    const value = field === "on" ? event.currentTarget.checked : event.currentTarget.value
    setFields({ ...fields, [key]: { ...fields[key], [field]: value } })
  }
  const save = (event) => {
    event.preventDefault()
    const document = {}
    for (const { key } of limitNames) {
      const f = fields[key]
      document[key] = f.on ? { burst: Number(f.burst), perSecond: Number(f.perSecond) } : null
    }
    return run("Save the limits", () => action("/limits", "PUT", document)).then((saved) => {
      if (saved !== undefined) onSaved(saved)
    })
  }
  return html`
    <form onSubmit=${save}>
      <h3>Rate limits (live; a limit set starts with a full bucket)</h3>
      ${limitNames.map(({ key, label }) => html`
        <fieldset key=${key}>
          <legend>${label}</legend>
          <label><input type="checkbox" checked=${fields[key].on} onChange=${edit(key, "on")} /> On</label>
          <label>Burst
            <input type="number" min="1" max="1000000" step="1" disabled=${!fields[key].on}
              value=${fields[key].burst} onInput=${edit(key, "burst")} /></label>
          <label>Per second
            <input type="number" min="0.001" max="1000000" step="any" disabled=${!fields[key].on}
              value=${fields[key].perSecond} onInput=${edit(key, "perSecond")} /></label>
        </fieldset>`)}
      <p><button class="action" type="submit">Save the limits</button></p>
    </form>`
}

// ----- Stats

function Stats() {
  const [answer, setAnswer] = useState(undefined)
  const chartRef = useRef(undefined)
  const plotRef = useRef(undefined)
  const load = () => call("/stats").then(setAnswer).catch(() => undefined)
  usePolling(load, 2000, [])

  useEffect(() => {
    if (answer === undefined || chartRef.current === undefined || globalThis.uPlot === undefined) return
    // the last five minutes
    const series = answer.series.slice(-300)
    const data = [
      series.map((s) => s.second),
      series.map((s) => s.ok),
      series.map((s) => s.clientError),
      series.map((s) => s.serverError),
      series.map((s) => s.dropped)
    ]
    if (plotRef.current === undefined) {
      plotRef.current = new globalThis.uPlot({
        title: "Requests per second, by status",
        width: Math.min(chartRef.current.clientWidth || 900, 1100),
        height: 260,
        scales: { x: { time: true } },
        series: [
          {},
          { label: "2xx", stroke: "#1f6f2b", width: 2 },
          { label: "4xx", stroke: "#8a4b00", width: 2 },
          { label: "5xx", stroke: "#b3261e", width: 2 },
          { label: "dropped", stroke: "#5b2a86", width: 2, dash: [4, 4] }
        ]
      }, data, chartRef.current)
    } else {
      plotRef.current.setData(data)
    }
  }, [answer])
  useEffect(() => () => plotRef.current?.destroy(), [])

  const stats = answer?.stats
  const lastMinute = (answer?.series ?? []).slice(-60).reduce((n, s) => n + s.ok + s.clientError + s.serverError + s.dropped, 0)
  return html`
    <h2>Stats</h2>
    <div class="chart" ref=${chartRef} role="img" aria-label=${`Requests per second over the last five minutes; ${lastMinute} in the last minute`}></div>
    ${stats === undefined ? "" : html`
      <div class="grid2">
        <table aria-label="Totals">
          <tbody>
            <tr><th scope="row">Requests</th><td class="num">${stats.requestsTotal}</td></tr>
            <tr><th scope="row">In the last minute</th><td class="num">${lastMinute}</td></tr>
            <tr><th scope="row">Tokens issued</th><td class="num">${stats.tokensIssued}</td></tr>
            <tr><th scope="row">Faults injected</th><td class="num">${stats.faultsInjected}</td></tr>
            <tr><th scope="row">Throttled (token, API)</th><td class="num">${stats.throttled.token}, ${stats.throttled.api}</td></tr>
            <tr><th scope="row">Callbacks delivered, failed, skipped</th><td class="num">${stats.events.delivered}, ${stats.events.failed}, ${stats.events.skipped}</td></tr>
          </tbody>
        </table>
        <table aria-label="Requests by operation and status">
          <thead><tr><th>Operation</th><th>Statuses</th></tr></thead>
          <tbody>
            ${Object.entries(stats.requests).map(([operation, byStatus]) => html`
              <tr key=${operation}><td>${operation}</td>
                <td class="mono">${Object.entries(byStatus).map(([s, n]) => `${s}: ${n}`).join(", ")}</td></tr>`)}
          </tbody>
        </table>
      </div>`}`
}

// ----- The page

const views = [
  { id: "requests", label: "Requests", view: Requests },
  { id: "numbers", label: "Numbers", view: Numbers },
  { id: "orders", label: "Number orders", view: Orders },
  { id: "callbacks", label: "Callbacks", view: Callbacks },
  { id: "faults", label: "Faults and limits", view: FaultsView },
  { id: "stats", label: "Stats", view: Stats }
]

const fromHash = () => views.find((v) => `#${v.id}` === location.hash) ?? views[0]

function App() {
  const [current, setCurrent] = useState(fromHash())
  useEffect(() => {
    const onHash = () => setCurrent(fromHash())
    addEventListener("hashchange", onHash)
    return () => removeEventListener("hashchange", onHash)
  }, [])
  const View = current.view
  return html`
    <header>
      <h1>Sinch Numbers emulator</h1>
      <span class="where">${location.origin}</span>
    </header>
    <nav aria-label="Views">
      ${views.map((v) => html`
        <button type="button" aria-current=${v === current ? "page" : undefined}
          onClick=${() => { location.hash = v.id }}>${v.label}</button>`)}
    </nav>
    <main><${View} key=${current.id} /></main>`
}

const root = document.getElementById("app")
// the "Loading" line is not Preact's: it would stay below the page
root.replaceChildren()
render(html`<${App} />`, root)
