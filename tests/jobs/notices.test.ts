// The notices that come from time passing, run as scheduled jobs: a reservation about to expire unanswered reaches its
// provider's aanbieders once, a crisis request's overdue ambulant record reaches the regisseurs and its maker once;
// two processes write them once; the beheerder sees every job with its last run, others get 403; /metrics shows
// failures since the last success.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../server/db/client.js";
import { notifications, scheduledJobs, users } from "../../server/db/schema.js";
import type { JobList } from "../../shared/schemas/jobs.js";
import type { PlacementRequest, Reservation } from "../../shared/schemas/placements.js";
import { addAccount, type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { ambulantRecord, requestInput, searchingRequest } from "../support/placements.js";
import { api, startAppOn, startTestServer, type TestServer } from "../support/server.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Reservations run for ten hours, the reminder comes in the last eight; the ambulant record is due after five days.
const env = { RESERVATION_EXPIRY_MINUTES: "600", RESERVATION_REMINDER_HOURS: "8", CRISIS_AMBULANT_DAYS: "5" };

const noticesOf = (db: Database["db"], dedupeKey: string) =>
  db.select().from(notifications).where(eq(notifications.dedupeKey, dedupeKey));
const userIdOf = (caller: Caller) => ("user" in caller ? caller.user.id : -1);

/** A searching request reserved at a new location whose provider has two aanbieders (and a disabled third). */
async function reservationToAnswer(server: TestServer, regisseur: Caller) {
  const db = server.database.db;
  const location = await addLocation(db, { capacity: 4, occupied: 1 });
  const planners = [
    await addAccount(db, "aanbieder", location.providerId),
    await addAccount(db, "aanbieder", location.providerId),
  ];
  const gone = await addAccount(db, "aanbieder", location.providerId);
  await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
  const request = await searchingRequest(server.url, regisseur);
  const reserved = await api<Reservation>(server.url, `/api/requests/${request.id}/reservations`, {
    body: { locationId: location.id },
    as: regisseur,
  });
  expect(reserved.status).toBe(200);
  return { location, planners, request, reservation: reserved.body };
}

describe.each(BACKENDS)("time-driven notices on %s", (backend) => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer(backend, { env });
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());
  const remind = (at: number) => server.app.jobs.runDue(new Date(at), ["reservering-herinneringen"]);
  const overdue = (at: number) => server.app.jobs.runDue(new Date(at), ["ambulant-te-laat"]);

  it("when an unanswered reservation comes within the reminder hours, then its provider's aanbieders are told once, with the page to answer on", async () => {
    const { location, planners, request, reservation } = await reservationToAnswer(server, regisseur);
    // An answered reservation of another provider, expiring as soon: no reminder.
    const other = await addLocation(server.database.db, { capacity: 4, occupied: 1 });
    const stranger = await addAccount(server.database.db, "aanbieder", other.providerId);
    const placed = await searchingRequest(server.url, regisseur);
    const made = await api<Reservation>(server.url, `/api/requests/${placed.id}/reservations`, {
      body: { locationId: other.id },
      as: regisseur,
    });
    const answer = await api(server.url, `/api/reservations/${made.body.id}/answer`, {
      body: { answer: "accepteren" },
      as: await loginAs(server, "aanbieder", other.providerId),
    });
    expect(answer.status).toBe(200);
    const t = Date.now();

    // Nine hours before expiry: not yet.
    expect(await remind(t + HOUR)).toEqual([
      { job: "reservering-herinneringen", outcome: "voltooid", counts: { reminded: 0, notified: 0 } },
    ]);
    expect(await noticesOf(server.database.db, `reservering:${reservation.id}:verloopt`)).toEqual([]);

    const [ran] = await remind(t + 2 * HOUR + 60_000);
    const again = await remind(t + 2 * HOUR + 122_000);

    expect(ran).toEqual({
      job: "reservering-herinneringen",
      outcome: "voltooid",
      counts: { reminded: 1, notified: 2 },
    });
    expect(again).toMatchObject([{ outcome: "voltooid", counts: { reminded: 0, notified: 0 } }]);
    const notices = await noticesOf(server.database.db, `reservering:${reservation.id}:verloopt`);
    expect(notices.map((n) => n.userId).sort()).toEqual(planners.map((p) => p.id).sort());
    expect(notices[0]).toMatchObject({
      kind: "reservering-verloopt",
      link: "/aanbieder",
      caseNumber: request.caseNumber,
      title: `Reservering verloopt binnenkort: ${location.name}`,
    });
    // A case number at most: nothing about the youth (age 14, a girl, postcode 7511). The expiry's date and time are
    // left out of the look for the age: "14 december om 14:13" is a moment, not the youth.
    expect(notices[0]?.body).toContain(request.caseNumber);
    const moment =
      /\b\d{1,2}:\d{2}\b|\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b/g;
    expect(notices[0]?.body.replace(moment, "")).not.toMatch(/\b14\b|meisje|7511/);
    const strangers = await server.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, stranger.id), eq(notifications.kind, "reservering-verloopt")));
    expect(strangers).toEqual([]);
  });

  it("when a crisis request's ambulant record is overdue, then the regisseurs and the verwijzer who made it are told once, with the request's page", async () => {
    const verwijzer = await loginAs(server, "verwijzer");
    const create = async (overrides: Parameters<typeof requestInput>[0]) => {
      const res = await api<PlacementRequest>(server.url, "/api/requests", {
        body: requestInput(overrides),
        as: verwijzer,
      });
      expect(res.status).toBe(200);
      return res.body;
    };
    const owing = await create({ urgency: "crisis" });
    const recorded = await create({ urgency: "crisis" });
    expect(
      (await api(server.url, `/api/requests/${recorded.id}/ambulant`, { body: ambulantRecord, as: verwijzer })).status,
    ).toBe(200);
    const withdrawn = await create({ urgency: "crisis" });
    const gone = await api(server.url, `/api/requests/${withdrawn.id}/transition`, {
      body: { to: "ingetrokken" },
      as: verwijzer,
    });
    expect(gone.status).toBe(200);
    await create({ urgency: "regulier" });
    const t = Date.now();

    expect(await overdue(t + 4 * DAY)).toMatchObject([{ counts: { overdue: 0, notified: 0 } }]);
    const [ran] = await overdue(t + 5 * DAY + HOUR);
    const again = await overdue(t + 5 * DAY + HOUR + 301_000);

    const regisseurs = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "regisseur"), isNull(users.disabledAt)));
    const told = [...regisseurs.map((r) => r.id), userIdOf(verwijzer)].sort();
    expect(ran).toEqual({
      job: "ambulant-te-laat",
      outcome: "voltooid",
      counts: { overdue: 1, notified: told.length },
    });
    expect(again).toMatchObject([{ counts: { overdue: 0, notified: 0 } }]);
    const notices = await noticesOf(server.database.db, `verzoek:${owing.id}:ambulant-te-laat`);
    expect(notices.map((n) => n.userId).sort()).toEqual(told);
    expect(notices[0]).toMatchObject({
      kind: "ambulant-te-laat",
      link: `/verzoeken/${owing.id}`,
      caseNumber: owing.caseNumber,
    });
    for (const other of [recorded, withdrawn]) {
      expect(await noticesOf(server.database.db, `verzoek:${other.id}:ambulant-te-laat`)).toEqual([]);
    }
  });

  it("when the beheerder opens the job list, then every job shows its schedule, last run and next slot; anyone else gets 403", async () => {
    const beheerder = await loginAs(server, "beheerder");

    const res = await api<JobList>(server.url, "/api/jobs", { as: beheerder });

    expect(res.status).toBe(200);
    const byName = new Map(res.body.jobs.map((j) => [j.name, j]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining(["reserveringen-verlopen", "reservering-herinneringen", "ambulant-te-laat", "retentie"]),
    );
    expect(byName.get("reserveringen-verlopen")).toMatchObject({ schedule: "elke 2 seconden" });
    expect(byName.get("retentie")).toMatchObject({
      schedule: "dagelijks om 03:00",
      title: expect.stringMatching(/^Retentie/),
    });
    expect(byName.get("reservering-herinneringen")).toMatchObject({
      schedule: "elke minuut",
      lastOutcome: "voltooid",
      lastCounts: { reminded: 0, notified: 0 },
      failures: 0,
      lastError: null,
      lastSucceededAt: expect.any(String),
    });
    // Its next slot follows the last run (at a time two hours ahead, in this test).
    expect(Date.parse(byName.get("reservering-herinneringen")!.nextRunAt)).toBeGreaterThan(Date.now() + HOUR);
    for (const role of ["regisseur", "aanbieder", "verwijzer", "beleid"] as const) {
      expect((await api(server.url, "/api/jobs", { as: await loginAs(server, role) })).status).toBe(403);
    }
    expect((await api(server.url, "/api/jobs")).status).toBe(401);
  });

  it("when a job has failed since its last success, then /metrics shows how often and when it last succeeded", async () => {
    // As two failed slots would have left it (the scheduler's own failure path: tests/jobs/scheduler.test.ts).
    await server.database.db
      .update(scheduledJobs)
      .set({ failures: 2, lastOutcome: "mislukt", lastError: "databasefout 40P01" })
      .where(eq(scheduledJobs.name, "ambulant-te-laat"));
    const [row] = await server.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.name, "ambulant-te-laat"));

    const res = await api<string>(server.url, "/metrics");

    expect(res.status).toBe(200);
    expect(res.body).toContain('wijzer_job_failures_since_success{job="ambulant-te-laat"} 2');
    expect(res.body).toContain('wijzer_job_failures_since_success{job="reservering-herinneringen"} 0');
    expect(res.body).toContain(
      `wijzer_job_last_success_timestamp_seconds{job="ambulant-te-laat"} ${row!.lastSucceededAt!.getTime() / 1000}`,
    );
  });
});

describe("time-driven notices on two processes sharing one PostgreSQL", () => {
  let server: TestServer;
  let second: Database;
  let other: { app: TestServer["app"]; close(): Promise<void> };
  beforeAll(async () => {
    server = await startTestServer("postgres", { env });
    second = await openDatabase({ databaseUrl: server.database.url! });
    other = await startAppOn({ ...second, url: server.database.url }, { env });
  });
  afterAll(async () => {
    await other?.close();
    await second?.close();
    await server?.close();
  });

  it("when both processes run the reminder slot at the same moment, then one runs it and each aanbieder is told once", async () => {
    const { planners, reservation } = await reservationToAnswer(server, await loginAs(server, "regisseur"));
    const at = new Date(Date.now() + 2 * HOUR + 60_000);
    const apps = [server.app, other.app, server.app, other.app];

    const outcomes = (await Promise.all(apps.map((a) => a.jobs.runDue(at, ["reservering-herinneringen"])))).flat();

    expect(outcomes).toEqual([
      { job: "reservering-herinneringen", outcome: "voltooid", counts: { reminded: 1, notified: 2 } },
    ]);
    const notices = await noticesOf(server.database.db, `reservering:${reservation.id}:verloopt`);
    expect(notices.map((n) => n.userId).sort()).toEqual(planners.map((p) => p.id).sort());
  });
});
