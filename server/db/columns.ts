// Column building blocks shared by the schema's files.
import { type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, check, timestamp } from "drizzle-orm/pg-core";

/**
 * Coded columns hold codes of the domain's own lists (shared/domain.ts), never free text: the database refuses
 * anything else, whichever code path or hand-written statement writes. A new code needs a migration.
 */
const codes = (values: readonly string[]): SQL =>
  sql.raw(`ARRAY[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ")}]::text[]`);
/** The column is one of the codes (or null, where the column allows it). */
export const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} = ANY (${codes(values)})`);
/** Every element of the array column is one of the codes. */
export const allOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} <@ ${codes(values)}`);

export const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
};
