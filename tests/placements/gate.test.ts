// "Ambulant alternatief eerst", enforced by the server: no search, match or reservation before the record exists.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlacementRequest } from "../../shared/schemas/placements.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { ambulantRecord, requestInput } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

describe("the ambulant-first gate", () => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    // A crisis request's ambulant record is owed within 0.00002 days (under 2 s) here.
    server = await startTestServer("pglite", { env: { CRISIS_AMBULANT_DAYS: "0.00002" } });
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  const create = async (overrides = {}) =>
    (await api<PlacementRequest>(server.url, "/api/requests", { body: requestInput(overrides), as: regisseur })).body;
  const toSearching = (id: number) =>
    api<Problem | PlacementRequest>(server.url, `/api/requests/${id}/transition`, {
      body: { to: "zoekend" },
      as: regisseur,
    });

  it("when no ambulant alternative is recorded, then searching, matching and reserving get 422 saying so", async () => {
    const request = await create();
    const location = await addLocation(server.database.db, { capacity: 4, occupied: 0 });

    const search = await toSearching(request.id);
    const match = await api<Problem>(server.url, `/api/requests/${request.id}/matches`, { as: regisseur });
    const reserve = await api<Problem>(server.url, `/api/requests/${request.id}/reservations`, {
      body: { locationId: location.id },
      as: regisseur,
    });

    expect(search.status).toBe(422);
    expect((search.body as Problem).detail).toMatch(/minstens één ingezet of overwogen ambulant alternatief/);
    expect(match.status).toBe(422);
    expect(reserve.status).toBe(422);
    const after = await api<PlacementRequest>(server.url, `/api/requests/${request.id}`, { as: regisseur });
    expect(after.body.status).toBe("concept");
    expect((await api(server.url, `/api/locations/${location.id}`, { as: regisseur })).body).toMatchObject({
      reserved: 0,
    });
  });

  it("when the request is complex and the verklarende analyse is missing, then 422 names the analysis", async () => {
    const request = await create({ complex: true });
    await api(server.url, `/api/requests/${request.id}/ambulant`, { body: ambulantRecord, as: regisseur });
    const refused = await toSearching(request.id);
    expect(refused.status).toBe(422);
    expect((refused.body as Problem).detail).toMatch(/verklarende analyse/);
    expect((refused.body as Problem).detail).not.toMatch(/ambulant alternatief/);

    await api(server.url, `/api/requests/${request.id}/analysis`, {
      method: "PUT",
      body: { madeOn: "2026-10-01", madeBy: "Gedragswetenschapper GI" },
      as: regisseur,
    });
    const allowed = await toSearching(request.id);
    expect(allowed.status).toBe(200);
    expect((allowed.body as PlacementRequest).status).toBe("zoekend");
    expect((allowed.body as PlacementRequest).transitions.map((t) => t.to)).toEqual([
      "concept",
      "ambulant-vastgelegd",
      "zoekend",
    ]);
    // Each step names who took it: the account's name, not its label.
    const last = (allowed.body as PlacementRequest).transitions.at(-1);
    if (!("user" in regisseur)) throw new Error("the regisseur is a signed-in account");
    expect(last?.actor).toBe(`user:${regisseur.user.id}`);
    expect(regisseur.user.name).toMatch(/^Test regisseur \d+$/);
    expect(last?.actorName).toBe(regisseur.user.name);
  });

  it("when an ambulant record lacks its outcome or reason, then 400 names the field and nothing is recorded", async () => {
    const request = await create();
    const { outcome: _, ...withoutOutcome } = ambulantRecord;
    const res = await api<Problem>(server.url, `/api/requests/${request.id}/ambulant`, {
      body: withoutOutcome,
      as: regisseur,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field)).toContain("body.outcome");
    const after = await api<PlacementRequest>(server.url, `/api/requests/${request.id}`, { as: regisseur });
    expect(after.body.ambulantAlternatives).toEqual([]);
  });

  it("when it is a crisis, then searching may start at once, and the missing record shows as overdue after the deadline", async () => {
    const request = await create({ urgency: "crisis" });
    const searching = await toSearching(request.id);
    expect(searching.status).toBe(200);
    expect(searching.body).toMatchObject({ status: "zoekend", ambulantOverdue: false });
    await new Promise((r) => setTimeout(r, 2000));
    const list = await api<PlacementRequest[]>(server.url, "/api/requests", { as: regisseur });
    expect(list.body.find((r) => r.id === request.id)).toMatchObject({ ambulantOverdue: true });

    await api(server.url, `/api/requests/${request.id}/ambulant`, { body: ambulantRecord, as: regisseur });
    const done = await api<PlacementRequest>(server.url, `/api/requests/${request.id}`, { as: regisseur });
    expect(done.body).toMatchObject({ status: "zoekend", ambulantOverdue: false });
  });
});
