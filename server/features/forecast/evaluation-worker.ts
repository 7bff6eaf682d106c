// The worker thread of the daily rolling evaluation (evaluation.ts): evaluates the history it is given and posts back
// the Calibration, packed into transferable columns. The compiled build bundles this file as its own entry, beside
// main.js.
import { readlinkSync } from "node:fs";
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { type EvaluationJob, evaluateColumns, type WorkerMessage } from "./evaluation.js";
import { packCalibration, packedTransferables } from "./evaluation-result.js";

/**
 * A weak scheduling priority: the requests' thread gets about ten times the evaluation's share of a busy core. Not the
 * weakest (19, about 70 times): on a machine busy with other work that starved the evaluation for many minutes, and
 * a forecast whose accuracy is never computed is a loss too.
 */
const NICE = 10;

/**
 * The evaluation takes minutes of CPU and the server may have two cores: at the same priority it takes one of them
 * away from the requests' thread (bench:forecast saw visibility p99 2.7x the quiet one while it ran). On Linux a
 * thread is a task with its own nice value, and setpriority(PRIO_PROCESS, 0) (what os.setPriority(0, n) calls) sets
 * the calling thread's alone, so only this worker yields; the requests' thread keeps its priority. Elsewhere (macOS,
 * BSD) it would lower the whole process, so it is not called there. The thread id is read from /proc for the caller
 * to check from outside (tests/forecast/evaluation-worker.test.ts); null where there is none.
 */
function lowerPriority(): number | null {
  if (process.platform !== "linux") return null;
  try {
    os.setPriority(0, NICE);
  } catch {
    // Not allowed here (a sandbox without setpriority): the evaluation runs at the same priority, only slower for all.
  }
  try {
    return Number(readlinkSync("/proc/thread-self").split("/").at(-1));
  } catch {
    return null;
  }
}

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(message, transfer);

post({ kind: "started", tid: lowerPriority() });
const packed = packCalibration(evaluateColumns(workerData as EvaluationJob));
post({ kind: "done", calibration: packed }, packedTransferables(packed));
