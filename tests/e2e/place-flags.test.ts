// Soort plek in the browser (#22 part 7): the beheerder ticks what a location's places are, and kamertraining for a
// group that takes youths under 16 is refused at the field; a verwijzer ticks what the youth needs on the request form,
// with the same rule; the board and the regisseur's match list show a place's flags as badges. Needs the built client.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Provider } from "../../shared/schemas/aanbod.js";
import type { Location } from "../../shared/schemas/capacity.js";
import { loginAs } from "../support/auth.js";
import { addLocation, randomAgbCode } from "../support/fixtures.js";
import { requestInput, searchingRequest } from "../support/placements.js";
import { api } from "../support/server.js";
import { useBrowserApp } from "./browser.js";

const LIVE = { timeout: 10_000 };

describe("soort plek on requests and matches", () => {
  const app = useBrowserApp();
  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? "";

  it("when a verwijzer asks kamertraining for a youth of 15, then the form says so at the field; at 16 the request shows it", async () => {
    const { page } = await app.openAs("verwijzer", "/verzoeken");
    await page.getByTestId("new-request").click();
    await page.getByTestId("request-caseNumber").fill(requestInput().caseNumber);
    await page.getByTestId("request-age").fill("15");
    await page.getByTestId("request-gender").selectOption("jongen");
    await page.getByTestId("request-homeMunicipality").selectOption("Hengelo");
    await page.getByTestId("request-homePostcode").fill("7551");
    await page.getByTestId("request-care-types-kleinschalig-wonen").check();
    await page.getByTestId("request-flags-kamertraining").check();
    await page.getByTestId("request-submit").click();

    await page.getByTestId("request-flags-error").waitFor(LIVE);
    expect(await text(page, "request-flags-error")).toContain("vanaf 16 jaar");
    await page.getByTestId("request-age").fill("16");
    await page.getByTestId("request-submit").click();

    await page.getByTestId("request-page").waitFor(LIVE);
    expect(await text(page, "request-flags")).toBe("Kamertraining / begeleid zelfstandig wonen (16+)");
  });

  it("when the regisseur opens a respite request, then its respijt place is listed with its flags as badges", async () => {
    const beheerder = await loginAs(app.server, "beheerder");
    const provider = await api<Provider>(app.server.url, "/api/providers", {
      body: { name: "Logeerhuis De Linde", agbCode: randomAgbCode(), kind: "gezinshuis" },
      as: beheerder,
    });
    const place = await api<Location>(app.server.url, "/api/locations", {
      body: {
        providerId: provider.body.id,
        code: "LH-1",
        name: "Logeerhuis De Linde",
        careType: "gezinshuis",
        municipality: "Almelo",
        postcode: "7607",
        ageMin: 4,
        ageMax: 18,
        capacity: 2,
        treatment: true,
        flags: ["logeer-respijt"],
      },
      as: beheerder,
    });
    expect(place.status).toBe(201);
    const verwijzer = await loginAs(app.server, "verwijzer");
    const request = await searchingRequest(app.server.url, verwijzer, {
      homeMunicipality: "Almelo",
      homePostcode: "7607",
      acceptableCareTypes: ["gezinshuis"],
      flags: ["logeer-respijt"],
    });

    const { page } = await app.openAs("regisseur", `/verzoeken/${request.id}`);

    await page.getByTestId(`match-${place.body.id}`).waitFor(LIVE);
    expect(await text(page, `flag-${place.body.id}-logeer-respijt`)).toBe("Respijt");
    expect(await text(page, `flag-${place.body.id}-behandeling`)).toBe("Behandeling");
    expect(await text(page, "request-flags")).toBe("Logeer-/respijtplek");
  });
  it("when the beheerder ticks kamertraining on a group from 12, then the form says so at the field; from 16 it is saved and the board shows it", async () => {
    const group = await addLocation(app.server.database.db, {
      careType: "kleinschalig-wonen",
      capacity: 4,
      occupied: 1,
    });
    const { page: board } = await app.openAs("regisseur", "/");
    await board.getByTestId(`location-${group.id}`).waitFor(LIVE);
    const { page } = await app.openAs("beheerder", "/beheer/aanbod");
    const form = `location-${group.id}`;

    await page.getByTestId(`aanbod-location-${group.id}-edit`).click();
    await page.getByTestId(`${form}-flags-kamertraining`).check();
    await page.getByTestId(`${form}-save`).click();
    await page.getByTestId(`${form}-flags-error`).waitFor(LIVE);
    expect(await text(page, `${form}-flags-error`)).toContain("leeftijd van is nu 12");
    await page.getByTestId(`${form}-ageMin`).fill("16");
    await page.getByTestId(`${form}-save`).click();
    await page.getByTestId(`${form}-form`).waitFor({ state: "detached", ...LIVE });

    // The board heard the change (kenmerken-gewijzigd) and shows the flag.
    await board.getByTestId(`location-${group.id}`).getByText("Kamertraining 16+").waitFor(LIVE);
  });
});
