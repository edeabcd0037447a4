import * as Effect from "effect/Effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"

/** A request as the server received it. */
export interface Received {
  readonly method: string
  readonly url: URL
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
}

/** What the server does with a request: answer, destroy the socket, never answer, or answer in part. */
export type Reply =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: unknown }
  | "drop"
  | "hang"
  | "stall-body"
  | "cut-body"

export interface ScriptedServer {
  readonly url: string
  /** API requests received (token requests are not listed). */
  readonly requests: ReadonlyArray<Received>
  /** Requests whose connection is still open without a complete answer. */
  readonly inFlight: () => number
  /** Requests whose connection closed before an answer was sent (the client gave up). */
  readonly aborted: () => number
  /** Tokens issued so far by `POST /oauth2/token` (`token-1`, `token-2`…). */
  readonly tokensIssued: () => number
  /** Answers left half-sent by `"stall-body"`. */
  readonly stalled: () => number
}

/**
 * A tiny loopback server for what the emulator cannot do on purpose (scripted sequences, repeated page tokens,
 * requests that never get an answer). `POST /oauth2/token` issues `token-1`, `token-2`… for an hour; every other
 * request goes to `reply`, with its index among API requests.
 */
export const scriptedServer = (reply: (request: Received, index: number) => Reply) =>
  Effect.acquireRelease(
    Effect.async<{ server: Http.Server; state: ScriptedServer }>((resume) => {
      const requests: Array<Received> = []
      let inFlight = 0
      let aborted = 0
      let tokens = 0
      let stalled = 0
      const server = Http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const url = new URL(req.url ?? "/", "http://127.0.0.1")
          if (req.method === "POST" && url.pathname === "/oauth2/token") {
            tokens++
            res.writeHead(200, { "content-type": "application/json" })
            res.end(JSON.stringify({ access_token: `token-${tokens}`, token_type: "Bearer", expires_in: 3600 }))
            return
          }
          const received: Received = {
            method: req.method ?? "GET",
            url,
            headers: req.headers,
            body: Buffer.concat(chunks).toString("utf8")
          }
          const index = requests.length
          requests.push(received)
          inFlight++
          let answered = false
          res.on("close", () => {
            inFlight--
            if (!answered) aborted++
          })
          const answer = reply(received, index)
          if (answer === "hang") return
          if (answer === "stall-body") {
            // Headers and the start of a body, then nothing: the client is left reading.
            res.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
            res.write(`{"phoneNumber":"+12025550134",`)
            stalled++
            return
          }
          if (answer === "cut-body") {
            // Headers and the start of a body, then the connection is destroyed: the client's read of it fails.
            answered = true
            res.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
            res.write(`{"phoneNumber":"+12025550134",`, () => setTimeout(() => req.socket.destroy(), 10))
            return
          }
          if (answer === "drop") {
            answered = true
            req.socket.destroy()
            return
          }
          answered = true
          const body = answer.body === undefined
            ? ""
            : typeof answer.body === "string"
            ? answer.body
            : JSON.stringify(answer.body)
          res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers })
          res.end(body)
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          server,
          state: {
            url: `http://127.0.0.1:${port}`,
            requests,
            inFlight: () => inFlight,
            aborted: () => aborted,
            tokensIssued: () => tokens,
            stalled: () => stalled
          }
        }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ state }) => state))

/** A loopback port with nothing listening: connections to it are refused. */
export const closedPort = Effect.async<number>((resume) => {
  const server = Http.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** Waits (for real, for I/O) until `condition` holds, up to `timeoutMs`. */
export const eventually = (condition: () => boolean, timeoutMs = 5_000) =>
  Effect.promise(() =>
    new Promise<boolean>((resolve) => {
      const started = Date.now()
      const check = () => {
        if (condition()) return resolve(true)
        if (Date.now() - started > timeoutMs) return resolve(false)
        setTimeout(check, 5)
      }
      check()
    })
  )
