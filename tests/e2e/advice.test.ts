// The matchadvies and the map in a real browser: a regisseur opens a request's matches and sees on the map a place
// free now and one that comes free, told apart, with home and school; opens the advice, prints it (the print layout
// has no header or menu, and the audit log has the print). Needs the built client (`npx vite build`).
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../server/db/schema.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

const LIVE = { timeout: 10_000 };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe("matchadvies and map in the browser", () => {
  const app = useBrowserApp();
  const db = () => app.server.database.db;

  it("when a regisseur opens a request's matches and its advice, then the map tells free from soon-free and the print is audited", {
    timeout: 90_000,
  }, async () => {
    const free = await addLocation(db(), { careType: "gezinshuis", capacity: 4, occupied: 2 });
    const soon = await addLocation(db(), { careType: "gezinshuis", capacity: 3, occupied: 3 });
    const planner = await loginAs(app.server, "aanbieder", soon.providerId);
    const planned = await api(app.server.url, `/api/locations/${soon.id}/planned`, {
      body: { direction: "uitstroom", expectedDate: inDays(7), certainty: "zeker" },
      as: planner,
    });
    expect(planned.status).toBe(201);
    const regisseurApi = await loginAs(app.server, "regisseur");
    const request = await searchingRequest(app.server.url, regisseurApi, {
      acceptableCareTypes: ["gezinshuis"],
      homePostcode: "7511",
      schoolPostcode: "7551",
    });

    const { page } = await app.openAs("regisseur", `/verzoeken/${request.id}`);
    const map = page.getByTestId("match-map");
    await map.locator("path.map-place--free").first().waitFor(LIVE);
    expect(await map.locator("path.map-place--free").count()).toBeGreaterThanOrEqual(1);
    expect(await map.locator("path.map-place--soon").count()).toBeGreaterThanOrEqual(1);
    expect(await map.locator("path.map-home").count()).toBe(1);
    expect(await map.locator("path.map-school").count()).toBe(1);
    // No tile source set: the 14 gemeenten drawn from the shipped outlines on a blank background, and nothing the
    // page loaded (scripts, styles, images, API calls) came from another origin.
    expect(await map.locator("path.map-gemeente").count()).toBe(14);
    expect(await map.locator(".map-gemeente-label").allTextContents()).toContain("Enschede");
    expect(await map.locator("img.leaflet-tile").count()).toBe(0);
    const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((url) => new URL(url).origin !== new URL(app.server.url).origin)).toEqual([]);
    await expect
      .poll(async () => (await page.getByTestId("match-map-legend").textContent()) ?? "")
      .toContain("Komt vrij");

    await page.getByTestId("request-advice").click();
    const advice = page.getByTestId("advice");
    await advice.waitFor(LIVE);
    expect(await page.getByTestId(`advice-option-${free.id}`).textContent()).toContain("vrij");
    expect(await page.getByTestId(`advice-option-${soon.id}`).textContent()).toContain("vrij per");
    expect(await page.getByTestId("advice-codes").textContent()).toContain("7511");

    // The print dialog is the browser's: stub it, and see that the server recorded the print first.
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.getByTestId("advice-print").click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed), LIVE).toBe(1);
    const entries = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, String(request.id)), eq(auditLog.action, "verzoek.advies-afgedrukt")));
    expect(entries).toHaveLength(1);

    // The print layout: the document without the header, the menu or the button.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".app-header").isVisible()).toBe(false);
    expect(await page.getByTestId("advice-print").isVisible()).toBe(false);
    expect(await advice.isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
