// A write whose answer is lost on the way (the connection broke after the server applied it) is sent again by the
// page under the same Idempotency-Key: the provider sees it succeed and the place is counted once, not twice.
// Needs the built client (the test script builds it before vitest runs).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { capacityEvents } from "../../server/db/schema.js";
import type { Location } from "../../shared/schemas/capacity.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

describe("writes from the browser when an answer is lost", () => {
  const app = useBrowserApp();

  it("when the answer to '+1 bezet' never arrives, then the page retries with the same key and one place is taken", async () => {
    const location = await addLocation(app.server.database.db, { capacity: 5, occupied: 1 });
    const { page } = await app.openAs("aanbieder", "/aanbieder", location.providerId);
    const keys: (string | undefined)[] = [];
    await page.route(`**/api/locations/${location.id}/occupancy`, async (route) => {
      keys.push(route.request().headers()["idempotency-key"]);
      if (keys.length > 1) return route.continue();
      // The server gets the first attempt and applies it; the page never hears back.
      const reached = await route.fetch();
      expect(reached.status()).toBe(200);
      await route.abort("connectionreset");
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
  });
});
