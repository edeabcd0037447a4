import { NumbersClient } from "@effect-sinch/numbers"
import { NumbersService } from "@sinch/numbers"
import { Console, Effect, Option } from "effect"

export const withOfficialSdk = async (servicePlanId: string) => {
  const sinch = new NumbersService({
    projectId: process.env.SINCH_PROJECT_ID!,
    keyId: process.env.SINCH_KEY_ID!,
    keySecret: process.env.SINCH_KEY_SECRET!
  })
  const found = await sinch.searchForAvailableNumbers({
    regionCode: "US",
    type: "LOCAL",
    capabilities: ["SMS"],
    size: 1
  })
  const candidate = found.availableNumbers?.[0]
  if (candidate?.phoneNumber === undefined) return undefined
  try {
    const rented = await sinch.rent({
      phoneNumber: candidate.phoneNumber,
      rentNumberRequestBody: { smsConfiguration: { servicePlanId } }
    })
    return rented.phoneNumber
  } catch (error) {
    // Which failure is it? A 404 (sold in between)? A timeout, after which the rent may have gone through?
    if ((error as { statusCode?: number }).statusCode === 404) return undefined
    throw error
  }
}

export const withEffectSinch = (servicePlanId: string) =>
  Effect.gen(function*() {
    const numbers = yield* NumbersClient.NumbersClient
    const found = yield* numbers.searchAvailableNumbers({
      regionCode: "US",
      type: "LOCAL",
      capabilities: ["SMS"],
      size: 1
    })
    const candidate = found.availableNumbers[0]
    if (candidate?.phoneNumber === undefined) return Option.none()
    return yield* numbers.rentNumber(candidate.phoneNumber, { smsConfiguration: { servicePlanId } }).pipe(
      Effect.map((rented) => Option.some(rented.phoneNumber)),
      // Sold in between: a typed error, handled by name. A lost answer is OutcomeUnknown, left to the caller
      // (after a reconcile that already looked the number up).
      Effect.catchTag("NotFound", () => Console.log("sold in between").pipe(Effect.as(Option.none())))
    )
  })

export const officialOnTheEmulator = () =>
  new NumbersService({
    projectId: process.env.SINCH_PROJECT_ID!,
    keyId: process.env.SINCH_KEY_ID!,
    keySecret: process.env.SINCH_KEY_SECRET!,
    // origins only: SINCH_NUMBERS_URL is one already; the token URL's path is the SDK's to add
    numbersHostname: process.env.SINCH_NUMBERS_URL!,
    authHostname: new URL(process.env.SINCH_AUTH_URL!).origin
  })
