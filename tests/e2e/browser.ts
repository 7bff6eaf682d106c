// The browser side of the e2e tests: a real server with the built client, real Chromium, and users who sign in
// through the login page like anyone else. Each test file calls useBrowserApp() once inside its describe.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { Role } from "../../shared/domain.js";
import { addAccount, loginAs, TEST_PASSWORD } from "../support/auth.js";
import { api, type StartOptions, startTestServer, type TestServer } from "../support/server.js";
import { CHROMIUM_PATH } from "../support/services.js";

const clientDir = fileURLToPath(new URL("../../dist/client", import.meta.url));
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type Account = Awaited<ReturnType<typeof addAccount>>;

export interface BrowserApp {
  readonly server: TestServer;
  /** A new browser context (its own cookies and socket, like a second person) on path, not signed in. */
  visit(path: string): Promise<Page>;
  /** A new account with this role signs in through the login page at path; resolves once the page is live. */
  openAs(role: Role, path: string, providerId?: number | null): Promise<{ page: Page; account: Account }>;
}

/**
 * The location's provider saves new free places from another screen (the API, a session of their own) while a page
 * still shows the old numbers. Returns that colleague's session.
 */
export async function colleagueSaves(
  server: TestServer,
  location: { id: number; providerId: number; version: number },
  free: number,
) {
  const colleague = await loginAs(server, "aanbieder", location.providerId);
  const saved = await api(server.url, `/api/locations/${location.id}/availability`, {
    method: "PUT",
    body: { version: location.version, free },
    as: colleague,
  });
  expect(saved.status).toBe(200);
  return colleague;
}

export async function signInThroughPage(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("user-name").waitFor();
}

/**
 * env: settings for the test server beside the test defaults (e.g. MFA_REQUIRED_ROLES for two-factor sign-in);
 * prepare: fills the database before the server starts (given longer, as seeding a history takes a while).
 */
export function useBrowserApp(
  options: { env?: Record<string, string>; prepare?: StartOptions["prepare"] } = {},
): BrowserApp {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  // Uncaught errors in any page fail the test that caused them.
  let pageErrors: string[] = [];
  let contexts: BrowserContext[] = [];

  beforeAll(
    async () => {
      if (!existsSync(`${clientDir}/index.html`))
        throw new Error(`No built client in ${clientDir}: run \`npx vite build\` first.`);
      [server, browser] = await Promise.all([
        startTestServer("pglite", {
          clientDir,
          ...(options.env ? { env: options.env } : {}),
          ...(options.prepare ? { prepare: options.prepare } : {}),
        }),
        chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
      ]);
    },
    options.prepare ? 300_000 : undefined,
  );
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    contexts = [];
    const errors = pageErrors;
    pageErrors = [];
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  function started(): { server: TestServer; browser: Browser } {
    if (!server || !browser) throw new Error("useBrowserApp: beforeAll has not run");
    return { server, browser };
  }

  async function visit(path: string): Promise<Page> {
    const { server, browser } = started();
    const context = await browser.newContext({ locale: "nl-NL", timezoneId: "Europe/Amsterdam" });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  return {
    get server() {
      return started().server;
    },
    visit,
    async openAs(role, path, providerId = null) {
      const account = await addAccount(started().server.database.db, role, providerId);
      const page = await visit(path);
      await signInThroughPage(page, account.email);
      await page.getByText("Live", { exact: true }).waitFor();
      return { page, account };
    },
  };
}
