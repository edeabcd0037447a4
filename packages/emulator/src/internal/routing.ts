/** @internal */
import type * as Faults from "../Faults.js"
import type { Handler } from "./context.js"
import * as Numbers from "./numbers.js"
import * as Orders from "./orders.js"

/**
 * One operation of the document: method, path under `/v1/projects/{projectId}/`, the error statuses its responses
 * list, and its handler.
 *
 * @internal
 */
export interface Route {
  readonly method: string
  readonly operationId: Faults.OperationId
  readonly pattern: RegExp
  readonly errors: ReadonlyArray<number>
  readonly handler: Handler
}

// A path parameter: one raw segment. `:` ends it, since `:rent`, `:release` and the like name custom methods.
const param = "([^/:]+)"

const route = (
  method: string,
  path: string,
  operationId: Faults.OperationId,
  errors: ReadonlyArray<number>,
  handler: Handler
): Route => ({
  method,
  operationId,
  pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, param)}$`),
  errors,
  handler
})

// the error statuses of each operation's `responses`
const all = [400, 403, 404, 500]
const noPermissionDenied = [400, 404, 500]

/** @internal */
export const routes: ReadonlyArray<Route> = [
  route("GET", "availableNumbers", "ListAvailableNumbers", all, Numbers.listAvailableNumbers),
  route("POST", "availableNumbers:rentAny", "RentAnyNumber", all, Numbers.rentAnyNumber),
  route("GET", "availableNumbers/{phoneNumber}", "GetAvailableNumber", all, Numbers.getAvailableNumber),
  route("POST", "availableNumbers/{phoneNumber}:rent", "RentNumber", all, Numbers.rentNumber),
  route("GET", "activeNumbers", "ListActiveNumbers", all, Numbers.listActiveNumbers),
  route("GET", "activeNumbers/{phoneNumber}", "GetActiveNumber", noPermissionDenied, Numbers.getActiveNumber),
  route("PATCH", "activeNumbers/{phoneNumber}", "UpdateActiveNumber", all, Numbers.updateActiveNumber),
  route("POST", "activeNumbers/{phoneNumber}:release", "ReleaseNumber", all, Numbers.releaseNumber),
  route("GET", "activeNumbers/{phoneNumber}/emergencyAddress", "GetEmergencyAddress", all, Numbers.getEmergencyAddress),
  route(
    "POST",
    "activeNumbers/{phoneNumber}/emergencyAddress:provision",
    "ProvisionEmergencyAddress",
    all,
    Numbers.provisionEmergencyAddress
  ),
  route(
    "POST",
    "activeNumbers/{phoneNumber}/emergencyAddress:deprovision",
    "DeprovisionEmergencyAddress",
    all,
    Numbers.deprovisionEmergencyAddress
  ),
  route(
    "POST",
    "activeNumbers/{phoneNumber}/emergencyAddress:validate",
    "ValidateEmergencyAddress",
    noPermissionDenied,
    Numbers.validateEmergencyAddress
  ),
  route("GET", "availableRegions", "ListAvailableRegions", all, Numbers.listAvailableRegions),
  route("GET", "callbackConfiguration", "GetCallbackConfiguration", all, Numbers.getCallbackConfiguration),
  route("PATCH", "callbackConfiguration", "UpdateCallbackConfiguration", all, Numbers.updateCallbackConfiguration),
  route(
    "POST",
    "numberOrders:lookupNumberRequirements",
    "LookupNumberRequirements",
    [400, 500],
    Orders.lookupNumberRequirements
  ),
  route("POST", "numberOrders:createNumberOrder", "CreateNumberOrder", [400, 500], Orders.createNumberOrder),
  route("GET", "numberOrders/{numberOrderId}", "GetNumberOrder", [404, 500], Orders.getNumberOrder),
  route(
    "GET",
    "numberOrders/{numberOrderId}/registration",
    "GetNumberOrderRegistration",
    [404, 500],
    Orders.getNumberOrderRegistration
  ),
  route(
    "PUT",
    "numberOrders/{numberOrderId}/registration",
    "UpdateNumberOrderRegistration",
    noPermissionDenied,
    Orders.updateNumberOrderRegistration
  ),
  route(
    "POST",
    "numberOrders/{numberOrderId}/attachments/{attachmentId}",
    "UploadNumberOrderAttachment",
    [400, 404, 413, 500],
    Orders.uploadNumberOrderAttachment
  ),
  route("POST", "numberOrders/{numberOrderId}/submit", "SubmitNumberOrder", [404, 500], Orders.submitNumberOrder)
]

/** Where a request goes. @internal */
export type Matched =
  | {
    readonly _tag: "Api"
    readonly route: Route
    readonly projectId: string
    /** the path parameters, each percent-decoded on its own */
    readonly params: ReadonlyArray<string>
  }
  | { readonly _tag: "Token" }
  | { readonly _tag: "Control" }
  | { readonly _tag: "NotFound" }

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/**
 * Matches the raw path, as sent: the route is chosen before anything is percent-decoded, so an encoded ":" or "/"
 * cannot select another operation (`availableNumbers%3ArentAny` is no route). Each captured parameter is decoded on
 * its own afterwards, so `%2B12025550134` and `+12025550134` name the same number.
 *
 * @internal
 */
export const match = (method: string, rawPath: string): Matched => {
  if (rawPath === "/_emulator" || rawPath.startsWith("/_emulator/")) return { _tag: "Control" }
  if (rawPath === "/oauth2/token") return method === "POST" ? { _tag: "Token" } : { _tag: "NotFound" }
  const m = /^\/v1\/projects\/([^/]+)\/(.+)$/.exec(rawPath)
  if (m === null) return { _tag: "NotFound" }
  for (const candidate of routes) {
    if (candidate.method !== method) continue
    const found = candidate.pattern.exec(m[2]!)
    if (found === null) continue
    const projectId = decode(m[1]!)
    const params = found.slice(1).map(decode)
    if (projectId === undefined || params.some((p) => p === undefined)) return { _tag: "NotFound" }
    return { _tag: "Api", route: candidate, projectId, params: params as Array<string> }
  }
  return { _tag: "NotFound" }
}
