// The notices that come from time passing, not from a change: a reservation about to expire unanswered (to the
// provider's aanbieder accounts) and a crisis request whose ambulant record is overdue (to the regisseurs and the
// verwijzer who made it). Each runs as a scheduled job (server/jobs/list.ts): one transaction finds what is due and
// notifies, once per cause (the dedupe key), and the live push follows the commit.
import { and, eq, gt, isNull, lte, ne, notExists, sql } from "drizzle-orm";
import { ambulantOverdue } from "../../../shared/rules/ambulant-first.js";
import type { Db } from "../../db/client.js";
import { ambulantAlternatives, locations, notifications, placementRequests, reservations } from "../../db/schema.js";
import { emitWebhook, reservationEvent } from "../webhooks/producer.js";
import { expiryMoment, noticeKeys, PROVIDER_PAGE, places } from "./producers.js";
import { type Created, type MailSettings, notify, providerRecipients, usersWithRole } from "./service.js";

export interface ReminderDeps {
  db: Db;
  settings: MailSettings;
  /** RESERVATION_REMINDER_HOURS: an open reservation expiring within this many hours gets its reminder. */
  reminderHours: number;
  /** After the commit: what was created, to its users' sockets. */
  pushed(created: readonly Created[]): Promise<void> | void;
}

/** Open reservations that expire within the reminder window and are still unanswered: their aanbieders, once. */
export async function remindUnansweredReservations(deps: ReminderDeps, now: Date) {
  const until = new Date(now.getTime() + deps.reminderHours * 3_600_000);
  const { created, reminded } = await deps.db.transaction(async (tx) => {
    // A reservation being answered right now is skipped: it is either answered at its commit or seen next round.
    const due = await tx
      .select({
        id: reservations.id,
        locationId: reservations.locationId,
        places: reservations.places,
        expiresAt: reservations.expiresAt,
        providerId: locations.providerId,
        locationName: locations.name,
        caseNumber: placementRequests.caseNumber,
        requestId: reservations.requestId,
      })
      .from(reservations)
      .innerJoin(locations, eq(locations.id, reservations.locationId))
      .innerJoin(placementRequests, eq(placementRequests.id, reservations.requestId))
      .where(and(eq(reservations.status, "open"), gt(reservations.expiresAt, now), lte(reservations.expiresAt, until)))
      .for("share", { of: reservations, skipLocked: true });
    const created: Created[] = [];
    let reminded = 0;
    for (const r of due) {
      const { userIds } = await providerRecipients(tx, r.providerId);
      const made = await notify(tx, deps.settings, userIds, {
        kind: "reservering-verloopt",
        title: `Reservering verloopt binnenkort: ${r.locationName}`,
        body:
          `De reservering van ${places(r.places)} op ${r.locationName} voor dossier ${r.caseNumber} is nog niet ` +
          `beantwoord en verloopt ${expiryMoment(r.expiresAt)}. Accepteer of weiger vóór die tijd; daarna vervalt ` +
          "de reservering vanzelf.",
        link: PROVIDER_PAGE,
        caseNumber: r.caseNumber,
        requestId: r.requestId,
        dedupeKey: noticeKeys.reservation(r.id, "verloopt"),
      });
      // The provider's own systems too, whether or not anyone of it has an account to tell.
      await emitWebhook(tx, reservationEvent("reservering.verloopt", r));
      if (made.length > 0) reminded += 1;
      created.push(...made);
    }
    return { created, reminded };
  });
  await deps.pushed(created);
  return { reminded, notified: created.length };
}

/**
 * Crisis requests past the day their ambulant record was due without one (domain.md rule 1): the regisseurs and the
 * maker hear it once per request. A withdrawn request owes nothing any more; a placed one still does.
 */
export async function noticeOverdueAmbulant(deps: ReminderDeps, now: Date) {
  const { created, overdue } = await deps.db.transaction(async (tx) => {
    const candidates = await tx
      .select({
        id: placementRequests.id,
        caseNumber: placementRequests.caseNumber,
        createdBy: placementRequests.createdBy,
        urgency: placementRequests.urgency,
        ambulantDueAt: placementRequests.ambulantDueAt,
      })
      .from(placementRequests)
      .where(
        and(
          eq(placementRequests.urgency, "crisis"),
          lte(placementRequests.ambulantDueAt, now),
          ne(placementRequests.status, "ingetrokken"),
          isNull(placementRequests.pseudonymisedAt),
          notExists(
            tx
              .select({ one: sql`1` })
              .from(ambulantAlternatives)
              .where(eq(ambulantAlternatives.requestId, placementRequests.id)),
          ),
          // Told before (the maker's row stands for all): no work for it again, however long it stays overdue.
          notExists(
            tx
              .select({ one: sql`1` })
              .from(notifications)
              .where(
                and(
                  eq(notifications.userId, placementRequests.createdBy),
                  eq(notifications.dedupeKey, sql`'verzoek:' || ${placementRequests.id} || ':ambulant-te-laat'`),
                ),
              ),
          ),
        ),
      );
    const due = candidates.filter((r) => ambulantOverdue({ ...r, ambulantAlternatives: 0 }, now));
    const regisseurs = due.length > 0 ? await usersWithRole(tx, "regisseur") : [];
    const created: Created[] = [];
    for (const r of due) {
      created.push(
        ...(await notify(tx, deps.settings, [...regisseurs, r.createdBy], {
          kind: "ambulant-te-laat",
          title: `Ambulant alternatief te laat: dossier ${r.caseNumber}`,
          body:
            `Bij het crisisverzoek met dossier ${r.caseNumber} had uiterlijk ` +
            `${r.ambulantDueAt ? expiryMoment(r.ambulantDueAt) : "nu"} vastgelegd moeten zijn welk ambulant ` +
            "alternatief is ingezet of overwogen. Leg het vast op de pagina van het verzoek.",
          link: `/verzoeken/${r.id}`,
          caseNumber: r.caseNumber,
          requestId: r.id,
          dedupeKey: `verzoek:${r.id}:ambulant-te-laat`,
        })),
      );
    }
    return { created, overdue: due.length };
  });
  await deps.pushed(created);
  return { overdue, notified: created.length };
}
