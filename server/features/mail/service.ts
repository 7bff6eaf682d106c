// The beheerder's outbox: the list (a secret link never shown) and putting a given-up mail back in the queue.
import type { Outbox, OutboxMail, OutboxQuery } from "../../../shared/schemas/mail.js";
import type { Db } from "../../db/client.js";
import type { MailOutboxRow } from "../../db/schema.js";
import { Conflict, NotFound, RuleViolation } from "../../http/errors.js";
import type { ChangeContext } from "../../policies/types.js";
import { recordAudit } from "../audit/service.js";
import { countByStatus, findMail, listOutbox, requeue } from "./repository.js";

export interface OutboxDeps {
  db: Db;
  /** SMTP_URL is set: a worker sends what waits. */
  smtpConfigured: boolean;
}

export async function outbox(deps: OutboxDeps, query: OutboxQuery, ctx: ChangeContext): Promise<Outbox> {
  const [{ rows, hasMore }, counts] = await Promise.all([listOutbox(deps.db, query), countByStatus(deps.db)]);
  // Addresses of colleagues and providers: who looked is on record.
  await recordAudit(deps.db, { actor: ctx.actor, action: "e-mail.uitbak.gelezen", outcome: "succes", ip: ctx.ip });
  return { smtpConfigured: deps.smtpConfigured, items: rows.map(presentMail), hasMore, counts };
}

/** A mislukt mail waits again, due at once with its attempts counted afresh; the beheerder's retry is audited. */
export async function retryMail(deps: OutboxDeps, id: number, ctx: ChangeContext): Promise<OutboxMail> {
  return deps.db.transaction(async (tx) => {
    const mail = await findMail(tx, id);
    if (!mail) throw new NotFound(`Geen e-mail ${id} in de uitbak.`);
    if (mail.status !== "mislukt")
      throw new Conflict(`Deze e-mail is ${mail.status}: alleen een mislukte e-mail kan opnieuw worden verstuurd.`);
    // The single-use link was wiped when the mail was given up: sending it again would send nothing of use.
    if (mail.body === null)
      throw new RuleViolation("De link in deze e-mail is vervallen; laat de gebruiker een nieuwe aanvragen.");
    const requeued = await requeue(tx, id);
    if (!requeued) throw new Conflict("Deze e-mail is intussen al opnieuw in de wachtrij gezet.");
    await recordAudit(tx, {
      actor: ctx.actor,
      action: "e-mail.opnieuw",
      outcome: "succes",
      ip: ctx.ip,
      objectType: "e-mail",
      objectId: id,
      requestKey: ctx.requestKey,
    });
    return presentMail(requeued);
  });
}

/** What leaves the server: a body with a single-use link is never shown, not even while it waits. */
export function presentMail(row: MailOutboxRow): OutboxMail {
  return {
    id: row.id,
    kind: row.kind,
    toAddress: row.toAddress,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    lastError: row.lastError,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    body: row.carriesSecret ? null : row.body,
    carriesSecret: row.carriesSecret,
  };
}
