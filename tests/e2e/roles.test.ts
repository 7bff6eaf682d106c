// What each role sees in a real browser after signing in through the login page: an aanbieder only its own
// locations, a verwijzer only live regional totals, the beheerder the audit log; and logging out ends the live
// connection. Needs the built client (the test script builds it before vitest runs).
import type { Page, WebSocket } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addAccount, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api } from "../support/server.js";
import { signInThroughPage, useBrowserApp } from "./browser.js";

const navLabels = (page: Page) => page.getByTestId("main-nav").getByRole("link").allTextContents();

/** The paths of the API requests a page made, in order. */
function recordApiCalls(page: Page): string[] {
  const paths: string[] = [];
  page.on("request", (req) => {
    const { pathname } = new URL(req.url());
    if (pathname.startsWith("/api/")) paths.push(pathname);
  });
  return paths;
}

/** "2025-11-23" for the calendar day in Amsterdam, offset by days. */
function amsterdamDay(offsetDays = 0): string {
  const day = new Date(Date.now() + offsetDays * 24 * 3_600_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(day);
}

describe("roles in the browser", () => {
  const app = useBrowserApp();

  /** Sets a location's free places as its own provider's planner would, through the API. */
  async function setFree(location: { id: number; providerId: number; version: number }, free: number) {
    const planner = await loginAs(app.server, "aanbieder", location.providerId);
    const res = await api(app.server.url, `/api/locations/${location.id}/availability`, {
      method: "PUT",
      body: { version: location.version, free },
      as: planner,
    });
    expect(res.status).toBe(200);
  }

  async function socketsOf(accountId: number): Promise<number> {
    const sockets = await app.server.app.realtime.io.fetchSockets();
    return sockets.filter((s) => s.data.actor.kind === "user" && s.data.actor.id === accountId).length;
  }

  it("when an aanbieder signs in, then it sees only its own provider's locations, without picker or beheer pages", async () => {
    const own = await addLocation(app.server.database.db);
    const foreign = await addLocation(app.server.database.db);
    const { page } = await app.openAs("aanbieder", "/aanbieder", own.providerId);
    const calls = recordApiCalls(page);

    await page.getByTestId(`editor-${own.id}`).waitFor();
    expect(await page.getByTestId("provider-locations").locator("article").count()).toBe(1);
    expect(await page.getByTestId(`editor-${foreign.id}`).count()).toBe(0);
    expect(await page.getByTestId("provider-select").count()).toBe(0);
    expect(await page.getByTestId("user-role").textContent()).toBe("Aanbieder");
    expect(await navLabels(page)).toEqual(["Beschikbaarheid", "Plekken doorgeven", "API-tokens"]);

    // Typed in by hand, a beheer page says so instead of asking the server for data it would refuse.
    await page.goto(`${app.server.url}/beheer/audit`);
    await page.getByTestId("no-access").waitFor();
    expect(await page.getByRole("heading", { name: "Geen toegang" }).count()).toBe(1);
    expect(calls.filter((p) => p.startsWith("/api/audit"))).toEqual([]);
  });

  it("when a verwijzer signs in, then it sees only the regional totals, and they follow a change live", async () => {
    const location = await addLocation(app.server.database.db, { capacity: 10, occupied: 8 });
    const account = await addAccount(app.server.database.db, "verwijzer");
    const page = await app.visit("/");
    const calls = recordApiCalls(page);
    await signInThroughPage(page, account.email);
    await page.getByText("Live", { exact: true }).waitFor();

    const total = page.getByTestId("summary-total");
    await total.waitFor();
    const before = Number(await total.textContent());
    // Only the totals' gemeente x zorgvorm matrix: no table of locations.
    expect(await page.getByTestId("capacity-matrix").count()).toBe(1);
    expect(await page.locator("table:not([data-testid='capacity-matrix'])").count()).toBe(0);
    expect(await page.getByTestId(`location-${location.id}`).count()).toBe(0);
    expect(await navLabels(page)).toEqual(["Beschikbaarheid", "Plaatsingsverzoeken"]);
    // The first read, and one more once the socket joined the totals room (pushes before that did not reach it).
    await expect.poll(() => calls.filter((p) => p === "/api/capacity/summary").length).toBe(2);
    const summaryFetches = calls.filter((p) => p === "/api/capacity/summary").length;

    await setFree(location, 5);

    await expect.poll(async () => Number(await total.textContent()), { timeout: 10_000 }).toBe(before + 3);
    // The new total came as a push, not by asking again; and no per-location data was ever asked for.
    expect(calls.filter((p) => p === "/api/capacity/summary").length).toBe(summaryFetches);
    expect(calls.filter((p) => p.startsWith("/api/locations") || p.startsWith("/api/events"))).toEqual([]);
  });

  it("when beleid, a regisseur or the beheerder signs in, then the menu offers the Monitor; a verwijzer is kept out", async () => {
    const menus: Record<string, string[]> = {};
    for (const role of ["beleid", "regisseur", "beheerder"] as const) {
      const { page } = await app.openAs(role, "/");
      menus[role] = await navLabels(page);
    }
    expect(menus).toEqual({
      beleid: ["Beschikbaarheid", "Monitor"],
      regisseur: ["Beschikbaarheid", "Plaatsingsverzoeken", "Monitor"],
      beheerder: [
        "Beschikbaarheid",
        "Monitor",
        "Plekken doorgeven",
        "API-tokens",
        "Aanbod",
        "Accounts",
        "Auditlog",
        "Geplande taken",
        "E-mail",
      ],
    });

    // Typed in by hand, the monitor tells a verwijzer it is not for them, without asking the server for it.
    const { page } = await app.openAs("verwijzer", "/");
    const calls = recordApiCalls(page);
    await page.goto(`${app.server.url}/monitor`);
    await page.getByTestId("no-access").waitFor();
    expect(calls.filter((p) => p.startsWith("/api/monitor"))).toEqual([]);
  });

  it("when the beheerder opens the audit log, then it shows the logins, filters them, and exports the same selection", async () => {
    await fetch(`${app.server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "onbekend@test.twente.nl", password: "verkeerd-wachtwoord" }),
    });
    const { page, account } = await app.openAs("beheerder", "/beheer/audit");
    const rows = page.getByTestId("audit-table").locator("tbody tr");

    const ownLogin = rows.filter({ hasText: account.name }).and(page.locator('[data-action="login"]'));
    await ownLogin.first().waitFor();
    expect(await ownLogin.first().getAttribute("data-outcome")).toBe("succes");
    for (const filter of ["audit-actor", "audit-action", "audit-outcome", "audit-from", "audit-to"]) {
      expect(await page.getByTestId(filter).count()).toBe(1);
    }

    await page.getByTestId("audit-outcome").selectOption("mislukt");
    await page.getByTestId("audit-apply").click();
    await expect
      .poll(async () => [...new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.outcome)))])
      .toEqual(["mislukt"]);
    expect(await rows.filter({ hasText: "onbekend@test.twente.nl" }).count()).toBeGreaterThan(0);

    const href = await page.getByTestId("audit-csv").getAttribute("href");
    expect(href).toMatch(/^\/api\/audit\.csv\?/);
    expect(new URLSearchParams(href?.split("?")[1]).get("outcome")).toBe("mislukt");
    expect(await page.getByTestId("audit-csv").textContent()).toBe("Exporteer CSV");
    const csv = await page.evaluate((url) => fetch(url).then((r) => r.text()), href ?? "");
    const [header, ...lines] = csv.trim().split("\r\n");
    expect(header).toMatch(/^id,at,actor,role,onBehalfOf,action/);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.includes(",mislukt,"))).toBe(true);

    // "Tot en met gisteren" (a Dutch calendar day) excludes everything this fresh server has logged.
    await page.getByTestId("audit-outcome").selectOption("");
    await page.getByTestId("audit-to").fill(amsterdamDay(-1));
    await page.getByTestId("audit-apply").click();
    await page.getByText("Geen regels die aan deze filters voldoen.").waitFor();
    await page.getByTestId("audit-from").fill(amsterdamDay(0));
    await page.getByTestId("audit-to").fill(amsterdamDay(0));
    await page.getByTestId("audit-apply").click();
    await ownLogin.first().waitFor();
  });

  it("when a user logs out, then the login page returns and the live connection is gone for good", async () => {
    const location = await addLocation(app.server.database.db, { capacity: 10, occupied: 8 });
    const account = await addAccount(app.server.database.db, "regisseur");
    const page = await app.visit("/");
    const sockets: WebSocket[] = [];
    page.on("websocket", (ws) => sockets.push(ws));
    await signInThroughPage(page, account.email);
    await page.getByText("Live", { exact: true }).waitFor();
    await page.getByTestId(`location-${location.id}`).waitFor();
    expect(sockets).toHaveLength(1);
    expect(await socketsOf(account.id)).toBe(1);

    await page.getByTestId("logout").click();

    await page.getByTestId("login-submit").waitFor();
    expect(await page.getByText("U bent uitgelogd.").count()).toBe(1);
    expect(await page.getByTestId("connection-status").count()).toBe(0);
    expect(await page.getByTestId("user-name").count()).toBe(0);
    await expect.poll(() => sockets[0]?.isClosed()).toBe(true);
    await expect.poll(() => socketsOf(account.id)).toBe(0);
    const me = await page.evaluate(() => fetch("/api/auth/me").then((r) => r.status));
    expect(me).toBe(401);

    // A change that a signed-in board does receive never reaches the signed-out page.
    const { page: watcher } = await app.openAs("regisseur", "/");
    await setFree(location, 6);
    const freeOnWatcher = async () =>
      Number.parseInt((await watcher.getByTestId(`free-${location.id}`).textContent()) ?? "", 10);
    await expect.poll(freeOnWatcher, { timeout: 10_000 }).toBe(6);
    expect(sockets).toHaveLength(1);
    expect(await page.getByTestId(`location-${location.id}`).count()).toBe(0);
  });

  it("when the session is ended elsewhere, then the page returns to the login page and says the session expired", async () => {
    const { page } = await app.openAs("beleid", "/");
    const cookie = (await page.context().cookies()).find((c) => c.name === "wijzer_sessie");
    expect(cookie).toBeDefined();
    const session = `wijzer_sessie=${cookie?.value}`;
    const me = await api<{ csrfToken: string }>(app.server.url, "/api/auth/me", { headers: { cookie: session } });

    // The same session logged out from another tab: the server cuts its socket, the page asks who it is.
    const out = await api(app.server.url, "/api/auth/logout", {
      method: "POST",
      headers: { cookie: session, "x-csrf-token": me.body.csrfToken },
    });
    expect(out.status).toBe(200);

    await page.getByTestId("login-submit").waitFor();
    expect(await page.getByText("Uw sessie is verlopen of elders beëindigd.", { exact: false }).count()).toBe(1);
    expect(await page.getByTestId("connection-status").count()).toBe(0);
  });
});
