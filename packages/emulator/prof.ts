import * as Effect from "effect/Effect"
import * as Emulator from "./src/Emulator.js"
const program = Effect.gen(function*() {
  const emu = yield* Emulator.Emulator
  const engine = Emulator.engineOf(emu)
  const store = engine.store()
  let t = performance.now()
  let cursor: any = undefined
  for (let i = 0; i < 200; i++) {
    const page = store.listActive({}, "phoneNumber", cursor, 1000, 0)
    const wire = page.items.map((r) => store.toWire(r))
    JSON.stringify(wire)
    cursor = page.next
  }
  console.log("store page ms", (performance.now() - t) / 200)
  t = performance.now()
  for (let i = 0; i < 20; i++) store.countActive({}, 0)
  console.log("count ms", (performance.now() - t) / 20)
  const auth = "Basic " + Buffer.from("emulator-key-id:emulator-key-secret").toString("base64")
  t = performance.now()
  for (let i = 0; i < 200; i++) { const r = yield* Effect.promise(() => emu.fetch("http://x/v1/projects/emulator-project/activeNumbers/+12010000000", { headers: { authorization: auth } })); yield* Effect.promise(() => r.text()) }
  console.log("in-process small ms", (performance.now() - t) / 200)
  t = performance.now()
  let token = ""
  for (let i = 0; i < 100; i++) { const r = yield* Effect.promise(() => emu.fetch("http://x/v1/projects/emulator-project/activeNumbers?pageSize=1000" + (token ? "&pageToken=" + encodeURIComponent(token) : ""), { headers: { authorization: auth } })); const j: any = yield* Effect.promise(() => r.json()); token = j.nextPageToken }
  console.log("in-process page ms", (performance.now() - t) / 100)
})
Effect.runPromise(Effect.scoped(Effect.provide(program, Emulator.layerHttpClient({ active: 1_000_000 }))))
