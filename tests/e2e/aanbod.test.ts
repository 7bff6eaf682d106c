// The aanbod in a real browser: the beheerder adds a provider and a location on /beheer/aanbod and a regisseur's open
// board shows it without a reload; closing is refused with the numbers while youths stay there and takes an empty
// location off the board; an aanbieder changes its own location's capacity and is told when a colleague saved first;
// the beheerder links an account to a provider. Needs the built client (the test script builds it before vitest runs).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ProviderList } from "../../shared/schemas/aanbod.js";
import type { Account } from "../../shared/schemas/auth.js";
import type { Location } from "../../shared/schemas/capacity.js";
import { addAccount, loginAs } from "../support/auth.js";
import { addLocation, randomAgbCode } from "../support/fixtures.js";
import { api } from "../support/server.js";
import { colleagueSaves, useBrowserApp } from "./browser.js";

const LIVE = { timeout: 10_000 };
const STALE = "Iemand anders heeft dit intussen gewijzigd; laad opnieuw.";

describe("aanbod in the browser", () => {
  const app = useBrowserApp();
  const db = () => app.server.database.db;

  /** A board that was not reloaded keeps this marker. */
  const markNotReloaded = (page: Page) => page.evaluate(() => Object.assign(window, { notReloaded: true }));
  const stillSamePage = (page: Page) => page.evaluate(() => "notReloaded" in window);

  it("when the beheerder adds a provider and a location, then a regisseur's open board shows the location without a reload", {
    timeout: 90_000,
  }, async () => {
    const { page: board } = await app.openAs("regisseur", "/");
    await markNotReloaded(board);
    const { page } = await app.openAs("beheerder", "/beheer/aanbod");
    await page.getByTestId("aanbod").waitFor();

    const agbCode = randomAgbCode();
    await page.getByTestId("aanbod-add-provider").click();
    await page.getByTestId("new-provider-name").fill(`Zorggroep Dinkel ${agbCode}`);
    await page.getByTestId("new-provider-agbCode").fill("1234");
    await page.getByTestId("new-provider-kind").selectOption("gezinshuis");
    await page.getByTestId("new-provider-save").click();
    // The shared schema's own message, before anything is sent.
    await page.getByTestId("new-provider-agbCode-error").waitFor(LIVE);
    expect(await page.getByTestId("new-provider-agbCode-error").textContent()).toContain("8 cijfers");
    await page.getByTestId("new-provider-agbCode").fill(agbCode);
    await page.getByTestId("new-provider-save").click();
    await page.getByTestId("new-provider-form").waitFor({ state: "detached", ...LIVE });

    const beheerder = await loginAs(app.server, "beheerder");
    const list = await api<ProviderList>(app.server.url, "/api/providers", { as: beheerder });
    const provider = list.body.providers.find((p) => p.agbCode === agbCode);
    expect(provider).toMatchObject({ name: `Zorggroep Dinkel ${agbCode}`, kind: "gezinshuis", active: true });
    const providerId = provider?.id ?? 0;
    await page.getByTestId(`aanbod-provider-${providerId}`).waitFor(LIVE);

    const form = `new-location-${providerId}`;
    await page.getByTestId(`aanbod-provider-${providerId}-add-location`).click();
    await page.getByTestId(`${form}-code`).fill("GH-01");
    await page.getByTestId(`${form}-name`).fill("Gezinshuis De Esch");
    await page.getByTestId(`${form}-careType`).selectOption("gezinshuis");
    await page.getByTestId(`${form}-municipality`).selectOption("Losser");
    await page.getByTestId(`${form}-postcode`).fill("7581");
    await page.getByTestId(`${form}-capacity`).fill("4");
    await page.getByTestId(`${form}-occupied`).fill("1");
    await page.getByTestId(`${form}-ageMin`).fill("4");
    await page.getByTestId(`${form}-ageMax`).fill("16");
    await page.getByTestId(`${form}-targetGroups-trauma`).check();
    await page.getByTestId(`${form}-contraIndications-brandstichting`).check();
    await page.getByTestId(`${form}-siblingsTogether`).check();
    await page.getByTestId(`${form}-save`).click();
    await page.getByTestId(`${form}-form`).waitFor({ state: "detached", ...LIVE });

    const after = await api<ProviderList>(app.server.url, "/api/providers", { as: beheerder });
    const location = after.body.providers.find((p) => p.id === providerId)?.locations[0];
    expect(location).toMatchObject({
      code: "GH-01",
      name: "Gezinshuis De Esch",
      careType: "gezinshuis",
      municipality: "Losser",
      postcode: "7581",
      capacity: 4,
      occupied: 1,
      free: 3,
      ageMin: 4,
      ageMax: 16,
      gender: "alle",
      targetGroups: ["trauma"],
      contraIndications: ["brandstichting"],
      siblingsTogether: true,
      closedOn: null,
    });
    const id = location?.id ?? 0;
    expect(await page.getByTestId(`aanbod-location-${id}`).textContent()).toContain("Gezinshuis De Esch");

    // The regisseur's board, open all along, took the new location from the pushed event.
    await board.getByTestId(`location-${id}`).waitFor(LIVE);
    expect(await board.getByTestId(`free-${id}`).textContent()).toContain("3");
    expect(await stillSamePage(board)).toBe(true);
  });

  it("when the beheerder closes a location where youths still stay, then the refusal names the numbers; an empty one leaves the open board, and comes back when reopened", {
    timeout: 90_000,
  }, async () => {
    const occupied = await addLocation(db(), { capacity: 6, occupied: 3 });
    const empty = await addLocation(db(), { capacity: 4, occupied: 0 });
    const { page: board } = await app.openAs("regisseur", "/");
    await board.getByTestId(`location-${empty.id}`).waitFor(LIVE);
    await markNotReloaded(board);
    const { page } = await app.openAs("beheerder", "/beheer/aanbod");

    await page.getByTestId(`aanbod-location-${occupied.id}-close`).click();
    await page.getByTestId(`aanbod-location-${occupied.id}-close-confirm`).click();
    const refusal = page.getByTestId(`aanbod-location-${occupied.id}-error`);
    await refusal.waitFor(LIVE);
    expect(await refusal.textContent()).toContain("nog 3 bezette en 0 gereserveerde plek(ken)");
    expect(await page.getByTestId(`aanbod-location-${occupied.id}-status`).textContent()).toBe("Open");

    await page.getByTestId(`aanbod-location-${empty.id}-close`).click();
    await page.getByTestId(`aanbod-location-${empty.id}-close-confirm`).click();
    await expect
      .poll(() => page.getByTestId(`aanbod-location-${empty.id}-status`).textContent(), LIVE)
      .toMatch(/^Gesloten sinds/);
    await board.getByTestId(`location-${empty.id}`).waitFor({ state: "detached", ...LIVE });
    expect(await board.getByTestId(`location-${occupied.id}`).count()).toBe(1);

    await page.getByTestId(`aanbod-location-${empty.id}-reopen`).click();
    await expect.poll(() => page.getByTestId(`aanbod-location-${empty.id}-status`).textContent(), LIVE).toBe("Open");
    await board.getByTestId(`location-${empty.id}`).waitFor(LIVE);
    expect(await stillSamePage(board)).toBe(true);
  });

  it("when an aanbieder changes its location's capacity, then it is saved; when a colleague saved first, the form says so and reloads", {
    timeout: 90_000,
  }, async () => {
    const location = await addLocation(db(), { capacity: 10, occupied: 5 });
    const { page } = await app.openAs("aanbieder", "/aanbieder", location.providerId);
    const form = `location-${location.id}`;

    await page.getByTestId(`${form}-details`).click();
    // A capacity under the places taken is the server's refusal, in its own words with both numbers.
    await page.getByTestId(`${form}-capacity`).fill("4");
    await page.getByTestId(`${form}-save`).click();
    await expect.poll(() => page.getByTestId(`${form}-form-error`).textContent(), LIVE).toContain("Capaciteit 4");
    expect(await page.getByTestId(`${form}-form-error`).textContent()).toContain("5 bezette");

    await page.getByTestId(`${form}-capacity`).fill("12");
    await page.getByTestId(`${form}-ageMax`).fill("21");
    await page.getByTestId(`${form}-save`).click();
    await page.getByTestId(`${form}-form`).waitFor({ state: "detached", ...LIVE });
    const own = await loginAs(app.server, "aanbieder", location.providerId);
    const saved = (await api<Location>(app.server.url, `/api/locations/${location.id}`, { as: own })).body;
    expect(saved).toMatchObject({ capacity: 12, ageMax: 21, occupied: 5, free: 7 });

    // The form opens on the version now shown; a colleague saves free places meanwhile.
    await page.getByTestId(`${form}-details`).click();
    await page.getByTestId(`${form}-capacity`).fill("9");
    await colleagueSaves(app.server, saved, 3);
    await page.getByTestId(`${form}-save`).click();
    const problem = page.getByTestId(`${form}-form-error`);
    await expect.poll(() => problem.textContent(), LIVE).toContain(STALE);
    const stored = (await api<Location>(app.server.url, `/api/locations/${location.id}`, { as: own })).body;
    expect(stored).toMatchObject({ capacity: 12, free: 3, version: saved.version + 1 });

    // Reloading takes the current values; saving again goes through on the current version.
    await page.getByTestId(`${form}-form-reload`).click();
    expect(await page.getByTestId(`${form}-capacity`).inputValue()).toBe("12");
    await page.getByTestId(`${form}-capacity`).fill("11");
    await page.getByTestId(`${form}-save`).click();
    await page.getByTestId(`${form}-form`).waitFor({ state: "detached", ...LIVE });
    const last = (await api<Location>(app.server.url, `/api/locations/${location.id}`, { as: own })).body;
    // The colleague's numbers stay: the places taken are kept, the free ones follow the new capacity.
    expect(last).toMatchObject({ capacity: 11, occupied: 9, free: 2 });
  });

  it("when the beheerder links an account to a provider, then the account becomes that provider's aanbieder", async () => {
    const location = await addLocation(db());
    const account = await addAccount(db(), "verwijzer");
    const { page } = await app.openAs("beheerder", "/beheer/accounts");

    await page.getByTestId(`account-${account.id}-edit`).click();
    await page.getByTestId(`account-${account.id}-role`).selectOption("aanbieder");
    await page.getByTestId(`account-${account.id}-access-save`).click();
    // An aanbieder-account without a provider is refused before sending.
    await page.getByTestId(`account-${account.id}-access-error`).waitFor(LIVE);
    await page.getByTestId(`account-${account.id}-provider`).selectOption(String(location.providerId));
    await page.getByTestId(`account-${account.id}-access-save`).click();
    await page.getByTestId(`account-${account.id}-access`).waitFor({ state: "detached", ...LIVE });

    expect(await page.getByTestId(`account-${account.id}`).textContent()).toContain("Aanbieder");
    const beheerder = await loginAs(app.server, "beheerder");
    const accounts = (await api<Account[]>(app.server.url, "/api/accounts", { as: beheerder })).body;
    expect(accounts.find((a) => a.id === account.id)).toMatchObject({
      role: "aanbieder",
      providerId: location.providerId,
    });
  });
});
