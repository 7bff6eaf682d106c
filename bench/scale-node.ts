// One app node of the scale bench: server/app.ts on the bench's database (DATABASE_URL) and, with more than one
// node, its Redis (REDIS_URL), silent logger, port 0. Answers "usage" (heap, CPU) over the bench's IPC channel.
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { createApp } from "../server/app.js";
import { loadConfig } from "../server/config.js";
import { openDatabase } from "../server/db/client.js";
import { failFatally, measureUsage, sendReady, serveParent } from "./ipc.js";

async function main() {
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
  const app = createApp({
    database,
    logger: pino({ level: "silent" }),
    // The bench signs in with a password alone: no second factor for its beheerder (MFA_REQUIRED_ROLES).
    config: loadConfig({
      MFA_REQUIRED_ROLES: "",
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    }),
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
  sendReady((app.httpServer.address() as AddressInfo).port, []);
}

main().catch(failFatally);
