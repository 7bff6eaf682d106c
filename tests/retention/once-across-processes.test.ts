// The daily retention job runs once a day across processes: two apps on one PostgreSQL, each with its own connection
// pool and its own scheduler, pseudonymise an aged request once and record one run; started together they still do it
// once, and a process started later the same day finds the day's slot taken. On PGlite the one process does it.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../server/db/client.js";
import { auditLog, jobRuns, placementRequests, scheduledJobs } from "../../server/db/schema.js";
import { type RetentionSettings, runRetention } from "../../server/features/retention/service.js";
import { amsterdamToday } from "../../shared/calendar.js";
import { type Caller, loginAs } from "../support/auth.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { eventually, startAppOn } from "../support/server.js";
import { closedMonthsAgo, withdrawnRequest } from "./aged.js";

const settings: RetentionSettings = {
  retentionMonths: 12,
  auditRetentionYears: 5,
  messageRetentionDays: 90,
  checkEverySeconds: 0.2,
};
/** Every app here checks five times a second whether today's run is still to do. */
const env = { DAILY_JOBS_CHECK_SECONDS: "0.2" };

const completedRuns = (db: Database["db"], day?: string) =>
  db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.outcome, "voltooid"), day ? eq(jobRuns.day, day) : undefined));

describe("retention across processes on postgres", () => {
  let database: TestDatabase;
  let second: Database;
  const apps: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    // Its own pool, as another process would have.
    second = await openDatabase({ databaseUrl: database.url! });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await second?.close();
    await database?.close();
  });

  it("when two processes check every 0.2 s, then one of them pseudonymises the aged request and today has one run", async () => {
    // The request is made through a process whose timer does not run yet; then two processes start checking.
    const maker = await startAppOn(database, { env: { DAILY_JOBS_CHECK_SECONDS: "3600" } });
    apps.push(maker);
    const regisseur: Caller = await loginAs({ url: maker.url, database }, "regisseur");
    const aged = await withdrawnRequest({ ...maker, database }, regisseur);
    await closedMonthsAgo(database.db, aged.id, 13);

    apps.push(await startAppOn(database, { env }), await startAppOn(second, { env }));
    await eventually(async () => (await completedRuns(database.db)).length > 0);
    // Another 25 checks of each process.
    await new Promise((r) => setTimeout(r, 2500));

    expect(await completedRuns(database.db)).toHaveLength(1);
    const [row] = await database.db.select().from(placementRequests).where(eq(placementRequests.id, aged.id));
    expect(row?.caseNumber).toBe(`gepseudonimiseerd-${aged.id}`);
    const ran = await database.db.select().from(auditLog).where(eq(auditLog.action, "retentie.uitgevoerd"));
    expect(ran).toHaveLength(1);
    expect(ran[0]?.detail).toMatch(/^1 verzoek\(en\) gepseudonimiseerd/);
  });

  it("when both processes start the same day's run at the same moment, then exactly one does it", async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);

    const outcomes = await Promise.all([
      runRetention(database.db, settings, tomorrow),
      runRetention(second.db, settings, tomorrow),
      runRetention(database.db, settings, tomorrow),
      runRetention(second.db, settings, tomorrow),
    ]);

    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ran).map((o) => !o.ran && o.reason)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(al-gedaan|bezig)$/)]),
    );
    expect(await completedRuns(database.db, outcomes[0]!.day)).toHaveLength(1);
  });

  it("when a process starts again later the same day, then it does not run the job a second time", async () => {
    // Every process stops (a deploy, say); one starts again.
    for (const app of apps.splice(0)) await app.close();
    const restarted = await startAppOn(database, { env: { DAILY_JOBS_CHECK_SECONDS: "3600" } });
    apps.push(restarted);

    const outcomes = await restarted.app.jobs.runDue(new Date(), ["retentie"]);

    // Today's slot was taken: the next one is tomorrow night, whichever process gets there first.
    expect(outcomes).toEqual([]);
    expect(await completedRuns(database.db, amsterdamToday())).toHaveLength(1);
    const [slot] = await database.db.select().from(scheduledJobs).where(eq(scheduledJobs.name, "retentie"));
    expect(slot).toMatchObject({ lastOutcome: "voltooid", failures: 0 });
    expect(slot!.nextRunAt.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("retention on the embedded database", () => {
  let database: TestDatabase;
  let app: { close(): Promise<void> } | undefined;
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it("when its one process checks every 0.2 s, then the aged request is pseudonymised and today has one run", async () => {
    database = await createTestDatabase("pglite");
    // Made and aged before any timer runs; then the process restarts with one that checks often.
    const maker = await startAppOn(database, { env: { DAILY_JOBS_CHECK_SECONDS: "3600" } });
    const regisseur = await loginAs({ url: maker.url, database }, "regisseur");
    const aged = await withdrawnRequest({ ...maker, database }, regisseur);
    await closedMonthsAgo(database.db, aged.id, 13);
    await maker.close();
    app = await startAppOn(database, { env });

    await eventually(async () => {
      const [row] = await database.db.select().from(placementRequests).where(eq(placementRequests.id, aged.id));
      return row?.pseudonymisedAt != null;
    });
    await new Promise((r) => setTimeout(r, 1000));

    expect(await completedRuns(database.db)).toHaveLength(1);
  });
});
