// Who is told what when a placement changes: plain functions called inside the transaction of the change, with the
// facts it already has. The texts name a location and at most a case number: never a youth's age, gender or codes
// (domain.md, notices). Each links to the page to act on; each cause has its dedupe key, so a retry notifies once.

import { and, inArray, sql } from "drizzle-orm";
import type { DeclineReason } from "../../../shared/domain.js";
import { DECLINE_REASON_LABELS } from "../../../shared/labels.js";
import type { PlaceAvailable } from "../../../shared/schemas/placements.js";
import type { Tx } from "../../db/client.js";
import { users } from "../../db/schema.js";
import { markReadByKeys } from "./repository.js";
import {
  type Created,
  enqueueMail,
  externalMailBody,
  type NotificationSettings,
  notify,
  providerRecipients,
  userIdOfLabel,
  usersWithRole,
} from "./service.js";

/** The aanbieder's page with its reservations to answer (client: ReservationInbox on /aanbieder). */
export const PROVIDER_PAGE = "/aanbieder";
const requestPage = (requestId: number) => `/verzoeken/${requestId}`;

/** The causes, as dedupe keys: one notice per user per cause. */
export const noticeKeys = {
  reservation: (id: number, step: "wacht" | "verloopt" | "geaccepteerd" | "geweigerd" | "verlopen" | "vervallen") =>
    `reservering:${id}:${step}`,
  escalation: (requestId: number) => `verzoek:${requestId}:opgeschaald`,
};

/** "dinsdag 8 december om 07:38", Amsterdam time: when a waiting reservation lapses. */
export const expiryMoment = (at: Date) => moment.format(at);
const moment = new Intl.DateTimeFormat("nl-NL", {
  timeZone: "Europe/Amsterdam",
  weekday: "long",
  day: "numeric",
  month: "long",
  hour: "2-digit",
  minute: "2-digit",
});
export const places = (n: number) => (n === 1 ? "1 plek" : `${n} plekken`);
/** "14 december": a calendar day (JJJJ-MM-DD) as a notice names it. */
export const dayName = (day: string) => dayFormat.format(new Date(`${day}T12:00:00Z`));
const dayFormat = new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", day: "numeric", month: "long" });

interface ReservationFacts {
  reservationId: number;
  requestId: number;
  caseNumber: string;
  locationName: string;
}

/** A reservation waits for the provider's answer: its aanbieder accounts, and its contact address by e-mail. */
export async function reservationWaiting(
  tx: Tx,
  settings: NotificationSettings,
  r: ReservationFacts & {
    providerId: number;
    places: number;
    expiresAt: Date;
    staleSince?: Date | null;
    /** A place that comes free: reserved per that day, resting on the provider's planned departure. */
    availableFrom?: string | null;
  },
): Promise<Created[]> {
  const { userIds, contactEmail } = await providerRecipients(tx, r.providerId);
  const stale = r.staleSince
    ? ` Uw cijfers voor ${r.locationName} zijn sinds ${expiryMoment(r.staleSince)} niet bevestigd: ` +
      "klopt het aantal vrije plekken nog? Bevestig of wijzig het bij het beantwoorden."
    : "";
  const input = {
    kind: "reservering-wacht" as const,
    title: `Reservering wacht op uw antwoord: ${r.locationName}`,
    body: r.availableFrom
      ? `De CPWV heeft ${places(r.places)} op ${r.locationName} gereserveerd per ${dayName(r.availableFrom)} ` +
        `voor dossier ${r.caseNumber}: de plek die uw geplande uitstroom vrijmaakt. Meld de uitstroom zodra die er ` +
        `is; accepteren kan als de plek vrij is. Accepteer of weiger vóór ${expiryMoment(r.expiresAt)}.${stale}`
      : `De CPWV heeft ${places(r.places)} op ${r.locationName} gereserveerd voor dossier ${r.caseNumber}. ` +
        `Accepteer of weiger vóór ${expiryMoment(r.expiresAt)}; daarna vervalt de reservering vanzelf.${stale}`,
    link: PROVIDER_PAGE,
    caseNumber: r.caseNumber,
    requestId: r.requestId,
    dedupeKey: noticeKeys.reservation(r.reservationId, "wacht"),
  };
  const created = await notify(tx, settings, userIds, input);
  // An account with the same address already gets it (or chose not to): its own preference decides.
  if (contactEmail && !(await isAccountAddress(tx, userIds, contactEmail))) {
    await enqueueMail(tx, {
      kind: "melding",
      toAddress: contactEmail,
      subject: input.title,
      body: externalMailBody(settings, input.body, input.link),
      dedupeKey: `${input.dedupeKey}:${contactEmail.toLowerCase()}`,
      requestId: r.requestId,
    });
  }
  return created;
}

async function isAccountAddress(tx: Tx, userIds: readonly number[], address: string): Promise<boolean> {
  if (userIds.length === 0) return false;
  const [same] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, [...userIds]), sql`lower(${users.email}) = ${address.toLowerCase()}`));
  return same !== undefined;
}

/**
 * A reservation ended (answered, expired, withdrawn, lapsed): the provider's notices that asked for an answer to it
 * (waiting, about to expire) have nothing left to ask and count as read; their users' counts go out after the commit.
 */
export async function reservationSettled(tx: Tx, reservationId: number): Promise<Created[]> {
  const keys = [noticeKeys.reservation(reservationId, "wacht"), noticeKeys.reservation(reservationId, "verloopt")];
  const userIds = await markReadByKeys(tx, keys);
  return userIds.map((userId) => ({ userId, notification: null }));
}

/** The provider answered: the regisseur who made the reservation (created_by "user:12") hears how. */
export async function reservationAnswered(
  tx: Tx,
  settings: NotificationSettings,
  r: ReservationFacts & { createdBy: string } & (
      | { answer: "accepteren" }
      | { answer: "weigeren"; reason: DeclineReason }
    ),
): Promise<Created[]> {
  const accepted = r.answer === "accepteren";
  return notify(tx, settings, makerOf(r.createdBy), {
    kind: accepted ? "reservering-geaccepteerd" : "reservering-geweigerd",
    title: `Reservering ${accepted ? "geaccepteerd" : "geweigerd"}: ${r.locationName}`,
    body: accepted
      ? `${r.locationName} heeft de reservering voor dossier ${r.caseNumber} geaccepteerd; het verzoek is geplaatst.`
      : `${r.locationName} heeft de reservering voor dossier ${r.caseNumber} geweigerd. ` +
        `Reden: ${DECLINE_REASON_LABELS[r.reason]}. De plek is weer vrijgegeven.`,
    link: requestPage(r.requestId),
    caseNumber: r.caseNumber,
    requestId: r.requestId,
    dedupeKey: noticeKeys.reservation(r.reservationId, accepted ? "geaccepteerd" : "geweigerd"),
  });
}

/** Nobody answered in time: the maker hears the reservation lapsed. */
export async function reservationExpired(
  tx: Tx,
  settings: NotificationSettings,
  r: ReservationFacts & { createdBy: string },
): Promise<Created[]> {
  return notify(tx, settings, makerOf(r.createdBy), {
    kind: "reservering-verlopen",
    title: `Reservering verlopen: ${r.locationName}`,
    body:
      `De reservering op ${r.locationName} voor dossier ${r.caseNumber} is niet op tijd beantwoord en vervallen. ` +
      "Reserveer opnieuw of zoek een andere plek.",
    link: requestPage(r.requestId),
    caseNumber: r.caseNumber,
    requestId: r.requestId,
    dedupeKey: noticeKeys.reservation(r.reservationId, "verlopen"),
  });
}

/**
 * The planned departure a reservation of a coming place rests on was cancelled or moved past its day: the place does
 * not come free then. The maker hears it; the request searches again.
 */
export async function reservationLapsed(
  tx: Tx,
  settings: NotificationSettings,
  r: ReservationFacts & { createdBy: string; availableFrom: string; movedTo: string | null },
): Promise<Created[]> {
  const why = r.movedTo ? `is verplaatst naar ${dayName(r.movedTo)}` : "is geannuleerd";
  return notify(tx, settings, makerOf(r.createdBy), {
    kind: "reservering-vervallen",
    title: `Plek komt niet vrij per ${dayName(r.availableFrom)}: ${r.locationName}`,
    body:
      `De geplande uitstroom op ${r.locationName} waarop de reservering voor dossier ${r.caseNumber} rustte ${why}: ` +
      `de plek komt niet vrij per ${dayName(r.availableFrom)}. De reservering is vervallen en het verzoek is weer ` +
      "zoekend.",
    link: requestPage(r.requestId),
    caseNumber: r.caseNumber,
    requestId: r.requestId,
    dedupeKey: noticeKeys.reservation(r.reservationId, "vervallen"),
  });
}

/** Escalated to the RET (domain.md rule 4): every regisseur, and the RET's own address (RET_EMAIL) by e-mail. */
export async function requestEscalated(
  tx: Tx,
  settings: NotificationSettings,
  r: { requestId: number; caseNumber: string; declines: number },
): Promise<Created[]> {
  const dedupeKey = noticeKeys.escalation(r.requestId);
  const told = settings.retEmail ? " Het RET is per e-mail ingelicht." : "";
  const created = await notify(tx, settings, await usersWithRole(tx, "regisseur"), {
    kind: "verzoek-opgeschaald",
    title: `Verzoek opgeschaald naar het RET: dossier ${r.caseNumber}`,
    body: `Dossier ${r.caseNumber} is na ${r.declines} weigeringen opgeschaald naar het Regionaal Expertise Team.${told}`,
    link: requestPage(r.requestId),
    caseNumber: r.caseNumber,
    requestId: r.requestId,
    dedupeKey,
  });
  if (settings.retEmail) {
    await enqueueMail(tx, {
      kind: "melding",
      toAddress: settings.retEmail,
      subject: `Opschaling dossier ${r.caseNumber}`,
      body: externalMailBody(
        settings,
        `Het CPWV schaalt dossier ${r.caseNumber} op naar het RET: ${r.declines} keer weigerde een aanbieder de ` +
          "plaatsing. Een regisseur van het CPWV neemt contact met u op over de casus.",
      ),
      dedupeKey: `${dedupeKey}:${settings.retEmail.toLowerCase()}`,
      requestId: r.requestId,
    });
  }
  return created;
}

/** A fitting place came free for a request the user follows. cause: what made it news (a capacity event's seq). */
export async function placeAvailable(
  tx: Tx,
  settings: NotificationSettings,
  userId: number,
  notice: PlaceAvailable,
  cause: string,
): Promise<Created[]> {
  const flagged =
    notice.contraIndications.length > 0 ? " Let op: de locatie noemt een contra-indicatie die hier speelt." : "";
  return notify(tx, settings, [userId], {
    kind: "plek-vrij",
    title: `Passende plek vrij: ${notice.locationName}`,
    body: `Op ${notice.locationName} is nu ${places(notice.free)} vrij die past bij dossier ${notice.caseNumber}, dat u volgt.${flagged}`,
    link: requestPage(notice.requestId),
    caseNumber: notice.caseNumber,
    requestId: notice.requestId,
    dedupeKey: `verzoek:${notice.requestId}:plek-vrij:${notice.locationId}:${cause}`,
  });
}

/** Reservations record their maker as an actor label: a regisseur's account, or nobody to tell. */
function makerOf(createdBy: string): number[] {
  const id = userIdOfLabel(createdBy);
  return id === undefined ? [] : [id];
}
