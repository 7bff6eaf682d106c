// Prometheus metrics (prom-client). Each app has its own registry, so several apps in one process (the tests) never
// share counters. Labels hold route patterns, methods, statuses and event kinds: never ids or personal data.
import { createHash, timingSafeEqual } from "node:crypto";
import { DrizzleQueryError } from "drizzle-orm";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { CapacityEvent } from "../../shared/schemas/capacity.js";
import { MAX_REPLAY_BATCH } from "../../shared/schemas/realtime.js";
import { isDatabaseUnavailable } from "../db/errors.js";
import { HttpError } from "../http/errors.js";
import type { RealtimeOptions } from "../realtime/io.js";

const PREFIX = "wijzer_";
type EventsAfter = (afterSeq: number, limit: number) => Promise<CapacityEvent[]>;
type ScopedEventsAfter = RealtimeOptions["scopedEventsAfter"];

export interface Metrics {
  registry: Registry;
  /** A committed event is handed to socket.io now. */
  published(event: CapacityEvent): void;
  /** Wraps the replay reader of the realtime server, counting requests and the events they return. */
  countReplays(read: EventsAfter): EventsAfter;
  /** The same for a scoped feed's replays (capacity:sync with a filter). */
  countScopedReplays(read: ScopedEventsAfter): ScopedEventsAfter;
  databaseError(source: "request" | "readiness"): void;
  redisError(): void;
  /** An error the problem handler answers with 5xx: counted when the database driver raised it. */
  serverError(err: unknown): void;
  /** Express middleware timing every request by method, route pattern and status. */
  timeRequests: RequestHandler;
  /** An outbox mail the SMTP server took. */
  mailSent(): void;
  /** A failed attempt to send an outbox mail; final: given up (mislukt). */
  mailFailed(final: boolean): void;
  /** A webhook delivery a receiver took (2xx). */
  webhookDelivered(): void;
  /** A failed webhook attempt; final: given up (mislukt). */
  webhookFailed(final: boolean): void;
  /** The text exposition format, process metrics included. */
  render(): Promise<string>;
  contentType: string;
}

export function createMetrics(options: {
  connectedSockets: () => number;
  /** Outbox mails per status, read at each scrape. */
  mailsByStatus?: () => Promise<Record<string, number>>;
  /** Webhook deliveries per status, read at each scrape. */
  webhooksByStatus?: () => Promise<Record<string, number>>;
  /** Per scheduled job: failed runs since its last success, and when that was; read at each scrape. */
  jobHealth?: () => Promise<{ job: string; failures: number; lastSucceededAt: Date | null }[]>;
}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: `${PREFIX}connected_sockets`,
    help: "Open socket.io connections on this process.",
    registers,
    collect() {
      this.set(options.connectedSockets());
    },
  });
  const published = new Counter({
    name: `${PREFIX}capacity_events_published_total`,
    help: "Committed capacity events handed to socket.io, by kind.",
    labelNames: ["kind"] as const,
    registers,
  });
  const pushLatency = new Histogram({
    name: `${PREFIX}push_latency_seconds`,
    help: "From a capacity event's commit timestamp to its hand-over to socket.io.",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const replayRequests = new Counter({
    name: `${PREFIX}replay_requests_total`,
    help: "capacity:sync replay reads from the event log.",
    registers,
  });
  const replayedEvents = new Counter({
    name: `${PREFIX}replayed_events_total`,
    help: "Events sent to clients by replays.",
    registers,
  });
  const httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: "HTTP request duration by method, route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const databaseErrors = new Counter({
    name: `${PREFIX}database_errors_total`,
    help: "Database errors: 5xx answers caused by the database driver (request), failed readiness checks (readiness).",
    labelNames: ["source"] as const,
    registers,
  });
  const redisErrors = new Counter({
    name: `${PREFIX}redis_errors_total`,
    help: "Errors reported by the Redis clients (connection lost, refused, ...).",
    registers,
  });
  const mail = outboxSeries(registers, options.mailsByStatus, {
    rows: [
      "mail_outbox",
      "Outbox e-mails by status (wachtend: still to send; mislukt: given up), read at scrape time.",
    ],
    sent: ["mail_sent_total", "Outbox e-mails the SMTP server took."],
    failures: [
      "mail_send_failures_total",
      "Failed attempts to send an outbox e-mail; final: given up after the last attempt.",
    ],
  });
  const webhooks = outboxSeries(registers, options.webhooksByStatus, {
    rows: [
      "webhook_deliveries",
      "Webhook deliveries by status (wachtend: still to deliver; mislukt: given up), read at scrape time.",
    ],
    sent: ["webhook_delivered_total", "Webhook deliveries a receiver answered with 2xx."],
    failures: [
      "webhook_attempt_failures_total",
      "Failed webhook attempts (another status, no answer, a timeout); final: given up after the last attempt.",
    ],
  });
  // The database away: the last values stay, and the scrape still answers with everything else.
  const readJobHealth = () => options.jobHealth?.().catch(() => undefined);
  new Gauge({
    name: `${PREFIX}job_failures_since_success`,
    help: "Failed runs of a scheduled job since its last completed run (0: the last run completed).",
    labelNames: ["job"] as const,
    registers,
    async collect() {
      for (const j of (await readJobHealth()) ?? []) this.set({ job: j.job }, j.failures);
    },
  });
  new Gauge({
    name: `${PREFIX}job_last_success_timestamp_seconds`,
    help: "When a scheduled job last completed, as a Unix time; absent before its first completed run.",
    labelNames: ["job"] as const,
    registers,
    async collect() {
      for (const j of (await readJobHealth()) ?? []) {
        if (j.lastSucceededAt) this.set({ job: j.job }, j.lastSucceededAt.getTime() / 1000);
      }
    },
  });
  // Zero from the start, so rate() and alerts see the series before the first error.
  databaseErrors.inc({ source: "request" }, 0);
  databaseErrors.inc({ source: "readiness" }, 0);

  // The realtime server reads one event past a batch to learn whether more follow; that one is not sent.
  const replayed = (events: readonly unknown[]) => replayedEvents.inc(Math.min(events.length, MAX_REPLAY_BATCH));

  return {
    registry,
    contentType: registry.contentType,
    published: (event) => {
      published.inc({ kind: event.kind });
      const seconds = (Date.now() - Date.parse(event.at)) / 1000;
      // Database and app clocks may differ by a little: a negative latency means "immediately".
      if (Number.isFinite(seconds)) pushLatency.observe(Math.max(0, seconds));
    },
    countReplays: (read) => async (afterSeq, limit) => {
      replayRequests.inc();
      const events = await read(afterSeq, limit);
      replayed(events);
      return events;
    },
    countScopedReplays: (read) => async (scope, afterSeq, limit) => {
      replayRequests.inc();
      const page = await read(scope, afterSeq, limit);
      replayed(page.events);
      return page;
    },
    databaseError: (source) => databaseErrors.inc({ source }),
    redisError: () => redisErrors.inc(),
    serverError: (err) => {
      if (fromDatabase(err)) databaseErrors.inc({ source: "request" });
    },
    timeRequests: (req: Request, res: Response, next: NextFunction) => {
      const end = httpDuration.startTimer();
      res.once("finish", () =>
        end({ method: req.method, route: routePattern(req, res.statusCode), status: res.statusCode }),
      );
      next();
    },
    mailSent: mail.sent,
    mailFailed: mail.failed,
    webhookDelivered: webhooks.sent,
    webhookFailed: webhooks.failed,
    render: async () => `${await processRegistry().metrics()}\n${await registry.metrics()}`,
  };
}

type Named = [name: string, help: string];

/**
 * An outbox's series (mail, webhooks): its rows per status, read at each scrape, what was sent, and the failed
 * attempts, final or not (both zero from the start, so rate() and alerts see them before the first failure).
 */
function outboxSeries(
  registers: Registry[],
  byStatus: (() => Promise<Record<string, number>>) | undefined,
  names: { rows: Named; sent: Named; failures: Named },
) {
  new Gauge({
    name: `${PREFIX}${names.rows[0]}`,
    help: names.rows[1],
    labelNames: ["status"] as const,
    registers,
    async collect() {
      // The database away: the last values stay, and the scrape still answers with everything else.
      const counts = await byStatus?.().catch(() => undefined);
      for (const [status, n] of Object.entries(counts ?? {})) this.set({ status }, n);
    },
  });
  const sent = new Counter({ name: `${PREFIX}${names.sent[0]}`, help: names.sent[1], registers });
  const failures = new Counter({
    name: `${PREFIX}${names.failures[0]}`,
    help: names.failures[1],
    labelNames: ["final"] as const,
    registers,
  });
  failures.inc({ final: "false" }, 0);
  failures.inc({ final: "true" }, 0);
  return { sent: () => sent.inc(), failed: (final: boolean) => failures.inc({ final: String(final) }) };
}

// Heap, CPU, event-loop lag and GC belong to the process, and collectDefaultMetrics installs observers that cannot
// be removed again: collected once per process, in a registry of their own (not prom-client's global one).
let processMetrics: Registry | undefined;
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: PREFIX });
  }
  return processMetrics;
}

/** The pattern the request matched (/api/locations/:id), never the raw URL: ids stay out of labels. */
function routePattern(req: Request, status: number): string {
  const path: unknown = req.route?.path;
  if (typeof path === "string") return `${req.baseUrl}${path}`;
  // The client app shell is served for every other GET by one catch-all pattern.
  if (path instanceof RegExp) return "client";
  // Without a route: the client's built files, or nothing matched (404) or a middleware refused it.
  return status < 400 ? "static" : "unmatched";
}

/** Raised by the database driver: unreachable (db/errors.ts), or a failed query (wrapped by drizzle, or raw from
 * postgres.js as PostgresError / PGlite as DatabaseError). */
function fromDatabase(err: unknown): boolean {
  if (isDatabaseUnavailable(err)) return true;
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof DrizzleQueryError || e.name === "PostgresError" || e.name === "DatabaseError") return true;
  }
  return false;
}

/**
 * GET /metrics. With a token configured: only `Authorization: Bearer <token>`. Without: only callers on this
 * machine that came directly, not through a proxy (a proxy on localhost would otherwise open it to everyone).
 */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return async (req, res, next) => {
    if (expected) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (!given || !timingSafeEqual(digest(given), expected)) {
        return next(
          new HttpError(
            401,
            "Niet ingelogd",
            "Metrics vragen om het token uit METRICS_TOKEN als Bearer-token.",
            {},
            { "WWW-Authenticate": "Bearer" },
          ),
        );
      }
    } else if (!isLoopback(req.socket.remoteAddress) || req.headers["x-forwarded-for"] || req.headers.forwarded) {
      return next(
        new HttpError(
          403,
          "Geen toegang",
          "Metrics zijn zonder METRICS_TOKEN alleen vanaf deze machine zelf op te vragen.",
        ),
      );
    }
    res.type(metrics.contentType).send(await metrics.render());
  };
}

// Hashing first gives both sides one length, which timingSafeEqual needs.
const digest = (value: string) => createHash("sha256").update(value).digest();

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || /^127\.\d+\.\d+\.\d+$/.test(v4);
}
