// Retention: a request closed longer than RETENTION_MONTHS ago loses its case number, postcodes and notes, in its rows
// and in the audit log, while its codes stay and the monitor's figures do not move; younger and open requests are
// untouched, and the job does its work once a day.
import { and, eq, inArray, like, or } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import {
  auditLog,
  jobRuns,
  mailOutbox,
  notifications,
  placementRequests,
  reservations,
} from "../../server/db/schema.js";
import { type RetentionSettings, runRetention } from "../../server/features/retention/service.js";
import type { Monitor } from "../../shared/schemas/monitor.js";
import type { PlacementRequest } from "../../shared/schemas/placements.js";
import type { RetentionOverview } from "../../shared/schemas/retention.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { searchingRequest } from "../support/placements.js";
import { api, startTestServer, type TestServer } from "../support/server.js";
import { auditEntriesNaming, closedMonthsAgo, placedRequest, withdrawnRequest } from "./aged.js";

const settings: RetentionSettings = {
  retentionMonths: 12,
  auditRetentionYears: 5,
  messageRetentionDays: 90,
  checkEverySeconds: 3600,
};

describe.each(BACKENDS)("retention on %s", (backend) => {
  let server: TestServer;
  let db: Db;
  let regisseur: Caller;
  let beheerder: Caller;
  beforeAll(async () => {
    // The timer stays out of the way: these tests start each run themselves.
    server = await startTestServer(backend, { env: { DAILY_JOBS_CHECK_SECONDS: "3600" } });
    db = server.database.db;
    regisseur = await loginAs(server, "regisseur");
    beheerder = await loginAs(server, "beheerder");
  });
  afterAll(async () => server?.close());

  const row = async (id: number) => (await db.select().from(placementRequests).where(eq(placementRequests.id, id)))[0]!;
  const reservationsOf = (id: number) =>
    db.select().from(reservations).where(eq(reservations.requestId, id)).orderBy(reservations.id);
  /** Notices and e-mails whose case number, title or body show `text`. */
  const noticesNaming = async (text: string) => {
    const pattern = `%${text}%`;
    const notices = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(
        or(eq(notifications.caseNumber, text), like(notifications.title, pattern), like(notifications.body, pattern)),
      );
    const mails = await db
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(or(like(mailOutbox.subject, pattern), like(mailOutbox.body, pattern)));
    return { notices: notices.length, mails: mails.length };
  };
  /** The monitor and the waiting times over the whole period the requests span, as a regisseur sees them. */
  const figures = async () => {
    const from = new Date(Date.now() - 2 * 365 * 86_400_000).toISOString().slice(0, 10);
    const monitor = await api<Monitor>(server.url, `/api/monitor?from=${from}`, { as: regisseur });
    const waits = await api(server.url, "/api/placements/waiting-times", { as: regisseur });
    expect([monitor.status, waits.status]).toEqual([200, 200]);
    return { monitor: monitor.body, waits: waits.body };
  };

  it("when a request was placed 13 months ago, then its case number, postcodes and notes are gone, its codes and the monitor's figures stay, and requests placed 11 months ago or still open are untouched", async () => {
    const aged = await placedRequest(server, regisseur);
    const withdrawn = await withdrawnRequest(server, regisseur);
    const recent = await placedRequest(server, regisseur);
    const open = await searchingRequest(server.url, regisseur);
    await closedMonthsAgo(db, aged.id, 13);
    await closedMonthsAgo(db, withdrawn.id, 13);
    await closedMonthsAgo(db, recent.id, 11);
    const before = {
      aged: await row(aged.id),
      agedReservations: await reservationsOf(aged.id),
      recent: await row(recent.id),
      recentReservations: await reservationsOf(recent.id),
      open: await row(open.id),
    };
    expect(before.aged.explanatoryAnalysisBy).toBe("Gedragswetenschapper GI");
    expect(before.agedReservations.map((r) => r.declineNote)).toEqual(["GROEP-VOL", null]);
    expect(await auditEntriesNaming(db, aged.caseNumber)).toBeGreaterThanOrEqual(5);
    const figuresBefore = await figures();

    const outcome = await runRetention(db, settings);

    expect(outcome).toMatchObject({ ran: true, counts: { requestsPseudonymised: 2, auditEntriesDeleted: 0 } });
    const after = await row(aged.id);
    const placeholder = `gepseudonimiseerd-${aged.id}`;
    expect(after).toEqual({
      ...before.aged,
      caseNumber: placeholder,
      homePostcode: "",
      schoolPostcode: null,
      explanatoryAnalysisBy: null,
      pseudonymisedAt: expect.any(Date),
      version: before.aged.version + 1,
    });
    // The codes the monitor counts, and when: all kept.
    expect(after).toMatchObject({
      age: before.aged.age,
      gender: before.aged.gender,
      homeMunicipality: before.aged.homeMunicipality,
      characteristics: before.aged.characteristics,
      acceptableCareTypes: before.aged.acceptableCareTypes,
      status: "geplaatst",
      placedAt: before.aged.placedAt,
      placedLocationId: before.aged.placedLocationId,
      explanatoryAnalysisOn: before.aged.explanatoryAnalysisOn,
    });
    expect(await reservationsOf(aged.id)).toEqual(before.agedReservations.map((r) => ({ ...r, declineNote: null })));
    expect((await row(withdrawn.id)).caseNumber).toBe(`gepseudonimiseerd-${withdrawn.id}`);

    expect(await row(recent.id)).toEqual(before.recent);
    expect(await reservationsOf(recent.id)).toEqual(before.recentReservations);
    expect(await row(open.id)).toEqual(before.open);
    expect(await figures()).toEqual(figuresBefore);
  });

  it("when a request is pseudonymised, then no audit entry shows its case number any more, and each names the placeholder instead", async () => {
    const aged = await placedRequest(server, regisseur);
    const recent = await placedRequest(server, regisseur);
    await closedMonthsAgo(db, aged.id, 13);
    await closedMonthsAgo(db, recent.id, 11);
    const naming = await auditEntriesNaming(db, aged.caseNumber);
    const recentNaming = await auditEntriesNaming(db, recent.caseNumber);
    const otherDay = new Date(Date.now() + 86_400_000);

    const outcome = await runRetention(db, settings, otherDay);

    expect(outcome).toMatchObject({ ran: true, counts: { requestsPseudonymised: 1, auditEntriesBlanked: naming } });
    expect(await auditEntriesNaming(db, aged.caseNumber)).toBe(0);
    const placeholder = `gepseudonimiseerd-${aged.id}`;
    expect(await auditEntriesNaming(db, placeholder)).toBe(naming);
    const actions = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.onBehalfOf, placeholder));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "verzoek.aangemaakt",
        "verzoek.gelezen",
        "reservering.geweigerd",
        "reservering.geaccepteerd",
      ]),
    );
    expect(await auditEntriesNaming(db, recent.caseNumber)).toBe(recentNaming);
    // The regisseur's notices of the decline and the acceptance, and their e-mails, name the placeholder too.
    expect(await noticesNaming(aged.caseNumber)).toEqual({ notices: 0, mails: 0 });
    expect(await noticesNaming(placeholder)).toEqual({ notices: 2, mails: 2 });
    expect(await noticesNaming(recent.caseNumber)).toEqual({ notices: 2, mails: 2 });
    // The regisseur's list of finished requests shows the placeholder, not the number.
    const finished = await api<PlacementRequest[]>(server.url, "/api/requests?finished=true", { as: regisseur });
    expect(finished.body.find((r) => r.id === aged.id)).toMatchObject({ caseNumber: placeholder, homePostcode: "" });
  });

  it("when the job runs again the same day, on this process or after a restart, then it does nothing: one run per day", async () => {
    const aged = await withdrawnRequest(server, regisseur);
    await closedMonthsAgo(db, aged.id, 13);
    const day = new Date(Date.now() + 2 * 86_400_000);

    const first = await runRetention(db, settings, day);
    // Aged after the day's run: it waits for the next day.
    const later = await withdrawnRequest(server, regisseur);
    await closedMonthsAgo(db, later.id, 13);
    const second = await runRetention(db, settings, new Date(day.getTime() + 60_000));
    const { app } = server;
    const third = await app.jobs.runDue(new Date(day.getTime() + 120_000), ["retentie"]);

    expect(first).toMatchObject({ ran: true, counts: { requestsPseudonymised: 1 } });
    expect(second).toMatchObject({ ran: false, reason: "al-gedaan" });
    // The scheduler's slot runs, and finds the day done: nothing to count.
    expect(third).toEqual([{ job: "retentie", outcome: "voltooid", counts: {} }]);
    const runs = await db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.day, first.day), eq(jobRuns.job, "retentie")));
    expect(runs).toHaveLength(1);
    expect((await row(later.id)).pseudonymisedAt).toBeNull();
    const ranAudits = await db
      .select({ detail: auditLog.detail })
      .from(auditLog)
      .where(inArray(auditLog.action, ["retentie.uitgevoerd"]));
    expect(ranAudits.length).toBeGreaterThanOrEqual(1);
  });

  it("when a run fails half-way, then nothing of it stays, the beheerder sees the failure, and the next check does the work", async () => {
    const aged = await withdrawnRequest(server, regisseur);
    await closedMonthsAgo(db, aged.id, 13);
    const day = new Date(Date.now() + 3 * 86_400_000);
    const { runDaily } = await import("../../server/jobs/daily.js");
    const { applyRetention } = await import("../../server/features/retention/service.js");
    const failing = {
      name: "retentie" as const,
      run: async (tx: Parameters<typeof applyRetention>[0], now: Date) => {
        await applyRetention(tx, settings, now);
        throw new Error("schijf vol");
      },
    };

    await expect(runDaily(db, failing, day)).rejects.toThrow("schijf vol");
    expect((await row(aged.id)).caseNumber).toBe(aged.caseNumber);
    const overview = await api<RetentionOverview>(server.url, "/api/retention", { as: beheerder });
    expect(overview.body.runs[0]).toMatchObject({ outcome: "mislukt", counts: null, error: "Mislukt: Error" });

    expect(await runRetention(db, settings, day)).toMatchObject({ ran: true });
    expect((await row(aged.id)).caseNumber).toBe(`gepseudonimiseerd-${aged.id}`);
  });

  it("when the beheerder opens the retention overview, then it shows the terms and the runs with what each did, and the read is audited", async () => {
    const res = await api<RetentionOverview>(server.url, "/api/retention?limit=2", { as: beheerder });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      retentionMonths: 12,
      auditRetentionYears: 5,
      messageRetentionDays: 90,
      checkEverySeconds: 3600,
    });
    expect(res.body.runs).toHaveLength(2);
    expect(res.body.runs[0]!.day >= res.body.runs[1]!.day).toBe(true);
    const done = res.body.runs.find((r) => r.outcome === "voltooid");
    expect(done?.counts).toEqual({
      requestsPseudonymised: expect.any(Number),
      auditEntriesBlanked: expect.any(Number),
      auditEntriesDeleted: expect.any(Number),
      messagesDeleted: expect.any(Number),
    });
    const [read] = await db
      .select({ actor: auditLog.actor })
      .from(auditLog)
      .where(eq(auditLog.action, "retentie.gelezen"))
      .orderBy(auditLog.id);
    expect(read?.actor).toBe(`user:${"user" in beheerder ? beheerder.user.id : 0}`);
    const refused = await api(server.url, "/api/retention", { as: regisseur });
    expect(refused.status).toBe(403);
  });
});
