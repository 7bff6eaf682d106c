// Reads config, opens the database, seeds the demo region when empty, listens, and shuts down on signals.
import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { IN_MEMORY, PgliteFolderInUse, pgliteFolder } from "./db/pglite-folder.js";
import { createSealer, resealAll } from "./db/sealed.js";
import { seedDemoAccounts } from "./db/seed/accounts.js";
import { isEmpty, seedDemo } from "./db/seed/seed.js";
import { seedDemoWorklist } from "./db/seed/worklist.js";
import { createLogger } from "./logger.js";

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
// A background promise that fails (a push after the database went away, say) is a bug to log, not a reason to cut
// every board connected to this process.
process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection"));

const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR }).catch(
  (err: unknown) => {
    if (!(err instanceof PgliteFolderInUse)) throw err;
    // Another process has the embedded database's folder: say which, and stop before touching its files.
    logger.fatal(err.message);
    console.error(err.message);
    process.exit(1);
  },
);
const folder = database.kind === "pglite" ? (pgliteFolder(config.PGLITE_DIR) ?? IN_MEMORY) : undefined;
logger.info({ database: database.kind, ...(folder && { folder }) }, "database ready");
if (config.DEMO_SEED === "auto") {
  await database.startupLock(async () => {
    if (!(await isEmpty(database.db))) return;
    logger.info(await seedDemo(database.db), "demo region seeded");
    const accounts = await seedDemoAccounts(database.db, config.DEMO_PASSWORD, {
      totpRoles: config.MFA_REQUIRED_ROLES,
    });
    logger.info({ accounts: accounts.map((a) => a.email) }, "demo accounts created (password: DEMO_PASSWORD)");
    logger.info(await seedDemoWorklist(database.db, config, { logger }), "demo worklist for today seeded");
  });
}

// Secrets stored before SECRET_KEYS was set, or sealed with a key that is no longer the first, are sealed with it now;
// one sealed with a key that is not given stops the start here (SealedValueError names the key, never a value).
const secrets = createSealer(config.SECRET_KEYS);
const resealed = await resealAll(database.db, secrets);
if (resealed > 0) logger.info({ resealed }, "stored secrets sealed with the first of SECRET_KEYS");
if (!secrets.sealing) logger.info("SECRET_KEYS is not set: TOTP and webhook secrets are stored unsealed");

const app = createApp({ database, config, logger });
app.httpServer.listen(config.PORT, config.HOST, () => {
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}`;
  logger.info({ url, port }, "listening");
  if (process.stdout.isTTY || config.LOG_LEVEL !== "silent") console.log(`Beschikbaarheidswijzer Twente: ${url}`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  await database.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
