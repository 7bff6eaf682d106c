// Each server process ranks matches from its own in-memory index of the locations (match-index.ts). Given a
// national-style data set and random requests, the index's answers equal matchLocations over every location read
// from the database; and given two processes on one database, a change written through one of them (free places,
// a planned departure, a new location) is in the very next match list the other one gives.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomRequests, seedNational } from "../../bench/match-data.js";
import { loadAll } from "../../bench/match-naive.js";
import type { App } from "../../server/app.js";
import { users } from "../../server/db/schema.js";
import { Rng } from "../../server/db/seed/random.js";
import { type CapacityDeps, changeOccupancy } from "../../server/features/capacity/service.js";
import { cancelMove, type PlanningDeps, registerMove } from "../../server/features/forecast/planning.js";
import { createMatchIndex } from "../../server/features/placements/match-index.js";
import { candidatesIn, presentMatches } from "../../server/features/placements/matching.js";
import type { ChangeContext } from "../../server/policies/types.js";
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

describe("the match index's open rows as counts and plans change", () => {
  it("when places are taken and freed and departures planned and cancelled, then every list holds exactly the open rows and ranks as the reference", async () => {
    const database = await createTestDatabase("pglite");
    const now = () => new Date();
    try {
      await seedNational(database.db, 600, 17);
      const [user] = await database.db
        .insert(users)
        .values({ email: "index@test.twente.nl", name: "Index", role: "beheerder", passwordHash: "x" })
        .returning();
      if (!user) throw new Error("no user");
      const ctx: ChangeContext = {
        actor: {
          kind: "user",
          id: user.id,
          name: user.name,
          role: "beheerder",
          providerId: null,
          sessionId: "s",
          csrfToken: "",
        },
        ip: "127.0.0.1",
      };
      const capacity: CapacityDeps = { db: database.db, publish: () => {}, staleAfterHours: STALE_HOURS };
      const planning: PlanningDeps = { db: database.db, changed: () => {} };
      const index = createMatchIndex(database.db, silent, now);
      await index.current();
      const rng = new Rng(23);
      const requests = randomRequests(40, 29).map((r) => matchRequestOf(r.input));
      const planned: number[] = [];
      const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      let joined = 0;
      let left = 0;
      for (let round = 0; round < 6; round++) {
        const before = await loadAll(database.db);
        for (const row of rng.sample(before.rows, 40)) {
          const l = row.location;
          // Open locations give all their free places away, full ones gain one (when a youth is there to leave):
          // each crosses the line.
          if (l.free > 0) {
            await changeOccupancy(capacity, l.id, { change: "bezet", places: l.free }, ctx);
            left += 1;
          } else {
            const freed = await changeOccupancy(capacity, l.id, { change: "vrijgekomen", places: 1 }, ctx).then(
              () => true,
              () => false,
            );
            if (freed) joined += 1;
          }
        }
        for (const row of rng.sample(before.rows, 10)) {
          const move = { direction: "uitstroom", expectedDate: soon, certainty: "zeker" } as const;
          planned.push((await registerMove(planning, row.location.id, move, ctx)).id);
        }
        for (const id of planned.splice(0, round % 2 === 0 ? 3 : 8)) await cancelMove(planning, "uitstroom", id, ctx);

        const snapshot = await index.current();
        const everything = await loadAll(database.db);
        const open = new Set(everything.rows.filter((r) => r.location.free > 0).map((r) => r.location.id));
        // The index holds departures from today on; overdue ones no longer count (matching-availability.ts).
        const today = amsterdamToday(now());
        for (const d of everything.departures) if (d.expectedDate >= today) open.add(d.locationId);
        const listed = [...snapshot.byCareType.values()].flatMap((list) =>
          list.map((row, at) => {
            expect(row.openAt, `location ${row.location.id}`).toBe(at);
            expect(snapshot.byCareType.get(row.location.careType)).toBe(list);
            return row.location.id;
          }),
        );
        expect(new Set(listed).size).toBe(listed.length);
        expect(new Set(listed)).toEqual(open);
        for (const [i, match] of requests.entries()) {
          const at = now();
          expect(
            presentMatches(match, candidatesIn(match, snapshot), STALE_HOURS, 50, at),
            `round ${round}, request ${i}`,
          ).toEqual(presentMatches(match, everything, STALE_HOURS, 50, at));
        }
      }
      // Rows really moved both ways, many times over.
      expect(joined).toBeGreaterThan(30);
      expect(left).toBeGreaterThan(30);
      await index.close();
    } finally {
      await database.close();
    }
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
