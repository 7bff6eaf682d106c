// Builds the express app and the socket.io server from their dependencies. main.ts and the tests both call this.
import { existsSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import { fileURLToPath } from "node:url";
import express from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import "../shared/schemas/locale.js";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { createSealer } from "./db/sealed.js";
import { aanbodRoutes } from "./features/aanbod/routes.js";
import { aanbodImportRoutes } from "./features/aanbod-import/routes.js";
import { accountRoutes } from "./features/accounts/routes.js";
import { auditRoutes } from "./features/audit/routes.js";
import { recordAudit } from "./features/audit/service.js";
import { createLoginThrottle } from "./features/auth/login-throttle.js";
import { authRoutes } from "./features/auth/routes.js";
import { type AuthDeps, actorFromBearer, actorFromSession } from "./features/auth/service.js";
import { cachedSessions, SESSION_CHANGES } from "./features/auth/session-cache.js";
import { pgSessionStore } from "./features/auth/sessions.js";
import { capacityFanOut } from "./features/capacity/fan-out.js";
import { BULK_AVAILABILITY_PATH, BULK_BODY_LIMIT, capacityRoutes } from "./features/capacity/routes.js";
import * as capacity from "./features/capacity/service.js";
import { forecastRoutes } from "./features/forecast/routes.js";
import { createForecastService } from "./features/forecast/service.js";
import { freshnessRoutes } from "./features/freshness/routes.js";
import { createLinkThrottle } from "./features/freshness/throttle.js";
import { jobRoutes } from "./features/jobs/routes.js";
import { jobHealth } from "./features/jobs/service.js";
import { countByStatus as countMails } from "./features/mail/repository.js";
import { mailRoutes } from "./features/mail/routes.js";
import { type MailWorker, type MailWorkerTuning, mailWorkerFor } from "./features/mail/worker.js";
import { monitorRoutes } from "./features/monitor/routes.js";
import { notificationRoutes } from "./features/notifications/routes.js";
import { type InboxDeps, pushCreated } from "./features/notifications/service.js";
import { adviceRoutes, tileOrigin } from "./features/placements/advice.js";
import type { PlacementDeps } from "./features/placements/deps.js";
import { createMatchIndex } from "./features/placements/match-index.js";
import { placementRoutes } from "./features/placements/routes.js";
import { claimedDepartureChanged, freedPlacesHook } from "./features/placements/soon-free.js";
import { placesFreedFor } from "./features/placements/watch.js";
import { retentionRoutes } from "./features/retention/routes.js";
import type { RetentionSettings } from "./features/retention/service.js";
import { tokenRoutes } from "./features/tokens/routes.js";
import { liveTokenIds } from "./features/tokens/service.js";
import { countByStatus as countWebhooks } from "./features/webhooks/repository.js";
import { webhookRoutes } from "./features/webhooks/routes.js";
import { startWebhookWorker, type WebhookTuning } from "./features/webhooks/worker.js";
import { mountApiDocs } from "./http/api-docs.js";
import { authenticate, contextOf, requestOrigin, sessionSecretFromCookieHeader } from "./http/authenticate.js";
import { deadline } from "./http/deadline.js";
import { Forbidden, NotFound, problemHandler } from "./http/errors.js";
import { idempotency } from "./http/idempotency.js";
import { openApiDocument } from "./http/openapi.js";
import { mountRoutes, type Route } from "./http/routes.js";
import { recurringJobs } from "./jobs/list.js";
import type { OutboxLoop } from "./jobs/outbox.js";
import { type Scheduler, startScheduler } from "./jobs/scheduler.js";
import { readinessHandler } from "./observability/health.js";
import { createMetrics, metricsEndpoint } from "./observability/metrics.js";
import { httpLogger } from "./observability/request-id.js";
import { asyncApiDocument, atOrigin } from "./realtime/asyncapi.js";
import { createRealtime, type Realtime } from "./realtime/io.js";
import { closeRedis, connectRedis } from "./realtime/redis.js";
import { throttled } from "./realtime/throttle.js";

export type AppConfig = Pick<
  Config,
  | "REDIS_URL"
  | "REDIS_KEY_PREFIX"
  | "ALLOWED_ORIGINS"
  | "STALE_AFTER_HOURS"
  | "SESSION_IDLE_MINUTES"
  | "SESSION_MAX_HOURS"
  | "COOKIE_SECURE"
  | "LOGIN_MAX_FAILURES"
  | "LOGIN_MAX_FAILURES_PER_IP"
  | "LOGIN_WINDOW_SECONDS"
  | "SINGLE_SESSION_ROLES"
  | "TRUST_PROXY"
  | "RESERVATION_EXPIRY_MINUTES"
  | "ESCALATE_AFTER_DECLINES"
  | "CRISIS_AMBULANT_DAYS"
  | "METRICS_TOKEN"
  | "REQUEST_TIMEOUT_SECONDS"
  | "SOCKET_IDENTITY_CHECK_SECONDS"
  | "RETENTION_MONTHS"
  | "AUDIT_RETENTION_YEARS"
  | "MESSAGE_RETENTION_DAYS"
  | "DAILY_JOBS_CHECK_SECONDS"
  | "PUBLIC_URL"
  | "SMTP_URL"
  | "MAIL_FROM"
  | "MAIL_CHECK_SECONDS"
  | "RET_EMAIL"
  | "RESERVATION_REMINDER_HOURS"
  | "FRESHNESS_PROMPT_HOURS"
  | "DIGEST_HOUR"
  | "MFA_REQUIRED_ROLES"
  | "MAP_TILE_URL"
  | "MAP_TILE_ATTRIBUTION"
  | "WEBHOOK_CHECK_SECONDS"
  | "WEBHOOK_ALLOW_HTTP"
  | "SECRET_KEYS"
>;

export interface AppDeps {
  database: Database;
  config: AppConfig;
  logger: Logger;
  /** Folder with the built client; served when it exists. */
  clientDir?: string;
  /** The mail worker's back-off, lease and batch (tests shorten them). */
  mailTuning?: Partial<MailWorkerTuning>;
  /** The webhook worker's back-off, timeout and lease (tests shorten them). */
  webhookTuning?: Partial<WebhookTuning>;
}

export interface App {
  httpServer: HttpServer;
  realtime: Realtime;
  routes: Route[];
  /** The recurring jobs (expiry, reminders, retention, ...): runDue() runs what is due now, as the timer does. */
  jobs: Scheduler;
  /** The mail worker of this process; undefined without SMTP_URL. */
  mail: MailWorker | undefined;
  /** The webhook worker of this process: drain() delivers what is due now, as the timer does. */
  webhooks: OutboxLoop;
  close(): Promise<void>;
}

// From the source (server/app.ts) the client build is ../dist/client; from the server build (dist/server/main.js),
// ../client.
const defaultClientDir = fileURLToPath(
  new URL(import.meta.url.endsWith(".ts") ? "../dist/client" : "../client", import.meta.url),
);
// Aggregate counts go to verwijzer boards at most this often, however busy the writers are, and at least this soon.
const SUMMARY_INTERVAL_MS = 500;

export function createApp({
  database,
  config,
  logger,
  clientDir = defaultClientDir,
  mailTuning,
  webhookTuning,
}: AppDeps): App {
  const app = express();
  const httpServer = createServer(app);
  const db = database.db;

  const metrics = createMetrics({
    connectedSockets: () => realtime.io.engine.clientsCount,
    mailsByStatus: () => countMails(db),
    webhooksByStatus: () => countWebhooks(db),
    jobHealth: () => jobHealth({ db, jobs: jobs.jobs }),
  });
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, logger, metrics.redisError) : undefined;
  // Every process keeps the sessions it read until the database says they changed (features/auth/session-cache.ts).
  const sessionCache = cachedSessions(pgSessionStore(db));
  const sessionChanges = database.listen(SESSION_CHANGES, sessionCache, logger).catch((err: unknown) => {
    logger.warn({ err }, "listening for session changes did not start: every request reads its session");
    return undefined;
  });
  // An account's sessions ended here (disabled, role changed, password reset): its sockets go on every node, and this
  // process forgets them before the change answers (other processes hear it from the database).
  const accountEnded = (userId: number) => {
    sessionCache.forgetAccount(userId);
    realtime.disconnectUser(userId);
  };
  const secrets = createSealer(config.SECRET_KEYS);
  const auth: AuthDeps = {
    db,
    secrets,
    sessions: sessionCache.store,
    throttle: createLoginThrottle({
      redis: redis?.store,
      keyPrefix: config.REDIS_KEY_PREFIX,
      maxFailuresPerAccount: config.LOGIN_MAX_FAILURES,
      maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: config.LOGIN_WINDOW_SECONDS,
    }),
    // Reset links per address and per IP within an hour: enough for a typo, too few to flood an inbox.
    resetThrottle: createLoginThrottle({
      redis: redis?.store,
      keyPrefix: config.REDIS_KEY_PREFIX,
      name: "reset",
      maxFailuresPerAccount: 3,
      maxFailuresPerIp: 20,
      windowSeconds: 3600,
    }),
    idleMinutes: config.SESSION_IDLE_MINUTES,
    maxHours: config.SESSION_MAX_HOURS,
    singleSessionRoles: config.SINGLE_SESSION_ROLES,
    mfaRequiredRoles: config.MFA_REQUIRED_ROLES,
    publicUrl: config.PUBLIC_URL,
    disconnectSession: (userId, sessionId) => realtime.disconnectSession(userId, sessionId),
    disconnectUser: accountEnded,
  };
  // Totals go to this process's own sockets that asked for them, whoever committed the change: a change here pokes at
  // once, changes made on other processes are seen at the head of the log, looked at every interval. A process
  // whose sockets do not show totals reads nothing, and no totals cross the broker.
  let summarySeq: number | undefined;
  const summary = throttled(
    async () => {
      if (!realtime.showsTotals()) return;
      if ((await capacity.currentSeq(deps)) === summarySeq) return;
      const totals = await capacity.capacitySummary(deps);
      summarySeq = totals.seq;
      realtime.publishSummary(totals);
    },
    SUMMARY_INTERVAL_MS,
    (err) => logger.warn({ err }, "summary push failed"),
  );
  const summaryCheck = setInterval(() => summary.poke(), SUMMARY_INTERVAL_MS);
  summaryCheck.unref();
  const forecast = createForecastService({ db, logger, notify: (seq) => realtime.publishForecastChanged(seq) });
  forecast.start();
  const fanOut = capacityFanOut(
    {
      board: (event) => {
        metrics.published(event);
        // The fan-out to every open board waits for the next turn of the event loop (immediates keep commit order):
        // the request answers first, and a thousand socket writes do not run in one stretch with the change's own
        // statements and response, holding up every other request and timer for the sum (docs/benchmarks.md).
        setImmediate(() => realtime.publish(event));
      },
      totals: () => summary.poke(),
      forecast: () => forecast.changed(),
      watch: async (event, hint) => {
        if (hint?.watched === false) return;
        for (const { userId, notice } of await placesFreedFor(placements, event)) realtime.notifyUser(userId, notice);
      },
      matchIndex: (event) => matchIndex.follow(event),
    },
    logger,
  );
  const deps: capacity.CapacityDeps = { db, staleAfterHours: config.STALE_AFTER_HOURS, publish: fanOut };
  const realtime = createRealtime(httpServer, {
    logger,
    redis,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
    allowedOrigins: config.ALLOWED_ORIGINS,
    // Read at each handshake: the trust proxy setting is applied further down, as for req.protocol on HTTP.
    ownOrigin: (request) => requestOrigin(request, app.get("trust proxy fn")),
    authenticate: (request, token) =>
      token
        ? actorFromBearer(auth, `Bearer ${token}`, request.socket.remoteAddress ?? "")
        : actorFromSession(auth, sessionSecretFromCookieHeader(request.headers.cookie)),
    eventsAfter: metrics.countReplays(async (after, limit) => (await capacity.eventsAfter(deps, after, limit)).events),
    scopedEventsAfter: metrics.countScopedReplays((scope, after, limit) =>
      capacity.scopedEventsAfter(deps, scope, after, limit),
    ),
    currentSeq: () => capacity.currentSeq(deps),
    scopeHeads: (after) => capacity.scopeHeads(deps, after),
    denied: (actor, action, ip, detail) => recordAudit(db, { actor, action, outcome: "geweigerd", ip, detail }),
    identities: {
      liveSessions: (ids) => auth.sessions.live(ids, auth.idleMinutes),
      liveTokens: (ids) => liveTokenIds(db, ids),
    },
    identityCheckMs: config.SOCKET_IDENTITY_CHECK_SECONDS * 1000,
  });

  const matchIndex = createMatchIndex(db, logger);
  // Loaded now, so the first regisseur does not wait for it; a failure is retried by the first match.
  matchIndex.current().catch((err) => logger.warn({ err }, "match index load failed"));
  const inbox: InboxDeps = { db, push: realtime };
  const placements: PlacementDeps = {
    db,
    capacity: deps,
    matchIndex,
    config: {
      reservationExpiryMinutes: config.RESERVATION_EXPIRY_MINUTES,
      escalateAfterDeclines: config.ESCALATE_AFTER_DECLINES,
      crisisAmbulantDays: config.CRISIS_AMBULANT_DAYS,
    },
    notifyProvider: (providerId) => realtime.notifyProvider(providerId),
    notifyRequest: (request) => realtime.notifyRequest(request),
    notifyWatcher: (userId, notice) => realtime.notifyUser(userId, notice),
    notifications: { publicUrl: config.PUBLIC_URL, retEmail: config.RET_EMAIL },
    notifyUsers: (created) => {
      pushCreated(inbox, created).catch((err) => logger.warn({ err }, "notification push failed"));
    },
  };
  // A place freed where a reservation awaits it ("vrij per") goes to that reservation in the provider's change.
  deps.freed = freedPlacesHook(placements);
  const retention: RetentionSettings = {
    retentionMonths: config.RETENTION_MONTHS,
    auditRetentionYears: config.AUDIT_RETENTION_YEARS,
    messageRetentionDays: config.MESSAGE_RETENTION_DAYS,
    checkEverySeconds: config.DAILY_JOBS_CHECK_SECONDS,
  };
  // Reservation expiry, reminders, retention, ...: each slot once across processes (server/jobs/scheduler.ts).
  const jobs = startScheduler({
    db,
    jobs: recurringJobs({
      db,
      placements,
      reminders: {
        db,
        settings: { publicUrl: config.PUBLIC_URL },
        reminderHours: config.RESERVATION_REMINDER_HOURS,
        pushed: (created) =>
          pushCreated(inbox, created).catch((err) => logger.warn({ err }, "notification push failed")),
      },
      retention,
      digest: { hour: config.DIGEST_HOUR, settings: { publicUrl: config.PUBLIC_URL } },
      freshness: {
        db,
        settings: {
          publicUrl: config.PUBLIC_URL,
          staleAfterHours: config.STALE_AFTER_HOURS,
          promptHours: config.FRESHNESS_PROMPT_HOURS,
        },
        pushed: (created) =>
          pushCreated(inbox, created).catch((err) => logger.warn({ err }, "notification push failed")),
      },
    }),
    dailyCheckMs: config.DAILY_JOBS_CHECK_SECONDS * 1000,
    logger,
  });

  const mail = mailWorkerFor(config, {
    db,
    logger,
    tuning: mailTuning,
    sent: metrics.mailSent,
    failed: metrics.mailFailed,
  });

  const webhooks = startWebhookWorker({
    db,
    secrets,
    logger,
    checkEveryMs: config.WEBHOOK_CHECK_SECONDS * 1000,
    allowLocal: config.WEBHOOK_ALLOW_HTTP,
    tuning: webhookTuning,
    delivered: metrics.webhookDelivered,
    failed: metrics.webhookFailed,
  });

  const routes = [
    ...authRoutes(auth, { secure: config.COOKIE_SECURE }),
    ...capacityRoutes(deps),
    ...aanbodRoutes(deps),
    ...aanbodImportRoutes(deps),
    ...placementRoutes(placements),
    ...adviceRoutes(placements, { tileUrl: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION }),
    ...notificationRoutes(inbox),
    ...accountRoutes(db, accountEnded),
    ...tokenRoutes(db, (tokenId) => realtime.disconnectToken(tokenId)),
    ...auditRoutes(db),
    ...forecastRoutes({
      planning: { db, changed: () => forecast.changed(), claimedDepartureChanged: claimedDepartureChanged(placements) },
      forecast,
    }),
    ...monitorRoutes({ db, staleAfterHours: config.STALE_AFTER_HOURS }),
    ...retentionRoutes({ db, settings: retention }),
    ...freshnessRoutes({
      db,
      capacity: deps,
      // One-tap links are public: guessing them is throttled per IP like login.
      throttle: createLinkThrottle({
        redis: redis?.store,
        keyPrefix: config.REDIS_KEY_PREFIX,
        maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
        windowSeconds: config.LOGIN_WINDOW_SECONDS,
      }),
    }),
    ...jobRoutes({ db, jobs: jobs.jobs, dailyCheckSeconds: config.DAILY_JOBS_CHECK_SECONDS }),
    ...mailRoutes({ db, smtpConfigured: config.SMTP_URL !== undefined }),
    ...webhookRoutes({ db, secrets, allowHttp: config.WEBHOOK_ALLOW_HTTP }),
  ];
  const openapi = openApiDocument(routes);
  const asyncapi = asyncApiDocument();

  app.disable("x-powered-by");
  if (config.TRUST_PROXY)
    app.set("trust proxy", /^\d+$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY);
  // Helmet's CSP, with the map's tile host (MAP_TILE_URL) as the one addition: without it, images stay 'self' and data:.
  const tiles = tileOrigin(config.MAP_TILE_URL);
  app.use(
    helmet({ contentSecurityPolicy: { directives: { imgSrc: ["'self'", "data:", ...(tiles ? [tiles] : [])] } } }),
  );
  app.use(httpLogger(logger));
  app.use(metrics.timeRequests);
  // API answers are one person's live view (requests carry case numbers and codes): no browser or proxy keeps them,
  // not even a refusal of the body below; and without a cache an ETag only costs a hash of every body.
  app.set("etag", false);
  app.use("/api", (_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  // A planning system's bulk update names up to 500 locations: that one route reads a larger body.
  app.use(BULK_AVAILABILITY_PATH, express.json({ limit: BULK_BODY_LIMIT }));
  app.use(express.json({ limit: "16kb" }));
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get(
    "/readyz",
    readinessHandler({
      db,
      redis: redis ? Object.values(redis) : undefined,
      failed: (check, err, log) => {
        if (check === "database") metrics.databaseError("readiness");
        log.warn({ check, err: (err as Error).message }, "readiness check failed");
      },
    }),
  );
  app.get("/metrics", metricsEndpoint(metrics, config.METRICS_TOKEN));
  app.get("/api/openapi.json", (_req, res) => {
    res.json(openapi);
  });
  app.get("/api/asyncapi.json", (req, res) => {
    res.json(atOrigin(asyncapi, requestOrigin(req, app.get("trust proxy fn"))));
  });
  mountApiDocs(app);
  app.use("/api", deadline(config.REQUEST_TIMEOUT_SECONDS * 1000));
  app.use("/api", authenticate(auth, config.ALLOWED_ORIGINS));
  app.use("/api", idempotency(db));
  app.use(mountRoutes(routes));
  app.use("/api", (req, _res, next) => next(new NotFound(`Geen API-route ${req.method} ${req.originalUrl}.`)));

  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: false, maxAge: "1h" }));
    // The client routes itself: every other GET gets the app shell.
    app.get(/.*/, (_req, res) => {
      res.sendFile("index.html", { root: clientDir, maxAge: 0 });
    });
  }
  // Every refusal is evidence: write it to the audit log before answering.
  app.use(async (err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (err instanceof Forbidden) {
      const { actor, ip } = contextOf(res);
      await recordAudit(db, {
        actor,
        action: err.action,
        outcome: "geweigerd",
        ip: ip || req.ip,
        objectType: err.object?.type,
        objectId: err.object?.id,
        detail: `${req.method} ${req.path}`,
      }).catch((auditErr) => req.log.error({ err: auditErr }, "audit write failed"));
    }
    next(err);
  });
  app.use(problemHandler(logger, { serverError: metrics.serverError }));

  return {
    httpServer,
    realtime,
    routes,
    jobs,
    mail,
    webhooks,
    close: async () => {
      await mail?.close();
      await webhooks.close();
      await jobs.close();
      clearInterval(summaryCheck);
      summary.stop();
      await forecast.close();
      await matchIndex.close();
      await realtime.close();
      await (await sessionChanges)?.close();
      if (redis) await Promise.all(Object.values(redis).map(closeRedis));
      if (!httpServer.listening) return;
      // Finish in-flight requests, drop idle keep-alive connections now and stragglers after a grace period.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const grace = setTimeout(() => httpServer.closeAllConnections(), 2000);
      await closed;
      clearTimeout(grace);
    },
  };
}
