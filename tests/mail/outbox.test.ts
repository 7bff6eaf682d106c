// The beheerder's outbox page: every mail with its state, never a single-use link; a given-up mail put back, on record;
// nobody else reads it.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import { auditLog, mailOutbox } from "../../server/db/schema.js";
import type { Outbox, OutboxMail } from "../../shared/schemas/mail.js";
import { type Caller, loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { api, startTestServer, type TestServer } from "../support/server.js";
import { outboxRow, queueMail } from "./queue.js";

describe.each(BACKENDS)("the outbox page on %s", (backend) => {
  let server: TestServer;
  let db: Db;
  let beheerder: Caller;
  beforeAll(async () => {
    // No SMTP_URL: the embedded default, where the mails stay for the beheerder to see.
    server = await startTestServer(backend);
    db = server.database.db;
    beheerder = await loginAs(server, "beheerder");
  });
  afterAll(async () => server?.close());

  const outbox = (query = "", as: Caller | undefined = beheerder) =>
    api<Outbox>(server.url, `/api/mail/outbox${query}`, { as });
  const givenUp = async (options: { secret?: boolean } = {}) => {
    const row = await queueMail(db, "kapot@aanbieder.test", options);
    await db
      .update(mailOutbox)
      .set({ status: "mislukt", attempts: 8, lastError: "SMTP 550", ...(options.secret ? { body: null } : {}) })
      .where(eq(mailOutbox.id, row.id));
    return row;
  };

  it("when the beheerder opens the outbox without a mail server, then it lists the unsent mails newest first and says none are sent", async () => {
    const older = await queueMail(db, "regisseur@cpwv.test");
    const newer = await queueMail(db, "aanbieder@zorg.test");

    const res = await outbox();
    expect(res.status).toBe(200);
    expect(res.body.smtpConfigured).toBe(false);
    const ids = res.body.items.map((m) => m.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(res.body.items.find((m) => m.id === newer.id)).toMatchObject({
      kind: "melding",
      toAddress: "aanbieder@zorg.test",
      status: "wachtend",
      attempts: 0,
      lastError: null,
      sentAt: null,
      body: newer.body,
      carriesSecret: false,
    });
    expect(res.body.counts.wachtend).toBeGreaterThanOrEqual(2);
    // Who looked at the addresses is on record.
    const reads = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "e-mail.uitbak.gelezen"), eq(auditLog.actor, `user:${userId(beheerder)}`)));
    expect(reads.length).toBeGreaterThanOrEqual(1);
  });

  it("when a mail carries a single-use link, then the outbox shows that it exists but never its body", async () => {
    const secret = await queueMail(db, "herstel@cpwv.test", { secret: true });
    const res = await outbox();
    const shown = res.body.items.find((m) => m.id === secret.id);
    expect(shown).toMatchObject({ carriesSecret: true, body: null, toAddress: "herstel@cpwv.test" });
    expect(JSON.stringify(res.body)).not.toContain("/herstel/geheim-");
  });

  it("when filtered by status and paged, then it answers that status only, page by page", async () => {
    const failed = [await givenUp(), await givenUp(), await givenUp()];
    const first = await outbox("?status=mislukt&limit=2");
    expect(first.status).toBe(200);
    expect(first.body.items.every((m) => m.status === "mislukt")).toBe(true);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.hasMore).toBe(true);
    const last = first.body.items.at(-1)!.id;
    const second = await outbox(`?status=mislukt&limit=2&before=${last}`);
    expect(second.body.items.every((m) => m.status === "mislukt" && m.id < last)).toBe(true);
    const seen = [...first.body.items, ...second.body.items].map((m) => m.id);
    expect(seen).toEqual(expect.arrayContaining(failed.map((f) => f.id)));
    expect((await outbox("?status=verstuurd")).status).toBe(400);
    expect((await outbox("?limit=0")).status).toBe(400);
  });

  it("when the beheerder retries a given-up mail, then it waits again, due now, and the retry is on record", async () => {
    const row = await givenUp();
    const res = await api<OutboxMail>(server.url, `/api/mail/outbox/${row.id}/retry`, {
      method: "POST",
      as: beheerder,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: row.id, status: "wachtend", attempts: 0 });
    const now = await outboxRow(db, row.id);
    expect(now.status).toBe("wachtend");
    expect(now.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "e-mail.opnieuw"), eq(auditLog.objectId, String(row.id))));
    expect(entry).toMatchObject({ actor: `user:${userId(beheerder)}`, outcome: "succes", objectType: "e-mail" });
  });

  it("when a mail is not given up, is unknown, or lost its single-use link, then a retry is refused and nothing changes", async () => {
    const waiting = await queueMail(db, "wacht@zorg.test");
    const retry = (id: number | string) =>
      api(server.url, `/api/mail/outbox/${id}/retry`, { method: "POST", as: beheerder });
    expect((await retry(waiting.id)).status).toBe(409);
    expect(await outboxRow(db, waiting.id)).toMatchObject({ status: "wachtend", attempts: 0 });
    expect((await retry(2_000_000_000)).status).toBe(404);
    expect((await retry("abc")).status).toBe(400);
    const wiped = await givenUp({ secret: true });
    expect((await retry(wiped.id)).status).toBe(422);
    expect((await outboxRow(db, wiped.id)).status).toBe("mislukt");
  });

  it("when someone other than the beheerder asks, then the outbox is refused", async () => {
    const regisseur = await loginAs(server, "regisseur");
    const row = await givenUp();
    expect((await outbox("", regisseur)).status).toBe(403);
    expect((await api(server.url, "/api/mail/outbox")).status).toBe(401);
    const retry = await api(server.url, `/api/mail/outbox/${row.id}/retry`, { method: "POST", as: regisseur });
    expect(retry.status).toBe(403);
    expect((await outboxRow(db, row.id)).status).toBe("mislukt");
  });
});

const userId = (caller: Caller) => ("user" in caller ? caller.user.id : undefined);
