// The logs hold no secret: whoever reads them must not be able to take over a session (cookie, CSRF token), use a
// provider's API token or learn a password, while each request line still says what happened.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/logger.js";
import type { CreatedToken } from "../../shared/schemas/auth.js";
import { addAccount, type Caller, signIn, TEST_PASSWORD } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, eventually, startTestServer, type TestServer } from "../support/server.js";

type LogLine = { msg?: string; reqId?: string; req?: { method?: string; url?: string }; res?: { statusCode?: number } };

describe("secrets in the logs", () => {
  let server: TestServer;
  const raw: string[] = [];
  // The production logger at its most talkative level, writing into this array instead of stdout.
  const logger = createLogger("debug", { write: (line: string) => void raw.push(line) });
  const lines = () => raw.map((l) => JSON.parse(l) as LogLine);
  const completed = (method: string, path: string) =>
    lines().find((l) => l.msg === "request completed" && l.req?.method === method && l.req.url?.startsWith(path));

  beforeAll(async () => {
    server = await startTestServer("pglite", { logger });
  });
  afterAll(async () => server?.close());

  it("when users sign in, write, use an API token, fail a login and send bad input, then no log line holds any of their secrets", async () => {
    const location = await addLocation(server.database.db, { capacity: 8, occupied: 2 });
    const staff = await addAccount(server.database.db, "aanbieder", location.providerId);
    const admin = await addAccount(server.database.db, "beheerder");
    const caller = await signIn(server.url, staff.email);
    const adminCaller = await signIn(server.url, admin.email);
    if (!("cookie" in caller) || !("cookie" in adminCaller)) throw new Error("expected sessions");

    // A cookie-authenticated write with its CSRF token: creating an API token (the answer shows its secret once).
    const created = await api<CreatedToken>(server.url, `/api/providers/${location.providerId}/tokens`, {
      body: { name: "Planningssysteem" },
      as: caller,
    });
    expect(created.status).toBe(200);
    const bearer: Caller = { token: created.body.token };
    expect((await api(server.url, "/api/locations", { as: bearer })).status).toBe(200);
    // A token put in a link's query string by a careless client.
    await api(server.url, `/api/locations?token=${created.body.token}`, { as: bearer });

    const wrongPassword = "Verkeerd-Wachtwoord-7731";
    expect(
      (await api(server.url, "/api/auth/login", { body: { email: staff.email, password: wrongPassword } })).status,
    ).toBe(401);
    // Refused by validation: a password that is too short, and one sent with a malformed address.
    const shortPassword = "Kort-Gh3im";
    const badAccount = await api(server.url, "/api/accounts", {
      body: {
        name: "Nieuw",
        email: "nieuw@test.twente.nl",
        role: "regisseur",
        providerId: null,
        password: shortPassword,
      },
      as: adminCaller,
    });
    expect(badAccount.status).toBe(400);
    const malformedPassword = "Geheim-Bij-Fout-Adres-4410";
    const malformed = await api(server.url, "/api/auth/login", {
      body: { email: "geen-adres", password: malformedPassword },
    });
    expect(malformed.status).toBe(400);

    // A database error that echoes its parameter (drizzle puts them in the message), logged as the app logs errors.
    const queryPassword = "Parameter-Geheim-5520";
    const dbError = await server.database.db.execute(sql`select ${queryPassword}::int`).catch((e: unknown) => e);
    expect(String(dbError)).toContain(queryPassword);
    logger.error({ err: dbError }, "unhandled error");

    await eventually(() => completed("POST", "/api/accounts") !== undefined);
    const secrets = {
      "session cookie": caller.cookie.split("=")[1]!,
      "admin session cookie": adminCaller.cookie.split("=")[1]!,
      "CSRF token": caller.csrf,
      "admin CSRF token": adminCaller.csrf,
      "API token": created.body.token.slice("bwt_".length),
      password: TEST_PASSWORD,
      "wrong password": wrongPassword,
      "too short password": shortPassword,
      "password beside a bad address": malformedPassword,
      "query parameter": queryPassword,
    };
    const all = raw.join("\n");
    for (const [name, secret] of Object.entries(secrets)) {
      expect(all.includes(secret), `the ${name} appears in the log`).toBe(false);
    }

    // The request line still tells what happened.
    const write = completed("POST", `/api/providers/${location.providerId}/tokens`);
    expect(write?.res?.statusCode).toBe(200);
    expect(write?.reqId).toEqual(expect.any(String));
    expect(completed("GET", "/api/locations?token=")?.req?.url).toBe("/api/locations?token=[redacted]");
    expect(completed("POST", "/api/auth/login")?.res?.statusCode).toEqual(expect.any(Number));
    expect(all).toContain("Failed query: select $1::int");
  });
});
