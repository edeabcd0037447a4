/**
 * The base of a family of errors, in the manner of `@effect/platform`'s `Error.TypeIdError`: `Schema.TaggedError`
 * classes (they encode and decode) whose type ids live on the prototype rather than on every instance, named
 * `<namespace>/<Tag>` as schema identifiers. A family's guard is `Predicate.hasProperty(u, TypeId)`; each class adds
 * only its fields and its `message`.
 *
 * Core knows data, not HTTP: this is the one piece of error machinery it holds, so that `@effect-sinch/auth` and
 * `@effect-sinch/numbers` build their families one way without an arrow between them for it. A family passes its
 * own mixin declaring its type ids (`declare readonly [TypeId]: TypeId`): a class can declare a computed key only for
 * a concrete `unique symbol`, so a helper generic in the type id could not type it without a cast.
 *
 * @since 0.1.0
 */
import type * as Schema from "effect/Schema"

/**
 * A class a mixin can extend (`any` arguments are how TypeScript types a mixin's constructor; the class keeps its
 * own).
 *
 * @since 0.1.0
 * @category models
 */
export type Constructor = new(...args: Array<any>) => object

/**
 * `Schema.TaggedError<Self>`, passed as an instantiation expression: a function generic in `Self` cannot call
 * `Schema.TaggedError` itself (its result is a conditional type until `Self` is known).
 *
 * @since 0.1.0
 * @category models
 */
export type TaggedErrorOf<Self> = (identifier?: string) => <Tag extends string, Fields extends Schema.Struct.Fields>(
  tag: Tag,
  fields: Fields
) => Schema.TaggedErrorClass<Self, Tag, { readonly _tag: Schema.tag<Tag> } & Fields>

/**
 * The base of a family's classes: `mark` declares the type ids in the class's type, `typeIds` puts them on its
 * prototype. `Marks` (the type ids as the instances' type shows them) is given explicitly: TypeScript does not infer
 * it from a generic mixin, and it checks that `mark` declares them and that `typeIds` are among them.
 *
 * @example
 * ```ts
 * import * as ErrorFamily from "@effect-sinch/core/ErrorFamily"
 * import * as Predicate from "effect/Predicate"
 * import * as Schema from "effect/Schema"
 *
 * const TypeId: unique symbol = Symbol.for("my-app/MyError")
 * type TypeId = typeof TypeId
 *
 * const myError = ErrorFamily.make<{ readonly [TypeId]: TypeId }>("my-app", (Class) =>
 *   class extends Class {
 *     declare readonly [TypeId]: TypeId
 *   }, TypeId)
 *
 * class Broken extends myError(Schema.TaggedError<Broken>, "Broken", { part: Schema.String }) {
 *   override get message() {
 *     return `${this.part} is broken`
 *   }
 * }
 *
 * const isMyError = (u: unknown): u is Broken => Predicate.hasProperty(u, TypeId)
 * console.log(isMyError(new Broken({ part: "the wheel" }))) // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <Marks extends object>(
  namespace: string,
  mark: <C extends Constructor>(Class: C) => C & (new(...args: Array<any>) => Marks),
  ...typeIds: ReadonlyArray<keyof Marks & symbol>
) =>
<Self, Tag extends string, Fields extends Schema.Struct.Fields>(
  taggedError: TaggedErrorOf<Self>,
  tag: Tag,
  fields: Fields
) => {
  const Class = mark(taggedError(`${namespace}/${tag}`)(tag, fields))
  for (const id of typeIds) Object.defineProperty(Class.prototype, id, { value: id })
  return Class
}
