// The environment, parsed once; a bad value stops startup with a message naming the variable.
import { z } from "zod";
import { ROLES } from "../shared/domain.js";
import { DEFAULT_STALE_AFTER_HOURS } from "../shared/rules/freshness.js";

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  /** PostgreSQL connection string; unset -> embedded PGlite. */
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /**
   * PGlite data folder, relative to the working directory: a region's list survives a restart. "memory" -> in memory
   * only (gone at exit). Ignored when DATABASE_URL is set.
   */
  PGLITE_DIR: z.preprocess(emptyAsUndefined, z.string().default("data/pglite")),
  /** Redis for the socket.io adapter; unset -> single process. */
  REDIS_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** Put before every Redis channel and key of this deployment, so two deployments (or test runs) can share a Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]*$/, "alleen letters, cijfers, ':', '_' en '-'")
    .default(""),
  /** Seed the demo region when the database has no locations yet. */
  DEMO_SEED: z.enum(["auto", "off"]).default("auto"),
  STALE_AFTER_HOURS: z.coerce.number().positive().default(DEFAULT_STALE_AFTER_HOURS),
  /** Origins allowed to open a socket from a browser (comma separated); empty -> same origin only. */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Sign-in sessions end after this much inactivity, and at the latest after SESSION_MAX_HOURS. */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(30),
  SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  /** How often each process checks that its open sockets' sessions and tokens still hold (idle, ended, revoked). */
  SOCKET_IDENTITY_CHECK_SECONDS: z.coerce.number().positive().default(5),
  /** Mark the session cookie Secure (set it behind HTTPS). */
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** Failed logins per account, and per IP, within LOGIN_WINDOW_SECONDS before further attempts get 429. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(10),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(100),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Roles whose login ends the account's other sessions (comma separated; empty -> none): one beheerder, one place. */
  SINGLE_SESSION_ROLES: z
    .string()
    .default("beheerder")
    .transform((s) =>
      s
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ROLES))),
  /** Express "trust proxy" (e.g. 1 behind one load balancer), so the audit log records the client's address. */
  TRUST_PROXY: z.string().default(""),
  /** Password of the demo accounts; only used when DEMO_SEED creates them. */
  DEMO_PASSWORD: z.string().min(8).default("twente-demo-2026"),
  /** How long a reservation holds a place before it frees itself. */
  RESERVATION_EXPIRY_MINUTES: z.coerce
    .number()
    .positive()
    .default(48 * 60),
  /** Declines after which a request is escalated (opschaling) to the Regionaal Expertise Team. */
  ESCALATE_AFTER_DECLINES: z.coerce.number().int().positive().default(3),
  /** A crisis request may search at once; its ambulant record is owed within this many days. */
  CRISIS_AMBULANT_DAYS: z.coerce.number().positive().default(5),
  /** Bearer token for GET /metrics; unset -> /metrics answers only to direct loopback callers. */
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  /** An API request not answered within this many seconds gets 503 (a silent database would hold it forever). */
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  /** Requests placed or withdrawn longer ago than this lose their case number, postcodes and notes (AVG). */
  RETENTION_MONTHS: z.coerce.number().int().positive().default(12),
  /** Audit entries older than this are deleted by the same daily job; at least a year (NEN 7513: kept longer). */
  AUDIT_RETENTION_YEARS: z.coerce.number().int().min(1).default(5),
  /**
   * Notices, sent or given-up e-mails, finished webhook deliveries and expired one-time links older than this many days
   * are deleted by the same daily job: they are messages, not the record (the audit log is).
   */
  MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(7).default(90),
  /** How often each process checks whether today's daily jobs (retention) are still to do; one process does them. */
  DAILY_JOBS_CHECK_SECONDS: z.coerce.number().positive().default(900),
  /** Where links in e-mails point: the address users open the app at (no trailing slash). */
  PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url()
      .default("http://localhost:3000")
      .transform((u) => u.replace(/\/+$/, "")),
  ),
  /** SMTP server for e-mail (smtp://user:pass@host:587, smtps://...); unset -> no e-mail, the beheerder sees the outbox. */
  SMTP_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  MAIL_FROM: z.string().default("Beschikbaarheidswijzer Twente <noreply@beschikbaarheidswijzer.local>"),
  /** How often each process looks for due e-mails in the outbox (a claim: each mail is sent by one process). */
  MAIL_CHECK_SECONDS: z.coerce.number().positive().default(5),
  /** How often each process looks for due webhook deliveries (a claim: each is POSTed by one process). */
  WEBHOOK_CHECK_SECONDS: z.coerce.number().positive().default(5),
  /** Accept http:// webhook addresses on localhost (tests, a receiver during development); otherwise https only. */
  WEBHOOK_ALLOW_HTTP: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** The Regionaal Expertise Team's address: told by e-mail when a request is escalated; unset -> regisseurs only. */
  RET_EMAIL: z.preprocess(emptyAsUndefined, z.email().optional()),
  /** Hours before an unanswered reservation expires that its provider is reminded. */
  RESERVATION_REMINDER_HOURS: z.coerce.number().positive().default(8),
  /** Hours before a location's numbers go stale (STALE_AFTER_HOURS) that its provider is asked to confirm them. */
  FRESHNESS_PROMPT_HOURS: z.coerce.number().positive().default(24),
  /** Hour of the day (Europe/Amsterdam) the daily digest e-mails go out. */
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** Roles that must sign in with a second factor (TOTP), comma separated; empty -> none. */
  MFA_REQUIRED_ROLES: z
    .string()
    .default("regisseur,beheerder")
    .transform((s) =>
      s
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ROLES))),
  /**
   * Map tiles for the map of a request's matches, a Leaflet URL template (https://tile.example.org/{z}/{x}/{y}.png);
   * unset -> no tiles: the map draws the region from shipped data and the browser loads nothing from outside.
   */
  MAP_TILE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^https?:\/\/[^/\s]+\/\S*\{z\}\S*\{x\}\S*\{y\}\S*$/, "een https-adres met {z}, {x} en {y}")
      .optional(),
  ),
  /** The tile source's attribution shown on the map (its licence usually requires it). */
  MAP_TILE_ATTRIBUTION: z.string().default(""),
  /**
   * Keys that seal the secrets the server must read back (TOTP, webhook signing) at rest: base64 of 32 bytes each,
   * comma-separated; the first seals, all open (rotation: put the new key first). Unset -> stored as they are.
   */
  SECRET_KEYS: z
    .string()
    .default("")
    .transform((text, ctx) => {
      const keys: Buffer[] = [];
      for (const [i, part] of text
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean)
        .entries()) {
        const key = Buffer.from(part, "base64");
        // The message names the key by its place, never its value.
        if (key.length !== 32 || key.toString("base64") !== part) {
          ctx.addIssue({
            code: "custom",
            message: `sleutel ${i + 1} is geen 32 bytes in base64 (maak er een met: openssl rand -base64 32)`,
          });
          return z.NEVER;
        }
        keys.push(key);
      }
      return keys;
    }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
