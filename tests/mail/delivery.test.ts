// The mail worker against a real SMTP server (in-process smtp-server): what notify() queues arrives once, with the
// recipient, subject and link and nothing more; an outage is ridden out with back-off; a refused address is given up
// after the last attempt; a single-use link is wiped once sent; without SMTP_URL nothing leaves.
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import { mailOutbox } from "../../server/db/schema.js";
import { DEFAULT_MAIL_TUNING } from "../../server/features/mail/worker.js";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../support/database.js";
import { eventually, startAppOn, startTestServer, type TestServer } from "../support/server.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";
import { outboxRow, PUBLIC_URL, queueMail, queueNotice } from "./queue.js";

const MAX_ATTEMPTS = DEFAULT_MAIL_TUNING.maxAttempts;

describe.each(BACKENDS)("mail delivery on %s", (backend) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let db: Db;
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer(backend, {
      env: { SMTP_URL: smtp.url, MAIL_CHECK_SECONDS: "0.1", PUBLIC_URL, MAIL_FROM: "Wijzer <noreply@wijzer.test>" },
      // The default attempts, seconds instead of hours apart.
      mailTuning: { backoffBaseMs: 50, backoffCapMs: 1000 },
    });
    db = server.database.db;
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });
  afterEach(async () => {
    await smtp.refuse(false);
    await eventually(async () => (await waiting(db)) === 0);
    smtp.received.length = 0;
  });

  it("when a notice is queued for e-mail, then its recipient gets one mail with the title, the link and the case number only", async () => {
    const { account, row } = await queueNotice(db, "ZAAK-2026-0042");

    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual([account.email]);
    expect(mail?.from).toBe("noreply@wijzer.test");
    expect(mail?.subject).toBe("Beschikbaarheidswijzer: Reservering wacht op antwoord (ZAAK-2026-0042)");
    expect(mail?.text).toContain(`${PUBLIC_URL}/aanbieder`);
    expect(mail?.text).toContain("ZAAK-2026-0042");
    // A stable id: the row and the deployment, so a rare second delivery after a crash reads as the same message.
    expect(mail?.messageId).toMatch(new RegExp(`^<uitgaand-${row.id}\\.[0-9a-f]{8}@wijzer\\.test\\.twente\\.nl>$`));
    await eventually(async () => (await outboxRow(db, row.id)).status === "verzonden");
    const sent = await outboxRow(db, row.id);
    expect(sent.sentAt).not.toBeNull();
    expect(sent.attempts).toBe(0);
    expect(sent.claimedUntil).toBeNull();
  });

  it("when the SMTP server is down for a while, then every mail arrives once after it is back and the failures are on record", async () => {
    await smtp.stop();
    const rows = await Promise.all([1, 2, 3, 4, 5].map(() => queueNotice(db)));
    const ids = rows.map((r) => r.row.id);
    await eventually(async () => (await Promise.all(ids.map((id) => outboxRow(db, id)))).every((r) => r.attempts >= 1));
    const failed = await outboxRow(db, ids[0]!);
    expect(failed.status).toBe("wachtend");
    // The error's code only: no message text, no address.
    expect(failed.lastError).toMatch(/^[A-Z_]+$|^SMTP \d{3}$/);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(failed.createdAt.getTime());

    await smtp.start();
    await smtp.waitFor(5);
    await eventually(async () =>
      (await Promise.all(ids.map((id) => outboxRow(db, id)))).every((r) => r.status === "verzonden"),
    );
    // A little longer: nothing comes twice.
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(rows.map((r) => r.account.email).sort());
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(5);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(counter(metrics, 'wijzer_mail_send_failures_total{final="false"}')).toBeGreaterThanOrEqual(5);
    expect(counter(metrics, "wijzer_mail_sent_total")).toBeGreaterThanOrEqual(5);
  });

  it("when the SMTP server refuses connections for a while, then the mails wait and arrive once it takes them again", async () => {
    await smtp.refuse(true);
    const { row } = await queueNotice(db);
    await eventually(async () => (await outboxRow(db, row.id)).attempts >= 1);
    expect((await outboxRow(db, row.id)).lastError).toBe("SMTP 421");

    await smtp.refuse(false);
    await smtp.waitFor(1);
    await eventually(async () => (await outboxRow(db, row.id)).status === "verzonden");
    expect(smtp.received).toHaveLength(1);
  });

  it("when an address is refused for good (5xx), then the mail is given up (mislukt) at once, not retried", async () => {
    smtp.rejectRecipient(/^bestaat-niet@/);
    const row = await queueMail(db, "bestaat-niet@aanbieder.test");

    await eventually(async () => (await outboxRow(db, row.id)).status === "mislukt", 20_000);
    const given = await outboxRow(db, row.id);
    expect(given.attempts).toBe(1);
    expect(given.lastError).toBe("SMTP 550");
    expect(given.sentAt).toBeNull();
    // Given up is final: no further attempt comes.
    await new Promise((r) => setTimeout(r, 300));
    expect((await outboxRow(db, row.id)).attempts).toBe(1);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(counter(metrics, 'wijzer_mail_send_failures_total{final="true"}')).toBe(1);
    expect(counter(metrics, 'wijzer_mail_outbox{status="mislukt"}')).toBe(1);
  });

  it(`when the server keeps answering "try later" (4xx), then the mail is given up after ${MAX_ATTEMPTS} attempts`, async () => {
    await smtp.refuse(true);
    const row = await queueMail(db, "later@aanbieder.test");

    await eventually(async () => (await outboxRow(db, row.id)).status === "mislukt", 20_000);
    const given = await outboxRow(db, row.id);
    expect(given.attempts).toBe(MAX_ATTEMPTS);
    expect(given.lastError).toBe("SMTP 421");
    await smtp.refuse(false);
  });

  it("when a mail with a single-use link is sent, then its body is gone from the outbox", async () => {
    const row = await queueMail(db, "herstel@test.twente.nl", { secret: true });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.text).toContain(`${PUBLIC_URL}/herstel/geheim-`);
    await eventually(async () => (await outboxRow(db, row.id)).status === "verzonden");
    expect((await outboxRow(db, row.id)).body).toBeNull();
  });
});

describe.each(BACKENDS)("closing the app mid-send on %s", (backend) => {
  let smtp: TestSmtp;
  let database: TestDatabase;
  const apps: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    smtp = await startSmtp();
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.close();
    await smtp?.stop();
  });

  it("when the app closes while a send is under way, then it stops at once and the mail is handed back, not lost", async () => {
    const env = { SMTP_URL: smtp.url, MAIL_CHECK_SECONDS: "0.1", PUBLIC_URL };
    const first = await startAppOn(database, { env });
    apps.push(first);
    const stalled = smtp.stallNext();
    const row = await queueMail(database.db, "onderweg@test.twente.nl");
    await stalled;
    expect((await outboxRow(database.db, row.id)).claimedUntil).not.toBeNull();

    const started = Date.now();
    await first.close();
    expect(Date.now() - started).toBeLessThan(5000);
    // Handed back: due at once for any process, no lease to wait out, no attempt counted against it.
    expect(await outboxRow(database.db, row.id)).toMatchObject({ status: "wachtend", claimedUntil: null, attempts: 0 });

    apps.push(await startAppOn(database, { env }));
    await smtp.waitFor(1);
    await eventually(async () => (await outboxRow(database.db, row.id)).status === "verzonden");
    expect(smtp.received.map((m) => m.to)).toEqual([["onderweg@test.twente.nl"]]);
  });
});

describe("mail without SMTP_URL", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite", { env: { MAIL_CHECK_SECONDS: "0.1" } });
  });
  afterAll(async () => server?.close());

  it("when no mail server is configured, then nothing is sent and the mails wait in the outbox", async () => {
    const { row } = await queueNotice(server.database.db);
    expect(server.app.mail).toBeUndefined();
    await new Promise((r) => setTimeout(r, 400));
    const still = await outboxRow(server.database.db, row.id);
    expect(still).toMatchObject({ status: "wachtend", attempts: 0, claimedUntil: null, sentAt: null });
  });
});

const waiting = async (db: Db) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(mailOutbox).where(eq(mailOutbox.status, "wachtend")))[0]
    ?.n ?? 0;

/** A sample's value from the Prometheus text format. */
function counter(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
}
