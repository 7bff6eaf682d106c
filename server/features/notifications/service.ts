// Writing notifications and e-mails: always inside the transaction of the change that causes them (a transactional
// outbox). A crash before the commit leaves neither the change nor its notice; after it, both exist, and the mail
// worker (server/features/mail) sends what the outbox holds. The live push (`notifications:new`) comes after the
// commit, from what notify() returned.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Role } from "../../../shared/domain.js";
import {
  DEFAULT_MAIL_DELIVERY,
  type MailKind,
  type Notification,
  type NotificationKind,
} from "../../../shared/schemas/notifications.js";
import type { Db, Tx } from "../../db/client.js";
import {
  mailOutbox,
  type NotificationRow,
  notificationPreferences,
  notifications,
  providers,
  users,
} from "../../db/schema.js";

export interface NotificationInput {
  kind: NotificationKind;
  /** One line, the e-mail's subject too. A case number at most: never a youth's personal data. */
  title: string;
  body: string;
  /** A path of this app, the page to act on. */
  link: string;
  caseNumber?: string | null;
  /** The cause, e.g. "reservering:12:wacht": the same cause notifies a user once, however often it is retried. */
  dedupeKey: string;
}

/** A notification that was created, for the push after the commit. */
export interface Created {
  userId: number;
  notification: Notification;
}

export interface MailSettings {
  /** Absolute base of the links in e-mails (PUBLIC_URL). */
  publicUrl: string;
}

/**
 * The direct e-mail instead of the notification's own text: for a mail that must carry more than the inbox copy (the
 * one-tap freshness link), so each account still gets one mail, not the notice and a second one with the link.
 */
export interface MailOverride {
  body: string;
  /** The body holds a single-use link: wiped after sending, never shown in the outbox view. */
  carriesSecret?: boolean;
}

/**
 * Notifies each user once per dedupe key; queues the e-mail of those who want this kind at once and marks it for the
 * digest of those who want it daily. Disabled accounts get nothing. Returns what was new.
 */
export async function notify(
  tx: Tx,
  settings: MailSettings,
  userIds: readonly number[],
  input: NotificationInput,
  mail?: MailOverride,
): Promise<Created[]> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];
  const recipients = await tx
    .select({ id: users.id, email: users.email, delivery: notificationPreferences.delivery })
    .from(users)
    .leftJoin(
      notificationPreferences,
      and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, input.kind)),
    )
    .where(and(inArray(users.id, ids), isNull(users.disabledAt)));
  if (recipients.length === 0) return [];
  const deliveryOf = new Map(recipients.map((r) => [r.id, r.delivery ?? DEFAULT_MAIL_DELIVERY]));
  const rows = await tx
    .insert(notifications)
    .values(
      recipients.map((r) => ({
        userId: r.id,
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link,
        caseNumber: input.caseNumber ?? null,
        dedupeKey: input.dedupeKey,
        digestDue: deliveryOf.get(r.id) === "dagelijks",
      })),
    )
    .onConflictDoNothing()
    .returning();
  const emailOf = new Map(recipients.map((r) => [r.id, r.email]));
  const direct = rows.filter((row) => deliveryOf.get(row.userId) === "direct");
  if (direct.length > 0) {
    await tx
      .insert(mailOutbox)
      .values(
        direct.map((row) => ({
          kind: "melding" as const,
          userId: row.userId,
          notificationId: row.id,
          toAddress: emailOf.get(row.userId) ?? "",
          subject: mailSubject(row.title),
          body: mail?.body ?? notificationMailBody(settings, row),
          carriesSecret: mail?.carriesSecret ?? false,
          dedupeKey: `melding:${row.id}`,
        })),
      )
      .onConflictDoNothing();
  }
  return rows.map((row) => ({ userId: row.userId, notification: presentNotification(row) }));
}

/** An e-mail to an address that is not an account's own inbox (the RET, a provider's contact address, a reset link). */
export async function enqueueMail(
  tx: Tx,
  mail: {
    kind: MailKind;
    toAddress: string;
    subject: string;
    body: string;
    dedupeKey: string;
    userId?: number | null;
    carriesSecret?: boolean;
  },
): Promise<void> {
  await tx
    .insert(mailOutbox)
    .values({ ...mail, subject: mailSubject(mail.subject), userId: mail.userId ?? null })
    .onConflictDoNothing();
}

/** The active aanbieder accounts of a provider, and its contact address when it has one. */
export async function providerRecipients(
  db: Db | Tx,
  providerId: number,
): Promise<{ userIds: number[]; contactEmail: string | null }> {
  const accounts = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.providerId, providerId), eq(users.role, "aanbieder"), isNull(users.disabledAt)));
  const [provider] = await db.select({ email: providers.email }).from(providers).where(eq(providers.id, providerId));
  return { userIds: accounts.map((a) => a.id), contactEmail: provider?.email ?? null };
}

/** The active accounts of a role (the regisseurs, say). */
export async function usersWithRole(db: Db | Tx, role: Role): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, role), isNull(users.disabledAt)));
  return rows.map((r) => r.id);
}

/** "user:12" (an actor label, as reservations record their maker) -> 12; anything else -> undefined. */
export function userIdOfLabel(label: string | null | undefined): number | undefined {
  const match = /^user:(\d+)$/.exec(label ?? "");
  return match ? Number(match[1]) : undefined;
}

export function presentNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    caseNumber: row.caseNumber,
    createdAt: row.createdAt.toISOString(),
    read: row.readAt !== null,
  };
}

export const mailSubject = (title: string) => `Beschikbaarheidswijzer: ${title}`;

/** Plain text: the notice, the page to act on, and where to change what comes by e-mail. */
export function notificationMailBody(settings: MailSettings, n: Pick<NotificationRow, "body" | "link">): string {
  return [
    n.body,
    "",
    `Openen: ${settings.publicUrl}${n.link}`,
    "",
    "--",
    "U krijgt deze e-mail van de Beschikbaarheidswijzer Twente (CPWV).",
    `Welke meldingen u per e-mail krijgt, kiest u op ${settings.publicUrl}/meldingen.`,
  ].join("\n");
}
