// Reading and marking one person's inbox, and their e-mail choices per kind. Every query is scoped to the user.
import { and, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { MailDelivery, NotificationKind } from "../../../shared/schemas/notifications.js";
import type { Db, Tx } from "../../db/client.js";
import { type NotificationRow, notificationPreferences, notifications } from "../../db/schema.js";

export async function inboxPage(
  db: Db,
  userId: number,
  page: { before?: number; limit: number; unreadOnly: boolean },
): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        page.before === undefined ? undefined : lt(notifications.id, page.before),
        page.unreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(page.limit);
}

/** Unread notifications per user (users without any are left out). */
export async function unreadCounts(db: Db | Tx, userIds: readonly number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: notifications.userId, n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(inArray(notifications.userId, [...userIds]), isNull(notifications.readAt)))
    .groupBy(notifications.userId);
  return new Map(rows.map((r) => [r.userId, r.n]));
}

export async function unreadCount(db: Db | Tx, userId: number): Promise<number> {
  return (await unreadCounts(db, [userId])).get(userId) ?? 0;
}

/** Marks one of the user's own notifications read (once: a second call keeps the first moment). False: no such one. */
export async function markRead(db: Db, userId: number, id: number): Promise<boolean> {
  const [own] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  if (!own) return false;
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), isNull(notifications.readAt)));
  return true;
}

/** Marks the unread notifications with these dedupe keys read, whoever they are for; the users they were for. */
export async function markReadByKeys(tx: Tx, dedupeKeys: readonly string[]): Promise<number[]> {
  const rows = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(inArray(notifications.dedupeKey, [...dedupeKeys]), isNull(notifications.readAt)))
    .returning({ userId: notifications.userId });
  return [...new Set(rows.map((r) => r.userId))];
}

/** Marks all of the user's unread notifications read; how many were. */
export async function markAllRead(db: Db, userId: number): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

export async function preferencesOf(
  db: Db | Tx,
  userId: number,
): Promise<{ kind: NotificationKind; delivery: MailDelivery }[]> {
  return db
    .select({ kind: notificationPreferences.kind, delivery: notificationPreferences.delivery })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
}

export async function savePreferences(
  tx: Tx,
  userId: number,
  choices: readonly { kind: NotificationKind; delivery: MailDelivery }[],
): Promise<void> {
  if (choices.length === 0) return;
  await tx
    .insert(notificationPreferences)
    .values(choices.map((c) => ({ userId, ...c })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { delivery: sql`excluded.delivery` },
    });
}
