import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as ErrorFamily from "../src/ErrorFamily.js"

const TypeId: unique symbol = Symbol.for("test/ErrorFamily")
type TypeId = typeof TypeId
const OtherId: unique symbol = Symbol.for("test/ErrorFamily/Other")
type OtherId = typeof OtherId

const testError = ErrorFamily.make<{ readonly [TypeId]: TypeId }>("test", (Class) =>
  class extends Class {
    declare readonly [TypeId]: TypeId
  }, TypeId)

const otherError = ErrorFamily.make<{ readonly [TypeId]: TypeId; readonly [OtherId]: OtherId }>(
  "test",
  (Class) =>
    class extends Class {
      declare readonly [TypeId]: TypeId
      declare readonly [OtherId]: OtherId
    },
  TypeId,
  OtherId
)

class Broken extends testError(Schema.TaggedError<Broken>, "Broken", { part: Schema.String }) {
  override get message() {
    return `${this.part} is broken`
  }
}

class Lost extends otherError(Schema.TaggedError<Lost>, "Lost", { where: Schema.optional(Schema.String) }) {}

const isTestError = (u: unknown): u is Broken | Lost => Predicate.hasProperty(u, TypeId)

describe("ErrorFamily", () => {
  it("puts the type ids on the prototype, not on every instance", () => {
    const broken = new Broken({ part: "the wheel" })
    const lost = new Lost({})
    assert.isTrue(isTestError(broken) && isTestError(lost))
    assert.strictEqual(broken[TypeId], TypeId)
    assert.strictEqual(lost[OtherId], OtherId)
    assert.isFalse(Predicate.hasProperty(broken, OtherId))
    assert.isFalse(Object.getOwnPropertySymbols(broken).includes(TypeId))
    assert.isTrue(Object.getOwnPropertySymbols(Object.getPrototypeOf(Object.getPrototypeOf(broken))).includes(TypeId))
    assert.isFalse(isTestError(new Error("the wheel is broken")))
  })

  it("keeps the class a Schema.TaggedError: tag, name, message, identifier, encoding", () => {
    const broken = new Broken({ part: "the wheel" })
    assert.instanceOf(broken, Error)
    assert.strictEqual(broken._tag, "Broken")
    assert.strictEqual(broken.name, "Broken")
    assert.strictEqual(broken.message, "the wheel is broken")
    assert.strictEqual(Broken.identifier, "test/Broken")
    assert.deepStrictEqual(Schema.encodeSync(Broken)(broken), { _tag: "Broken", part: "the wheel" })
    const decoded = Schema.decodeUnknownSync(Broken)({ _tag: "Broken", part: "the axle" })
    assert.instanceOf(decoded, Broken)
    assert.isTrue(isTestError(decoded))
    assert.throws(() => Schema.decodeUnknownSync(Broken)({ _tag: "Broken" }))
  })

  it.effect("is caught by its tag", () =>
    Effect.gen(function*() {
      const failing: Effect.Effect<string, Broken | Lost> = new Lost({ where: "there" })
      const caught = yield* failing.pipe(
        Effect.catchTag("Broken", () => Effect.succeed("broken")),
        Effect.catchTag("Lost", (lost) => Effect.succeed(`lost ${lost.where}`))
      )
      assert.strictEqual(caught, "lost there")
    }))
})
