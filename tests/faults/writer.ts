// The writer of the convergence test: planning systems of several providers, one keep-alive connection each, sending
// "bezet" / "vrijgekomen" (+1 / -1 occupied) for their own locations. Every update has its own Idempotency-Key and
// is retried with that key after a network error, a 5xx or "still in progress", until a final answer or a deadline;
// through the load balancer, so a retry after a node died lands on a live one.
import http from "node:http";

export type Change = "bezet" | "vrijgekomen";

export type Outcome =
  /** 200, first answer. */
  | "applied"
  /** 200 with Idempotent-Replayed: the stored answer of an earlier attempt. */
  | "replayed"
  /** 409 "al verwerkt": an earlier attempt committed, its answer was lost. */
  | "already-processed"
  /** A final 4xx: the server says it did not apply it. */
  | "rejected"
  /** No final answer before the deadline. */
  | "unresolved";

export interface WriteRecord {
  key: string;
  worker: number;
  locationId: number;
  delta: 1 | -1;
  outcome: Outcome;
  status: number;
  detail: string;
  attempts: number;
  /** From the first attempt to the final outcome. */
  ms: number;
}

export interface WorkerSpec {
  /** Bearer token of the provider whose locations this worker changes. */
  token: string;
  locationIds: number[];
}

export interface WriterOptions {
  url: string;
  workers: WorkerSpec[];
  total: number;
  /** Unique per run, so keys never collide with another run's. No ':' (the log stores owner:key). */
  runId: string;
  /** Called after each update got its final outcome. */
  onProgress?(done: number): void;
  /** How long one update is retried before it counts as unresolved; well past the server's 30 s claim lease. */
  retryForMs?: number;
  requestTimeoutMs?: number;
}

export interface WriterResult {
  records: WriteRecord[];
  /** Every answer and network error seen, final or retried, by kind ("200", "503", "409 in progress", "ECONNRESET"). */
  answers: Map<string, number>;
  elapsedMs: number;
}

const APPLIED: Outcome[] = ["applied", "replayed", "already-processed"];
export const wasAcknowledged = (r: WriteRecord) => APPLIED.includes(r.outcome);

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function post(agent: http.Agent, url: URL, body: string, headers: Record<string, string>, timeoutMs: number) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("request timeout"), { code: "TIMEOUT" })));
    req.on("error", reject);
    req.end(body);
  });
}

const detailOf = (body: string) => {
  try {
    return String((JSON.parse(body) as { detail?: unknown }).detail ?? body);
  } catch {
    return body.slice(0, 200);
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runWriter(options: WriterOptions): Promise<WriterResult> {
  const retryForMs = options.retryForMs ?? 90_000;
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.workers.length });
  const answers = new Map<string, number>();
  const count = (kind: string) => answers.set(kind, (answers.get(kind) ?? 0) + 1);
  const records: WriteRecord[] = [];
  const started = Date.now();
  let done = 0;

  /** Sends one update until it has a final outcome. */
  async function update(worker: number, token: string, key: string, locationId: number, change: Change) {
    const url = new URL(`/api/locations/${locationId}/occupancy`, options.url);
    const body = JSON.stringify({ change, places: 1 });
    const headers = { authorization: `Bearer ${token}`, "idempotency-key": key };
    const begun = Date.now();
    const deadline = begun + retryForMs;
    const record: WriteRecord = {
      key,
      worker,
      locationId,
      delta: change === "bezet" ? 1 : -1,
      outcome: "unresolved",
      status: 0,
      detail: "",
      attempts: 0,
      ms: 0,
    };
    const final = (outcome: Outcome) => {
      record.outcome = outcome;
      record.ms = Date.now() - begun;
      return record;
    };
    while (Date.now() < deadline) {
      record.attempts += 1;
      let answer: Answer;
      try {
        answer = await post(agent, url, body, headers, timeoutMs);
      } catch (err) {
        count((err as { code?: string }).code ?? (err as Error).message);
        await sleep(Math.min(2000, 100 * 2 ** record.attempts) * (0.5 + Math.random()));
        continue;
      }
      record.status = answer.status;
      record.detail = detailOf(answer.body);
      const retryAfter = answer.headers["retry-after"];
      if (answer.status === 200) {
        const replayed = answer.headers["idempotent-replayed"] === "true";
        count(replayed ? "200 replayed" : "200");
        return final(replayed ? "replayed" : "applied");
      }
      if (answer.status === 409 && retryAfter !== undefined) {
        count("409 in progress");
        await sleep(Math.min(5000, Number(retryAfter) * 1000 || 1000));
        continue;
      }
      if (answer.status === 409 && /al verwerkt/i.test(record.detail)) {
        count("409 al verwerkt");
        return final("already-processed");
      }
      count(String(answer.status));
      if (answer.status >= 500) {
        await sleep(Math.min(2000, (Number(retryAfter) || 0.2 * 2 ** record.attempts) * 1000) * (0.5 + Math.random()));
        continue;
      }
      return final("rejected");
    }
    return final("unresolved");
  }

  async function work(worker: number, spec: WorkerSpec, updates: number) {
    const active = [...spec.locationIds];
    // Per location the changes alternate, starting with bezet: every location starts with a free place, and one
    // worker owns it, so neither change can run out of places.
    const next = new Map<number, Change>();
    for (let i = 0; i < updates && active.length > 0; i++) {
      const locationId = active[i % active.length] as number;
      const change = next.get(locationId) ?? "bezet";
      const record = await update(worker, spec.token, `${options.runId}-w${worker}-${i}`, locationId, change);
      records.push(record);
      if (wasAcknowledged(record)) next.set(locationId, change === "bezet" ? "vrijgekomen" : "bezet");
      // Without a final answer the location's state is unknown to this worker: it leaves it alone from now on.
      if (record.outcome === "unresolved") active.splice(active.indexOf(locationId), 1);
      done += 1;
      options.onProgress?.(done);
    }
  }

  const share = Math.ceil(options.total / options.workers.length);
  await Promise.all(options.workers.map((spec, w) => work(w, spec, Math.min(share, options.total - w * share))));
  agent.destroy();
  return { records, answers, elapsedMs: Date.now() - started };
}
