// The worker thread of the daily rolling evaluation (evaluation.ts): evaluates the history it is given and posts back
// the Calibration (plain data). The compiled build bundles this file as its own entry, beside main.js.
import { parentPort, workerData } from "node:worker_threads";
import { type EvaluationJob, evaluateColumns } from "./evaluation.js";

parentPort?.postMessage(evaluateColumns(workerData as EvaluationJob));
