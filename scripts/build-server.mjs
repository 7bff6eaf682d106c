// Builds the server into dist/server: one ESM bundle per entry point (main.js, and each worker a thread loads by its
// URL beside main.js) with the chunks they share and those loaded by import(), source maps, most dependencies left in
// node_modules (scripts/server-bundle.mjs); and the SQL migrations the database client reads from ./migrations next to
// the bundle. `npm start` runs dist/server/main.js (no TypeScript at run time).
import { cpSync, existsSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { SERVER_BUNDLE } from "./server-bundle.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = `${root}dist/server`;

// A worker is started with new URL("./<name>.js", import.meta.url) from the bundle: its entry must sit beside main.js.
const entryPoints = ["server/main.ts", "server/features/forecast/evaluation-worker.ts"].filter((entry) =>
  existsSync(`${root}${entry}`),
);

// Built beside and swapped in at the end: a server already running from dist/server (a bench, another shell) still
// finds its worker file while this builds.
const next = `${out}.next-${process.pid}`;
const previous = `${out}.previous-${process.pid}`;
const started = performance.now();
await build({
  absWorkingDir: root,
  entryPoints,
  outdir: next,
  entryNames: "[name]",
  ...SERVER_BUNDLE,
});
// server/db/client.ts reads new URL("./migrations", import.meta.url): from the bundle that is dist/server/migrations.
cpSync(`${root}server/db/migrations`, `${next}/migrations`, { recursive: true });
if (existsSync(out)) renameSync(out, previous);
renameSync(next, out);
rmSync(previous, { recursive: true, force: true });
console.log(`dist/server: ${entryPoints.join(", ")} in ${Math.round(performance.now() - started)} ms`);
