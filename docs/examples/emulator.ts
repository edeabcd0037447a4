import { NumbersService } from "@sinch/numbers"

export const official = async () => {
  const sinch = new NumbersService({
    projectId: "emulator-project",
    keyId: "emulator-key-id",
    keySecret: "emulator-key-secret",
    numbersHostname: "http://127.0.0.1:4010",
    authHostname: "http://127.0.0.1:4010"
  })
  const found = await sinch.searchForAvailableNumbers({ regionCode: "US", type: "LOCAL", size: 3 })
  for (const n of found.availableNumbers ?? []) console.log(n.phoneNumber, n.monthlyPrice?.amount)
  let count = 0
  for await (const _ of sinch.list({ pageSize: 1000 })) count++
  console.log(`${count} active numbers`)
}

import { Emulator, Faults } from "@effect-sinch/emulator"
import { FetchHttpClient } from "@effect/platform"
import { Console, Duration, Effect } from "effect"

export const emulated = Effect.gen(function*() {
  const emulator = yield* Emulator.serve({
    active: 50_000,
    seed: 7,
    provisioningDelay: Duration.millis(100),
    faults: new Faults.Faults({ global: new Faults.FaultRule({ latency: 20, latencyJitter: 30 }) })
  })
  yield* Console.log(`Sinch Numbers API at ${emulator.baseUrl}, token URL ${emulator.tokenUrl}`)

  // ... run the client under test against emulator.baseUrl, then look at what happened:
  const stats = yield* emulator.stats
  yield* Console.log(stats.requests, stats.events)
  const deliveries = yield* emulator.deliveries
  yield* Console.log(deliveries.map((d) => `${d.status} ${d.url}`))
}).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer))
