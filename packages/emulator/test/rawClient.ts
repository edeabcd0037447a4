// A raw HTTP client for the emulator tests: it sends exactly what a test says, with no SDK in between.
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Emulator from "../src/Emulator.js"

export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly body: any
}

export interface CallOptions {
  readonly body?: unknown
  readonly query?: Readonly<Record<string, string | ReadonlyArray<string>>>
  /** an Authorization header; null sends none; default HTTP Basic with the emulator's key */
  readonly auth?: string | null
  readonly headers?: Readonly<Record<string, string>>
}

export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`

/** Calls a path under the emulator's base URL ("/v1/projects/..." is added for paths that start with "~/"). */
export const call = (method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", path: string, options: CallOptions = {}) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const client = yield* HttpClient.HttpClient
    const url = path.startsWith("~/")
      ? `${emulator.baseUrl}/v1/projects/${emulator.projectId}/${path.slice(2)}`
      : `${emulator.baseUrl}${path}`
    let request = HttpClientRequest.make(method)(url)
    if (options.query !== undefined) request = HttpClientRequest.setUrlParams(request, options.query)
    const auth = options.auth === undefined
      ? basic(emulator.keyId, Redacted.value(emulator.keySecret))
      : options.auth
    if (auth !== null) request = HttpClientRequest.setHeader(request, "authorization", auth)
    if (options.headers !== undefined) request = HttpClientRequest.setHeaders(request, options.headers)
    if (options.body !== undefined) request = HttpClientRequest.bodyUnsafeJson(request, options.body)
    const response = yield* client.execute(request)
    const text = yield* response.text
    let body: unknown = undefined
    try {
      body = text === "" ? undefined : JSON.parse(text)
    } catch {
      body = undefined
    }
    return { status: response.status, headers: response.headers, text, body } as Answer
  }).pipe(Effect.scoped, Effect.orDie)

export const violations = (answer: Answer): Array<{ field: string; description: string }> =>
  (answer.body?.error?.details ?? []).flatMap((d: any) => d.type === "BadRequest" ? d.fieldViolations : [])

export const fields = (answer: Answer): Array<string> => violations(answer).map((v) => v.field)

/** Uploads a file to a number order's attachment as multipart form data, as `call` sends JSON. */
export const upload = (
  orderId: string,
  attachmentId: string,
  file: Blob = new Blob(["%PDF-1.4 proof"], { type: "application/pdf" }),
  fileName = "proof.pdf",
  documentType?: string
) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const client = yield* HttpClient.HttpClient
    const form = new FormData()
    form.append("file", file, fileName)
    if (documentType !== undefined) form.append("documentType", documentType)
    const response = yield* client.execute(
      HttpClientRequest.post(
        `${emulator.baseUrl}/v1/projects/${emulator.projectId}/numberOrders/${orderId}/attachments/${attachmentId}`
      ).pipe(
        HttpClientRequest.setHeader("authorization", basic(emulator.keyId, Redacted.value(emulator.keySecret))),
        HttpClientRequest.bodyFormData(form)
      )
    )
    const text = yield* response.text
    const answer: Answer = {
      status: response.status,
      headers: response.headers,
      text,
      body: text === "" ? undefined : JSON.parse(text)
    }
    return answer
  }).pipe(Effect.scoped, Effect.orDie)
