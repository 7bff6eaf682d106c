// The daily digest: one e-mail per user listing the notifications they chose to get once a day ("dagelijks").
import { asc, eq, inArray } from "drizzle-orm";
import { amsterdamToday } from "../../../shared/calendar.js";
import type { Tx } from "../../db/client.js";
import { mailOutbox, notifications, users } from "../../db/schema.js";
import { type MailSettings, mailSubject } from "../notifications/service.js";

export interface DigestCounts extends Record<string, number> {
  /** Digest mails queued. */
  digests: number;
  /** Notifications they listed. */
  notifications: number;
}

/**
 * Queues each user's digest of the notifications waiting for it and marks them done, in the caller's transaction.
 * A digest is queued once per user and Amsterdam day (its dedupe key): run twice on one day, the second run leaves
 * what arrived since for the next day's digest. Disabled accounts get none and their waiting notices are dropped
 * from the queue. Titles and links only: a notice never holds more about a youth than a case number.
 */
export async function sendDigests(tx: Tx, settings: MailSettings, now: Date): Promise<DigestCounts> {
  const due = await tx
    .select({
      id: notifications.id,
      userId: notifications.userId,
      title: notifications.title,
      link: notifications.link,
      email: users.email,
      disabledAt: users.disabledAt,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.digestDue, true))
    .orderBy(asc(notifications.userId), asc(notifications.id))
    .for("update", { of: notifications });
  const day = amsterdamToday(now);
  const counts: DigestCounts = { digests: 0, notifications: 0 };
  const done: number[] = [];
  for (const items of byUser(due)) {
    const first = items[0];
    if (!first) continue;
    if (first.disabledAt === null) {
      const queued = await tx
        .insert(mailOutbox)
        .values({
          kind: "samenvatting",
          userId: first.userId,
          toAddress: first.email,
          subject: mailSubject(digestSubject(items.length)),
          body: digestBody(settings, items),
          dedupeKey: `samenvatting:${first.userId}:${day}`,
        })
        .onConflictDoNothing()
        .returning({ id: mailOutbox.id });
      // Today's digest went out already: these wait for tomorrow's.
      if (queued.length === 0) continue;
      counts.digests++;
      counts.notifications += items.length;
    }
    done.push(...items.map((n) => n.id));
  }
  if (done.length > 0) await tx.update(notifications).set({ digestDue: false }).where(inArray(notifications.id, done));
  return counts;
}

/** Rows ordered by user, in runs of one user each. */
function byUser<T extends { userId: number }>(rows: readonly T[]): T[][] {
  const runs: T[][] = [];
  for (const row of rows) {
    const last = runs.at(-1);
    if (last?.[0]?.userId === row.userId) last.push(row);
    else runs.push([row]);
  }
  return runs;
}

const digestSubject = (n: number) => (n === 1 ? "1 melding van vandaag" : `${n} meldingen van vandaag`);

function digestBody(settings: MailSettings, items: readonly { title: string; link: string }[]): string {
  return [
    "Uw meldingen sinds de vorige samenvatting:",
    "",
    ...items.flatMap((n) => [`- ${n.title}`, `  ${settings.publicUrl}${n.link}`]),
    "",
    `Alle meldingen: ${settings.publicUrl}/meldingen`,
    "",
    "--",
    "U krijgt deze samenvatting van de Beschikbaarheidswijzer Twente (CPWV) omdat u deze meldingen één keer per dag",
    `per e-mail wilt ontvangen. Wijzigen kan op ${settings.publicUrl}/meldingen.`,
  ].join("\n");
}
