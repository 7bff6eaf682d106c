// Browsers from foreign origins cannot open a socket; same-origin pages and non-browser clients can. An origin is
// scheme, host and port: https://host is another site than http://host, unless allow-listed or behind a trusted proxy.
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, loginAs } from "../support/auth.js";
import { connectSocket, startTestServer, type TestServer } from "../support/server.js";

/** Whether a handshake with these headers is accepted; the socket is closed again either way. */
async function handshakeAccepted(url: string, caller: Caller, headers: Record<string, string>): Promise<boolean> {
  if (!("cookie" in caller)) throw new Error("expected a session");
  const socket = connect(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie: caller.cookie, ...headers },
  });
  try {
    return await new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true));
      socket.once("connect_error", () => resolve(false));
    });
  } finally {
    socket.disconnect();
  }
}

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

  it("when the Origin has the server's host but another scheme or port, then the handshake is refused", async () => {
    const { host, port } = new URL(server.url);
    expect(await handshakeAccepted(server.url, regisseur, { origin: `https://${host}` })).toBe(false);
    expect(await handshakeAccepted(server.url, regisseur, { origin: `http://127.0.0.1:${Number(port) + 1}` })).toBe(
      false,
    );
  });

  it("when a client claims X-Forwarded-Proto https without a trusted proxy, then an https Origin is still refused", async () => {
    const { host } = new URL(server.url);
    const headers = { origin: `https://${host}`, "x-forwarded-proto": "https" };
    expect(await handshakeAccepted(server.url, regisseur, headers)).toBe(false);
  });
});

describe("socket origin check behind a TLS-terminating proxy, with an allow-listed partner", () => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite", {
      env: { TRUST_PROXY: "loopback", ALLOWED_ORIGINS: "https://partner.example" },
    });
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  it("when the trusted proxy says https, then the https Origin is the site's own and the http one is not", async () => {
    const { host } = new URL(server.url);
    const viaProxy = { "x-forwarded-proto": "https" };
    expect(await handshakeAccepted(server.url, regisseur, { ...viaProxy, origin: `https://${host}` })).toBe(true);
    expect(await handshakeAccepted(server.url, regisseur, { ...viaProxy, origin: `http://${host}` })).toBe(false);
  });

  it("when the Origin is allow-listed, then it connects; the same host over http does not", async () => {
    expect(await handshakeAccepted(server.url, regisseur, { origin: "https://partner.example" })).toBe(true);
    expect(await handshakeAccepted(server.url, regisseur, { origin: "http://partner.example" })).toBe(false);
  });
});
