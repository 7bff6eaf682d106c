// Redis is only the broker. When it cannot be reached, a process still serves its own clients from the database,
// signs people in (sessions live in PostgreSQL) and shuts down when asked, without leaving a promise to reject
// unhandled (tests/support/unhandled-rejections.ts fails this file on one).
import net from "node:net";
import { afterEach, expect, it } from "vitest";
import { addAccount, signIn } from "../support/auth.js";
import { freePort } from "../support/redis-server.js";
import { api, eventually, startTestServer, type TestServer } from "../support/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Signs in, reads, and signs out (which asks every node, through the broker, to end the session's sockets). */
async function signInReadAndSignOut(started: TestServer) {
  const account = await addAccount(started.database.db, "regisseur");
  const caller = await signIn(started.url, account.email);
  const me = await api(started.url, "/api/auth/me", { as: caller });
  expect(me.status).toBe(200);
  const list = await api<{ locations: unknown[] }>(started.url, "/api/locations", { as: caller });
  expect(list.status).toBe(200);
  const logout = await api(started.url, "/api/auth/logout", { method: "POST", as: caller });
  expect(logout.status).toBeLessThan(300);
}

it("when Redis cannot be reached, then sign-in and reads work and the process still shuts down", async () => {
  server = await startTestServer("postgres", { env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
  await signInReadAndSignOut(server);
  await server.close();
  server = undefined;
});

it("when Redis takes connections but never answers, then the process works and shuts down leaving no rejection", async () => {
  // A broker that hangs: every client stays connecting, its subscriptions and publishes queued. Closing the clients
  // fails what they queued ("Connection is closed."), and nobody in the adapter awaits those commands.
  const held = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    // Reads what it is sent and answers nothing; a client that hangs up is hung up on.
    socket.resume();
    held.add(socket);
    socket.on("close", () => held.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = silent.address() as net.AddressInfo;
    server = await startTestServer("postgres", { env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    await signInReadAndSignOut(server);
    await server.close();
    server = undefined;
    // Every client has hung up on the broker: what they had queued has failed by now, and must have been caught.
    await eventually(() => held.size === 0, 5000);
  } finally {
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
