// A write whose outcome the page cannot know (the connection broke, or a gateway answered 504, after the server
// applied it) is sent again under the same Idempotency-Key: the provider sees it succeed and the place is counted
// once, not twice. A refusal that says what happened (a stale version) is shown at once, never sent again.
// Needs the built client (the test script builds it before vitest runs).
import { eq } from "drizzle-orm";
import type { Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { capacityEvents } from "../../server/db/schema.js";
import type { Location } from "../../shared/schemas/capacity.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api } from "../support/server.js";
import { colleagueSaves, useBrowserApp } from "./browser.js";

/** How the first answer fails to reach the page, after the server applied the write. */
const LOST_ANSWERS: [string, (route: Route) => Promise<void>][] = [
  ["the connection breaks", (route) => route.abort("connectionreset")],
  ["a gateway answers 504", (route) => route.fulfill({ status: 504, body: "Gateway Timeout" })],
];

describe("writes from the browser when an answer is lost", () => {
  const app = useBrowserApp();

  it.each(LOST_ANSWERS)(
    "when %s after '+1 bezet' was applied, then the page retries with the same key and one place is taken",
    async (_, lose) => {
      const location = await addLocation(app.server.database.db, { capacity: 5, occupied: 1 });
      const { page } = await app.openAs("aanbieder", "/aanbieder", location.providerId);
      const keys: (string | undefined)[] = [];
      await page.route(`**/api/locations/${location.id}/occupancy`, async (route) => {
        keys.push(route.request().headers()["idempotency-key"]);
        if (keys.length > 1) return route.continue();
        // The server gets the first attempt and applies it; the page never hears its answer.
        const reached = await route.fetch();
        expect(reached.status()).toBe(200);
        await lose(route);
      });

      await page.getByTestId(`editor-${location.id}`).getByRole("button", { name: "+1 bezet" }).click();

      await expect
        .poll(() => page.getByTestId(`feedback-${location.id}`).textContent(), { timeout: 15_000 })
        .toMatch(/Eén plek geregistreerd als bezet/);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
      expect(keys[1]).toBe(keys[0]);
      const regisseur = await loginAs(app.server, "regisseur");
      const stored = await api<Location>(app.server.url, `/api/locations/${location.id}`, { as: regisseur });
      expect(stored.body).toMatchObject({ occupied: 2, free: 3 });
      const events = await app.server.database.db
        .select({ kind: capacityEvents.kind })
        .from(capacityEvents)
        .where(eq(capacityEvents.locationId, location.id));
      expect(events.filter((e) => e.kind === "plek-bezet")).toHaveLength(1);
    },
  );

  it("when the server refuses a stale version (409), then the page shows it after one attempt", async () => {
    const location = await addLocation(app.server.database.db, { capacity: 8, occupied: 6 });
    const { page } = await app.openAs("aanbieder", "/aanbieder", location.providerId);
    let attempts = 0;
    await page.route(`**/api/locations/${location.id}/availability`, (route) => {
      attempts += 1;
      return route.continue();
    });
    await page.getByTestId(`free-input-${location.id}`).fill("1");
    await colleagueSaves(app.server, location, 4);

    await page.getByTestId(`save-${location.id}`).click();

    await expect
      .poll(() => page.getByTestId(`feedback-${location.id}`).textContent(), { timeout: 10_000 })
      .toMatch(/Iemand anders heeft deze locatie intussen gewijzigd/);
    expect(attempts).toBe(1);
  });
});
