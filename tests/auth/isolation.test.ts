// Nobody sees or changes what is not theirs: providers keep to their own locations, verwijzers see only totals.
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, capacityEvents } from "../../server/db/schema.js";
import type { CapacitySummary, Location } from "../../shared/schemas/capacity.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, connectSocket, eventually, startTestServer, type TestServer } from "../support/server.js";

describe("isolation between roles and providers", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite");
  });
  afterAll(async () => server?.close());

  it("when a provider changes another provider's location, then 403, nothing is written and the denial is logged", async () => {
    const own = await addLocation(server.database.db);
    const other = await addLocation(server.database.db, { capacity: 6, occupied: 3 });
    const provider = await loginAs(server, "aanbieder", own.providerId);
    const events = async () => (await server.database.db.select({ n: count() }).from(capacityEvents))[0]?.n;
    const before = await events();

    const res = await api<Problem>(server.url, `/api/locations/${other.id}/availability`, {
      method: "PUT",
      body: { version: other.version, free: 0 },
      as: provider,
    });

    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/eigen organisatie/);
    expect(await events()).toBe(before);
    const after = await api<Location>(server.url, `/api/locations/${other.id}`, { as: provider });
    expect(after.body).toMatchObject({ free: 3, version: other.version });
    const denials = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.outcome, "geweigerd"), eq(auditLog.objectId, String(other.id))));
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({
      actor: `user:${"user" in provider ? provider.user.id : 0}`,
      role: "aanbieder",
      action: "location.update",
      objectType: "locatie",
    });
    // The test client connects over loopback: the denial records where it came from.
    expect(denials[0]?.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });

  it("when a provider changes its own location, then it works and the audit log has the change", async () => {
    const own = await addLocation(server.database.db, { capacity: 5, occupied: 1 });
    const provider = await loginAs(server, "aanbieder", own.providerId);
    const res = await api<Location>(server.url, `/api/locations/${own.id}/availability`, {
      method: "PUT",
      body: { version: own.version, free: 2 },
      as: provider,
    });
    expect(res.status).toBe(200);
    const [entry] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, String(own.id)), eq(auditLog.outcome, "succes")));
    expect(entry).toMatchObject({
      action: "capaciteit.vrije-plekken-gewijzigd",
      role: "aanbieder",
      detail: "vrij 4 -> 2",
    });
  });

  describe("a verwijzer's socket", () => {
    let verwijzer: Caller;
    let beheerder: Caller;
    beforeAll(async () => {
      verwijzer = await loginAs(server, "verwijzer");
      beheerder = await loginAs(server, "beheerder");
    });

    it("when capacity changes, then it receives new totals and never per-location events", async () => {
      const location = await addLocation(server.database.db, { capacity: 9, occupied: 9, municipality: "Losser" });
      const socket = await connectSocket(server.url, verwijzer);
      const perLocation: unknown[] = [];
      socket.on("capacity:changed", (e) => perLocation.push(e));
      const summaries: CapacitySummary[] = [];
      socket.on("capacity:summary", (s) => summaries.push(s));
      expect(await socket.timeout(2000).emitWithAck("capacity:subscribe", { scope: "capaciteit-totalen" })).toEqual({
        ok: true,
      });
      const regisseurSocket = await connectSocket(server.url, await loginAs(server, "regisseur"));
      const seenByRegisseur: unknown[] = [];
      regisseurSocket.on("capacity:changed", (e) => seenByRegisseur.push(e));
      // Totals come to those who asked: the regisseur's board socket did not.
      const totalsToRegisseur: unknown[] = [];
      regisseurSocket.on("capacity:summary", (s) => totalsToRegisseur.push(s));

      await api(server.url, `/api/locations/${location.id}/occupancy`, {
        method: "POST",
        body: { change: "vrijgekomen", places: 2 },
        as: beheerder,
      });

      await eventually(() => summaries.some((s) => s.byMunicipality.Losser.free >= 2) && seenByRegisseur.length > 0);
      expect(perLocation).toEqual([]);
      expect(totalsToRegisseur).toEqual([]);
      expect(JSON.stringify(summaries)).not.toContain(String(location.name));
      socket.disconnect();
      regisseurSocket.disconnect();
    });

    it("when it asks to join the per-location room or replay the log, then it is refused and that is logged", async () => {
      const socket = await connectSocket(server.url, verwijzer);
      const join = await socket.timeout(2000).emitWithAck("capacity:subscribe", { scope: "capaciteit-detail" });
      const sync = await socket.timeout(2000).emitWithAck("capacity:sync", { afterSeq: 0 });
      const allowed = await socket.timeout(2000).emitWithAck("capacity:subscribe", { scope: "capaciteit-totalen" });
      expect(join).toMatchObject({ ok: false, error: expect.stringMatching(/Geen toegang/) });
      expect(sync).toMatchObject({ ok: false });
      expect(allowed).toEqual({ ok: true });
      const denials = await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.role, "verwijzer"), eq(auditLog.outcome, "geweigerd")));
      expect(denials.map((d) => d.action).sort()).toEqual(["socket.capacity.detail", "socket.capacity.detail"]);
      socket.disconnect();
    });

    it("when it floods the socket with events, then it is told to slow down", async () => {
      const socket = await connectSocket(server.url, verwijzer);
      const replies = await Promise.all(
        Array.from({ length: 40 }, () =>
          socket.timeout(2000).emitWithAck("capacity:subscribe", { scope: "capaciteit-totalen" }),
        ),
      );
      expect(replies.filter((r) => r.ok)).toHaveLength(20);
      expect(replies.find((r) => !r.ok)).toMatchObject({ error: expect.stringMatching(/Te veel verzoeken/) });
      socket.disconnect();
    });
  });
});
