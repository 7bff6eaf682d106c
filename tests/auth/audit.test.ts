// The audit log is evidence: the database itself refuses edits, the product has no route to change it, and the
// beheerder can filter, page and export it, each read leaving its own trace.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planningEvents } from "../../server/db/schema.js";
import type { AuditEntry } from "../../shared/schemas/auth.js";
import { addAccount, type Caller, loginAs, signIn } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

describe.each(BACKENDS)("audit log on %s", (backend) => {
  let server: TestServer;
  let beheerder: Caller;
  beforeAll(async () => {
    server = await startTestServer(backend);
    beheerder = await loginAs(server, "beheerder");
  });
  afterAll(async () => server?.close());

  const page = async (query: string) => {
    const res = await api<{ entries: AuditEntry[] }>(server.url, `/api/audit?${query}`, { as: beheerder });
    expect(res.status).toBe(200);
    return res.body.entries;
  };

  it("when anyone tries to change or remove an entry in the database, then the database refuses", async () => {
    const db = server.database.db;
    // drizzle wraps the driver's error; the database's own words are in its cause.
    const refusal = (query: ReturnType<typeof sql>) =>
      db.execute(query).then(
        () => "executed",
        (err: Error) => String((err.cause as Error | undefined)?.message ?? err.message),
      );
    expect(await refusal(sql`UPDATE audit_log SET outcome = 'succes'`)).toMatch(/append-only/);
    expect(await refusal(sql`DELETE FROM audit_log`)).toMatch(/append-only/);
    // The capacity event log is evidence too: make one event, then try to rewrite it.
    const location = await addLocation(db, { capacity: 4, occupied: 1 });
    const staff = await loginAs(server, "aanbieder", location.providerId);
    const changed = await api(server.url, `/api/locations/${location.id}/occupancy`, {
      body: { change: "bezet" },
      as: staff,
    });
    expect(changed.status).toBe(200);
    expect(await refusal(sql`UPDATE capacity_events SET actor = 'x'`)).toMatch(/append-only/);
    expect(await refusal(sql`DELETE FROM capacity_events`)).toMatch(/append-only/);
    // So is the planning history the forecasts are replayed from.
    await db.insert(planningEvents).values({
      locationId: location.id,
      direction: "uitstroom",
      plannedId: 1,
      action: "gepland",
      expectedDate: "2027-01-04",
      certainty: "zeker",
      actor: "test",
    });
    expect(await refusal(sql`UPDATE planning_events SET actor = 'x'`)).toMatch(/append-only/);
    expect(await refusal(sql`DELETE FROM planning_events`)).toMatch(/append-only/);
  });

  it("the product declares no route that writes to the audit log", () => {
    const auditRoutes = server.app.routes.filter((r) => r.path.startsWith("/api/audit"));
    expect(auditRoutes.length).toBeGreaterThan(0);
    expect(auditRoutes.every((r) => r.method === "get")).toBe(true);
  });

  it("when the beheerder filters by action, outcome and actor, then only those entries come, newest first, in pages", async () => {
    const account = await addAccount(server.database.db, "regisseur");
    const since = encodeURIComponent(new Date().toISOString());
    for (let i = 0; i < 3; i++) {
      expect(
        (await api(server.url, "/api/auth/login", { body: { email: account.email, password: "fout-wachtwoord" } }))
          .status,
      ).toBe(401);
    }
    await signIn(server.url, account.email);

    const failures = await page(`action=login&outcome=mislukt&from=${since}`);
    expect(failures).toHaveLength(3);
    expect(failures.every((e) => e.action === "login" && e.outcome === "mislukt")).toBe(true);
    // Failed logins say nothing to the caller, but the log knows which account was tried.
    expect(failures.every((e) => e.objectId === String(account.id))).toBe(true);
    expect(failures.map((e) => e.id)).toEqual([...failures.map((e) => e.id)].sort((a, b) => b - a));

    const first = await page(`action=login&from=${since}&limit=2`);
    expect(first).toHaveLength(2);
    expect(first[0]).toMatchObject({ outcome: "succes", actor: `user:${account.id}` });
    const second = await page(`action=login&from=${since}&limit=2&before=${first.at(-1)?.id}`);
    expect(second).toHaveLength(2);
    expect(new Set([...first, ...second].map((e) => e.id)).size).toBe(4);
  });

  it("when the beheerder exports CSV, then it holds the filtered entries and the export is logged", async () => {
    const res = await api<string>(server.url, "/api/audit.csv?action=login&limit=5", { as: beheerder });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="?auditlog-/);
    const lines = res.body.trim().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,role,onBehalfOf,action,objectType,objectId,outcome,ip,detail");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.split(",")[5] === "login")).toBe(true);

    const reads = await page("action=audit.geexporteerd");
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]?.actor).toBe(`user:${"user" in beheerder ? beheerder.user.id : 0}`);
  });

  it("when a regisseur asks for the audit log, then 403 and the denial is itself in the log", async () => {
    const regisseur = await loginAs(server, "regisseur");
    expect((await api(server.url, "/api/audit", { as: regisseur })).status).toBe(403);
    const userId = "user" in regisseur ? regisseur.user.id : 0;
    const denials = await page(`outcome=geweigerd&actor=${encodeURIComponent(`user:${userId}`)}`);
    expect(denials.map((e) => e.action)).toContain("audit.read");
  });
});
