/** @internal */
import * as Duration from "effect/Duration"

/**
 * The defaults of the emulator's options (`Emulator.defaults`), on their own: the command line's options read them
 * without loading the emulator.
 *
 * @internal
 */
export const defaults = {
  projectId: "emulator-project",
  keyId: "emulator-key-id",
  keySecret: "emulator-key-secret",
  seed: 1,
  active: 100,
  available: 10_000,
  tokenTtl: Duration.hours(1),
  provisioningDelay: Duration.seconds(2),
  orderReviewDelay: Duration.seconds(5),
  orderReservation: Duration.minutes(30),
  hmacSecret: "emulator-hmac-secret-0123456789abcdef",
  maxAttachmentSize: 5 * 1024 * 1024,
  callbackRetries: 3,
  callbackRetryDelay: Duration.millis(500),
  defaultPageSize: 100,
  authBurstLimit: { burst: 30, perSecond: 10 },
  host: "127.0.0.1",
  port: 0,
  requestLogSize: 10_000
} as const
