/** @internal */
import type * as Effect from "effect/Effect"
import type { Delivery } from "../Emulator.js"
import type * as Faults from "../Faults.js"
import type { EmulatorRequest, Reply } from "./protocol.js"
import type { BucketLimit } from "./rateLimits.js"
import type { Store } from "./store.js"
import type { ErrorResponse } from "./wire.js"

/** The emulator's settings, resolved. @internal */
export interface Config {
  readonly projectId: string
  readonly keyId: string
  readonly keySecret: string
  readonly seed: number
  readonly active: number
  readonly available: number
  readonly tokenTtlMillis: number
  readonly provisioningDelayMillis: number
  readonly orderReviewDelayMillis: number
  readonly orderReservationMillis: number
  readonly hmacSecret: string
  readonly faults: Faults.Faults
  readonly maxAttachmentBytes: number
  readonly callbackRetries: number
  readonly callbackRetryDelayMillis: number
  readonly defaultPageSize: number
  /** repair a "+" sent unencoded and read comma-separated lists, instead of refusing them */
  readonly lenientEncoding: boolean
  /** the token endpoint's burst limit, as Sinch's auth gateway has one (429 without Retry-After); off when undefined */
  readonly authBurstLimit: BucketLimit | undefined
  /** the project's Numbers API request budget (429 with Retry-After); none when undefined */
  readonly rateLimit: BucketLimit | undefined
}

/**
 * The most items one answer holds, whatever `pageSize` or `size` asks for: the document states no limit, so this is
 * the emulator's choice (a server may return fewer items than asked).
 *
 * @internal
 */
export const maxItemsPerAnswer = 1000

/** What operation handlers may use. @internal */
export interface Ctx {
  readonly config: Config
  /** the project's state (a reset clears it in place) */
  readonly store: Store
  readonly now: Effect.Effect<number>
  /** runs an effect after a delay (by the Clock), in the emulator's scope; reset interrupts it */
  readonly schedule: (delayMillis: number, effect: Effect.Effect<void>) => Effect.Effect<void>
  /** sends a signed event to a callback URL in the background */
  readonly emit: (url: string, payload: Record<string, unknown>) => Effect.Effect<void>
  /** sends a signed event and waits for the outcome */
  readonly emitNow: (url: string, payload: Record<string, unknown>) => Effect.Effect<Delivery>
  readonly nextEventId: Effect.Effect<string>
  /** counts a query value that arrived unencoded (a "+" read as a space) */
  readonly noteUnencoded: Effect.Effect<void>
  /** counts a query value read as a comma-separated list (lenient encoding only) */
  readonly noteCommaList: Effect.Effect<void>
}

/** @internal */
export type Handler = (
  ctx: Ctx,
  request: EmulatorRequest,
  params: ReadonlyArray<string>
) => Effect.Effect<Reply, ErrorResponse>
