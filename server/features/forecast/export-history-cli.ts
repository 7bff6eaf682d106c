// npm run forecast:export-history [-- --out FILE]: the current database's forecast history (locations, capacity
// events, planning events, gemeenten) as the JSON file `npm run forecast:backtest -- --history FILE` reads, so a
// region can backtest the forecast on its own past. The database is DATABASE_URL's, otherwise PGlite in PGLITE_DIR.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { loadConfig } from "../../config.js";
import { openDatabase } from "../../db/client.js";
import { exportHistory } from "./history-export.js";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: "string", default: "forecast-history.json" } } });
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  try {
    const text = await exportHistory(database.db);
    await writeFile(values.out, text);
    const { locations, events, planning } = JSON.parse(text) as Record<string, unknown[]>;
    console.log(
      `Historie geschreven naar ${values.out}: ${locations?.length} locaties, ${events?.length} capaciteitsgebeurtenissen, ` +
        `${planning?.length} planningsgebeurtenissen (${database.kind}).`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
