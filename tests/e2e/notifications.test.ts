// The inbox in a real browser: the aanbieder's header count rises live when a regisseur reserves one of its places,
// the Meldingen page shows the notice and following its link marks it read; notices made while it was signed out wait
// for its next sign-in; paging, "Alles gelezen" and the e-mail choices. Needs the built client (`npx vite build`).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { notifications } from "../../server/db/schema.js";
import type { CareType } from "../../shared/domain.js";
import type { Inbox, MailPreferences } from "../../shared/schemas/notifications.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import { type Caller, loginAs, signIn } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api } from "../support/server.js";
import { signInThroughPage, useBrowserApp } from "./browser.js";

const LIVE = { timeout: 10_000 };

describe("the inbox in the browser", () => {
  const app = useBrowserApp();
  const db = () => app.server.database.db;

  /** The header's count as the badge says it to a screen reader: "Meldingen, 2 ongelezen". */
  const badgeLabel = (page: Page) => page.getByTestId("inbox-link").getAttribute("aria-label");

  /** A regisseur reserves a place at the location through the API; returns the request's case number. */
  async function reserve(place: { id: number; careType: CareType }, regisseur: Caller): Promise<string> {
    // Only the place's own care type: a more home-like place left free by an earlier test would ask for a reason.
    const request = await searchingRequest(app.server.url, regisseur, { acceptableCareTypes: [place.careType] });
    const reserved = await api<Reservation>(app.server.url, `/api/requests/${request.id}/reservations`, {
      body: { locationId: place.id },
      as: regisseur,
    });
    expect(reserved.status).toBe(200);
    return request.caseNumber;
  }

  it("when a regisseur reserves one of its places, then the aanbieder's count rises live and following the notice marks it read", {
    timeout: 60_000,
  }, async () => {
    const place = await addLocation(db(), { careType: "gezinshuis", capacity: 4, occupied: 1 });
    const regisseur = await loginAs(app.server, "regisseur");
    const { page, account } = await app.openAs("aanbieder", "/aanbieder", place.providerId);
    await expect.poll(() => badgeLabel(page), LIVE).toBe("Meldingen, geen ongelezen");
    expect(await page.getByTestId("inbox-count").count()).toBe(0);
    // Set in this page's window: still there afterwards means no reload happened.
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    const caseNumber = await reserve(place, regisseur);

    await expect.poll(() => badgeLabel(page), LIVE).toBe("Meldingen, 1 ongelezen");
    expect(await page.getByTestId("inbox-count").textContent()).toBe("1");
    expect(await page.evaluate(() => "notReloaded" in window)).toBe(true);

    await page.getByTestId("inbox-link").click();
    await page.waitForURL("**/meldingen");
    const notice = page.getByTestId("inbox-list").locator("li").filter({ hasText: caseNumber });
    await notice.waitFor(LIVE);
    expect(await notice.getAttribute("data-kind")).toBe("reservering-wacht");
    expect(await notice.getAttribute("data-read")).toBe("false");
    expect(await notice.textContent()).toContain(`Zaaknummer ${caseNumber}`);
    const id = Number((await notice.getAttribute("data-testid"))?.replace("notification-", ""));

    // The link leads to the page to act on, where the reservation waits for an answer.
    await page.getByTestId(`notification-link-${id}`).click();
    await page.getByTestId("reservation-inbox").getByText(caseNumber).waitFor(LIVE);
    expect(new URL(page.url()).pathname).not.toBe("/meldingen");
    await expect.poll(() => badgeLabel(page), LIVE).toBe("Meldingen, geen ongelezen");
    expect(await page.getByTestId("inbox-count").count()).toBe(0);

    // The server holds it read too: another session of the same account sees it so.
    const own = await signIn(app.server.url, account.email);
    const inbox = await api<Inbox>(app.server.url, "/api/notifications", { as: own });
    expect(inbox.body.unread).toBe(0);
    expect(inbox.body.items.find((n) => n.id === id)?.read).toBe(true);
  });

  it("when reservations are made while the aanbieder is signed out, then its next sign-in shows them, and a new one lands on top of the open page", {
    timeout: 60_000,
  }, async () => {
    const place = await addLocation(db(), { careType: "kleinschalig-wonen", capacity: 6, occupied: 1 });
    const regisseur = await loginAs(app.server, "regisseur");
    const { page, account } = await app.openAs("aanbieder", "/aanbieder", place.providerId);
    await expect.poll(() => badgeLabel(page), LIVE).toBe("Meldingen, geen ongelezen");
    await page.getByTestId("logout").click();
    await page.getByTestId("login-email").waitFor();

    const first = await reserve(place, regisseur);
    const second = await reserve(place, regisseur);

    await signInThroughPage(page, account.email);
    await expect.poll(() => badgeLabel(page), LIVE).toBe("Meldingen, 2 ongelezen");
    await page.getByTestId("inbox-link").click();
    const items = page.getByTestId("inbox-list").locator("li");
    await expect.poll(() => items.count(), LIVE).toBe(2);
    // Newest first, both unread.
    expect(await items.nth(0).textContent()).toContain(second);
    expect(await items.nth(1).textContent()).toContain(first);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute("data-read")))).toEqual(["false", "false"]);

    // One made while the page is open lands on top, without a reload.
    const third = await reserve(place, regisseur);
    await expect.poll(() => items.count(), LIVE).toBe(3);
    expect(await items.nth(0).textContent()).toContain(third);
    expect(await badgeLabel(page)).toBe("Meldingen, 3 ongelezen");
  });

  it("when the inbox holds more than a page, then 'Meer laden' brings the older ones and 'Alles gelezen' clears the count", {
    timeout: 60_000,
  }, async () => {
    const place = await addLocation(db());
    const { page, account } = await app.openAs("aanbieder", "/meldingen", place.providerId);
    await page.getByText("U heeft nog geen meldingen.").waitFor(LIVE);
    // 25 older notices, written as the producers would (one page is 20).
    await db()
      .insert(notifications)
      .values(
        Array.from({ length: 25 }, (_, i) => ({
          userId: account.id,
          kind: "cijfers-verouderen" as const,
          title: `Aantallen verouderen ${i + 1}`,
          body: "Bevestig de aantallen van uw locaties.",
          link: "/aanbieder",
          dedupeKey: `test:${account.id}:${i}`,
        })),
      );
    await page.reload();
    await expect.poll(() => badgeLabel(page), LIVE).toBe("Meldingen, 25 ongelezen");
    const items = page.getByTestId("inbox-list").locator("li");
    await expect.poll(() => items.count(), LIVE).toBe(20);
    expect(await items.first().textContent()).toContain("Aantallen verouderen 25");

    await page.getByTestId("inbox-more").click();
    await expect.poll(() => items.count(), LIVE).toBe(25);
    expect(await items.last().textContent()).toContain("Aantallen verouderen 1");
    expect(await page.getByTestId("inbox-more").count()).toBe(0);

    await page.getByTestId("inbox-read-all").click();
    await expect.poll(() => badgeLabel(page), LIVE).toBe("Meldingen, geen ongelezen");
    expect(await items.evaluateAll((els) => els.every((e) => e.getAttribute("data-read") === "true"))).toBe(true);
    const own = await signIn(app.server.url, account.email);
    expect((await api<Inbox>(app.server.url, "/api/notifications", { as: own })).body.unread).toBe(0);
  });

  it("when the aanbieder chooses a daily digest for a kind, then the choice is saved and shown again after a reload", {
    timeout: 60_000,
  }, async () => {
    const place = await addLocation(db());
    const { page, account } = await app.openAs("aanbieder", "/meldingen", place.providerId);
    const prefs = page.getByTestId("mail-preferences");
    // Only the kinds an aanbieder gets, each starting at "Direct".
    await expect.poll(() => prefs.locator("fieldset").count(), LIVE).toBe(3);
    expect(await page.getByTestId("mail-reservering-wacht-direct").isChecked()).toBe(true);
    expect(await page.getByTestId("mail-plek-vrij").count()).toBe(0);
    expect(await page.getByTestId("mail-save").isDisabled()).toBe(true);

    await page.getByTestId("mail-reservering-wacht-dagelijks").check();
    await page.getByTestId("mail-cijfers-verouderen-uit").check();
    await page.getByTestId("mail-save").click();
    await page.getByTestId("mail-saved").waitFor(LIVE);

    const own = await signIn(app.server.url, account.email);
    const saved = await api<MailPreferences>(app.server.url, "/api/notifications/preferences", { as: own });
    expect(Object.fromEntries(saved.body.preferences.map((p) => [p.kind, p.delivery]))).toEqual({
      "reservering-wacht": "dagelijks",
      "reservering-verloopt": "direct",
      "cijfers-verouderen": "uit",
    });
    await page.reload();
    await page.getByTestId("mail-reservering-wacht-dagelijks").waitFor(LIVE);
    expect(await page.getByTestId("mail-reservering-wacht-dagelijks").isChecked()).toBe(true);
    expect(await page.getByTestId("mail-cijfers-verouderen-uit").isChecked()).toBe(true);
  });
});
