// The rolling evaluation on the live history (#23): run once a day after the model's refit, in a worker thread so the
// requests' event loop never waits for it (at 10,000 locations it takes minutes of CPU); its Calibration (weights,
// bands, accuracy of the last six months) is kept in memory until the next.

import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { type Calibration, RollingEvaluation } from "../../../shared/rules/forecast-evaluation.js";
import { indexHistory, WEEK_MS } from "../../../shared/rules/forecast-history.js";
import { type PackedCalibration, unpackCalibration } from "./evaluation-result.js";
import { decodeHistory, type HistoryColumns, municipalitiesOf, transferables } from "./history-columns.js";

/** How far back the origins go: a year of errors for the weights and bands, and half a year before that to learn. */
const EVALUATION_WEEKS = 78;
/** Above this many locations the model is refitted every 13 weeks instead of 4: a refit costs a second or more. */
const LARGE_REGION = 2000;
/** How often a running evaluation checks whether it is still wanted (a new day, the server closing). */
const STOP_CHECK_MS = 1000;

/** What the worker is given: the history as transferable columns and the moment the evaluation is as of. */
export interface EvaluationJob {
  columns: HistoryColumns;
  now: number;
}

/** What the worker posts: its thread id once its priority is lowered (null off Linux), then the packed result. */
export type WorkerMessage = { kind: "started"; tid: number | null } | { kind: "done"; calibration: PackedCalibration };

export interface EvaluationControl {
  /** Checked every second from the next one on: true ends the worker and the evaluation gives undefined. */
  stopped?: () => boolean;
  /** The worker's thread id (for /proc/self/task/<tid>), as soon as it has lowered its priority. */
  started?: (tid: number | null) => void;
  /** Awaited between slices of rebuilding the result on this thread (the requests' turn). */
  pause?: () => Promise<unknown>;
}

/** The evaluation itself, in one go: what the worker thread runs (and a test may run in its own thread). */
export function evaluateColumns({ columns, now }: EvaluationJob): Calibration {
  const asOf = now;
  const firstEvent = columns.events.at[0] ?? asOf;
  const last = asOf - WEEK_MS;
  const first = Math.min(last, Math.max(firstEvent + 4 * WEEK_MS, asOf - EVALUATION_WEEKS * WEEK_MS));
  // The index is built from the columns event by event; the columns are then all the worker keeps besides it.
  const evaluation = new RollingEvaluation(indexHistory(decodeHistory(columns)), municipalitiesOf(columns), {
    first,
    last,
    asOf,
    refitWeeks: columns.locations.id.length > LARGE_REGION ? 13 : 4,
    accuracyWeeks: 26,
  });
  return evaluation.run().calibration();
}

/** tsx's ESM API (its CommonJS build cannot find its own ESM half), resolved from here rather than the cwd. */
function tsxApiUrl(): string {
  if (typeof import.meta.resolve === "function") return import.meta.resolve("tsx/esm/api");
  // Where import.meta.resolve is missing (vitest's module runner), the require entry's ESM twin beside it.
  return pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
}

// From the compiled bundle the worker is evaluation-worker.js beside main.js. Under tsx (dev, tests, benches) it is the
// TypeScript file, loaded through tsx's API: Node 20 does not apply the parent's loader hooks, nor `--import tsx` in
// a worker's execArgv, to a worker's entry module.
function startWorker(options: WorkerOptions): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./evaluation-worker.js", import.meta.url), options);
  const entry = new URL("./evaluation-worker.ts", import.meta.url).href;
  const tsx = tsxApiUrl();
  const load = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { ...options, eval: true });
}

/**
 * Runs the evaluation of the encoded history (encodeHistory) in a worker thread at the lowest priority
 * (evaluation-worker.ts); the columns' buffers move there, so this thread holds no copy, and the result comes back as
 * transferred columns rebuilt here in slices. Undefined when `stopped` turns true before it is done (the caller may
 * still be installing the state the evaluation is for, so it is first checked a second in); the worker is ended then.
 */
export async function evaluateLive(
  columns: HistoryColumns,
  now: Date,
  { stopped = () => false, started, pause }: EvaluationControl = {},
): Promise<Calibration | undefined> {
  const job: EvaluationJob = { columns, now: now.getTime() };
  const worker = startWorker({ workerData: job, transferList: transferables(columns) });
  const packed = await new Promise<PackedCalibration | undefined>((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(check);
      finish();
      void worker.terminate();
    };
    const check = setInterval(() => {
      if (stopped()) settle(() => resolve(undefined));
    }, STOP_CHECK_MS);
    worker.on("message", (message: WorkerMessage) => {
      if (message.kind === "started") started?.(message.tid);
      else settle(() => resolve(message.calibration));
    });
    worker.once("error", (err) => settle(() => reject(err)));
    worker.once("exit", (code) => settle(() => reject(new Error(`evaluation worker exited with code ${code}`))));
  });
  return packed && unpackCalibration(packed, pause);
}
