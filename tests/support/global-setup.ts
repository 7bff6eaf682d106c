// Probes the real services once per run. CI must have them all: there a missing one fails the run before any test.
// On a developer machine without them the suites that need them are reported as skipped, loudly.
import { existsSync } from "node:fs";
import "vitest";
import type { TestProject } from "vitest/node";
import { CHROMIUM_PATH, reachable, TEST_POSTGRES_URL, TEST_REDIS_URL } from "./services.js";

declare module "vitest" {
  export interface ProvidedContext {
    postgres: boolean;
    redis: boolean;
    chromium: boolean;
  }
}

export default async function setup(project: TestProject) {
  const available = {
    postgres: await reachable(TEST_POSTGRES_URL),
    redis: await reachable(TEST_REDIS_URL),
    chromium: existsSync(CHROMIUM_PATH),
  };
  const missing = Object.entries(available)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  if (missing.length > 0) {
    const message = `Services missing for this test run: ${missing.join(", ")} (PostgreSQL ${TEST_POSTGRES_URL}, Redis ${TEST_REDIS_URL}, Chromium ${CHROMIUM_PATH}).`;
    if (process.env.CI) throw new Error(`${message} CI needs every one of them.`);
    console.warn(
      `\n!!! ${message} The tests that need them are SKIPPED. Run .ci/run or start them (docker compose up -d postgres redis).\n`,
    );
  }
  project.provide("postgres", available.postgres);
  project.provide("redis", available.redis);
  project.provide("chromium", available.chromium);
}
