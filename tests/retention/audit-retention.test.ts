// The audit log is kept AUDIT_RETENTION_YEARS: the daily job deletes older entries and keeps younger ones, and the
// append-only rule still refuses every other delete or update, also in a transaction that sets the job's settings.
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client.js";
import { auditLog } from "../../server/db/schema.js";
import { type RetentionSettings, runRetention } from "../../server/features/retention/service.js";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../support/database.js";

const settings: RetentionSettings = {
  retentionMonths: 12,
  auditRetentionYears: 5,
  messageRetentionDays: 90,
  checkEverySeconds: 3600,
};

/** The message of the database's refusal, wherever the driver put it. */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
      if (/append-only/.test(String((e as Error).message))) return "append-only";
    }
    throw err;
  }
  return "allowed";
}

describe.each(BACKENDS)("audit retention on %s", (backend) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = database.db;
  });
  afterAll(async () => database?.close());

  /** An entry made `years` years ago (inserting is what the log allows). */
  const entryAged = async (years: number, onBehalfOf: string | null = null) => {
    const [row] = await db
      .insert(auditLog)
      .values({
        at: sql`now() - make_interval(years => ${years}::int) - interval '1 day'`,
        actor: "user:1",
        action: "verzoek.gelezen",
        outcome: "succes",
        onBehalfOf,
        objectType: "plaatsingsverzoek",
        objectId: "1",
        detail: onBehalfOf ? `dossier ${onBehalfOf}` : null,
      })
      .returning({ id: auditLog.id });
    return row!.id;
  };
  const exists = async (id: number) => (await db.select().from(auditLog).where(eq(auditLog.id, id))).length === 1;

  it("when entries are older than AUDIT_RETENTION_YEARS, then the job deletes them and keeps the younger ones", async () => {
    const old = [await entryAged(6), await entryAged(5)];
    const young = [await entryAged(4), await entryAged(0)];

    const outcome = await runRetention(db, settings);

    expect(outcome).toMatchObject({ ran: true, counts: { auditEntriesDeleted: 2 } });
    expect(await db.select().from(auditLog).where(inArray(auditLog.id, old))).toEqual([]);
    expect(await Promise.all(young.map(exists))).toEqual([true, true]);
  });

  it("when anything else deletes or changes an entry, then the database refuses, even under the job's settings", async () => {
    const old = await entryAged(6);
    const young = await entryAged(1, "ZAAK-123");
    const inTransaction = (setting: string, value: string, statement: ReturnType<typeof sql>) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config(${setting}, ${value}, true)`);
        await tx.execute(statement);
      });
    const fiveYearsAgo = sql`(now() - interval '5 years')::text`;

    // Plain statements, as any code path could write them.
    expect(await refusal(db.execute(sql`delete from audit_log where id = ${old}`))).toBe("append-only");
    expect(await refusal(db.execute(sql`update audit_log set action = 'x' where id = ${young}`))).toBe("append-only");
    // The delete bound must lie a year back at least, and then still only older rows go.
    expect(
      await refusal(
        db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('wijzer.audit_delete_before', now()::text, true)`);
          await tx.execute(sql`delete from audit_log where id = ${young}`);
        }),
      ),
    ).toBe("append-only");
    expect(
      await refusal(
        db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('wijzer.audit_delete_before', ${fiveYearsAgo}, true)`);
          await tx.execute(sql`delete from audit_log where id = ${young}`);
        }),
      ),
    ).toBe("append-only");
    // Under the pseudonymise setting only the case number may give way to a placeholder, nothing else.
    const pseudonymise = (statement: ReturnType<typeof sql>) =>
      refusal(inTransaction("wijzer.audit_pseudonymise", "on", statement));
    expect(await pseudonymise(sql`update audit_log set action = 'x' where id = ${young}`)).toBe("append-only");
    expect(await pseudonymise(sql`update audit_log set on_behalf_of = 'iemand' where id = ${young}`)).toBe(
      "append-only",
    );
    expect(
      await pseudonymise(
        sql`update audit_log set on_behalf_of = 'gepseudonimiseerd-1', detail = 'anders' where id = ${young}`,
      ),
    ).toBe("append-only");
    expect(
      await pseudonymise(
        sql`update audit_log set on_behalf_of = 'gepseudonimiseerd-1', actor = 'user:2' where id = ${young}`,
      ),
    ).toBe("append-only");
    expect(await exists(old)).toBe(true);
    const [kept] = await db.select().from(auditLog).where(eq(auditLog.id, young));
    expect(kept).toMatchObject({ onBehalfOf: "ZAAK-123", detail: "dossier ZAAK-123", action: "verzoek.gelezen" });

    // What the job itself does still passes: the placeholder, everywhere the number stood.
    await inTransaction(
      "wijzer.audit_pseudonymise",
      "on",
      sql`update audit_log set on_behalf_of = 'gepseudonimiseerd-1',
        detail = audit_blank_case_number(detail, on_behalf_of, 'gepseudonimiseerd-1') where id = ${young}`,
    );
    const [blanked] = await db.select().from(auditLog).where(eq(auditLog.id, young));
    expect(blanked).toMatchObject({ onBehalfOf: "gepseudonimiseerd-1", detail: "dossier gepseudonimiseerd-1" });
  });
});
