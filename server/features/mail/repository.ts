// Data access of the mail outbox: claiming due mails under a lease, recording each outcome, and the beheerder's list.
// Every statement here is one short transaction of its own: none stays open while an SMTP server is talked to.
import { and, desc, eq, lt, type SQL, sql } from "drizzle-orm";
import { MAIL_STATUSES, type MailStatus } from "../../../shared/schemas/notifications.js";
import type { Db, Tx } from "../../db/client.js";
import { type MailOutboxRow, mailOutbox } from "../../db/schema.js";
import { countByStatus as countOutbox, dueIds, inMs, type OutboxColumns } from "../../jobs/outbox.js";

/** A claimed mail: what the transport needs to send it. */
export type ClaimedMail = Pick<MailOutboxRow, "id" | "kind" | "toAddress" | "subject" | "body" | "attempts">;

const outbox: OutboxColumns = {
  table: mailOutbox,
  id: mailOutbox.id,
  status: mailOutbox.status,
  nextAttemptAt: mailOutbox.nextAttemptAt,
  claimedUntil: mailOutbox.claimedUntil,
  waiting: "wachtend",
};

/** Takes up to `limit` due mails for this process until the lease ends (server/jobs/outbox.ts: at least once). */
export async function claimDue(db: Db, limit: number, leaseMs: number): Promise<ClaimedMail[]> {
  return db
    .update(mailOutbox)
    .set({ claimedUntil: inMs(leaseMs) })
    .where(sql`${mailOutbox.id} in (${dueIds(db, outbox, limit)})`)
    .returning({
      id: mailOutbox.id,
      kind: mailOutbox.kind,
      toAddress: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      body: mailOutbox.body,
      attempts: mailOutbox.attempts,
    });
}

/** A single-use link is wiped once its mail is done with (sent or given up): the outbox outlives the link's use. */
const wipeSecret = sql`case when ${mailOutbox.carriesSecret} then null else ${mailOutbox.body} end`;

/** Sent: the SMTP server took it. Only a mail still waiting (a lapsed lease resent elsewhere is recorded once). */
export async function markSent(db: Db, id: number): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ status: "verzonden", sentAt: sql`now()`, claimedUntil: null, lastError: null, body: wipeSecret })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, "wachtend")));
}

/** A failed attempt: tried again after `retryInMs`, or given up (mislukt) when `final`. */
export async function markFailed(
  db: Db,
  id: number,
  failure: { error: string; final: boolean; retryInMs: number },
): Promise<void> {
  await db
    .update(mailOutbox)
    .set({
      attempts: sql`${mailOutbox.attempts} + 1`,
      lastError: failure.error,
      claimedUntil: null,
      ...(failure.final
        ? { status: "mislukt" as const, body: wipeSecret }
        : { nextAttemptAt: inMs(failure.retryInMs) }),
    })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, "wachtend")));
}

/** The lease is handed back untried (the process is stopping): another process may take the mail at once. */
export async function release(db: Db, id: number): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ claimedUntil: null })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, "wachtend")));
}

export const countByStatus = (db: Db) => countOutbox(db, outbox, MAIL_STATUSES);

/** Newest first; one more than asked tells whether an older page exists. */
export async function listOutbox(
  db: Db,
  query: { status?: MailStatus | undefined; before?: number | undefined; limit: number },
): Promise<{ rows: MailOutboxRow[]; hasMore: boolean }> {
  const where: SQL[] = [];
  if (query.status) where.push(eq(mailOutbox.status, query.status));
  if (query.before) where.push(lt(mailOutbox.id, query.before));
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(and(...where))
    .orderBy(desc(mailOutbox.id))
    .limit(query.limit + 1);
  return { rows: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

export async function findMail(db: Db | Tx, id: number): Promise<MailOutboxRow | undefined> {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return row;
}

/** A given-up mail waits again, due now, with a fresh count of attempts; undefined when it is not (or no longer) mislukt. */
export async function requeue(db: Db | Tx, id: number): Promise<MailOutboxRow | undefined> {
  const [row] = await db
    .update(mailOutbox)
    .set({ status: "wachtend", attempts: 0, nextAttemptAt: sql`now()`, claimedUntil: null })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, "mislukt")))
    .returning();
  return row;
}
