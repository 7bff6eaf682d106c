// In the browser: the beheerder's E-mail page says that no mail server is set, lists the waiting and failed mails
// without a single-use link's body, and puts a failed mail back in the queue.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox } from "../../server/db/schema.js";
import { useBrowserApp } from "../e2e/browser.js";
import { queueMail } from "./queue.js";

describe("the E-mail page", () => {
  const app = useBrowserApp();

  it("when no mail server is set, the beheerder reads so, sees the mails without secret links and retries a failed one", async () => {
    const db = app.server.database.db;
    const waiting = await queueMail(db, "regisseur@cpwv.test");
    const secret = await queueMail(db, "herstel@cpwv.test", { secret: true });
    const failed = await queueMail(db, "kapot@aanbieder.test");
    await db
      .update(mailOutbox)
      .set({ status: "mislukt", attempts: 8, lastError: "SMTP 550" })
      .where(eq(mailOutbox.id, failed.id));

    const { page } = await app.openAs("beheerder", "/beheer/e-mail");
    await page.getByTestId("outbox-table").waitFor();
    expect(await page.getByTestId("outbox-no-smtp").textContent()).toBe(
      "Er is geen mailserver ingesteld: deze e-mails worden niet verzonden.",
    );
    const row = (id: number) => page.getByTestId(`outbox-mail-${id}`);
    expect(await row(waiting.id).getAttribute("data-status")).toBe("wachtend");
    expect(await row(secret.id).textContent()).toContain("de inhoud wordt niet getoond");
    expect(await page.content()).not.toContain("/herstel/geheim-");
    expect(await row(failed.id).textContent()).toContain("SMTP 550");

    await page.getByTestId(`outbox-retry-${failed.id}`).click();
    await page.locator(`[data-testid="outbox-mail-${failed.id}"][data-status="wachtend"]`).waitFor();
    const [now] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, failed.id));
    expect(now).toMatchObject({ status: "wachtend", attempts: 0 });

    await page.getByTestId("outbox-status").selectOption("mislukt");
    await page.getByText("Geen e-mails met deze status.").waitFor();
  });
});
