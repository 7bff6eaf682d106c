// `npm run test:faults`: the fault-injection suite (tests/faults). It starts its own server processes, redis-server
// and 300 clients, so it runs alone, one file at a time, with timeouts sized for a whole scenario.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/faults/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    // A promise left to reject unhandled fails the test file it happened in (tests/support/unhandled-rejections.ts).
    setupFiles: ["tests/support/unhandled-rejections.ts"],
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    testTimeout: 120_000,
    hookTimeout: 6 * 60_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
