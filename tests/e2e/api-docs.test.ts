// The API reference at /api/docs renders the served OpenAPI document in a real browser, from this server alone: the
// bundle comes from node_modules through the app, under the app's CSP, and nothing loads from another origin.
import { describe, expect, it } from "vitest";
import { useBrowserApp } from "./browser.js";

describe("the API reference page", () => {
  const app = useBrowserApp();

  it("when an integrator opens /api/docs, then the operations and tags of the API are listed and nothing comes from outside", {
    timeout: 60_000,
  }, async () => {
    const page = await app.visit("/api/docs");
    const refusedByCsp: string[] = [];
    page.on("console", (msg) => {
      if (/Content Security Policy/i.test(msg.text())) refusedByCsp.push(msg.text());
    });
    await page.getByText("Beschikbaarheidswijzer Twente API").first().waitFor({ timeout: 20_000 });
    // Operations by their summary, under the document's tags.
    await page.getByText("API-token aanmaken; het geheim wordt één keer getoond").first().waitFor();
    const text = await page.evaluate(() => document.body.innerText);
    for (const tag of ["toegang", "capaciteit", "plaatsingen", "prognose", "monitor"]) expect(text).toContain(tag);
    // A reference of this installation, not a storefront: no hosted AI chat.
    expect(text).not.toContain("Ask AI");
    const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(loaded.some((url) => url.endsWith("/api/openapi.json"))).toBe(true);
    expect(loaded.filter((url) => new URL(url).origin !== new URL(app.server.url).origin)).toEqual([]);
    expect(refusedByCsp).toEqual([]);
  });
});
