// The forecast as users get it (#23 items 3 and 6): once the rolling evaluation of the live history has run, every
// forecast carries the combination, an 80% band from the history's own errors, and how well it did over the last six
// months; a region with too little history says its band is the model's own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../server/db/seed/seed.js";
import type { Forecast, LocationForecast } from "../../shared/schemas/forecast.js";
import { type Caller, loginAs } from "../support/auth.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { api, startAppOn, startTestServer, type TestServer } from "../support/server.js";

/** Asks until the evaluation is ready; it runs in the background after the model's fit. */
async function evaluatedForecast(url: string, as: Caller, query = ""): Promise<Forecast> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await api<Forecast>(url, `/api/forecast${query}`, { as });
    expect(res.status).toBe(200);
    if (res.body.evaluation.state === "ready" || Date.now() > deadline) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("forecast accuracy on a region with two years of history", () => {
  let database: TestDatabase;
  let server: { url: string; close(): Promise<void> };
  let regisseur: Caller;
  let beleid: Caller;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    // The demo history up to today: the evaluation's six months of accuracy end now.
    await seedDemo(database.db, { now: new Date(), seed: 7 });
    server = await startAppOn(database);
    regisseur = await loginAs({ ...server, database } as TestServer, "regisseur");
    beleid = await loginAs({ ...server, database } as TestServer, "beleid");
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it("when the evaluation has run, then the region's forecast is calibrated and shows its accuracy against persistence", async () => {
    const forecast = await evaluatedForecast(server.url, regisseur);

    expect(forecast.evaluation.state).toBe("ready");
    expect(forecast.evaluation.origins).toBeGreaterThan(52);
    const { total } = forecast;
    expect(total.weeks.every((w) => w.calibrated)).toBe(true);
    for (const w of total.weeks) {
      expect(w.low).toBeLessThanOrEqual(Math.round(w.expected) + 1);
      expect(w.high).toBeGreaterThanOrEqual(Math.round(w.expected) - 1);
      expect(w.high).toBeLessThanOrEqual(total.capacity);
    }
    expect(total.accuracy.map((a) => a.weeksAhead)).toEqual([1, 2, 4, 8, 12]);
    for (const a of total.accuracy) {
      // Six months of weekly origins whose target passed.
      expect(a.forecasts).toBeGreaterThanOrEqual(20);
      expect(a.forecasts).toBeLessThanOrEqual(27);
      expect(a.maePersistence).toBeGreaterThan(0);
      expect(a.inside).not.toBeNull();
      expect(a.inside ?? -1).toBeGreaterThanOrEqual(0);
      expect(a.inside ?? 2).toBeLessThanOrEqual(1);
    }
    // Every care type x gemeente group carries its own accuracy.
    expect(forecast.groups.length).toBeGreaterThan(10);
    expect(forecast.groups.every((g) => g.accuracy.length > 0)).toBe(true);
  }, 120_000);

  it("when a location's forecast is read, then it carries its own accuracy and a band from history", async () => {
    await evaluatedForecast(server.url, regisseur);
    const res = await api<LocationForecast>(server.url, "/api/locations/1/forecast", { as: regisseur });
    expect(res.status).toBe(200);
    expect(res.body.accuracy.length).toBeGreaterThan(0);
    expect(res.body.weeks[0]?.calibrated).toBe(true);
    expect(res.body.weeks.every((w) => w.low >= 0 && w.high <= res.body.capacity)).toBe(true);
  });

  it("when a reader who may not see locations asks, then the total keeps its accuracy and merged groups have none", async () => {
    const forecast = await evaluatedForecast(server.url, beleid);
    expect(forecast.total.accuracy.length).toBe(5);
    for (const g of forecast.groups.filter((x) => x.merged)) expect(g.accuracy).toEqual([]);
  });
});

describe("forecast on a region without history", () => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  it("when there is too little history for a band from past errors, then the forecast says its band is the model's own", async () => {
    const forecast = await evaluatedForecast(server.url, regisseur);
    expect(forecast.evaluation.state).toBe("ready");
    expect(forecast.total.weeks.every((w) => !w.calibrated)).toBe(true);
    expect(forecast.total.accuracy).toEqual([]);
  });
});
