// The beheerder's 'Geplande taken' page: every job with its schedule, a job that has not run yet says so, a run shows
// what it did in words, and a failing job says how often it failed, why (without data), and that it is retried.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { scheduledJobs } from "../../server/db/schema.js";
import { useBrowserApp } from "../e2e/browser.js";

describe("scheduled jobs page", () => {
  const app = useBrowserApp();

  it("when the beheerder opens Geplande taken, then each job shows its schedule and last run, and a failing one why it failed", async () => {
    const { page } = await app.openAs("beheerder", "/");
    await page.getByRole("link", { name: "Geplande taken" }).click();
    const retention = page.getByTestId("job-retentie");
    await retention.waitFor();

    // The test server looks for daily jobs only every 15 minutes: retention has not run yet.
    expect(await retention.getAttribute("data-outcome")).toBe("nog-niet");
    expect(await retention.textContent()).toContain("dagelijks om 03:00");
    expect(await retention.getByTestId("job-outcome").textContent()).toBe("Nog niet uitgevoerd");

    const { db } = app.server.database;
    expect(await app.server.app.jobs.runDue(new Date(), ["retentie"])).toMatchObject([{ outcome: "voltooid" }]);
    await db
      .update(scheduledJobs)
      .set({ lastOutcome: "mislukt", failures: 2, lastError: "databasefout 40P01", lastSucceededAt: null })
      .where(eq(scheduledJobs.name, "ambulant-te-laat"));
    await page.getByTestId("jobs-reload").click();

    await page.locator('[data-testid="job-retentie"][data-outcome="voltooid"]').waitFor();
    expect(await retention.textContent()).toContain(
      "0 verzoeken gepseudonimiseerd, 0 auditregels zonder zaaknummer, 0 auditregels verwijderd",
    );
    const failing = page.getByTestId("job-ambulant-te-laat");
    expect(await failing.getAttribute("data-outcome")).toBe("mislukt");
    expect(await failing.getByTestId("job-outcome").textContent()).toBe(
      "Mislukt (2 keer na elkaar): databasefout 40P01; nog nooit gelukt. Wordt bij de volgende run opnieuw geprobeerd.",
    );
    expect(await page.getByTestId("job-reserveringen-verlopen").textContent()).toContain("elke 2 seconden");
  });
});
