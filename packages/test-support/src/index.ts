/**
 * @since 0.0.0
 */

/**
 * @since 0.0.0
 */
export * as RedisServer from "./RedisServer.js"

/**
 * @since 0.0.0
 */
export * as RedisSuite from "./RedisSuite.js"

/**
 * @since 0.0.0
 */
export * as BrowserSuite from "./BrowserSuite.js"

/**
 * @since 0.0.0
 */
export * as BinBundle from "./BinBundle.js"
