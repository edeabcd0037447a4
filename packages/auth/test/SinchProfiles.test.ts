import { SinchProfiles } from "@effect-sinch/auth"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

const scratch = () => Fs.mkdtempSync(Path.join(Os.tmpdir(), "sinch-profiles-"))

const machineWith = (env: SinchProfiles.Environment): SinchProfiles.Machine => ({
  env,
  platform: "linux",
  homedir: "/home/someone"
})

describe("SinchProfiles", () => {
  it("finds the file: SINCH_CONFIG, else XDG_CONFIG_HOME, else ~/.config (empty is unset)", () => {
    expect(SinchProfiles.configPath(machineWith({ SINCH_CONFIG: "/x/c.json", XDG_CONFIG_HOME: "/xdg" }))).toBe(
      "/x/c.json"
    )
    expect(SinchProfiles.configPath(machineWith({ SINCH_CONFIG: "", XDG_CONFIG_HOME: "/xdg" }))).toBe(
      "/xdg/sinch-numbers/config.json"
    )
    expect(SinchProfiles.configPath(machineWith({}))).toBe("/home/someone/.config/sinch-numbers/config.json")
  })

  it.effect("writes 0600 and reads back; a secret others can read is refused with the chmod to run", () =>
    Effect.gen(function*() {
      const file = Path.join(scratch(), "nested", "config.json")
      const config: SinchProfiles.ConfigFile = {
        current: "work",
        profiles: { work: { projectId: "p", keyId: "k", keySecret: "s3cret" } }
      }
      yield* SinchProfiles.write(file, config)
      expect(Fs.statSync(file).mode & 0o777).toBe(0o600)
      expect(Fs.readdirSync(Path.dirname(file))).toEqual(["config.json"])
      expect(yield* SinchProfiles.read(file, { platform: "linux" })).toEqual(config)
      Fs.chmodSync(file, 0o644)
      const insecure = yield* Effect.flip(SinchProfiles.read(file, { platform: "linux" }))
      expect(insecure).toMatchObject({ _tag: "ConfigFileError", reason: "Insecure" })
      expect(insecure.message).toContain(`chmod 600 ${file}`)
      expect(insecure.message).not.toContain("s3cret")
      // Windows modes do not say who can read
      expect((yield* SinchProfiles.read(file, { platform: "win32" })).current).toBe("work")
    }).pipe(Effect.provide(NodeContext.layer)))

  it.effect("resolves the current profile; a keychain turned off or an unknown profile says what to run", () =>
    Effect.gen(function*() {
      const file = Path.join(scratch(), "config.json")
      yield* SinchProfiles.write(file, {
        current: "inline",
        profiles: {
          inline: { projectId: "p-1", keyId: "k-1", keySecret: "inline-secret", numbersUrl: "http://127.0.0.1:1" },
          kept: {
            projectId: "p-2",
            keyId: "k-2",
            keySecret: { keychain: { service: "sinch-numbers", account: "k-2" } }
          }
        }
      })
      const machine = machineWith({ SINCH_CONFIG: file, SINCH_KEYCHAIN: "off" })
      const found = yield* SinchProfiles.resolve(Option.none(), machine)
      expect(found).toMatchObject({
        projectId: "p-1",
        numbersUrl: "http://127.0.0.1:1",
        source: `profile inline (${file})`
      })
      expect(Redacted.value(found.keySecret)).toBe("inline-secret")

      const off = yield* Effect.flip(SinchProfiles.resolve(Option.some("kept"), machine))
      expect(off).toMatchObject({ _tag: "MissingCredentials" })
      expect(off.message).toBe(
        `Profile "kept" in ${file} keeps its key secret in the keychain, which is not available (the keychain is ` +
          "turned off (SINCH_KEYCHAIN=off)): run sinch-numbers login --profile kept"
      )
      const unknown = yield* Effect.flip(SinchProfiles.resolve(Option.some("constructor"), machine))
      expect(unknown.message).toBe(`No profile "constructor" in ${file}: run sinch-numbers login --profile constructor`)
      const none = yield* Effect.flip(
        SinchProfiles.resolve(Option.none(), machineWith({ SINCH_CONFIG: Path.join(scratch(), "absent.json") }))
      )
      expect(none.message).toMatch(/^No credentials: set SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET/)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.effect("a keychain turned off fails at once with TurnedOff, every time", () =>
    Effect.gen(function*() {
      const keychain = SinchProfiles.makeKeychain({ env: { SINCH_KEYCHAIN: "off" }, platform: "darwin" })
      expect(keychain.store).toBe("macOS Keychain")
      const reference = { service: SinchProfiles.keychainService, account: "k" }
      for (let i = 0; i < 2; i++) {
        const error = yield* Effect.flip(keychain.get(reference))
        expect(error).toMatchObject({ _tag: "KeychainError", reason: "TurnedOff" })
      }
    }))
})
