// Profiles against a real Secret Service (gnome-keyring on a private session bus): the key secret lands in the
// keyring, never in the config file, and is read back from it to authenticate.
import { Emulator } from "@effect-sinch/emulator"
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { expect, layer } from "@effect/vitest"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"
import * as Keychain from "../src/internal/keychain.js"
import * as Profiles from "../src/internal/profiles.js"
import * as Cli from "./fixtures/Cli.js"
import * as Numbers from "./fixtures/Numbers.js"
import * as SecretService from "./fixtures/SecretService.js"

const secret = "keyring-only-secret-7f3a9c"

const environment = Layer.mergeAll(
  SecretService.Running.layer,
  Emulator.layer({ keyId: "key-in-keyring", keySecret: secret }),
  NodeContext.layer,
  // a keychain of this file's own: the process's would also do, this one cannot be turned off by the environment
  Layer.sync(Keychain.Keychain, () => Keychain.make({}))
)

const envWith = () => ({ SINCH_CONFIG: Path.join(Cli.scratch(), "sinch", "config.json") })

// the emulator's access key, its secret only in this file's keyring once saved
const emulatorProfile = (emulator: Emulator.Service) => ({
  projectId: emulator.projectId,
  keyId: emulator.keyId,
  keySecret: Redacted.make(secret),
  numbersUrl: emulator.baseUrl,
  authUrl: emulator.tokenUrl
})

const lookup = (service: SecretService.SecretService, account: string) =>
  service.secretTool(["lookup", "service", Keychain.service, "username", account])

SecretService.describeWithSecretService("profiles in the keychain", () => {
  layer(environment, { excludeTestServices: true })("against gnome-keyring", (it) => {
    it.effect("login's secret goes to the keyring, the file holds only a reference, and it authenticates", () =>
      Effect.gen(function*() {
        const service = yield* SecretService.Running
        const emulator = yield* Emulator.Emulator
        const env = envWith()
        const saved = yield* Profiles.saveProfile("prod", emulatorProfile(emulator), env)
        expect(saved.secret).toEqual({
          _tag: "Keychain",
          store: "Secret Service",
          reference: { service: "sinch-numbers", account: "key-in-keyring" }
        })
        expect(Option.isNone(saved.note)).toBe(true)

        // another process finds it in the keyring
        const found = lookup(service, emulator.keyId)
        expect(found.status).toBe(0)
        expect(found.stdout).toBe(secret)

        // the config file has the reference, not the secret
        const text = Fs.readFileSync(env.SINCH_CONFIG, "utf8")
        expect(text).not.toContain(secret)
        expect(JSON.parse(text).profiles.prod.keySecret).toEqual({
          keychain: { service: "sinch-numbers", account: "key-in-keyring" }
        })
        expect(Fs.statSync(env.SINCH_CONFIG).mode & 0o777).toBe(0o600)

        // read back from the keyring, and the emulator accepts it
        const credentials = yield* Profiles.resolve(Option.none(), env)
        expect(credentials.source).toBe(`profile prod (${env.SINCH_CONFIG})`)
        expect(Redacted.value(credentials.keySecret)).toBe(secret)
        expect(String(credentials.keySecret)).not.toContain(secret)
        const page = yield* Effect.flatMap(
          NumbersClient.NumbersClient,
          (numbers) => numbers.listActiveNumbersPage({ pageSize: 1 })
        ).pipe(Effect.provide(Numbers.clientFor(credentials)))
        expect(page.activeNumbers?.length).toBe(1)

        const listed = yield* Profiles.listProfiles(env)
        expect(listed.profiles).toEqual([{
          name: "prod",
          current: true,
          projectId: emulator.projectId,
          keyId: emulator.keyId,
          secret: saved.secret,
          numbersUrl: emulator.baseUrl,
          authUrl: emulator.tokenUrl
        }])
        expect(JSON.stringify(listed)).not.toContain(secret)
      }))

    it.effect("deleting a profile removes its keyring entry; a key two profiles share stays until the last goes", () =>
      Effect.gen(function*() {
        const service = yield* SecretService.Running
        const env = envWith()
        const profile = { projectId: "p", keyId: "shared-key", keySecret: Redacted.make("shared-secret") }
        yield* Profiles.saveProfile("one", profile, env)
        yield* Profiles.saveProfile("two", profile, env)
        const first = yield* Profiles.deleteProfile("one", env)
        expect(first.secret._tag).toBe("Keychain")
        expect(lookup(service, "shared-key").stdout).toBe("shared-secret")
        const last = yield* Profiles.deleteProfile("two", env)
        expect(Option.isNone(last.note)).toBe(true)
        expect(lookup(service, "shared-key").status).not.toBe(0)
        expect(yield* Profiles.profileExists("two", env)).toBe(false)
      }))

    it.effect("logout removes the secret from the keyring and keeps the profile; login again restores it", () =>
      Effect.gen(function*() {
        const service = yield* SecretService.Running
        const env = envWith()
        const input = { projectId: "p", keyId: "logout-key", keySecret: Redacted.make("logout-secret") }
        yield* Profiles.saveProfile("ops", input, env)
        const removed = yield* Profiles.logout("ops", env)
        expect(removed.secret).toMatchObject({ _tag: "Keychain", reference: { account: "logout-key" } })
        expect(lookup(service, "logout-key").status).not.toBe(0)
        const listed = yield* Profiles.listProfiles(env)
        expect(listed.profiles.map((p) => [p.name, p.keyId, p.secret._tag])).toEqual([["ops", "logout-key", "None"]])
        const refused = yield* Effect.flip(Profiles.resolve(Option.some("ops"), env))
        expect(refused._tag).toBe("MissingCredentials")
        expect(refused.message).toContain("logged out")
        expect(refused.message).toContain("login --profile ops")
        const again = yield* Profiles.saveProfile("ops", input, env)
        expect(again.replaced).toBe(true)
        expect(lookup(service, "logout-key").stdout).toBe("logout-secret")
      }))

    it.effect("a new key for a profile removes the old key's entry; an entry gone from the keyring is a clear error", () =>
      Effect.gen(function*() {
        const service = yield* SecretService.Running
        const env = envWith()
        yield* Profiles.saveProfile(
          "rotate",
          { projectId: "p", keyId: "old-key", keySecret: Redacted.make("old") },
          env
        )
        yield* Profiles.saveProfile(
          "rotate",
          { projectId: "p", keyId: "new-key", keySecret: Redacted.make("new") },
          env
        )
        expect(lookup(service, "old-key").status).not.toBe(0)
        expect(lookup(service, "new-key").stdout).toBe("new")
        expect(service.secretTool(["clear", "service", Keychain.service, "username", "new-key"]).status).toBe(0)
        const error = yield* Effect.flip(Profiles.resolve(Option.some("rotate"), env))
        expect(error._tag).toBe("MissingCredentials")
        expect(error.message).toContain("Secret Service as sinch-numbers/new-key, which has no such entry")
      }))

    it.effect(
      "the standalone sinch-numbers-mcp reads the same keyring profile and calls the API with it",
      () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          const env = envWith()
          yield* Profiles.saveProfile("agents", emulatorProfile(emulator), env)
          expect(Fs.readFileSync(env.SINCH_CONFIG, "utf8")).not.toContain(secret)
          // the bin as a package user runs it, on this file's Secret Service (its bus in DBUS_SESSION_BUS_ADDRESS)
          const bin = Url.fileURLToPath(new URL("../../mcp/src/bin.ts", import.meta.url))
          const client = new Client({ name: "keychain-test", version: "1" })
          yield* Effect.promise(() =>
            client.connect(
              new StdioClientTransport({
                command: process.execPath,
                args: ["--import", "tsx", bin, "--profile", "agents"],
                env: {
                  PATH: process.env["PATH"] ?? "",
                  DBUS_SESSION_BUS_ADDRESS: process.env["DBUS_SESSION_BUS_ADDRESS"] ?? "",
                  SINCH_CONFIG: env.SINCH_CONFIG
                },
                stderr: "pipe"
              })
            )
          )
          try {
            const page = yield* Effect.promise(() =>
              client.callTool({ name: "list_active_numbers", arguments: { pageSize: 1 } })
            )
            // the emulator accepts no secret but the keyring's
            expect(page.isError, JSON.stringify(page.content)).not.toBe(true)
            expect((page.structuredContent as { activeNumbers: Array<unknown> }).activeNumbers).toHaveLength(1)
          } finally {
            yield* Effect.promise(() => client.close())
          }
        }),
      60_000
    )

    it.effect("a config file written before the keychain (secret inline, mode 0600) still works", () =>
      Effect.gen(function*() {
        const env = envWith()
        Fs.mkdirSync(Path.dirname(env.SINCH_CONFIG), { recursive: true })
        Fs.writeFileSync(
          env.SINCH_CONFIG,
          JSON.stringify({ profiles: { default: { projectId: "p", keyId: "k", keySecret: "inline-secret" } } }),
          { mode: 0o600 }
        )
        const credentials = yield* Profiles.resolve(Option.none(), env)
        expect(Redacted.value(credentials.keySecret)).toBe("inline-secret")
        const listed = yield* Profiles.listProfiles(env)
        expect(listed.profiles[0]!.secret).toEqual({ _tag: "File", file: env.SINCH_CONFIG })
        // logged out, the inline secret is gone from the file
        yield* Profiles.logout("default", env)
        expect(Fs.readFileSync(env.SINCH_CONFIG, "utf8")).not.toContain("inline-secret")
      }))
  })
})
