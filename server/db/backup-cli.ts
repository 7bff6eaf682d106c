// `npm run db:backup -- <file>` and `npm run db:restore -- <file> [--force]`, for the backend the environment names.
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { BackupRefused, describeFacts } from "./backup.js";
import { backupPglite, restorePglite } from "./backup-pglite.js";
import { backupPostgres, describePostgres, restorePostgres } from "./backup-postgres.js";
import { PgliteFolderInUse, pgliteFolder } from "./pglite-folder.js";

const USAGE = [
  "Gebruik:",
  "  npm run db:backup -- <bestand>             de hele database naar <bestand>",
  "  npm run db:restore -- <bestand> [--force]  <bestand> terugzetten; --force vervangt een database met gegevens",
  "De database is die van DATABASE_URL (PostgreSQL, met pg_dump/pg_restore), anders PGlite in PGLITE_DIR.",
].join("\n");

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  const [command, file, ...rest] = positionals;
  if (values.help || (command !== "backup" && command !== "restore") || !file || rest.length > 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();

  if (config.DATABASE_URL) {
    const where = describePostgres(config.DATABASE_URL);
    if (command === "backup") {
      const report = await backupPostgres(config.DATABASE_URL, file);
      console.log(`Backup van ${where} (${report.tool}) geschreven naar ${file} (${kib(report.bytes)}).`);
      console.log(`Inhoud: ${describeFacts(report.facts)}.`);
    } else {
      const report = await restorePostgres(config.DATABASE_URL, file, { force: values.force });
      console.log(`${file} teruggezet in ${where}.`);
      console.log(`Was: ${describeFacts(report.before)}.`);
      console.log(`Nu:  ${describeFacts(report.after)}.`);
      console.log("Herstart de server(s), zodat ze de teruggezette gegevens lezen.");
    }
    return 0;
  }

  const folder = pgliteFolder(config.PGLITE_DIR);
  if (!folder) {
    console.error(
      "PGLITE_DIR=memory: deze database leeft alleen in het geheugen van de server; er is niets op schijf.",
    );
    return 1;
  }
  if (command === "backup") {
    const report = await backupPglite(folder, file);
    console.log(`Backup van de PGlite-map ${folder} geschreven naar ${file} (${kib(report.bytes)}).`);
    console.log(`Inhoud: ${describeFacts(report.facts)}.`);
  } else {
    const report = await restorePglite(folder, file, { force: values.force });
    console.log(`${file} teruggezet in de PGlite-map ${folder}.`);
    if (report.before) console.log(`Was: ${describeFacts(report.before)}.`);
    if (report.previousMovedTo) console.log(`De vorige database staat nu in ${report.previousMovedTo}.`);
    console.log(`Nu:  ${describeFacts(report.after)}.`);
  }
  return 0;
}

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KiB`;

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // A refusal is an answer, not a crash: its message alone. Anything else with its stack, to find the cause.
    const known = err instanceof BackupRefused || err instanceof PgliteFolderInUse;
    console.error(known ? (err as Error).message : err);
    process.exit(1);
  },
);
