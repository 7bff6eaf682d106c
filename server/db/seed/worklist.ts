// The demo's working day: open placement requests in every state of the worklist, made by the demo accounts through
// the placement use cases themselves and then dated back over the last days, so whoever opens the demo finds work to
// do: concepts, a search with a contra-indication among its matches, reservations waiting for the demo aanbieder, an
// escalation after declines, a crisis whose ambulant record is overdue, a place that comes free next week and
// JeugdzorgPlus requests with and without a machtiging (worklist-region-rules.ts), a respite request and one asking
// behandeling (worklist-flags.ts). Runs once the region and its accounts exist.
import { asc, eq, gt, inArray, max } from "drizzle-orm";
import { type Logger, pino } from "pino";
import { amsterdamToday } from "../../../shared/calendar.js";
import type { CareType, Characteristic, DeclineReason, Municipality, Role } from "../../../shared/domain.js";
import { MUNICIPALITY_NAMES, ROLES } from "../../../shared/domain.js";
import { municipalityOfPostcode } from "../../../shared/geo.js";
import { fitsHard } from "../../../shared/rules/matching.js";
import { plannedMoveInputSchema } from "../../../shared/schemas/forecast.js";
import {
  ambulantAlternativeSchema,
  type CreateRequest,
  createRequestSchema,
} from "../../../shared/schemas/placements.js";
import type { Config } from "../../config.js";
import { changeOccupancy } from "../../features/capacity/service.js";
import { registerMove } from "../../features/forecast/planning.js";
import { openMoves } from "../../features/forecast/repository.js";
import type { PlacementDeps } from "../../features/placements/deps.js";
import { createMatchIndex } from "../../features/placements/match-index.js";
import { candidatesIn, presentMatches } from "../../features/placements/matching.js";
import type { CandidateRow } from "../../features/placements/repository.js";
import * as requests from "../../features/placements/requests.js";
import { answer, reserve } from "../../features/placements/reservations.js";
import type { ChangeContext } from "../../policies/types.js";
import type { Db } from "../client.js";
import * as schema from "../schema.js";
import { demoEmail } from "./accounts.js";
import { DEFAULT_SEED } from "./generate.js";
import { Rng } from "./random.js";
import { redateRequest } from "./worklist-dates.js";
import { placeFlagRequests } from "./worklist-flags.js";
import { comingFree, jeugdzorgPlus } from "./worklist-region-rules.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The group reasons a residential provider gives most (placements-history.ts DECLINE_WEIGHTS). */
const DECLINE_REASONS: DeclineReason[] = ["groepssamenstelling", "zorgzwaarte-te-hoog", "personeel"];
/** Codes a location can declare as contra-indication and a youth can carry (region-profile.ts contras). */
const CONTRA_CODES: Characteristic[] = ["agressie", "verslaving", "brandstichting", "seksueel-grensoverschrijdend"];
/** Care types the searching request tries in turn until its best matches include a flagged one. */
const SEARCH_CARE_TYPES: CareType[][] = [
  ["kleinschalig-wonen"],
  ["gezinshuis"],
  ["kleinschalig-wonen", "residentieel"],
];

export type WorklistSettings = Pick<
  Config,
  "RESERVATION_EXPIRY_MINUTES" | "ESCALATE_AFTER_DECLINES" | "CRISIS_AMBULANT_DAYS" | "STALE_AFTER_HOURS" | "PUBLIC_URL"
>;

/** Requests made; the demo aanbieder's reservations to answer, declines and open planned departures. */
export type WorklistResult = Record<"requests" | "openReservations" | "declines" | "plannedDepartures", number>;

type Location = CandidateRow["location"];

export interface Day {
  deps: PlacementDeps;
  as: Record<"verwijzer" | "regisseur" | "aanbieder", ChangeContext>;
  rng: Rng;
  settings: WorklistSettings;
  now: number;
  today: string;
  providerId: number;
  /** The demo aanbieder's locations as matching sees them now. */
  own(): Promise<Location[]>;
  /** The verwijzer's own dossier numbers (unique per verwijzer). */
  nextCaseNumber(): string;
  made: number;
}

/** Seeds the worklist; the demo accounts (accounts.ts) must exist. Deterministic for a seed and a day. */
export async function seedDemoWorklist(
  db: Db,
  settings: WorklistSettings,
  options: { seed?: number; logger?: Logger } = {},
): Promise<WorklistResult> {
  const matchIndex = createMatchIndex(db, options.logger ?? pino({ level: "silent" }));
  const noop = () => {};
  const deps: PlacementDeps = {
    db,
    // Nobody is connected yet: the app reads all of this from the database when it starts.
    capacity: { db, publish: noop, staleAfterHours: settings.STALE_AFTER_HOURS },
    matchIndex,
    config: {
      reservationExpiryMinutes: settings.RESERVATION_EXPIRY_MINUTES,
      escalateAfterDeclines: settings.ESCALATE_AFTER_DECLINES,
      crisisAmbulantDays: settings.CRISIS_AMBULANT_DAYS,
    },
    notifyProvider: noop,
    notifyRequest: noop,
    notifyWatcher: noop,
    // The use cases fill the demo accounts' inboxes as they go; the RET is not mailed about a demo.
    notifications: { publicUrl: settings.PUBLIC_URL },
    notifyUsers: noop,
  };
  const as = await demoActors(db);
  const providerId = as.aanbieder.actor.kind === "user" ? as.aanbieder.actor.providerId : null;
  if (providerId === null) throw new Error("seed: the demo aanbieder is not bound to a provider");
  const ownIds = (await ownLocations(db, providerId)).map((r) => r.id);
  const now = Date.now();
  const rng = new Rng(((options.seed ?? DEFAULT_SEED) ^ 0x3017) >>> 0);
  const today = amsterdamToday(new Date(now));
  let caseNumber = rng.int(120, 480);
  const nextCaseNumber = () => {
    caseNumber += rng.int(1, 9);
    return `TW-${today.slice(0, 4)}-${String(caseNumber).padStart(4, "0")}`;
  };
  const day: Day = {
    ...{ deps, as, rng, settings, now, today, providerId },
    own: async () => {
      const snapshot = await matchIndex.current();
      return ownIds.flatMap((id) => snapshot.locations.get(id)?.location ?? []);
    },
    nextCaseNumber,
    made: 0,
  };
  const [outbox] = await db.select({ last: max(schema.mailOutbox.id) }).from(schema.mailOutbox);
  try {
    await freeAPlace(day);
    const declines = await escalated(day);
    const open = [await reserved(day, false), await reserved(day, true)].filter(Boolean).length;
    // Before the searching request with a contra-indication, which stays the newest searching regular request.
    await comingFree(day);
    await jeugdzorgPlus(day);
    await placeFlagRequests(day);
    await searchingWithContraIndication(day);
    await concepts(day);
    await crisisOverdue(day);
    const plannedDepartures = await departures(day, ownIds);
    // The demo's inboxes are its history, dated back with it: no e-mail about them goes out at startup.
    await db.delete(schema.mailOutbox).where(gt(schema.mailOutbox.id, outbox?.last ?? 0));
    return { requests: day.made, openReservations: open, declines, plannedDepartures };
  } finally {
    await matchIndex.close();
  }
}

const { locations } = schema;
export const ownLocations = (db: Db, providerId: number) =>
  db.select().from(locations).where(eq(locations.providerId, providerId)).orderBy(asc(locations.id));

/** The demo accounts, as the use cases see a signed-in caller. */
async function demoActors(db: Db): Promise<Day["as"]> {
  const rows = await db
    .select()
    .from(schema.users)
    .where(inArray(schema.users.email, ROLES.map(demoEmail)));
  const as = (role: Role): ChangeContext => {
    const user = rows.find((u) => u.email === demoEmail(role));
    if (!user) throw new Error(`seed: demo account ${demoEmail(role)} is missing; seed the accounts first`);
    const { id, name, providerId } = user;
    return { actor: { kind: "user", id, name, role, providerId, sessionId: "", csrfToken: "" }, ip: "" };
  };
  return { verwijzer: as("verwijzer"), regisseur: as("regisseur"), aanbieder: as("aanbieder") };
}

/** Twente's PC4 areas per gemeente (shared/geo.ts), for home and school postcodes. */
const POSTCODES = new Map<Municipality, string[]>();
for (let n = 7400; n < 7700; n++) {
  const municipality = municipalityOfPostcode(String(n));
  if (municipality) POSTCODES.set(municipality, [...(POSTCODES.get(municipality) ?? []), String(n)]);
}

export const dayAfter = (today: string, days: number) =>
  new Date(Date.parse(`${today}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * A request as the API's own schema parses it: by default for a youth this location can take (care type, age, gender),
 * with a code it serves, living in its gemeente (requests are Twente's: for a location outside it, Enschede).
 */
export function youth(day: Day, l: Location | undefined, fields: Partial<CreateRequest> = {}): CreateRequest {
  const { rng } = day;
  const lowest = Math.max(l?.ageMin ?? 14, 8);
  const home: Municipality = MUNICIPALITY_NAMES.find((m) => m === l?.municipality) ?? "Enschede";
  const postcodes = POSTCODES.get(fields.homeMunicipality ?? home) ?? ["7511"];
  const served = l?.targetGroups.filter((c) => c !== "broers-zussen" && c !== "jonge-moeder") ?? [];
  return createRequestSchema.parse({
    caseNumber: day.nextCaseNumber(),
    age: rng.int(lowest, Math.max(lowest, Math.min(l?.ageMax ?? 17, 17))),
    gender: l?.gender === "jongens" ? "jongen" : l?.gender === "meisjes" ? "meisje" : rng.pick(["jongen", "meisje"]),
    homeMunicipality: home,
    homePostcode: rng.pick(postcodes),
    schoolPostcode: rng.pick(postcodes),
    urgency: "regulier",
    wantedStart: dayAfter(day.today, 14),
    characteristics: rng.sample(served, 1),
    acceptableCareTypes: l ? [l.careType] : ["kleinschalig-wonen"],
    complex: false,
    ...fields,
  });
}

/** The verwijzer's part: the request, its ambulant record (rule 1) and, when asked, the request to search. */
export async function submit(day: Day, input: CreateRequest, steps: { record: boolean; search: boolean }) {
  const { deps, as, rng } = day;
  const request = await requests.createRequest(deps, input, as.verwijzer);
  day.made += 1;
  if (steps.record) {
    const alternative = ambulantAlternativeSchema.parse({
      type: rng.pick(["intensieve-ambulante-gezinsbehandeling", "team-anders", "ambulant-team-met-bed"]),
      periodFrom: dayAfter(day.today, -rng.int(60, 120)),
      periodTo: dayAfter(day.today, -rng.int(7, 21)),
      outcome: "ingezet-onvoldoende",
      reason: rng.pick(["veiligheid-onvoldoende", "zorgzwaarte-te-hoog", "gezin-niet-belastbaar"]),
    });
    await requests.addAmbulantAlternative(deps, request.id, alternative, as.verwijzer);
  }
  if (steps.search) await startSearch(day, request.id);
  return request;
}

// Asking to search releases no reservation: there is none yet.
const startSearch = (day: Day, id: number) =>
  requests.transition(day.deps, id, "zoekend", day.as.verwijzer, async () => {});

/**
 * A place a regular request takes without exception: free places count as crisis places first (crisisFreePlaces), so
 * only those beyond the location's crisis places are regular.
 */
const regularFree = (l: Pick<Location, "free" | "crisisPlaces">) => l.free > l.crisisPlaces;

/** Demo data can leave the demo aanbieder full; then a youth left this morning, through the capacity write path. */
async function freeAPlace(day: Day) {
  if ((await day.own()).filter(regularFree).length >= 2) return;
  const rows = await ownLocations(day.deps.db, day.providerId);
  const [full] = rows.filter((l) => l.occupied > 0 && l.crisisPlaces === 0).sort((a, b) => a.free - b.free);
  if (full) await changeOccupancy(day.deps.capacity, full.id, { change: "vrijgekomen", places: 1 }, day.as.aanbieder);
}

/** Declined by the demo aanbieder's groups until ESCALATE_AFTER_DECLINES escalates it to the RET (opschaling). */
async function escalated(day: Day): Promise<number> {
  const { deps, as, settings, now } = day;
  const own = (await day.own()).filter(regularFree);
  if (!own[0]) return 0;
  const input = youth(day, own[0], { complex: true });
  const request = await submit(day, input, { record: true, search: false });
  const analysis = { madeOn: dayAfter(day.today, -30), madeBy: "Gedragswetenschapper GI" };
  await requests.setExplanatoryAnalysis(deps, request.id, analysis, as.verwijzer);
  await startSearch(day, request.id);
  const fitting = own.filter((l) => fitsHard(input, l));
  const n = settings.ESCALATE_AFTER_DECLINES;
  for (let k = 0; k < n; k++) {
    // The story is the declines: should a more home-like place be free, the regisseur's coded reason is the wait.
    const location = (fitting[k % fitting.length] as Location).id;
    const reservation = await reserve(deps, request.id, location, as.regisseur, { homeLikeReason: "wachttijd" });
    const reason = DECLINE_REASONS[k % DECLINE_REASONS.length] as DeclineReason;
    await answer(deps, reservation.id, { answer: "weigeren", reason }, as.aanbieder);
  }
  // Made three weeks ago; the declines spread over the weeks after, each answered before the next reservation.
  const start = now - 20 * DAY;
  const slot = (18 * DAY) / n;
  const times = [now - 21 * DAY, now - 21 * DAY + HOUR, start];
  for (let k = 0; k < n; k++) times.push(start + slot * (k + 0.3), start + slot * (k + 0.7));
  await redate(day, request.id, times);
  return n;
}

/**
 * A request reserved at one of the demo aanbieder's locations a few hours ago, waiting for its answer; with
 * contraIndication, at a location that declares one of the youth's codes, so accepting needs explicit agreement.
 */
async function reserved(day: Day, contraIndication: boolean): Promise<boolean> {
  const { now, settings, rng } = day;
  const own = (await day.own()).filter(regularFree);
  const declares = (l: Location) => l.contraIndications.some((c) => CONTRA_CODES.includes(c));
  const location = (contraIndication ? own.find(declares) : undefined) ?? own[0];
  if (!location) return false;
  const input = youth(day, location);
  const declared = location.contraIndications.filter((c) => CONTRA_CODES.includes(c));
  if (contraIndication && declared.length > 0) input.characteristics.push(rng.pick(declared));
  const request = await submit(day, input, { record: true, search: true });
  await reserve(day.deps, request.id, location.id, day.as.regisseur);
  // Reserved a few hours ago at most, so most of the expiry is still ahead when the demo opens.
  const reservedAt =
    now - Math.min((contraIndication ? 2 : 3) * HOUR, (settings.RESERVATION_EXPIRY_MINUTES * MINUTE) / 5);
  const made = now - (contraIndication ? 5 : 8) * DAY;
  await redate(day, request.id, [made - 3 * HOUR, made - 2 * HOUR, made + 19 * HOUR, reservedAt]);
  return true;
}

/**
 * Searching, with fitting matches of which one is flagged: the youth carries a code a good location declares as
 * contra-indication (rule 4: shown, flagged, ranked lower). The profile is chosen with the matching view's own code
 * over the region as it is now, trying care types and gemeenten in a seeded order until the flagged one is listed
 * after a few clean fits.
 */
async function searchingWithContraIndication(day: Day) {
  const snapshot = await day.deps.matchIndex.current();
  const gender = day.rng.pick(["jongen", "meisje"] as const);
  let fallback: CreateRequest | undefined;
  const profile = () => {
    for (const acceptableCareTypes of SEARCH_CARE_TYPES) {
      for (const homeMunicipality of day.rng.sample(MUNICIPALITY_NAMES, MUNICIPALITY_NAMES.length)) {
        for (const code of CONTRA_CODES) {
          const characteristics: Characteristic[] = [code, "trauma"];
          const fields = { homeMunicipality, age: 14, gender, acceptableCareTypes, characteristics };
          const input = youth(day, undefined, { ...fields, wantedStart: dayAfter(day.today, 21) });
          const listed = presentMatches(input, candidatesIn(input, snapshot), day.settings.STALE_AFTER_HOURS);
          // The best DEFAULT_MATCH_LIMIT, as the matching view lists them.
          const flagged = listed.matches.findIndex((m) => m.contraIndications.length > 0);
          if (flagged >= 3 && flagged < 12) return input;
          if (flagged >= 0) fallback ??= input;
        }
      }
    }
    return fallback;
  };
  const input = profile();
  if (!input) return;
  const request = await submit(day, input, { record: true, search: true });
  const { now } = day;
  await redate(day, request.id, [now - 4 * DAY - 2 * HOUR, now - 4 * DAY - HOUR, now - 3 * DAY - 6 * HOUR]);
}

/** Two requests still with the verwijzer: one without its ambulant record (rule 1), one ready to search. */
async function concepts(day: Day) {
  const { now } = day;
  const own = await day.own();
  const [a, b] = [own[own.length - 1], own[Math.floor(own.length / 2)]];
  if (!a || !b) return;
  const acceptableCareTypes = [...new Set<CareType>(["gezinshuis", a.careType])];
  const bare = youth(day, a, { acceptableCareTypes, wantedStart: dayAfter(day.today, 28) });
  await redate(day, (await submit(day, bare, { record: false, search: false })).id, [now - 90 * MINUTE]);
  const recorded = await submit(day, youth(day, b), { record: true, search: false });
  await redate(day, recorded.id, [now - DAY - 5 * HOUR, now - DAY - 4 * HOUR]);
}

/** A crisis placement searched at once; its ambulant record was owed two days ago and is still missing (rule 1). */
async function crisisOverdue(day: Day) {
  const own = await day.own();
  const location = own[1] ?? own[0];
  if (!location) return;
  const acceptableCareTypes = [...new Set<CareType>(["pleegzorg", "gezinshuis", location.careType])];
  const input = youth(day, location, { urgency: "crisis", wantedStart: day.today, acceptableCareTypes });
  const request = await submit(day, input, { record: false, search: true });
  const createdAt = day.now - (day.settings.CRISIS_AMBULANT_DAYS + 2) * DAY;
  await redate(day, request.id, [createdAt, createdAt + 10 * MINUTE]);
}

/** The demo aanbieder's verwachte uitstroom: at least two open ones, registered by it when the history left fewer. */
async function departures(day: Day, ownIds: number[]): Promise<number> {
  const { db } = day.deps;
  const open = async () => (await openMoves(db, day.today, ownIds)).filter((m) => m.direction === "uitstroom").length;
  const occupied = (await ownLocations(db, day.providerId)).filter((l) => l.occupied > 0);
  const plans = [
    [6, "zeker"],
    [17, "waarschijnlijk"],
  ] as const;
  for (const [days, certainty] of plans) {
    const at = occupied[days % Math.max(1, occupied.length)];
    if (!at || (await open()) >= 2) break;
    const move = { direction: "uitstroom", expectedDate: dayAfter(day.today, days), certainty };
    await registerMove({ db, changed: () => {} }, at.id, plannedMoveInputSchema.parse(move), day.as.aanbieder);
  }
  return open();
}

export const redate = (day: Day, requestId: number, times: readonly number[]) =>
  redateRequest(day.deps.db, day.settings, requestId, times);
