/** @internal */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Prompt from "@effect/cli/Prompt"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { UsageError } from "../CliError.js"
import { secretFromStdinOrPrompt } from "./callbacksCommand.js"
import * as CliOptions from "./options.js"
import * as Output from "./output.js"
import * as Profiles from "./profiles.js"
import * as Root from "./root.js"
import * as Session from "./session.js"

/** Fetches a token with these credentials: proof that they work. */
const fetchToken = (found: Profiles.Credentials) =>
  Effect.flatMap(Session.clientModules, ({ NumbersClient, SinchAuth }) =>
    Effect.flatMap(
      SinchAuth.SinchAuth,
      (auth) => auth.authorize(HttpClientRequest.get(found.numbersUrl ?? NumbersClient.defaultBaseUrl))
    )).pipe(
      Effect.provide(Session.clientLayerFor(found)),
      Effect.provide(Session.oneShotHttpClientLayer)
    )

const status = Command.make(
  "status",
  {},
  () =>
    Effect.gen(function*() {
      const { json, profile } = yield* Root.command
      const found = yield* Session.credentials(profile)
      yield* fetchToken(found)
      const { NumbersClient, SinchAuth } = yield* Session.clientModules
      const report = {
        projectId: found.projectId,
        keyId: found.keyId,
        source: found.source,
        numbersUrl: found.numbersUrl ?? NumbersClient.defaultBaseUrl,
        tokenUrl: found.authUrl ?? SinchAuth.defaultTokenUrl,
        token: "obtained"
      }
      if (json) return yield* Output.json(report)
      yield* Output.line(Output.fields([
        ["project", report.projectId],
        ["key id", report.keyId],
        ["from", report.source],
        ["numbers URL", report.numbersUrl],
        ["token URL", report.tokenUrl],
        ["token", "obtained (the key secret and the token are never shown)"]
      ]))
    })
).pipe(
  Command.withDescription("Fetch a token with the current credentials and show whose they are (never the secret).")
)

/** @internal */
export const auth = Command.make("auth").pipe(
  Command.withDescription("Credentials."),
  Command.withSubcommands([status])
)

const ask = (value: Option.Option<string>, question: string) =>
  Option.isSome(value)
    ? Effect.succeed(value.value)
    : Session.canAsk()
    ? Session.ask(Prompt.text({ message: question }))
    : Effect.fail(new UsageError({ message: `${question}: pass it as an option (there is no terminal to ask)` }))

/** @internal */
export const login = Command.make(
  "login",
  {
    projectId: Options.text("project-id").pipe(Options.withDescription("the Sinch project id"), Options.optional),
    keyId: Options.text("key-id").pipe(Options.withDescription("the access key id"), Options.optional),
    numbersUrl: Options.text("numbers-url").pipe(
      Options.withDescription("the Numbers API's base URL (default Sinch's)"),
      Options.optional
    ),
    authUrl: Options.text("auth-url").pipe(
      Options.withDescription("the OAuth2 token URL (default Sinch's)"),
      Options.optional
    ),
    yes: CliOptions.yes,
    noVerify: Options.boolean("no-verify").pipe(
      Options.withDescription("save without fetching a token first")
    )
  },
  (o) =>
    Effect.gen(function*() {
      const root = yield* Root.command
      const json = root.json
      const profileName = Option.getOrElse(root.profile, () => Profiles.defaultProfile)
      // asked first, before anything is read from stdin or the terminal
      if (yield* Profiles.profileExists(profileName)) {
        yield* Session.confirm(`Profile ${profileName} exists: replace it?`, o.yes)
      }
      const projectId = yield* ask(o.projectId, "Project id")
      const keyId = yield* ask(o.keyId, "Access key id")
      const keySecret = yield* secretFromStdinOrPrompt("Access key secret (not shown)")
      if (projectId === "" || keyId === "" || keySecret === "") {
        return yield* new UsageError({
          message: "Project id, key id and key secret must not be empty: nothing was saved"
        })
      }
      const input: Profiles.NewProfile = {
        projectId,
        keyId,
        keySecret: Redacted.make(keySecret),
        numbersUrl: Option.getOrUndefined(o.numbersUrl),
        authUrl: Option.getOrUndefined(o.authUrl)
      }
      if (!o.noVerify) {
        yield* fetchToken({ ...input, numbersUrl: input.numbersUrl, authUrl: input.authUrl, source: "login" })
      }
      const saved = yield* Profiles.saveProfile(profileName, input)
      if (Option.isSome(saved.note)) yield* Output.note(saved.note.value)
      const where = Profiles.describeLocation(saved.secret)
      if (json) {
        return yield* Output.json({
          profile: profileName,
          file: saved.file,
          projectId,
          keyId,
          secret: where,
          replaced: saved.replaced,
          verified: !o.noVerify
        })
      }
      yield* Output.line(Output.printable(
        `${
          saved.replaced ? "Replaced" : "Saved"
        } profile ${profileName} (project ${projectId}, key ${keyId}) in ${saved.file}; ` +
          `the key secret is in ${where}${o.noVerify ? "" : "; a token was fetched with it"}.`
      ))
    })
).pipe(
  Command.withDescription(
    "Save credentials to a profile (the key secret in the OS keychain, else the 0600 config file); asks before " +
      "replacing one (--yes); the key secret is asked for without echo, or read from stdin."
  )
)

const profileName = Args.text({ name: "NAME" }).pipe(Args.withDescription("the profile's name"))

const list = Command.make("list", {}, () =>
  Effect.gen(function*() {
    const { json } = yield* Root.command
    const found = yield* Profiles.listProfiles()
    if (json) {
      return yield* Output.json({
        ...found,
        profiles: found.profiles.map((p) => ({ ...p, secret: Profiles.describeLocation(p.secret) }))
      })
    }
    if (found.profiles.length === 0) return yield* Output.note(`No profile in ${found.file}: run sinch-numbers login.`)
    yield* Output.line(Output.table(
      ["", "PROFILE", "PROJECT", "KEY ID", "SECRET"],
      found.profiles.map((p) => [
        p.current ? "*" : "",
        p.name,
        p.projectId,
        p.keyId,
        Profiles.describeLocation(p.secret)
      ])
    ))
    if (found.environment) {
      yield* Output.note(
        "SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET are set: they win over the current profile."
      )
    }
  })).pipe(Command.withDescription("List the profiles: the current one (*), project, key id, where the secret is."))

const use = Command.make("use", { name: profileName }, (o) =>
  Effect.gen(function*() {
    const { json } = yield* Root.command
    yield* Profiles.useProfile(o.name)
    yield* json ? Output.json({ current: o.name }) : Output.line(`Profile ${o.name} is now the current one.`)
  })).pipe(Command.withDescription("Make a profile the current one (used when --profile is not given)."))

const removed = (what: string, name: string, result: Profiles.Removed) =>
  Effect.gen(function*() {
    const { json } = yield* Root.command
    if (Option.isSome(result.note)) yield* Output.note(result.note.value)
    const from = Profiles.describeLocation(result.secret)
    yield* json
      ? Output.json({ profile: name, [what]: true, file: result.file, secretWas: from })
      : Output.line(
        Output.printable(
          `${what === "deleted" ? "Deleted" : "Logged out of"} profile ${name} (its key secret was in ${from}).`
        )
      )
  })

const remove = Command.make(
  "delete",
  { name: profileName },
  (o) => Effect.flatMap(Profiles.deleteProfile(o.name), (result) => removed("deleted", o.name, result))
).pipe(
  Command.withDescription("Delete a profile, and its key secret from the keychain (unless another profile uses it).")
)

/** @internal */
export const profile = Command.make("profile").pipe(
  Command.withDescription("The saved profiles: list, use, delete."),
  Command.withSubcommands([list, use, remove])
)

/** @internal */
export const logout = Command.make("logout", {}, () =>
  Effect.gen(function*() {
    const root = yield* Root.command
    const config = yield* Profiles.read(Profiles.configPath())
    const name = Option.getOrElse(root.profile, () => Profiles.currentName(config))
    yield* removed("loggedOut", name, yield* Profiles.logout(name))
  })).pipe(
    Command.withDescription(
      "Remove a profile's key secret (--profile, default the current one); the profile stays: login asks only for " +
        "the secret again."
    )
  )
