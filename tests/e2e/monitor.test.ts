// The beschikbaarheidsmonitor in a real browser: a beleidsmedewerker opens it, narrows it to one gemeente, sees every
// chart drawn from the data, and exports a figure as CSV. Needs the built client (the test script builds it first).
import { existsSync, readFileSync } from "node:fs";
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Reservation } from "../../shared/schemas/placements.js";
import { loginAs } from "../support/auth.js";
import { logEvent, loggedLocation } from "../support/capacity-log.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
// The forecast chart comes from GET /api/forecast, built alongside; until that route exists the page says so instead.
const FORECAST_ROUTES = new URL("../../server/features/forecast/routes.ts", import.meta.url);
const forecastRouteExists =
  existsSync(FORECAST_ROUTES) && readFileSync(FORECAST_ROUTES, "utf8").includes("/api/forecast");

/** Drawn SVG marks in a panel: bars with a shape, curves with a path. */
async function drawn(panel: Locator, selector: string): Promise<number> {
  return panel
    .locator(selector)
    .evaluateAll((marks) => marks.filter((m) => (m.getAttribute("d") ?? "").length > 10).length);
}

/** For a line with dots, the positions (0 = first month) of the points drawn above the zero line. */
async function raised(panel: Locator, line: string): Promise<number[]> {
  const heights = await panel
    .locator(`.recharts-line-dot${line}`)
    .evaluateAll((dots) => dots.map((d) => Number(d.getAttribute("cy"))));
  const zero = Math.max(...heights);
  return heights.flatMap((cy, i) => (cy < zero ? [i] : []));
}

describe("monitor in the browser", () => {
  const app = useBrowserApp();

  it("when beleid filters the monitor by a gemeente, then every chart draws that gemeente's data and a CSV holds it", async () => {
    const db = app.server.database.db;
    const group = await loggedLocation(
      db,
      daysAgo(200),
      { careType: "residentieel", municipality: "Almelo" },
      {
        capacity: 8,
        occupied: 6,
      },
    );
    await logEvent(db, group.id, daysAgo(150), "plek-bezet", { capacity: 8, occupied: 7 });
    await logEvent(db, group.id, daysAgo(100), "plek-vrijgekomen", { capacity: 8, occupied: 6 });
    await logEvent(db, group.id, daysAgo(60), "plek-vrijgekomen", { capacity: 8, occupied: 5 });
    const elsewhere = await loggedLocation(
      db,
      daysAgo(200),
      { careType: "residentieel", municipality: "Enschede" },
      {
        capacity: 10,
        occupied: 9,
      },
    );
    await logEvent(db, elsewhere.id, daysAgo(90), "plek-vrijgekomen", { capacity: 10, occupied: 8 });
    // Enschede's residentieel cell has three locations, so it stands on its own for policy staff; the one gezinshuis in
    // Hengelo is a cell too small to show in- and uitstroom for (shared/rules/small-cells.ts).
    for (let i = 0; i < 2; i++) await addLocation(db, { careType: "residentieel", municipality: "Enschede" });
    const lonely = await addLocation(db, { careType: "gezinshuis", municipality: "Hengelo", capacity: 3, occupied: 2 });
    // A youth from Almelo, now in JeugdzorgPlus: three declines (escalated to the RET), then placed at the Almelo group,
    // a step towards home (doorstroom naar thuisnabijer).
    const regisseur = await loginAs(app.server, "regisseur");
    const request = await searchingRequest(app.server.url, regisseur, {
      homeMunicipality: "Almelo",
      homePostcode: "7601",
      acceptableCareTypes: ["residentieel"],
      currentCareType: "jeugdzorgplus",
    });
    const reserveAndAnswer = async (locationId: number, providerId: number, answer: object) => {
      const made = await api<Reservation>(app.server.url, `/api/requests/${request.id}/reservations`, {
        body: { locationId },
        as: regisseur,
      });
      expect(made.status).toBe(200);
      const provider = await loginAs(app.server, "aanbieder", providerId);
      const answered = await api(app.server.url, `/api/reservations/${made.body.id}/answer`, {
        body: answer,
        as: provider,
      });
      expect(answered.status).toBe(200);
    };
    for (const reason of ["groepssamenstelling", "personeel", "groepssamenstelling"]) {
      const other = await addLocation(db, {
        careType: "residentieel",
        municipality: "Almelo",
        capacity: 6,
        occupied: 2,
      });
      await reserveAndAnswer(other.id, other.providerId, { answer: "weigeren", reason });
    }
    await reserveAndAnswer(group.id, group.providerId, { answer: "accepteren" });

    const { page } = await app.openAs("beleid", "/monitor");
    const panel = (id: string) => page.getByTestId(`panel-${id}`);
    await page.getByTestId(`compliance-${elsewhere.providerId}`).waitFor();

    await page.getByTestId("monitor-municipality").selectOption("Almelo");

    await expect.poll(() => page.getByTestId("monitor-scope").textContent()).toMatch(/^alle zorgvormen, Almelo:/);
    await page.getByTestId(`compliance-${group.providerId}`).waitFor();
    expect(await page.getByTestId(`compliance-${elsewhere.providerId}`).count()).toBe(0);
    // Capacity, occupied and free: three curves over the weeks.
    expect(await drawn(panel("bezetting"), ".recharts-line-curve, .recharts-area-curve")).toBeGreaterThanOrEqual(3);
    expect(await drawn(panel("stromen"), ".recharts-bar-rectangle path")).toBeGreaterThanOrEqual(4);
    // The one doorstroom is in the last month, and it went to a more home-like zorgvorm.
    expect(await drawn(panel("stromen"), ".flows-doorstroom .recharts-line-curve")).toBe(1);
    expect(await raised(panel("stromen"), ".flows-doorstroom")).toEqual([23]);
    expect(await raised(panel("stromen"), ".flows-thuisnabijer")).toEqual([23]);
    // One placement, in the "< 1 dag" bucket; two decline reasons; one escalation, this month.
    expect(await drawn(panel("wachttijd"), ".recharts-bar-rectangle path")).toBe(1);
    expect(await panel("wachttijd").getByTestId("waiting-summary").textContent()).toMatch(/^1 plaatsing ·/);
    expect(await drawn(panel("weigeringen"), ".recharts-bar-rectangle path")).toBe(2);
    // The one placement counts in "thuis, tenzij": its share and a row per reason code.
    expect(await panel("thuisnabij").getByTestId("home-like-summary").textContent()).toMatch(
      /^\d+\s?% in de meest thuisnabije passende vorm \(\d van 1\)$/,
    );
    expect(await panel("thuisnabij").getByTestId("home-like-table").locator("tbody tr").count()).toBe(5);
    expect(await drawn(panel("opschaling"), ".recharts-bar-rectangle path")).toBe(1);
    if (forecastRouteExists) {
      expect(await drawn(panel("prognose"), ".recharts-line-curve")).toBe(1);
      expect(await drawn(panel("prognose"), ".recharts-area-area")).toBe(1);
    } else {
      expect(await page.getByTestId("forecast-unavailable").textContent()).toBe("De prognose is nog niet beschikbaar.");
    }

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv-stromen").click()]);
    expect(download.suggestedFilename()).toBe("in-door-en-uitstroom-per-maand.csv");
    const [header, ...rows] = readFileSync((await download.path()) as string, "utf8")
      .trim()
      .split("\r\n");
    expect(header).toBe("maand,instroom,doorstroom,uitstroom,waarvan_via_cpwv,doorstroom_naar_thuisnabijer");
    expect(rows).toHaveLength(24);
    const thisMonth = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(new Date()).slice(0, 7);
    // The placement took a place through the CPWV this month, as doorstroom towards home; the two exits were Almelo's,
    // Enschede's is not there.
    expect(rows.at(-1)).toBe(`${thisMonth},1,1,0,1,1`);
    const exits = rows.reduce((n, row) => n + Number(row.split(",")[3]), 0);
    expect(exits).toBe(2);

    // One gezinshuis in Hengelo: its in- and uitstroom would describe that one location, so the page says why not.
    await page.getByTestId("monitor-municipality").selectOption("Hengelo");
    await page.getByTestId(`compliance-${lonely.providerId}`).waitFor();
    expect(await panel("stromen").getByTestId("suppressed-instroom-uitstroom").textContent()).toBe(
      "In- en uitstroom: Te weinig locaties (minder dan 3) om te tonen.",
    );
    // One gezinshuis in all of Twente: every figure about youths' movements gives the reason in its place, and no CSV.
    await page.getByTestId("monitor-municipality").selectOption("");
    await page.getByTestId("monitor-care-type").selectOption("gezinshuis");
    await expect.poll(() => page.getByTestId("monitor-scope").textContent()).toMatch(/^Gezinshuis, heel Twente:/);
    for (const id of ["wachttijd", "nog-wachtend", "weigeringen", "thuisnabij", "crisis-regulier"]) {
      expect(await panel(id).getByTestId(`suppressed-${id}`).textContent()).toBe(
        "Te weinig locaties (minder dan 3) om te tonen.",
      );
      expect(await panel(id).getByTestId(`csv-${id}`).count()).toBe(0);
    }
    await page.getByTestId("monitor-care-type").selectOption("");
    await page.getByTestId("monitor-municipality").selectOption("Almelo");
    await page.getByTestId(`compliance-${group.providerId}`).waitFor();

    if (forecastRouteExists) {
      // A committed change moves the forecast: the server says so and the page reads it again by itself.
      let forecastReads = 0;
      page.on("request", (req) => {
        if (new URL(req.url()).pathname === "/api/forecast") forecastReads += 1;
      });
      const planner = await loginAs(app.server, "aanbieder", group.providerId);
      const freed = await api(app.server.url, `/api/locations/${group.id}/occupancy`, {
        body: { change: "vrijgekomen" },
        as: planner,
      });
      expect(freed.status).toBe(200);
      await expect.poll(() => forecastReads, { timeout: 10_000 }).toBeGreaterThan(0);
    }
  });
});
