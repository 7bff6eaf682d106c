// The webhook worker: on every process, every few seconds, claims due deliveries, POSTs each signed to its endpoint
// and records the attempt. A 2xx is delivered; anything else (another status, a refused connection, a timeout) is
// tried again with back-off until the last attempt. At least once, as the mail outbox: a process killed mid-POST
// leaves its lease to lapse and another sends the same event again (same X-Webhook-Id, for the receiver to dedupe).
import type { Logger } from "pino";
import type { Agent, Dispatcher } from "undici";
import type { Db } from "../../db/client.js";
import type { Sealer } from "../../db/sealed.js";
import { type Backoff, backoff, type OutboxLoop, type Outcome, startOutboxLoop } from "../../jobs/outbox.js";
import { guardedDispatcher, undici } from "./guarded-dispatcher.js";
import { type ClaimedDelivery, claimDue, recordAttempt, release } from "./repository.js";
import { signedHeaders } from "./signature.js";

export interface WebhookTuning extends Backoff {
  /** Attempts after which a delivery is given up (mislukt). */
  maxAttempts: number;
  /** One attempt's limit: connecting, sending and the receiver's answer. */
  timeoutMs: number;
  /** How long a claim keeps other processes off a delivery: well over a batch's attempts (side by side). */
  leaseMs: number;
  batchSize: number;
}

/** 30 s, 1, 2, 4 ... minutes up to 6 hours between attempts: twelve attempts span about a day. */
export const DEFAULT_WEBHOOK_TUNING: WebhookTuning = {
  backoffBaseMs: 30_000,
  backoffCapMs: 6 * 3_600_000,
  maxAttempts: 12,
  timeoutMs: 10_000,
  leaseMs: 2 * 60_000,
  batchSize: 10,
};

export interface WebhookWorkerOptions {
  db: Db;
  /** Opens the signing secrets sealed at rest (SECRET_KEYS). */
  secrets: Sealer;
  logger: Logger;
  checkEveryMs: number;
  /** WEBHOOK_ALLOW_HTTP: the names of this machine may be posted to (tests, a local receiver). */
  allowLocal: boolean;
  tuning?: Partial<WebhookTuning> | undefined;
  /** Told of each delivery a receiver took, and of each failed attempt (final: given up): the metrics. */
  delivered?: () => void;
  failed?: (final: boolean) => void;
}

export function startWebhookWorker(options: WebhookWorkerOptions): OutboxLoop {
  const { db, logger } = options;
  const tuning = { ...DEFAULT_WEBHOOK_TUNING, ...options.tuning };
  const stopping = new AbortController();
  // Made by the first delivery (guarded-dispatcher.ts loads undici then).
  let dispatcher: Agent | undefined;

  async function deliver(d: ClaimedDelivery, closing: () => boolean): Promise<Outcome> {
    if (closing()) {
      await release(db, d.id);
      return "released";
    }
    const started = Date.now();
    dispatcher ??= guardedDispatcher(options.allowLocal);
    const attempt = await post(d, dispatcher, tuning.timeoutMs, stopping.signal);
    // Stopping: the POST was cut under us. Not the receiver's fault; it goes again, here or elsewhere.
    if (closing() && attempt.statusCode === null) {
      await release(db, d.id);
      return "released";
    }
    const record = { ...attempt, durationMs: Date.now() - started };
    if (attempt.error === null) {
      await recordAttempt(db, d.id, record, { delivered: true });
      options.delivered?.();
      return "sent";
    }
    const attempts = d.attempts + 1;
    const final = attempts >= tuning.maxAttempts;
    await recordAttempt(db, d.id, record, { delivered: false, final, retryInMs: backoff(tuning, attempts) });
    options.failed?.(final);
    logger.warn(
      { deliveryId: d.id, attempts, error: attempt.error, final },
      final ? "webhook given up" : "webhook attempt failed",
    );
    return "failed";
  }

  return startOutboxLoop({
    name: "webhook",
    checkEveryMs: options.checkEveryMs,
    batchSize: tuning.batchSize,
    claim: async (limit) =>
      (await claimDue(db, limit, tuning.leaseMs)).map((d) => ({
        ...d,
        secret: options.secrets.open("webhook_endpoints.secret", d.secret),
      })),
    deliver,
    logger,
    abort: () => {
      stopping.abort();
      dispatcher?.close().catch(() => {});
    },
  });
}

/** One POST; its outcome as recorded: the HTTP status, or why none came. Never the receiver's body or the URL. */
async function post(d: ClaimedDelivery, dispatcher: Dispatcher, timeoutMs: number, stop: AbortSignal) {
  // The case number joins at send time: the stored payload holds none (retention pseudonymises the request only).
  const body = JSON.stringify({ ...d.payload, ...(d.caseNumber ? { caseNumber: d.caseNumber } : {}) });
  try {
    const response = await undici().fetch(d.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Beschikbaarheidswijzer-Twente-Webhooks/1",
        ...signedHeaders(d.secret, d.eventId, body),
      },
      body,
      // A redirect is not followed: the registered address is the one the provider chose (and was checked).
      redirect: "manual",
      dispatcher,
      signal: AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]),
    });
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    return { statusCode: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (err) {
    return { statusCode: null, error: failureOf(err) };
  }
}

/** A network error's code (ECONNREFUSED, ENOTFOUND, ...), "tijdslimiet", or the error's class. */
function failureOf(err: unknown): string {
  const e = err as { name?: unknown; cause?: { code?: unknown } };
  if (e?.name === "TimeoutError") return "tijdslimiet";
  const code = e?.cause?.code;
  if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
  return err instanceof Error ? err.name : "onbekende fout";
}
