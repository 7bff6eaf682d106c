// Every location as matching sees it, held in memory by each server process and brought up to date before each
// match from what the database says changed since: the capacity event log (each event carries the counts it left,
// and its sequence order is commit order, see capacity/repository.ts writeChange), the planning events (taken in
// commit order under lockPlanningOrder) and locations added since. So an answer includes everything committed
// before it was asked for, on whichever process it was written, while ranking a national request costs about a
// millisecond of this process instead of a scored scan of every location in the database (README, bench:match).
// A location's lifecycle (opened, capacity or declared attributes changed, closed, reopened) is in the same log: such
// an event makes the index read that location anew, and a closed one leaves the index. A full reload every
// RELOAD_MS, and whenever the day changes, still picks up an edit made outside the application.
import type { Logger } from "pino";
import { amsterdamToday } from "../../../shared/calendar.js";
import { type CapacityEventKind, type CareType, LIFECYCLE_EVENT_KINDS } from "../../../shared/domain.js";
import { freePlaces } from "../../../shared/rules/capacity.js";
import { type CandidateFacts, candidateFacts, type PlannedDeparture } from "../../../shared/rules/matching.js";
import type { Db } from "../../db/client.js";
import { serialised } from "../forecast/serial.js";
import * as repo from "./repository.js";

const RELOAD_MS = 10 * 60_000;
const CATCH_UP_EVENTS = 5000;

/** A location with what ranking reads of it beside its counts, worked out once when it is read. */
export type IndexedRow = repo.CandidateRow & {
  facts: CandidateFacts;
  /** Where the row stands in its care type's list of open rows (byCareType); -1: not there. */
  openAt: number;
};

export interface MatchSnapshot {
  locations: ReadonlyMap<number, IndexedRow>;
  /**
   * Per care type, the rows with a free place or an open planned departure, in no order: only those can fit by any
   * date (about half of all), and a request accepts a few care types, so only those lists are looked at.
   */
  byCareType: ReadonlyMap<CareType, readonly IndexedRow[]>;
  /** Open planned departures dated from `day` on, per location. */
  departures: ReadonlyMap<number, readonly PlannedDeparture[]>;
  /** The Amsterdam day the departures were read from. */
  day: string;
}

/** What a caller read along with its request (repository.requestToMatch): how far the logs went, and the counts. */
export interface IndexRead {
  marks: repo.IndexMarks;
  /** The capacity events after `afterSeq` (what catchUpFrom said), at most CATCH_UP_EVENTS of them. */
  counts?: { afterSeq: number; events: repo.CountsAfter };
}

export interface MatchIndex {
  /**
   * The locations as the database holds them now (read-your-writes across processes); given what the caller read,
   * as they were then: no further read when the index has got that far already, or when only counts moved and the
   * caller brought them.
   */
  current(read?: IndexRead): Promise<MatchSnapshot>;
  /** Where a caller's read should start the counts it brings (undefined: bring none). */
  catchUpFrom(): { afterSeq: number; limit: number } | undefined;
  /**
   * A committed change on this process (the fan-out's matchIndex subscriber): a lifecycle event starts the catch-up
   * now, so the next match need not wait for it. Other processes find the event in the log when they are asked.
   */
  follow(event: { kind: CapacityEventKind }): void;
  close(): Promise<void>;
}

interface State extends MatchSnapshot {
  locations: Map<number, IndexedRow>;
  byCareType: Map<CareType, IndexedRow[]>;
  departures: Map<number, PlannedDeparture[]>;
  seq: number;
  planningId: number;
  lastLocationId: number;
  loadedAt: number;
}

export function createMatchIndex(db: Db, logger: Logger, now: () => Date = () => new Date()): MatchIndex {
  let state: State | undefined;

  async function load(): Promise<State> {
    // Marks first: whatever commits while the rest is read is applied (again) by the next refresh.
    const marks = await repo.indexMarks(db);
    const day = amsterdamToday(now());
    const started = performance.now();
    const [rows, departures] = await Promise.all([
      repo.candidateRows(db, { afterId: 0 }),
      repo.openDepartures(db, day),
    ]);
    const loaded: State = { ...marks, ...indexOf(rows, departures, day), loadedAt: Date.now() };
    logger.debug({ locations: rows.length, ms: Math.round(performance.now() - started) }, "match index loaded");
    return loaded;
  }

  const due = (s: State) => s.day !== amsterdamToday(now()) || Date.now() - s.loadedAt > RELOAD_MS;
  const covers = (s: State, m: repo.IndexMarks) =>
    !due(s) && s.seq >= m.seq && s.planningId >= m.planningId && s.lastLocationId >= m.lastLocationId;

  async function refresh(): Promise<State> {
    if (!state || due(state)) {
      state = await load();
      return state;
    }
    const s = state;
    const { marks, counts } = await repo.countsAfter(db, s.seq, CATCH_UP_EVENTS);
    if (covers(s, marks)) return s;
    // Far behind (nobody matched for a while): reading everything is cheaper than replaying the log.
    if (marks.seq - s.seq > CATCH_UP_EVENTS) {
      state = await load();
      return state;
    }
    const [added, planned] = await Promise.all([
      marks.lastLocationId > s.lastLocationId ? repo.candidateRows(db, { afterId: s.lastLocationId }) : [],
      marks.planningId > s.planningId ? repo.plannedBetween(db, s.planningId, marks.planningId) : [],
    ]);
    for (const row of added) if (row.location.closedOn === null) addRow(s, row);
    const unknown = applyCounts(s, counts);
    // A location whose insert committed after a newer one's (ids are handed out before commit) comes with its
    // first event; one without events waits for the next reload. A lifecycle event's location is read anew.
    const [late, departures] = await Promise.all([
      unknown.size > 0 ? repo.candidateRows(db, { ids: [...unknown] }) : [],
      planned.length > 0 || added.length > 0 || unknown.size > 0
        ? repo.openDepartures(db, s.day, [...planned, ...unknown, ...added.map((r) => r.location.id)])
        : [],
    ]);
    for (const row of late) {
      removeRow(s, row.location.id);
      if (row.location.closedOn === null) addRow(s, row);
    }
    // Every location whose departures were read again: planned anew, or read anew (a lifecycle event; its departures
    // came along, and added to the old ones they would count twice).
    const reread = [...planned, ...unknown];
    for (const id of reread) s.departures.delete(id);
    setDepartures(s, departures);
    for (const id of reread) sortRow(s, id);
    s.seq = Math.max(s.seq, marks.seq);
    s.planningId = marks.planningId;
    s.lastLocationId = marks.lastLocationId;
    return s;
  }

  /** Only counts moved, and the caller brought all of them: applied at once, without a read or a wait. */
  function caughtUp(s: State, read: IndexRead): boolean {
    const { marks, counts } = read;
    if (covers(s, marks)) return true;
    if (due(s) || s.planningId < marks.planningId || s.lastLocationId < marks.lastLocationId) return false;
    if (!counts || counts.afterSeq > s.seq || marks.seq - counts.afterSeq > CATCH_UP_EVENTS) return false;
    if (counts.events.some((e) => !s.locations.has(e.locationId) || isLifecycle(e.kind))) return false;
    applyCounts(s, counts.events);
    s.seq = marks.seq;
    return true;
  }

  const sync = serialised(refresh);
  return {
    current: async (read) => (read && state && caughtUp(state, read) ? state : sync.run()),
    catchUpFrom: () => (state ? { afterSeq: state.seq, limit: CATCH_UP_EVENTS } : undefined),
    follow: (event) => {
      if (!state || !isLifecycle(event.kind)) return;
      sync.run().catch((err) => logger.warn({ err }, "match index catch-up failed"));
    },
    close: async () => {
      await sync.idle();
    },
  };
}

const isLifecycle = (kind: CapacityEventKind) => LIFECYCLE_EVENT_KINDS.includes(kind);

/**
 * Each event holds the counts it left: applied in commit order, the last one is the location's state. Events the
 * index has passed already are skipped (a caller's read and a refresh may overlap), so nothing goes back in time.
 * Returns the locations to read anew: those not in the index, and those a lifecycle event changed.
 */
function applyCounts(s: State, counts: repo.CountsAfter): Set<number> {
  const unknown = new Set<number>();
  for (const e of counts) {
    if (e.seq <= s.seq) continue;
    const row = s.locations.get(e.locationId);
    if (!row || isLifecycle(e.kind)) {
      unknown.add(e.locationId);
      if (!row) continue;
    }
    row.location.free = freePlaces(e);
    row.location.lastConfirmedAt = e.lastConfirmedAt;
    row.facts = candidateFacts(row.location);
    sortRow(s, e.locationId);
  }
  return unknown;
}

/** The index of these rows (the open ones) and open departures, as read on `day`. */
export function indexOf(
  rows: readonly repo.CandidateRow[],
  departures: readonly PlannedDeparture[],
  day: string,
): Lists & { day: string } {
  const index: Lists & { day: string } = { day, locations: new Map(), byCareType: new Map(), departures: new Map() };
  for (const row of rows) if (row.location.closedOn === null) addRow(index, row);
  setDepartures(index, departures);
  return index;
}

type Lists = Pick<State, "locations" | "byCareType" | "departures">;

/** Puts a location's row in its care type's open list or takes it out, as its free places and departures say. */
function sortRow(s: Lists, id: number) {
  const row = s.locations.get(id);
  if (!row) return;
  const open = row.location.free > 0 || s.departures.has(id);
  if (open === row.openAt >= 0) return;
  if (open) {
    const list = s.byCareType.get(row.location.careType);
    row.openAt = list ? list.push(row) - 1 : 0;
    if (!list) s.byCareType.set(row.location.careType, [row]);
  } else leaveList(s, row);
}

/** Takes a row out of its open list: the list's last row takes its place (the list has no order). */
function leaveList(s: Lists, row: IndexedRow) {
  const list = s.byCareType.get(row.location.careType);
  const last = list?.pop();
  if (list && last && last !== row) {
    list[row.openAt] = last;
    last.openAt = row.openAt;
  }
  row.openAt = -1;
}

// Only the counts change in place (applyCounts, which makes the facts anew for the new lastConfirmedAt); a location
// whose declared attributes changed is read anew (a lifecycle event), and its facts with it.
function addRow(s: Lists, read: repo.CandidateRow) {
  // Added to the row as read, not copied into a new one: ranking walks thousands of rows, best where they were read.
  const row = Object.assign(read, { facts: candidateFacts(read.location), openAt: -1 });
  s.locations.set(row.location.id, row);
  sortRow(s, row.location.id);
}

/** Takes a location out (it closed, or is read anew: its care type may have changed). */
function removeRow(s: Lists, id: number) {
  const row = s.locations.get(id);
  if (!row) return;
  s.locations.delete(id);
  if (row.openAt >= 0) leaveList(s, row);
}

function setDepartures(s: Lists, departures: readonly PlannedDeparture[]) {
  for (const d of departures) {
    const list = s.departures.get(d.locationId);
    if (list) list.push(d);
    else s.departures.set(d.locationId, [d]);
    sortRow(s, d.locationId);
  }
}
