/**
 * Scenario 8: export every active number to an NDJSON file, as an operator does, in the runner's fresh process:
 * `sinch-numbers active list --ndjson --output FILE` (the CLI's own `run`, as its bin calls it), beside a plain script
 * on the official SDK (`for await` over `list`, one `JSON.stringify` line per number, waiting on the file's drain).
 */
import * as Effect from "effect/Effect"
import * as Events from "node:events"
import * as Fs from "node:fs"
import type { Connection } from "./contender.js"

/** Exports with the CLI; resolves once the file is complete. */
export const withCli = async (connection: Connection, file: string, pageSize: number): Promise<void> => {
  const { SinchNumbersCli } = await import("@effect-sinch/cli")
  Object.assign(process.env, {
    SINCH_PROJECT_ID: connection.projectId,
    SINCH_KEY_ID: connection.keyId,
    SINCH_KEY_SECRET: connection.keySecret,
    SINCH_NUMBERS_URL: connection.baseUrl,
    SINCH_AUTH_URL: `${connection.baseUrl}/oauth2/token`
  })
  const code = await Effect.runPromise(
    SinchNumbersCli.run([
      process.execPath,
      "sinch-numbers",
      "active",
      "list",
      "--ndjson",
      "--output",
      file,
      "--page-size",
      String(pageSize)
    ])
  )
  if (code !== 0) throw new Error(`sinch-numbers exited ${code}`)
}

/** The plain script on the official SDK. */
export const withOfficial = async (connection: Connection, file: string, pageSize: number): Promise<void> => {
  const NumbersService = (await import("./contenders/official.js")).loadNumbersService()
  const sinch = new NumbersService({
    projectId: connection.projectId,
    keyId: connection.keyId,
    keySecret: connection.keySecret,
    numbersHostname: connection.baseUrl,
    authHostname: connection.baseUrl
  })
  const out = Fs.createWriteStream(file)
  for await (const number of sinch.activeNumber.list({ pageSize })) {
    if (!out.write(JSON.stringify(number) + "\n")) await Events.once(out, "drain")
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => error ? reject(error) : resolve()))
}

/** Counts the lines of a file without holding it (after the measurement: it does not touch the figures). */
export const countLines = async (file: string): Promise<number> => {
  let lines = 0
  for await (const chunk of Fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buffer = chunk as Buffer
    for (let i = buffer.indexOf(10); i >= 0; i = buffer.indexOf(10, i + 1)) lines++
  }
  return lines
}
