// Data access for retention: pseudonymising closed requests with their audit entries, and deleting aged audit entries.
// Statements run inside the retention run's transaction; the audit log's trigger (migration 0014) lets them through
// only under the transaction-local settings they set here, and only for what they do.
import { desc, eq, type SQL, sql } from "drizzle-orm";
import { type Db, executeRows, type Tx } from "../../db/client.js";
import { type JobRunRow, jobRuns } from "../../db/schema.js";

/** What a pseudonymised request's case number becomes: unique per request, and no case number the API accepts. */
export const PSEUDONYM_PREFIX = "gepseudonimiseerd-";

/**
 * Requests closed (placed or withdrawn) before the cutoff and not yet pseudonymised, as a condition on `r`. Closed at:
 * the placement, else the transition into the closed status. Stable within the run: a closed request stays closed.
 */
function closedBefore(nowIso: string, months: number): SQL {
  return sql`r.pseudonymised_at is null
    and r.status in ('geplaatst', 'ingetrokken')
    and coalesce(
      r.placed_at,
      (select max(t.at) from request_transitions t where t.request_id = r.id and t.to_status = r.status)
    ) < ${nowIso}::timestamptz - make_interval(months => ${months}::int)`;
}

const count = async (tx: Tx, query: SQL) => (await executeRows<{ n: number }>(tx, query))[0]?.n ?? 0;

/**
 * Removes the identifying parts of every request closed longer than `months` before `now`: the case number becomes a
 * placeholder (the per-verwijzer unique index stays satisfied), postcodes and the free text (who made the
 * explanatory analysis, a decline's note) go. The coded facts the monitor counts stay as they are. The audit entries
 * that named the request's case number name the placeholder from then on.
 */
export async function pseudonymiseClosedRequests(
  tx: Tx,
  nowIso: string,
  months: number,
): Promise<{ requests: number; auditEntries: number }> {
  const closed = closedBefore(nowIso, months);
  // Locked first, so nothing changes them between the statements below.
  const due = await count(
    tx,
    sql`select count(*)::int as n from (select r.id from placement_requests r where ${closed} for update of r) due`,
  );
  if (due === 0) return { requests: 0, auditEntries: 0 };

  // The entries about the request itself and about its reservations that carry its case number (on_behalf_of, and
  // wherever it stands in detail or data). Another verwijzer's request may have the same number: matched by id too.
  await tx.execute(sql`select set_config('wijzer.audit_pseudonymise', 'on', true)`);
  const auditEntries = await count(
    tx,
    sql`with target as (
      select a.id, ${PSEUDONYM_PREFIX}::text || r.id as placeholder
      from audit_log a
      join placement_requests r on a.on_behalf_of = r.case_number
      where ${closed}
        and ((a.object_type = 'plaatsingsverzoek' and a.object_id = r.id::text)
          or (a.object_type = 'reservering'
            and a.object_id in (select s.id::text from reservations s where s.request_id = r.id)))
    ), blanked as (
      update audit_log a set
        on_behalf_of = target.placeholder,
        detail = audit_blank_case_number(a.detail, a.on_behalf_of, target.placeholder),
        data = audit_blank_case_number(a.data::text, a.on_behalf_of, target.placeholder)::jsonb
      from target where a.id = target.id
      returning 1
    )
    select count(*)::int as n from blanked`,
  );
  await tx.execute(sql`select set_config('wijzer.audit_pseudonymise', 'off', true)`);

  // Notices and e-mails that named the case number (in their text too) name the placeholder from then on.
  await tx.execute(sql`update notifications n set
      case_number = ${PSEUDONYM_PREFIX}::text || r.id,
      title = replace(n.title, r.case_number, ${PSEUDONYM_PREFIX}::text || r.id),
      body = replace(n.body, r.case_number, ${PSEUDONYM_PREFIX}::text || r.id)
    from placement_requests r where n.request_id = r.id and ${closed}`);
  await tx.execute(sql`update mail_outbox m set
      subject = replace(m.subject, r.case_number, ${PSEUDONYM_PREFIX}::text || r.id),
      body = replace(m.body, r.case_number, ${PSEUDONYM_PREFIX}::text || r.id)
    from placement_requests r where m.request_id = r.id and ${closed}`);
  await tx.execute(sql`update reservations set decline_note = null
    where decline_note is not null and request_id in (select r.id from placement_requests r where ${closed})`);
  const requests = await count(
    tx,
    sql`with done as (
      update placement_requests r set
        case_number = ${PSEUDONYM_PREFIX}::text || r.id,
        home_postcode = '',
        school_postcode = null,
        explanatory_analysis_by = null,
        pseudonymised_at = ${nowIso}::timestamptz,
        -- Every write to a request bumps its version (server/features/placements/repository.ts).
        version = r.version + 1
      where ${closed}
      returning 1
    )
    select count(*)::int as n from done`,
  );
  return { requests, auditEntries };
}

/**
 * Deletes the audit entries older than `years` before `now`. The bound goes to the trigger as a transaction-local
 * setting: it lets a DELETE through only for rows older than the bound, and only a bound at least a year back.
 */
export async function deleteAgedAuditEntries(tx: Tx, nowIso: string, years: number): Promise<number> {
  await tx.execute(
    sql`select set_config('wijzer.audit_delete_before',
      (${nowIso}::timestamptz - make_interval(years => ${years}::int))::text, true)`,
  );
  const deleted = await count(
    tx,
    sql`with gone as (
      delete from audit_log where at < current_setting('wijzer.audit_delete_before')::timestamptz returning 1
    )
    select count(*)::int as n from gone`,
  );
  await tx.execute(sql`select set_config('wijzer.audit_delete_before', '', true)`);
  return deleted;
}

/**
 * Deletes the messages older than `days` before `now`: notices, e-mails that were sent or given up, webhook deliveries
 * that were delivered or given up (their attempts go with them), and one-time links and sign-in challenges that
 * expired. What is still to be sent stays, whatever its age. An e-mail goes before the notice it was made from; a
 * notice an unsent e-mail still refers to stays until that e-mail is done. Returns how many rows went in all.
 */
export async function deleteAgedMessages(tx: Tx, nowIso: string, days: number): Promise<number> {
  const before = sql`${nowIso}::timestamptz - make_interval(days => ${days}::int)`;
  const statements = [
    sql`delete from mail_outbox where status <> 'wachtend' and created_at < ${before} returning 1`,
    sql`delete from notifications n where n.created_at < ${before}
      and not exists (select from mail_outbox m where m.notification_id = n.id) returning 1`,
    sql`delete from webhook_deliveries where status <> 'wachtend' and created_at < ${before} returning 1`,
    sql`delete from freshness_links where expires_at < ${before} returning 1`,
    sql`delete from password_resets where expires_at < ${before} returning 1`,
    sql`delete from login_challenges where expires_at < ${before} returning 1`,
  ];
  let deleted = 0;
  for (const statement of statements) {
    deleted += await count(tx, sql`with gone as (${statement}) select count(*)::int as n from gone`);
  }
  return deleted;
}

/** The newest runs of the retention job. */
export function retentionRuns(db: Db, limit: number): Promise<JobRunRow[]> {
  return db
    .select()
    .from(jobRuns)
    .where(eq(jobRuns.job, "retentie"))
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(limit);
}
