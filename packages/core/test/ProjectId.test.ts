import { describe, expect, it } from "@effect/vitest"
import * as ParseResult from "effect/ParseResult"
import * as ProjectId from "../src/ProjectId.js"
import { assertRoundTrip, expectRejected } from "./internal/fixtures.js"

describe("ProjectId", () => {
  it.each(["37b62a7b-0177-abcd-efgh-e10f848de123", "project-id", "YOUR_projectId", "x", "...", ".a", "a".repeat(128)])(
    "accepts %s",
    (input) => {
      const id: ProjectId.ProjectId = ProjectId.make(input)
      expect(id).toBe(input)
    }
  )

  it.each(["", "a/b", "../other", ".", "..", "a?b", "a#b", "a b", "a\tb", "a".repeat(129)])(
    "rejects %j, which would break the URL path",
    (input) => {
      expect(() => ProjectId.make(input)).toThrow(ParseResult.ParseError)
      const message = expectRejected(ProjectId.ProjectId, input, [])
      expect(message).toContain("Expected a project id")
      expect(message).toContain(JSON.stringify(input))
    }
  )

  it("is a brand: a plain string is not a ProjectId to the compiler", () => {
    // @ts-expect-error a string must go through ProjectId.make
    const id: ProjectId.ProjectId = "project-id"
    expect(ProjectId.make(id)).toBe("project-id")
  })

  it("decode(encode(x)) is x for arbitrary project ids (property)", () => {
    assertRoundTrip(ProjectId.ProjectId)
  })
})
