// Coded columns hold the domain's codes only: the database itself refuses a care type, gemeente or status that is
// not on its list, whichever code path or hand-written statement writes it, on PGlite and on PostgreSQL alike. And
// the migrated database allows exactly what schema.ts (built from shared/domain.ts) says: a code added to a list
// without a migration fails here.
import { is, sql } from "drizzle-orm";
import { getTableConfig, PgDialect, PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRows } from "../../server/db/client.js";
import * as schema from "../../server/db/schema.js";
import { BACKENDS, createTestDatabase, type TestDatabase } from "../support/database.js";

const quoted = (text: string) => [...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] ?? "").replaceAll("''", "'"));

/** Every check of schema.ts on a coded column, with the codes it allows. */
function declaredCodeChecks(): Map<string, string[]> {
  const dialect = new PgDialect();
  const checks = new Map<string, string[]>();
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    for (const check of getTableConfig(value).checks) {
      if (!/_codes?$/.test(check.name)) continue;
      checks.set(check.name, quoted(dialect.sqlToQuery(check.value).sql).sort());
    }
  }
  return checks;
}

describe.each(BACKENDS)("coded columns on %s", (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => database?.close());

  const violation = async (statement: ReturnType<typeof sql>) => {
    try {
      await database.db.execute(statement);
    } catch (err) {
      for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
        const { code, constraint_name, constraint } = e as Record<string, unknown>;
        if (code === "23514") return String(constraint_name ?? constraint ?? (e as Error).message);
      }
      throw err;
    }
    return undefined;
  };

  it("when a statement writes a code that is not on the domain's list, then the database refuses it", async () => {
    await database.db.execute(
      sql`INSERT INTO providers (name, agb_code, kind) VALUES ('Codes bv', '73000001', 'aanbieder')`,
    );
    const location = (careType: string, municipality: string, contraIndications: string) => sql`
      INSERT INTO locations (provider_id, code, name, care_type, municipality, postcode, lat, lon, age_min, age_max,
        capacity, contra_indications)
      SELECT id, 'C-1', 'Codes', ${careType}, ${municipality}, '7511', 52.2, 6.9, 12, 18, 4, ${contraIndications}::text[]
      FROM providers WHERE name = 'Codes bv'`;

    expect(await violation(location("gezinshuis", "Enschede", "{agressie}"))).toBeUndefined();
    expect(await violation(location("jeugdhuis", "Enschede", "{}"))).toMatch(/locations_care_type_code/);
    expect(await violation(location("gezinshuis", "Zwolle", "{}"))).toMatch(/locations_municipality_code/);
    expect(await violation(location("gezinshuis", "Enschede", "{agressie,boos}"))).toMatch(
      /locations_contra_indications_codes/,
    );
    expect(await violation(sql`UPDATE providers SET kind = 'stichting'`)).toMatch(/providers_kind_code/);

    const counted = await executeRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM locations`);
    expect(counted.map((r) => r.n)).toEqual([1]);
  });

  it("when the database is migrated, then each coded column allows exactly the codes schema.ts declares", async () => {
    const declared = declaredCodeChecks();
    expect(declared.size).toBeGreaterThanOrEqual(25);
    const found = await executeRows<{ name: string; definition: string }>(
      database.db,
      sql`SELECT conname AS name, pg_get_constraintdef(oid) AS definition
          FROM pg_constraint WHERE contype = 'c' AND conname ~ '_codes?$'`,
    );
    const migrated = new Map(found.map((r) => [r.name, quoted(r.definition).sort()]));
    expect([...migrated.keys()].sort()).toEqual([...declared.keys()].sort());
    for (const [name, codes] of declared) expect({ name, codes: migrated.get(name) }).toEqual({ name, codes });
  });
});
