/**
 * @since 0.0.0
 */

/**
 * @since 0.0.0
 */
export * as Prism from "./Prism.js"

/**
 * @since 0.0.0
 */
export * as Spec from "./Spec.js"

/**
 * @since 0.0.0
 */
export * as Violations from "./Violations.js"
