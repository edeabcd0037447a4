/** @internal */
import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import * as Effect from "effect/Effect"
import { UsageError } from "../CliError.js"
import { csvField, fixedRow } from "./output.js"

/**
 * The SMS service plan a number has, or is being provisioned to (`→ plan` while pending).
 *
 * @internal
 */
export const smsPlan = (n: ActiveNumber): string => {
  const current = n.smsConfiguration?.servicePlanId ?? ""
  const scheduled = n.smsConfiguration?.scheduledProvisioning
  return scheduled?.servicePlanId !== undefined && scheduled.servicePlanId !== current &&
      scheduled.status !== "FAILED"
    ? `${current}→${scheduled.servicePlanId}`
    : current
}

const text = (value: { toString(): string } | undefined): string | undefined =>
  value === undefined ? undefined : value.toString()

/** @internal */
export type ActiveColumn = typeof names[number]

interface Column {
  /** the header of tables for people */
  readonly title: string
  /** its width in tables (longer cells are cut with "…") */
  readonly width: number
  readonly value: (n: ActiveNumber) => string | undefined
  /** what a table shows, when it differs from the value */
  readonly shown?: (n: ActiveNumber) => string | undefined
}

/**
 * The columns of `active list`, by their names in CSV and TSV (the API's field names, which `bulk-update` reads back).
 *
 * @internal
 */
export const active: Readonly<Record<ActiveColumn, Column>> = {
  phoneNumber: { title: "PHONE NUMBER", width: 16, value: (n) => n.phoneNumber },
  regionCode: { title: "REGION", width: 6, value: (n) => n.regionCode },
  type: { title: "TYPE", width: 10, value: (n) => n.type },
  capability: {
    title: "CAPABILITY",
    width: 12,
    value: (n) => n.capability?.join(";"),
    shown: (n) => n.capability?.join(",")
  },
  displayName: { title: "DISPLAY NAME", width: 24, value: (n) => n.displayName },
  // a table shows a pending provisioning too (`plan→new`)
  servicePlanId: {
    title: "SMS SERVICE PLAN",
    width: 24,
    value: (n) => n.smsConfiguration?.servicePlanId,
    shown: smsPlan
  },
  campaignId: { title: "CAMPAIGN", width: 16, value: (n) => n.smsConfiguration?.campaignId ?? undefined },
  appId: { title: "VOICE APP", width: 24, value: (n) => n.voiceConfiguration?.appId },
  callbackUrl: { title: "CALLBACK URL", width: 32, value: (n) => n.callbackUrl },
  monthlyPrice: { title: "MONTHLY", width: 10, value: (n) => n.money?.amount },
  currencyCode: { title: "CURRENCY", width: 8, value: (n) => n.money?.currencyCode },
  nextChargeDate: { title: "NEXT CHARGE", width: 24, value: (n) => text(n.nextChargeDate) },
  expireAt: {
    title: "EXPIRES",
    width: 10,
    value: (n) => text(n.expireAt),
    shown: (n) => text(n.expireAt)?.slice(0, 10)
  }
}

const names = [
  "phoneNumber",
  "regionCode",
  "type",
  "capability",
  "displayName",
  "servicePlanId",
  "campaignId",
  "appId",
  "callbackUrl",
  "monthlyPrice",
  "currencyCode",
  "nextChargeDate",
  "expireAt"
] as const

const isColumn = (name: string): name is ActiveColumn => Object.hasOwn(active, name)

/**
 * The columns of CSV and TSV exports, every one of them; tables show fewer.
 *
 * @internal
 */
export const csvDefault: ReadonlyArray<ActiveColumn> = names

// what a table leaves out, for width: the rest of a number's columns
const notInTables: ReadonlySet<ActiveColumn> = new Set([
  "campaignId",
  "appId",
  "callbackUrl",
  "monthlyPrice",
  "currencyCode",
  "nextChargeDate"
])

/** @internal */
export const tableDefault: ReadonlyArray<ActiveColumn> = names.filter((name) => !notInTables.has(name))

/**
 * `--columns a,b,c`, checked against the known columns.
 *
 * @internal
 */
export const parse = (list: string): Effect.Effect<ReadonlyArray<ActiveColumn>, UsageError> => {
  const asked = list.split(",").map((name) => name.trim()).filter((name) => name !== "")
  const unknown = asked.filter((name) => !isColumn(name))
  return unknown.length > 0 || asked.length === 0
    ? Effect.fail(
      new UsageError({
        message: `--columns: ${
          unknown.length > 0 ? `unknown column(s) ${unknown.join(", ")}` : "no column given"
        }; the columns are ${names.join(", ")}`
      })
    )
    : Effect.succeed(asked.filter(isColumn))
}

// TSV has no quoting: the characters that would break it are escaped the usual way
const tsvField = (value: string | undefined): string =>
  value === undefined
    ? ""
    : value.replace(/[\\\t\n\r]/g, (c) => c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")

/**
 * How one format writes a header and a row of the chosen columns.
 *
 * @internal
 */
export interface Layout {
  readonly header: string
  readonly row: (n: ActiveNumber) => string
}

/** @internal */
export const layout = (format: "table" | "csv" | "tsv", columns: ReadonlyArray<ActiveColumn>): Layout => {
  const picked = columns.map((name) => active[name])
  switch (format) {
    case "csv":
      return { header: columns.join(","), row: (n) => picked.map((c) => csvField(c.value(n))).join(",") }
    case "tsv":
      return { header: columns.join("\t"), row: (n) => picked.map((c) => tsvField(c.value(n))).join("\t") }
    case "table": {
      const widths = picked.map((c) => c.width)
      return {
        header: fixedRow(widths, picked.map((c) => c.title)),
        row: (n) => fixedRow(widths, picked.map((c) => (c.shown ?? c.value)(n) ?? ""))
      }
    }
  }
}
