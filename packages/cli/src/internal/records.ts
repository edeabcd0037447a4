/** @internal */
import type { ActiveNumber } from "@effect-sinch/core/ActiveNumber"
import type { AvailableNumber } from "@effect-sinch/core/AvailableNumber"
import type { Money } from "@effect-sinch/core/Money"
import type { NumberOrder } from "@effect-sinch/core/NumberOrder"
import * as Columns from "./columns.js"
import { fields } from "./output.js"

/**
 * An amount with its currency (`2.00 USD`), as the API wrote it.
 *
 * @internal
 */
export const money = (value: Money | undefined): string | undefined =>
  value?.amount === undefined ? undefined : `${value.amount}${value.currencyCode ? ` ${value.currencyCode}` : ""}`

const text = (value: { toString(): string } | undefined): string => value === undefined ? "" : value.toString()

/** @internal */
export const voiceAppId = (n: ActiveNumber): string | undefined => n.voiceConfiguration?.appId

const csv = Columns.layout("csv", Columns.csvDefault)

/**
 * The header of `active list --csv`: the names of the columns that `bulk-update` reads are the API's.
 *
 * @internal
 */
export const activeCsvHeader: string = csv.header

/** @internal */
export const activeCsvRow: (n: ActiveNumber) => string = csv.row

/**
 * One active number for people.
 *
 * @internal
 */
export const activeFields = (n: ActiveNumber): string =>
  fields([
    ["phone number", n.phoneNumber],
    ["region", n.regionCode],
    ["type", n.type],
    ["capability", n.capability?.join(", ")],
    ["display name", n.displayName],
    [
      "price",
      money(n.money) === undefined ? undefined : `${money(n.money)} every ${n.paymentIntervalMonths ?? 1} month(s)`
    ],
    ["next charge", n.nextChargeDate === undefined ? undefined : text(n.nextChargeDate)],
    ["expires", n.expireAt === undefined ? undefined : `${text(n.expireAt)} (released)`],
    ["SMS service plan", n.smsConfiguration?.servicePlanId],
    ["SMS campaign", n.smsConfiguration?.campaignId ?? undefined],
    [
      "SMS provisioning",
      n.smsConfiguration?.scheduledProvisioning === undefined
        ? undefined
        : `${n.smsConfiguration.scheduledProvisioning.status ?? "?"} to ${
          n.smsConfiguration.scheduledProvisioning.servicePlanId ?? "?"
        }`
    ],
    ["voice", n.voiceConfiguration === undefined ? undefined : voiceText(n.voiceConfiguration)],
    ["callback URL", n.callbackUrl]
  ])

const voiceText = (voice: NonNullable<ActiveNumber["voiceConfiguration"]>): string => {
  const id = voice.appId || voice.trunkId || voice.serviceId
  const pending = voice.scheduledVoiceProvisioning
  return `${voice.type ?? "RTC"}${id ? ` ${id}` : ""}${
    pending === undefined ? "" : ` (${pending.status ?? "?"}: ${pending.appId || pending.trunkId || pending.serviceId})`
  }`
}

/** @internal */
export const availableRow = (n: AvailableNumber): ReadonlyArray<string> => [
  n.phoneNumber ?? "",
  n.regionCode ?? "",
  n.type ?? "",
  n.capability?.join(",") ?? "",
  money(n.setupPrice) ?? "",
  money(n.monthlyPrice) ?? "",
  n.supportingDocumentationRequired === true ? "yes" : ""
]

/** @internal */
export const availableHeaders = ["PHONE NUMBER", "REGION", "TYPE", "CAPABILITY", "SETUP", "MONTHLY", "DOCUMENTS"]

/**
 * One number order for people.
 *
 * @internal
 */
export const orderFields = (order: NumberOrder): string =>
  fields([
    ["order id", order.idNumberOrder],
    ["state", order.state],
    ["region", order.regionCode],
    ["number type", order.numberType],
    ["numbers", order.orderNumbers?.map((n) => n.phoneNumber ?? "?").join(", ")],
    ["SMS service plan", order.smsConfiguration?.servicePlanId],
    ["callback URL", order.callbackUrl],
    ["created", order.createTime === undefined ? undefined : text(order.createTime)],
    ["expires", order.expireTime === undefined ? undefined : text(order.expireTime)]
  ])
