// The mail worker: on every process, every few seconds, claims due outbox mails, sends them and records the outcome.
// Delivery is at least once: a process killed mid-send leaves its lease to lapse and another sends the mail again
// with the same Message-ID (transport.ts). No transaction is open while SMTP talks: PGlite has a single connection.
import type { Logger } from "pino";
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import { type Backoff, backoff, type OutboxLoop, type Outcome, startOutboxLoop } from "../../jobs/outbox.js";
import { type ClaimedMail, claimDue, markFailed, markSent, release } from "./repository.js";
import { failureOf, type MailTransport, smtpTransport } from "./transport.js";

export interface MailWorkerTuning extends Backoff {
  /** Attempts after which a mail is given up (mislukt). */
  maxAttempts: number;
  /** How long a claim keeps other processes off a mail: more than a batch's worst case of SMTP timeouts. */
  leaseMs: number;
  /** Mails claimed at a time. */
  batchSize: number;
}

export const DEFAULT_MAIL_TUNING: MailWorkerTuning = {
  backoffBaseMs: 30_000,
  backoffCapMs: 60 * 60_000,
  maxAttempts: 8,
  leaseMs: 5 * 60_000,
  batchSize: 10,
};

export interface MailWorkerOptions {
  db: Db;
  transport: MailTransport;
  logger: Logger;
  checkEveryMs: number;
  tuning?: Partial<MailWorkerTuning>;
  /** For /metrics: each send, and each failed attempt (final: given up). */
  sent?: () => void;
  failed?: (final: boolean) => void;
}

export type MailWorker = OutboxLoop;

export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const { db, transport, logger } = options;
  const tuning = { ...DEFAULT_MAIL_TUNING, ...options.tuning };

  async function deliver(mail: ClaimedMail, stopping: () => boolean): Promise<Outcome> {
    if (stopping()) {
      await release(db, mail.id);
      return "released";
    }
    try {
      if (mail.body === null) throw new MissingBody();
      await transport.send({ ...mail, body: mail.body });
    } catch (err) {
      // Stopping: the pool was closed under this send. Not the mail's fault; it goes again, here or elsewhere.
      if (stopping()) {
        await release(db, mail.id);
        return "released";
      }
      const attempts = mail.attempts + 1;
      // A 5xx reply is the server's "never" (RFC 5321: permanent): trying it 7 more times over hours changes nothing.
      const final = attempts >= tuning.maxAttempts || err instanceof MissingBody || isPermanent(err);
      const error = failureOf(err);
      await markFailed(db, mail.id, { error, final, retryInMs: backoff(tuning, attempts) });
      options.failed?.(final);
      logger.warn({ mailId: mail.id, attempts, error, final }, final ? "mail given up" : "mail attempt failed");
      return "failed";
    }
    await markSent(db, mail.id);
    options.sent?.();
    return "sent";
  }

  return startOutboxLoop({
    name: "mail",
    checkEveryMs: options.checkEveryMs,
    batchSize: tuning.batchSize,
    claim: (limit) => claimDue(db, limit, tuning.leaseMs),
    // One batch's sends side by side: the transport's pool bounds how many talk to the server at once.
    deliver,
    logger,
    // Sends under way fail at once and hand their mails back.
    abort: () => transport.close(),
  });
}

/** The worker of this process when SMTP_URL is set; without it nothing is sent and the mails wait in the outbox. */
export function mailWorkerFor(
  config: Pick<Config, "SMTP_URL" | "MAIL_FROM" | "PUBLIC_URL" | "MAIL_CHECK_SECONDS">,
  options: Omit<MailWorkerOptions, "transport" | "checkEveryMs">,
): MailWorker | undefined {
  if (!config.SMTP_URL) return undefined;
  const transport = smtpTransport({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, publicUrl: config.PUBLIC_URL });
  return startMailWorker({ ...options, transport, checkEveryMs: config.MAIL_CHECK_SECONDS * 1000 });
}

function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** A waiting mail without a body (a wiped secret link that was put back by hand): nothing to send. */
class MissingBody extends Error {
  override name = "GeenInhoud";
}
