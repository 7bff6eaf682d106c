// npm run bench:match [-- --locations 10000 --requests 1000 --callers 4 --rate 100 --nodes 2 --arrivals 50
//   --rounds 3 --baseline-requests 40 --admin-url postgres://postgres@127.0.0.1:5432/postgres --redis redis://127.0.0.1:6379|off
//   --seed 2026]
// (or BENCH_LOCATIONS, BENCH_REQUESTS, ..., BENCH_ADMIN_URL, BENCH_REDIS, BENCH_SERVER_NODE_ARGS="--cpu-prof").
// Matching latency at national scale. Builds the 41 jeugdregio's (~10,000 locations) in a scratch database
// bench_match_<pid> on the PostgreSQL server (migrated by server/db/client.ts, dropped at the end), starts the real
// server (server/main.ts, --nodes processes with the Redis adapter, called round robin as a load balancer would) on
// it, creates the requests through the API as a regisseur, then times
// GET /api/requests/:id/matches for every request with a few concurrent callers: once quiet, once while a writer
// sends availability updates through the API at a fixed rate. Baseline in the same run: a naive one-query-per-location
// implementation in this process, same requests, same database, same writer; and, without the writer, a bare
// node:http server holding the same locations in memory (bench/match-bare-server.ts), up beside ours and taking turns
// with it (the whole order each, in --rounds windows): the verdict is the server CPU per call as a ratio to it, with
// the absolute target beside. Then, quiet: every API answer checked
// against matchLocations over every location. Prints figures; exits 0 on a missed target, 1 only
// when the bench itself breaks.

import { randomBytes } from "node:crypto";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { users } from "../server/db/schema.js";
import { Rng } from "../server/db/seed/random.js";
import { hashPassword } from "../server/features/auth/passwords.js";
import type { Actor } from "../server/policies/types.js";
import { DEFAULT_STALE_AFTER_HOURS } from "../shared/rules/freshness.js";
import type { MatchList } from "../shared/schemas/placements.js";
import { call, createSearchingRequest, type Headers, inParallel, signIn } from "./api.js";
import { type AppServer, startAppServer } from "./app-server.js";
import { type Child, startChild, type Usage } from "./ipc.js";
import { JEUGDREGIOS, randomRequests, seedNational } from "./match-data.js";
import {
  arrivalsDrive,
  type Cpu,
  callersDrive,
  difference,
  idleShare,
  measure,
  mergeWindows,
  settle,
} from "./match-measure.js";
import { inProcessMatcher, loadAll, loadOneByOne } from "./match-naive.js";
import {
  cpuPerCall,
  cpuVerdict,
  describeRequests,
  ms,
  type Options,
  type PhaseResult,
  pct,
  resultTable,
  type Sample,
  setupTable,
} from "./match-report.js";
import { fixed, inTurns, numberOption, progress, runBench } from "./report.js";
import { openScratch, type Scratch } from "./scratch.js";
import { createWriter, httpSender } from "./writer.js";

const TARGET_P99_MS = 50;

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      locations: { type: "string" },
      requests: { type: "string" },
      callers: { type: "string" },
      rate: { type: "string" },
      nodes: { type: "string" },
      arrivals: { type: "string" },
      rounds: { type: "string" },
      "baseline-requests": { type: "string" },
      "admin-url": { type: "string" },
      redis: { type: "string" },
      seed: { type: "string" },
    },
  });
  const env = process.env;
  const number = (name: keyof typeof values, fallback: number, min: number, integer = true) =>
    numberOption(values, name, fallback, min, integer);
  const requests = number("requests", 1000, 1);
  const redis = values.redis ?? env.BENCH_REDIS ?? "redis://127.0.0.1:6379";
  return {
    locations: number("locations", 10_000, 1),
    requests,
    callers: number("callers", 4, 1),
    rate: number("rate", 100, 0),
    nodes: number("nodes", 2, 1),
    arrivals: number("arrivals", 50, 1, false),
    rounds: number("rounds", 3, 1),
    // The naive matcher sends one query per location (~10,000 per call), seconds each: a sample of the requests.
    baselineRequests: Math.min(requests, number("baseline-requests", 40, 1)),
    adminUrl: values["admin-url"] ?? env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    redisUrl: redis === "off" ? undefined : redis,
    seed: number("seed", 2026, 0),
    serverNodeArgs: (env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean),
  };
}

// ---------- main ----------

let cleanup: (() => Promise<void>) | undefined;

async function main() {
  const options = readOptions();
  const startedAt = Date.now();
  const dbName = `bench_match_${process.pid}`;
  let scratch: Scratch | undefined;
  const nodes: AppServer[] = [];
  const bareServers: Child[] = [];
  const sessions: { url: string; headers: Headers }[] = [];
  cleanup = async () => {
    cleanup = undefined;
    for (const s of sessions) await call(s.url, "/api/auth/logout", s.headers, "POST", {}, 5_000).catch(() => {});
    await Promise.all([...nodes.map((n) => n.stop()), ...bareServers.map((b) => b.stop())]);
    await scratch?.drop();
  };
  try {
    scratch = await openScratch(options.adminUrl, dbName, options.callers + 2, progress);
    const { database, url, version } = scratch;
    const { db } = database;

    progress(`seeding ${options.locations} locations over ${JEUGDREGIOS.length} jeugdregio's`);
    const data = await seedNational(db, options.locations, options.seed);
    await db.execute("ANALYZE");

    const password = randomBytes(16).toString("hex");
    const passwordHash = await hashPassword(password);
    const [regisseur, beheerder] = await db
      .insert(users)
      .values([
        { email: "regisseur@bench.twente.nl", name: "Bench Regisseur", role: "regisseur", passwordHash },
        { email: "beheerder@bench.twente.nl", name: "Bench Beheerder", role: "beheerder", passwordHash },
      ])
      .returning();
    if (!regisseur || !beheerder) throw new Error("account insert failed");

    progress(`starting server/main.ts (${options.nodes} process${options.nodes > 1 ? "es" : ""})`);
    // One after the other: each migrates the database on start.
    for (let i = 0; i < options.nodes; i++) {
      nodes.push(
        await startAppServer(
          { DATABASE_URL: url.toString(), REDIS_URL: options.redisUrl ?? "" },
          options.serverNodeArgs,
        ),
      );
    }
    const server: Cpu = { cpuMs: () => nodes.reduce((sum, n) => sum + n.cpuMs(), 0) };
    // Round robin over the processes, call by call, as a load balancer would spread them; sessions live in the
    // database, so a cookie from one process is good on every one.
    let turn = 0;
    const nextUrl = () => nodes[turn++ % nodes.length]?.url ?? "";
    const appUrl = nodes[0]?.url ?? "";
    const asRegisseur = await signIn(appUrl, regisseur.email, password);
    const asBeheerder = await signIn(appUrl, beheerder.email, password);
    sessions.push({ url: appUrl, headers: asRegisseur }, { url: appUrl, headers: asBeheerder });

    const items = randomRequests(options.requests, options.seed);
    const requestIds: number[] = new Array(items.length);
    const creating = performance.now();
    await inParallel(items, 8, async (item, i) => {
      requestIds[i] = await createSearchingRequest(appUrl, asRegisseur, item.input, item.ambulant);
      if ((i + 1) % 250 === 0) progress(`requests: ${i + 1}/${items.length} zoekend`);
    });
    progress(`${items.length} requests created in ${Math.round(performance.now() - creating)} ms`);

    const staleAfterHours = DEFAULT_STALE_AFTER_HOURS;
    const actor: Actor = {
      kind: "user",
      id: regisseur.id,
      name: regisseur.name,
      role: "regisseur",
      providerId: null,
      sessionId: "bench",
      csrfToken: "bench",
    };
    const matchesAt =
      (url: () => string) =>
      async (id: number): Promise<Sample> => {
        const res = await fetch(`${url()}/api/requests/${id}/matches`, {
          headers: asRegisseur,
          signal: AbortSignal.timeout(60_000),
        });
        const body = await res.text();
        if (!res.ok) throw new Error(`HTTP ${res.status} ${body.slice(0, 60)}`);
        return { bytes: Buffer.byteLength(body), matches: (JSON.parse(body) as MatchList).matches.length };
      };
    const viaApi = matchesAt(nextUrl);
    const naive = inProcessMatcher(db, actor, staleAfterHours, loadOneByOne);
    const viaNaive = async (id: number): Promise<Sample> => {
      const { json, matches } = await naive(id);
      return { bytes: Buffer.byteLength(json), matches };
    };

    // One fixed shuffle of all requests for every run (the baseline takes the first --baseline-requests of it).
    const order = new Rng(options.seed + 1).sample(requestIds, requestIds.length);
    const senders = nodes.map((n) => httpSender(n.url, asBeheerder));
    let writes = 0;
    const writer = createWriter(data.writerLocationIds, (id, change) =>
      (senders[writes++ % senders.length] as (typeof senders)[number])(id, change),
    );

    // Like for like: as many bare processes as ours, called round robin the same way, their CPU summed over a
    // window as ours' is (each whole process, idle or not, timers included). Up beside ours from here on, so that the
    // two take turns in the same phase of the machine.
    progress(`starting ${options.nodes} bare match server(s) (node:http, the same locations in memory)`);
    for (let i = 0; i < options.nodes; i++) {
      bareServers.push(
        await startChild("bare match server", fileURLToPath(new URL("./match-bare-server.ts", import.meta.url)), {
          ...process.env,
          BENCH_DATABASE_URL: url.toString(),
        }),
      );
    }
    let bareTurn = 0;
    const viaBare = matchesAt(() => `http://127.0.0.1:${bareServers[bareTurn++ % bareServers.length]?.port}`);
    const bareCpu: Cpu = {
      cpuMs: async () => {
        const usages = await Promise.all(bareServers.map((b) => b.request("usage", { gc: false })));
        return usages.reduce((sum: number, u) => sum + (u as Usage).cpuMs, 0);
      },
    };

    // The naive matcher takes seconds a call: at most as many warm-up calls as it is measured with.
    const naiveWarmup = Math.min(4, options.baselineRequests);
    // Every request once through each before measuring: after 50 calls the first window of both still ran partly
    // unoptimised code (one profiled run on 1 process: ours 3.10 ms a call in it and 2.31 in the third window, bare
    // 2.41 and 1.39).
    progress(`warm-up: ${order.length} calls through the API and to bare, ${naiveWarmup} naive`);
    await inParallel(order, options.callers, async (id) => void (await viaApi(id)));
    await inParallel(order, options.callers, async (id) => void (await viaBare(id)));
    await inParallel(order.slice(0, naiveWarmup), options.callers, async (id) => void (await viaNaive(id)));

    const callers = callersDrive(options.callers);
    const oursIdle = await idleShare(server);
    const bareIdle = await idleShare(bareCpu);
    // In turns, each window the whole order.
    const quietWindows: PhaseResult[] = [];
    const bareWindows: PhaseResult[] = [];
    const setups = [
      { name: "ours, no writer", fn: viaApi, cpu: server, windows: quietWindows },
      { name: "bare, no writer", fn: viaBare, cpu: bareCpu, windows: bareWindows },
    ];
    await inTurns(setups, options.rounds, async (s, round) => {
      progress(`${s.name}, window ${round + 1}/${options.rounds}: ${order.length} calls, ${options.callers} callers`);
      s.windows.push(await measure(s.name, order, callers, s.fn, writer, 0, s.cpu));
    });
    const quiet = mergeWindows(quietWindows);
    const bare = mergeWindows(bareWindows);
    await Promise.all(bareServers.map((b) => b.stop()));
    progress(`ours, writer: ${order.length} calls through the API, writer at ${options.rate}/s`);
    const ours = await measure("ours, writer", order, callers, viaApi, writer, options.rate, server);
    await settle(server);
    progress(`ours, arriving: ${order.length} calls at ${options.arrivals}/s, writer at ${options.rate}/s`);
    const arriving = await measure(
      "ours, arriving",
      order,
      arrivalsDrive(options.arrivals),
      viaApi,
      writer,
      options.rate,
      server,
    );
    await settle(server);
    progress(`naive, writer: ${options.baselineRequests} calls in this process, writer at ${options.rate}/s`);
    const baseline = await measure(
      "naive, writer",
      order.slice(0, options.baselineRequests),
      callers,
      viaNaive,
      writer,
      options.rate,
      server,
    );
    await settle(server);

    // Quiet from here on: nothing changes the locations, so one load of every location serves as the reference
    // for all requests.
    progress("checking every API answer against the reference (all locations, no prefilter)");
    const snapshot = await loadAll(db);
    const reference = inProcessMatcher(db, actor, staleAfterHours, async () => snapshot);
    let agreed = 0;
    const disagreements: string[] = [];
    for (const id of order) {
      const api = await call<MatchList>(appUrl, `/api/requests/${id}/matches`, asRegisseur);
      const expected = JSON.parse((await reference(id)).json) as Omit<MatchList, "watching">;
      const diff = difference(api, expected);
      if (diff === undefined) agreed += 1;
      else if (disagreements.length < 3) disagreements.push(`request ${id}: ${diff}`);
    }

    const seconds = (Date.now() - startedAt) / 1000;
    console.log(`\nMatching latency at national scale, ${new Date().toISOString()}\n`);
    console.log(setupTable(options, data, describeRequests(items), `PostgreSQL ${version} on ${url.host}`));
    console.log();
    console.log(resultTable([quiet, bare, ours, arriving], baseline, options));
    console.log();
    console.log("What the figures include:");
    console.log(
      "- ours: GET /api/requests/:id/matches on the real server processes (server/main.ts), timed in this process\n" +
        "  from sending the request to the last byte of the body: HTTP, session lookup, authorisation, reading the\n" +
        "  request (with the watch flag and how far the logs go), catching the process's match index up with the\n" +
        "  logs when they moved, matchLocations, the audit insert and JSON. Every request once per window, in one fixed\n" +
        `  shuffled order: sent by ${options.callers} callers back to back, each sending its next call when the last\n` +
        "  is answered (so the machine is saturated and the figures say what a full machine answers), first\n" +
        `  without the writer, then with it; then arriving at ${options.arrivals}/s whatever the answers take, with\n` +
        "  latency counted from each call's scheduled moment (what a caller sees at that load).",
    );
    console.log(
      `- bare: bench/match-bare-server.ts on ${options.nodes} process${options.nodes > 1 ? "es called round robin as ours are" : " as ours"},\n` +
        "  bundled as the server is: node:http, every location in memory (the app's match index, loaded once at\n" +
        "  start), one query reading the request's row, the same candidatesIn and presentMatches, JSON.stringify. No\n" +
        "  express, session lookup, authorisation, logging, watch flag, audit insert or catch-up of the index. Same\n" +
        "  requests, same order, same callers, no writer; up beside ours, the two taking turns without the writer\n" +
        `  (${options.rounds} windows each, every window the whole order; ours first in odd rounds, bare in even ones).\n` +
        "- server CPU per call: the CPU time of every server process over the whole phase (user + system, all its\n" +
        "  threads, idle moments and timers included; ours from /proc, bare as process.cpuUsage reports it), summed\n" +
        "  over the processes, divided by the calls answered: the same count on the same number of processes.",
    );
    console.log(
      "- naive: bench/match-naive.ts in this process, no HTTP, no session lookup, no authorisation, no watch lookup:\n" +
        "  reading the request, one query for the location ids, then one query per location (row, provider name,\n" +
        "  its open departures), then the same matchLocations, audit insert, list and JSON.stringify. It shares this\n" +
        "  process with the callers and the writer's client; the server processes serve the writer meanwhile.",
    );
    console.log(
      `- same requests in the same order, same database, same writer (${options.rate}/s, running throughout a\n` +
        `  "writer" run). Every request once through the API and to bare, and ${naiveWarmup} naive calls, before\n` +
        "  measuring, not counted.\n" +
        `  After each writer run the bench waits for the server to work off its backlog.`,
    );
    for (const r of [quiet, bare, ours, arriving, baseline]) {
      for (const [reason, n] of r.failures) console.log(`- ${r.name}: ${n} calls failed: ${reason}`);
      const w = r.write;
      if (w && w.failed > 0) {
        const reasons = [...w.failures].map(([reason, n]) => `${n}x ${reason}`).join(", ");
        console.log(`- ${r.name}: ${w.failed} writer updates failed (${reasons})`);
      }
      if (w && w.skipped > 0) {
        console.log(`- ${r.name}: ${w.skipped} writer updates not sent: 200 were already waiting for an answer`);
      }
      if (w && w.maxLagMs > 50) console.log(`- ${r.name}: the writer's schedule ran up to ${ms(w.maxLagMs)} ms late`);
      if (r.cpu.other > 0.25) {
        console.log(
          `- ${r.name}: other processes used ${pct(r.cpu.other)}% of a core meanwhile; rerun on a quiet machine`,
        );
      }
    }
    console.log();
    console.log(
      `Same answers: the API's match lists equal the reference's (matchLocations over every location, without the ` +
        `server's index and prefilter) for ${agreed}/${order.length} requests (quiet, after the runs).`,
    );
    for (const d of disagreements) console.log(`  differs: ${d}`);
    const verdict = (r: PhaseResult) => {
      const p99 = r.latency?.p99;
      const met = p99 !== undefined && p99 <= TARGET_P99_MS && r.failed === 0;
      return `${met ? "MET" : "NOT met"} (p99 ${ms(p99)} ms${r.failed ? `, ${r.failed} failed calls` : ""})`;
    };
    // A latency target holds at a given load: the arriving run offers one. Back to back, every caller sends its next
    // call the moment the last is answered, so its p99 is the queue of a saturated machine: a throughput figure.
    console.log(
      `Target p99 <= ${TARGET_P99_MS} ms on ${os.cpus().length} cores with the writer at ${options.rate}/s, calls ` +
        `arriving at ${options.arrivals}/s: ${verdict(arriving)}. Saturating (${options.callers} callers back to ` +
        `back, ${ms(ours.calls / (ours.wallMs / 1000))} matches/s): ${verdict(ours)}; without the writer p99 ` +
        `${ms(quiet.latency?.p99)} ms.`,
    );
    console.log(cpuVerdict(quiet, bare, options));
    // Each window apart, in the order taken: how far the phase of the machine moved both while they took turns.
    const perWindow = (windows: PhaseResult[]) => windows.map((w) => fixed(cpuPerCall(w), 2)).join(" / ");
    console.log(
      `Per window (ms per call, window 1 to ${options.rounds}): ours ${perWindow(quietWindows)}; bare ${perWindow(bareWindows)}.`,
    );
    // Counted in both figures alike: what the processes spend with nobody calling, over each one's phase.
    const idlePerCall = (share: number, r: PhaseResult) => fixed((share * r.wallMs) / Math.max(1, r.calls), 2);
    console.log(
      `Idle, 2 s before the windows: ours ${pct(oursIdle)}% of a core, bare ${pct(bareIdle)}% (of that per call ` +
        `over the windows: ours ${idlePerCall(oursIdle, quiet)} ms, bare ${idlePerCall(bareIdle, bare)} ms).`,
    );
    console.log(`Bench took ${seconds.toFixed(0)} s (data set, server start, requests, runs, checks).`);
  } finally {
    await cleanup?.();
  }
}

function interrupted(signal: NodeJS.Signals) {
  progress(`${signal}: stopping the server and dropping the scratch database`);
  const done = cleanup ? cleanup() : Promise.resolve();
  done.finally(() => process.exit(130));
}
process.once("SIGINT", interrupted);
process.once("SIGTERM", interrupted);

await runBench(main);
