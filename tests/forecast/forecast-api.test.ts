// The live forecast through the API: planned moves show in a location's forecast, every change reaches signed-in
// sockets as forecast:changed, aggregates add up, and a change made through another server process is included.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createForecastService } from "../../server/features/forecast/service.js";
import { amsterdamToday } from "../../shared/calendar.js";
import type { Municipality } from "../../shared/domain.js";
import type { Forecast, LocationForecast, PlannedMove } from "../../shared/schemas/forecast.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import {
  api,
  type ClientSocket,
  connectSocket,
  startAppOn,
  startTestServer,
  type TestServer,
} from "../support/server.js";

/** A calendar day relative to today in Amsterdam, as the server judges "today". */
function day(offsetDays: number): string {
  return new Date(Date.parse(`${amsterdamToday()}T00:00:00Z`) + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** A signed-in socket in the totals room, where forecast pushes go (a socket joins it when its page shows them). */
async function forecastSocket(url: string, as: Parameters<typeof connectSocket>[1]): Promise<ClientSocket> {
  const socket = await connectSocket(url, as);
  const joined = await socket.timeout(2000).emitWithAck("capacity:subscribe", { scope: "capaciteit-totalen" });
  if (!joined.ok) throw new Error(`could not join the totals room: ${joined.error}`);
  return socket;
}

/** The next forecast:changed push; listen before acting, so a fast push is not missed. */
function nextForecastPush(socket: ClientSocket, timeoutMs = 5000): Promise<{ seq: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off("forecast:changed", listener);
      reject(new Error("no forecast:changed arrived"));
    }, timeoutMs);
    const listener = (change: { seq: number }) => {
      clearTimeout(timer);
      socket.off("forecast:changed", listener);
      resolve(change);
    };
    socket.on("forecast:changed", listener);
  });
}

describe.each(BACKENDS)("live forecast on %s", (backend) => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer(backend);
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  const forecastOf = async (locationId: number, url = server.url) => {
    const res = await api<LocationForecast>(url, `/api/locations/${locationId}/forecast`, { as: regisseur });
    expect(res.status).toBe(200);
    return res.body;
  };
  const register = async (locationId: number, expectedDate: string, as: Caller) => {
    const body = { direction: "uitstroom", expectedDate, certainty: "zeker" };
    const res = await api<PlannedMove>(server.url, `/api/locations/${locationId}/planned`, { body, as });
    expect(res.status).toBe(201);
    return res.body;
  };

  it("when a full location has two zeker departures next week, then its forecast shows them, and moving one by three weeks and cancelling the other changes it, pushed live each time", async () => {
    const location = await addLocation(server.database.db, { capacity: 6, occupied: 6, careType: "gezinshuis" });
    // The same location without plans: what the model expects anyway.
    const twin = await addLocation(server.database.db, { capacity: 6, occupied: 6, careType: "gezinshuis" });
    const planner = await loginAs(server, "aanbieder", location.providerId);
    const socket = await forecastSocket(server.url, await loginAs(server, "verwijzer"));

    const registered = nextForecastPush(socket);
    const first = await register(location.id, day(3), planner);
    const second = await register(location.id, day(4), planner);
    await registered;
    const before = await forecastOf(location.id);
    const baseline = await forecastOf(twin.id);

    expect(before).toMatchObject({ locationId: location.id, capacity: 6, freeNow: 0 });
    expect(before.weeks).toHaveLength(12);
    expect(before.weeks.map((w) => w.plannedDepartures)).toEqual(Array(12).fill(2));
    expect(before.weeks[0]?.date).toBe(day(7));
    expect(baseline.weeks.map((w) => w.plannedDepartures)).toEqual(Array(12).fill(0));
    expect(before.weeks[1]!.expected).toBeGreaterThan(baseline.weeks[1]!.expected + 0.75);

    const moved = nextForecastPush(socket);
    const moveAnswer = await api(server.url, `/api/planned/uitstroom/${first.id}`, {
      method: "PUT",
      body: { expectedDate: day(24), certainty: "zeker" },
      as: planner,
    });
    expect(moveAnswer.status).toBe(200);
    await moved;
    const afterMove = await forecastOf(location.id);
    expect(afterMove.weeks.map((w) => w.plannedDepartures)).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(afterMove.weeks[1]!.expected).toBeLessThan(before.weeks[1]!.expected);

    const cancelled = nextForecastPush(socket);
    const cancelAnswer = await api(server.url, `/api/planned/uitstroom/${second.id}/cancel`, {
      method: "POST",
      as: planner,
    });
    expect(cancelAnswer.status).toBe(200);
    await cancelled;
    const after = await forecastOf(location.id);
    expect(after.weeks.map((w) => w.plannedDepartures)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(after.weeks[1]!.expected).toBeLessThan(afterMove.weeks[1]!.expected);
    // The moved departure still frees a place, three weeks later than first planned.
    expect(after.weeks[3]!.expected).toBeGreaterThan(baseline.weeks[3]!.expected + 0.4);
    socket.disconnect();
  });

  it("when a place is taken, then the push carries the capacity event's seq and the forecast includes it", async () => {
    const location = await addLocation(server.database.db, { capacity: 4, occupied: 1 });
    const planner = await loginAs(server, "aanbieder", location.providerId);
    const socket = await forecastSocket(server.url, planner);
    expect((await forecastOf(location.id)).freeNow).toBe(3);

    const pushed = nextForecastPush(socket);
    const taken = await api<{ version: number }>(server.url, `/api/locations/${location.id}/occupancy`, {
      body: { change: "bezet", places: 2 },
      as: planner,
    });
    expect(taken.status).toBe(200);
    const { seq } = await pushed;

    const events = await api<{ events: { seq: number; locationId: number }[] }>(
      server.url,
      `/api/events?after=${seq - 1}`,
      { as: regisseur },
    );
    expect(events.body.events[0]).toMatchObject({ seq, locationId: location.id });
    expect((await forecastOf(location.id)).freeNow).toBe(1);
    socket.disconnect();
  });

  it("when a municipality's locations are forecast, then its aggregate is the sum of their expected values", async () => {
    const municipality: Municipality = backend === "pglite" ? "Tubbergen" : "Dinkelland";
    const locations = [
      await addLocation(server.database.db, { municipality, careType: "gezinshuis", capacity: 4, occupied: 3 }),
      await addLocation(server.database.db, { municipality, careType: "residentieel", capacity: 10, occupied: 9 }),
      await addLocation(server.database.db, { municipality, careType: "residentieel", capacity: 8, occupied: 8 }),
    ];
    // Elsewhere: must not count.
    await addLocation(server.database.db, { municipality: "Almelo", careType: "residentieel" });
    const admin = await loginAs(server, "beheerder");
    await register(locations[2]!.id, day(10), admin);

    // A regisseur sees every care type x gemeente group, also of one or two locations (tests/forecast/small-cells.test.ts).
    const res = await api<Forecast>(server.url, `/api/forecast?municipality=${municipality}`, { as: regisseur });
    expect(res.status).toBe(200);
    const singles = await Promise.all(locations.map((l) => forecastOf(l.id)));

    const { total, groups } = res.body;
    expect(total).toMatchObject({ municipality, careType: null, locations: 3, capacity: 22, freeNow: 2 });
    expect(total.weeks).toHaveLength(12);
    total.weeks.forEach((week, i) => {
      const sum = singles.reduce((s, f) => s + f.weeks[i]!.expected, 0);
      expect(week.expected).toBeCloseTo(sum, 9);
      expect(week.low).toBeLessThanOrEqual(week.expected);
      expect(week.high).toBeGreaterThanOrEqual(week.expected);
    });
    expect(total.weeks[1]!.plannedDepartures).toBe(1);
    expect(groups.map((g) => [g.careType, g.municipality, g.locations])).toEqual([
      ["gezinshuis", municipality, 1],
      ["residentieel", municipality, 2],
    ]);
  });

  it("when a location does not exist, then its forecast is 404", async () => {
    const res = await api(server.url, "/api/locations/999999999/forecast", { as: regisseur });
    expect(res.status).toBe(404);
  });

  it("when a change is made through another server process, then this process's next answer includes it", async () => {
    // A second app on the same database, as behind a load balancer; it shares no memory or hooks with the first.
    const other = await startAppOn(server.database);
    const otherUrl = other.url;
    try {
      const location = await addLocation(server.database.db, { capacity: 5, occupied: 5 });
      expect((await forecastOf(location.id)).weeks[0]!.plannedDepartures).toBe(0);
      const planner = await loginAs({ url: otherUrl, database: server.database }, "aanbieder", location.providerId);

      const made = await api(otherUrl, `/api/locations/${location.id}/planned`, {
        body: { direction: "uitstroom", expectedDate: day(2), certainty: "waarschijnlijk" },
        as: planner,
      });
      const freed = await api(otherUrl, `/api/locations/${location.id}/occupancy`, {
        body: { change: "vrijgekomen" },
        as: planner,
      });

      expect([made.status, freed.status]).toEqual([201, 200]);
      const seen = await forecastOf(location.id);
      expect(seen.freeNow).toBe(1);
      expect(seen.weeks[0]!.plannedDepartures).toBe(1);
    } finally {
      await other.close();
    }
  });

  it("when the day changes, then the model is refitted and the forecast starts from the new day", async () => {
    let clock = new Date();
    const service = createForecastService({
      db: server.database.db,
      logger: pino({ level: "silent" }),
      notify: () => {},
      now: () => clock,
    });
    try {
      const today = await service.forecast({});
      clock = new Date(clock.getTime() + 86_400_000);
      const tomorrow = await service.forecast({});

      expect(today.origin).toBe(`${day(0)}T00:00:00.000Z`);
      expect(tomorrow.origin).toBe(`${day(1)}T00:00:00.000Z`);
      expect(tomorrow.total.weeks[0]?.date).toBe(day(8));
    } finally {
      await service.close();
    }
  });
});
