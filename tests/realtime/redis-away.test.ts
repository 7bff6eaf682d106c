// Redis is only the broker. When it cannot be reached, a process still serves its own clients from the database,
// signs people in (sessions live in PostgreSQL) and shuts down when asked.
import { expect, it } from "vitest";
import { addAccount, signIn } from "../support/auth.js";
import { freePort } from "../support/redis-server.js";
import { api, startTestServer } from "../support/server.js";

it("when Redis cannot be reached, then sign-in and reads work and the process still shuts down", async () => {
  const server = await startTestServer("postgres", { env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
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
