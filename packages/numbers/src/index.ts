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
export * as NumbersWebhooks from "./NumbersWebhooks.js"
