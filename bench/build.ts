// The live and scale benches' server processes (the app and bare socket.io) run compiled, as `npm start` runs the
// server (scripts/build-server.mjs): each child script is bundled once per bench run with esbuild into a folder of
// this process under dist/bench, bundled as the server is (scripts/server-bundle.mjs), the forecast's worker and the
// SQL migrations beside it. Without TypeScript at run time the app neither pays tsx's loader nor keeps its
// transformed sources in the heap, and app and bare are measured alike. BENCH_RUN=tsx runs the sources instead.
import { cpSync, existsSync, rmSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { SERVER_BUNDLE } from "../scripts/server-bundle.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = `${root}dist/bench/${process.pid}`;
/** The forecast service starts this worker by its URL beside the bundle (server/features/forecast/evaluation.ts). */
const WORKER = "server/features/forecast/evaluation-worker.ts";
const built = new Map<string, string>();

export const runsCompiled = () => process.env.BENCH_RUN !== "tsx";

/** The compiled file of a bench child script (a .ts path), built on first use; removed when this process exits. */
export function compiled(script: string): string {
  const done = built.get(script);
  if (done) return done;
  if (built.size === 0) {
    cpSync(`${root}server/db/migrations`, `${out}/migrations`, { recursive: true });
    process.once("exit", () => rmSync(out, { recursive: true, force: true }));
  }
  buildSync({
    absWorkingDir: root,
    entryPoints: [script, ...(existsSync(`${root}${WORKER}`) ? [`${root}${WORKER}`] : [])],
    outdir: out,
    entryNames: "[name]",
    ...SERVER_BUNDLE,
  });
  const file = `${out}/${basename(script).replace(/\.ts$/, ".js")}`;
  built.set(script, file);
  return file;
}
