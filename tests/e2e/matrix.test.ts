// The totals matrix and the waiting requests in a real browser: a verwijzer reads "vrije gezinshuisplekken in
// Enschede" in one cell that moves live, with crisis places apart and headers that stay in view; a regisseur narrows
// the list by a cell; beleid reads the requests still waiting on the monitor. Needs the built client.
import { describe, expect, it } from "vitest";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

describe("totals matrix in the browser", () => {
  const app = useBrowserApp();

  it("when a verwijzer looks, then each gemeente x zorgvorm cell shows free of total places, crisis apart, kept live", async () => {
    const db = app.server.database.db;
    const gezinshuis = await addLocation(db, {
      careType: "gezinshuis",
      municipality: "Enschede",
      capacity: 4,
      occupied: 3,
    });
    await addLocation(db, {
      careType: "residentieel",
      municipality: "Losser",
      capacity: 8,
      occupied: 6,
      crisisPlaces: 3,
    });
    const { page } = await app.openAs("verwijzer", "/");

    const cell = page.getByTestId("matrix-gezinshuis-Enschede");
    await expect.poll(() => cell.textContent(), { timeout: 10_000 }).toBe("1 / 4");
    expect(await page.getByTestId("matrix-residentieel-Losser").textContent()).toBe("2 / 8crisis 2 / 3");
    expect(await page.getByTestId("matrix-pleegzorg-Enschede").textContent()).toBe("–");
    expect(await cell.getAttribute("title")).toBe("Gezinshuis in Enschede: 1 vrij van 4 plekken");
    // Dutch labels on both headers, which stay in view while the table scrolls.
    const matrix = page.getByTestId("capacity-matrix");
    expect(await matrix.getByRole("columnheader", { name: "Gezinshuis" }).count()).toBe(1);
    expect(await matrix.getByRole("rowheader", { name: "Enschede" }).count()).toBe(1);
    const sticky = await matrix.evaluate((table) =>
      [table.querySelector("thead th:nth-child(2)"), table.querySelector("tbody th")].map(
        (th) => th && getComputedStyle(th).position,
      ),
    );
    expect(sticky).toEqual(["sticky", "sticky"]);

    const provider = await loginAs(app.server, "aanbieder", gezinshuis.providerId);
    const freed = await api(app.server.url, `/api/locations/${gezinshuis.id}/occupancy`, {
      method: "POST",
      body: { change: "vrijgekomen", places: 2 },
      as: provider,
    });
    expect(freed.status).toBe(200);
    await expect.poll(() => cell.textContent(), { timeout: 10_000 }).toBe("3 / 4");
  });

  it("when a regisseur chooses a cell, then the list shows that zorgvorm in that gemeente only", async () => {
    const db = app.server.database.db;
    const inHengelo = await addLocation(db, { careType: "kleinschalig-wonen", municipality: "Hengelo", capacity: 6 });
    const elsewhere = await addLocation(db, { careType: "kleinschalig-wonen", municipality: "Borne", capacity: 6 });
    const { page } = await app.openAs("regisseur", "/");
    await page.getByTestId(`location-${elsewhere.id}`).waitFor();

    await page.getByTestId("matrix-kleinschalig-wonen-Hengelo").getByRole("button").click();

    await page.getByTestId(`location-${elsewhere.id}`).waitFor({ state: "detached" });
    expect(await page.getByTestId(`location-${inHengelo.id}`).count()).toBe(1);
  });

  it("when beleid opens the monitor, then the requests still waiting show by age", async () => {
    const regisseur = await loginAs(app.server, "regisseur");
    await searchingRequest(app.server.url, regisseur, { acceptableCareTypes: ["gezinshuis"] });
    const { page } = await app.openAs("beleid", "/monitor");

    const summary = page.getByTestId("panel-nog-wachtend").getByTestId("still-waiting-summary");
    await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toMatch(/^1 verzoek wacht nog op een plek/);
    expect(await page.getByTestId("still-waiting-Enschede").textContent()).toBe("Enschede1100000");
  });
});
