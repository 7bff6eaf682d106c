// The scheduler runs each slot of a job once across processes: two schedulers, each on its own connection pool to one
// PostgreSQL, never run a slot twice, whether they race for it or tick side by side; a new process resumes from the
// table instead of running the slot again; a failed run leaves nothing behind, is recorded, and the next slot retries.
// On PGlite the one process does the same.
import { eq, sql } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../server/db/client.js";
import { providers, scheduledJobs } from "../../server/db/schema.js";
import { type Job, type Scheduler, startScheduler } from "../../server/jobs/scheduler.js";
import type { JobName } from "../../shared/schemas/jobs.js";
import { BACKENDS, type Backend, createTestDatabase, type TestDatabase } from "../support/database.js";
import { randomAgbCode } from "../support/fixtures.js";

const logger = pino({ level: "silent" });
// Names of jobs no app registers in these scratch databases: the tests own their rows.
const COUNTED: JobName = "dagelijkse-samenvatting";
const FAILING: JobName = "cijfers-herinneringen";

function scheduler(db: Database["db"], jobs: Job[]): Scheduler {
  // Daily checks out of the way: these tests drive their jobs by runDue or by the every-second tick.
  return startScheduler({ db, jobs, dailyCheckMs: 3_600_000, logger });
}

const rowOf = async (db: Database["db"], name: JobName) =>
  (await db.select().from(scheduledJobs).where(eq(scheduledJobs.name, name)))[0];

describe("scheduler on two processes sharing one PostgreSQL", () => {
  let database: TestDatabase;
  let second: Database;
  const started: Scheduler[] = [];
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    second = await openDatabase({ databaseUrl: database.url! });
  });
  afterAll(async () => {
    for (const s of started) await s.close();
    await second?.close();
    await database?.close();
  });
  const start = (db: Database["db"], jobs: Job[]) => {
    const s = scheduler(db, jobs);
    started.push(s);
    return s;
  };

  it("when both race for the same slot many times over, then exactly one run happens per slot", async () => {
    const runs: Date[] = [];
    const job: Job = {
      name: COUNTED,
      schedule: { everySeconds: 60 },
      run: async (now) => {
        runs.push(now);
        return { counted: 1 };
      },
    };
    const a = start(database.db, [job]);
    const b = start(second.db, [job]);
    const at = new Date(Date.now() + 3_600_000);

    const outcomes = (await Promise.all([a, b, a, b, a, b, a, b].map((s) => s.runDue(at, [COUNTED])))).flat();

    expect(outcomes).toEqual([{ job: COUNTED, outcome: "voltooid", counts: { counted: 1 } }]);
    expect(runs).toEqual([at]);
    expect(await rowOf(database.db, COUNTED)).toMatchObject({
      nextRunAt: new Date(at.getTime() + 60_000),
      lastOutcome: "voltooid",
      lastCounts: { counted: 1 },
      failures: 0,
    });
    await Promise.all([a.close(), b.close()]);
  });

  it("when both tick every second for four seconds, then the slots run one after another, a second apart", async () => {
    const runs: number[] = [];
    const name: JobName = "ambulant-te-laat";
    const job: Job = {
      name,
      schedule: { everySeconds: 1 },
      run: async (now) => {
        runs.push(now.getTime());
        return {};
      },
    };
    const a = start(database.db, [job]);
    const b = start(second.db, [job]);

    await new Promise((r) => setTimeout(r, 4200));
    await Promise.all([a.close(), b.close()]);

    // Each claim moves the slot one second past the time it was claimed at: no two runs within a second.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(5);
    const gaps = runs.slice(1).map((t, i) => t - runs[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000);
  });

  it("when every process stops and a new one starts, then it resumes the schedule: the slot that ran is not run again", async () => {
    const runs: Date[] = [];
    const job: Job = {
      name: "retentie",
      schedule: { dailyAtHour: 3 },
      run: async (now) => {
        runs.push(now);
        return {};
      },
    };
    // 13:00 in Amsterdam (winter time); the next slot is 03:00 the next night, 02:00 UTC.
    const noon = new Date("2031-01-15T12:00:00Z");
    const before = start(database.db, [job]);
    expect(await before.runDue(noon)).toHaveLength(1);
    await before.close();

    const restarted = start(second.db, [job]);
    expect(await restarted.runDue(new Date("2031-01-15T18:00:00Z"))).toEqual([]);
    expect(await restarted.runDue(new Date("2031-01-16T01:59:59Z"))).toEqual([]);
    expect(await restarted.runDue(new Date("2031-01-16T02:00:00Z"))).toHaveLength(1);

    expect(runs).toEqual([noon, new Date("2031-01-16T02:00:00Z")]);
    expect((await rowOf(database.db, "retentie"))?.nextRunAt).toEqual(new Date("2031-01-17T02:00:00Z"));
  });
});

describe.each(BACKENDS)("a failing job on %s", (backend: Backend) => {
  let database: TestDatabase;
  let jobs: Scheduler;
  let attempts = 0;
  const agbCodes: string[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    // Writes a provider, then fails in the database the first two times: the write must not stay.
    const job: Job = {
      name: FAILING,
      schedule: { everySeconds: 300 },
      run: (now) =>
        database.db.transaction(async (tx) => {
          attempts += 1;
          const agbCode = randomAgbCode();
          agbCodes.push(agbCode);
          await tx.insert(providers).values({ name: `Taak ${now.toISOString()}`, agbCode, kind: "aanbieder" });
          if (attempts <= 2) await tx.execute(sql`select 1 / 0`);
          return { written: 1 };
        }),
    };
    jobs = scheduler(database.db, [job]);
  });
  afterAll(async () => {
    await jobs?.close();
    await database?.close();
  });
  const written = async () =>
    (await database.db.select({ agb: providers.agbCode }).from(providers)).filter((p) => agbCodes.includes(p.agb));

  it("when a run fails, then its work is rolled back, the failure is recorded without data, and the next slot tries again until it completes", async () => {
    const t0 = new Date(Date.now() + 60_000);

    expect(await jobs.runDue(t0)).toEqual([{ job: FAILING, outcome: "mislukt", error: "databasefout 22012" }]);
    expect(await written()).toEqual([]);
    expect(await rowOf(database.db, FAILING)).toMatchObject({
      lastOutcome: "mislukt",
      lastError: "databasefout 22012",
      failures: 1,
      lastSucceededAt: null,
    });
    // Not again in the same slot.
    expect(await jobs.runDue(new Date(t0.getTime() + 299_000))).toEqual([]);

    expect(await jobs.runDue(new Date(t0.getTime() + 300_000))).toMatchObject([{ outcome: "mislukt" }]);
    expect((await rowOf(database.db, FAILING))?.failures).toBe(2);

    expect(await jobs.runDue(new Date(t0.getTime() + 600_000))).toEqual([
      { job: FAILING, outcome: "voltooid", counts: { written: 1 } },
    ]);
    expect(await written()).toHaveLength(1);
    const row = await rowOf(database.db, FAILING);
    expect(row).toMatchObject({ lastOutcome: "voltooid", lastError: null, failures: 0, lastCounts: { written: 1 } });
    expect(row?.lastSucceededAt).toBeInstanceOf(Date);
    expect(attempts).toBe(3);
  });
});
