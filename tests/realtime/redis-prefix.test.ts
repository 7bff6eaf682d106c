// Two deployments on one Redis (acceptance and production, or two test files) use the same room names (`gebruiker:2`
// is somebody on each): REDIS_KEY_PREFIX keeps their broadcasts apart.
import { afterEach, expect, it } from "vitest";
import { addAccount, signIn } from "../support/auth.js";
import { api, connectSocket, eventually, startTestServer, type TestServer } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";

// Each test starts two servers on fresh databases: on a busy machine that alone can take most of the default 30 s.
const STARTS_TWO_SERVERS = 90_000;
const started: TestServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

/** A deployment of its own (own database) on the shared Redis: a beheerder and a regisseur with an open socket. */
async function deployment(prefix: string) {
  // The periodic identity check is pushed far out: a disconnect here comes through the broker.
  const server = await startTestServer("pglite", {
    env: { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, SOCKET_IDENTITY_CHECK_SECONDS: "600" },
  });
  started.push(server);
  const admin = await signIn(server.url, (await addAccount(server.database.db, "beheerder")).email);
  const regisseur = await addAccount(server.database.db, "regisseur");
  const socket = await connectSocket(server.url, await signIn(server.url, regisseur.email));
  const state = { socket, reason: undefined as string | undefined };
  socket.on("disconnect", (reason) => {
    state.reason = reason;
  });
  const disable = () => api(server.url, `/api/accounts/${regisseur.id}/disable`, { method: "POST", as: admin });
  return { regisseurId: regisseur.id, state, disable };
}

it("when two deployments share Redis under different prefixes, then disabling an account in one leaves the same account id's socket in the other connected", {
  timeout: STARTS_TWO_SERVERS,
}, async () => {
  const tag = `${Date.now()}`;
  const one = await deployment(`een-${tag}:`);
  const two = await deployment(`twee-${tag}:`);
  expect(two.regisseurId).toBe(one.regisseurId);

  expect((await one.disable()).status).toBe(200);
  await eventually(() => one.state.reason !== undefined, 5000);
  // The broadcast went out through Redis before the own socket was cut: a second later it has reached every node.
  await new Promise((r) => setTimeout(r, 1000));
  expect(two.state.reason).toBeUndefined();
  expect(two.state.socket.connected).toBe(true);
});

it("when two processes share a prefix, then they are one deployment: the disconnect reaches the other's socket", {
  timeout: STARTS_TWO_SERVERS,
}, async () => {
  const prefix = `zelfde-${Date.now()}:`;
  const one = await deployment(prefix);
  const two = await deployment(prefix);
  expect(two.regisseurId).toBe(one.regisseurId);

  expect((await one.disable()).status).toBe(200);

  await eventually(() => two.state.reason !== undefined, 5000);
  expect(two.state.reason).toBe("io server disconnect");
});
