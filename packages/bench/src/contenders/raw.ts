/**
 * The floor: a hand-written minimal client on Node's own `fetch` (undici). One bearer token, fetched once and shared,
 * fetched again (once) when `expires_in` has passed or after a 401; page tokens URL-encoded; no validation of what
 * comes back. It retries transport errors,
 * 429, 5xx and unparsable bodies a few times with a short pause, the least a paging loop needs to survive faults.
 */
import type { Connection, Contender } from "../contender.js"
import { burstOf, timeSequentially } from "../contender.js"

interface ActiveNumberBody {
  readonly phoneNumber: string
}

interface ListBody {
  readonly activeNumbers?: ReadonlyArray<ActiveNumberBody>
  readonly nextPageToken?: string
}

const maxAttempts = 6

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`)
    this.name = "HttpStatusError"
  }
}

/** Builds the raw contender. */
export const make = (connection: Connection): Contender => {
  const basic = "Basic " + Buffer.from(`${connection.keyId}:${connection.keySecret}`).toString("base64")
  const projectUrl = `${connection.baseUrl}/v1/projects/${encodeURIComponent(connection.projectId)}`
  let token: Promise<string> | undefined
  let tokenValue: string | undefined
  let expiresAt = 0

  const fetchToken = async (): Promise<string> => {
    for (let attempt = 1;; attempt++) {
      const response = await fetch(`${connection.baseUrl}/oauth2/token`, {
        method: "POST",
        headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials"
      })
      if (response.ok) {
        const body = (await response.json()) as { access_token: string; expires_in: number }
        tokenValue = body.access_token
        expiresAt = Date.now() + body.expires_in * 1000
        return body.access_token
      }
      await response.arrayBuffer()
      if (attempt >= maxAttempts || (response.status !== 429 && response.status < 500)) {
        throw new HttpStatusError(response.status)
      }
      await pause(20 * attempt)
    }
  }

  const bearer = (): Promise<string> => {
    if (tokenValue !== undefined && Date.now() >= expiresAt) {
      tokenValue = undefined
      token = undefined
    }
    if (token === undefined) {
      token = fetchToken()
      token.catch(() => {
        token = undefined
      })
    }
    return token
  }

  const getJson = async <A>(url: string): Promise<A> => {
    for (let attempt = 1;; attempt++) {
      const current = await bearer()
      let response: Response
      try {
        response = await fetch(url, { headers: { authorization: `Bearer ${current}`, accept: "application/json" } })
      } catch (error) {
        if (attempt >= maxAttempts) throw error
        await pause(5 * attempt)
        continue
      }
      if (response.ok) {
        try {
          return (await response.json()) as A
        } catch (error) {
          if (attempt >= maxAttempts) throw error
          continue
        }
      }
      await response.arrayBuffer().catch(() => undefined)
      if (attempt >= maxAttempts) throw new HttpStatusError(response.status)
      if (response.status === 401) {
        // only the first caller to see this token rejected drops it; everyone then shares one new fetch
        if (tokenValue === current) {
          tokenValue = undefined
          token = undefined
        }
        continue
      }
      if (response.status !== 429 && response.status < 500) throw new HttpStatusError(response.status)
      await pause(5 * attempt)
    }
  }

  const getActiveNumber = (phone: string): Promise<string> =>
    getJson<ActiveNumberBody>(`${projectUrl}/activeNumbers/${encodeURIComponent(phone)}`).then((n) => n.phoneNumber)

  return {
    getActiveNumber,
    streamAll: async (pageSize, onItem) => {
      let pageToken = ""
      do {
        const query = pageToken === "" ?
          `pageSize=${pageSize}` :
          `pageSize=${pageSize}&pageToken=${encodeURIComponent(pageToken)}`
        const page = await getJson<ListBody>(`${projectUrl}/activeNumbers?${query}`)
        const numbers = page.activeNumbers ?? []
        for (let i = 0; i < numbers.length; i++) onItem(numbers[i]!.phoneNumber)
        pageToken = page.nextPageToken ?? ""
      } while (pageToken !== "")
    },
    sequentialGets: (phones) => timeSequentially(phones, getActiveNumber),
    concurrentGets: (phones) => burstOf(phones, getActiveNumber),
    close: async () => {}
  }
}
