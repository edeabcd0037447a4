/** @internal */
import * as Effect from "effect/Effect"
import type { Ctx, Handler } from "./context.js"
import { eventTimestamp } from "./events.js"
import * as Inventory from "./inventory.js"
import { configure } from "./numbers.js"
import { declaredLength, decodeBody, noContent, ok, readFailure } from "./protocol.js"
import * as Spec from "./spec.js"
import type { OrderRecord, Store } from "./store.js"
import { iso } from "./store.js"
import type { AttachmentWire, ErrorResponse, FieldViolation, NumberRequirementsWire, RegistrationWire } from "./wire.js"
import { contentTooLarge, invalidArgument, notFound } from "./wire.js"

/** What a region and type require, by how the inventory marks it. @internal */
export const requirementsFor = (block: Inventory.Block): NumberRequirementsWire => {
  const us = block.regionCode === "US"
  const required = us ? [] : ["endBusinessName", "endBusinessAddress", "city", "postalCode", "country"]
  return {
    fields: us ? {} : {
      schema: "/schema/policySchema-v1.json",
      required,
      rules: [{ template: { endBusinessName: "string", endBusinessAddress: "string", city: "string" } }]
    },
    attachments: block.supportingDocumentationRequired
      ? [{
        id: attachmentId(block),
        title: "Proof of address",
        description: `A document proving a business address in ${block.regionCode}, less than 3 months old`,
        mandatory: true,
        template: [],
        allowedMimeTypes: ["application/pdf", "image/png", "image/jpeg"],
        allowedDocumentTypes: ["Utility bill", "Bank statement"]
      }]
      : []
  }
}

const attachmentId = (block: Inventory.Block): string =>
  `${block.regionCode.toLowerCase()}-${block.type.toLowerCase().replace("_", "-")}-proof-of-address`

const blockFor = (store: Store, regionCode: string, numberType: string): Inventory.Block | undefined =>
  store.inventory.blocks.find((b) => b.regionCode === regionCode && b.type === numberType)

const notOffered = (regionCode: string, numberType: string): ErrorResponse =>
  invalidArgument([{ field: "regionCode", description: `No ${numberType} numbers are offered in ${regionCode}` }])

/** @internal */
export const lookupNumberRequirements: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const body = yield* decodeBody(Spec.LookupNumberRequirementsRequest, request, true)
    const block = blockFor(ctx.store, body.regionCode, body.numberType)
    if (block === undefined) return yield* notOffered(body.regionCode, body.numberType)
    return ok(requirementsFor(block))
  })

const orderEvent = (ctx: Ctx, order: OrderRecord, now: number) =>
  Effect.map(ctx.nextEventId, (eventId) => ({
    eventId,
    timestamp: eventTimestamp(now),
    projectId: ctx.config.projectId,
    resourceId: order.id,
    resourceType: "NUMBER_ORDER",
    eventType: "NUMBER_ORDER_PROCESSING",
    status: order.state,
    // real Sinch events carry these as null when they do not apply
    failureCode: null,
    internalFailureCode: null
  }))

/** Moves an order to a new state, and tells its callback URL. */
const transition = (ctx: Ctx, order: OrderRecord, state: OrderRecord["state"], now: number) =>
  Effect.suspend(() => {
    order.state = state
    order.updateTime = iso(now)
    return order.callbackUrl === undefined || order.callbackUrl === ""
      ? Effect.void
      : Effect.flatMap(orderEvent(ctx, order, now), (event) => ctx.emit(order.callbackUrl!, event))
  })

type VoiceRequest = typeof Spec.OrderVoiceConfiguration.Type

/** The order's voice configuration: its type and, if given, the id of that type. */
const orderVoice = (voice: VoiceRequest): NonNullable<OrderRecord["voiceConfiguration"]> => {
  const id = voice.type === "EST" ? voice.trunkId : voice.type === "FAX" ? voice.serviceId : voice.appId
  const key = voice.type === "EST" ? "trunkId" : voice.type === "FAX" ? "serviceId" : "appId"
  return id === undefined ? { type: voice.type } : { type: voice.type, [key]: id }
}

/** @internal */
export const createNumberOrder: Handler = (ctx, request) =>
  Effect.gen(function*() {
    const body = yield* decodeBody(Spec.CreateNumberOrderRequest, request, true)
    const store = ctx.store
    const block = blockFor(store, body.regionCode, body.numberType)
    if (block === undefined) return yield* notOffered(body.regionCode, body.numberType)
    let picked: Array<{ block: Inventory.Block; k: number }>
    if (body.numberOrderOption !== undefined) {
      const phone = body.numberOrderOption.phoneNumbers[0]!
      const found = store.getAvailable(phone)
      // the document gives this operation no 404: a number that cannot be ordered is an invalid argument
      if (found === undefined) {
        return yield* invalidArgument([{
          field: "numberOrderOption.phoneNumbers",
          description: `${phone} is not available: search availableNumbers for one that is`
        }])
      }
      if (found.block.regionCode !== body.regionCode || found.block.type !== body.numberType) {
        return yield* invalidArgument([{
          field: "numberOrderOption.phoneNumbers",
          description:
            `${phone} is a ${found.block.regionCode} ${found.block.type} number, not ${body.regionCode} ${body.numberType}`
        }])
      }
      picked = [found]
    } else {
      const option = body.quantityOrderOption!
      picked = store.findAvailable({
        regionCode: body.regionCode,
        type: body.numberType,
        pattern: option.numberPattern?.pattern?.replace(/^\+/, ""),
        searchPattern: option.numberPattern?.searchPattern,
        capabilities: option.capabilities
      }, option.requestedQuantity)
      if (picked.length < option.requestedQuantity) {
        return yield* invalidArgument([{
          field: "quantityOrderOption.requestedQuantity",
          description:
            `Only ${picked.length} available numbers match the criteria, ${option.requestedQuantity} requested`
        }])
      }
    }
    const now = yield* ctx.now
    const phoneNumbers = picked.map(({ block, k }) => Inventory.phoneNumber(block, 1, k))
    for (const phone of phoneNumbers) store.taken.add(phone)
    const order: OrderRecord = {
      id: store.nextOrderId(),
      regionCode: body.regionCode,
      numberType: body.numberType,
      phoneNumbers,
      state: "CREATED",
      smsConfiguration: body.smsConfiguration === undefined ? undefined : {
        servicePlanId: body.smsConfiguration.servicePlanId,
        ...(body.smsConfiguration.campaignId === undefined ? {} : { campaignId: body.smsConfiguration.campaignId })
      },
      voiceConfiguration: body.voiceConfiguration === undefined ? undefined : orderVoice(body.voiceConfiguration),
      callbackUrl: body.callbackUrl,
      expireTimeMillis: now + ctx.config.orderReservationMillis,
      createTime: iso(now),
      updateTime: iso(now),
      requestDetails: {},
      attachments: new Map(),
      logs: []
    }
    store.orders.set(order.id, order)
    // the reservation lapses unless the order was submitted by then
    yield* ctx.schedule(
      ctx.config.orderReservationMillis,
      Effect.flatMap(ctx.now, (at) => {
        if (order.state !== "CREATED") return Effect.void
        for (const phone of order.phoneNumbers) store.taken.delete(phone)
        return transition(ctx, order, "EXPIRED", at)
      })
    )
    return ok(store.orderWire(order))
  })

const orderOr404 = (store: Store, id: string): Effect.Effect<OrderRecord, ErrorResponse> => {
  const order = store.orders.get(id)
  return order === undefined ? Effect.fail(notFound("NumberOrder", id)) : Effect.succeed(order)
}

/** @internal */
export const getNumberOrder: Handler = (ctx, _request, [id]) =>
  Effect.gen(function*() {
    const store = ctx.store
    return ok(store.orderWire(yield* orderOr404(store, id!)))
  })

const registrationWire = (order: OrderRecord): RegistrationWire => ({
  requestDetails: order.requestDetails,
  attachments: [...order.attachments.values()],
  logs: order.logs.map((log) => ({ ...log }))
})

/** @internal */
export const getNumberOrderRegistration: Handler = (ctx, _request, [id]) =>
  Effect.gen(function*() {
    return ok(registrationWire(yield* orderOr404(ctx.store, id!)))
  })

const requiredFields = (store: Store, order: OrderRecord): ReadonlyArray<string> => {
  const required = requirementsFor(blockFor(store, order.regionCode, order.numberType)!).fields["required"]
  return Array.isArray(required) ? required.filter((f): f is string => typeof f === "string") : []
}

const editable = (order: OrderRecord): Effect.Effect<void, ErrorResponse> =>
  order.state === "CREATED" || order.state === "BLOCKED"
    ? Effect.void
    : Effect.fail(invalidArgument([{
      field: "numberOrderId",
      description: `The number order is ${order.state}; it can only be changed while CREATED or BLOCKED`
    }]))

/** @internal */
export const updateNumberOrderRegistration: Handler = (ctx, request, [id]) =>
  Effect.gen(function*() {
    const body = yield* decodeBody(Spec.UpdateNumberOrderRegistrationRequest, request, true)
    const store = ctx.store
    const order = yield* orderOr404(store, id!)
    yield* editable(order)
    const details = body.requestDetails ?? {}
    const missing = requiredFields(store, order).filter((field) => {
      const value = details[field]
      return value === undefined || value === null || value === ""
    })
    if (missing.length > 0) {
      return yield* invalidArgument(
        missing.map((field) => ({ field: `requestDetails.${field}`, description: "must be specified" }))
      )
    }
    order.requestDetails = { ...details }
    order.updateTime = iso(yield* ctx.now)
    return ok(registrationWire(order))
  })

/** The document gives a successful upload no content: an empty 200. @internal */
export const uploadNumberOrderAttachment: Handler = (ctx, request, [id, attachmentIdParam]) =>
  Effect.gen(function*() {
    const store = ctx.store
    const order = yield* orderOr404(store, id!)
    const block = blockFor(store, order.regionCode, order.numberType)!
    const spec = requirementsFor(block).attachments.find((a) => a.id === attachmentIdParam)
    if (spec === undefined) {
      return yield* notFound("Attachment", attachmentIdParam!, "Use an attachment id from lookupNumberRequirements")
    }
    yield* editable(order)
    const limit = ctx.config.maxAttachmentBytes
    const tooLarge = contentTooLarge(attachmentIdParam!, `The attachment is larger than the ${limit} bytes allowed`)
    // multipart framing adds a little; anything far beyond the limit is refused before it is read
    if ((declaredLength(request.headers) ?? 0) > limit + 64 * 1024) return yield* tooLarge
    const contentType = request.headers.get("content-type") ?? ""
    if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
      return yield* invalidArgument([{
        field: "file",
        description: "Send the attachment as multipart/form-data with a part named \"file\""
      }])
    }
    const bytes = yield* Effect.mapError(request.body, readFailure)
    const form = yield* Effect.tryPromise(() =>
      new Request("http://emulator.invalid/", {
        method: "POST",
        headers: { "content-type": contentType },
        body: bytes as Uint8Array<ArrayBuffer>
      })
        .formData()
    ).pipe(
      Effect.mapError(() => invalidArgument([{ field: "file", description: "The multipart body could not be read" }]))
    )
    const file = form.get("file")
    if (file === null || typeof file === "string") {
      return yield* invalidArgument([{ field: "file", description: "must be specified" }])
    }
    if (file.size > limit) return yield* tooLarge
    const mimeType = file.type === "" ? "application/octet-stream" : file.type.split(";")[0]!
    if (spec.allowedMimeTypes.length > 0 && !spec.allowedMimeTypes.includes(mimeType)) {
      return yield* invalidArgument([{
        field: "file",
        description: `A ${mimeType} file is not accepted here; use one of ${spec.allowedMimeTypes.join(", ")}`
      }])
    }
    const documentTypeValue = form.get("documentType")
    const documentType = typeof documentTypeValue === "string" && documentTypeValue !== ""
      ? documentTypeValue
      : undefined
    if (
      documentType !== undefined && spec.allowedDocumentTypes.length > 0 &&
      !spec.allowedDocumentTypes.includes(documentType)
    ) {
      return yield* invalidArgument([{
        field: "documentType",
        description: `${JSON.stringify(documentType)} is not one of ${spec.allowedDocumentTypes.join(", ")}`
      }])
    }
    const now = iso(yield* ctx.now)
    const previous = order.attachments.get(spec.id)
    const attachment: AttachmentWire = {
      attachmentId: spec.id,
      fileName: file.name,
      mimeType,
      createTime: previous?.createTime ?? now,
      updateTime: now,
      uploadStatus: "COMPLETED",
      ...(documentType === undefined ? {} : { documentType })
    }
    order.attachments.set(spec.id, attachment)
    order.updateTime = now
    return noContent
  })

/**
 * Submits an order for review. After the review delay it is COMPLETED (its numbers become active with the order's
 * configuration), unless `requestDetails.emulatorReviewOutcome` asks for "REJECTED" or "BLOCKED".
 *
 * @internal
 */
export const submitNumberOrder: Handler = (ctx, _request, [id]) =>
  Effect.gen(function*() {
    const store = ctx.store
    const order = yield* orderOr404(store, id!)
    yield* editable(order)
    const now = yield* ctx.now
    if (now >= order.expireTimeMillis && order.state === "CREATED") {
      return yield* invalidArgument([{
        field: "numberOrderId",
        description: "The number order's reservation has expired"
      }])
    }
    const violations: Array<FieldViolation> = requiredFields(store, order)
      .filter((field) => order.requestDetails[field] === undefined || order.requestDetails[field] === "")
      .map((field) => ({ field: `requestDetails.${field}`, description: "must be provided before submitting" }))
    const block = blockFor(store, order.regionCode, order.numberType)!
    for (const attachment of requirementsFor(block).attachments) {
      if (attachment.mandatory && !order.attachments.has(attachment.id)) {
        violations.push({ field: `attachments.${attachment.id}`, description: "must be uploaded before submitting" })
      }
    }
    if (violations.length > 0) return yield* invalidArgument(violations)
    yield* transition(ctx, order, "IN_REVIEW", now)
    yield* ctx.schedule(
      ctx.config.orderReviewDelayMillis,
      Effect.flatMap(ctx.now, (at) => review(ctx, store, order, at))
    )
    return ok(store.orderWire(order))
  })

const review = (ctx: Ctx, store: Store, order: OrderRecord, now: number): Effect.Effect<void> => {
  const asked = order.requestDetails["emulatorReviewOutcome"]
  return settleReview(ctx, store, order, asked === "REJECTED" || asked === "BLOCKED" ? asked : "COMPLETED", now)
}

/**
 * Ends an order's review: the review delay's own path, and the console's approve, reject and block (with the
 * reviewer's reason in the order's logs). Does nothing unless the order is IN_REVIEW.
 *
 * @internal
 */
export const settleReview = (
  ctx: Ctx,
  store: Store,
  order: OrderRecord,
  outcome: "COMPLETED" | "REJECTED" | "BLOCKED",
  now: number,
  reason?: string
): Effect.Effect<void> =>
  Effect.gen(function*() {
    if (order.state !== "IN_REVIEW") return
    if (outcome === "REJECTED") {
      for (const phone of order.phoneNumbers) store.taken.delete(phone)
      order.logs.push({
        message: reason ?? "The registration was rejected by the emulated review",
        createTime: iso(now)
      })
      return yield* transition(ctx, order, "REJECTED", now)
    }
    if (outcome === "BLOCKED") {
      order.logs.push({
        message: reason ?? "Dear Customer, please provide more details about your business. (emulated review)",
        createTime: iso(now)
      })
      return yield* transition(ctx, order, "BLOCKED", now)
    }
    if (reason !== undefined) order.logs.push({ message: reason, createTime: iso(now) })
    for (const phone of order.phoneNumbers) {
      const found = Inventory.indexOf(store.inventory, 1, phone)!
      const record = store.activate(found.block, found.k, now)
      yield* configure(ctx, store, record, {
        smsConfiguration: order.smsConfiguration,
        voiceConfiguration: order.voiceConfiguration === undefined
          ? undefined
          : Spec.voiceTarget(order.voiceConfiguration),
        callbackUrl: order.callbackUrl
      }, now)
    }
    yield* transition(ctx, order, "COMPLETED", now)
  })
