// The history as columns of typed arrays: how the server hands it to the evaluation's worker thread. The buffers are
// transferred, not copied, and the worker reads them back one event at a time, so neither side holds a second copy
// of a million event objects.
import {
  CAPACITY_EVENT_KINDS,
  CARE_TYPES,
  type CapacityEventKind,
  type CareType,
  CERTAINTIES,
  type Certainty,
  type LocationMunicipality,
  PLAN_ACTIONS,
  PLAN_DIRECTIONS,
  type PlanAction,
  type PlanDirection,
} from "../../../shared/domain.js";
import type { HistoryInput } from "../../../shared/rules/forecast.js";
import type { HistorySource } from "../../../shared/rules/forecast-history.js";

export interface HistoryColumns {
  locations: { id: Int32Array; careType: Uint8Array; crisis: Uint8Array; createdAt: Float64Array };
  events: {
    locationId: Int32Array;
    at: Float64Array;
    kind: Uint8Array;
    capacity: Int32Array;
    occupied: Int32Array;
    reserved: Int32Array;
  };
  planning: {
    locationId: Int32Array;
    direction: Uint8Array;
    plannedId: Int32Array;
    action: Uint8Array;
    certainty: Uint8Array;
    /** The expected date as days since 1970-01-01 (UTC). */
    expectedDay: Int32Array;
    at: Float64Array;
  };
  /** Location id and gemeente, in the same order. */
  municipalities: { id: Int32Array; name: LocationMunicipality[] };
}

const DAY_MS = 86_400_000;
/** Rows encoded between turns for other work (a yield costs a few microseconds; 50,000 rows about 5 ms). */
const CHUNK = 50_000;

const indexer = <T extends string>(values: readonly T[]) => {
  const map = new Map<string, number>(values.map((v, i) => [v, i]));
  return (v: T) => map.get(v) ?? 0;
};
const careTypeIndex = indexer(CARE_TYPES);
const kindIndex = indexer(CAPACITY_EVENT_KINDS);
const directionIndex = indexer(PLAN_DIRECTIONS);
const actionIndex = indexer(PLAN_ACTIONS);
const certaintyIndex = indexer(CERTAINTIES);

/** Encodes in chunks, awaiting `pause` between them so a server's requests keep their turn. */
export async function encodeHistory(
  history: HistoryInput,
  municipalities: ReadonlyMap<number, LocationMunicipality>,
  pause: () => Promise<unknown> = async () => {},
): Promise<HistoryColumns> {
  const ls = history.locations;
  const locations = {
    id: Int32Array.from(ls, (l) => l.id),
    careType: Uint8Array.from(ls, (l) => careTypeIndex(l.careType)),
    crisis: Uint8Array.from(ls, (l) => (l.crisis ? 1 : 0)),
    createdAt: Float64Array.from(ls, (l) => l.createdAt.getTime()),
  };
  const es = history.events;
  const n = es.length;
  const events = {
    locationId: new Int32Array(n),
    at: new Float64Array(n),
    kind: new Uint8Array(n),
    capacity: new Int32Array(n),
    occupied: new Int32Array(n),
    reserved: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const e = es[i] as HistoryInput["events"][number];
    events.locationId[i] = e.locationId;
    events.at[i] = e.at.getTime();
    events.kind[i] = kindIndex(e.kind);
    events.capacity[i] = e.capacity;
    events.occupied[i] = e.occupied;
    events.reserved[i] = e.reserved;
    if (i % CHUNK === CHUNK - 1) await pause();
  }
  const ps = history.planning;
  const m = ps.length;
  const planning = {
    locationId: new Int32Array(m),
    direction: new Uint8Array(m),
    plannedId: new Int32Array(m),
    action: new Uint8Array(m),
    certainty: new Uint8Array(m),
    expectedDay: new Int32Array(m),
    at: new Float64Array(m),
  };
  for (let i = 0; i < m; i++) {
    const p = ps[i] as HistoryInput["planning"][number];
    planning.locationId[i] = p.locationId;
    planning.direction[i] = directionIndex(p.direction);
    planning.plannedId[i] = p.plannedId;
    planning.action[i] = actionIndex(p.action);
    planning.certainty[i] = certaintyIndex(p.certainty);
    planning.expectedDay[i] = Math.round(Date.parse(`${p.expectedDate}T00:00:00Z`) / DAY_MS);
    planning.at[i] = p.at.getTime();
    if (i % CHUNK === CHUNK - 1) await pause();
  }
  const entries = [...municipalities];
  return {
    locations,
    events,
    planning,
    municipalities: { id: Int32Array.from(entries, ([id]) => id), name: entries.map(([, name]) => name) },
  };
}

/** The buffers to transfer with postMessage (they are unusable on the sending side afterwards). */
export function transferables(c: HistoryColumns): ArrayBuffer[] {
  return [c.locations, c.events, c.planning].flatMap((group) =>
    Object.values(group).map((column) => (column as Int32Array).buffer as ArrayBuffer),
  );
}

const iterable = <T>(rows: () => Generator<T>): Iterable<T> => ({ [Symbol.iterator]: rows });

/** The history read back row by row: one short-lived object per event, never an array of them all. */
export function decodeHistory(c: HistoryColumns): HistorySource {
  const { locations: l, events: e, planning: p } = c;
  return {
    locations: iterable(function* () {
      for (let i = 0; i < l.id.length; i++) {
        yield {
          id: l.id[i] as number,
          careType: CARE_TYPES[l.careType[i] as number] as CareType,
          crisis: l.crisis[i] === 1,
          createdAt: new Date(l.createdAt[i] as number),
        };
      }
    }),
    events: iterable(function* () {
      for (let i = 0; i < e.at.length; i++) {
        yield {
          locationId: e.locationId[i] as number,
          at: new Date(e.at[i] as number),
          kind: CAPACITY_EVENT_KINDS[e.kind[i] as number] as CapacityEventKind,
          capacity: e.capacity[i] as number,
          occupied: e.occupied[i] as number,
          reserved: e.reserved[i] as number,
        };
      }
    }),
    planning: iterable(function* () {
      for (let i = 0; i < p.at.length; i++) {
        yield {
          locationId: p.locationId[i] as number,
          direction: PLAN_DIRECTIONS[p.direction[i] as number] as PlanDirection,
          plannedId: p.plannedId[i] as number,
          action: PLAN_ACTIONS[p.action[i] as number] as PlanAction,
          expectedDate: new Date((p.expectedDay[i] as number) * DAY_MS).toISOString().slice(0, 10),
          certainty: CERTAINTIES[p.certainty[i] as number] as Certainty,
          at: new Date(p.at[i] as number),
        };
      }
    }),
  };
}

/** Each location's gemeente, from the columns. */
export function municipalitiesOf(c: HistoryColumns): Map<number, LocationMunicipality> {
  const m = c.municipalities;
  return new Map(Array.from(m.id, (id, i) => [id, m.name[i] as LocationMunicipality]));
}
