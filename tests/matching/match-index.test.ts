// Each server process ranks matches from its own in-memory index of the locations (match-index.ts). Given a
// national-style data set and random requests, the index's answers equal matchLocations over every location read
// from the database; and given two processes on one database, a change written through one of them (free places,
// a planned departure, a new location) is in the very next match list the other one gives.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomRequests, seedNational } from "../../bench/match-data.js";
import { loadAll } from "../../bench/match-naive.js";
import type { App } from "../../server/app.js";
import { createMatchIndex } from "../../server/features/placements/match-index.js";
import { candidatesIn, presentMatches } from "../../server/features/placements/matching.js";
import { amsterdamToday } from "../../shared/calendar.js";
import { type MatchRequest, matchLocations } from "../../shared/rules/matching.js";
import type { Location } from "../../shared/schemas/capacity.js";
import type { MatchList } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS, type Backend, createTestDatabase, type TestDatabase } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, startAppOn, startTestServer, type TestServer } from "../support/server.js";

const NOW = new Date("2026-11-23T09:00:00Z");
const TODAY = amsterdamToday(NOW);
const STALE_HOURS = 72;
const silent = pino({ level: "silent" });

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

describe.each<Backend>(BACKENDS)("the match index (%s)", (backend) => {
  let database: TestDatabase;
  const requests = randomRequests(120, 7, NOW).map((r) => matchRequestOf(r.input));

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await seedNational(database.db, 1500, 11, NOW);
  });
  afterAll(() => database.close());

  it("when the index ranks and cuts the list, then it equals matchLocations over every location", async () => {
    const everything = await loadAll(database.db);
    // Overdue plans are in the data, so the rule that they no longer count is compared too.
    expect(everything.departures.filter((d) => d.expectedDate < TODAY).length).toBeGreaterThan(10);
    const index = createMatchIndex(database.db, silent, () => NOW);
    const snapshot = await index.current();
    let cut = 0;
    for (const [i, match] of requests.entries()) {
      const limit = i % 3 === 0 ? 10_000 : i % 3 === 1 ? 5 : 50;
      const expected = presentMatches(match, everything, STALE_HOURS, limit, NOW);
      expect(presentMatches(match, candidatesIn(match, snapshot), STALE_HOURS, limit, NOW), `request ${i}`).toEqual(
        expected,
      );
      if (expected.fitting > limit) cut += 1;
    }
    // The comparison means something only when lists were really cut, and some were not.
    expect(cut).toBeGreaterThan(20);
    expect(cut).toBeLessThan(requests.length);
    await index.close();
  });
});

describe("the ranking cut at a limit", () => {
  it("when the list is cut at a limit, then it is the head of the whole ranking, ties included", async () => {
    const database = await createTestDatabase("pglite");
    try {
      await seedNational(database.db, 1500, 13, NOW);
      const { rows, departures } = await loadAll(database.db);
      const locations = rows.map((r) => r.location);
      let tiedAtCut = 0;
      for (const { input } of randomRequests(80, 5, NOW)) {
        const match = matchRequestOf(input);
        const whole = matchLocations(match, locations, departures, Number.POSITIVE_INFINITY, TODAY).matches;
        for (const limit of [1, 5, 50]) {
          const cut = matchLocations(match, locations, departures, limit, TODAY);
          expect(cut.matches).toEqual(whole.slice(0, limit));
          expect(cut.fitting).toBe(whole.length);
          if (whole[limit]?.score === whole[limit - 1]?.score) tiedAtCut += 1;
        }
      }
      // Equal scores across the cut are where a partial ranking could go wrong: they must occur.
      expect(tiedAtCut).toBeGreaterThan(5);
    } finally {
      await database.close();
    }
  });
});

describe.each<Backend>(BACKENDS)("matching on one process, writing through another (%s)", (backend) => {
  let a: TestServer;
  let b: { app: App; url: string; database: TestDatabase };
  let regisseur: Caller;

  beforeAll(async () => {
    a = await startTestServer(backend);
    // A second app on the same database: a second process behind the load balancer, with its own index.
    b = { ...(await startAppOn(a.database)), database: a.database };
    regisseur = await loginAs(a, "regisseur");
  });
  afterAll(async () => {
    await b?.app.close();
    await a?.close();
  });

  /** The location's provider sets its free places through process b. */
  async function setFreeOnB(location: { id: number; providerId: number }, free: number) {
    const provider = await loginAs(b, "aanbieder", location.providerId);
    const current = (await api<Location>(b.url, `/api/locations/${location.id}`, { as: provider })).body;
    const res = await api(b.url, `/api/locations/${location.id}/availability`, {
      method: "PUT",
      body: { version: current.version, free },
      as: provider,
    });
    expect(res.status).toBe(200);
  }

  it("when free places, a planned departure or a new location are written on b, then a's next match list shows them", async () => {
    const opening = await addLocation(a.database.db, { capacity: 4, occupied: 4 });
    const departing = await addLocation(a.database.db, { capacity: 3, occupied: 3 });
    const request = await searchingRequest(a.url, regisseur);
    const matchesOnA = async () => {
      const res = await api<MatchList>(a.url, `/api/requests/${request.id}/matches?limit=100`, { as: regisseur });
      expect(res.status).toBe(200);
      return res.body;
    };
    const listed = (list: MatchList, id: number) => list.matches.find((m) => m.locationId === id);

    const before = await matchesOnA();
    expect(listed(before, opening.id)).toBeUndefined();
    expect(listed(before, departing.id)).toBeUndefined();

    await setFreeOnB(opening, 2);
    const opened = await matchesOnA();
    expect(listed(opened, opening.id)).toMatchObject({ free: 2, availableFrom: null });
    expect(opened.fitting).toBe(before.fitting + 1);
    expect(opened.fitting + opened.excluded).toBe(before.fitting + before.excluded);

    const provider = await loginAs(b, "aanbieder", departing.providerId);
    const leaves = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const planned = await api(b.url, `/api/locations/${departing.id}/planned`, {
      body: { direction: "uitstroom", expectedDate: leaves, certainty: "zeker" },
      as: provider,
    });
    expect(planned.status).toBe(201);
    expect(listed(await matchesOnA(), departing.id)).toMatchObject({ free: 0, availableFrom: leaves });

    await setFreeOnB(opening, 0);
    expect(listed(await matchesOnA(), opening.id)).toBeUndefined();

    // Locations come from the beheer of the database (the seed), not from a route: written straight to it.
    const added = await addLocation(a.database.db, { capacity: 2, occupied: 0 });
    const withNew = await matchesOnA();
    expect(listed(withNew, added.id)).toMatchObject({ free: 2, availableFrom: null });
    expect(withNew.fitting + withNew.excluded).toBe(before.fitting + before.excluded + 1);
  });

  it("when a location with a planned departure is changed on b, then a's next match list counts that departure once", async () => {
    const full = await addLocation(a.database.db, { capacity: 3, occupied: 3 });
    // Two siblings need two places: one planned departure is not enough, two would be.
    const request = await searchingRequest(a.url, regisseur, { siblings: 1 });
    const listedOnA = async () => {
      const res = await api<MatchList>(a.url, `/api/requests/${request.id}/matches?limit=100`, { as: regisseur });
      expect(res.status).toBe(200);
      return res.body.matches.find((m) => m.locationId === full.id);
    };
    const provider = await loginAs(b, "aanbieder", full.providerId);
    const plan = async () => {
      const leaves = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      const planned = await api(b.url, `/api/locations/${full.id}/planned`, {
        body: { direction: "uitstroom", expectedDate: leaves, certainty: "zeker" },
        as: provider,
      });
      expect(planned.status).toBe(201);
    };
    await plan();
    expect(await listedOnA()).toBeUndefined();

    // A lifecycle event: a reads the location anew, and its departures with it.
    const beheerder = await loginAs(b, "beheerder");
    const renamed = await api(b.url, `/api/locations/${full.id}`, {
      method: "PATCH",
      body: { version: full.version, name: `${full.name} (nieuw)` },
      as: beheerder,
    });
    expect(renamed.status).toBe(200);
    expect(await listedOnA()).toBeUndefined();

    // The comparison means something only if a second departure does make it fit.
    await plan();
    expect(await listedOnA()).toMatchObject({ locationName: `${full.name} (nieuw)`, free: 0 });
  });
});
