// A fresh, migrated database per test file: in-memory PGlite, or a new database on the real PostgreSQL.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type Database, openDatabase } from "../../server/db/client.js";
import { TEST_POSTGRES_URL } from "./services.js";

export type Backend = "pglite" | "postgres";
export const BACKENDS: Backend[] = ["pglite", "postgres"];

export interface TestDatabase extends Database {
  /** Connection string for other processes (postgres only). */
  url?: string;
}

export function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  return backend === "pglite" ? openDatabase({}) : createScratchDatabase(TEST_POSTGRES_URL, "tw_test");
}

/** A new, migrated database on the PostgreSQL server behind adminUrl, dropped again on close (tests, benchmarks). */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
