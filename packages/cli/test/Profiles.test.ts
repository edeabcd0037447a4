// Profile operations in-process, each test with a config file of its own. The keychain here is the real library
// with no session bus to reach (this file drops DBUS_SESSION_BUS_ADDRESS before anything loads it): the fallback
// to the config file. Keychain.test.ts runs the same operations against a real Secret Service.
import * as NodeContext from "@effect/platform-node/NodeContext"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Keychain from "../src/internal/keychain.js"
import * as Profiles from "../src/internal/profiles.js"
import * as Cli from "./fixtures/Cli.js"

delete process.env["DBUS_SESSION_BUS_ADDRESS"]
delete process.env["DISPLAY"]

const off = Keychain.make({ SINCH_KEYCHAIN: "off" })

const run = <A, E>(effect: Effect.Effect<A, E, NodeContext.NodeContext>, keychain: Keychain.Service = off) =>
  effect.pipe(Effect.provideService(Keychain.Keychain, keychain), Effect.provide(NodeContext.layer))

const envWith = (extra: Record<string, string> = {}) => ({
  SINCH_CONFIG: Path.join(Cli.scratch(), "sinch", "config.json"),
  ...extra
})

const profile = (keyId: string, secret = `${keyId}-secret`) => ({
  projectId: `project-of-${keyId}`,
  keyId,
  keySecret: Redacted.make(secret)
})

const configOf = (env: { SINCH_CONFIG: string }) => JSON.parse(Fs.readFileSync(env.SINCH_CONFIG, "utf8"))

describe("profiles", () => {
  it.effect("with no keychain the secret goes to the config file, 0600 in a 0700 directory, and one note says so", () =>
    run(Effect.gen(function*() {
      const env = envWith()
      const saved = yield* Profiles.saveProfile("default", profile("k1"), env)
      expect(saved.secret).toEqual({ _tag: "File", file: env.SINCH_CONFIG })
      expect(Option.getOrThrow(saved.note)).toBe(
        `No keychain to keep the key secret in (the keychain is turned off (SINCH_KEYCHAIN=off)): it is in ${env.SINCH_CONFIG}, mode 0600.`
      )
      expect(configOf(env).profiles.default.keySecret).toBe("k1-secret")
      expect(Fs.statSync(env.SINCH_CONFIG).mode & 0o777).toBe(0o600)
      expect(Fs.statSync(Path.dirname(env.SINCH_CONFIG)).mode & 0o777).toBe(0o700)
      expect(Fs.readdirSync(Path.dirname(env.SINCH_CONFIG))).toEqual(["config.json"])
      const found = yield* Profiles.resolve(Option.none(), env)
      expect(Redacted.value(found.keySecret)).toBe("k1-secret")
    })))

  it.effect.runIf(process.platform === "linux")(
    "with no session bus the real keychain fails once, fast, and every later call gives that first reason",
    () => {
      const keychain = Keychain.make({})
      return run(
        Effect.gen(function*() {
          const env = envWith()
          const saved = yield* Profiles.saveProfile("default", profile("k2"), env)
          expect(saved.secret._tag).toBe("File")
          const note = Option.getOrThrow(saved.note)
          expect(note).toMatch(
            /^No keychain to keep the key secret in \(the Secret Service could not store the secret: ./
          )
          expect(note).not.toContain("k2-secret")
          // at once: run synchronously, the call fails with the first reason; a call that tried the store again would
          // have to wait for it (runSyncExit would die with an AsyncFiberException)
          const exit = Effect.runSyncExit(Effect.flip(keychain.get({ service: Keychain.service, account: "k2" })))
          assert(Exit.isSuccess(exit), `the keychain was tried again: ${exit}`)
          const again = exit.value
          expect(again.message).toMatch(/^the Secret Service could not store the secret: ./)
          expect(note).toContain(again.message)
          expect(Redacted.value((yield* Profiles.resolve(Option.none(), env)).keySecret)).toBe("k2-secret")
        }),
        keychain
      )
    }
  )

  it.effect("use makes a profile current, kept in the file; --profile, SINCH_* and SINCH_PROFILE still win", () =>
    run(Effect.gen(function*() {
      const env = envWith()
      yield* Profiles.saveProfile("staging", profile("ks"), env)
      // the first profile saved is the current one
      expect((yield* Profiles.listProfiles(env)).current).toBe("staging")
      yield* Profiles.saveProfile("prod", profile("kp"), env)
      yield* Profiles.useProfile("prod", env)
      expect(configOf(env).current).toBe("prod")
      const listed = yield* Profiles.listProfiles(env)
      expect(listed.profiles.map((p) => [p.name, p.current])).toEqual([["prod", true], ["staging", false]])
      expect(listed.environment).toBe(false)
      expect((yield* Profiles.resolve(Option.none(), env)).keyId).toBe("kp")
      expect((yield* Profiles.resolve(Option.some("staging"), env)).keyId).toBe("ks")
      expect((yield* Profiles.resolve(Option.none(), { ...env, SINCH_PROFILE: "staging" })).keyId).toBe("ks")
      const variables = { SINCH_PROJECT_ID: "p", SINCH_KEY_ID: "from-env", SINCH_KEY_SECRET: "s" }
      expect((yield* Profiles.resolve(Option.none(), { ...env, ...variables })).source).toBe("environment")
      expect((yield* Profiles.listProfiles({ ...env, ...variables })).environment).toBe(true)
    })))

  it.effect("an unknown profile is ProfileNotFound naming the profiles there are", () =>
    run(Effect.gen(function*() {
      const env = envWith()
      const empty = yield* Effect.flip(Profiles.useProfile("prod", env))
      expect(empty).toMatchObject({ _tag: "ProfileNotFound", profile: "prod", file: env.SINCH_CONFIG })
      expect(empty.message).toContain("it has none: run sinch-numbers login")
      yield* Profiles.saveProfile("b", profile("kb"), env)
      yield* Profiles.saveProfile("a", profile("ka"), env)
      for (const operation of [Profiles.useProfile, Profiles.deleteProfile, Profiles.logout]) {
        const error = yield* Effect.flip(operation("prdo", env))
        expect(error._tag).toBe("ProfileNotFound")
        expect(error.message).toBe(`No profile "prdo" in ${env.SINCH_CONFIG} (it has a, b)`)
      }
      // nothing was changed by the failed operations
      expect(Object.keys(configOf(env).profiles).sort()).toEqual(["a", "b"])
      expect(yield* Profiles.profileExists("a", env)).toBe(true)
      expect(yield* Profiles.profileExists("prdo", env)).toBe(false)
      expect(yield* Profiles.profileExists("constructor", env)).toBe(false)
    })))

  it.effect("delete removes the profile and its secret; deleting the current one makes none current", () =>
    run(Effect.gen(function*() {
      const env = envWith()
      yield* Profiles.saveProfile("prod", profile("kp"), env)
      yield* Profiles.saveProfile("dev", profile("kd"), env)
      expect(configOf(env).current).toBe("prod")
      const removed = yield* Profiles.deleteProfile("prod", env)
      expect(removed.secret).toEqual({ _tag: "File", file: env.SINCH_CONFIG })
      expect(Option.isNone(removed.note)).toBe(true)
      const text = Fs.readFileSync(env.SINCH_CONFIG, "utf8")
      expect(text).not.toContain("kp-secret")
      expect(JSON.parse(text)).toEqual({
        profiles: { dev: { projectId: "project-of-kd", keyId: "kd", keySecret: "kd-secret" } }
      })
      const listed = yield* Profiles.listProfiles(env)
      expect(listed.current).toBe("default")
      expect(listed.profiles.map((p) => p.current)).toEqual([false])
    })))

  it.effect("logout removes the secret and keeps the profile, which then says it is logged out", () =>
    run(Effect.gen(function*() {
      const env = envWith()
      yield* Profiles.saveProfile("ops", { ...profile("ko"), numbersUrl: "http://127.0.0.1:1" }, env)
      const removed = yield* Profiles.logout("ops", env)
      expect(removed.secret._tag).toBe("File")
      expect(configOf(env).profiles.ops).toEqual({
        projectId: "project-of-ko",
        keyId: "ko",
        numbersUrl: "http://127.0.0.1:1"
      })
      const listed = yield* Profiles.listProfiles(env)
      expect(listed.profiles[0]!.secret).toEqual({ _tag: "None" })
      expect(Profiles.describeLocation(listed.profiles[0]!.secret)).toBe("nowhere (logged out)")
      const error = yield* Effect.flip(Profiles.resolve(Option.none(), env))
      expect(error.message).toBe(
        `Profile "ops" in ${env.SINCH_CONFIG} has no key secret (logged out): run sinch-numbers login --profile ops`
      )
      // logging out twice is not an error: there is nothing left to remove
      expect((yield* Profiles.logout("ops", env)).secret._tag).toBe("None")
    })))

  it.effect("a keychain entry that cannot be removed now: the file changes anyway, and the note names the entry", () =>
    run(Effect.gen(function*() {
      const env = envWith()
      const reference = { keychain: { service: "sinch-numbers", account: "kk" } }
      Fs.mkdirSync(Path.dirname(env.SINCH_CONFIG), { recursive: true })
      Fs.writeFileSync(
        env.SINCH_CONFIG,
        JSON.stringify({
          profiles: {
            a: { projectId: "p", keyId: "kk", keySecret: reference },
            b: { projectId: "p", keyId: "kk", keySecret: reference }
          }
        }),
        { mode: 0o600 }
      )
      const replaced = yield* Profiles.saveProfile("a", profile("other"), env)
      // b still uses the entry: nothing to remove, one note (the fallback)
      expect(Option.getOrThrow(replaced.note)).toMatch(/^No keychain to keep the key secret in .*mode 0600\.$/)
      const deleted = yield* Profiles.deleteProfile("b", env)
      expect(deleted.secret).toMatchObject({ _tag: "Keychain", reference: reference.keychain })
      expect(Option.getOrThrow(deleted.note)).toBe(
        `The key secret stays in the ${Keychain.storeName()} as sinch-numbers/kk: the keychain is turned off (SINCH_KEYCHAIN=off). ` +
          "Remove it there by hand."
      )
      expect(Object.keys(configOf(env).profiles)).toEqual(["a"])
    })))

  it.effect("save tells whether it replaced a profile, and keeps the other profiles and the current one", () =>
    run(Effect.gen(function*() {
      const env = envWith()
      expect((yield* Profiles.saveProfile("a", profile("ka"), env)).replaced).toBe(false)
      yield* Profiles.saveProfile("b", profile("kb"), env)
      yield* Profiles.useProfile("b", env)
      expect((yield* Profiles.saveProfile("a", profile("ka2"), env)).replaced).toBe(true)
      const config = configOf(env)
      expect(config.current).toBe("b")
      expect(config.profiles.a.keyId).toBe("ka2")
      expect(config.profiles.b.keyId).toBe("kb")
    })))
})

describe("the config file", () => {
  const writeConfig = (text: string, mode = 0o600) => {
    const env = envWith()
    Fs.mkdirSync(Path.dirname(env.SINCH_CONFIG), { recursive: true, mode: 0o700 })
    Fs.writeFileSync(env.SINCH_CONFIG, text, { mode })
    Fs.chmodSync(env.SINCH_CONFIG, mode)
    return env
  }

  it.effect("not JSON: ConfigFileError NotJson, and the message never shows the content", () =>
    run(Effect.gen(function*() {
      const env = writeConfig("{\"profiles\": {\"default\": {\"keySecret\": \"leaked-secret\",")
      const error = yield* Effect.flip(Profiles.listProfiles(env))
      expect(error).toMatchObject({ _tag: "ConfigFileError", reason: "NotJson", file: env.SINCH_CONFIG })
      expect(error.message).toContain(`The config file ${env.SINCH_CONFIG} is not valid JSON`)
      expect(error.message).not.toContain("leaked-secret")
      // resolve keeps the usage error (exit code 2) the commands know, with the same message
      const resolved = yield* Effect.flip(Profiles.resolve(Option.none(), env))
      expect(resolved._tag).toBe("UsageError")
      expect(resolved.message).toBe(error.message)
    })))

  it.effect("the wrong shape: ConfigFileError WrongShape, without the content", () =>
    run(Effect.gen(function*() {
      const env = writeConfig(JSON.stringify({ profiles: { default: { projectId: 1, keySecret: "leaked-secret" } } }))
      const error = yield* Effect.flip(Profiles.profileExists("default", env))
      expect(error).toMatchObject({ _tag: "ConfigFileError", reason: "WrongShape" })
      expect(error.message).not.toContain("leaked-secret")
    })))

  it.effect.runIf(process.platform !== "win32")(
    "a secret others can read: ConfigFileError Insecure with the chmod to run; without a secret, any mode",
    () =>
      run(Effect.gen(function*() {
        const inline = { profiles: { default: { projectId: "p", keyId: "k", keySecret: "s" } } }
        const env = writeConfig(JSON.stringify(inline), 0o644)
        const error = yield* Effect.flip(Profiles.listProfiles(env))
        expect(error).toMatchObject({ _tag: "ConfigFileError", reason: "Insecure" })
        expect(error.message).toContain("(mode 644)")
        expect(error.message).toContain(`chmod 600 ${env.SINCH_CONFIG}`)
        const reference = { keychain: { service: "sinch-numbers", account: "k" } }
        const readable = writeConfig(
          JSON.stringify({ profiles: { default: { projectId: "p", keyId: "k", keySecret: reference } } }),
          0o644
        )
        expect((yield* Profiles.listProfiles(readable)).profiles.length).toBe(1)
      }))
  )

  it.effect("unreadable (a directory where the file should be): ConfigFileError Unreadable", () =>
    run(Effect.gen(function*() {
      const env = envWith()
      Fs.mkdirSync(env.SINCH_CONFIG, { recursive: true })
      const error = yield* Effect.flip(Profiles.listProfiles(env))
      expect(error).toMatchObject({ _tag: "ConfigFileError", reason: "Unreadable" })
      expect(error.message).toContain("could not be read")
    })))

  it.effect("a write that fails leaves the file as it was, and no temporary file behind", () =>
    run(Effect.gen(function*() {
      const env = envWith()
      yield* Profiles.saveProfile("a", profile("ka"), env)
      const before = Fs.readFileSync(env.SINCH_CONFIG, "utf8")
      // the temporary name taken: the write fails before the rename
      const temporary = `${env.SINCH_CONFIG}.${process.pid}.tmp`
      Fs.mkdirSync(temporary)
      Fs.writeFileSync(Path.join(temporary, "blocker"), "")
      const error = yield* Effect.flip(Profiles.useProfile("a", env))
      expect(error).toMatchObject({ _tag: "ConfigFileError", reason: "Unwritable" })
      expect(Fs.readFileSync(env.SINCH_CONFIG, "utf8")).toBe(before)
      Fs.rmSync(temporary, { recursive: true })
      yield* Profiles.useProfile("a", env)
      expect(Fs.readdirSync(Path.dirname(env.SINCH_CONFIG))).toEqual(["config.json"])
    })))
})
