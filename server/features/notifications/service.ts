// Writing notifications and e-mails: always inside the transaction of the change that causes them (a transactional
// outbox). A crash before the commit leaves neither the change nor its notice; after it, both exist, and the mail
// worker (server/features/mail) sends what the outbox holds. The live push (`notifications:new`) comes after the
// commit, from what notify() returned.
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Role } from "../../../shared/domain.js";
import {
  DEFAULT_MAIL_DELIVERY,
  type Inbox,
  type MailKind,
  type MailPreferences,
  NOTIFICATION_KINDS_BY_ROLE,
  type Notification,
  type NotificationKind,
  type NotificationPush,
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
import { Forbidden, HttpError, NotFound } from "../../http/errors.js";
import type { ChangeContext } from "../../policies/types.js";
import { recordAudit, recordAudits } from "../audit/service.js";
import * as repo from "./repository.js";

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
  /** The placement request it is about: retention blanks the case number in the notice and its mail along with it. */
  requestId?: number;
}

/**
 * A notification that was created, for the push after the commit; null: none was, but the user's unread count
 * changed (a notice that asked for an answer was settled).
 */
export interface Created {
  userId: number;
  notification: Notification | null;
}
/** What notify() made: always a notification. */
export type Notified = Created & { notification: Notification };

export interface MailSettings {
  /** Absolute base of the links in e-mails (PUBLIC_URL). */
  publicUrl: string;
}

/** What the producers need besides the transaction: the links' base and the RET's address (RET_EMAIL), if any. */
export interface NotificationSettings extends MailSettings {
  retEmail?: string;
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
): Promise<Notified[]> {
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
        requestId: input.requestId ?? null,
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
          requestId: row.requestId,
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
    requestId?: number;
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
    ...SIGNATURE,
    `Welke meldingen u per e-mail krijgt, kiest u op ${settings.publicUrl}/meldingen.`,
  ].join("\n");
}

/** Under every e-mail: who sends it. */
export const SIGNATURE = ["", "--", "U krijgt deze e-mail van de Beschikbaarheidswijzer Twente (CPWV)."];

/** A plain-text e-mail to an address without an account (the RET, a provider's contact address): no preferences. */
export function externalMailBody(settings: MailSettings, body: string, link?: string): string {
  return [body, ...(link ? ["", `Openen (met een account): ${settings.publicUrl}${link}`] : []), ...SIGNATURE].join(
    "\n",
  );
}

/** The user's own sockets, on every process (the socket.io adapter): server/realtime/io.ts. */
export interface NotificationPushes {
  /** `notifications:new`: a notification and the user's unread count with it. */
  pushNotification(userId: number, push: NotificationPush): void;
  /** `notifications:unread`: the unread count changed (read in another tab). */
  pushUnread(userId: number, unread: number): void;
}

export interface InboxDeps {
  db: Db;
  push: NotificationPushes;
}

/** After the commit: what notify() created goes to each user's sockets, with their unread count as it is now. */
export async function pushCreated(deps: InboxDeps, created: readonly Created[]): Promise<void> {
  if (created.length === 0) return;
  const unread = await repo.unreadCounts(
    deps.db,
    created.map((c) => c.userId),
  );
  const counted = new Set<number>();
  for (const { userId, notification } of created) {
    if (notification) deps.push.pushNotification(userId, { notification, unread: unread.get(userId) ?? 0 });
    else counted.add(userId);
  }
  for (const userId of counted) deps.push.pushUnread(userId, unread.get(userId) ?? 0);
}

/** The account behind a call: the route's policy admits accounts only, never a token. */
function ownerOf(ctx: ChangeContext) {
  if (ctx.actor.kind !== "user") throw new Forbidden("notifications.own");
  return ctx.actor;
}

/** The caller's inbox, newest first. A case number shown is a read of its request, and logged (domain.md rule 5). */
export async function inbox(
  deps: InboxDeps,
  ctx: ChangeContext,
  page: { before?: number; limit: number; unreadOnly: boolean },
): Promise<Inbox> {
  const user = ownerOf(ctx);
  const [rows, unread] = await Promise.all([
    repo.inboxPage(deps.db, user.id, page),
    repo.unreadCount(deps.db, user.id),
  ]);
  const shown = new Map<string, number>();
  for (const row of rows) if (row.caseNumber && !shown.has(row.caseNumber)) shown.set(row.caseNumber, row.id);
  await recordAudits(
    deps.db,
    [...shown].map(([caseNumber, id]) => ({
      actor: ctx.actor,
      action: "meldingen.gelezen",
      outcome: "succes" as const,
      ip: ctx.ip,
      objectType: "melding",
      objectId: id,
      onBehalfOf: caseNumber,
    })),
  );
  return { items: rows.map(presentNotification), unread };
}

/** Marks one read (again: no change); someone else's answers as absent. The user's other tabs hear the new count. */
export async function markRead(deps: InboxDeps, ctx: ChangeContext, id: number): Promise<{ unread: number }> {
  const user = ownerOf(ctx);
  if (!(await repo.markRead(deps.db, user.id, id))) throw new NotFound(`Melding ${id} bestaat niet.`);
  return unreadChanged(deps, user.id);
}

export async function markAllRead(deps: InboxDeps, ctx: ChangeContext): Promise<{ unread: number }> {
  const user = ownerOf(ctx);
  await repo.markAllRead(deps.db, user.id);
  return unreadChanged(deps, user.id);
}

async function unreadChanged(deps: InboxDeps, userId: number) {
  const unread = await repo.unreadCount(deps.db, userId);
  deps.push.pushUnread(userId, unread);
  return { unread };
}

/** How each kind the caller's role can get reaches them; a kind without a choice yet: the default. */
export async function mailPreferences(deps: InboxDeps, ctx: ChangeContext): Promise<MailPreferences> {
  const user = ownerOf(ctx);
  const chosen = new Map((await repo.preferencesOf(deps.db, user.id)).map((p) => [p.kind, p.delivery]));
  return {
    preferences: NOTIFICATION_KINDS_BY_ROLE[user.role].map((kind) => ({
      kind,
      delivery: chosen.get(kind) ?? DEFAULT_MAIL_DELIVERY,
    })),
  };
}

/** Changes the choices sent; a kind the caller's role never gets (or one named twice) refuses all of them. */
export async function updateMailPreferences(
  deps: InboxDeps,
  ctx: ChangeContext,
  input: MailPreferences,
): Promise<MailPreferences> {
  const user = ownerOf(ctx);
  const offered = new Set(NOTIFICATION_KINDS_BY_ROLE[user.role]);
  const seen = new Set<NotificationKind>();
  const errors = input.preferences.flatMap(({ kind }, i) => {
    const field = `body.preferences.${i}.kind`;
    if (!offered.has(kind)) return [{ field, message: `Meldingen '${kind}' krijgt de rol ${user.role} niet.` }];
    if (seen.has(kind)) return [{ field, message: `'${kind}' staat er twee keer in.` }];
    seen.add(kind);
    return [];
  });
  if (errors.length > 0) {
    throw new HttpError(422, "Regel geschonden", errors.map((e) => e.message).join(" "), { errors });
  }
  await deps.db.transaction(async (tx) => {
    await repo.savePreferences(tx, user.id, input.preferences);
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "meldingen.voorkeuren-gewijzigd",
      outcome: "succes",
      ip: ctx.ip,
      detail: input.preferences.map((p) => `${p.kind}: ${p.delivery}`).join(", "),
    });
  });
  return mailPreferences(deps, ctx);
}
