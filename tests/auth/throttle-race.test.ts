// Login throttling holds under parallel guessing: an attempt is counted before its password is checked, so fifty
// guesses sent at once get no more password checks than the limit, in one process (memory) and across processes (Redis).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../server/db/schema.js";
import { addAccount, TEST_PASSWORD } from "../support/auth.js";
import { api, eventually, startTestServer, type TestServer } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";

const LIMIT = 10;

describe.each(["memory", "redis"] as const)("login throttling under parallel attempts (%s)", (store) => {
  let server: TestServer;
  // Each run guesses from its own address (X-Forwarded-For from the loopback proxy): the per-IP count in a shared Redis
  // is then this test's alone, and this test's guesses block no other test's logins.
  const clientIp = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const login = (email: string, password: string, from = clientIp) =>
    api(server.url, "/api/auth/login", { body: { email, password }, headers: { "x-forwarded-for": from } });
  const entriesFor = (accountId: number) =>
    server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "login"), eq(auditLog.objectId, String(accountId))));

  beforeAll(async () => {
    const env: Record<string, string> = {
      LOGIN_MAX_FAILURES: String(LIMIT),
      LOGIN_MAX_FAILURES_PER_IP: "1000",
      LOGIN_WINDOW_SECONDS: "60",
      TRUST_PROXY: "loopback",
    };
    if (store === "redis") env.REDIS_URL = TEST_REDIS_URL;
    server = await startTestServer("pglite", { env });
    // Until its Redis connections are up the throttle counts in memory (its insurance), and the count would split.
    if (store === "redis") await eventually(async () => (await api(server.url, "/readyz")).status === 200);
  });
  afterAll(async () => server?.close());

  it("when 50 wrong passwords arrive at once, then at most the limit of them is checked and the rest get 429", async () => {
    const account = await addAccount(server.database.db, "regisseur");

    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => login(account.email, `fout-${i}`)));

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - LIMIT);
    // Every password check that failed leaves a "mislukt" entry naming the account: no more than the limit.
    const checked = (await entriesFor(account.id)).filter((e) => e.outcome === "mislukt");
    expect(checked).toHaveLength(LIMIT);
    const refused = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "login"), eq(auditLog.outcome, "geweigerd")));
    expect(refused.filter((e) => e.detail?.includes(account.email))).toHaveLength(50 - LIMIT);
    expect((await login(account.email, TEST_PASSWORD)).status).toBe(429);
  });

  it("when the right password follows a few wrong ones, then it logs in and the account's count starts over", async () => {
    const account = await addAccount(server.database.db, "regisseur");
    for (let i = 0; i < 3; i++) expect((await login(account.email, `fout-${i}`)).status).toBe(401);

    expect((await login(account.email, TEST_PASSWORD)).status).toBe(200);

    // A full allowance again: the limit of wrong passwords is checked before the next one is refused.
    const again = await Promise.all(Array.from({ length: LIMIT + 1 }, (_, i) => login(account.email, `nog-fout-${i}`)));
    expect(again.map((a) => a.status).sort()).toEqual([...Array(LIMIT).fill(401), 429]);
    expect((await entriesFor(account.id)).filter((e) => e.outcome === "mislukt")).toHaveLength(3 + LIMIT);
  });
});

describe("login throttling while Redis is away", () => {
  let server: TestServer;
  beforeAll(async () => {
    // Nothing listens on port 1: every throttle command fails at once and the in-memory insurance counts instead.
    const env = { LOGIN_MAX_FAILURES: String(LIMIT), LOGIN_WINDOW_SECONDS: "60", REDIS_URL: "redis://127.0.0.1:1" };
    server = await startTestServer("pglite", { env });
  });
  afterAll(async () => server?.close());

  it("when Redis cannot be reached, then the right password logs in and parallel guesses are still held to the limit", async () => {
    const account = await addAccount(server.database.db, "regisseur");
    const login = (password: string) =>
      api(server.url, "/api/auth/login", { body: { email: account.email, password } });

    expect((await login(TEST_PASSWORD)).status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login(`fout-${i}`)));

    expect(answers.filter((a) => a.status === 401)).toHaveLength(LIMIT);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(20 - LIMIT);
  });
});
