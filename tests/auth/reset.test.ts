// Password reset by e-mail: asking answers the same for any address, the link in the queued mail works once within 30
// minutes, and using it ends every session of the account, open sockets included.
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, mailOutbox, passwordResets, users } from "../../server/db/schema.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { addAccount, signIn, TEST_PASSWORD } from "../support/auth.js";
import { api, connectSocket, eventually, startTestServer, type TestServer } from "../support/server.js";

const PUBLIC_URL = "https://wijzer.twente.example";
const NEW_PASSWORD = "Nieuw-Wachtwoord-Voor-Twente-7";

describe("password reset", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite", { env: { PUBLIC_URL } });
  });
  afterAll(async () => server?.close());

  const request = (email: string) => api(server.url, "/api/auth/reset/request", { body: { email } });
  const complete = (token: string, password = NEW_PASSWORD) =>
    api<Problem>(server.url, "/api/auth/reset/complete", { body: { token, password } });

  /** The secret of the reset link mailed to this account (the outbox still holds the body: no SMTP here). */
  async function mailedSecret(userId: number): Promise<string> {
    const [mail] = await server.database.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.userId, userId), eq(mailOutbox.kind, "wachtwoord-herstel")));
    expect(mail?.carriesSecret).toBe(true);
    const match = /(\S+)\/wachtwoord-herstellen#([A-Za-z0-9_-]+)/.exec(mail?.body ?? "");
    expect(match?.[1]).toBe(PUBLIC_URL);
    return match![2]!;
  }

  it("when a reset is asked for a known and an unknown address, then both get the same 202 and only the account gets a mail", async () => {
    const account = await addAccount(server.database.db, "regisseur");

    const known = await request(account.email);
    const unknown = await request("niemand-hier@test.twente.nl");

    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const secret = await mailedSecret(account.id);
    const [row] = await server.database.db.select().from(passwordResets).where(eq(passwordResets.userId, account.id));
    // Only the hash is stored, and the link lives 30 minutes.
    expect(row?.tokenHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(row!.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(row!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const mails = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.toAddress, "niemand-hier@test.twente.nl"));
    expect(mails).toEqual([]);
  });

  it("when the link is used, then the new password holds, every session and socket ends, and the link is refused the second time", async () => {
    const account = await addAccount(server.database.db, "regisseur");
    const [here, elsewhere] = [await signIn(server.url, account.email), await signIn(server.url, account.email)];
    const socket = await connectSocket(server.url, elsewhere);
    socket.io.reconnection(false);
    await request(account.email);
    const secret = await mailedSecret(account.id);

    const first = await complete(secret);

    expect(first.status).toBe(200);
    await eventually(() => !socket.connected);
    expect((await api(server.url, "/api/auth/me", { as: here })).status).toBe(401);
    expect((await api(server.url, "/api/auth/me", { as: elsewhere })).status).toBe(401);
    await expect(signIn(server.url, account.email, TEST_PASSWORD)).rejects.toThrow(/401/);
    await signIn(server.url, account.email, NEW_PASSWORD);

    const second = await complete(secret, "Nog-Een-Ander-Wachtwoord-8");
    expect(second.status).toBe(422);
    expect(second.body.detail).toMatch(/al gebruikt of verlopen/);
    await signIn(server.url, account.email, NEW_PASSWORD);
    const entries = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "wachtwoord.hersteld"), eq(auditLog.objectId, String(account.id))));
    expect(entries.map((e) => e.outcome)).toEqual(["succes"]);
    expect(JSON.stringify(await server.database.db.select().from(auditLog))).not.toContain(secret);
  });

  it("when the link has expired, then it is refused and the password stays as it was", async () => {
    const account = await addAccount(server.database.db, "beleid");
    await request(account.email);
    const secret = await mailedSecret(account.id);
    await server.database.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.userId, account.id));

    const late = await complete(secret);

    expect(late.status).toBe(422);
    await signIn(server.url, account.email, TEST_PASSWORD);
  });

  it("when the new password breaks the policy, then 422 names the rule, nothing changes and the link still works", async () => {
    const account = await addAccount(server.database.db, "verwijzer");
    await request(account.email);
    const secret = await mailedSecret(account.id);
    const [before] = await server.database.db.select().from(users).where(eq(users.id, account.id));

    const common = await complete(secret, "password1234");
    const ownAddress = await complete(secret, `${account.email.split("@")[0]}-geheim`);
    const short = await complete(secret, "Kort-1");

    expect(common.status).toBe(422);
    expect(common.body.detail).toMatch(/veelgebruikte wachtwoorden/);
    expect(ownAddress.status).toBe(422);
    expect(ownAddress.body.detail).toMatch(/e-mailadres/);
    expect(short.status).toBe(400);
    const [after] = await server.database.db.select().from(users).where(eq(users.id, account.id));
    expect(after?.passwordHash).toBe(before?.passwordHash);
    expect((await complete(secret)).status).toBe(200);
  });

  it("when one address asks again and again, then after three links in the hour it gets 429", async () => {
    const account = await addAccount(server.database.db, "aanbieder");
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(account.email)).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const rows = await server.database.db.select().from(passwordResets).where(eq(passwordResets.userId, account.id));
    expect(rows).toHaveLength(3);
  });
});
