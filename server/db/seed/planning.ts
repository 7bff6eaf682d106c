// The demo planning history: providers announce departures (and a few admissions) of the simulated beds ahead of
// time, move some, cancel some, and register some that do not happen. Generated purely and deterministically, like
// generate.ts; writePlanning stores it.
import type { CareType, Certainty, Municipality, PlanAction, PlanDirection } from "../../../shared/domain.js";
import type { HistoryInput } from "../../../shared/rules/forecast.js";
import { isoDay, middayOf } from "../../../shared/rules/forecast-history.js";
import type { Tx } from "../client.js";
import { plannedAdmissions, plannedDepartures, planningEvents } from "../schema.js";
import type { DemoData } from "./generate.js";
import { Rng } from "./random.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A bed's change: a youth leaves (-1) or comes (+1) at `at`; `since` is when the bed's previous state began. */
export interface BedMove {
  at: number;
  delta: -1 | 1;
  since: number;
}

export interface PlanningSubject {
  careType: CareType;
  crisis: boolean;
  createdAt: number;
  /** The provider's last activity: nothing is registered from then on. */
  until: number;
  actor: string;
  /** Every bed change, past and future (the simulation runs past now so open plans announce real exits). */
  moves: BedMove[];
}

export type DemoPlannedMove = Omit<typeof plannedDepartures.$inferSelect, "id" | "locationId" | "reservationId"> & {
  locationIndex: number;
};
export type DemoPlanningEvent = Omit<typeof planningEvents.$inferSelect, "id" | "locationId" | "plannedId"> & {
  locationIndex: number;
  /** Index into departures or admissions (by direction); the seed maps it to the row's id. */
  plannedIndex: number;
};
export interface DemoPlanning {
  departures: DemoPlannedMove[];
  admissions: DemoPlannedMove[];
  /** Ascending by time. */
  events: DemoPlanningEvent[];
}

/** Share of exits registered in advance and how far ahead (days): family homes and groups plan; crisis beds rarely. */
const ANNOUNCE: Record<CareType, { share: number; leadDays: [number, number] }> = {
  pleegzorg: { share: 0.6, leadDays: [14, 56] },
  gezinshuis: { share: 0.75, leadDays: [14, 56] },
  "kleinschalig-wonen": { share: 0.75, leadDays: [7, 56] },
  residentieel: { share: 0.7, leadDays: [7, 56] },
  driemilieu: { share: 0.8, leadDays: [7, 56] },
  // The end of a court authorisation (machtiging) is known, but is often extended.
  jeugdzorgplus: { share: 0.65, leadDays: [7, 42] },
};
const CRISIS_ANNOUNCE = { share: 0.15, leadDays: [2, 10] as [number, number] };
/** Planned admissions: matched intakes, announced days to weeks ahead; never on crisis beds. */
const ADMIT_SHARE: Record<CareType, number> = {
  pleegzorg: 0.3,
  gezinshuis: 0.35,
  "kleinschalig-wonen": 0.2,
  residentieel: 0.15,
  driemilieu: 0.25,
  jeugdzorgplus: 0.1,
};
const ADMIT_LEAD_DAYS: [number, number] = [3, 21];
/** Spread (sd, days) of the registered date around the real one. */
const DATE_NOISE_DAYS: Record<Certainty, number> = { zeker: 2, waarschijnlijk: 5, onzeker: 9 };
/** Per announced real exit of this certainty, the chance of one more registration that does not happen. */
const FALSE_ALARM: Record<Certainty, number> = { zeker: 0.04, waarschijnlijk: 0.2, onzeker: 0.9 };
const UPGRADE: Record<Certainty, Certainty> = { onzeker: "waarschijnlijk", waarschijnlijk: "zeker", zeker: "zeker" };

interface Step {
  at: number;
  action: PlanAction;
  expectedDate: string;
  certainty: Certainty;
}

export function planDemoMoves(subjects: readonly PlanningSubject[], seed: number): DemoPlanning {
  // Its own stream, so the planning never changes the capacity history of the same seed.
  const rng = new Rng((seed ^ 0x2545f491) >>> 0);
  const planning: DemoPlanning = { departures: [], admissions: [], events: [] };
  subjects.forEach((subject, locationIndex) => {
    const record = (direction: PlanDirection, steps: Step[]) =>
      recordMove(planning, subject, locationIndex, direction, steps);
    const announcedCertainties: Certainty[] = [];
    for (const move of subject.moves) {
      if (move.delta < 0) {
        const steps = announceDeparture(rng, subject, move);
        if (steps && record("uitstroom", steps)) announcedCertainties.push((steps[0] as Step).certainty);
      } else if (!subject.crisis && rng.chance(ADMIT_SHARE[subject.careType])) {
        const steps = announceAdmission(rng, move);
        // A tenth more are registered that fall through.
        if (steps && record("instroom", steps) && rng.chance(0.1)) {
          record("instroom", falseAlarm(rng, subject, "zeker"));
        }
      }
    }
    for (const certainty of announcedCertainties) {
      if (rng.chance(FALSE_ALARM[certainty])) record("uitstroom", falseAlarm(rng, subject, certainty));
    }
  });
  planning.events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.locationIndex - b.locationIndex);
  return planning;
}

/** A real exit, registered ahead (or not), firmed up, moved to the real date when it came early, or cancelled. */
function announceDeparture(rng: Rng, s: PlanningSubject, move: BedMove): Step[] | null {
  const style = s.crisis ? CRISIS_ANNOUNCE : ANNOUNCE[s.careType];
  if (!rng.chance(style.share)) return null;
  const x = move.at;
  let registered = x - rng.between(...style.leadDays) * DAY;
  // A departure is planned once the stay is under way, not on the day the youth arrives.
  const earliest = move.since + 0.25 * (x - move.since);
  if (registered < earliest) registered = earliest + rng.next() * 0.5 * (x - earliest);
  if (!s.crisis) registered = officeHours(registered, rng);
  if (registered >= x - HOUR) return null;
  const leadDays = (x - registered) / DAY;
  const certainty = rng.weighted(["zeker", "waarschijnlijk", "onzeker"] as const, certaintyWeights(leadDays));
  const steps: Step[] = [{ at: registered, action: "gepland", ...dated(rng, x, certainty, s.crisis, registered) }];
  const first = steps[0] as Step;
  if (certainty !== "zeker" && Math.abs(middayOf(first.expectedDate) - x) > 4 * DAY && rng.chance(0.5)) {
    const at = registered + rng.between(0.4, 0.9) * (x - registered);
    if (at < x - DAY) {
      steps.push({ at, action: "verplaatst", ...dated(rng, x, UPGRADE[certainty], s.crisis, at) });
    }
  }
  const last = steps[steps.length - 1] as Step;
  const planned = middayOf(last.expectedDate);
  if (rng.chance(0.04)) {
    // The plan falls through; the youth leaves later anyway, unannounced.
    steps.push({ ...last, at: last.at + rng.next() * (x - last.at), action: "geannuleerd" });
  } else if (x < planned - DAY && rng.chance(0.85)) {
    // Left earlier than planned: the provider puts in the real date.
    steps.push(realDate(x + rng.between(0.5, 4) * HOUR));
  } else if (x > planned + 3 * DAY && rng.chance(0.6)) {
    // Still there after the planned date: the provider moves it (if it gets to it before the youth leaves).
    const at = planned + rng.between(0, 2) * DAY;
    if (at > last.at && at < x) {
      steps.push({ at, action: "verplaatst", ...dated(rng, x, "waarschijnlijk", s.crisis, at) });
    }
  }
  return steps;
}

function announceAdmission(rng: Rng, move: BedMove): Step[] | null {
  const x = move.at;
  const registered = officeHours(x - rng.between(...ADMIT_LEAD_DAYS) * DAY, rng);
  if (registered >= x - HOUR) return null;
  const certainty = rng.weighted(["zeker", "waarschijnlijk", "onzeker"] as const, [60, 35, 5]);
  const steps: Step[] = [{ at: registered, action: "gepland", ...dated(rng, x, certainty, false, registered) }];
  if (x < middayOf((steps[0] as Step).expectedDate) - DAY && rng.chance(0.8)) {
    steps.push(realDate(x + rng.between(0.5, 4) * HOUR));
  }
  return steps;
}

/** A registration that does not happen: at some time in the history, a date weeks ahead; cancelled or left to lapse. */
function falseAlarm(rng: Rng, s: PlanningSubject, certainty: Certainty): Step[] {
  const style = s.crisis ? CRISIS_ANNOUNCE : ANNOUNCE[s.careType];
  let registered = s.createdAt + rng.next() * (s.until - s.createdAt);
  if (!s.crisis) registered = officeHours(registered, rng);
  const lead = rng.between(...style.leadDays) * DAY;
  const steps: Step[] = [
    { at: registered, action: "gepland", ...dated(rng, registered + lead, certainty, s.crisis, registered) },
  ];
  if (rng.chance(certainty === "onzeker" ? 0.4 : 0.7)) {
    steps.push({ ...(steps[0] as Step), at: registered + rng.between(0.3, 1.2) * lead, action: "geannuleerd" });
  }
  return steps;
}

/** Re-dated to the day it happened, entered a few hours later (a date before that day would be refused). */
function realDate(at: number): Step {
  return { at, action: "verplaatst", expectedDate: isoDay(at), certainty: "zeker" };
}

/** Far-off exits are registered less surely. */
function certaintyWeights(leadDays: number): number[] {
  if (leadDays < 14) return [70, 25, 5];
  if (leadDays < 35) return [40, 45, 15];
  return [20, 50, 30];
}

/**
 * The date a provider registers at `registeredAt` for an event at `x`: off by the certainty's noise, never before the
 * day of registering (the API refuses past dates); group moves fall on weekdays.
 */
function dated(rng: Rng, x: number, certainty: Certainty, crisis: boolean, registeredAt: number) {
  let t = Math.max(registeredAt, x + rng.normal() * DATE_NOISE_DAYS[certainty] * DAY);
  if (!crisis) {
    const weekday = new Date(t).getUTCDay();
    if (weekday === 6) t = t - DAY >= registeredAt ? t - DAY : t + 2 * DAY;
    else if (weekday === 0) t += DAY;
  }
  return { expectedDate: isoDay(t), certainty };
}

/** Keeps the steps before the provider's last activity; returns whether the registration itself made it. */
function recordMove(
  planning: DemoPlanning,
  s: PlanningSubject,
  locationIndex: number,
  direction: PlanDirection,
  steps: Step[],
): boolean {
  const kept = steps.filter((step) => step.at < s.until);
  const first = kept[0];
  if (!first || first.at < s.createdAt) return false;
  const list = direction === "uitstroom" ? planning.departures : planning.admissions;
  const last = kept[kept.length - 1] as Step;
  const cancelled = kept.find((step) => step.action === "geannuleerd");
  const plannedIndex = list.length;
  list.push({
    locationIndex,
    expectedDate: last.expectedDate,
    certainty: last.certainty,
    createdBy: s.actor,
    cancelledAt: cancelled ? new Date(cancelled.at) : null,
    createdAt: new Date(first.at),
  });
  let previous = -Infinity;
  for (const step of kept) {
    // One instant per step, so the history has one order.
    const at = Math.max(step.at, previous + 1000);
    previous = at;
    const { action, expectedDate, certainty } = step;
    planning.events.push({
      locationIndex,
      direction,
      plannedIndex,
      action,
      expectedDate,
      certainty,
      actor: s.actor,
      at: new Date(at),
    });
  }
  return true;
}

/** Planners register on weekdays in office hours (07-16 UTC); only ever moves forward. */
function officeHours(t: number, rng: Rng): number {
  const dayStart = Math.floor(t / DAY) * DAY;
  const hour = (t - dayStart) / HOUR;
  const weekday = new Date(dayStart).getUTCDay() % 6 !== 0;
  if (weekday && hour >= 7 && hour < 16) return t;
  let day = hour >= 16 ? dayStart + DAY : dayStart;
  while (new Date(day).getUTCDay() % 6 === 0) day += DAY;
  return day + 7 * HOUR + rng.between(0, 9 * HOUR);
}

/** The demo region as the forecast reads it from the database: ids 1..n in order, as a fresh seed hands them out. */
export function toHistoryInput(data: DemoData): { history: HistoryInput; municipalities: Map<number, Municipality> } {
  const municipalities = new Map<number, Municipality>();
  const locations = data.locations.map((l, i) => {
    municipalities.set(i + 1, l.municipality);
    return { id: i + 1, careType: l.careType, crisis: l.crisis, createdAt: l.createdAt };
  });
  const events = data.events.map((e) => ({
    locationId: e.locationIndex + 1,
    at: e.at,
    kind: e.kind,
    capacity: e.capacity,
    occupied: e.occupied,
    reserved: e.reserved,
  }));
  const planning = data.planning.events.map((e) => ({
    locationId: e.locationIndex + 1,
    direction: e.direction,
    plannedId: e.plannedIndex + 1,
    action: e.action,
    expectedDate: e.expectedDate,
    certainty: e.certainty,
    at: e.at,
  }));
  return { history: { locations, events, planning }, municipalities };
}

// Multi-row inserts, as in seed.ts.
const BATCH = 1000;

/** Writes the planned moves and their history; returns the number of planning events. */
export async function writePlanning(tx: Tx, planning: DemoPlanning, locationIds: readonly number[]): Promise<number> {
  const rowsOf = (moves: DemoPlannedMove[]) =>
    moves.map(({ locationIndex, ...move }) => ({ ...move, locationId: locationIds[locationIndex] as number }));
  const departureIds = await insertInBatches(rowsOf(planning.departures), (rows) =>
    tx.insert(plannedDepartures).values(rows).returning({ id: plannedDepartures.id }),
  );
  const admissionIds = await insertInBatches(rowsOf(planning.admissions), (rows) =>
    tx.insert(plannedAdmissions).values(rows).returning({ id: plannedAdmissions.id }),
  );
  const events = planning.events.map(({ locationIndex, plannedIndex, ...event }) => ({
    ...event,
    locationId: locationIds[locationIndex] as number,
    plannedId: (event.direction === "uitstroom" ? departureIds : admissionIds)[plannedIndex] as number,
  }));
  await insertInBatches(events, (rows) => tx.insert(planningEvents).values(rows).returning({ id: planningEvents.id }));
  return events.length;
}

async function insertInBatches<T>(rows: T[], insert: (rows: T[]) => Promise<{ id: number }[]>): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const inserted = await insert(rows.slice(i, i + BATCH));
    // Identity values are handed out in the order of the VALUES list: the i-th smallest id is the i-th row.
    ids.push(...inserted.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}
