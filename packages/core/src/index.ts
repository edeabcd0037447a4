/**
 * @since 0.1.0
 */
export * as PhoneNumber from "./PhoneNumber.js"
