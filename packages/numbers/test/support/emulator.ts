import { SinchAuth } from "@effect-sinch/auth"
import { Emulator } from "@effect-sinch/emulator"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NumbersClient from "../../src/NumbersClient.js"

/** Client options a suite may set (the project id and base URL come from the emulator). */
export type ClientOptions = Omit<NumbersClient.Options, "projectId" | "baseUrl">

/** A NumbersClient and SinchAuth (OAuth at the emulator's token endpoint) for the emulator in the context. */
export const clientFor = (options: ClientOptions = {}) =>
  Layer.unwrapEffect(
    Effect.map(Emulator.Emulator, (emulator) =>
      NumbersClient.layer({
        ...options,
        projectId: emulator.projectId,
        baseUrl: emulator.baseUrl
      }).pipe(
        Layer.provideMerge(
          SinchAuth.layerOAuth({
            keyId: emulator.keyId,
            keySecret: emulator.keySecret,
            tokenUrl: emulator.tokenUrl
          })
        )
      ))
  )

// Tokens that outlive every jump of the clock, so no background refresh races a test.
const defaults: Emulator.EmulatorOptions = { tokenTtl: "100000 hours" }

/** The emulator on a loopback port, talked to over real HTTP (undici). */
export const overHttp = (emulator: Emulator.EmulatorOptions = {}, options: ClientOptions = {}) =>
  clientFor(options).pipe(
    Layer.provideMerge(Emulator.layer({ ...defaults, ...emulator })),
    Layer.provideMerge(NodeHttpClient.layerUndici)
  )

/** The emulator in-process (no socket), at its loopback base URL. */
export const inProcess = (emulator: Emulator.EmulatorOptions = {}, options: ClientOptions = {}) =>
  clientFor(options).pipe(
    Layer.provideMerge(Emulator.layerHttpClient({ ...defaults, ...emulator }))
  )
