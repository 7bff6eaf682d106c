// Two-factor sign-in and the password reset in a real browser: a regisseur (whose role must use a second factor) sets
// up an authenticator app from the QR code at its first login, keeps its recovery codes, signs out and back in with a
// code; a forgotten password is reset through the e-mailed link's page. Needs the built client.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox } from "../../server/db/schema.js";
import { addAccount, TEST_PASSWORD } from "../support/auth.js";
import { codeAt } from "../support/mfa.js";
import { signInThroughPage, useBrowserApp } from "./browser.js";

describe("two-factor sign-in in the browser", () => {
  const app = useBrowserApp({ env: { MFA_REQUIRED_ROLES: "regisseur,beheerder" } });

  it("when a regisseur signs in for the first time, then it enrols from the QR code, sees its recovery codes once, and later signs in with a code", async () => {
    const account = await addAccount(app.server.database.db, "regisseur");
    const page = await app.visit("/");
    await page.getByTestId("login-email").fill(account.email);
    await page.getByTestId("login-password").fill(TEST_PASSWORD);
    await page.getByTestId("login-submit").click();

    const qr = page.getByTestId("enrol-qr");
    await qr.waitFor();
    const uri = new URL((await qr.getAttribute("data-uri"))!);
    expect(uri.protocol).toBe("otpauth:");
    const secret = uri.searchParams.get("secret")!;
    expect(await page.getByTestId("enrol-secret").textContent()).toBe(secret);
    // The QR code is drawn: the CSP lets the data: image load.
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.getByTestId("login-code").fill(await codeAt(secret));
    await page.getByTestId("login-submit").click();

    const codes = page.getByTestId("recovery-codes").locator("li");
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("user-name").waitFor();
    expect(await page.getByTestId("user-role").textContent()).toMatch(/^Regisseur/);

    await page.getByTestId("logout").click();
    await page.getByTestId("login-email").fill(account.email);
    await page.getByTestId("login-password").fill(TEST_PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("login-code").fill("000000");
    await page.getByTestId("login-submit").click();
    expect(await page.getByTestId("login-error").textContent()).toMatch(/onjuist/);
    // The code of the next step: the one that enrolled may not sign in twice.
    await page.getByTestId("login-code").fill(await codeAt(secret, 30));
    await page.getByTestId("login-submit").click();
    await page.getByTestId("user-name").waitFor();

    await page.getByTestId("account-security").click();
    expect(await page.getByTestId("mfa-status").textContent()).toMatch(/staat aan.*10 ongebruikte herstelcodes/);
  });

  it("when a user forgets the password, then the e-mailed link's page sets a new one and the old one no longer works", async () => {
    const account = await addAccount(app.server.database.db, "verwijzer");
    const page = await app.visit("/");
    await page.getByTestId("forgot-password").click();
    await page.getByTestId("reset-email").fill(account.email);
    await page.getByTestId("reset-request").click();
    await page.getByTestId("reset-requested").waitFor();

    const [mail] = await app.server.database.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.userId, account.id), eq(mailOutbox.kind, "wachtwoord-herstel")));
    const link = /https?:\/\/\S+\/wachtwoord-herstellen#([\w-]+)/.exec(mail?.body ?? "");
    expect(link).not.toBeNull();
    const resetPage = await app.visit(`/wachtwoord-herstellen#${link![1]}`);
    await resetPage.getByTestId("reset-password").fill("password1234");
    await resetPage.getByTestId("reset-repeat").fill("password1234");
    await resetPage.getByTestId("reset-save").click();
    expect(await resetPage.getByTestId("reset-error").textContent()).toMatch(/veelgebruikte/);
    await resetPage.getByTestId("reset-password").fill("Herfst-In-Almelo-2026");
    await resetPage.getByTestId("reset-repeat").fill("Herfst-In-Almelo-2026");
    await resetPage.getByTestId("reset-save").click();
    await resetPage.getByTestId("reset-done").waitFor();
    expect(new URL(resetPage.url()).hash).toBe("");

    const login = await app.visit("/");
    await login.getByTestId("login-email").fill(account.email);
    await login.getByTestId("login-password").fill(TEST_PASSWORD);
    await login.getByTestId("login-submit").click();
    expect(await login.getByTestId("login-error").textContent()).toMatch(/onjuist/);
    await signInThroughPage(login, account.email, "Herfst-In-Almelo-2026");
  });
});
