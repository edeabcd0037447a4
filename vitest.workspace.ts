// The packages whose tests run; vitest.config.ts reads this list into `test.projects`.
export default [
  "packages/core",
  "packages/auth",
  "packages/emulator",
  "packages/numbers",
  "packages/cli",
  "packages/demo",
  "packages/conformance",
  "packages/mcp"
]
