/**
 * @since 0.1.0
 */
export * as AuthError from "./AuthError.js"

/**
 * @since 0.1.0
 */
export * as SinchAuth from "./SinchAuth.js"

/**
 * @since 0.1.0
 */
export * as SinchConfig from "./SinchConfig.js"

/**
 * @since 0.1.0
 */
export * as TokenStore from "./TokenStore.js"

/**
 * @since 0.1.0
 */
export * as SinchProfiles from "./SinchProfiles.js"
