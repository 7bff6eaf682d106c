// npm run bench:forecast [-- --locations 10000 --changes 30 --repetitions 3
//   --admin-url postgres://postgres@127.0.0.1:5432/postgres --redis redis://127.0.0.1:6379|off --seed 20260101]
// (or BENCH_LOCATIONS, BENCH_CHANGES, ..., BENCH_ADMIN_URL, BENCH_REDIS).
// Forecast recomputation at national scale. Builds the demo region scaled to ~10,000 locations with two years of
// capacity events and planning history in a scratch database bench_forecast_<pid> (dropped at the end, also on
// Ctrl-C), times full recomputes in this process (load, fit, every location, aggregate), then starts the real server
// (server/main.ts) on it and, as a beheerder, registers or moves one planned departure at a time through the API:
// how long until a socket.io client hears forecast:changed, and until GET /api/forecast shows the change. The naive
// baseline, measured in the same run, is the full recompute every change would cost without the incremental update.
// Prints figures; exits 0 on a missed target, 1 only when the bench itself breaks.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import type { Database } from "../server/db/client.js";
import { users } from "../server/db/schema.js";
import { DEFAULT_SEED } from "../server/db/seed/generate.js";
import { Rng } from "../server/db/seed/random.js";
import { hashPassword } from "../server/features/auth/passwords.js";
import * as repo from "../server/features/forecast/repository.js";
import type { Actor } from "../server/policies/types.js";
import type { Forecast } from "../shared/schemas/forecast.js";
import { call, type Headers, signIn } from "./api.js";
import { type AppServer, startAppServer } from "./app-server.js";
import {
  type DataSet,
  incrementalSteps,
  type RecomputeTimes,
  recomputeSteps,
  recomputeViaService,
  seedScaled,
} from "./forecast-data.js";
import { type ChangeSample, createDriver, type ForecastListener, listen } from "./forecast-live.js";
import {
  evaluationRatio,
  type Figures,
  notes,
  type Options,
  resultTable,
  setupTable,
  stepsTable,
  verdict,
} from "./forecast-report.js";
import { numberOption, progress, runBench } from "./report.js";
import { openScratch, type Scratch } from "./scratch.js";

/** Changes timed step by step in this process, on a warm forecast service (no HTTP). */
const INCREMENTAL_IN_PROCESS = 10;

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      locations: { type: "string" },
      changes: { type: "string" },
      repetitions: { type: "string" },
      "admin-url": { type: "string" },
      redis: { type: "string" },
      seed: { type: "string" },
    },
  });
  const env = process.env;
  const number = (name: keyof typeof values, fallback: number, min: number, integer = true) =>
    numberOption(values, name, fallback, min, integer);
  const redis = values.redis ?? env.BENCH_REDIS ?? "redis://127.0.0.1:6379";
  return {
    locations: number("locations", 10_000, 1),
    // Per mode, rounded down to even: every registered departure is moved out again by the next change.
    changes: number("changes", 30, 2) & ~1,
    repetitions: number("repetitions", 3, 1),
    adminUrl: values["admin-url"] ?? env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    redisUrl: redis === "off" ? undefined : redis,
    seed: number("seed", DEFAULT_SEED, 0),
  };
}

/** Full recomputes in this process (the baseline), before the server starts, so it does not compete. */
async function measureFull(database: Database, repetitions: number): Promise<Figures["full"]> {
  const full: Figures["full"] = { service: [], steps: [], refit: [] };
  for (let i = 1; i <= repetitions; i++) {
    const now = new Date();
    full.service.push(await recomputeViaService(database.db));
    const { times, model } = await recomputeSteps(database.db, now);
    full.steps.push(times);
    full.refit.push((await recomputeSteps(database.db, now, model)).times);
    progress(
      `full recompute ${i}/${repetitions}: service ${Math.round(full.service.at(-1) ?? 0)} ms, ` +
        `steps ${describe(times)}`,
    );
  }
  return full;
}

const describe = (t: RecomputeTimes) =>
  `load ${Math.round(t.loadMs)} + fit ${Math.round(t.fitMs)} + states ${Math.round(t.statesMs)} + forecast ` +
  `${Math.round(t.forecastMs)} + aggregate ${Math.round(t.aggregateMs)} ms`;

/** Resident memory of a process in MiB, from /proc; NaN when it cannot be read. */
function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Each thread's nice value (field 19 of /proc/<pid>/task/<tid>/stat), by thread id; empty when unreadable. */
function threadNices(pid: number): Map<number, number> {
  const nices = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      nices.set(Number(tid), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]));
    }
  } catch {
    // the process or a thread ended meanwhile
  }
  return nices;
}

/**
 * Samples a process every half second until stopped: its RSS peak while the evaluation runs, and the highest nice
 * value of a thread other than the main one (the evaluation's worker lowers its own) beside the main thread's.
 */
function evaluationSampler(pid: number): { stop(): { rssPeak: number; threadNice: Figures["threadNice"] } } {
  let peak = rssMiB(pid);
  let workerNice = Number.NaN;
  let mainNice = Number.NaN;
  const sample = () => {
    peak = Math.max(peak, rssMiB(pid));
    for (const [tid, nice] of threadNices(pid)) {
      if (tid === pid) mainNice = nice;
      else workerNice = Number.isNaN(workerNice) ? nice : Math.max(workerNice, nice);
    }
  };
  sample();
  const timer = setInterval(sample, 500);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rssPeak: peak, threadNice: { main: mainNice, worker: workerNice } };
    },
  };
}

async function changes(
  driver: Awaited<ReturnType<typeof createDriver>>,
  mode: "push" | "ask",
  count: number,
  server: AppServer,
): Promise<{ samples: ChangeSample[]; cpuPerChangeMs: number }> {
  const samples: ChangeSample[] = [];
  const cpu = server.cpuMs();
  for (let i = 1; i <= count; i++) {
    samples.push(await driver.change(mode));
    if (i % 10 === 0 || i === count) progress(`${mode}: ${i}/${count} changes`);
  }
  return { samples, cpuPerChangeMs: (server.cpuMs() - cpu) / count };
}

// ---------- main ----------

// Stops the server and drops the scratch database; main and the signal handler share the one run of it, so neither
// exits while the other is still dropping.
let cleanup: (() => Promise<void>) | undefined;
let cleaning: Promise<void> | undefined;
let interrupted = false;
const stop = () => {
  cleaning ??= cleanup ? cleanup() : Promise.resolve();
  return cleaning;
};

async function main() {
  const options = readOptions();
  const startedAt = Date.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const dbName = `bench_forecast_${process.pid}`;
  let scratch: Scratch | undefined;
  let server: AppServer | undefined;
  let events: ForecastListener | undefined;
  let session: Headers | undefined;
  cleanup = async () => {
    events?.close();
    if (server && session) await call(server.url, "/api/auth/logout", session, "POST", {}, 5_000).catch(() => {});
    await server?.stop();
    await scratch?.drop();
  };
  try {
    scratch = await openScratch(options.adminUrl, dbName, 4, progress);
    const { database, url, version } = scratch;
    const { db } = database;

    const data: DataSet = await seedScaled(db, options.locations, options.seed, new Date(), progress);
    const full = await measureFull(database, options.repetitions);

    const password = randomBytes(16).toString("hex");
    const [beheerder] = await db
      .insert(users)
      .values({
        email: "beheerder@bench.twente.nl",
        name: "Bench Beheerder",
        role: "beheerder",
        passwordHash: await hashPassword(password),
      })
      .returning();
    if (!beheerder) throw new Error("account insert failed");
    const locationIds = await repo.locationIds(db);
    const { id, name } = beheerder;
    const actor: Actor = {
      kind: "user",
      id,
      name,
      role: "beheerder",
      providerId: null,
      sessionId: "-",
      csrfToken: "-",
    };
    progress(`incremental in this process: ${INCREMENTAL_IN_PROCESS} changes`);
    const incremental = await incrementalSteps(
      db,
      actor,
      locationIds,
      new Rng(options.seed + 2),
      INCREMENTAL_IN_PROCESS,
    );
    // The bench's own connections stay idle from here on: the server has PostgreSQL to itself.

    progress("starting server/main.ts");
    server = await startAppServer({ DATABASE_URL: url.toString(), REDIS_URL: options.redisUrl ?? "" });
    const listening = performance.now();
    // The server loads the whole history at startup; on a busy machine a login meanwhile can miss the request
    // deadline (503), so it is tried a few times.
    for (let attempt = 1; !session; attempt++) {
      session = await signIn(server.url, beheerder.email, password).catch((err) => {
        if (attempt >= 5 || !String(err).includes(" 503 ")) throw err;
        progress(`login attempt ${attempt} failed with 503, again`);
        return undefined;
      });
    }
    // The server starts building at startup; the first answer waits for that build. The socket joins after it: on a
    // busy machine the build can hold the server past the join's acknowledgement timeout.
    // A request waiting on that build past the server's request deadline gets a 503: ask again until it answers.
    for (let attempt = 1; ; attempt++) {
      const ok = await call(server.url, "/api/forecast", session, "GET", undefined, 300_000).then(
        () => true,
        (err) => {
          if (attempt >= 30 || !String(err).includes("HTTP 503")) throw err;
          return false;
        },
      );
      if (ok) break;
    }
    const serverFirstForecastMs = performance.now() - listening;
    events = await listen(server.url, session);
    progress(`server's first forecast after ${Math.round(serverFirstForecastMs)} ms`);
    // The daily rolling evaluation (weights, bands, accuracy) starts in the background right after the build, in a
    // worker thread: changes are timed while it runs (alternately waiting for the push and asking at once; a sample
    // counts when the evaluation was still running after it), then again on a quiet server once it is done.
    const rssAtBuild = rssMiB(server.pid);
    const sampler = evaluationSampler(server.pid);
    const loadDuringEvaluation = os.loadavg()[0] ?? 0;
    const driver = await createDriver(server.url, session, events, locationIds, new Rng(options.seed + 1));
    const during: Record<"push" | "ask", ChangeSample[]> = { push: [], ask: [] };
    const { url: serverUrl } = server;
    const as = session;
    const isReady = async () =>
      (await call<Forecast>(serverUrl, "/api/forecast", as, "GET", undefined, 300_000)).evaluation.state === "ready";
    for (let i = 0; !(await isReady()); i++) {
      if (during.push.length + during.ask.length >= 2 * options.changes) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      const mode = i % 2 === 0 ? "push" : "ask";
      const sample = await driver.change(mode);
      if (!(await isReady())) during[mode].push(sample);
      if (i % 10 === 9) progress(`during the evaluation: ${i + 1} changes`);
    }
    const serverEvaluationMs = performance.now() - listening;
    const evaluationSample = sampler.stop();
    progress(
      `server's evaluation ready after ${Math.round(serverEvaluationMs)} ms; ` +
        `${during.push.length + during.ask.length} changes timed while it ran`,
    );
    const serverRssMiB = rssMiB(server.pid);

    const loadBeforeChanges = os.loadavg()[0] ?? 0;
    const push = await changes(driver, "push", options.changes, server);
    const ask = await changes(driver, "ask", options.changes, server);

    const figures: Figures = {
      data,
      postgres: `PostgreSQL ${version} on ${url.host}`,
      load: {
        start: loadAtStart,
        evaluation: loadDuringEvaluation,
        incremental: loadBeforeChanges,
        end: os.loadavg()[0] ?? 0,
      },
      serverFirstForecastMs,
      serverEvaluationMs,
      serverRssMiB,
      rss: { build: rssAtBuild, evaluationPeak: evaluationSample.rssPeak, afterEvaluation: serverRssMiB },
      threadNice: evaluationSample.threadNice,
      during,
      full,
      incremental,
      push: push.samples,
      ask: ask.samples,
      serverCpuPerChangeMs: { push: push.cpuPerChangeMs, ask: ask.cpuPerChangeMs },
    };
    console.log(`\nForecast recomputation at national scale, ${new Date().toISOString()}\n`);
    console.log(setupTable(options, figures));
    console.log();
    console.log(resultTable(figures));
    console.log();
    console.log(stepsTable(figures));
    console.log();
    console.log("What the figures include:");
    console.log(
      "- ours: the real server process (server/main.ts), timed in this process from sending the change (POST\n" +
        "  /api/locations/:id/planned or PUT /api/planned/uitstroom/:id, as a beheerder) until a socket.io client\n" +
        "  signed in as that beheerder receives forecast:changed, and until a GET /api/forecast answer (no filter:\n" +
        "  the region total and every care type x gemeente group) counts the change in its week-12 planned\n" +
        "  departures. 'Refetches on forecast:changed' is what the monitor page does; 'asks right after' is a client\n" +
        "  that reads at once. One change at a time, each after the previous one's push. 'Evaluation running':\n" +
        "  the same, alternating the two modes, while the server's daily rolling evaluation (started after its\n" +
        "  build, in a worker thread) was still running after the change showed.",
    );
    console.log(
      "- naive: what each change would cost if the forecast were recomputed from scratch, measured in this process\n" +
        "  with the server's own repository, model and service on the same database before the server started:\n" +
        "  a client could see the change no sooner than that after it was written.",
    );
    console.log(
      "- in process: the server's forecast code on the same database, no HTTP: a full recompute step by step, and\n" +
        `  ${INCREMENTAL_IN_PROCESS} changes on a warm service (the refresh, which recomputes the changed location, then the\n` +
        "  GET /api/forecast answer, which aggregates the total and every care type x gemeente group anew).",
    );
    for (const line of notes(figures)) console.log(line);
    console.log(evaluationRatio(figures));
    console.log();
    console.log(verdict(figures));
    console.log(`Bench took ${((Date.now() - startedAt) / 1000).toFixed(0)} s (data set, full runs, server, changes).`);
  } catch (err) {
    // Interrupted: whatever failed because the server went away is no finding.
    if (!interrupted) throw err;
  } finally {
    await stop();
  }
}

function onSignal(signal: NodeJS.Signals) {
  interrupted = true;
  progress(`${signal}: stopping the server and dropping the scratch database`);
  stop().finally(() => process.exit(130));
}
process.once("SIGINT", onSignal);
process.once("SIGTERM", onSignal);

await runBench(main);
