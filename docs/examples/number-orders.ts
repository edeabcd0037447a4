import { NumbersClient } from "@effect-sinch/numbers"
import { Console, Duration, Effect, Schedule } from "effect"

export const requirementsOfGbLocal = Effect.gen(function*() {
  const numbers = yield* NumbersClient.NumbersClient
  const requirements = yield* numbers.lookupNumberRequirements({ regionCode: "GB", numberType: "LOCAL" })
  // `fields` is free-form (a schema of the details to send); `attachments` lists the documents
  yield* Console.log(requirements.fields)
  for (const attachment of requirements.attachments ?? []) {
    yield* Console.log(
      `${attachment.id}: ${attachment.title ?? ""} (${attachment.mandatory ? "required" : "optional"}), ` +
        `as ${(attachment.allowedMimeTypes ?? []).join(" or ")}`
    )
  }
  return requirements
})

export const orderGbLocal = (proofOfAddress: Uint8Array, callbackUrl: string) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    const order = yield* numbers.createNumberOrder({
      regionCode: "GB",
      numberType: "LOCAL",
      quantityOrderOption: { requestedQuantity: 1, numberPattern: { pattern: "+44207", searchPattern: "START" } },
      voiceConfiguration: { type: "RTC", appId: "your-voice-app-id" },
      callbackUrl
    })
    if (order.idNumberOrder === undefined) return yield* Effect.fail("the order came back without an id" as const)
    yield* Console.log(`order ${order.idNumberOrder} reserves numbers until ${order.expireTime}`)

    yield* numbers.updateNumberOrderRegistration(order.idNumberOrder, {
      requestDetails: {
        endBusinessName: "Example Ltd",
        endBusinessAddress: "1 Example Street",
        city: "London",
        postalCode: "EC1A 1BB",
        country: "GB"
      }
    })
    yield* numbers.uploadNumberOrderAttachment({
      numberOrderId: order.idNumberOrder,
      attachmentId: "gb-local-proof-of-address",
      file: proofOfAddress,
      fileName: "utility-bill.pdf",
      mimeType: "application/pdf",
      documentType: "Utility bill"
    })

    const submitted = yield* numbers.submitNumberOrder(order.idNumberOrder)
    return submitted.idNumberOrder
  })

const final = new Set(["COMPLETED", "REJECTED", "BLOCKED", "EXPIRED"])

export const awaitOrder = (numberOrderId: string) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    const order = yield* numbers.getNumberOrder(numberOrderId).pipe(
      Effect.repeat(
        Schedule.recurUntil((o: { readonly state?: string | undefined }) => final.has(o.state ?? "")).pipe(
          Schedule.addDelay(() => Duration.seconds(30))
        )
      )
    )
    if (order.state === "BLOCKED") {
      const registration = yield* numbers.getNumberOrderRegistration(numberOrderId)
      yield* Console.log("Sinch asks:", registration.logs?.map((log) => log.message))
    }
    return order
  })
