// The provider's planning in a real browser: a planner adds, moves and withdraws a verwachte uitstroom on its location
// card, and a move registered by the planning system appears without a reload. Needs the built client.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { planningEvents } from "../../server/db/schema.js";
import { amsterdamToday } from "../../shared/calendar.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

const LIVE = { timeout: 10_000 };
const format = (dateStyle: "long" | "medium") => new Intl.DateTimeFormat("nl-NL", { timeZone: "UTC", dateStyle });

/** A calendar day relative to today in Amsterdam: as typed in a date field, as the table shows it, and in full. */
function day(offsetDays: number) {
  const iso = new Date(Date.parse(`${amsterdamToday()}T00:00:00Z`) + offsetDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const date = new Date(`${iso}T00:00:00Z`);
  return { iso, shown: format("medium").format(date), long: format("long").format(date) };
}

describe("planning in the browser", () => {
  const app = useBrowserApp();

  it("when a planner adds, moves and withdraws a verwachte uitstroom, then the card shows each step and the history holds all three", async () => {
    const location = await addLocation(app.server.database.db, { capacity: 6, occupied: 6, careType: "gezinshuis" });
    const { page } = await app.openAs("aanbieder", "/aanbieder", location.providerId);
    const card = page.getByTestId(`planning-${location.id}`);
    await card.getByText("Geen verwachte uit- of instroom geregistreerd.").waitFor(LIVE);
    await card.getByTestId(`outlook-${location.id}`).waitFor(LIVE);

    // A date that has passed is refused by the server, in Dutch, and nothing is added.
    await card.getByTestId(`plan-date-${location.id}`).fill(day(-2).iso);
    await card.getByTestId(`plan-add-${location.id}`).click();
    await card.getByText("ligt in het verleden", { exact: false }).waitFor(LIVE);

    await card.getByTestId(`plan-date-${location.id}`).fill(day(10).iso);
    await card.getByLabel("Zekerheid", { exact: true }).selectOption("zeker");
    await card.getByTestId(`plan-add-${location.id}`).click();
    const table = card.getByTestId(`planned-moves-${location.id}`);
    await table.getByText(day(10).shown).waitFor(LIVE);
    expect(await table.getByText("zeker", { exact: true }).count()).toBe(1);

    await table.getByRole("button", { name: `De uitstroom van ${day(10).long} verplaatsen` }).click();
    await table.getByLabel(`Nieuwe datum voor de uitstroom van ${day(10).long}`).fill(day(31).iso);
    await table.getByRole("button", { name: "Opslaan" }).click();
    await table.getByText(day(31).shown).waitFor(LIVE);

    await table.getByRole("button", { name: `De uitstroom van ${day(31).long} intrekken` }).click();
    await table.getByRole("button", { name: "Ja, intrekken" }).click();
    await card.getByText("Geen verwachte uit- of instroom geregistreerd.").waitFor(LIVE);

    const history = await app.server.database.db
      .select()
      .from(planningEvents)
      .where(eq(planningEvents.locationId, location.id))
      .orderBy(planningEvents.id);
    expect(history.map((e) => [e.action, e.expectedDate, e.certainty])).toEqual([
      ["gepland", day(10).iso, "zeker"],
      ["verplaatst", day(31).iso, "zeker"],
      ["geannuleerd", day(31).iso, "zeker"],
    ]);
  });

  it("when the planning system registers an admission with its token, then the open provider page shows it without a reload", async () => {
    const location = await addLocation(app.server.database.db, { capacity: 4, occupied: 2 });
    const { page } = await app.openAs("aanbieder", "/aanbieder", location.providerId);
    const card = page.getByTestId(`planning-${location.id}`);
    await card.getByText("Geen verwachte uit- of instroom geregistreerd.").waitFor(LIVE);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    const planner = await loginAs(app.server, "aanbieder", location.providerId);
    const token = await api<{ token: string }>(app.server.url, `/api/providers/${location.providerId}/tokens`, {
      body: { name: "Planningssysteem" },
      as: planner,
    });
    const made = await api(app.server.url, `/api/locations/${location.id}/planned`, {
      body: { direction: "instroom", expectedDate: day(5).iso, certainty: "waarschijnlijk" },
      as: { token: token.body.token },
    });
    expect(made.status).toBe(201);

    const table = card.getByTestId(`planned-moves-${location.id}`);
    await table.getByText(day(5).shown).waitFor(LIVE);
    expect(await table.getByRole("rowheader", { name: "Instroom" }).count()).toBe(1);
    expect(await page.evaluate(() => "notReloaded" in window)).toBe(true);
  });
});
