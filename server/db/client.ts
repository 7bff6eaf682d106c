// One database type over two backends: real PostgreSQL via postgres.js, or embedded PGlite. Same schema, same queries.
import { fileURLToPath } from "node:url";
import { type ExtractTablesWithRelations, type Placeholder, type Query, type SQL, sql } from "drizzle-orm";
import { type PgDatabase, PgDialect, type PgQueryResultHKT, type PgTransaction } from "drizzle-orm/pg-core";
import type { Logger } from "pino";
import { type ListenHandlers, type Listening, listenOn } from "./listen.js";
import { claimPgliteFolder, pgliteFolder } from "./pglite-folder.js";
import { withNamedStatements } from "./pglite-prepared.js";
import * as schema from "./schema.js";

type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Runs fn while no other server process is inside its own startupLock (migrations, demo seed). */
  startupLock<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel: on PostgreSQL on a connection of its own (server/db/listen.ts); PGlite tells its listeners
   * during the statement that commits, before that statement's caller goes on.
   */
  listen(channel: string, handlers: ListenHandlers, logger: Pick<Logger, "warn" | "info">): Promise<Listening>;
  close(): Promise<void>;
}

// Arbitrary but fixed: the advisory lock key all server processes agree on for startup work.
const STARTUP_LOCK_KEY = 727_001;

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data folder; unset or "memory": in memory. */
  pgliteDir?: string;
  /** postgres.js pool size per process. */
  maxConnections?: number;
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  // Each backend's modules are loaded when it is chosen: the other's would stay in the heap unused (PGlite's module
  // and driver about 1 MiB, postgres.js and its driver about 0.5 MiB).
  if (options.databaseUrl) {
    const [{ default: postgres }, { drizzle: drizzlePostgres }, { migrate: migratePostgres }] = await Promise.all([
      import("postgres"),
      import("drizzle-orm/postgres-js"),
      import("drizzle-orm/postgres-js/migrator"),
    ]);
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      // While PostgreSQL is away a request fails within seconds (503) instead of waiting 30 s for a connection.
      connect_timeout: 5,
      onnotice: () => {},
      // Timestamps come back as ISO strings in UTC either way; let drizzle map them.
    });
    const db = drizzlePostgres(client, { schema });
    // Replicas start together: a session-level advisory lock on one reserved connection serialises their startup.
    const startupLock = async <T>(fn: () => Promise<T>): Promise<T> => {
      const reserved = await client.reserve();
      const unlock = async () => {
        const rows: { unlocked: boolean }[] =
          await reserved`SELECT pg_advisory_unlock(${STARTUP_LOCK_KEY}) AS unlocked`;
        if (!rows[0]?.unlocked) throw new Error("startup lock was no longer held when the work under it ended");
      };
      try {
        await reserved`SELECT pg_advisory_lock(${STARTUP_LOCK_KEY})`;
        const result = await fn().catch(async (err: unknown) => {
          await unlock().catch(() => {});
          throw err;
        });
        // The lock lives as long as its session. An unlock that fails (CONNECTION_CLOSED) or finds no lock means the
        // connection died while fn ran, and another process may have done the same work alongside: fail the startup
        // rather than report work done under a lock that was gone.
        await unlock();
        return result;
      } finally {
        reserved.release();
      }
    };
    await startupLock(() => migratePostgres(db, { migrationsFolder }));
    const { databaseUrl } = options;
    return {
      db: db as unknown as Db,
      kind: "postgres",
      startupLock,
      listen: (channel, handlers, logger) => listenOn(databaseUrl, channel, handlers, logger),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const folder = pgliteFolder(options.pgliteDir);
  // PGlite is single-process: a second server (or a backup) on the same folder is refused here, naming the folder.
  const release = folder ? claimPgliteFolder(folder) : () => {};
  try {
    const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
      import("@electric-sql/pglite"),
      import("drizzle-orm/pglite"),
      import("drizzle-orm/pglite/migrator"),
    ]);
    const client = folder ? new PGlite(folder) : new PGlite();
    const db = drizzlePglite({ client: withNamedStatements(client), schema });
    await migratePglite(db, { migrationsFolder });
    const close = () => client.close().finally(release);
    const listen = async (channel: string, handlers: ListenHandlers): Promise<Listening> => {
      const unlisten = await client.listen(channel, handlers.heard);
      handlers.up();
      return {
        close: async () => {
          handlers.down();
          // Closed with the database already (nothing left to hear): nothing to undo.
          await unlisten().catch(() => {});
        },
      };
    };
    // PGlite lives inside this one process: nobody else to wait for.
    return { db: db as unknown as Db, kind: "pglite", startupLock: (fn) => fn(), listen, close };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * A statement built once per database or transaction (drizzle's prepare) instead of on every call: for the queries
 * every request asks, where building the SQL costs more than running it.
 */
export function builtOnce<D extends object, T>(build: (db: D) => T): (db: D) => T {
  const built = new WeakMap<D, T>();
  return (db) => {
    let statement = built.get(db);
    if (!statement) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}

/** Rows of a raw statement, for statements run now and then. postgres.js answers with the rows, PGlite with `{ rows }`. */
export async function executeRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

// The default dialect, as drizzle() builds it: it only turns SQL into text and parameters.
const dialect = new PgDialect();

/**
 * A raw statement that requests run all the time, its text built once and prepared on each connection the first time
 * it runs there; the values go in under named placeholders (`p("id")`), given to each call. db.execute would send an
 * unnamed statement: postgres.js first asks PostgreSQL to describe it, one more round trip, and PostgreSQL parses and
 * plans it again on every call (for a provider's change about half of the database's CPU: README, bench:scale). And
 * building a long statement's text from drizzle's parts on every call costs more than a round trip's CPU on the
 * server's side (36 µs for a provider's change, docs/benchmarks.md).
 */
export function preparedStatement<T, K extends string>(name: string, build: (p: (key: K) => Placeholder<K>) => SQL) {
  let query: Query | undefined;
  return async (db: Db | Tx, values: Record<K, unknown>): Promise<T[]> => {
    query ??= dialect.sqlToQuery(build((key) => sql.placeholder(key)));
    return rowsOf<T>(await db._.session.prepareQuery(query, undefined, name, false).execute(values));
  };
}

const rowsOf = <T>(result: unknown) => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
