// The standalone bin finds credentials as sinch-numbers does: the variables, else a profile of its config file
// (the file's current profile when none is named), and says what to do with a profile kept in the OS keychain.
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

describe("Credentials.resolve", () => {
  it.effect("the file's current profile when none is named, with its inline secret", () =>
    Effect.gen(function*() {
      const env = configWith({
        current: "work",
        profiles: { default: profile("default-secret"), work: profile("work-secret") }
      })
      const found = yield* Credentials.resolve(Option.none(), env)
      expect(Redacted.value(found.keySecret)).toBe("work-secret")
      const named = yield* Credentials.resolve(Option.some("default"), env)
      expect(Redacted.value(named.keySecret)).toBe("default-secret")
    }).pipe(Effect.provide(NodeFileSystem.layer)))

  it.effect("a profile whose secret is in the keychain (or logged out) names the command that reads it", () =>
    Effect.gen(function*() {
      const env = configWith({
        profiles: {
          default: profile({ keychain: { service: "sinch-numbers", account: "k-1" } }),
          gone: { projectId: "p-2", keyId: "k-2" }
        }
      })
      const inKeychain = yield* Effect.flip(Credentials.resolve(Option.none(), env))
      expect(inKeychain.message).toContain("OS keychain")
      expect(inKeychain.message).toContain("run sinch-numbers mcp,")
      const loggedOut = yield* Effect.flip(Credentials.resolve(Option.some("gone"), env))
      expect(loggedOut.message).toContain("sinch-numbers mcp --profile gone")
    }).pipe(Effect.provide(NodeFileSystem.layer)))
})
