/** @internal */
import type * as Faults from "../Faults.js"
import type { Handler } from "./context.js"
import * as Numbers from "./numbers.js"
import * as Orders from "./orders.js"

/** One operation of the document: method, path under `/v1/projects/{projectId}/`, and its handler. @internal */
export interface Route {
  readonly method: string
  readonly operationId: Faults.OperationId
  readonly pattern: RegExp
  readonly handler: Handler
}

// A path parameter: one raw segment. `:` ends it, since `:rent`, `:release` and the like name custom methods.
const param = "([^/:]+)"

const route = (method: string, path: string, operationId: Faults.OperationId, handler: Handler): Route => ({
  method,
  operationId,
  pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, param)}$`),
  handler
})

/** @internal */
export const routes: ReadonlyArray<Route> = [
  route("GET", "availableNumbers", "ListAvailableNumbers", Numbers.listAvailableNumbers),
  route("POST", "availableNumbers:rentAny", "RentAnyNumber", Numbers.rentAnyNumber),
  route("GET", "availableNumbers/{phoneNumber}", "GetAvailableNumber", Numbers.getAvailableNumber),
  route("POST", "availableNumbers/{phoneNumber}:rent", "RentNumber", Numbers.rentNumber),
  route("GET", "activeNumbers", "ListActiveNumbers", Numbers.listActiveNumbers),
  route("GET", "activeNumbers/{phoneNumber}", "GetActiveNumber", Numbers.getActiveNumber),
  route("PATCH", "activeNumbers/{phoneNumber}", "UpdateActiveNumber", Numbers.updateActiveNumber),
  route("POST", "activeNumbers/{phoneNumber}:release", "ReleaseNumber", Numbers.releaseNumber),
  route("GET", "activeNumbers/{phoneNumber}/emergencyAddress", "GetEmergencyAddress", Numbers.getEmergencyAddress),
  route(
    "POST",
    "activeNumbers/{phoneNumber}/emergencyAddress:provision",
    "ProvisionEmergencyAddress",
    Numbers.provisionEmergencyAddress
  ),
  route(
    "POST",
    "activeNumbers/{phoneNumber}/emergencyAddress:deprovision",
    "DeprovisionEmergencyAddress",
    Numbers.deprovisionEmergencyAddress
  ),
  route(
    "POST",
    "activeNumbers/{phoneNumber}/emergencyAddress:validate",
    "ValidateEmergencyAddress",
    Numbers.validateEmergencyAddress
  ),
  route("GET", "availableRegions", "ListAvailableRegions", Numbers.listAvailableRegions),
  route("GET", "callbackConfiguration", "GetCallbackConfiguration", Numbers.getCallbackConfiguration),
  route("PATCH", "callbackConfiguration", "UpdateCallbackConfiguration", Numbers.updateCallbackConfiguration),
  route(
    "POST",
    "numberOrders:lookupNumberRequirements",
    "LookupNumberRequirements",
    Orders.lookupNumberRequirements
  ),
  route("POST", "numberOrders:createNumberOrder", "CreateNumberOrder", Orders.createNumberOrder),
  route("GET", "numberOrders/{numberOrderId}", "GetNumberOrder", Orders.getNumberOrder),
  route(
    "GET",
    "numberOrders/{numberOrderId}/registration",
    "GetNumberOrderRegistration",
    Orders.getNumberOrderRegistration
  ),
  route(
    "PUT",
    "numberOrders/{numberOrderId}/registration",
    "UpdateNumberOrderRegistration",
    Orders.updateNumberOrderRegistration
  ),
  route(
    "POST",
    "numberOrders/{numberOrderId}/attachments/{attachmentId}",
    "UploadNumberOrderAttachment",
    Orders.uploadNumberOrderAttachment
  ),
  route("POST", "numberOrders/{numberOrderId}/submit", "SubmitNumberOrder", Orders.submitNumberOrder)
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
