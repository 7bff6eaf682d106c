// The database preselects and ranks match candidates (repository.matchCandidates, ranking.ts) so that only the best
// rows reach the server. Given a national-style data set and random requests, when the server's path is compared
// with matchLocations over every location, then both list the same locations in the same order with the same
// counts, on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomRequests, seedNational } from "../../bench/match-data.js";
import { loadAll } from "../../bench/match-naive.js";
import { presentMatches } from "../../server/features/placements/matching.js";
import { matchCandidates } from "../../server/features/placements/repository.js";
import { amsterdamToday } from "../../shared/calendar.js";
import type { MatchRequest } from "../../shared/rules/matching.js";
import { type Backend, createTestDatabase, type TestDatabase } from "../support/database.js";

const NOW = new Date("2026-11-23T09:00:00Z");
const TODAY = amsterdamToday(NOW);
const STALE_HOURS = 72;

function matchRequestOf(input: ReturnType<typeof randomRequests>[number]["input"]): MatchRequest {
  return {
    age: input.age,
    gender: input.gender,
    homePostcode: input.homePostcode,
    schoolPostcode: input.schoolPostcode ?? null,
    characteristics: input.characteristics ?? [],
    acceptableCareTypes: input.acceptableCareTypes,
    siblings: input.siblings ?? 0,
    wantedStart: input.wantedStart,
  };
}

describe.each<Backend>(["pglite", "postgres"])("matching candidates ranked by the database (%s)", (backend) => {
  let database: TestDatabase;
  const requests = randomRequests(120, 7, NOW).map((r) => matchRequestOf(r.input));

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await seedNational(database.db, 1500, 11, NOW);
  });
  afterAll(() => database.close());

  it("when the database ranks and cuts the list, then it equals matchLocations over every location", async () => {
    const everything = await loadAll(database.db);
    // Overdue plans are in the data, so the rule that they no longer count is compared too.
    expect(everything.departures.filter((d) => d.expectedDate < TODAY).length).toBeGreaterThan(10);
    let cut = 0;
    for (const [i, match] of requests.entries()) {
      const limit = i % 2 === 0 ? 5 : 50;
      const expected = presentMatches(match, everything, STALE_HOURS, limit, NOW);
      const ranked = presentMatches(
        match,
        await matchCandidates(database.db, match, limit, TODAY),
        STALE_HOURS,
        limit,
        NOW,
      );
      expect(ranked, `request ${i}`).toEqual(expected);
      if (expected.fitting > limit) cut += 1;
    }
    // The comparison means something only when lists were really cut.
    expect(cut).toBeGreaterThan(20);
  });

  it("when the database preselects without ranking, then it returns exactly the locations that fit", async () => {
    const everything = await loadAll(database.db);
    for (const [i, match] of requests.entries()) {
      const expected = presentMatches(match, everything, STALE_HOURS, 10_000, NOW);
      const candidates = await matchCandidates(database.db, match, undefined, TODAY);
      expect(candidates.rows.length, `request ${i}`).toBe(expected.fitting);
      expect(presentMatches(match, candidates, STALE_HOURS, 10_000, NOW)).toEqual(expected);
    }
  });
});
