// Who learns what about a placement request: case numbers belong to their verwijzer, someone else's request or
// reservation answers exactly like a missing one (the refusal is still audited), and every read of case data is logged.
import { and, count, eq, gt, max } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, placementRequests } from "../../server/db/schema.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { requestInput, searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

/** The answer as a user sees it, without the per-call request id. */
const shown = ({ requestId: _, ...problem }: Problem) => problem;

describe.each(BACKENDS)("placement request access on %s", (backend) => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer(backend);
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  const db = () => server.database.db;
  const lastAuditId = async () =>
    (
      await db()
        .select({ id: max(auditLog.id) })
        .from(auditLog)
    )[0]?.id ?? 0;
  const auditSince = (after: number) => db().select().from(auditLog).where(gt(auditLog.id, after));
  const requestsWithCase = async (caseNumber: string) =>
    (await db().select({ n: count() }).from(placementRequests).where(eq(placementRequests.caseNumber, caseNumber)))[0]!
      .n;

  it("when two verwijzers use the same case number, then both requests are made: it is each one's own dossier number", async () => {
    const { caseNumber } = requestInput();
    const first = await api(server.url, "/api/requests", {
      body: requestInput({ caseNumber }),
      as: await loginAs(server, "verwijzer"),
    });
    const second = await api(server.url, "/api/requests", {
      body: requestInput({ caseNumber }),
      as: await loginAs(server, "verwijzer"),
    });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await requestsWithCase(caseNumber)).toBe(2);
  });

  it("when one verwijzer uses a case number twice, then 409 saying so and no second request", async () => {
    const verwijzer = await loginAs(server, "verwijzer");
    const { caseNumber } = requestInput();
    expect((await api(server.url, "/api/requests", { body: requestInput({ caseNumber }), as: verwijzer })).status).toBe(
      200,
    );
    const before = await lastAuditId();

    const again = await api<Problem>(server.url, "/api/requests", {
      body: requestInput({ caseNumber }),
      as: verwijzer,
    });

    expect(again.status).toBe(409);
    expect(again.body.detail).toContain("U heeft al een verzoek met dit dossiernummer");
    expect(await requestsWithCase(caseNumber)).toBe(1);
    expect((await auditSince(before)).filter((e) => e.outcome === "succes")).toEqual([]);
  });

  it("when one verwijzer submits the same case number twice at once, then one request and one 409, no server error", async () => {
    const verwijzer = await loginAs(server, "verwijzer");
    const body = requestInput();
    const answers = await Promise.all([1, 2, 3].map(() => api(server.url, "/api/requests", { body, as: verwijzer })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(await requestsWithCase(body.caseNumber)).toBe(1);
  });

  it("when a verwijzer asks for another verwijzer's request, then the answer is the one for a missing id, and the refusal is audited", async () => {
    const owner = await loginAs(server, "verwijzer");
    const other = await loginAs(server, "verwijzer");
    const req = await searchingRequest(server.url, owner);
    const missing = 2_147_483_000;
    const before = await lastAuditId();

    const paths = (id: number) => [`/api/requests/${id}`, `/api/requests/${id}/reservations`];
    for (const [theirs, none] of paths(req.id).map((p, i) => [p, paths(missing)[i]!] as const)) {
      const hidden = await api<Problem>(server.url, theirs, { as: other });
      const absent = await api<Problem>(server.url, none, { as: other });
      expect([theirs, hidden.status]).toEqual([theirs, 404]);
      // Same title and wording; only the id in it differs, as it would for any two missing ids.
      expect(shown(hidden.body)).toEqual({
        ...shown(absent.body),
        detail: `Plaatsingsverzoek ${req.id} bestaat niet.`,
      });
      expect(shown(absent.body).detail).toBe(`Plaatsingsverzoek ${missing} bestaat niet.`);
    }
    const changes = await api<Problem>(server.url, `/api/requests/${req.id}/transition`, {
      body: { to: "ingetrokken" },
      as: other,
    });
    expect(changes.status).toBe(404);

    const refusals = (await auditSince(before)).filter((e) => e.outcome === "geweigerd");
    expect(refusals.map((e) => [e.objectType, e.objectId])).toEqual([
      ["plaatsingsverzoek", String(req.id)],
      ["plaatsingsverzoek", String(req.id)],
      ["plaatsingsverzoek", String(req.id)],
    ]);
    const [row] = await db().select().from(placementRequests).where(eq(placementRequests.id, req.id));
    expect(row?.status).toBe("zoekend");
  });

  it("when another provider answers a reservation, then the answer is the one for a missing id, and the refusal is audited", async () => {
    const loc = await addLocation(db(), { capacity: 5, occupied: 2 });
    const stranger = await loginAs(server, "aanbieder", (await addLocation(db())).providerId);
    const req = await searchingRequest(server.url, regisseur);
    const made = await api<{ id: number }>(server.url, `/api/requests/${req.id}/reservations`, {
      body: { locationId: loc.id },
      as: regisseur,
    });
    const before = await lastAuditId();

    const body = { answer: "accepteren" };
    const hidden = await api<Problem>(server.url, `/api/reservations/${made.body.id}/answer`, { body, as: stranger });
    const absent = await api<Problem>(server.url, "/api/reservations/2147483000/answer", { body, as: stranger });

    expect([hidden.status, absent.status]).toEqual([404, 404]);
    expect(shown(hidden.body)).toEqual({ ...shown(absent.body), detail: `Reservering ${made.body.id} bestaat niet.` });
    const refusals = (await auditSince(before)).filter((e) => e.outcome === "geweigerd");
    expect(refusals.map((e) => [e.action, e.objectType, e.objectId])).toEqual([
      ["reservations.answer", "reservering", String(made.body.id)],
    ]);
  });

  it("when the reservations of a request are read, by the regisseur or on the provider's list, then the read is audited naming the request", async () => {
    const loc = await addLocation(db(), { capacity: 5, occupied: 2 });
    const provider = await loginAs(server, "aanbieder", loc.providerId);
    const req = await searchingRequest(server.url, regisseur);
    const made = await api<{ id: number }>(server.url, `/api/requests/${req.id}/reservations`, {
      body: { locationId: loc.id },
      as: regisseur,
    });
    const before = await lastAuditId();

    const ofRequest = await api<unknown[]>(server.url, `/api/requests/${req.id}/reservations`, { as: regisseur });
    const ofProvider = await api<{ requestId: number; caseNumber: string }[]>(server.url, "/api/reservations", {
      as: provider,
    });

    expect(ofRequest.body).toHaveLength(1);
    expect(ofProvider.body.map((r) => r.requestId)).toEqual([req.id]);
    const reads = await db()
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.id, before), eq(auditLog.objectType, "plaatsingsverzoek")));
    expect(reads.map((e) => [e.actor, e.objectId, e.onBehalfOf, e.outcome])).toEqual([
      [`user:${regisseurId()}`, String(req.id), req.caseNumber, "succes"],
      [`user:${providerId(provider)}`, String(req.id), req.caseNumber, "succes"],
    ]);
    expect(reads[1]?.detail).toBe(`reservering ${made.body.id}`);
  });

  const regisseurId = () => ("user" in regisseur ? regisseur.user.id : -1);
  const providerId = (c: Caller) => ("user" in c ? c.user.id : -1);
});
