// "Klopt nog" in a real browser: the provider opens the link from the prompt e-mail without signing in, sees its numbers
// and taps once; the locations are fresh. A second visit says the link was used; a link whose numbers changed shows the
// new numbers and no button. Needs the built client.
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { locations, mailOutbox } from "../../server/db/schema.js";
import { dueProvider, hoursAgo, runPrompt } from "../freshness/support.js";
import { loginAs } from "../support/auth.js";
import { loggedLocation } from "../support/capacity-log.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

describe("one-tap confirmation in the browser", () => {
  const app = useBrowserApp();
  const db = () => app.server.database.db;

  /** The "Klopt nog" link as the contact address's mail has it, pointed at the test server. */
  async function mailedLink(contactEmail: string): Promise<string> {
    const [mail] = await db().select().from(mailOutbox).where(eq(mailOutbox.toAddress, contactEmail));
    const link = /Klopt nog: (\S+)/.exec(mail?.body ?? "")?.[1];
    if (!link) throw new Error("no Klopt nog link in the mail");
    const url = new URL(link);
    return `${url.pathname}${url.hash}`;
  }
  const promptAndLink = async (contactEmail: string) => {
    await runPrompt(db());
    return mailedLink(contactEmail);
  };

  it("when the provider opens the mailed link without signing in and taps Klopt nog, then its numbers are fresh", async () => {
    const provider = await dueProvider(db());
    const page = await app.visit(await promptAndLink(provider.contactEmail));

    // Nobody signed in, and no login form in the way.
    await expect(page.getByTestId("login-email").count()).resolves.toBe(0);
    const first = page.getByTestId(`one-tap-location-${provider.due[0]!.id}`);
    await first.waitFor();
    expect(await first.textContent()).toContain(`${provider.due[0]!.name}: 3 vrije plekken`);
    expect(await page.getByTestId(`one-tap-location-${provider.due[1]!.id}`).textContent()).toContain(
      "0 vrije plekken",
    );
    expect(await page.getByTestId("one-tap-change").getAttribute("href")).toBe("/aanbieder");

    await page.getByTestId("one-tap-confirm").click();

    await page.getByTestId("one-tap-done").waitFor();
    const rows = await db()
      .select()
      .from(locations)
      .where(
        inArray(
          locations.id,
          provider.due.map((l) => l.id),
        ),
      );
    for (const row of rows) expect(Date.now() - row.lastConfirmedAt.getTime()).toBeLessThan(60_000);

    // The same link again: used, no button.
    const again = await app.visit(await mailedLink(provider.contactEmail));
    await again.getByTestId("one-tap-state").waitFor();
    expect(await again.getByTestId("one-tap-state").textContent()).toContain("al gebruikt");
    expect(await again.getByTestId("one-tap-confirm").count()).toBe(0);
  });

  it("when a colleague changed a number after the mail, then tapping shows the refusal with the new number", async () => {
    const provider = await dueProvider(db());
    const page = await app.visit(await promptAndLink(provider.contactEmail));
    const changed = provider.due[0]!;
    await page.getByTestId("one-tap-confirm").waitFor();
    const colleague = await loginAs(app.server, "aanbieder", provider.providerId);
    const saved = await api(app.server.url, `/api/locations/${changed.id}/availability`, {
      method: "PUT",
      body: { version: changed.version, free: 1 },
      as: colleague,
    });
    expect(saved.status).toBe(200);

    await page.getByTestId("one-tap-confirm").click();

    await page.getByTestId("one-tap-refusal").waitFor();
    expect(await page.getByTestId("one-tap-refusal").textContent()).toContain("gewijzigd");
    expect(await page.getByTestId(`one-tap-location-${changed.id}`).textContent()).toContain(
      "1 vrije plek (was 3 in de e-mail)",
    );
    expect(await page.getByTestId("one-tap-confirm").count()).toBe(0);
  });

  it("when prompts went out, then beleid reads on the monitor how much was confirmed in time before them", async () => {
    // In the log since 100 hours ago and never confirmed since: stale after 72, so 72% of its time in time.
    await loggedLocation(
      db(),
      hoursAgo(100),
      { careType: "kleinschalig-wonen", municipality: "Tubbergen" },
      {
        capacity: 6,
        occupied: 5,
      },
    );
    const provider = await dueProvider(db());
    await promptAndLink(provider.contactEmail);
    const { page } = await app.openAs("beleid", "/monitor");

    const before = page.getByTestId("freshness-before");
    await before.waitFor();
    expect(await before.textContent()).toBe("72%");
    expect(await page.getByTestId("freshness-effect").textContent()).toContain("Vóór de eerste herinnering");
  });
});
