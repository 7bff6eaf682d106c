import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    // The fault-injection suite runs on its own: npm run test:faults (vitest.faults.config.ts).
    exclude: [...configDefaults.exclude, "tests/faults/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    // A promise left to reject unhandled fails the test file it happened in (tests/support/unhandled-rejections.ts).
    setupFiles: ["tests/support/unhandled-rejections.ts"],
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: files that start servers and browsers compete for them.
    maxWorkers: 2,
  },
});
