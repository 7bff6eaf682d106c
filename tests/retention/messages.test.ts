// Messages are not kept for ever: the daily retention job deletes notices, sent or given-up e-mails, finished webhook
// deliveries and expired one-time links older than MESSAGE_RETENTION_DAYS. Younger ones stay, and so does whatever
// is still to be sent, however old, with the notice it was made from.
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import {
  freshnessLinks,
  mailOutbox,
  notifications,
  passwordResets,
  users,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from "../../server/db/schema.js";
import { type RetentionSettings, runRetention } from "../../server/features/retention/service.js";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";

const settings: RetentionSettings = {
  retentionMonths: 12,
  auditRetentionYears: 5,
  messageRetentionDays: 30,
  checkEverySeconds: 3600,
};
const daysAgo = (days: number) => sql`now() - make_interval(days => ${days}::int)`;

describe.each(BACKENDS)("message retention on %s", (backend) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = database.db;
  });
  afterAll(async () => database?.close());

  it("when notices, e-mails, webhook deliveries and one-time links are older than MESSAGE_RETENTION_DAYS, then the job deletes them, keeps the younger ones and keeps what is still to be sent", async () => {
    const place = await addLocation(db);
    const [user] = await db
      .insert(users)
      .values({ email: `retentie-${backend}@example.nl`, name: "R", role: "regisseur", passwordHash: "x" })
      .returning();
    const userId = user!.id;

    const notice = async (days: number) => {
      const [row] = await db
        .insert(notifications)
        .values({
          userId,
          kind: "reservering-verloopt",
          title: "t",
          body: "b",
          link: "/",
          dedupeKey: `n-${Math.random()}`,
          createdAt: daysAgo(days) as never,
        })
        .returning({ id: notifications.id });
      return row!.id;
    };
    const mail = async (days: number, status: "wachtend" | "verzonden" | "mislukt", notificationId?: number) => {
      const [row] = await db
        .insert(mailOutbox)
        .values({
          kind: "melding",
          userId,
          notificationId,
          toAddress: "r@example.nl",
          subject: "s",
          body: "b",
          dedupeKey: `m-${Math.random()}`,
          status,
          createdAt: daysAgo(days) as never,
        })
        .returning({ id: mailOutbox.id });
      return row!.id;
    };
    const [endpoint] = await db
      .insert(webhookEndpoints)
      .values({
        providerId: place.providerId,
        url: "https://example.nl/h",
        events: ["reservering.gemaakt"],
        secret: "s",
      })
      .returning();
    const delivery = async (days: number, status: "wachtend" | "afgeleverd" | "mislukt") => {
      const [row] = await db
        .insert(webhookDeliveries)
        .values({
          endpointId: endpoint!.id,
          eventId: `e-${Math.random()}`,
          kind: "reservering.gemaakt",
          dedupeKey: `d-${Math.random()}`,
          locationId: place.id,
          payload: {} as never,
          status,
          createdAt: daysAgo(days) as never,
        })
        .returning({ id: webhookDeliveries.id });
      await db.insert(webhookAttempts).values({ deliveryId: row!.id, durationMs: 5, statusCode: 200 } as never);
      return row!.id;
    };
    const link = async (expiredDaysAgo: number) => {
      const [row] = await db
        .insert(freshnessLinks)
        .values({
          tokenHash: `h-${Math.random()}`,
          providerId: place.providerId,
          numbers: [],
          expiresAt: daysAgo(expiredDaysAgo) as never,
        })
        .returning({ id: freshnessLinks.id });
      return row!.id;
    };
    const reset = async (expiredDaysAgo: number) => {
      const [row] = await db
        .insert(passwordResets)
        .values({ userId, tokenHash: `r-${Math.random()}`, expiresAt: daysAgo(expiredDaysAgo) as never })
        .returning({ id: passwordResets.id });
      return row!.id;
    };

    const oldNotice = await notice(40);
    const youngNotice = await notice(10);
    const noticeOfUnsentMail = await notice(40);
    const oldSent = await mail(40, "verzonden", oldNotice);
    const oldGivenUp = await mail(40, "mislukt");
    const oldUnsent = await mail(40, "wachtend", noticeOfUnsentMail);
    const youngSent = await mail(10, "verzonden");
    const oldDelivered = await delivery(40, "afgeleverd");
    const oldFailed = await delivery(40, "mislukt");
    const oldPending = await delivery(40, "wachtend");
    const youngDelivered = await delivery(10, "afgeleverd");
    const oldLink = await link(40);
    const youngLink = await link(10);
    const oldReset = await reset(40);

    const outcome = await runRetention(db, settings);

    // 1 notice + 2 mails + 2 deliveries + 1 link + 1 reset.
    expect(outcome).toMatchObject({ ran: true, counts: { messagesDeleted: 7 } });
    const ids = async (table: typeof notifications | typeof mailOutbox | typeof webhookDeliveries, of: number[]) =>
      (await db.select({ id: table.id }).from(table).where(inArray(table.id, of))).map((r) => r.id).sort();
    expect(await ids(notifications, [oldNotice, youngNotice, noticeOfUnsentMail])).toEqual(
      [youngNotice, noticeOfUnsentMail].sort(),
    );
    expect(await ids(mailOutbox, [oldSent, oldGivenUp, oldUnsent, youngSent])).toEqual([oldUnsent, youngSent].sort());
    expect(await ids(webhookDeliveries, [oldDelivered, oldFailed, oldPending, youngDelivered])).toEqual(
      [oldPending, youngDelivered].sort(),
    );
    const attemptsLeft = await db
      .select({ id: webhookAttempts.deliveryId })
      .from(webhookAttempts)
      .where(inArray(webhookAttempts.deliveryId, [oldDelivered, oldFailed]));
    expect(attemptsLeft).toEqual([]);
    expect(await db.select().from(freshnessLinks).where(eq(freshnessLinks.id, oldLink))).toEqual([]);
    expect(await db.select().from(freshnessLinks).where(eq(freshnessLinks.id, youngLink))).toHaveLength(1);
    expect(await db.select().from(passwordResets).where(eq(passwordResets.id, oldReset))).toEqual([]);
  });
});
