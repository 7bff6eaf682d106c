// Cookie-authenticated writes come only from this site's own pages: the Origin must match scheme, host and port (an
// https page is another site than the http one), or be allow-listed; X-Forwarded-Proto counts only from a trusted proxy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

describe.each([
  ["directly", {}],
  ["behind a trusted proxy", { TRUST_PROXY: "loopback", ALLOWED_ORIGINS: "https://partner.example" }],
] as const)("origin of cookie writes (%s)", (_name, env) => {
  let server: TestServer;
  let admin: Caller;
  let host: string;
  beforeAll(async () => {
    server = await startTestServer("pglite", { env });
    admin = await loginAs(server, "beheerder");
    host = new URL(server.url).host;
  });
  afterAll(async () => server?.close());

  /** A +1 bezet from a page with this Origin; the answer and whether the location changed. */
  const occupyFrom = async (headers: Record<string, string>) => {
    const location = await addLocation(server.database.db, { capacity: 5, occupied: 1 });
    const res = await api<Problem>(server.url, `/api/locations/${location.id}/occupancy`, {
      body: { change: "bezet" },
      as: admin,
      headers,
    });
    const after = await api<{ version: number }>(server.url, `/api/locations/${location.id}`, { as: admin });
    return { status: res.status, detail: res.body.detail, changed: after.body.version !== location.version };
  };

  it("when the page's Origin has the same host but https on an http site, then 403 and nothing changes", async () => {
    const refused = await occupyFrom({ origin: `https://${host}` });
    expect(refused).toMatchObject({ status: 403, changed: false });
    expect(refused.detail).toMatch(/andere website/);
    expect(await occupyFrom({ origin: `http://${host}` })).toMatchObject({ status: 200, changed: true });
  });

  it("when the caller claims X-Forwarded-Proto https, then only a trusted proxy makes the https Origin the site's own", async () => {
    const trusted = "TRUST_PROXY" in env;
    const claimed = await occupyFrom({ origin: `https://${host}`, "x-forwarded-proto": "https" });
    expect(claimed).toMatchObject(trusted ? { status: 200, changed: true } : { status: 403, changed: false });
    if (trusted) {
      const plain = await occupyFrom({ origin: `http://${host}`, "x-forwarded-proto": "https" });
      expect(plain).toMatchObject({ status: 403, changed: false });
      expect(await occupyFrom({ origin: "https://partner.example" })).toMatchObject({ status: 200, changed: true });
    }
  });
});
