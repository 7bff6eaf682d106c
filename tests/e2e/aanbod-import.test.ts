// Loading the region's list in a real browser: the beheerder uploads a CSV on /beheer/aanbod, reads the dry run row by
// row, applies it, and the new location appears on a regisseur's board that was already open, without a reload.
// Needs the built client (the test script builds it before vitest runs).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { locations } from "../../server/db/schema.js";
import { csvOf, listRow } from "../aanbod/import-helpers.js";
import { useBrowserApp } from "./browser.js";

describe("aanbod import in the browser", () => {
  const app = useBrowserApp();

  it("when the beheerder uploads a CSV, reads the dry run and applies it, then an open board shows the new location live", async () => {
    const { page: board } = await app.openAs("regisseur", "/");
    // A marker that a reload would wipe out.
    await board.evaluate(() => Object.assign(window, { notReloaded: true }));
    const { page: beheer } = await app.openAs("beheerder", "/beheer/aanbod");
    const file = csvOf(
      [
        listRow({ aanbieder_agb: "73900001", locatie_code: "E2E-1", locatie_naam: "Browsergroep Oost" }),
        listRow({
          aanbieder_agb: "73900001",
          locatie_code: "E2E-2",
          locatie_naam: "Browsergroep West",
          zorgvorm: "Gezinshuis",
        }),
      ],
      { bom: true, eol: "\r\n" },
    );

    await beheer.getByTestId("import-file").setInputFiles({
      name: "aanbod.csv",
      mimeType: "application/vnd.ms-excel",
      buffer: Buffer.from(file),
    });
    await beheer.getByTestId("import-dry-run").click();

    const result = beheer.getByTestId("import-result");
    await result.waitFor();
    expect(await result.getAttribute("data-applied")).toBe("false");
    expect(await beheer.getByTestId("import-row-2").getAttribute("data-outcome")).toBe("nieuw");
    expect(await beheer.getByTestId("import-row-3").getAttribute("data-outcome")).toBe("nieuw");
    expect(await result.textContent()).toMatch(/Proef-import: 2 nieuw/);
    // The dry run wrote nothing.
    expect(await app.server.database.db.select().from(locations).where(eq(locations.code, "E2E-1"))).toEqual([]);

    await beheer.getByTestId("import-apply").click();

    await expect.poll(() => result.getAttribute("data-applied"), { timeout: 10_000 }).toBe("true");
    expect(await result.textContent()).toMatch(/Ingelezen: 2 nieuw/);
    const [created] = await app.server.database.db.select().from(locations).where(eq(locations.code, "E2E-1"));
    const row = board.getByTestId(`location-${created!.id}`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain("Browsergroep Oost");
    expect(await board.evaluate(() => "notReloaded" in window)).toBe(true);
  });

  it("when a row is bad, then the dry run shows why in Dutch and Toepassen stays off", async () => {
    const { page: beheer } = await app.openAs("beheerder", "/beheer/aanbod");
    const file = csvOf([listRow({ aanbieder_agb: "73900002", locatie_code: "E2E-F", gemeente: "Enschde" })]);

    await beheer.getByTestId("import-file").setInputFiles({
      name: "aanbod.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(file),
    });
    await beheer.getByTestId("import-dry-run").click();

    const bad = beheer.getByTestId("import-row-2");
    await bad.waitFor();
    expect(await bad.getAttribute("data-outcome")).toBe("fout");
    expect(await bad.textContent()).toContain('gemeente: onbekende gemeente "Enschde"');
    expect(await beheer.getByTestId("import-apply").isDisabled()).toBe(true);
  });
});
