import type { ViteUserConfig } from "vitest/config"

// Settings every package's vitest.config.ts shares.
export const shared: ViteUserConfig = {
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { concurrent: false },
    fakeTimers: { toFake: undefined }
  }
}
