/**
 * The client side: `NumbersClient` and its errors. The server side, verifying the events Sinch posts to a callback
 * URL, is its own entry point, `@effect-sinch/numbers/NumbersWebhooks`, so a program that only calls the API does not
 * load `@effect/platform`'s HTTP server modules (about 45 ms of start-up).
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as NumbersClient from "./NumbersClient.js"

/**
 * @since 0.1.0
 */
export * as NumbersError from "./NumbersError.js"

/**
 * @since 0.1.0
 */
export * as NumbersOperation from "./NumbersOperation.js"
