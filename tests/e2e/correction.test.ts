// Correcting a request in a real browser: the regisseur corrects the age on the request page and the match list
// ranks anew at once; a colleague's change made while the form was open is said, not overwritten. Needs the built
// client (the test script builds it before vitest runs).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { locations, placementRequests } from "../../server/db/schema.js";
import type { PlacementRequest } from "../../shared/schemas/placements.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

const LIVE = { timeout: 10_000 };

describe("correcting a request in the browser", () => {
  const app = useBrowserApp();
  const db = () => app.server.database.db;

  it("when a regisseur corrects the age, then the matches follow at once; a colleague's change in between is said, not overwritten", {
    timeout: 90_000,
  }, async () => {
    const younger = await addLocation(db(), { careType: "gezinshuis", capacity: 4, occupied: 1 });
    await db().update(locations).set({ ageMin: 12, ageMax: 15 }).where(eq(locations.id, younger.id));
    const wider = await addLocation(db(), { careType: "gezinshuis", capacity: 4, occupied: 1 });
    await db().update(locations).set({ ageMin: 14, ageMax: 18 }).where(eq(locations.id, wider.id));
    const colleague = await loginAs(app.server, "regisseur");
    const request = await searchingRequest(app.server.url, colleague, { age: 14, acceptableCareTypes: ["gezinshuis"] });

    const { page } = await app.openAs("regisseur", `/verzoeken/${request.id}`);
    await page.getByTestId(`match-${younger.id}`).waitFor(LIVE);
    await page.getByTestId("correct-open").click();
    // Past the gate: the case number, urgency and complexity are not the regisseur's to change here.
    expect(await page.getByTestId("correct-caseNumber").count()).toBe(0);
    expect(await page.getByTestId("correct-urgency").count()).toBe(0);
    await page.getByTestId("correct-age").fill("17");
    await page.getByTestId("correct-save").click();

    await page.getByTestId("correct-form").waitFor({ state: "detached", ...LIVE });
    await page.getByTestId(`match-${younger.id}`).waitFor({ state: "detached", ...LIVE });
    await page.getByTestId(`match-${wider.id}`).waitFor(LIVE);
    expect(await page.getByTestId("request-page").textContent()).toContain("17 jaar");

    // The form opens on version N; a colleague corrects the request meanwhile (the page shows it live).
    await page.getByTestId("correct-open").click();
    const current = (await api<PlacementRequest>(app.server.url, `/api/requests/${request.id}`, { as: colleague }))
      .body;
    const saved = await api(app.server.url, `/api/requests/${request.id}`, {
      method: "PATCH",
      body: { version: current.version, siblings: 1 },
      as: colleague,
    });
    expect(saved.status).toBe(200);
    // The page shows the colleague's change (pushed); the open form still holds the version it opened on.
    const siblingsShown = page.locator(".facts__item", { hasText: "Broers/zussen mee" }).locator("dd");
    await expect.poll(async () => siblingsShown.textContent(), LIVE).toBe("1");
    await page.getByTestId("correct-age").fill("16");
    await page.getByTestId("correct-save").click();

    await expect
      .poll(async () => page.getByTestId("correct-error").textContent(), LIVE)
      .toContain("Iemand anders heeft dit verzoek intussen gewijzigd; laad opnieuw");
    const [row] = await db().select().from(placementRequests).where(eq(placementRequests.id, request.id));
    expect(row).toMatchObject({ age: 17, siblings: 1 });
    // Loading again starts the form from the colleague's version, and then the correction goes through.
    await page.getByTestId("correct-reload").click();
    await page.getByTestId("correct-error").waitFor({ state: "detached", ...LIVE });
    await page.getByTestId("correct-age").fill("16");
    await page.getByTestId("correct-save").click();
    await page.getByTestId("correct-form").waitFor({ state: "detached", ...LIVE });
    await expect
      .poll(async () => (await db().select().from(placementRequests).where(eq(placementRequests.id, request.id)))[0])
      .toMatchObject({ age: 16, siblings: 1 });
  });
});
