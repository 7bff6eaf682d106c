// The board in a real browser, with users who sign in through the login page: a provider's change reaches every open
// board without a reload, and numbers nobody confirmed for days are marked as stale. Needs the built client (the test
// script builds it before vitest runs).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Location } from "../../shared/schemas/capacity.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api } from "../support/server.js";
import { colleagueSaves, useBrowserApp } from "./browser.js";

const DAY_MS = 24 * 3_600_000;

describe("board in the browser", () => {
  const app = useBrowserApp();

  const freeOnBoard = async (page: Page, id: number) =>
    Number.parseInt((await page.getByTestId(`free-${id}`).textContent()) ?? "", 10);

  it("when a provider saves new free places, then an open board shows them without a reload", async () => {
    const location = await addLocation(app.server.database.db, { capacity: 10, occupied: 8 });
    const other = await addLocation(app.server.database.db, { capacity: 6, occupied: 3 });
    const { page: board } = await app.openAs("regisseur", "/");
    await expect.poll(() => freeOnBoard(board, location.id), { timeout: 10_000 }).toBe(2);
    // A marker that a reload would wipe out.
    await board.evaluate(() => Object.assign(window, { notReloaded: true }));

    const { page: provider } = await app.openAs("aanbieder", "/aanbieder", location.providerId);
    await provider.getByTestId(`free-input-${location.id}`).fill("5");
    await provider.getByTestId(`save-${location.id}`).click();

    await expect.poll(() => freeOnBoard(board, location.id), { timeout: 10_000 }).toBe(5);
    expect(await freeOnBoard(board, other.id)).toBe(3);
    expect(await board.evaluate(() => "notReloaded" in window)).toBe(true);
    await expect
      .poll(() => provider.getByTestId(`feedback-${location.id}`).textContent(), { timeout: 10_000 })
      .toMatch(/Opgeslagen/);
    const regisseur = await loginAs(app.server, "regisseur");
    const stored = await api<Location>(app.server.url, `/api/locations/${location.id}`, { as: regisseur });
    expect(stored.body).toMatchObject({ free: 5, occupied: 5, version: location.version + 1 });
  });

  it("when someone else changed the location while the beheerder typed, then saving shows the conflict and the current numbers", async () => {
    const location = await addLocation(app.server.database.db, { capacity: 8, occupied: 6 });
    const { page: provider } = await app.openAs("beheerder", `/aanbieder?aanbieder=${location.providerId}`);
    // The beheerder works for any provider: the picker holds the one from the link.
    expect(await provider.getByTestId("provider-select").inputValue()).toBe(String(location.providerId));
    const input = provider.getByTestId(`free-input-${location.id}`);
    await input.fill("1");

    // The provider's own planner saves first, from another screen.
    const colleague = await colleagueSaves(app.server, location, 4);
    await provider.getByTestId(`save-${location.id}`).click();

    const feedback = provider.getByTestId(`feedback-${location.id}`);
    await expect
      .poll(() => feedback.textContent(), { timeout: 10_000 })
      .toMatch(/Iemand anders heeft deze locatie intussen gewijzigd/);
    expect(await feedback.textContent()).toMatch(/Nu: 4 vrij/);
    expect(await input.inputValue()).toBe("4");
    expect((await api<Location>(app.server.url, `/api/locations/${location.id}`, { as: colleague })).body.free).toBe(4);
  });

  it("when a location has not been confirmed for 10 days, then the board marks it Verouderd", async () => {
    const stale = await addLocation(app.server.database.db, { lastConfirmedAt: new Date(Date.now() - 10 * DAY_MS) });
    const fresh = await addLocation(app.server.database.db);
    const { page: board } = await app.openAs("beleid", "/");

    const staleRow = board.getByTestId(`location-${stale.id}`);
    await staleRow.waitFor();
    expect(await staleRow.getByText("Verouderd", { exact: true }).count()).toBe(1);
    expect(await staleRow.getByText("10 dagen geleden").count()).toBe(1);
    expect(await board.getByTestId(`location-${fresh.id}`).getByText("Verouderd", { exact: true }).count()).toBe(0);
  });
});
