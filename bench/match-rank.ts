// tsx bench/match-rank.ts [rounds]: the ranking of a match call alone, in this process, CPU per call. The national
// data set of bench:match (10,000 locations) is seeded once into a scratch database, read as the match index reads it
// and kept in BENCH_RANK_FIXTURE (default /tmp/match-rank-fixture.json) for the next run; then every request is
// ranked `rounds` times (candidatesIn, presentMatches, JSON.stringify of the list) and process.cpuUsage says what that
// cost per call, split in its three stages. For A/B of a change to the ranking: run it on both trees, alternating.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { pino } from "pino";
import { createMatchIndex, indexOf, type MatchSnapshot } from "../server/features/placements/match-index.js";
import { candidatesIn, presentMatches } from "../server/features/placements/matching.js";
import type { CandidateRow } from "../server/features/placements/repository.js";
import { DEFAULT_STALE_AFTER_HOURS } from "../shared/rules/freshness.js";
import type { MatchRequest, PlannedDeparture } from "../shared/rules/matching.js";
import { randomRequests, seedNational } from "./match-data.js";
import { openScratch } from "./scratch.js";

const FIXTURE = process.env.BENCH_RANK_FIXTURE ?? "/tmp/match-rank-fixture.json";

interface Fixture {
  now: string;
  rows: CandidateRow[];
  departures: [number, readonly PlannedDeparture[]][];
  day: string;
  requests: MatchRequest[];
}

async function makeFixture(): Promise<Fixture> {
  const scratch = await openScratch(
    "postgres://postgres@127.0.0.1:5432/postgres",
    `bench_rank_${process.pid}`,
    2,
    (m) => console.error(m),
  );
  try {
    const now = new Date();
    await seedNational(scratch.database.db, 10_000, 2026, now);
    const index = createMatchIndex(scratch.database.db, pino({ level: "silent" }));
    const snapshot = await index.current();
    await index.close();
    const requests = randomRequests(300, 2026, now).map(({ input }) => ({ ...input, flags: input.flags ?? [] }));
    return {
      now: now.toISOString(),
      rows: [...snapshot.locations.values()],
      departures: [...snapshot.departures],
      day: snapshot.day,
      requests,
    };
  } finally {
    await scratch.drop();
  }
}

function snapshotOf(f: Fixture): MatchSnapshot {
  for (const read of f.rows) read.location.lastConfirmedAt = new Date(read.location.lastConfirmedAt);
  // As the match index keeps them.
  return indexOf(
    f.rows,
    f.departures.flatMap(([, list]) => list),
    f.day,
  );
}

const fixture: Fixture = existsSync(FIXTURE)
  ? (JSON.parse(readFileSync(FIXTURE, "utf8")) as Fixture)
  : await makeFixture().then((f) => {
      writeFileSync(FIXTURE, JSON.stringify(f));
      return JSON.parse(JSON.stringify(f)) as Fixture;
    });
const snapshot = snapshotOf(fixture);
const now = new Date(fixture.now);
const rounds = Number(process.argv[2] ?? 5);
const stages = { candidates: 0, rank: 0, json: 0 };
let bytes = 0;
// The answers of the first round, hashed: a change to the ranking must leave them as they were.
const answers = createHash("sha256");
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// One round unmeasured: the JIT's first pass.
for (let round = 0; round <= rounds; round++) {
  for (const [i, match] of fixture.requests.entries()) {
    const t0 = cpu();
    const candidates = candidatesIn(match, snapshot);
    const t1 = cpu();
    const listed = presentMatches(match, candidates, DEFAULT_STALE_AFTER_HOURS, undefined, now);
    const t2 = cpu();
    const json = JSON.stringify({ requestId: i, ...listed, watching: false });
    const t3 = cpu();
    if (round === 0) {
      answers.update(json);
      continue;
    }
    stages.candidates += t1 - t0;
    stages.rank += t2 - t1;
    stages.json += t3 - t2;
    bytes += json.length;
  }
}
const calls = rounds * fixture.requests.length;
const us = (ms: number) => `${Math.round((ms * 1000) / calls)} µs`;
console.log(
  `${calls} calls over ${snapshot.locations.size} locations: CPU per call ${us(stages.candidates + stages.rank + stages.json)} ` +
    `(candidatesIn ${us(stages.candidates)}, presentMatches ${us(stages.rank)}, JSON.stringify ${us(stages.json)}); ` +
    `${Math.round(bytes / calls / 100) / 10} kB per answer; answers ${answers.digest("hex").slice(0, 16)}`,
);
