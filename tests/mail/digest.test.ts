// The daily digest: who chose "dagelijks" gets one mail a day listing their notices (title and link), once; the
// scheduler runs it, and the worker delivers it like any other mail.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import { mailOutbox, notificationPreferences, notifications, scheduledJobs } from "../../server/db/schema.js";
import { sendDigests } from "../../server/features/mail/digest.js";
import { notify } from "../../server/features/notifications/service.js";
import type { NotificationKind } from "../../shared/schemas/notifications.js";
import { addAccount } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";
import { PUBLIC_URL } from "./queue.js";

describe.each(BACKENDS)("the daily digest on %s", (backend) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let db: Db;
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer(backend, { env: { SMTP_URL: smtp.url, MAIL_CHECK_SECONDS: "0.1", PUBLIC_URL } });
    db = server.database.db;
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });

  let n = 0;
  const regisseurWanting = async (delivery: "dagelijks" | "direct") => {
    const account = await addAccount(db, "regisseur");
    const kinds: NotificationKind[] = ["reservering-geaccepteerd", "reservering-geweigerd"];
    await db.insert(notificationPreferences).values(kinds.map((kind) => ({ userId: account.id, kind, delivery })));
    return account;
  };
  const notice = (userIds: number[], kind: NotificationKind, caseNumber: string) =>
    db.transaction((tx) =>
      notify(tx, { publicUrl: PUBLIC_URL }, userIds, {
        kind,
        title: `Reservering voor ${caseNumber} beantwoord`,
        body: `Antwoord op de reservering voor ${caseNumber}.`,
        link: `/verzoeken/${++n}`,
        caseNumber,
        dedupeKey: `digest-test:${n}`,
      }),
    );
  const digestsOf = (userId: number) =>
    db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.userId, userId), eq(mailOutbox.kind, "samenvatting")));

  it("when notices wait for a daily digest, then each such user gets one mail listing them, and no mail per notice", async () => {
    const daily = await regisseurWanting("dagelijks");
    const direct = await regisseurWanting("direct");
    await notice([daily.id, direct.id], "reservering-geaccepteerd", "ZAAK-D1");
    await notice([daily.id, direct.id], "reservering-geweigerd", "ZAAK-D2");
    const now = new Date();

    const counts = await db.transaction((tx) => sendDigests(tx, { publicUrl: PUBLIC_URL }, now));
    expect(counts).toEqual({ digests: 1, notifications: 2 });
    const [digest] = await digestsOf(daily.id);
    expect(digest).toMatchObject({ toAddress: daily.email, status: "wachtend" });
    expect(digest?.subject).toBe("Beschikbaarheidswijzer: 2 meldingen van vandaag");
    expect(digest?.body).toContain("Reservering voor ZAAK-D1 beantwoord");
    expect(digest?.body).toContain(`${PUBLIC_URL}/verzoeken/${n - 1}`);
    expect(digest?.body).toContain(`${PUBLIC_URL}/verzoeken/${n}`);
    // The direct user had their two mails already and no digest.
    expect(await digestsOf(direct.id)).toHaveLength(0);
    const dailyMelding = await db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.userId, daily.id), eq(mailOutbox.kind, "melding")));
    expect(dailyMelding).toHaveLength(0);
    const due = await db.select().from(notifications).where(eq(notifications.userId, daily.id));
    expect(due.every((x) => !x.digestDue)).toBe(true);

    // Delivered by the worker as any mail.
    await smtp.waitFor(1 + 2);
    expect(smtp.received.filter((m) => m.to[0] === daily.email).map((m) => m.subject)).toEqual([
      "Beschikbaarheidswijzer: 2 meldingen van vandaag",
    ]);
  });

  it("when the digest runs twice on one day, then the second mails nothing and keeps what came since for tomorrow", async () => {
    const daily = await regisseurWanting("dagelijks");
    await notice([daily.id], "reservering-geaccepteerd", "ZAAK-D3");
    const morning = new Date();
    await db.transaction((tx) => sendDigests(tx, { publicUrl: PUBLIC_URL }, morning));
    await notice([daily.id], "reservering-geweigerd", "ZAAK-D4");

    const again = await db.transaction((tx) => sendDigests(tx, { publicUrl: PUBLIC_URL }, morning));
    expect(again.digests).toBe(0);
    expect(await digestsOf(daily.id)).toHaveLength(1);
    const [later] = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, daily.id), eq(notifications.digestDue, true)));
    expect(later?.title).toContain("ZAAK-D4");

    const tomorrow = new Date(morning.getTime() + 86_400_000);
    expect((await db.transaction((tx) => sendDigests(tx, { publicUrl: PUBLIC_URL }, tomorrow))).digests).toBe(1);
    expect(await digestsOf(daily.id)).toHaveLength(2);
  });

  it("when the scheduler's digest slot is due, then it queues the digests (registered as dagelijkse-samenvatting)", async () => {
    const daily = await regisseurWanting("dagelijks");
    await notice([daily.id], "reservering-geaccepteerd", "ZAAK-D5");
    // Its next slot (DIGEST_HOUR): a first slot may already have run when the server started.
    const [slot] = await db.select().from(scheduledJobs).where(eq(scheduledJobs.name, "dagelijkse-samenvatting"));
    const at = new Date(Math.max(Date.now(), slot?.nextRunAt.getTime() ?? 0));
    const outcomes = await server.app.jobs.runDue(at, ["dagelijkse-samenvatting"]);
    expect(outcomes).toEqual([
      { job: "dagelijkse-samenvatting", outcome: "voltooid", counts: { digests: 1, notifications: 1 } },
    ]);
    expect(await digestsOf(daily.id)).toHaveLength(1);
  });
});
