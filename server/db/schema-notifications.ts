// The inbox, the mail outbox and what sign-in needs beyond a password: one-tap freshness links, password resets,
// two-factor recovery codes and half-finished logins; and the schedule of recurring work. Part of the schema:
// server/db/schema.ts exports these tables with its own.
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import {
  MAIL_DELIVERIES,
  MAIL_KINDS,
  MAIL_STATUSES,
  type MailDelivery,
  type MailKind,
  type MailStatus,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from "../../shared/schemas/notifications.js";
import { oneOf, timestamps } from "./columns.js";
import { providers, users } from "./schema.js";
import { placementRequests } from "./schema-placements.js";

/**
 * One notification for one user. Written in the transaction of the change that causes it (the transactional outbox),
 * so it exists exactly when the change does; the dedupe key makes a retried producer write it once.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").$type<NotificationKind>().notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** A path of this app: the page to act on. */
    link: text("link").notNull(),
    caseNumber: text("case_number"),
    /** The placement request it is about, if any: retention pseudonymises its case number here too. */
    requestId: integer("request_id").references(() => placementRequests.id),
    /** What it is about, e.g. "reservering:12:wacht": the same cause never notifies the same user twice. */
    dedupeKey: text("dedupe_key").notNull(),
    /** Waits for the user's daily digest mail (their preference for this kind is "dagelijks"). */
    digestDue: boolean("digest_due").notNull().default(false),
    readAt: timestamp("read_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("notifications_once").on(t.userId, t.dedupeKey),
    index("notifications_inbox_idx").on(t.userId, t.id),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
    index("notifications_digest_idx").on(t.userId).where(sql`${t.digestDue}`),
    oneOf("notifications_kind_code", t.kind, NOTIFICATION_KINDS),
  ],
);

/** A user's choice per kind of notification; no row: DEFAULT_MAIL_DELIVERY. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").$type<NotificationKind>().notNull(),
    delivery: text("delivery").$type<MailDelivery>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind] }),
    oneOf("notification_preferences_kind_code", t.kind, NOTIFICATION_KINDS),
    oneOf("notification_preferences_delivery_code", t.delivery, MAIL_DELIVERIES),
  ],
);

/**
 * E-mails to send, written in the same transaction as their cause; a worker on any process claims due rows (FOR
 * UPDATE SKIP LOCKED, with a lease), sends them over SMTP and records the outcome.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kind: text("kind").$type<MailKind>().notNull(),
    /** The account it is for, when it is for one (not for the RET's or a provider's contact address). */
    userId: integer("user_id").references(() => users.id),
    notificationId: integer("notification_id").references(() => notifications.id),
    /** The placement request its text names, if any: retention pseudonymises its case number here too. */
    requestId: integer("request_id").references(() => placementRequests.id),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    /** Plain text. Null once sent or given up when it carried a secret link (carries_secret). */
    body: text("body"),
    /** The body holds a single-use link (password reset, one-tap confirmation): never shown, wiped after sending. */
    carriesSecret: boolean("carries_secret").notNull().default(false),
    /** The same cause and address are queued once (a retried producer, two processes running one job). */
    dedupeKey: text("dedupe_key").notNull(),
    status: text("status").$type<MailStatus>().notNull().default("wachtend"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** A worker's lease: until then no other process takes the row; a worker that died lets it lapse. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    /** Why the last attempt failed: an SMTP reply code or error class, never the message or an address. */
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("mail_outbox_once").on(t.dedupeKey),
    index("mail_outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'wachtend'`),
    oneOf("mail_outbox_kind_code", t.kind, MAIL_KINDS),
    oneOf("mail_outbox_status_code", t.status, MAIL_STATUSES),
  ],
);

/**
 * A one-tap "Klopt nog" link sent to a provider: single use, scoped to the provider's locations and the numbers it
 * showed ({ locationId, version }[]), expiring. Stored as the SHA-256 of its secret.
 */
export const freshnessLinks = pgTable(
  "freshness_links",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    tokenHash: text("token_hash").notNull().unique(),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id),
    numbers: jsonb("numbers").$type<{ locationId: number; version: number; free: number }[]>().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index("freshness_links_provider_idx").on(t.providerId, t.createdAt)],
);

/** A password reset link: SHA-256 of its secret, single use, short-lived. */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/** Two-factor recovery codes: each a hash, each usable once. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

/**
 * A login that passed the password and waits for the second factor (or for enrolment in it): the id is the hash of a
 * short-lived secret held by the browser; no session exists until the code is right.
 */
export const loginChallenges = pgTable("login_challenges", {
  id: text("id").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id),
  /** During enrolment: the new TOTP secret the QR code showed (sealed as users.totp_secret), until a first right code. */
  pendingSecret: text("pending_secret"),
  attempts: integer("attempts").notNull().default(0),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  ...timestamps,
});

/**
 * Recurring work (reservation expiry, reminders, digests, prompts, retention): one row per job. A process claims a
 * due run by moving next_run_at forward in one UPDATE, so each run happens once across processes and the schedule
 * survives restarts; the last outcome is what the beheerder sees.
 */
export const scheduledJobs = pgTable("scheduled_jobs", {
  name: text("name").primaryKey(),
  nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
  lastStartedAt: timestamp("last_started_at", { withTimezone: true }),
  lastFinishedAt: timestamp("last_finished_at", { withTimezone: true }),
  /** "voltooid" or "mislukt" (JOB_OUTCOMES). */
  lastOutcome: text("last_outcome"),
  lastCounts: jsonb("last_counts").notNull().default({}),
  /** An error class or SQLSTATE, never values from the data. */
  lastError: text("last_error"),
  /** Failures since the last success. */
  failures: integer("failures").notNull().default(0),
  /** The end of the last run that completed: kept through failures, so the beheerder and /metrics see how stale. */
  lastSucceededAt: timestamp("last_succeeded_at", { withTimezone: true }),
});

export type NotificationRow = typeof notifications.$inferSelect;
export type MailOutboxRow = typeof mailOutbox.$inferSelect;
