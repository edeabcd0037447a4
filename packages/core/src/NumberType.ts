/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum } from "./internal/openEnum.js"

/**
 * The number types a user may ask for.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NumberType = Schema.Literal("MOBILE", "LOCAL", "TOLL_FREE").annotations({ identifier: "NumberType" })

/**
 * @since 0.1.0
 * @category models
 */
export type NumberType = typeof NumberType.Type

/**
 * A number type as servers send it: the known ones typed, a new one kept as it is.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NumberTypeOpen = openEnum("MOBILE", "LOCAL", "TOLL_FREE")

/**
 * @since 0.1.0
 * @category models
 */
export type NumberTypeOpen = typeof NumberTypeOpen.Type
