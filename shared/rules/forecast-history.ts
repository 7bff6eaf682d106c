// Reading the history for the forecast: each location's counts over time, each planned move's versions, what was
// known at a given moment, and which exits and intakes a planned move announced.
import type { CareType, Certainty, PlanDirection } from "../domain.js";
import type { HistoryInput, LocationState, OpenPlannedMove } from "./forecast.js";

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** A planned move counts as realised by an exit (intake) at most this many days from its expected date. */
export const MATCH_WINDOW_DAYS = 21;

/** Model parameters are kept per care type, and apart for crisis places (stays of weeks, not months). */
export function groupKey(careType: CareType, crisis: boolean): string {
  return crisis ? `${careType}:crisis` : careType;
}

/** A day as YYYY-MM-DD (UTC). */
export function isoDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** A planned move's date as an instant: midday, so a date never lands on the wrong side of a week boundary by hours. */
export function middayOf(date: string): number {
  return Date.parse(`${date}T12:00:00Z`);
}

export interface Timeline {
  id: number;
  careType: CareType;
  crisis: boolean;
  /** Event times and the counts after each event, ascending; taken = occupied + reserved. */
  at: number[];
  capacity: number[];
  taken: number[];
  /** One entry per place that came free (exit) or was taken (intake), ascending, from the count changes. */
  exits: number[];
  intakes: number[];
}

export interface MoveVersion {
  at: number;
  expectedDate: string;
  day: number;
  certainty: Certainty;
}

export interface MoveHistory {
  locationId: number;
  direction: PlanDirection;
  plannedId: number;
  /** Registration and every move to another date or certainty, ascending. */
  versions: MoveVersion[];
  cancelledAt: number | null;
}

export interface HistoryIndex {
  timelines: Map<number, Timeline>;
  /** In order of registration. */
  moves: MoveHistory[];
  movesByLocation: Map<number, MoveHistory[]>;
}

/** A history whose events may be produced one at a time (a worker decoding them from columns keeps no array of them). */
export interface HistorySource {
  locations: Iterable<HistoryInput["locations"][number]>;
  events: Iterable<HistoryInput["events"][number]>;
  planning: Iterable<HistoryInput["planning"][number]>;
}

export function indexHistory(history: HistorySource): HistoryIndex {
  const timelines = new Map<number, Timeline>();
  for (const l of history.locations) {
    timelines.set(l.id, {
      id: l.id,
      careType: l.careType,
      crisis: l.crisis,
      at: [],
      capacity: [],
      taken: [],
      exits: [],
      intakes: [],
    });
  }
  for (const e of history.events) {
    const t = timelines.get(e.locationId);
    if (!t) continue;
    const at = e.at.getTime();
    const taken = e.occupied + e.reserved;
    const before = t.taken[t.taken.length - 1];
    if (before !== undefined) {
      for (let i = taken; i < before; i++) t.exits.push(at);
      for (let i = before; i < taken; i++) t.intakes.push(at);
    }
    t.at.push(at);
    t.capacity.push(e.capacity);
    t.taken.push(taken);
  }

  const byKey = new Map<string, MoveHistory>();
  const moves: MoveHistory[] = [];
  for (const e of history.planning) {
    const key = `${e.direction}:${e.plannedId}`;
    let move = byKey.get(key);
    if (!move) {
      move = {
        locationId: e.locationId,
        direction: e.direction,
        plannedId: e.plannedId,
        versions: [],
        cancelledAt: null,
      };
      byKey.set(key, move);
      moves.push(move);
    }
    const at = e.at.getTime();
    if (e.action === "geannuleerd") move.cancelledAt ??= at;
    else
      move.versions.push({ at, expectedDate: e.expectedDate, day: middayOf(e.expectedDate), certainty: e.certainty });
  }
  const movesByLocation = new Map<number, MoveHistory[]>();
  for (const move of moves) {
    const list = movesByLocation.get(move.locationId) ?? [];
    list.push(move);
    movesByLocation.set(move.locationId, list);
  }
  return { timelines, moves, movesByLocation };
}

/** Index of the last event before t (strictly, or at or before t with `inclusive`); -1 when there is none. */
export function eventIndexAt(t: Timeline, time: number, inclusive = false): number {
  let lo = 0;
  let hi = t.at.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = t.at[mid] as number;
    if (at < time || (inclusive && at === time)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Visits each stretch between a location's events before `end`, with the places taken and free during it. Exposure
 * runs up to the last event before `end`: after it nothing is known about the location.
 */
export function forEachStretch(
  t: Timeline,
  end: number,
  visit: (from: number, to: number, taken: number, free: number) => void,
): void {
  const last = eventIndexAt(t, end);
  for (let i = 1; i <= last; i++) {
    const taken = t.taken[i - 1] as number;
    visit(t.at[i - 1] as number, t.at[i] as number, taken, Math.max(0, (t.capacity[i - 1] as number) - taken));
  }
}

/** Free places (capacity minus taken, never negative) after the last event at or before `time`; null when none. */
export function freeAt(t: Timeline, time: number): number | null {
  const i = eventIndexAt(t, time, true);
  if (i < 0) return null;
  return Math.max(0, (t.capacity[i] as number) - (t.taken[i] as number));
}

/** The state a forecast at `time` starts from: only events before it. Reserved places count as taken. */
export function stateAt(t: Timeline, time: number, municipality: LocationState["municipality"]): LocationState | null {
  const i = eventIndexAt(t, time);
  if (i < 0) return null;
  const capacity = t.capacity[i] as number;
  const taken = t.taken[i] as number;
  return { id: t.id, careType: t.careType, municipality, crisis: t.crisis, capacity, occupied: taken, reserved: 0 };
}

/** The planned moves of a location open at `time`, as they were known then (planning events before it). */
export function openMovesAt(moves: readonly MoveHistory[], time: number): OpenPlannedMove[] {
  const open: OpenPlannedMove[] = [];
  for (const move of moves) {
    const known = openVersionAt(move, time);
    if (!known) continue;
    const { expectedDate, certainty } = known;
    open.push({ locationId: move.locationId, direction: move.direction, expectedDate, certainty });
  }
  return open;
}

/**
 * The version a forecast at `time` works with: registered before it, not cancelled, dated on or after its day (a
 * plan dated before it either happened and is in the counts, or is overdue until the provider moves it).
 */
export function openVersionAt(move: MoveHistory, time: number): MoveVersion | undefined {
  if (move.cancelledAt !== null && move.cancelledAt < time) return undefined;
  const known = lastKnown(move, time);
  // Same as comparing YYYY-MM-DD strings with isoDay(time), without making strings in the fit's inner loop.
  return known && known.day >= Math.floor(time / DAY_MS) * DAY_MS ? known : undefined;
}

export function lastKnown(move: MoveHistory, time: number): MoveVersion | undefined {
  let known: MoveVersion | undefined;
  for (const v of move.versions) {
    if (v.at >= time) break;
    known = v;
  }
  return known;
}

/**
 * Which planned moves were realised, with the time of the exit (departures) or intake (admissions) that realised
 * them, using only what happened before `until`. Greedy per location, in order of expected date: each move takes the
 * nearest not yet taken exit (intake) after its registration and within MATCH_WINDOW_DAYS of its last known date.
 * Also returns, per location, which exits and intakes were announced this way: index -> the move.
 */
export function matchMoves(index: HistoryIndex, until: number) {
  const realisedAt = new Map<MoveHistory, number>();
  const announced = new Map<number, Announced>();
  const window = MATCH_WINDOW_DAYS * DAY_MS;
  for (const [locationId, moves] of index.movesByLocation) {
    const timeline = index.timelines.get(locationId);
    if (!timeline) continue;
    const taken: Announced = { exits: new Map(), intakes: new Map() };
    announced.set(locationId, taken);
    const candidates = moves
      .map((move) => ({ move, known: lastKnown(move, until) }))
      .filter((c) => c.known && (c.move.cancelledAt === null || c.move.cancelledAt >= until))
      .sort((a, b) => (a.known as MoveVersion).day - (b.known as MoveVersion).day);
    for (const { move, known } of candidates) {
      const day = (known as MoveVersion).day;
      const registered = (move.versions[0] as MoveVersion).at;
      const times = move.direction === "uitstroom" ? timeline.exits : timeline.intakes;
      const used = move.direction === "uitstroom" ? taken.exits : taken.intakes;
      let best = -1;
      for (let i = lowerBound(times, Math.max(day - window, registered)); i < times.length; i++) {
        const at = times[i] as number;
        if (at >= until || at > day + window) break;
        if (used.has(i)) continue;
        if (best < 0 || Math.abs(at - day) < Math.abs((times[best] as number) - day)) best = i;
      }
      if (best >= 0) {
        used.set(best, move);
        realisedAt.set(move, times[best] as number);
      }
    }
  }
  return { realisedAt, announced };
}

/** Per index into a timeline's exits (intakes): the planned move that announced it. */
export interface Announced {
  exits: Map<number, MoveHistory>;
  intakes: Map<number, MoveHistory>;
}

/** First index with times[i] >= value (times ascending). */
export function lowerBound(times: readonly number[], value: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Updates a location's reporting rhythm is judged on: its last this many gaps between updates. */
const CADENCE_GAPS = 20;
/** Beyond this many weeks stale, the forecast adds no more unreported weeks: the numbers are simply old. */
const MAX_UNREPORTED_WEEKS = 8;

export interface Reporting {
  /** Median time between its updates (confirmations included), ms; null: fewer than 4 updates. */
  cadenceMs: number | null;
  /** When it last reported (ms). */
  lastAt: number;
}

/** A location's reporting rhythm from its updates before `time` (#23 item 4); null: it never reported. */
export function reportingAt(t: Timeline, time: number): Reporting | null {
  const last = eventIndexAt(t, time);
  if (last < 0) return null;
  const gaps: number[] = [];
  for (let i = Math.max(1, last - CADENCE_GAPS + 1); i <= last; i++)
    gaps.push((t.at[i] as number) - (t.at[i - 1] as number));
  gaps.sort((a, b) => a - b);
  const cadenceMs = gaps.length >= 3 ? (gaps[Math.floor(gaps.length / 2)] as number) : null;
  return { cadenceMs, lastAt: t.at[last] as number };
}

/**
 * Whole weeks of change not reported yet at `time`: how far its last update lies beyond its usual rhythm. A location
 * that reports weekly and last did five days ago is up to date; one that usually reports every few days and has been
 * silent for three weeks has had changes it did not report, and its forecast starts that much earlier.
 */
export function unreportedWeeks(reporting: Reporting | null, time: number): number {
  if (!reporting || reporting.cadenceMs === null) return 0;
  const beyond = time - reporting.lastAt - Math.max(reporting.cadenceMs, DAY_MS);
  return Math.min(MAX_UNREPORTED_WEEKS, Math.max(0, Math.round(beyond / WEEK_MS)));
}
