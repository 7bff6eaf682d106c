// Two-factor sign-in: a role that must enrols at its first login and then signs in with a code; a code works once, a
// recovery code once, a half-finished login dies after five wrong codes or five minutes, and wrong codes count in the
// same throttle as wrong passwords. Without MFA_REQUIRED_ROLES a password alone signs in, as before.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, loginChallenges, recoveryCodes, users } from "../../server/db/schema.js";
import type { CurrentUser } from "../../shared/schemas/auth.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { addAccount, type Caller, signIn } from "../support/auth.js";
import { codeAt, codeStep, cookieOf, passwordStep } from "../support/mfa.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

describe("two-factor sign-in required (MFA_REQUIRED_ROLES=regisseur,beheerder)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite", {
      env: { MFA_REQUIRED_ROLES: "regisseur,beheerder", LOGIN_MAX_FAILURES: "10", LOGIN_WINDOW_SECONDS: "600" },
    });
  });
  afterAll(async () => server?.close());

  async function enrolled(role: "regisseur" | "beheerder" = "regisseur") {
    const account = await addAccount(server.database.db, role);
    await server.database.db.update(users).set({ totpSecret: SECRET }).where(eq(users.id, account.id));
    return account;
  }

  it("when a regisseur without an authenticator signs in, then it enrols with the QR's secret, gets 10 recovery codes once, and is signed in", async () => {
    const account = await addAccount(server.database.db, "regisseur");

    const first = await passwordStep(server.url, account.email);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ step: "enrol" });
    expect(first.session).toBeUndefined();
    expect(first.challenge).toBeDefined();
    expect((await api(server.url, "/api/auth/me", { headers: { cookie: first.challenge! } })).status).toBe(401);

    const enrolment = await api<{ uri: string; qrCode: string; secret: string }>(server.url, "/api/auth/login/enrol", {
      headers: { cookie: first.challenge! },
    });
    expect(enrolment.status).toBe(200);
    expect(enrolment.body.qrCode).toMatch(/^data:image\/png;base64,/);
    const uri = new URL(enrolment.body.uri);
    expect(uri.protocol).toBe("otpauth:");
    const secret = uri.searchParams.get("secret")!;
    expect(secret).toBe(enrolment.body.secret);

    expect((await codeStep(server.url, first.challenge, "000000", "/api/auth/login/enrol")).status).toBe(401);
    const done = await api<{ user: CurrentUser; recoveryCodes: string[] }>(server.url, "/api/auth/login/enrol", {
      body: { code: await codeAt(secret) },
      headers: { cookie: first.challenge! },
    });

    expect(done.status).toBe(200);
    expect(done.body.user.email).toBe(account.email);
    expect(done.body.recoveryCodes).toHaveLength(10);
    const session = cookieOf(done, "wijzer_sessie")!;
    const me = await api<CurrentUser>(server.url, "/api/auth/me", { headers: { cookie: session } });
    expect(me.body.id).toBe(account.id);
    const [row] = await server.database.db.select().from(users).where(eq(users.id, account.id));
    expect(row?.totpSecret).toBe(secret);
    const stored = await server.database.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, account.id));
    expect(stored).toHaveLength(10);
    for (const code of done.body.recoveryCodes) {
      expect(stored.some((s) => s.codeHash.includes(code.replace("-", "")))).toBe(false);
    }
    // The challenge is gone with its use: the cookie does not enrol twice.
    expect((await api(server.url, "/api/auth/login/enrol", { headers: { cookie: first.challenge! } })).status).toBe(
      401,
    );
    const audit = await server.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.objectId, String(account.id)));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["login.wachtwoord", "mfa.ingesteld", "login"]));
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("when the right code follows the password, then the session begins; a wrong code is 401 and the same code again is refused (replay)", async () => {
    const account = await enrolled();
    const first = await passwordStep(server.url, account.email);
    expect(first.body).toEqual({ step: "code" });

    const wrong = await codeStep(server.url, first.challenge, "123456");
    expect(wrong.status).toBe(401);
    expect(wrong.body.detail).toMatch(/onjuist/);
    const code = await codeAt(SECRET);
    const right = await codeStep(server.url, first.challenge, code);
    expect(right.status).toBe(200);
    expect(right.body.id).toBe(account.id);
    expect(right.headers.get("set-cookie")).toMatch(/wijzer_aanmelding=;/);
    const session = cookieOf(right, "wijzer_sessie")!;
    expect((await api(server.url, "/api/auth/me", { headers: { cookie: session } })).status).toBe(200);

    const again = await passwordStep(server.url, account.email);
    const replay = await codeStep(server.url, again.challenge, code);
    expect(replay.status).toBe(401);
    expect(cookieOf(replay, "wijzer_sessie")).toBeUndefined();
    // The next step's code still works on the same challenge.
    expect((await codeStep(server.url, again.challenge, await codeAt(SECRET, 30))).status).toBe(200);
  });

  it("when a recovery code is used, then it signs in once and is refused the second time", async () => {
    const account = await addAccount(server.database.db, "beheerder");
    const first = await passwordStep(server.url, account.email);
    const enrolment = await api<{ secret: string }>(server.url, "/api/auth/login/enrol", {
      headers: { cookie: first.challenge! },
    });
    const done = await api<{ recoveryCodes: string[] }>(server.url, "/api/auth/login/enrol", {
      body: { code: await codeAt(enrolment.body.secret) },
      headers: { cookie: first.challenge! },
    });
    const recovery = done.body.recoveryCodes[3]!;

    const once = await codeStep(server.url, (await passwordStep(server.url, account.email)).challenge, recovery);
    const twice = await codeStep(
      server.url,
      (await passwordStep(server.url, account.email)).challenge,
      recovery.toUpperCase(),
    );

    expect(once.status).toBe(200);
    expect(twice.status).toBe(401);
    const used = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.objectId, String(account.id)), eq(auditLog.action, "login"), eq(auditLog.outcome, "succes")),
      );
    expect(used.some((e) => e.detail?.includes("herstelcode"))).toBe(true);
  });

  it("when five minutes have passed, then the half-finished login is refused and the password must be given again", async () => {
    const account = await enrolled();
    const first = await passwordStep(server.url, account.email);
    await server.database.db
      .update(loginChallenges)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(loginChallenges.userId, account.id));

    const late = await codeStep(server.url, first.challenge, await codeAt(SECRET));

    expect(late.status).toBe(401);
    expect(late.body.detail).toMatch(/verlopen/);
    expect(
      await server.database.db.select().from(loginChallenges).where(eq(loginChallenges.userId, account.id)),
    ).toEqual([]);
    expect((await codeStep(server.url, undefined, await codeAt(SECRET))).status).toBe(401);
  });

  it("when five wrong codes are given, then the challenge dies and even the right code needs the password again", async () => {
    const account = await enrolled();
    const first = await passwordStep(server.url, account.email);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await codeStep(server.url, first.challenge, `00000${i}`)).status);

    const right = await codeStep(server.url, first.challenge, await codeAt(SECRET));

    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(right.status).toBe(401);
    const again = await passwordStep(server.url, account.email);
    expect((await codeStep(server.url, again.challenge, await codeAt(SECRET))).status).toBe(200);
  });

  it("when wrong codes and passwords together pass LOGIN_MAX_FAILURES, then codes and passwords get 429 alike", async () => {
    const account = await enrolled();
    // Password (1) and five wrong codes (6): the challenge is gone. Password again (7) and three wrong codes (10).
    let challenge = (await passwordStep(server.url, account.email)).challenge;
    for (let i = 0; i < 5; i++) expect((await codeStep(server.url, challenge, `11111${i}`)).status).toBe(401);
    challenge = (await passwordStep(server.url, account.email)).challenge;
    for (let i = 0; i < 3; i++) expect((await codeStep(server.url, challenge, `22222${i}`)).status).toBe(401);

    const code = await codeStep(server.url, challenge, await codeAt(SECRET));
    const password = await passwordStep(server.url, account.email);

    expect(code.status).toBe(429);
    expect(code.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(password.status).toBe(429);
    const refused = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "login"), eq(auditLog.outcome, "geweigerd")));
    expect(refused.filter((e) => e.detail?.includes(account.email))).toHaveLength(2);
  });

  it("when the beheerder resets a regisseur's second factor, then its sessions end, it is audited, and it enrols again", async () => {
    const account = await enrolled();
    const first = await passwordStep(server.url, account.email);
    const signedIn = await codeStep(server.url, first.challenge, await codeAt(SECRET));
    const session = cookieOf(signedIn, "wijzer_sessie")!;
    const admin = await enrolled("beheerder");
    const adminChallenge = (await passwordStep(server.url, admin.email)).challenge;
    const adminLogin = await codeStep(server.url, adminChallenge, await codeAt(SECRET, 30));
    const adminCaller: Caller = {
      cookie: cookieOf(adminLogin, "wijzer_sessie")!,
      csrf: adminLogin.body.csrfToken,
      user: adminLogin.body,
    };

    const reset = await api<{ secondFactor: boolean }>(server.url, `/api/accounts/${account.id}/second-factor/reset`, {
      method: "POST",
      as: adminCaller,
    });

    expect(reset.status).toBe(200);
    expect(reset.body.secondFactor).toBe(false);
    expect((await api(server.url, "/api/auth/me", { headers: { cookie: session } })).status).toBe(401);
    expect((await passwordStep(server.url, account.email)).body).toEqual({ step: "enrol" });
    const [entry] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "mfa.gereset"), eq(auditLog.objectId, String(account.id))));
    expect(entry?.actor).toBe(`user:${admin.id}`);
  });
});

describe("two-factor sign-in optional (MFA_REQUIRED_ROLES empty)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite");
  });
  afterAll(async () => server?.close());

  it("when no second factor applies, then the password alone signs in with the user as before", async () => {
    const account = await addAccount(server.database.db, "regisseur");
    const res = await passwordStep(server.url, account.email);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(account.id);
    expect(res.body.csrfToken).toBeTypeOf("string");
    expect(res.session).toBeDefined();
    expect(res.challenge).toBeUndefined();
  });

  it("when an aanbieder enrols from the account page, then its next login asks a code, and new recovery codes need a current code", async () => {
    const account = await addAccount(server.database.db, "aanbieder");
    const caller = await signIn(server.url, account.email);
    const before = await api<{ enabled: boolean; required: boolean }>(server.url, "/api/auth/mfa", { as: caller });
    expect(before.body).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });

    const started = await api<{ secret: string }>(server.url, "/api/auth/mfa/enrol", { method: "POST", as: caller });
    expect(started.status).toBe(200);
    const wrong = await api<Problem>(server.url, "/api/auth/mfa/confirm", { body: { code: "000000" }, as: caller });
    expect(wrong.status).toBe(422);
    const confirmed = await api<{ recoveryCodes: string[] }>(server.url, "/api/auth/mfa/confirm", {
      body: { code: await codeAt(started.body.secret) },
      as: caller,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    const after = await api(server.url, "/api/auth/mfa", { as: caller });
    expect(after.body).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });

    expect((await passwordStep(server.url, account.email)).body).toEqual({ step: "code" });

    const refused = await api(server.url, "/api/auth/mfa/recovery-codes", { body: { code: "999999" }, as: caller });
    expect(refused.status).toBe(422);
    const renewed = await api<{ recoveryCodes: string[] }>(server.url, "/api/auth/mfa/recovery-codes", {
      body: { code: await codeAt(started.body.secret, 30) },
      as: caller,
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.recoveryCodes).not.toEqual(confirmed.body.recoveryCodes);
    // The old codes stopped working with the new set.
    const old = await codeStep(
      server.url,
      (await passwordStep(server.url, account.email)).challenge,
      confirmed.body.recoveryCodes[0]!,
    );
    expect(old.status).toBe(401);
  });
});
