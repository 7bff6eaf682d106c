// Demo placement history: two years of CPWV placement requests with their ambulant record, reservations, declines
// with reasons, escalations, placements and the zorgvorm a youth came from (doorstroom), so the monitor has data at
// first start. Deterministic for a seed.
// Each placement is one "plek-bezet" event of the generated capacity log: the youth took that place at that instant,
// so waiting times, placements and the occupancy series tell one story. Reservations before a placement are not
// added to the capacity log (it stays as generated), so the log never shows these places as reserved.

import { DEMO_EMAIL_DOMAIN } from "../../../shared/demo.js";
import {
  AMBULANT_REASONS,
  AMBULANT_TYPES,
  CARE_TYPES,
  type CareType,
  type Characteristic,
  type DeclineReason,
  isMoreHomeLike,
  MUNICIPALITY_NAMES,
  type Municipality,
  type RequestStatus,
  type Urgency,
} from "../../../shared/domain.js";
import { municipalityOfPostcode } from "../../../shared/geo.js";
import type { Tx } from "../client.js";
import { ambulantAlternatives, placementRequests, requestTransitions, reservations, users } from "../schema.js";
import type { DemoData, DemoLocation } from "./generate.js";
import { Rng } from "./random.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The CPWV handles the hard-to-place share of all intakes: about 15 a month in the demo region. */
const SHARE: Record<CareType, number> = {
  pleegzorg: 0.15,
  gezinshuis: 0.5,
  "kleinschalig-wonen": 0.08,
  residentieel: 0.08,
  driemilieu: 0.2,
  jeugdzorgplus: 0.2,
};
const CRISIS_SHARE = 0.04;
/**
 * Doorstroom: the share of requests whose youth lives in a zorgvorm already (a crisis bed is mostly taken from home),
 * and where from: mostly stepping down from group and secure care ("zo thuis mogelijk"), some stepping up after a
 * breakdown, a few to the same zorgvorm elsewhere.
 */
const TRANSFER_SHARE = { regular: 0.3, crisis: 0.1 };
const FROM_WEIGHTS: Record<CareType, number> = {
  pleegzorg: 2,
  gezinshuis: 2,
  "kleinschalig-wonen": 4,
  residentieel: 5,
  driemilieu: 2,
  jeugdzorgplus: 4,
};
const DIRECTION_WEIGHTS = { thuisnabijer: 6, zelfde: 0.6, zwaarder: 1.5 };
const WITHDRAWN_SHARE = 0.07;
const ESCALATE_AFTER = 3;
const CPWV = "demo:CPWV";
const REFERRER = "demo:verwijzer";
// Group settings decline for group reasons, families for fit; "geen-plek-meer" when the place went in the meantime.
const DECLINE_WEIGHTS: [DeclineReason, number, number][] = [
  ["groepssamenstelling", 25, 2],
  ["contra-indicatie", 18, 10],
  ["geen-plek-meer", 14, 8],
  ["zorgzwaarte-te-hoog", 12, 10],
  ["personeel", 10, 1],
  ["leeftijd", 6, 4],
  ["gezinshuisouder-past-niet", 0, 25],
  ["jeugdige-of-ouders-weigeren", 5, 6],
  ["anders", 3, 3],
];

type HistoryRequest = Omit<typeof placementRequests.$inferInsert, "id" | "createdBy" | "placedLocationId"> & {
  placedLocationIndex: number | null;
  alternatives: Omit<typeof ambulantAlternatives.$inferInsert, "id" | "requestId">[];
  transitions: { fromStatus: RequestStatus | null; toStatus: RequestStatus; actor: string; at: Date }[];
  reservations: (Omit<typeof reservations.$inferInsert, "id" | "requestId" | "locationId"> & {
    locationIndex: number;
  })[];
};

export interface PlacementHistory {
  requests: HistoryRequest[];
}

/** Twente's PC4 areas per gemeente, read from the one postcode table (shared/geo.ts). */
const POSTCODES = new Map<Municipality, string[]>();
for (let n = 7400; n < 7700; n++) {
  const municipality = municipalityOfPostcode(String(n));
  if (municipality) POSTCODES.set(municipality, [...(POSTCODES.get(municipality) ?? []), String(n)]);
}

export function generatePlacementHistory(data: DemoData, options: { now: Date; seed: number }): PlacementHistory {
  const rng = new Rng(options.seed ^ 0x5eed);
  // A stream of its own, so the rest of the history is the same as without it.
  const origins = new Rng(options.seed ^ 0xd00);
  const now = options.now.getTime();
  const first = data.events[0]?.at.getTime() ?? now;
  const byCareType = new Map<CareType, number[]>(CARE_TYPES.map((t) => [t, []]));
  for (const [i, l] of data.locations.entries()) byCareType.get(l.careType)?.push(i);

  const requests: HistoryRequest[] = [];
  for (const event of data.events) {
    const location = data.locations[event.locationIndex] as DemoLocation;
    const placedAt = event.at.getTime();
    // A margin at both ends: every request in the history was made after the log began and is closed by now.
    if (event.kind !== "plek-bezet" || placedAt > now - 3 * DAY) continue;
    if (!rng.chance(location.crisis ? CRISIS_SHARE : SHARE[location.careType])) continue;
    const request = historyRequest(rng, location, event.locationIndex, placedAt, byCareType, now);
    request.currentCareType = currentCareType(origins, location);
    if (request.createdAt && request.createdAt.getTime() > first + 7 * DAY) requests.push(request);
  }
  requests.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
  const perYear = new Map<number, number>();
  for (const r of requests) {
    const year = r.createdAt?.getUTCFullYear() ?? 0;
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    r.caseNumber = `CPWV-${year}-${String(n).padStart(4, "0")}`;
  }
  return { requests };
}

/** The zorgvorm the youth lived in before this placement, or null: from home. */
function currentCareType(rng: Rng, location: DemoLocation): CareType | null {
  if (!rng.chance(location.crisis ? TRANSFER_SHARE.crisis : TRANSFER_SHARE.regular)) return null;
  const to = location.careType;
  const weights = CARE_TYPES.map(
    (from) =>
      FROM_WEIGHTS[from] *
      (from === to
        ? DIRECTION_WEIGHTS.zelfde
        : isMoreHomeLike(to, from)
          ? DIRECTION_WEIGHTS.thuisnabijer
          : DIRECTION_WEIGHTS.zwaarder),
  );
  return rng.weighted(CARE_TYPES, weights);
}

/** Crisis within days, spoed within weeks, regulier in weeks to months (domain.md planning figures). */
function waitDays(rng: Rng, urgency: Urgency): number {
  if (urgency === "crisis") return rng.humped(0.05, 4);
  if (urgency === "spoed") return rng.humped(2, 24);
  return Math.min(200, 10 + rng.exp(32));
}

function historyRequest(
  rng: Rng,
  location: DemoLocation,
  locationIndex: number,
  placedAt: number,
  byCareType: Map<CareType, number[]>,
  now: number,
): HistoryRequest {
  const urgency: Urgency = location.crisis
    ? "crisis"
    : rng.chance(location.careType === "jeugdzorgplus" ? 0.7 : 0.25)
      ? "spoed"
      : "regulier";
  const createdAt = placedAt - waitDays(rng, urgency) * DAY;
  const withdrawn = rng.chance(WITHDRAWN_SHARE);
  const home = rng.chance(0.6) ? location.municipality : rng.pick(MUNICIPALITY_NAMES);
  const postcodes = POSTCODES.get(home) ?? ["7511"];
  const characteristics: Characteristic[] = rng.sample(location.targetGroups, rng.int(0, 2));
  if (location.careType === "jeugdzorgplus" && !characteristics.includes("machtiging-jz"))
    characteristics.push("machtiging-jz");
  const complex = urgency !== "crisis" && rng.chance(0.35);
  const gender =
    location.gender === "jongens"
      ? "jongen"
      : location.gender === "meisjes"
        ? "meisje"
        : rng.pick(["jongen", "meisje"] as const);

  const transitions: HistoryRequest["transitions"] = [];
  const state: { status: RequestStatus | null } = { status: null };
  const move = (to: RequestStatus, at: number, actor = CPWV) => {
    transitions.push({ fromStatus: state.status, toStatus: to, actor, at: new Date(at) });
    state.status = to;
  };
  move("concept", createdAt, REFERRER);
  // Rule 1: the ambulant record comes before searching; in crisis the search starts at once and the record follows
  // within days, without a status change (as the live product does it).
  const recordedAt =
    urgency === "crisis" ? createdAt + rng.between(0.5, 4) * DAY : createdAt + rng.between(0.1, 2) * HOUR;
  if (urgency !== "crisis") move("ambulant-vastgelegd", recordedAt, REFERRER);
  const start = urgency === "crisis" ? createdAt + 10 * 60_000 : recordedAt + rng.between(0.2, 6) * HOUR;
  move("zoekend", start);

  const end = withdrawn ? Math.min(createdAt + rng.between(7, 60) * DAY, now - DAY) : placedAt;
  let declines = withdrawn
    ? rng.int(0, 2)
    : rng.weighted([0, 1, 2, 3, 4], urgency === "crisis" ? [80, 15, 5, 0, 0] : [52, 24, 13, 7, 4]);
  // Each reservation needs a few hours to be made and answered: a crisis placed within hours had none declined.
  if (end - start < (declines + 1) * 6 * HOUR) declines = 0;
  const slot = (end - start) / (declines + 1);
  const reservationRows: HistoryRequest["reservations"] = [];
  let escalatedAt: Date | null = null;
  const others = byCareType.get(location.careType)?.filter((i) => i !== locationIndex) ?? [];
  const familyLike = location.careType === "pleegzorg" || location.careType === "gezinshuis";
  for (let d = 0; d < declines && others.length > 0; d++) {
    const reservedAt = start + slot * (d + rng.between(0.1, 0.3));
    const answeredAt = reservedAt + Math.min(slot * rng.between(0.2, 0.6), 40 * HOUR);
    const reason = rng.weighted(
      DECLINE_WEIGHTS.map(([r]) => r),
      DECLINE_WEIGHTS.map(([, group, family]) => (familyLike ? family : group)),
    );
    reservationRows.push({
      locationIndex: rng.pick(others),
      places: 1,
      status: "geweigerd",
      contraIndications: [],
      expiresAt: new Date(reservedAt + 48 * HOUR),
      createdBy: CPWV,
      answeredBy: "demo:aanbieder",
      answeredAt: new Date(answeredAt),
      declineReason: reason,
      declineNote: reason === "anders" ? "Tijdelijke opnamestop" : null,
      createdAt: new Date(reservedAt),
    });
    move("gereserveerd", reservedAt);
    // ESCALATE_AFTER_DECLINES (default 3): the RET takes the case up; the CPWV goes on searching with it.
    if (d + 1 >= ESCALATE_AFTER && !escalatedAt) escalatedAt = new Date(answeredAt);
    move(escalatedAt ? "opgeschaald" : "zoekend", answeredAt, "demo:aanbieder");
  }
  if (withdrawn) move("ingetrokken", end, REFERRER);
  else {
    const last = transitions.at(-1)?.at.getTime() ?? start;
    const reservedAt = Math.max(placedAt - rng.between(2, 48) * HOUR, last + (placedAt - last) / 2);
    reservationRows.push({
      locationIndex,
      places: 1,
      status: "geaccepteerd",
      contraIndications: [],
      expiresAt: new Date(reservedAt + 48 * HOUR),
      createdBy: CPWV,
      answeredBy: "demo:aanbieder",
      answeredAt: new Date(placedAt),
      declineReason: null,
      declineNote: null,
      createdAt: new Date(reservedAt),
    });
    move("gereserveerd", reservedAt);
    move("geplaatst", placedAt, "demo:aanbieder");
  }

  const ambulantFrom = createdAt - rng.between(30, 150) * DAY;
  return {
    caseNumber: "",
    age: rng.int(Math.max(location.ageMin, 0), Math.min(location.ageMax, 17)),
    gender,
    homeMunicipality: home,
    homePostcode: rng.pick(postcodes),
    schoolPostcode: rng.chance(0.8) ? rng.pick(postcodes) : null,
    urgency,
    wantedStart: new Date(createdAt + (urgency === "regulier" ? 21 : 0) * DAY).toISOString().slice(0, 10),
    siblings: 0,
    characteristics,
    acceptableCareTypes: [location.careType],
    complex,
    status: state.status ?? "concept",
    ambulantDueAt: urgency === "crisis" ? new Date(createdAt + 5 * DAY) : null,
    explanatoryAnalysisOn: complex ? new Date(createdAt - rng.between(3, 40) * DAY).toISOString().slice(0, 10) : null,
    explanatoryAnalysisBy: complex ? rng.pick(["Gedragswetenschapper GI", "Jeugdarts", "Lokaal team"]) : null,
    escalatedAt,
    placedAt: withdrawn ? null : new Date(placedAt),
    placedLocationIndex: withdrawn ? null : locationIndex,
    createdAt: new Date(createdAt),
    alternatives: [
      {
        type: rng.pick(AMBULANT_TYPES.filter((t) => t !== "anders")),
        periodFrom: new Date(ambulantFrom).toISOString().slice(0, 10),
        periodTo: new Date(Math.min(createdAt, ambulantFrom + rng.between(20, 120) * DAY)).toISOString().slice(0, 10),
        outcome: urgency === "crisis" ? "niet-beschikbaar" : "ingezet-onvoldoende",
        reason: rng.pick(AMBULANT_REASONS.filter((r) => r !== "anders")),
        recordedBy: REFERRER,
        createdAt: new Date(recordedAt),
      },
    ],
    transitions,
    reservations: reservationRows,
  };
}

/**
 * Writes the history in the seed's transaction. The requests belong to a disabled account that stands for the
 * referrers of the past: nobody signs in as it, and the demo verwijzer's own list starts empty.
 */
export async function writePlacementHistory(
  tx: Tx,
  history: PlacementHistory,
  locationIds: readonly number[],
  now: Date,
): Promise<number> {
  const [owner] = await tx
    .insert(users)
    .values({
      email: `verwijzingen-historie@${DEMO_EMAIL_DOMAIN}`,
      name: "Verwijzingen demohistorie",
      role: "verwijzer",
      // Not an argon2 hash: no password matches it.
      passwordHash: "!",
      disabledAt: now,
    })
    .returning({ id: users.id });
  if (!owner) throw new Error("seed: history account insert failed");
  const idOf = (index: number) => locationIds[index] as number;
  // Requests one by one for their ids; their children in one insert each.
  const alternatives: (typeof ambulantAlternatives.$inferInsert)[] = [];
  const transitions: (typeof requestTransitions.$inferInsert)[] = [];
  const reserved: (typeof reservations.$inferInsert)[] = [];
  for (const {
    alternatives: alts,
    transitions: moves,
    reservations: res,
    placedLocationIndex,
    ...r
  } of history.requests) {
    const placedLocationId = placedLocationIndex === null ? null : idOf(placedLocationIndex);
    const [row] = await tx
      .insert(placementRequests)
      .values({ ...r, createdBy: owner.id, placedLocationId })
      .returning({ id: placementRequests.id });
    if (!row) throw new Error("seed: request insert failed");
    alternatives.push(...alts.map((a) => ({ ...a, requestId: row.id })));
    transitions.push(...moves.map((t) => ({ ...t, requestId: row.id })));
    reserved.push(
      ...res.map(({ locationIndex, ...x }) => ({ ...x, requestId: row.id, locationId: idOf(locationIndex) })),
    );
  }
  for (const [table, rows] of [
    [ambulantAlternatives, alternatives],
    [requestTransitions, transitions],
    [reservations, reserved],
  ] as const) {
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(table).values(rows.slice(i, i + 1000) as never);
  }
  return history.requests.length;
}
