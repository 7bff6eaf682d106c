// How well the forecast did, as users see it (#23 item 6): on a region with two years of history, once the server's
// rolling evaluation has run, the monitor shows the region total's accuracy over the last six months (mean places off
// for the forecast and for "niets verandert", share inside the band) and a provider's page shows its location's, each
// with the numbers the API gives for that view.
import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { locations } from "../../server/db/schema.js";
import { seedDemo } from "../../server/db/seed/seed.js";
import type { Forecast, ForecastAccuracy, LocationForecast } from "../../shared/schemas/forecast.js";
import { type Caller, loginAs } from "../support/auth.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

const LIVE = { timeout: 30_000 };

/** A number as the page writes it (nl-NL: decimal comma, "83%"), back to a number. */
const parseDutch = (text: string) => Number(text.replace(/\s|plekken|plek|%/g, "").replace(",", "."));
const oneDecimal = (n: number) => Math.round(n * 10) / 10;
const percent = (n: number | null) => (n === null ? null : Math.round(n * 100));

/** Asks until the rolling evaluation is ready: it runs in a worker thread after the server's first build. */
async function evaluated<T>(url: string, path: string, as: Caller): Promise<T> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const res = await api<Forecast>(url, "/api/forecast", { as });
    expect(res.status).toBe(200);
    if (res.body.evaluation.state === "ready") break;
    if (Date.now() > deadline) throw new Error("the forecast's evaluation did not finish in time");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const res = await api<T>(url, path, { as });
  expect(res.status).toBe(200);
  return res.body;
}

const shown = (a: ForecastAccuracy) => ({
  weeksAhead: a.weeksAhead,
  mae: oneDecimal(a.mae),
  maePersistence: oneDecimal(a.maePersistence),
  inside: percent(a.inside),
});

describe("forecast accuracy in the browser", () => {
  // Two years of demo history up to now: the last six months of it are what the accuracy covers.
  const app = useBrowserApp({ prepare: async (database) => void (await seedDemo(database.db, { seed: 7 })) });

  it("when beleid opens the monitor, then the accuracy beside the forecast shows the API's figures for the region total", async () => {
    const beleid = await loginAs(app.server, "beleid");
    const expected = await evaluated<Forecast>(app.server.url, "/api/forecast", beleid);
    expect(expected.total.accuracy.length).toBeGreaterThan(0);

    const { page } = await app.openAs("beleid", "/monitor");
    const table = page.getByTestId("forecast-accuracy");
    await table.waitFor(LIVE);

    const rows = await table
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((cell) => cell.textContent ?? "")));
    const read = rows.map(([weeks = "", mae = "", persistence = "", inside = ""]) => ({
      weeksAhead: Number.parseInt(weeks, 10),
      mae: parseDutch(mae),
      maePersistence: parseDutch(persistence),
      inside: inside === "–" ? null : parseDutch(inside),
    }));
    // What the page shows is what its own answer said, and that is the API's answer for beleid's (unfiltered) view.
    expect(read).toEqual(expected.total.accuracy.map(shown));
    expect(read.map((r) => r.weeksAhead)).toEqual([1, 2, 4, 8, 12]);
    expect(await page.getByTestId("band-uncalibrated").count()).toBe(0);
  }, 300_000);

  it("when a provider opens their page, then each location's line shows the API's accuracy of its forecast 4 weeks ahead", async () => {
    const [location] = await app.server.database.db
      .select({ id: locations.id, providerId: locations.providerId })
      .from(locations)
      .orderBy(asc(locations.id))
      .limit(1);
    if (!location) throw new Error("the demo seed made no locations");
    const aanbieder = await loginAs(app.server, "aanbieder", location.providerId);
    const path = `/api/locations/${location.id}/forecast`;
    const expected = await evaluated<LocationForecast>(app.server.url, path, aanbieder);
    const four = expected.accuracy.find((a) => a.weeksAhead === 4);
    if (!four) throw new Error(`no accuracy 4 weeks ahead for location ${location.id}`);

    const { page } = await app.openAs("aanbieder", "/aanbieder", location.providerId);
    const line = page.getByTestId(`outlook-${location.id}`).getByTestId("forecast-accuracy-line");
    await line.waitFor(LIVE);

    const text = (await line.textContent()) ?? "";
    const match =
      /(\d+) weken vooruit: gemiddeld ([\d,]+) plek ernaast \(als niets verandert: ([\d,]+)\)(?:; (\d+)% binnen de band)?/.exec(
        text,
      );
    expect(match, text).not.toBeNull();
    const [, weeks = "", mae = "", persistence = "", inside] = match ?? [];
    const read = {
      weeksAhead: Number(weeks),
      mae: parseDutch(mae),
      maePersistence: parseDutch(persistence),
      inside: inside === undefined ? null : Number(inside),
    };
    // The API's answer once the page showed it: the locations' figures follow the evaluation's result a moment after
    // the region's state turns ready, so the read before the page may predate them.
    const now = await api<LocationForecast>(app.server.url, path, { as: aanbieder });
    expect(read).toEqual(shown(now.body.accuracy.find((a) => a.weeksAhead === 4) ?? four));
  }, 300_000);
});
