// The standalone bin finds credentials as sinch-numbers does, through the one resolver both use
// (SinchProfiles in @effect-sinch/auth): the variables, else a profile of the config file (the file's current
// profile when none is named), with a key secret inline or in the keychain.
import * as SinchProfiles from "@effect-sinch/auth/SinchProfiles"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Credentials from "../src/internal/credentials.js"

const configWith = (config: unknown) => {
  const file = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "sinch-mcp-credentials-")), "config.json")
  Fs.writeFileSync(file, JSON.stringify(config), { mode: 0o600 })
  return { SINCH_CONFIG: file }
}

const profile = (keySecret: unknown) => ({ projectId: "p-1", keyId: "k-1", keySecret })

// A keychain held in memory: the platform's store is exercised by the CLI's Keychain.test.ts under a real
// Secret Service; here what matters is that the standalone server asks the keychain at all.
const memoryKeychain = (entries: Record<string, string>): SinchProfiles.KeychainService => ({
  store: "test keychain",
  get: (reference) =>
    Effect.succeed(
      Option.map(Option.fromNullable(entries[`${reference.service}/${reference.account}`]), Redacted.make)
    ),
  set: () => Effect.void,
  remove: () => Effect.succeed(false)
})

describe("Credentials.resolve", () => {
  it.effect("the file's current profile when none is named, with its inline secret", () =>
    Effect.gen(function*() {
      const env = configWith({
        current: "work",
        profiles: { default: profile("default-secret"), work: profile("work-secret") }
      })
      const found = yield* Credentials.resolve(Option.none(), env)
      expect(Redacted.value(found.keySecret)).toBe("work-secret")
      expect(found.source).toBe(`profile work (${env.SINCH_CONFIG})`)
      const named = yield* Credentials.resolve(Option.some("default"), env)
      expect(Redacted.value(named.keySecret)).toBe("default-secret")
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("a profile whose secret is in the keychain is read from the keychain", () =>
    Effect.gen(function*() {
      const env = configWith({
        profiles: { default: profile({ keychain: { service: "sinch-numbers", account: "k-1" } }) }
      })
      const found = yield* Credentials.resolve(Option.none(), env).pipe(
        Effect.provideService(SinchProfiles.Keychain, memoryKeychain({ "sinch-numbers/k-1": "from-the-keychain" }))
      )
      expect(Redacted.value(found.keySecret)).toBe("from-the-keychain")
      expect(found.keyId).toBe("k-1")
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("no such keychain entry, no keychain, or logged out: a message that says what to run, no secret", () =>
    Effect.gen(function*() {
      const env = configWith({
        profiles: {
          default: profile({ keychain: { service: "sinch-numbers", account: "k-1" } }),
          gone: { projectId: "p-2", keyId: "k-2" }
        }
      })
      const noEntry = yield* Effect.flip(
        Credentials.resolve(Option.none(), env).pipe(
          Effect.provideService(SinchProfiles.Keychain, memoryKeychain({}))
        )
      )
      expect(noEntry._tag).toBe("McpConfigError")
      expect(noEntry.message).toContain("test keychain as sinch-numbers/k-1, which has no such entry")
      expect(noEntry.message).toContain("run sinch-numbers login --profile default")

      // the platform's keychain, turned off: said at once, without trying the store
      const off = yield* Effect.flip(Credentials.resolve(Option.none(), { ...env, SINCH_KEYCHAIN: "off" }))
      expect(off.message).toContain("keychain, which is not available (the keychain is turned off")

      const loggedOut = yield* Effect.flip(Credentials.resolve(Option.some("gone"), env))
      expect(loggedOut.message).toContain("has no key secret (logged out): run sinch-numbers login --profile gone")
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("the variables win over the file unless a profile is named; set in part, they are refused", () =>
    Effect.gen(function*() {
      const env = {
        ...configWith({ profiles: { default: profile("file-secret") } }),
        SINCH_PROJECT_ID: "p-env",
        SINCH_KEY_ID: "k-env",
        SINCH_KEY_SECRET: "env-secret"
      }
      const found = yield* Credentials.resolve(Option.none(), env)
      expect(found).toMatchObject({ projectId: "p-env", source: "environment" })
      const named = yield* Credentials.resolve(Option.some("default"), env)
      expect(Redacted.value(named.keySecret)).toBe("file-secret")
      const partial = yield* Effect.flip(Credentials.resolve(Option.none(), { ...env, SINCH_KEY_SECRET: "" }))
      expect(partial.message).toMatch(/^SINCH_KEY_SECRET not set/)
      expect(partial.message).not.toContain("env-secret")
    }).pipe(Effect.provide(NodeFileSystem.layer)))
})
