// Crisis places in the browser: a regular request sees a location whose only free place is a crisis place flagged
// "Crisisplek" with a reason to choose before Reserveer, and the reason reaches the reservation; a crisis request sees
// its crisis places in a section of their own before the regular places. Needs the built client.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { reservations } from "../../server/db/schema.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { useBrowserApp } from "./browser.js";

describe("crisis places in the match list", () => {
  const app = useBrowserApp();
  const db = () => app.server.database.db;

  it("when a regular request can only have a crisis place, then the row says Crisisplek and Reserveer waits for a coded reason, which is kept", async () => {
    const crisisOnly = await addLocation(db(), {
      careType: "kleinschalig-wonen",
      capacity: 4,
      occupied: 3,
      crisisPlaces: 1,
    });
    const regisseurApi = await loginAs(app.server, "regisseur");
    const request = await searchingRequest(app.server.url, regisseurApi, {
      acceptableCareTypes: ["kleinschalig-wonen"],
    });

    const { page } = await app.openAs("regisseur", `/verzoeken/${request.id}`);
    await page.getByTestId(`match-${crisisOnly.id}`).waitFor();
    expect(await page.getByTestId(`crisis-place-${crisisOnly.id}`).textContent()).toBe("Crisisplek");
    const reason = page.getByTestId(`crisis-reason-${crisisOnly.id}`);
    const reserve = page.getByTestId(`reserve-${crisisOnly.id}`);
    expect(await reserve.isDisabled()).toBe(true);
    await reason.selectOption("overbrugging");
    expect(await reserve.isDisabled()).toBe(false);
    await reserve.click();
    await page.getByTestId("reserved-message").waitFor();

    const [row] = await db().select().from(reservations).where(eq(reservations.requestId, request.id));
    expect(row).toMatchObject({ locationId: crisisOnly.id, crisisReason: "overbrugging" });
  });

  it("when a crisis request searches, then its crisis places come first under 'Crisisplekken', the regular ones after", async () => {
    const beds = await addLocation(db(), { careType: "residentieel", capacity: 3, occupied: 0, crisisPlaces: 3 });
    const group = await addLocation(db(), { careType: "residentieel", capacity: 8, occupied: 4 });
    const regisseurApi = await loginAs(app.server, "regisseur");
    const request = await searchingRequest(app.server.url, regisseurApi, {
      urgency: "crisis",
      acceptableCareTypes: ["residentieel"],
    });

    const { page } = await app.openAs("regisseur", `/verzoeken/${request.id}`);
    await page.getByTestId(`match-${group.id}`).waitFor();
    const order = await page
      .getByTestId("match-table")
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")));
    const at = (id: string | null) => order.indexOf(id);
    expect(at("match-section-crisis")).toBeGreaterThanOrEqual(0);
    expect(at("match-section-crisis")).toBeLessThan(at(`match-${beds.id}`));
    expect(at(`match-${beds.id}`)).toBeLessThan(at("match-section-regulier"));
    expect(at("match-section-regulier")).toBeLessThan(at(`match-${group.id}`));
    expect(await page.getByTestId(`crisis-place-${beds.id}`).count()).toBe(1);
    // A crisis request takes a crisis place without a reason.
    expect(await page.getByTestId(`crisis-reason-${beds.id}`).count()).toBe(0);
  });
});
