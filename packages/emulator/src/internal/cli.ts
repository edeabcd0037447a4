/** @internal */
import { ProjectId } from "@effect-sinch/core/ProjectId"
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { EmulatorOptions } from "../Emulator.js"
import * as Faults from "../Faults.js"
import { parseRate } from "./rateLimits.js"

/** @internal */
export const usage = `Usage: pnpm emulator [options]

Starts the Sinch Numbers API emulator.

Options:
  --port N             port to listen on (default 4010; 0 picks a free one)
  --host HOST          interface to listen on (default 127.0.0.1)
  --project-id ID      the project id to serve (default emulator-project)
  --key-id ID          access key id (default emulator-key-id)
  --key-secret SECRET  access key secret (default emulator-key-secret)
  --active N           active numbers in the project (default 100)
  --available N        numbers available to rent or order (default 10000)
  --seed N             seed for the inventory, ids and faults (default 1)
  --token-ttl SECONDS  access token lifetime (default 3600)
  --provisioning-delay MS  SMS/voice provisioning time (default 2000)
  --order-review-delay MS  number order review time (default 5000)
  --fault-rate R       rate (0..1) of 429/500/502/503 answers on every operation (default 0)
  --latency MS         added latency on every request (default 0)
  --faults JSON        a full fault configuration, as for PUT /_emulator/faults
  --lenient-encoding   repair a "+" sent without URL-encoding and read comma-separated lists
                       (default: refuse them with 400, as a server reading queries by the book)
  --auth-burst-limit   limit the token endpoint as Sinch's auth gateway does: a burst of 30, then 10 a
                       second; over it, 429 without Retry-After (default: no limit)
  --rate-limit N/s     the project's request budget (also N/min, N/h); over it, 429 with Retry-After
                       (default: none)
  -h, --help           show this help`

/** @internal */
export type Parsed =
  | { readonly _tag: "Help" }
  | { readonly _tag: "Run"; readonly options: EmulatorOptions & { readonly host: string; readonly port: number } }

const integer = (flag: string, value: string, min: number, max: number): number | string => {
  if (!/^\d+$/.test(value)) return `${flag} expects a whole number, got ${JSON.stringify(value)}`
  const n = Number(value)
  return n < min || n > max ? `${flag} must be from ${min} to ${max}, got ${n}` : n
}

const decimal = (flag: string, value: string, min: number, max: number): number | string => {
  const n = Number(value)
  if (value.trim() === "" || !Number.isFinite(n)) return `${flag} expects a number, got ${JSON.stringify(value)}`
  return n < min || n > max ? `${flag} must be from ${min} to ${max}, got ${n}` : n
}

/**
 * Parses the command line; a `string` is a message for the user.
 *
 * @internal
 */
export const parse = (argv: ReadonlyArray<string>): Parsed | string => {
  const options:
    & {
      -readonly [K in keyof EmulatorOptions]: EmulatorOptions[K]
    }
    & { host: string; port: number } = { host: "127.0.0.1", port: 4010 }
  let faultRate: number | undefined
  let faultsJson: Faults.Faults | undefined
  const args = [...argv]
  while (args.length > 0) {
    const arg = args.shift()!
    if (arg === "-h" || arg === "--help") return { _tag: "Help" }
    if (arg === "--") continue
    if (arg === "--lenient-encoding") {
      options.lenientEncoding = true
      continue
    }
    if (arg === "--auth-burst-limit") {
      options.authBurstLimit = true
      continue
    }
    if (arg === "--strict-encoding") {
      return "--strict-encoding is gone: strict encoding is the default now; --lenient-encoding gives the old behaviour"
    }
    if (!arg.startsWith("--")) return `Unexpected argument ${JSON.stringify(arg)}; flags look like --port 4010`
    const eq = arg.indexOf("=")
    const flag = eq < 0 ? arg : arg.slice(0, eq)
    let value: string
    if (eq >= 0) {
      value = arg.slice(eq + 1)
    } else {
      if (args.length === 0 || args[0]!.startsWith("--")) return `${flag} needs a value`
      value = args.shift()!
    }
    let result: number | string
    switch (flag) {
      case "--port":
        result = integer(flag, value, 0, 65535)
        if (typeof result === "string") return result
        options.port = result
        break
      case "--host":
        if (value === "") return "--host needs a value"
        options.host = value
        break
      case "--project-id":
        if (!Schema.is(ProjectId)(value)) {
          return `--project-id must be 1 to 128 characters without "/", "?", "#" or spaces, and not "." or ".."`
        }
        options.projectId = value
        break
      case "--key-id":
        if (value === "") return "--key-id needs a value"
        options.keyId = value
        break
      case "--key-secret":
        if (value === "") return "--key-secret needs a value"
        options.keySecret = value
        break
      case "--active":
        result = integer(flag, value, 0, 20_000_000)
        if (typeof result === "string") return result
        options.active = result
        break
      case "--available":
        result = integer(flag, value, 0, 20_000_000)
        if (typeof result === "string") return result
        options.available = result
        break
      case "--seed":
        result = integer(flag, value, 0, 2 ** 31 - 1)
        if (typeof result === "string") return result
        options.seed = result
        break
      case "--token-ttl":
        result = decimal(flag, value, 0.001, 365 * 86400)
        if (typeof result === "string") return result
        options.tokenTtl = Duration.millis(Math.round(result * 1000))
        break
      case "--provisioning-delay":
        result = integer(flag, value, 0, 86_400_000)
        if (typeof result === "string") return result
        options.provisioningDelay = Duration.millis(result)
        break
      case "--order-review-delay":
        result = integer(flag, value, 0, 86_400_000)
        if (typeof result === "string") return result
        options.orderReviewDelay = Duration.millis(result)
        break
      case "--fault-rate":
        result = decimal(flag, value, 0, 1)
        if (typeof result === "string") return result
        faultRate = result
        break
      case "--latency":
        result = integer(flag, value, 0, 600_000)
        if (typeof result === "string") return result
        options.latency = Duration.millis(result)
        break
      case "--rate-limit": {
        const rate = parseRate(flag, value)
        if (typeof rate === "string") return rate
        options.rateLimit = { requests: rate.requests, per: Duration.millis(rate.per) }
        break
      }
      case "--faults": {
        const decoded = Either.mapLeft(
          Schema.decodeUnknownEither(Faults.FaultsFromJson)(value),
          (error) => ParseResult.TreeFormatter.formatErrorSync(error)
        )
        if (Either.isLeft(decoded)) return `--faults is not a valid fault configuration: ${decoded.left}`
        faultsJson = decoded.right
        break
      }
      default:
        return `Unknown flag ${flag}; see --help`
    }
  }
  if (faultRate !== undefined) {
    const base = faultsJson ?? Faults.none
    faultsJson = new Faults.Faults({ ...base, global: new Faults.FaultRule({ ...base.global, rate: faultRate }) })
  }
  if (faultsJson !== undefined) options.faults = faultsJson
  return { _tag: "Run", options }
}
