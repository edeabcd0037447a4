/** @internal */
import * as SinchAuth from "@effect-sinch/auth/SinchAuth"
import * as NumbersClient from "@effect-sinch/numbers/NumbersClient"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Prompt from "@effect/cli/Prompt"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { UsageError } from "../CliError.js"
import { secretFromStdinOrPrompt } from "./callbacksCommand.js"
import * as Output from "./output.js"
import * as Profiles from "./profiles.js"
import * as Root from "./root.js"
import * as Session from "./session.js"

/** Fetches a token with these credentials: proof that they work. */
const fetchToken = (found: Profiles.Credentials) =>
  Effect.flatMap(
    SinchAuth.SinchAuth,
    (auth) => auth.authorize(HttpClientRequest.get(found.numbersUrl ?? NumbersClient.defaultBaseUrl))
  ).pipe(
    Effect.provide(Session.clientLayerFor(found)),
    Effect.provide(NodeHttpClient.layerUndici)
  )

const status = Command.make(
  "status",
  {},
  () =>
    Effect.gen(function*() {
      const { json, profile } = yield* Root.command
      const found = yield* Session.credentials(profile)
      yield* fetchToken(found)
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
    noVerify: Options.boolean("no-verify").pipe(
      Options.withDescription("save without fetching a token first")
    )
  },
  (o) =>
    Effect.gen(function*() {
      const root = yield* Root.command
      const json = root.json
      const profileName = Option.getOrElse(root.profile, () => Profiles.defaultProfile)
      const projectId = yield* ask(o.projectId, "Project id")
      const keyId = yield* ask(o.keyId, "Access key id")
      const keySecret = yield* secretFromStdinOrPrompt("Access key secret (not shown)")
      if (projectId === "" || keyId === "" || keySecret === "") {
        return yield* new UsageError({
          message: "Project id, key id and key secret must not be empty: nothing was saved"
        })
      }
      const profile: Profiles.Profile = {
        projectId,
        keyId,
        keySecret,
        ...(Option.isSome(o.numbersUrl) ? { numbersUrl: o.numbersUrl.value } : {}),
        ...(Option.isSome(o.authUrl) ? { authUrl: o.authUrl.value } : {})
      }
      const file = Profiles.configPath()
      if (!o.noVerify) {
        yield* fetchToken({
          ...profile,
          keySecret: Redacted.make(keySecret),
          numbersUrl: profile.numbersUrl,
          authUrl: profile.authUrl,
          source: "login"
        })
      }
      const config = yield* Profiles.read(file)
      yield* Profiles.write(file, { profiles: { ...config.profiles, [profileName]: profile } })
      if (json) return yield* Output.json({ profile: profileName, file, projectId, keyId, verified: !o.noVerify })
      yield* Output.line(
        `Saved profile ${profileName} (project ${projectId}, key ${keyId}) to ${file}, readable only by you (0600)${
          o.noVerify ? "" : "; a token was fetched with it"
        }.`
      )
    })
).pipe(
  Command.withDescription(
    "Save credentials to a profile of the config file (mode 0600); the key secret is asked for without echo, or read " +
      "from stdin."
  )
)
