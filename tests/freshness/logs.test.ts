// The one-tap secret stays out of the logs: the prompt, a look, a confirmation and a refused second tap, logged by the
// production logger at its most talkative level, never write it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/logger.js";
import { api, startTestServer, type TestServer } from "../support/server.js";
import { dueProvider, promptedLink } from "./support.js";

describe("one-tap secrets in the logs", () => {
  let server: TestServer;
  const raw: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => void raw.push(line) });
  beforeAll(async () => {
    server = await startTestServer("pglite", { logger });
  });
  afterAll(async () => server?.close());

  it("when a provider looks, confirms and taps again, then no log line holds the link's secret", async () => {
    const provider = await dueProvider(server.database.db);
    const { secret } = await promptedLink(server.database.db, provider);
    const post = (path: string) => api(server.url, `/api/freshness/${path}`, { body: { token: secret } });

    expect((await post("look")).status).toBe(200);
    expect((await post("confirm")).status).toBe(200);
    expect((await post("confirm")).status).toBe(409);

    const lines = raw.filter((l) => l.includes("/api/freshness/"));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(raw.join("\n")).not.toContain(secret);
  });
});
