// The real app in its own process for the live bench: fresh database (in-memory PGlite, or a throwaway database on
// PostgreSQL when BENCH_DATABASE_URL is set), a realistic set of locations, createApp with a silent logger, port 0.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { createApp } from "../server/app.js";
import { loadConfig } from "../server/config.js";
import { type Database, type Db, openDatabase } from "../server/db/client.js";
import { users } from "../server/db/schema.js";
import { hashPassword } from "../server/features/auth/passwords.js";
import { createScratchDatabase } from "../tests/support/database.js";
import { signIn } from "./api.js";
import { failFatally, measureUsage, sendReady, serveParent } from "./ipc.js";
import { seedLocations } from "./region.js";

/** A fresh database: in-memory PGlite, or a new database on the PostgreSQL server, dropped again on close. */
function openFresh(adminUrl: string | undefined): Promise<Database> {
  return adminUrl ? createScratchDatabase(adminUrl, "tw_bench") : openDatabase({});
}

/** The writer and the clients act as one signed-in beheerder: cookie for both, CSRF token for the writes. */
async function signInAsBeheerder(db: Db, port: number): Promise<Record<string, string>> {
  const password = randomBytes(16).toString("hex");
  const email = "bench@bench.twente.nl";
  await db
    .insert(users)
    .values({ email, name: "Bench", role: "beheerder", passwordHash: await hashPassword(password) });
  return signIn(`http://127.0.0.1:${port}`, email, password);
}

async function main() {
  const database = await openFresh(process.env.BENCH_DATABASE_URL || undefined);
  const locationIds = (await seedLocations(database.db, Number(process.env.BENCH_LOCATIONS ?? 300))).map((l) => l.id);
  const app = createApp({
    database,
    logger: pino({ level: "silent" }),
    // The bench signs in with a password alone: no second factor for its beheerder (MFA_REQUIRED_ROLES).
    config: loadConfig({ MFA_REQUIRED_ROLES: "" }),
    clientDir: "/nonexistent",
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
  serveParent({
    usage: ({ gc }) => measureUsage(gc),
    stop: async () => {
      await app.close();
      await database.close();
      setTimeout(() => process.exit(0), 100);
    },
  });
  const port = (app.httpServer.address() as AddressInfo).port;
  sendReady(port, locationIds, await signInAsBeheerder(database.db, port));
}

main().catch(failFatally);
