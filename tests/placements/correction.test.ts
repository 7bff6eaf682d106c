// Correcting a placement request (PATCH /api/requests/:id with its version): who may correct what, a stale version,
// the audit entry with before and after, and the matches, watches and open pages that follow the corrected codes.
import { and, eq, gt, max } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, locations, placementRequests } from "../../server/db/schema.js";
import type { CareType } from "../../shared/domain.js";
import type { MatchList, PlaceAvailable, PlacementRequest } from "../../shared/schemas/placements.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { ambulantRecord, requestInput, searchingRequest } from "../support/placements.js";
import { api, type ClientSocket, connectSocket, startTestServer, type TestServer } from "../support/server.js";

/** A corrected request, or the problem that refused it. */
type Answer = PlacementRequest & Pick<Problem, "detail" | "errors">;

describe.each(BACKENDS)("correcting a placement request on %s", (backend) => {
  let server: TestServer;
  let regisseur: Caller;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer(backend);
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.close();
  });

  const db = () => server.database.db;
  const lastAuditId = async () =>
    (
      await db()
        .select({ id: max(auditLog.id) })
        .from(auditLog)
    )[0]?.id ?? 0;
  const auditSince = (after: number, action: string) =>
    db()
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.id, after), eq(auditLog.action, action)));
  const stored = async (id: number) =>
    (await db().select().from(placementRequests).where(eq(placementRequests.id, id)))[0]!;
  const correct = (id: number, body: Record<string, unknown>, as: Caller) =>
    api<Answer>(server.url, `/api/requests/${id}`, { method: "PATCH", body, as });
  const matches = async (id: number) => {
    const res = await api<MatchList>(server.url, `/api/requests/${id}/matches?limit=500`, { as: regisseur });
    expect(res.status).toBe(200);
    return res.body;
  };

  /** A location of this care type for youths of these ages, with free places. */
  async function place(careType: CareType, ageMin: number, ageMax: number) {
    const location = await addLocation(db(), { careType, capacity: 6, occupied: 2 });
    // Before any match has read it: the match index takes a new location as it is then.
    await db().update(locations).set({ ageMin, ageMax }).where(eq(locations.id, location.id));
    return location;
  }

  it("when a regisseur corrects the age, then the next matches rank with the corrected age: a place for younger youths drops out", async () => {
    const younger = await place("gezinshuis", 12, 15);
    const wider = await place("gezinshuis", 14, 18);
    const request = await searchingRequest(server.url, regisseur, { age: 14, acceptableCareTypes: ["gezinshuis"] });
    const before = await matches(request.id);
    expect(before.matches.map((m) => m.locationId)).toEqual(expect.arrayContaining([younger.id, wider.id]));

    const res = await correct(request.id, { version: request.version, age: 17 }, regisseur);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ age: 17, version: request.version + 1, status: "zoekend" });
    const after = await matches(request.id);
    const listed = after.matches.map((m) => m.locationId);
    expect(listed).toContain(wider.id);
    expect(listed).not.toContain(younger.id);
    expect(after.fitting).toBe(before.fitting - 1);
    expect(after.excluded).toBe(before.excluded + 1);
  });

  it("when a request is corrected, then the audit entry holds the codes before and after, and only that a postcode changed", async () => {
    const request = await searchingRequest(server.url, regisseur, { age: 14, homePostcode: "7511" });
    const from = await lastAuditId();

    const res = await correct(
      request.id,
      { version: request.version, age: 16, characteristics: ["trauma"], homePostcode: "7622" },
      regisseur,
    );

    expect(res.status).toBe(200);
    const [entry, ...more] = await auditSince(from, "verzoek.gecorrigeerd");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      outcome: "succes",
      objectType: "plaatsingsverzoek",
      objectId: String(request.id),
      onBehalfOf: request.caseNumber,
      actor: `user:${"user" in regisseur ? regisseur.user.id : 0}`,
    });
    expect(JSON.parse(entry!.detail!)).toEqual({
      age: { van: 14, naar: 16 },
      characteristics: { van: [], naar: ["trauma"] },
      homePostcode: "gewijzigd",
    });
    // The postcode is an identifying part that retention removes; the audit log outlives it (domain.md rule 5).
    expect(entry!.detail).not.toMatch(/7511|7622/);
  });

  it("when a verwijzer corrects its own concept, the case number included, then it is changed; the audit says the number changed, not what it was", async () => {
    const verwijzer = await loginAs(server, "verwijzer");
    const made = await api<PlacementRequest>(server.url, "/api/requests", { body: requestInput(), as: verwijzer });
    const newNumber = `${made.body.caseNumber}-B`;
    const from = await lastAuditId();

    const res = await correct(made.body.id, { version: made.body.version, age: 15, caseNumber: newNumber }, verwijzer);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ age: 15, caseNumber: newNumber, status: "concept" });
    const [entry] = await auditSince(from, "verzoek.gecorrigeerd");
    expect(JSON.parse(entry!.detail!)).toEqual({ caseNumber: "gewijzigd", age: { van: 14, naar: 15 } });
    expect(entry!.detail).not.toContain(made.body.caseNumber);
  });

  it("when a verwijzer corrects its own request after the search started, or another's, then it is refused and nothing is written", async () => {
    const owner = await loginAs(server, "verwijzer");
    const other = await loginAs(server, "verwijzer");
    const searching = await searchingRequest(server.url, owner);
    const concept = (await api<PlacementRequest>(server.url, "/api/requests", { body: requestInput(), as: owner }))
      .body;
    const from = await lastAuditId();

    const late = await correct(searching.id, { version: searching.version, age: 16 }, owner);
    const foreign = await correct(concept.id, { version: concept.version, age: 16 }, other);
    const missing = await correct(2_000_000, { version: 1, age: 16 }, other);

    expect(late.status).toBe(403);
    expect(late.body.detail).toContain("alleen de regisseur");
    // Someone else's request answers as a missing one (#19): the same status and words, the id aside.
    expect(foreign.status).toBe(404);
    expect(foreign.body.detail).toBe(missing.body.detail.replace("2000000", String(concept.id)));
    expect(await stored(searching.id)).toMatchObject({ age: 14, version: searching.version });
    expect(await stored(concept.id)).toMatchObject({ age: 14, version: concept.version });
    expect(await auditSince(from, "verzoek.gecorrigeerd")).toEqual([]);
    const refusals = await auditSince(from, "requests.correct");
    expect(refusals.map((e) => e.outcome)).toEqual(["geweigerd"]);
    expect(refusals.map((e) => e.objectId)).toEqual([String(searching.id)]);
    expect((await auditSince(from, "requests.read")).map((e) => [e.outcome, e.objectId])).toEqual([
      ["geweigerd", String(concept.id)],
    ]);
  });

  it("when the version is stale, then 409 naming the current version and nothing is written", async () => {
    const verwijzer = await loginAs(server, "verwijzer");
    const made = (await api<PlacementRequest>(server.url, "/api/requests", { body: requestInput(), as: verwijzer }))
      .body;
    // A colleague records the ambulant alternative meanwhile: that too is a change of the request.
    const recorded = await api<PlacementRequest>(server.url, `/api/requests/${made.id}/ambulant`, {
      body: ambulantRecord,
      as: regisseur,
    });
    expect(recorded.body.version).toBe(made.version + 1);
    const from = await lastAuditId();

    const res = await correct(made.id, { version: made.version, age: 16 }, verwijzer);

    expect(res.status).toBe(409);
    expect(res.body.detail).toContain(`de huidige is versie ${made.version + 1}`);
    expect(await stored(made.id)).toMatchObject({ age: 14, version: made.version + 1 });
    expect(await auditSince(from, "verzoek.gecorrigeerd")).toEqual([]);
  });

  it("when a field is not the caller's to change, then 403 naming it; a field no one changes here, 400 naming it", async () => {
    const request = await searchingRequest(server.url, regisseur);
    const body = { version: request.version };

    const caseNumber = await correct(request.id, { ...body, caseNumber: "ANDER-1" }, regisseur);
    const urgency = await correct(request.id, { ...body, urgency: "crisis" }, regisseur);
    const status = await correct(request.id, { ...body, age: 16, status: "geplaatst" }, regisseur);

    expect(caseNumber.status).toBe(403);
    expect(caseNumber.body.errors?.map((e) => e.field)).toEqual(["body.caseNumber"]);
    expect(urgency.status).toBe(403);
    expect(urgency.body.errors?.map((e) => e.field)).toEqual(["body.urgency"]);
    expect(status.status).toBe(400);
    expect(status.body.errors?.map((e) => e.field)).toEqual(["body.status"]);
    expect(await stored(request.id)).toMatchObject({
      age: 14,
      urgency: "regulier",
      status: "zoekend",
      version: request.version,
    });
  });

  it("when a request is withdrawn, then it cannot be corrected", async () => {
    const request = await searchingRequest(server.url, regisseur);
    const withdrawn = await api<PlacementRequest>(server.url, `/api/requests/${request.id}/transition`, {
      body: { to: "ingetrokken" },
      as: regisseur,
    });

    const res = await correct(request.id, { version: withdrawn.body.version, age: 16 }, regisseur);

    expect(res.status).toBe(422);
    expect(res.body.detail).toContain("kan niet meer worden gecorrigeerd");
    expect(await stored(request.id)).toMatchObject({ age: 14, version: withdrawn.body.version });
  });

  it("when a watched request is corrected, then its open pages hear of it and its watcher of a place that fits only now", async () => {
    const older = await place("kleinschalig-wonen", 17, 18);
    const request = await searchingRequest(server.url, regisseur, {
      age: 14,
      acceptableCareTypes: ["kleinschalig-wonen"],
    });
    expect((await matches(request.id)).matches.map((m) => m.locationId)).not.toContain(older.id);
    const watch = await api(server.url, `/api/requests/${request.id}/watch`, {
      method: "PUT",
      body: { watching: true },
      as: regisseur,
    });
    expect(watch.status).toBe(200);
    const socket = await connectSocket(server.url, regisseur);
    sockets.push(socket);
    const changed = new Promise<number>((resolve) =>
      socket.on("requests:changed", (c) => c.requestId === request.id && resolve(c.requestId)),
    );
    const notice = new Promise<PlaceAvailable>((resolve) =>
      socket.on("requests:place-available", (n) => n.requestId === request.id && resolve(n)),
    );

    const res = await correct(request.id, { version: request.version, age: 17 }, regisseur);

    expect(res.status).toBe(200);
    expect(await changed).toBe(request.id);
    expect(await notice).toMatchObject({ locationId: older.id, caseNumber: request.caseNumber, free: 4 });
  });
});
