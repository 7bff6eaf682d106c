// Several server processes on one PostgreSQL database (with Redis, as deployed): each outbox mail is sent by one of
// them, exactly once; a process killed in the middle of a send loses nothing: another sends the mail, same Message-ID.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailOutbox } from "../../server/db/schema.js";
import { messageId } from "../../server/features/mail/transport.js";
import { enqueueMail } from "../../server/features/notifications/service.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startServerProcess } from "../support/process.js";
import { eventually, startAppOn } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";
import { outboxRow, PUBLIC_URL, queueMail } from "./queue.js";

describe("mail across processes on postgres", () => {
  let smtp: TestSmtp;
  let database: TestDatabase;
  const stops: (() => Promise<void>)[] = [];
  let env: Record<string, string>;
  beforeAll(async () => {
    smtp = await startSmtp();
    database = await createTestDatabase("postgres");
    env = { SMTP_URL: smtp.url, MAIL_CHECK_SECONDS: "0.1", PUBLIC_URL, REDIS_URL: TEST_REDIS_URL };
  });
  afterAll(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    await database?.close();
    await smtp?.stop();
  });

  it("when two processes send from one outbox of 200 mails, then each mail arrives exactly once", async () => {
    const first = await startAppOn(database, { env });
    const second = await startAppOn(database, { env });
    stops.push(first.close, second.close);
    const addresses = Array.from({ length: 200 }, (_, i) => `ontvanger-${i}@zorg.test`);
    await database.db.transaction(async (tx) => {
      for (const [i, toAddress] of addresses.entries())
        await enqueueMail(tx, {
          kind: "melding",
          toAddress,
          subject: `Bericht ${i}`,
          body: "…",
          dedupeKey: `twee:${i}`,
        });
    });

    await smtp.waitFor(200, 60_000);
    await eventually(async () => (await countWith("verzonden")) === 200, 20_000);
    // A little longer: a second delivery would come now.
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.received).toHaveLength(200);
    expect(smtp.received.flatMap((m) => m.to).sort()).toEqual([...addresses].sort());
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(200);
    // Both took part: the test proved nothing if one process did it all.
    const sent = await Promise.all([first.url, second.url].map(sentBy));
    expect(sent[0]! + sent[1]!).toBe(200);
    expect(Math.min(...sent)).toBeGreaterThan(0);
    smtp.received.length = 0;
  }, 120_000);

  it("when a process is killed in the middle of a send, then another process sends the mail once its lease lapses, with the same Message-ID", async () => {
    const doomed = await startServerProcess({ DATABASE_URL: database.url!, ...env });
    const stalled = smtp.stallNext();
    const row = await queueMail(database.db, "onderweg@zorg.test");
    await stalled;
    await doomed.stop("SIGKILL");
    const claimed = await outboxRow(database.db, row.id);
    expect(claimed.status).toBe("wachtend");
    expect(claimed.claimedUntil!.getTime()).toBeGreaterThan(Date.now());

    const survivor = await startAppOn(database, { env });
    stops.push(survivor.close);
    // The lease holds while it lasts: the survivor does not take a mail another process may still be sending.
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received).toHaveLength(0);
    // The lease's minutes pass (moved back instead of waited out).
    await database.db
      .update(mailOutbox)
      .set({ claimedUntil: sql`now() - interval '1 second'` })
      .where(eq(mailOutbox.id, row.id));

    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual(["onderweg@zorg.test"]);
    expect(mail?.messageId).toBe(messageId(PUBLIC_URL, row.id));
    await eventually(async () => (await outboxRow(database.db, row.id)).status === "verzonden");
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(1);
  }, 60_000);

  const countWith = async (status: "verzonden") =>
    (
      await database.db.select({ n: sql<number>`count(*)::int` }).from(mailOutbox).where(eq(mailOutbox.status, status))
    )[0]?.n ?? 0;
});

/** The mails a process sent, from its own /metrics. */
async function sentBy(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("wijzer_mail_sent_total "));
  return Number(line?.split(" ")[1] ?? Number.NaN);
}
