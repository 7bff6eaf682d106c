// The provider's webhooks in a real browser: an aanbieder registers its planning system's address, sees the signing
// secret once, and after a regisseur's reservation sees the delivery its receiver (a real HTTP server) answered.
import { describe, expect, it } from "vitest";
import { verifyWebhook } from "../../docs/examples/webhook-verifier.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import { loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api } from "../support/server.js";
import { startReceiver } from "../webhooks/receiver.js";
import { useBrowserApp } from "./browser.js";

describe("webhooks in the browser", () => {
  const app = useBrowserApp({ env: { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_CHECK_SECONDS: "0.2" } });

  it("when an aanbieder adds a webhook, then the secret is shown once, and a reservation's delivery shows as afgeleverd", async () => {
    const receiver = await startReceiver();
    try {
      const place = await addLocation(app.server.database.db, { capacity: 6, occupied: 2 });
      const { page } = await app.openAs("aanbieder", "/aanbieder/tokens", place.providerId);

      await page.getByTestId("webhook-url").fill(receiver.url);
      await page.getByRole("button", { name: "Webhook toevoegen" }).click();
      const secret = await page.getByTestId("webhook-secret").inputValue();
      expect(secret).toMatch(/^whsec_/);
      await page.getByRole("button", { name: "Ik heb het geheim bewaard" }).click();
      expect(await page.getByTestId("webhook-secret").count()).toBe(0);
      const row = page.getByTestId("webhooks").locator("tbody tr");
      await expect.poll(() => row.textContent()).toContain("Nog niets verstuurd");

      const regisseur = await loginAs(app.server, "regisseur");
      const request = await searchingRequest(app.server.url, regisseur);
      const reserved = await api<Reservation>(app.server.url, `/api/requests/${request.id}/reservations`, {
        body: { locationId: place.id },
        as: regisseur,
      });
      expect(reserved.status).toBe(200);
      const [arrived] = await receiver.waitFor(1);
      expect(verifyWebhook(secret, arrived!.headers, arrived!.body)).toMatchObject({ ok: true });

      await page.reload();
      await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain("Afgeleverd");
      expect(await row.textContent()).toContain("Reservering gemaakt");
      expect(await row.textContent()).toContain("HTTP 200");
    } finally {
      await receiver.close();
    }
  });
});
