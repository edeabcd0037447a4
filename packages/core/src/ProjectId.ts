/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A Sinch project id, as found on the Sinch dashboard (usually a UUID). It goes into URL paths, so it may not be
 * empty nor hold `/`, `?`, `#` or white space, nor be `.` or `..` (which a URL resolves as a path step).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProjectId = Schema.String.pipe(
  Schema.pattern(/^[^/?#\s]{1,128}$/, {
    message: (issue) =>
      `Expected a project id (1 to 128 characters, no "/", "?", "#" or spaces), got ${JSON.stringify(issue.actual)}`
  }),
  // A filter, not a lookahead in the pattern, so arbitraries can still be derived from the pattern.
  Schema.filter((id) => id !== "." && id !== "..", {
    message: (issue) => `Expected a project id, got ${JSON.stringify(issue.actual)}: a URL reads it as a path step`
  }),
  Schema.brand("ProjectId"),
  Schema.annotations({ identifier: "ProjectId" })
)

/**
 * @since 0.1.0
 * @category models
 */
export type ProjectId = typeof ProjectId.Type

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: (input: string) => ProjectId = (input) => (decode ??= Schema.decodeSync(ProjectId))(input)

// The parser is compiled on first use, not when the module loads.
let decode: ((input: string) => ProjectId) | undefined
