// Redis is only the broker. When it cannot be reached, a process still serves its own clients from the database,
// signs people in (sessions live in PostgreSQL) and shuts down when asked.
import { createServer } from "node:net";
import { expect, it } from "vitest";
import { addAccount, signIn } from "../support/auth.js";
import { api, startTestServer } from "../support/server.js";

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

it("when Redis cannot be reached, then sign-in and reads work and the process still shuts down", async () => {
  const server = await startTestServer("postgres", { env: { REDIS_URL: `redis://127.0.0.1:${await closedPort()}` } });
  let closed = false;
  try {
    const account = await addAccount(server.database.db, "regisseur");
    const caller = await signIn(server.url, account.email);
    const me = await api(server.url, "/api/auth/me", { as: caller });
    expect(me.status).toBe(200);
    const list = await api<{ locations: unknown[] }>(server.url, "/api/locations", { as: caller });
    expect(list.status).toBe(200);
    await server.close();
    closed = true;
  } finally {
    if (!closed) await server.close();
  }
});
