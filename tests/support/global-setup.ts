// Probes the real services once per run. Every test run needs them all: a missing one fails the run before any test,
// on CI and on a developer machine alike, rather than letting tests that need it skip.
import { existsSync } from "node:fs";
import { CHROMIUM_PATH, reachable, TEST_POSTGRES_URL, TEST_REDIS_URL } from "./services.js";

export default async function setup() {
  const available = {
    postgres: await reachable(TEST_POSTGRES_URL),
    redis: await reachable(TEST_REDIS_URL),
    chromium: existsSync(CHROMIUM_PATH),
  };
  const missing = Object.entries(available)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  if (missing.length > 0) {
    throw new Error(
      `Services missing for this test run: ${missing.join(", ")} (PostgreSQL ${TEST_POSTGRES_URL}, Redis ` +
        `${TEST_REDIS_URL}, Chromium ${CHROMIUM_PATH}). Start them (docker compose up -d postgres redis; ` +
        "apt-get install chromium) or run .ci/run.",
    );
  }
}
