// Placement requests in a real browser: a regisseur takes a request through the ambulant-first gate, sees the ranked
// matches with a contra-indication flagged rather than hidden, reserves, and the provider's acceptance reaches the
// board and the request live; a followed request rings a bell on any page when a fitting place comes free. Needs the
// built client (the test script builds it before vitest runs).
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { locations, placementRequests, reservations } from "../../server/db/schema.js";
import type { Location } from "../../shared/schemas/capacity.js";
import type { PlacementRequest } from "../../shared/schemas/placements.js";
import { loginAs, signIn } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { requestInput, searchingRequest } from "../support/placements.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

const LIVE = { timeout: 10_000 };

describe("placement requests in the browser", () => {
  const app = useBrowserApp();
  const db = () => app.server.database.db;

  /** Sets a location's free places as its own provider's planner would, through the API. */
  async function setFree(locationId: number, providerId: number, free: number) {
    const planner = await loginAs(app.server, "aanbieder", providerId);
    const current = await api<Location>(app.server.url, `/api/locations/${locationId}`, { as: planner });
    const res = await api(app.server.url, `/api/locations/${locationId}/availability`, {
      method: "PUT",
      body: { version: current.body.version, free },
      as: planner,
    });
    expect(res.status).toBe(200);
  }

  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? "";
  const freeCount = async (board: Page, id: number) =>
    Number(await board.getByTestId(`free-${id}`).locator(".free__count").textContent());
  const reservedOnBoard = (board: Page, id: number) =>
    board.getByTestId(`free-${id}`).locator(".free__reserved").count();

  it("when a regisseur takes a request through the gate and reserves a flagged match, then the provider's acceptance shows on the board and the request", {
    timeout: 90_000,
  }, async () => {
    const clean = await addLocation(db(), { careType: "gezinshuis", capacity: 4, occupied: 2 });
    const flagged = await addLocation(db(), { careType: "residentieel", capacity: 10, occupied: 5 });
    await db()
      .update(locations)
      .set({ contraIndications: ["agressie"] })
      .where(eq(locations.id, flagged.id));
    const regisseurApi = await loginAs(app.server, "regisseur");
    const { page: regisseur, account } = await app.openAs("regisseur", "/verzoeken");
    // A case number this regisseur has used already: case numbers are unique per maker, not region-wide.
    const taken = requestInput().caseNumber;
    const own = await signIn(app.server.url, account.email);
    await api(app.server.url, "/api/requests", { body: requestInput({ caseNumber: taken }), as: own });

    const { page: board } = await app.openAs("beleid", "/");
    const { page: provider } = await app.openAs("aanbieder", "/aanbieder", flagged.providerId);
    await provider.getByTestId("reservation-inbox").getByText("Geen openstaande reserveringen").waitFor();
    await expect.poll(() => freeCount(board, flagged.id), LIVE).toBe(5);

    // A new request, first with what the form itself refuses, then with a case number the server knows already.
    await regisseur.getByTestId("new-request").click();
    await regisseur.getByTestId("request-submit").click();
    expect(await text(regisseur, "request-age-error")).toBe("Vul een leeftijd in.");
    expect(await text(regisseur, "request-care-types-error")).toBe("Kies minstens één zorgvorm.");
    await regisseur.getByTestId("request-caseNumber").fill(taken);
    await regisseur.getByTestId("request-age").fill("14");
    await regisseur.getByTestId("request-gender").selectOption("meisje");
    await regisseur.getByTestId("request-homeMunicipality").selectOption("Enschede");
    await regisseur.getByTestId("request-homePostcode").fill("7511");
    await regisseur.getByTestId("request-schoolPostcode").fill("7512");
    await regisseur.getByTestId("request-currentCareType").selectOption("residentieel");
    await regisseur.getByTestId("request-characteristics-agressie").check();
    await regisseur.getByTestId("request-care-types-gezinshuis").check();
    await regisseur.getByTestId("request-care-types-residentieel").check();
    await regisseur.getByTestId("request-submit").click();
    await regisseur.getByTestId("request-caseNumber-error").waitFor();
    expect(await text(regisseur, "request-caseNumber-error")).toContain(`zaaknummer ${taken}`);

    const caseNumber = requestInput().caseNumber;
    await regisseur.getByTestId("request-caseNumber").fill(caseNumber);
    await regisseur.getByTestId("request-submit").click();
    await regisseur.getByTestId("request-page").waitFor();
    expect(await text(regisseur, "request-status")).toBe("Concept");
    const requestId = Number(await regisseur.getByTestId("request-page").getAttribute("data-request-id"));
    // "Woont nu": only the zorgvorm is kept, for the monitor's doorstroom.
    const [livesIn] = await db()
      .select({ currentCareType: placementRequests.currentCareType })
      .from(placementRequests)
      .where(eq(placementRequests.id, requestId));
    expect(livesIn?.currentCareType).toBe("residentieel");

    // The gate: refused with the server's own words, until the ambulant alternative is recorded.
    await regisseur.getByTestId("start-search").click();
    await regisseur.getByTestId("search-refused").waitFor();
    expect(await text(regisseur, "search-refused")).toContain(
      "Leg eerst minstens één ingezet of overwogen ambulant alternatief vast",
    );
    expect(await regisseur.getByTestId("matches").count()).toBe(0);

    await regisseur.getByTestId("ambulant-type").selectOption("intensieve-ambulante-gezinsbehandeling");
    await regisseur.getByTestId("ambulant-from").fill("2026-08-01");
    await regisseur.getByTestId("ambulant-to").fill("2026-10-31");
    await regisseur.getByTestId("ambulant-outcome").selectOption("ingezet-onvoldoende");
    await regisseur.getByTestId("ambulant-reason").selectOption("veiligheid-onvoldoende");
    await regisseur.getByTestId("ambulant-save").click();
    await expect.poll(() => regisseur.getByTestId("step-ambulant").getAttribute("data-state"), LIVE).toBe("klaar");
    expect(await text(regisseur, "request-status")).toBe("Ambulant vastgelegd");
    expect(await regisseur.getByTestId("step-analysis").getAttribute("data-state")).toBe("overgeslagen");

    await regisseur.getByTestId("start-search").click();
    await regisseur.getByTestId("match-table").waitFor();
    expect(await text(regisseur, "request-status")).toBe("Zoekend");

    // Both fit; the contra-indication is shown with its reason and ranks lower, but stays on the list.
    const cleanRow = regisseur.getByTestId(`match-${clean.id}`);
    const flaggedRow = regisseur.getByTestId(`match-${flagged.id}`);
    await flaggedRow.waitFor();
    expect(await text(regisseur, `contra-${flagged.id}`)).toContain("Contra-indicatie: Agressie");
    expect(await regisseur.getByTestId(`contra-${clean.id}`).count()).toBe(0);
    expect(Number(await flaggedRow.getAttribute("data-rank"))).toBeGreaterThan(
      Number(await cleanRow.getAttribute("data-rank")),
    );
    expect(await text(regisseur, `match-free-${clean.id}`)).toBe("2 vrij");
    await regisseur.getByTestId(`score-${flagged.id}`).click();
    await flaggedRow.getByText("contra-indicatie van de aanbieder: agressie", { exact: false }).waitFor();

    // Grouped by care type, most home-like first.
    const groups = await regisseur.locator(".match-group").allTextContents();
    expect(groups.indexOf("Gezinshuis")).toBeLessThan(groups.indexOf("Residentieel"));
    // "Thuis, tenzij": the gezinshuis fits freely, so the residential group asks a coded reason before it can be held.
    expect(await regisseur.getByTestId(`reserve-${flagged.id}`).isDisabled()).toBe(true);
    await regisseur.getByTestId(`reserve-reason-${flagged.id}`).selectOption("afstand-school");
    await regisseur.getByTestId(`reserve-${flagged.id}`).click();
    await regisseur.getByTestId("reserved-message").waitFor();
    const [kept] = await db()
      .select({ reason: reservations.homeLikeReason })
      .from(reservations)
      .where(eq(reservations.requestId, requestId));
    expect(kept?.reason).toBe("afstand-school");
    await expect.poll(() => text(regisseur, "request-status"), LIVE).toBe("Gereserveerd");
    const held = regisseur.getByTestId("request-reservations").locator("tbody tr");
    await expect.poll(() => held.first().getAttribute("data-status"), LIVE).toBe("open");
    expect(await regisseur.getByTestId(`reserve-${clean.id}`).isDisabled()).toBe(true);

    // The board: one place moves from free to reserved, live.
    await expect.poll(() => reservedOnBoard(board, flagged.id), LIVE).toBe(1);
    expect(await freeCount(board, flagged.id)).toBe(4);

    // The provider hears of it without a reload; accepting under its own contra-indication needs its agreement.
    const card = provider.getByTestId("reservation-inbox").locator("article").filter({ hasText: caseNumber });
    await card.waitFor(LIVE);
    const reservationId = Number(await card.getAttribute("data-reservation-id"));
    expect(await text(provider, `reservation-contra-${reservationId}`)).toContain("Agressie");
    expect(await provider.getByTestId(`accept-${reservationId}`).isDisabled()).toBe(true);
    await provider.getByTestId(`agree-${reservationId}`).check();
    await provider.getByTestId(`accept-${reservationId}`).click();
    await provider.getByTestId("answer-message").waitFor();
    expect(await text(provider, "answer-message")).toContain(`${caseNumber} is geplaatst`);
    expect(await provider.getByTestId(`reservation-${reservationId}`).count()).toBe(0);

    // Reserved became occupied: the free count stays, the reservation is gone from the board.
    await expect.poll(() => reservedOnBoard(board, flagged.id), LIVE).toBe(0);
    expect(await freeCount(board, flagged.id)).toBe(4);

    // The regisseur's open page follows the answer, and the list says the same.
    await expect.poll(() => text(regisseur, "request-status"), LIVE).toBe("Geplaatst");
    await expect.poll(() => held.first().getAttribute("data-status"), LIVE).toBe("geaccepteerd");
    expect(await regisseur.getByTestId("matches").count()).toBe(0);
    const stored = await api<PlacementRequest>(app.server.url, `/api/requests/${requestId}`, { as: regisseurApi });
    expect(stored.body).toMatchObject({ status: "geplaatst", caseNumber });
    // The list is for the work at hand: a placed request shows once finished ones are asked for.
    await regisseur.getByRole("link", { name: "← Alle plaatsingsverzoeken" }).click();
    await regisseur.getByText("Verzoeken laden…").waitFor({ state: "hidden" });
    expect(await regisseur.getByTestId(`request-status-${requestId}`).count()).toBe(0);
    await regisseur.getByLabel("Ook geplaatste en ingetrokken verzoeken tonen").check();
    await expect.poll(() => text(regisseur, `request-status-${requestId}`), LIVE).toBe("Geplaatst");
  });

  it("when a regisseur follows a searching request, then a place coming free shows in its ranking and as a notice on any page", async () => {
    const regisseurApi = await loginAs(app.server, "regisseur");
    const request = await searchingRequest(app.server.url, regisseurApi);
    const full = await addLocation(db(), { capacity: 3, occupied: 3 });
    const alsoFull = await addLocation(db(), { capacity: 2, occupied: 2 });

    const { page } = await app.openAs("regisseur", `/verzoeken/${request.id}`);
    await page.getByTestId("match-table").waitFor();
    expect(await page.getByTestId(`match-${full.id}`).count()).toBe(0);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    // The ranking follows capacity live.
    await setFree(full.id, full.providerId, 1);
    await page.getByTestId(`match-${full.id}`).waitFor(LIVE);
    expect(await text(page, `match-free-${full.id}`)).toBe("1 vrij");

    await page.getByTestId("watch-toggle").click();
    await expect.poll(() => page.getByTestId("watch-toggle").getAttribute("aria-pressed"), LIVE).toBe("true");
    await page.getByTestId("main-nav").getByRole("link", { name: "Beschikbaarheid" }).click();
    await page.getByTestId(`location-${alsoFull.id}`).waitFor();

    await setFree(alsoFull.id, alsoFull.providerId, 1);
    const notice = page.getByTestId(`place-notice-${request.id}`);
    await notice.waitFor(LIVE);
    expect(await notice.textContent()).toContain(`Plek vrijgekomen voor ${request.caseNumber}`);
    expect(await notice.textContent()).toContain(alsoFull.name);
    expect(await page.evaluate(() => "notReloaded" in window)).toBe(true);

    await page.getByTestId(`place-notice-link-${request.id}`).click();
    await page.getByTestId(`match-${alsoFull.id}`).waitFor(LIVE);
    expect(await page.getByTestId(`place-notice-${request.id}`).count()).toBe(0);
    expect(await page.getByTestId("watch-toggle").getAttribute("aria-pressed")).toBe("true");
  });

  it("when a crisis request searches before its ambulant record, then a reservation shows live to its verwijzer, and an overdue record shows on every list row", async () => {
    const { page, account } = await app.openAs("verwijzer", "/verzoeken");
    const crisis = await api<PlacementRequest>(app.server.url, "/api/requests", {
      body: requestInput({ urgency: "crisis" }),
      as: await signIn(app.server.url, account.email),
    });

    await page.goto(`${app.server.url}/verzoeken/${crisis.body.id}`);
    await page.getByTestId("start-search").click();
    await expect.poll(() => text(page, "request-status"), LIVE).toBe("Zoekend");
    expect(await text(page, "ambulant-due")).toContain("Crisis: zoeken mag direct");
    // Matching is the CPWV's work: the verwijzer's page has no match list.
    expect(await page.getByTestId("matches").count()).toBe(0);

    // A regisseur reserves a place for it: the verwijzer's open page shows that without a reload.
    const place = await addLocation(db(), { capacity: 4, occupied: 1, careType: "gezinshuis" });
    const reserved = await api(app.server.url, `/api/requests/${crisis.body.id}/reservations`, {
      body: { locationId: place.id },
      as: await loginAs(app.server, "regisseur"),
    });
    expect(reserved.status).toBe(200);
    await expect.poll(() => text(page, "request-status"), LIVE).toBe("Gereserveerd");

    await db()
      .update(placementRequests)
      .set({ ambulantDueAt: new Date(Date.now() - 3_600_000), escalatedAt: new Date(), status: "opgeschaald" })
      .where(eq(placementRequests.id, crisis.body.id));
    await page.reload();
    await page.getByTestId("ambulant-overdue").waitFor();
    await page.getByRole("link", { name: "← Alle plaatsingsverzoeken" }).click();
    const row = page.getByTestId(`request-${crisis.body.id}`);
    await row.waitFor();
    expect(await text(page, `overdue-${crisis.body.id}`)).toBe("Ambulant spoor te laat");
    expect(await text(page, `escalated-${crisis.body.id}`)).toBe("Opgeschaald");
    expect(await text(page, `request-status-${crisis.body.id}`)).toBe("Opgeschaald");
    expect(await page.getByTestId("request-list").locator("tbody tr").count()).toBe(1);
  });
});
