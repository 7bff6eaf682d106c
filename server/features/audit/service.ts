// The audit log: one function writes every entry; the beheerder reads and exports. Nothing updates or deletes.
import { and, desc, eq, gte, lt, lte, type SQL, sql } from "drizzle-orm";
import type { AuditEntry, AuditQuery } from "../../../shared/schemas/auth.js";
import { builtOnce, type Db, type Tx } from "../../db/client.js";
import { type AuditRow, auditLog } from "../../db/schema.js";
import { type Actor, actorLabel } from "../../policies/types.js";

export interface AuditRecord {
  actor: Actor;
  action: string;
  outcome: AuditRow["outcome"];
  objectType?: string;
  objectId?: string | number;
  /** Whose interest the read served (a case, an organisation), from the placement issues on. */
  onBehalfOf?: string;
  ip?: string;
  detail?: string;
  /** The change's Idempotency-Key with its owner (ChangeContext.requestKey), when the call sent one. */
  requestKey?: string;
  /** Structured detail of a change, e.g. before and after values of a master-data edit (never a secret). */
  data?: Record<string, unknown>;
}

const insertOne = builtOnce((db: Db | Tx) =>
  db
    .insert(auditLog)
    .values({
      actor: sql.placeholder("actor"),
      role: sql.placeholder("role"),
      onBehalfOf: sql.placeholder("onBehalfOf"),
      action: sql.placeholder("action"),
      objectType: sql.placeholder("objectType"),
      objectId: sql.placeholder("objectId"),
      outcome: sql.placeholder("outcome"),
      ip: sql.placeholder("ip"),
      detail: sql.placeholder("detail"),
      requestKey: sql.placeholder("requestKey"),
    })
    .prepare("audit_insert"),
);

/** Writes one entry; inside a use case's transaction when given one, so the entry commits with the change. */
export async function recordAudit(db: Db | Tx, record: AuditRecord): Promise<void> {
  await insertOne(db).execute(auditRow(record));
}

/** Writes several entries in one statement (a list read logs every request it shows). */
export async function recordAudits(db: Db | Tx, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.insert(auditLog).values(records.map(auditRow));
}

/** The row of one entry; a use case that writes its change in one statement inserts it there. */
export function auditRow(record: AuditRecord) {
  return {
    actor: actorLabel(record.actor),
    role: record.actor.kind === "anonymous" || record.actor.kind === "system" ? null : record.actor.role,
    onBehalfOf: record.onBehalfOf ?? null,
    action: record.action,
    objectType: record.objectType ?? null,
    objectId: record.objectId === undefined ? null : String(record.objectId),
    outcome: record.outcome,
    ip: record.ip ?? null,
    detail: record.detail?.slice(0, 500) ?? null,
    requestKey: record.requestKey ?? null,
    data: record.data ?? null,
  } satisfies typeof auditLog.$inferInsert;
}

/** Names of an entry's values in a statement built once (db/client.ts preparedStatement): `p("audit.actor")`. */
export type AuditPlaceholder = `audit.${Exclude<keyof ReturnType<typeof auditRow>, "data">}`;

/** An entry's values under their placeholder names, for a statement built once that inserts the entry itself. */
export function auditValues(row: ReturnType<typeof auditRow>): Record<AuditPlaceholder, unknown> {
  return {
    "audit.actor": row.actor,
    "audit.role": row.role,
    "audit.onBehalfOf": row.onBehalfOf,
    "audit.action": row.action,
    "audit.objectType": row.objectType,
    "audit.objectId": row.objectId,
    "audit.outcome": row.outcome,
    "audit.ip": row.ip,
    "audit.detail": row.detail,
    "audit.requestKey": row.requestKey,
  };
}

/**
 * Whether a change made under this key committed (its entry commits with it), as an expression: idempotency asks it
 * in the statement that claims the key, to tell "done, answer lost" from "never done" at no round trip of its own.
 */
export function changedUnderKey(requestKey: string) {
  const done = and(eq(auditLog.requestKey, requestKey), eq(auditLog.outcome, "succes"));
  return sql<boolean>`exists (select from ${auditLog} where ${done})`;
}

function present(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    role: row.role,
    onBehalfOf: row.onBehalfOf,
    action: row.action,
    objectType: row.objectType,
    objectId: row.objectId,
    outcome: row.outcome,
    ip: row.ip,
    detail: row.detail,
  };
}

export async function queryAudit(db: Db, query: AuditQuery): Promise<AuditEntry[]> {
  const conditions: (SQL | undefined)[] = [
    query.actor ? eq(auditLog.actor, query.actor) : undefined,
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.outcome ? eq(auditLog.outcome, query.outcome) : undefined,
    query.from ? gte(auditLog.at, new Date(query.from)) : undefined,
    query.to ? lte(auditLog.at, new Date(query.to)) : undefined,
    query.before ? lt(auditLog.id, query.before) : undefined,
  ];
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit);
  return rows.map(present);
}

const CSV_COLUMNS = [
  "id",
  "at",
  "actor",
  "role",
  "onBehalfOf",
  "action",
  "objectType",
  "objectId",
  "outcome",
  "ip",
  "detail",
] as const;

/** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditCsv(entries: AuditEntry[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const e of entries) lines.push(CSV_COLUMNS.map((c) => csvCell(e[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
