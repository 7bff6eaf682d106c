// A scratch database for a bench on a real PostgreSQL server: created and migrated, dropped again by drop() (the
// benches call it on exit and on Ctrl-C).
import postgres from "postgres";
import { type Database, openDatabase } from "../server/db/client.js";

export interface Scratch {
  database: Database;
  url: URL;
  /** PostgreSQL's server_version, for the setup table. */
  version: string;
  drop(): Promise<void>;
}

export async function openScratch(
  adminUrl: string,
  name: string,
  maxConnections: number,
  progress: (message: string) => void,
): Promise<Scratch> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  let database: Database | undefined;
  const drop = async () => {
    await database?.close().catch(() => {});
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end({ timeout: 5 });
  };
  try {
    const [row] = await admin<{ version: string }[]>`SELECT current_setting('server_version') AS version`;
    progress(`creating ${name} on ${new URL(adminUrl).host}`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString(), maxConnections });
    return { database, url, version: row?.version ?? "?", drop };
  } catch (err) {
    await drop();
    throw err;
  }
}
