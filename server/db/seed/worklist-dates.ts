// Dating the demo's worklist back: a request's steps, reservations and notices at the moments of its story, so the
// demo opens on work that came in over the last days and weeks (worklist.ts makes it through the use cases now).
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Config } from "../../config.js";
import { expiryMoment, noticeKeys } from "../../features/notifications/producers.js";
import type { Db, Tx } from "../client.js";
import * as schema from "../schema.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Dates a request's story back: its steps (transitions, in order) at `times`, and with them when it was made, when
 * the ambulant record came, each reservation made at its "gereserveerd" step and answered at the next step, the
 * escalation, and a crisis request's due date for the ambulant record (CRISIS_AMBULANT_DAYS after it was made).
 * The capacity log and the audit log keep the moment the seed wrote them.
 */
export async function redateRequest(
  db: Db,
  settings: Pick<Config, "RESERVATION_EXPIRY_MINUTES" | "CRISIS_AMBULANT_DAYS">,
  requestId: number,
  times: readonly number[],
) {
  await db.transaction(async (tx) => {
    const steps = await tx
      .select()
      .from(schema.requestTransitions)
      .where(eq(schema.requestTransitions.requestId, requestId))
      .orderBy(asc(schema.requestTransitions.id));
    if (steps.length !== times.length)
      throw new Error(`seed: request ${requestId} has ${steps.length} steps, ${times.length} dates`);
    const at = (i: number) => new Date(times[i] as number);
    for (const [i, step] of steps.entries()) {
      await tx
        .update(schema.requestTransitions)
        .set({ at: at(i) })
        .where(eq(schema.requestTransitions.id, step.id));
    }
    const [request] = await tx
      .select()
      .from(schema.placementRequests)
      .where(eq(schema.placementRequests.id, requestId));
    const escalation = steps.findIndex((s) => s.toStatus === "opgeschaald");
    await tx
      .update(schema.placementRequests)
      .set({
        createdAt: at(0),
        ambulantDueAt: request?.ambulantDueAt ? new Date(at(0).getTime() + settings.CRISIS_AMBULANT_DAYS * DAY) : null,
        escalatedAt: request?.escalatedAt ? at(escalation) : null,
      })
      .where(eq(schema.placementRequests.id, requestId));
    const recorded = steps.findIndex((s) => s.toStatus === "ambulant-vastgelegd");
    if (recorded >= 0) {
      await tx
        .update(schema.ambulantAlternatives)
        .set({ createdAt: at(recorded) })
        .where(eq(schema.ambulantAlternatives.requestId, requestId));
    }
    const reservedSteps = steps.flatMap((s, i) => (s.toStatus === "gereserveerd" ? [i] : []));
    const held = await tx
      .select()
      .from(schema.reservations)
      .where(eq(schema.reservations.requestId, requestId))
      .orderBy(asc(schema.reservations.id));
    for (const [k, reservation] of held.entries()) {
      const step = reservedSteps[k] as number;
      const expiresAt = new Date(at(step).getTime() + settings.RESERVATION_EXPIRY_MINUTES * MINUTE);
      await tx
        .update(schema.reservations)
        .set({ createdAt: at(step), expiresAt, answeredAt: reservation.answeredAt ? at(step + 1) : null })
        .where(eq(schema.reservations.id, reservation.id));
      const when = { reservedAt: at(step), answeredAt: reservation.answeredAt ? at(step + 1) : null };
      await redateNotices(tx, reservation.id, { ...when, expiresAt: [reservation.expiresAt, expiresAt] });
    }
    if (escalation >= 0) {
      await tx
        .update(schema.notifications)
        .set({ createdAt: at(escalation) })
        .where(eq(schema.notifications.dedupeKey, noticeKeys.escalation(requestId)));
    }
  });
}

/** The inbox tells the same story: each notice at its cause; a reservation that was answered had been seen. */
async function redateNotices(
  tx: Tx,
  reservationId: number,
  {
    reservedAt,
    answeredAt,
    expiresAt: [was, is],
  }: { reservedAt: Date; answeredAt: Date | null; expiresAt: [Date, Date] },
) {
  const { notifications } = schema;
  // The text names the moment it lapses: the new one.
  const body = sql`replace(${notifications.body}, ${expiryMoment(was)}, ${expiryMoment(is)})`;
  await tx
    .update(notifications)
    .set({ createdAt: reservedAt, readAt: answeredAt, body })
    .where(eq(notifications.dedupeKey, noticeKeys.reservation(reservationId, "wacht")));
  if (!answeredAt) return;
  const answers = (["geaccepteerd", "geweigerd"] as const).map((a) => noticeKeys.reservation(reservationId, a));
  await tx.update(notifications).set({ createdAt: answeredAt }).where(inArray(notifications.dedupeKey, answers));
}
