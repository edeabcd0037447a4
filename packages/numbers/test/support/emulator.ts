import { SinchAuth } from "@effect-sinch/auth"
import { Emulator } from "@effect-sinch/emulator"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as NumbersClient from "../../src/NumbersClient.js"

/** Client options a suite may set (the project id and base URL come from the emulator). */
export type ClientOptions = Omit<NumbersClient.Options, "projectId" | "baseUrl">

/** A NumbersClient and SinchAuth (OAuth at the emulator's token endpoint) for the emulator in the context. */
export const clientFor = (options: ClientOptions = {}, baseUrl?: (emulator: Emulator.Service) => string) =>
  Layer.unwrapEffect(
    Effect.map(Emulator.Emulator, (emulator) =>
      NumbersClient.layer({
        ...options,
        projectId: emulator.projectId,
        baseUrl: baseUrl === undefined ? emulator.baseUrl : baseUrl(emulator)
      }).pipe(
        Layer.provideMerge(
          SinchAuth.layerOAuth({
            keyId: emulator.keyId,
            keySecret: emulator.keySecret,
            tokenUrl: baseUrl === undefined ? emulator.tokenUrl : `${baseUrl(emulator)}/oauth2/token`
          })
        )
      ))
  )

/**
 * The emulator's scheduled work (provisioning, order reviews and reservations) waits on the TestClock, and the
 * emulator waits for it on reset and on shutdown: jumping a day ahead first lets it finish. Tests never use callback
 * URLs, so that work is all in memory.
 */
export const settle = TestClock.adjust("1 day")

const settleOnShutdown = Layer.scopedDiscard(Effect.addFinalizer(() => settle))

// Tokens that outlive every jump of the clock, so no background refresh races a test.
const defaults: Emulator.EmulatorOptions = { tokenTtl: "100000 hours" }

/** The emulator on a loopback port, talked to over real HTTP (undici). */
export const overHttp = (emulator: Emulator.EmulatorOptions = {}, options: ClientOptions = {}) =>
  settleOnShutdown.pipe(
    Layer.provideMerge(clientFor(options)),
    Layer.provideMerge(Emulator.layer({ ...defaults, ...emulator })),
    Layer.provideMerge(NodeHttpClient.layerUndici)
  )

/**
 * The emulator in-process (no socket). Its client answers any host, so the client is pointed at a loopback URL:
 * plain http elsewhere is refused by NumbersClient and SinchAuth.
 */
export const inProcess = (emulator: Emulator.EmulatorOptions = {}, options: ClientOptions = {}) =>
  settleOnShutdown.pipe(
    Layer.provideMerge(clientFor(options, () => "http://127.0.0.1:9")),
    Layer.provideMerge(Emulator.layerHttpClient({ ...defaults, ...emulator }))
  )
