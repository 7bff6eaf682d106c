// The beheerder reads under the audit log when the retention job last ran and what it did, in Dutch.
import { describe, expect, it } from "vitest";
import { useBrowserApp } from "../e2e/browser.js";
import { loginAs } from "../support/auth.js";
import { closedMonthsAgo, withdrawnRequest } from "./aged.js";

describe("retention panel", () => {
  const app = useBrowserApp();

  it("when the job has not run yet, the panel says so; after a run, it shows the day's run with what it did", async () => {
    const { page } = await app.openAs("beheerder", "/beheer/audit");
    const panel = page.getByTestId("retention-panel");
    await page.getByTestId("retention-last").waitFor();
    expect(await page.getByTestId("retention-last").textContent()).toBe(
      "De dagelijkse retentie is nog niet uitgevoerd.",
    );
    expect(await panel.textContent()).toContain("12 maanden na afsluiten");
    expect(await panel.textContent()).toContain("5 jaar bewaard");
    expect(await panel.textContent()).toContain("na 90 dagen verwijderd");

    const regisseur = await loginAs(app.server, "regisseur");
    const aged = await withdrawnRequest(app.server, regisseur);
    await closedMonthsAgo(app.server.database.db, aged.id, 13);
    const [outcome] = await app.server.app.jobs.runDue(new Date(), ["retentie"]);
    expect(outcome).toMatchObject({ outcome: "voltooid", counts: { requestsPseudonymised: 1 } });
    await page.reload();

    const run = page.getByTestId("retention-runs").locator("tbody tr");
    await run.first().waitFor();
    expect(await run.count()).toBe(1);
    expect(await run.first().getAttribute("data-outcome")).toBe("voltooid");
    const cells = await run.first().locator("td").allTextContents();
    expect(cells.slice(3)).toEqual(["Voltooid", "1", expect.stringMatching(/^[1-9]\d*$/), "0", "0"]);
    expect(await page.getByTestId("retention-last").textContent()).toMatch(/^Laatst uitgevoerd: /);
  });
});
