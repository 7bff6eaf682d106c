// The committed migrations build the same schema on PGlite and on PostgreSQL, and applying them twice is harmless.
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { executeRows, openDatabase } from "../../server/db/client.js";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../support/database.js";

const rows = executeRows;

describe.each(BACKENDS)("migrations on %s", (backend) => {
  let database: TestDatabase;
  afterAll(async () => database?.close());

  it("when applied to an empty database, then every table and the counter row exist", async () => {
    database = await createTestDatabase(backend);
    const tables = await rows<{ table_name: string }>(
      database.db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    const names = tables.map((r) => r.table_name);
    expect(names).toEqual([
      "ambulant_alternatives",
      "api_tokens",
      "audit_log",
      "capacity_events",
      "event_sequence",
      "freshness_links",
      "idempotency_keys",
      "job_runs",
      "locations",
      "login_challenges",
      "mail_outbox",
      "notification_preferences",
      "notifications",
      "password_resets",
      "placement_requests",
      "planned_admissions",
      "planned_departures",
      "planning_events",
      "providers",
      "recovery_codes",
      "request_transitions",
      "request_watches",
      "reservations",
      "scheduled_jobs",
      "sessions",
      "users",
      "webhook_attempts",
      "webhook_deliveries",
      "webhook_endpoints",
    ]);
    const counter = await rows<{ last_seq: string | number }>(database.db, sql`SELECT last_seq FROM event_sequence`);
    expect(counter.map((r) => Number(r.last_seq))).toEqual([0]);
  });
});

describe("migrations on a PostgreSQL shared by several processes", () => {
  it("when a second process opens the same database, then migrating again is a no-op", async () => {
    const database = await createTestDatabase("postgres");
    const again = await openDatabase({ databaseUrl: database.url });
    const counter = await rows<{ n: string }>(again.db, sql`SELECT count(*) AS n FROM event_sequence`);
    await again.close();
    await database.close();
    expect(counter.map((r) => Number(r.n))).toEqual([1]);
  });
});
