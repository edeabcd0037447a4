/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum } from "./internal/openEnum.js"

/**
 * What a number can be used for, as a user asks for it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Capability = Schema.Literal("SMS", "VOICE").annotations({ identifier: "Capability" })

/**
 * @since 0.1.0
 * @category models
 */
export type Capability = typeof Capability.Type

/**
 * A capability as servers send it: the known ones typed, a new one kept as it is.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CapabilityOpen = openEnum("SMS", "VOICE")

/**
 * @since 0.1.0
 * @category models
 */
export type CapabilityOpen = typeof CapabilityOpen.Type
