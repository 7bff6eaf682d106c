// Browsers from foreign origins cannot open a socket; same-origin pages and non-browser clients can.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, loginAs } from "../support/auth.js";
import { connectSocket, startTestServer, type TestServer } from "../support/server.js";

describe("socket origin check", () => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  it("when the Origin is foreign, then the handshake is refused", async () => {
    await expect(connectSocket(server.url, regisseur, { origin: "https://evil.example" })).rejects.toThrow();
  });

  it("when the Origin is the server's own, then the socket connects", async () => {
    const socket = await connectSocket(server.url, regisseur, { origin: server.url });
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });
});
