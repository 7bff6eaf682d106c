// The writer of the live bench: a fixed-rate schedule (update k is due at start + k / rate), each update sent without
// waiting for the previous one, spread round-robin over the locations, alternating bezet / vrijgekomen per location
// so no version bookkeeping is needed and counts stay within bounds.
import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Change } from "./ipc.js";

/** Sends one update; resolves when the server acknowledged it, rejects with the reason otherwise. */
export type SendUpdate = (locationId: number, change: Change) => Promise<void>;

export interface WriteResult {
  scheduled: number;
  acknowledged: number;
  failed: number;
  /** Why updates failed, with counts ("HTTP 500", "TimeoutError", ...). */
  failures: Map<string, number>;
  /** Not sent because too many earlier ones were still in flight (the server fell behind). */
  skipped: number;
  /** From the first due time to the last acknowledgement, in ms. */
  elapsedMs: number;
  /** How late the schedule ran at worst, in ms. */
  maxLagMs: number;
  /** Send-to-acknowledgement time of each acknowledged update, in ms. */
  ackMs: Float64Array;
}

export interface Writer {
  /** Writes at `rate` per second for `seconds`, or until `stop` is aborted (then `scheduled` is what was due). */
  run(rate: number, seconds: number, stop?: AbortSignal): Promise<WriteResult>;
}

/**
 * next: each location's next change; pass one map to the writers of several runs on the same database, so a run does
 * not take a place its predecessor already took (which the server refuses with 409 once a location is full).
 */
export function createWriter(
  locationIds: number[],
  send: SendUpdate,
  maxInFlight = 200,
  next = new Map<number, Change>(),
): Writer {
  if (locationIds.length === 0) throw new Error("the writer needs at least one location");
  let cursor = 0;

  return {
    async run(rate, seconds, stop) {
      let total = Math.max(1, Math.round(rate * seconds));
      const intervalMs = 1000 / rate;
      const start = performance.now();
      const inFlight = new Set<Promise<void>>();
      const result: WriteResult = {
        scheduled: total,
        acknowledged: 0,
        failed: 0,
        failures: new Map(),
        skipped: 0,
        elapsedMs: 0,
        maxLagMs: 0,
        ackMs: new Float64Array(total),
      };
      let lastAck = start;

      for (let k = 0; k < total; k++) {
        const due = start + k * intervalMs;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal: stop }).catch(() => {});
        if (stop?.aborted) {
          total = k;
          result.scheduled = k;
          break;
        }
        result.maxLagMs = Math.max(result.maxLagMs, performance.now() - due);
        if (inFlight.size >= maxInFlight) {
          result.skipped += 1;
          continue;
        }
        const locationId = locationIds[cursor++ % locationIds.length] as number;
        const change = next.get(locationId) ?? "bezet";
        next.set(locationId, change === "bezet" ? "vrijgekomen" : "bezet");
        const sent = performance.now();
        const request = send(locationId, change).then(
          () => {
            lastAck = performance.now();
            result.ackMs[result.acknowledged++] = lastAck - sent;
            inFlight.delete(request);
          },
          (err: unknown) => {
            const reason = err instanceof Error ? (err.name === "Error" ? err.message : err.name) : String(err);
            result.failed += 1;
            result.failures.set(reason, (result.failures.get(reason) ?? 0) + 1);
            inFlight.delete(request);
          },
        );
        inFlight.add(request);
      }
      await Promise.all(inFlight);
      result.elapsedMs = Math.max(lastAck, start + total * intervalMs) - start;
      result.ackMs = result.ackMs.slice(0, result.acknowledged);
      return result;
    },
  };
}

/**
 * An update through the real API: POST /api/locations/:id/occupancy. node:http on kept-alive connections, not fetch:
 * the writer shares the machine with what it measures, and at 100/s the bench process took a fifth of a core with
 * fetch, half that with node:http. Idle sockets are closed after 4 s, before node's server closes them after 5 s
 * (keepAliveTimeout): a request sent on a socket the server was closing that moment failed with ECONNRESET, a few per
 * run, some of them applied. No retry: a request that fails anyway is counted as failed, since whether it was
 * applied cannot be told here.
 */
export function httpSender(
  baseUrl: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
  /** Headers of one request (the sequence the bench gives bare socket.io's events on several processes). */
  perRequest: () => Record<string, string> = () => ({}),
): SendUpdate {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });
  return (locationId, change) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ change, places: 1 });
      const req = request(
        new URL(`/api/locations/${locationId}/occupancy`, baseUrl),
        {
          method: "POST",
          agent,
          timeout: timeoutMs,
          headers: {
            ...headers,
            ...perRequest(),
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            text += chunk;
          });
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`HTTP ${status} ${text.slice(0, 80)}`));
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { name: "TimeoutError" })));
      req.on("error", reject);
      req.end(body);
    });
}

/** Several runs of a writer as one. */
export function mergeWrites(writes: WriteResult[]): WriteResult {
  const failures = new Map<string, number>();
  for (const w of writes) for (const [reason, n] of w.failures) failures.set(reason, (failures.get(reason) ?? 0) + n);
  const sum = (f: (w: WriteResult) => number) => writes.reduce((n, w) => n + f(w), 0);
  return {
    scheduled: sum((w) => w.scheduled),
    acknowledged: sum((w) => w.acknowledged),
    failed: sum((w) => w.failed),
    failures,
    skipped: sum((w) => w.skipped),
    elapsedMs: sum((w) => w.elapsedMs),
    maxLagMs: Math.max(0, ...writes.map((w) => w.maxLagMs)),
    ackMs: Float64Array.from(writes.flatMap((w) => [...w.ackMs])),
  };
}
