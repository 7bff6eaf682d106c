// What every durable outbox shares (e-mail: features/mail, webhooks: features/webhooks): claiming due rows under a
// lease across processes, the back-off between attempts, and the worker loop that drains batch after batch.
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Logger } from "pino";
import type { Db } from "../db/client.js";

/** An outbox table: a row waits (status = waiting) until next_attempt_at, and a claim sets claimed_until. */
export interface OutboxColumns {
  table: PgTable;
  id: PgColumn;
  status: PgColumn;
  nextAttemptAt: PgColumn;
  claimedUntil: PgColumn;
  /** The status of a row still to be tried. */
  waiting: string;
}

/**
 * The ids of up to `limit` due rows, locked: for `UPDATE ... SET claimed_until = leaseEnd(ms) WHERE id IN (dueIds)`.
 * SKIP LOCKED lets processes claiming at the same moment pass each other's rows by; the lease keeps the rows from
 * others after that statement commits, and a process that dies lets it lapse, after which another takes the row
 * (delivery is at least once).
 */
export function dueIds(db: Db, o: OutboxColumns, limit: number) {
  return db
    .select({ id: o.id })
    .from(o.table)
    .where(
      and(
        eq(o.status, o.waiting),
        sql`${o.nextAttemptAt} <= now()`,
        sql`(${o.claimedUntil} is null or ${o.claimedUntil} < now())`,
      ),
    )
    .orderBy(o.nextAttemptAt, o.id)
    .limit(limit)
    .for("update", { skipLocked: true });
}

/** How many rows of the outbox are in each of its statuses (every status listed, 0 where none is). */
export async function countByStatus<S extends string>(
  db: Db,
  o: OutboxColumns,
  statuses: readonly S[],
): Promise<Record<S, number>> {
  const rows = await db.select({ status: o.status, n: sql<number>`count(*)::int` }).from(o.table).groupBy(o.status);
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<S, number>;
  for (const row of rows) counts[row.status as S] = Number(row.n);
  return counts;
}

/** now() plus a duration, in the database's clock (the one next_attempt_at and claimed_until are compared with). */
export const inMs = (ms: number): SQL => sql`now() + make_interval(secs => ${ms / 1000}::double precision)`;

export interface Backoff {
  /** Wait before the 2nd attempt; doubled each attempt after, up to backoffCapMs, with jitter. */
  backoffBaseMs: number;
  backoffCapMs: number;
}

/** Exponential with "equal jitter": half the step fixed, half random, so processes that failed together spread out. */
export function backoff(tuning: Backoff, attempts: number): number {
  const step = Math.min(tuning.backoffCapMs, tuning.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  return step / 2 + Math.random() * (step / 2);
}

/** What became of one claimed row: handed back untried ("released") when the process is stopping. */
export type Outcome = "sent" | "failed" | "released";

export interface OutboxLoopOptions<T> {
  /** For the log: "mail", "webhook". */
  name: string;
  checkEveryMs: number;
  batchSize: number;
  claim(limit: number): Promise<T[]>;
  /** One row; `stopping()` tells it the process is closing, so it hands the row back instead of failing it. */
  deliver(row: T, stopping: () => boolean): Promise<Outcome>;
  logger: Logger;
  /** At close, before waiting for the batch under way: abort what is in flight. */
  abort?(): void;
}

export interface OutboxLoop {
  /** Delivers everything due now, batch after batch; what it did. Also what the timer calls. */
  drain(): Promise<{ sent: number; failed: number }>;
  close(): Promise<void>;
}

/** On every process, every checkEveryMs: claim a batch, deliver its rows side by side, until fewer than a batch are due. */
export function startOutboxLoop<T>(options: OutboxLoopOptions<T>): OutboxLoop {
  let closed = false;
  let running: Promise<unknown> = Promise.resolve();
  const stopping = () => closed;

  const drain = async () => {
    const done = { sent: 0, failed: 0 };
    while (!closed) {
      const batch = await options.claim(options.batchSize);
      for (const outcome of await Promise.all(batch.map((row) => options.deliver(row, stopping)))) {
        if (outcome === "sent") done.sent++;
        else if (outcome === "failed") done.failed++;
      }
      if (batch.length < options.batchSize) break;
    }
    return done;
  };

  const tick = () => {
    if (closed) return;
    // One drain at a time per process: a slow receiver is never met by a second claim of this process.
    running = running.then(drain).catch((err) => options.logger.warn({ err }, `${options.name} worker check failed`));
  };
  const timer = setInterval(tick, options.checkEveryMs);
  timer.unref();

  return {
    drain: () => {
      const run = running.then(drain);
      running = run.catch(() => {});
      return run;
    },
    close: async () => {
      closed = true;
      clearInterval(timer);
      // Deliveries under way fail at once and hand their rows back; the rest of the batch is released untried.
      options.abort?.();
      await running;
    },
  };
}
