// The mail outbox as the beheerder sees it: what was sent, what waits, what failed and why (never a secret link).
import { z } from "zod";
import { idParam } from "./id.js";
import { MAIL_KINDS, MAIL_STATUSES } from "./notifications.js";

export const outboxMailSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(MAIL_KINDS),
    toAddress: z.string(),
    subject: z.string(),
    status: z.enum(MAIL_STATUSES),
    attempts: z.number().int().min(0),
    /** When a waiting mail is tried (again); meaningless once sent or given up. */
    nextAttemptAt: z.iso.datetime({ offset: true }),
    /** The SMTP reply code or error class of the last failed attempt, never the message or an address. */
    lastError: z.string().nullable(),
    sentAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    /** Plain text; null when it carries a single-use link (password reset) or was wiped after sending. */
    body: z.string().nullable(),
    /** The body held a single-use link: it is never shown. */
    carriesSecret: z.boolean(),
  })
  .meta({ id: "OutboxMail" });
export type OutboxMail = z.infer<typeof outboxMailSchema>;

export const outboxSchema = z
  .object({
    /** SMTP_URL is set: waiting mails are being sent. Without it they stay in the outbox, unsent. */
    smtpConfigured: z.boolean(),
    /** Newest first. */
    items: z.array(outboxMailSchema),
    /** Older mails exist beyond this page: ask again with before = the last id. */
    hasMore: z.boolean(),
    /** Mails per status, over the whole outbox. */
    counts: z.object({
      wachtend: z.number().int().min(0),
      verzonden: z.number().int().min(0),
      mislukt: z.number().int().min(0),
    }),
  })
  .meta({ id: "Outbox" });
export type Outbox = z.infer<typeof outboxSchema>;

export const outboxQuerySchema = z.strictObject({
  status: z.enum(MAIL_STATUSES).optional(),
  /** Only mails older than this id: the next page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OutboxQuery = z.infer<typeof outboxQuerySchema>;

export const outboxMailParams = z.strictObject({ id: idParam });
