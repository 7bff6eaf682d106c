// Planned moves (verwachte uit- en instroom): a provider registers, moves and cancels them; each change is one
// transaction with its planning history entry and its audit entry, only for the provider's own locations.
import { and, count, desc, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import { auditLog, plannedAdmissions, plannedDepartures, planningEvents } from "../../server/db/schema.js";
import { amsterdamToday } from "../../shared/calendar.js";
import type { PlannedMove, PlannedMoveList } from "../../shared/schemas/forecast.js";
import type { MatchList } from "../../shared/schemas/placements.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

/** A calendar day relative to today in Amsterdam, as the server judges "today". */
function day(offsetDays: number): string {
  return new Date(Date.parse(`${amsterdamToday()}T00:00:00Z`) + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

describe.each(BACKENDS)("planned moves on %s", (backend) => {
  let server: TestServer;
  let db: Db;
  beforeAll(async () => {
    server = await startTestServer(backend);
    db = server.database.db;
  });
  afterAll(async () => server?.close());

  /** A location with its own provider and that provider's planner, signed in. */
  async function ownLocation(overrides: Parameters<typeof addLocation>[1] = {}) {
    const location = await addLocation(db, overrides);
    return { location, planner: await loginAs(server, "aanbieder", location.providerId) };
  }
  const register = (locationId: number, body: unknown, as: Caller) =>
    api<PlannedMove & Problem>(server.url, `/api/locations/${locationId}/planned`, { body, as });
  const move = (m: { direction: string; id: number }, body: unknown, as: Caller) =>
    api<PlannedMove & Problem>(server.url, `/api/planned/${m.direction}/${m.id}`, { method: "PUT", body, as });
  const cancel = (m: { direction: string; id: number }, as: Caller) =>
    api<PlannedMove & Problem>(server.url, `/api/planned/${m.direction}/${m.id}/cancel`, { method: "POST", as });
  const listed = async (locationId: number, as: Caller) =>
    (await api<PlannedMoveList>(server.url, `/api/locations/${locationId}/planned`, { as })).body.moves;
  const historyOf = (locationId: number) =>
    db.select().from(planningEvents).where(eq(planningEvents.locationId, locationId)).orderBy(planningEvents.id);
  const auditOf = (locationId: number) =>
    db
      .select({ action: auditLog.action, outcome: auditLog.outcome, detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.objectType, "locatie"), eq(auditLog.objectId, String(locationId))))
      .orderBy(auditLog.id);
  /** Everything a planning change writes, to prove a refused one wrote none of it. */
  async function written(locationId: number) {
    const [[departures], [admissions], [events], audits] = await Promise.all([
      db.select({ n: count() }).from(plannedDepartures),
      db.select({ n: count() }).from(plannedAdmissions),
      db.select({ n: count() }).from(planningEvents),
      auditOf(locationId),
    ]);
    const done = audits.filter((a) => a.outcome === "succes");
    return { departures: departures?.n, admissions: admissions?.n, events: events?.n, done };
  }

  it("when a provider registers, moves and cancels a departure, then each change writes the row, its planning event and an audit entry", async () => {
    const { location, planner } = await ownLocation();

    const made = await register(
      location.id,
      { direction: "uitstroom", expectedDate: day(5), certainty: "waarschijnlijk" },
      planner,
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ locationId: location.id, direction: "uitstroom", expectedDate: day(5) });
    expect(await listed(location.id, planner)).toEqual([made.body]);

    const moved = await move(made.body, { expectedDate: day(26), certainty: "zeker" }, planner);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: made.body.id, expectedDate: day(26), certainty: "zeker" });
    const [row] = await db.select().from(plannedDepartures).where(eq(plannedDepartures.id, made.body.id));
    expect(row).toMatchObject({ expectedDate: day(26), certainty: "zeker", cancelledAt: null });

    expect((await cancel(made.body, planner)).status).toBe(200);
    const [cancelled] = await db.select().from(plannedDepartures).where(eq(plannedDepartures.id, made.body.id));
    expect(cancelled?.cancelledAt).toBeInstanceOf(Date);
    expect(await listed(location.id, planner)).toEqual([]);

    const history = await historyOf(location.id);
    expect(history.map((e) => [e.action, e.plannedId, e.direction, e.expectedDate, e.certainty])).toEqual([
      ["gepland", made.body.id, "uitstroom", day(5), "waarschijnlijk"],
      ["verplaatst", made.body.id, "uitstroom", day(26), "zeker"],
      ["geannuleerd", made.body.id, "uitstroom", day(26), "zeker"],
    ]);
    expect(new Set(history.map((e) => e.actor))).toEqual(
      new Set([`user:${(planner as { user: { id: number } }).user.id}`]),
    );
    expect((await auditOf(location.id)).map((a) => [a.action, a.outcome])).toEqual([
      ["planning.gepland", "succes"],
      ["planning.verplaatst", "succes"],
      ["planning.geannuleerd", "succes"],
    ]);
  });

  it("when the planning system registers an admission with its API token, then it is listed beside the departures, soonest first", async () => {
    const { location, planner } = await ownLocation();
    const token = await api<{ token: string }>(server.url, `/api/providers/${location.providerId}/tokens`, {
      body: { name: "Planningssysteem" },
      as: planner,
    });
    const system: Caller = { token: token.body.token };

    const admission = await register(
      location.id,
      { direction: "instroom", expectedDate: day(3), certainty: "zeker" },
      system,
    );
    const departure = await register(
      location.id,
      { direction: "uitstroom", expectedDate: day(10), certainty: "onzeker" },
      planner,
    );

    expect(admission.status).toBe(201);
    expect(admission.body.createdBy).toMatch(/^token:\d+$/);
    expect((await listed(location.id, planner)).map((m) => [m.direction, m.expectedDate])).toEqual([
      ["instroom", day(3)],
      ["uitstroom", day(10)],
    ]);
    const [row] = await db.select().from(plannedAdmissions).where(eq(plannedAdmissions.id, admission.body.id));
    expect(row).toMatchObject({ locationId: location.id, expectedDate: day(3), certainty: "zeker" });
    expect((await historyOf(location.id)).map((e) => [e.direction, e.action])).toEqual([
      ["instroom", "gepland"],
      ["uitstroom", "gepland"],
    ]);
    expect(departure.status).toBe(201);
  });

  it("when another provider's aanbieder registers, moves or cancels, then 403 and nothing is written", async () => {
    const { location, planner } = await ownLocation();
    const outsider = await loginAs(server, "aanbieder", (await addLocation(db)).providerId);
    const existing = await register(
      location.id,
      { direction: "uitstroom", expectedDate: day(7), certainty: "zeker" },
      planner,
    );
    const before = await written(location.id);

    const answers = [
      await register(location.id, { direction: "uitstroom", expectedDate: day(7), certainty: "zeker" }, outsider),
      await move(existing.body, { expectedDate: day(30), certainty: "onzeker" }, outsider),
      await cancel(existing.body, outsider),
    ];

    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    expect(await written(location.id)).toEqual(before);
    expect(await listed(location.id, planner)).toEqual([existing.body]);
    const denials = (await auditOf(location.id)).filter((a) => a.outcome === "geweigerd");
    expect(denials.map((a) => a.action)).toEqual(["planning.update", "planning.update", "planning.update"]);
  });

  it("when the expected date lies before today, then 422 names expectedDate and nothing is written", async () => {
    const { location, planner } = await ownLocation();
    const existing = await register(
      location.id,
      { direction: "instroom", expectedDate: day(0), certainty: "zeker" },
      planner,
    );
    expect(existing.status).toBe(201);
    const before = await written(location.id);

    const registered = await register(
      location.id,
      { direction: "uitstroom", expectedDate: day(-1), certainty: "zeker" },
      planner,
    );
    const moved = await move(existing.body, { expectedDate: day(-30), certainty: "zeker" }, planner);

    for (const answer of [registered, moved]) {
      expect(answer.status).toBe(422);
      expect(answer.body.errors?.map((e) => e.field)).toEqual(["body.expectedDate"]);
      expect(answer.body.detail).toContain("verleden");
    }
    expect(await written(location.id)).toEqual(before);
    expect(await listed(location.id, planner)).toEqual([existing.body]);
  });

  it("when a cancelled move is moved or cancelled again, then 409 and it stays cancelled", async () => {
    const { location, planner } = await ownLocation();
    const made = await register(
      location.id,
      { direction: "uitstroom", expectedDate: day(14), certainty: "zeker" },
      planner,
    );
    expect((await cancel(made.body, planner)).status).toBe(200);
    const before = await written(location.id);

    const moved = await move(made.body, { expectedDate: day(21), certainty: "zeker" }, planner);
    const again = await cancel(made.body, planner);

    expect([moved.status, again.status]).toEqual([409, 409]);
    expect(moved.body.detail).toContain("geannuleerd");
    expect(await written(location.id)).toEqual(before);
    const [last] = await db
      .select()
      .from(planningEvents)
      .where(eq(planningEvents.plannedId, made.body.id))
      .orderBy(desc(planningEvents.id))
      .limit(1);
    expect(last).toMatchObject({ action: "geannuleerd", expectedDate: day(14) });
  });

  it("when a move or location does not exist, then 404 and nothing is written", async () => {
    const { planner } = await ownLocation();
    const [latest] = await db.select({ id: planningEvents.id }).from(planningEvents).orderBy(desc(planningEvents.id));
    const missing = { direction: "instroom", id: 2_000_000_000 };

    const answers = [
      await move(missing, { expectedDate: day(3), certainty: "zeker" }, planner),
      await cancel(missing, planner),
      await register(999_999_999, { direction: "uitstroom", expectedDate: day(3), certainty: "zeker" }, planner),
    ];

    expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
    const later = await db
      .select({ id: planningEvents.id })
      .from(planningEvents)
      .where(gt(planningEvents.id, latest?.id ?? 0));
    expect(later).toEqual([]);
  });

  it("when a full location registers a departure before a request's wanted start, then matching offers it as free from that date, and no longer once it is cancelled", async () => {
    const { location, planner } = await ownLocation({ capacity: 4, occupied: 4 });
    const regisseur = await loginAs(server, "regisseur");
    const request = await searchingRequest(server.url, regisseur, { wantedStart: day(21) });
    const matchOf = async () =>
      (await api<MatchList>(server.url, `/api/requests/${request.id}/matches`, { as: regisseur })).body.matches.find(
        (m) => m.locationId === location.id,
      );
    expect(await matchOf()).toBeUndefined();

    const made = await register(
      location.id,
      { direction: "uitstroom", expectedDate: day(9), certainty: "zeker" },
      planner,
    );
    expect(await matchOf()).toMatchObject({ free: 0, availableFrom: day(9) });

    await cancel(made.body, planner);
    expect(await matchOf()).toBeUndefined();
  });
});
