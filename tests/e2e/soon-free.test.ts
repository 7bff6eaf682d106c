// A place that comes free, in a real browser: the regisseur reserves it per its day from the match list, and the
// provider's card says it waits for the departure, with Accepteren disabled until the place is there. Needs the built
// client (the test script builds it before vitest runs).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Location } from "../../shared/schemas/capacity.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

const LIVE = { timeout: 10_000 };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const dutchDay = (day: string) =>
  new Intl.DateTimeFormat("nl-NL", { timeZone: "UTC", dateStyle: "long" }).format(new Date(`${day}T00:00:00Z`));

describe("a place that comes free in the browser", () => {
  const app = useBrowserApp();
  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? "";

  it("when the regisseur reserves a place per its day, then the provider sees it wait for the departure and can accept once it came free", {
    timeout: 90_000,
  }, async () => {
    const full = await addLocation(app.server.database.db, {
      careType: "kleinschalig-wonen",
      capacity: 3,
      occupied: 3,
    });
    const planner = await loginAs(app.server, "aanbieder", full.providerId);
    const day = inDays(6);
    const planned = await api(app.server.url, `/api/locations/${full.id}/planned`, {
      body: { direction: "uitstroom", expectedDate: day, certainty: "zeker" },
      as: planner,
    });
    expect(planned.status).toBe(201);
    const regisseurApi = await loginAs(app.server, "regisseur");
    const request = await searchingRequest(app.server.url, regisseurApi, {
      acceptableCareTypes: ["kleinschalig-wonen"],
    });

    const { page: regisseur } = await app.openAs("regisseur", `/verzoeken/${request.id}`);
    await regisseur.getByTestId(`match-${full.id}`).waitFor(LIVE);
    expect(await text(regisseur, `match-free-${full.id}`)).toBe(`vrij per ${dutchDay(day)}, zeker`);
    const button = regisseur.getByTestId(`reserve-${full.id}`);
    expect(await button.textContent()).toBe(`Reserveer per ${dutchDay(day)}`);
    await button.click();
    await regisseur.getByTestId("reserved-message").waitFor(LIVE);
    expect(await text(regisseur, "reserved-message")).toContain(`per ${dutchDay(day)} (wacht op uitstroom)`);

    const { page: provider } = await app.openAs("aanbieder", "/aanbieder", full.providerId);
    const card = provider.locator("[data-reservation-id]").first();
    await card.waitFor(LIVE);
    const id = await card.getAttribute("data-reservation-id");
    expect(await text(provider, `reservation-coming-${id}`)).toContain(`per ${dutchDay(day)}, wacht op uitstroom`);
    expect(await provider.getByTestId(`accept-${id}`).isDisabled()).toBe(true);
    expect(await text(provider, `reservation-waiting-${id}`)).toContain("komt pas vrij per");

    // The youth leaves: the freed place goes to the reservation, and the card can be accepted.
    const freed = await api<Location>(app.server.url, `/api/locations/${full.id}/occupancy`, {
      body: { change: "vrijgekomen", places: 1 },
      as: planner,
    });
    expect(freed.body).toMatchObject({ free: 0, reserved: 1 });
    await expect.poll(() => provider.getByTestId(`accept-${id}`).isDisabled(), LIVE).toBe(false);
    expect(await text(provider, `reservation-coming-${id}`)).toContain("plek is vrijgekomen");
  });
});
