// The live vacancy forecast. Every location's distribution is kept in memory and brought up to date before each
// answer from what the database says changed (any process behind the load balancer may have written), the model is
// refitted once a day, and after a commit on this node every page showing totals hears forecast:changed.
import { setImmediate as yieldToRequests } from "node:timers/promises";
import type { Logger } from "pino";
import { amsterdamToday, originOf } from "../../../shared/calendar.js";
import { CARE_TYPES } from "../../../shared/domain.js";
import type { HistoryInput } from "../../../shared/rules/forecast.js";
import {
  aggregateForecast,
  type ForecastModel,
  fitForecastModel,
  forecastFromLastReport,
  type LocationDistribution,
  summarizeLocation,
} from "../../../shared/rules/forecast.js";
import { calibrateGroup, calibrateLocation } from "../../../shared/rules/forecast-combined.js";
import type { Calibration } from "../../../shared/rules/forecast-evaluation.js";
import { type Reporting, unreportedWeeks } from "../../../shared/rules/forecast-history.js";
import type { Forecast, ForecastQuery, GroupForecast, LocationForecast } from "../../../shared/schemas/forecast.js";
import type { Db } from "../../db/client.js";
import { NotFound } from "../../http/errors.js";
import { type Actor, can } from "../../policies/policy.js";
import { throttled } from "../../realtime/throttle.js";
import { currentSeq } from "../capacity/repository.js";
import { type Aggregate, coarseForecast } from "./coarse.js";
import { evaluateLive } from "./evaluation.js";
import { encodeHistory } from "./history-columns.js";
import { reportingOf } from "./reporting.js";
import * as repo from "./repository.js";
import { serialised } from "./serial.js";

// Clients refetch on every push: at most one a second, however busy the writers are.
const PUSH_INTERVAL_MS = 1000;
// The longest the recomputation holds the event loop before other work gets a turn.
const SLICE_MS = 5;
// Catches up with other processes' changes and notices a new day (refit) even when nobody asks.
const CHECK_INTERVAL_MS = 15 * 60_000;

export interface ForecastDeps {
  db: Db;
  logger: Logger;
  /** Tells every signed-in socket, on every process, that forecasts changed. */
  notify(seq: number): void;
  now?: () => Date;
  /** Run the daily rolling evaluation (default true); off for a bench timing the forecast path alone. */
  evaluate?: boolean;
}

export interface ForecastService {
  /** Loads the history and fits the model in the background; a failure is retried by the next request. */
  start(): void;
  /**
   * The total and groups within the filter. A reader who may not see locations gets the small-cells form
   * (coarse.ts); without a reader (the server itself, benchmarks) every care type x gemeente group.
   */
  forecast(query: ForecastQuery, reader?: Actor): Promise<Forecast>;
  locationForecast(locationId: number): Promise<LocationForecast>;
  /** A change committed on this node (capacity or planning): push forecast:changed, throttled. */
  changed(): void;
  close(): Promise<void>;
}

interface State {
  /** The Amsterdam day the model was fitted and the forecasts start on. */
  day: string;
  origin: Date;
  model: ForecastModel;
  /** The last capacity event and planning event included. */
  seq: number;
  planningId: number;
  distributions: Map<number, LocationDistribution>;
  /** The rolling evaluation of this day's history; undefined while it runs (the model's own values meanwhile). */
  calibration?: Calibration;
}

export function createForecastService(deps: ForecastDeps): ForecastService {
  const { db, logger } = deps;
  const now = deps.now ?? (() => new Date());
  let state: State | undefined;
  // Each location's reporting rhythm and last update: from the history at a rebuild, then touched by each change.
  let reporting = new Map<number, Reporting>();
  const evaluations = new Set<Promise<unknown>>();
  let closed = false;
  // Aggregates per care type x municipality group and per filter total; a change drops only those holding the
  // changed locations, so one change does not redo every group's convolution.
  const groups = new Map<string, GroupForecast>();
  const totals = new Map<string, GroupForecast>();
  // Merged groups of the small-cells form, keyed by their label and member cells.
  const merged = new Map<string, { cells: Set<string>; group: GroupForecast }>();
  // Cells changed while a finished evaluation's groups are calibrated ahead of the swap: those are left to be redone.
  let changedWhileWarming: Set<string> | undefined;
  const forget = (d: LocationDistribution | undefined) => {
    if (!d) return;
    const cell = cellOf(d);
    groups.delete(cell);
    changedWhileWarming?.add(cell);
    for (const [key, entry] of merged) if (entry.cells.has(cell)) merged.delete(key);
    for (const key of ["|", `${d.careType}|`, `|${d.municipality}`, `${d.careType}|${d.municipality}`])
      totals.delete(key);
  };

  async function rebuild(day: string): Promise<State> {
    // Watermarks first: whatever commits while the rest is read is caught up by the next refresh.
    const marks = await repo.watermarks(db);
    const started = performance.now();
    const history = await repo.loadHistory(db);
    const model = fitForecastModel(history, now());
    reporting = reportingOf(history, now().getTime());
    const origin = originOf(day);
    const distributions = new Map<number, LocationDistribution>();
    await forecastInto(distributions, model, origin, day);
    logger.info(
      { locations: distributions.size, ms: Math.round(performance.now() - started) },
      "forecast model fitted",
    );
    const built: State = { day, origin, model, seq: marks.seq, planningId: marks.planningId, distributions };
    if (deps.evaluate !== false) evaluate(built, history);
    return built;
  }

  /**
   * The rolling evaluation in the background, after the day's state is answering: the history is encoded into
   * compact columns in slices (the loaded rows are garbage after that), evaluated in a low-priority worker thread,
   * and its result rebuilt here in slices; then every care type x gemeente group is calibrated in slices before the
   * swap, so the first answer after it does not redo them all at once. Clients are told when it is in.
   */
  function evaluate(target: State, history: HistoryInput) {
    const started = performance.now();
    const work = (async () => {
      const municipalities = await repo.locationMunicipalities(db);
      const columns = await encodeHistory(history, municipalities, yieldToRequests);
      const calibration = await evaluateLive(columns, now(), {
        stopped: () => closed || state !== target,
        pause: yieldToRequests,
      });
      if (!calibration || !(await swapIn(target, calibration))) return;
      logger.info(
        { origins: calibration.origins, ms: Math.round(performance.now() - started) },
        "forecast evaluation done",
      );
      push.poke();
    })().catch((err) => logger.warn({ err }, "forecast evaluation failed"));
    evaluations.add(work);
    void work.finally(() => evaluations.delete(work));
  }

  /**
   * Calibrates every cell's group a slice at a time, then installs the calibration with them in one synchronous step;
   * cells changed meanwhile are left for the next answer. False when the state is no longer the evaluated one.
   */
  async function swapIn(target: State, calibration: Calibration): Promise<boolean> {
    const warmed = new Map<string, GroupForecast>();
    const changed = new Set<string>();
    changedWhileWarming = changed;
    try {
      let since = performance.now();
      for (const [cell, members] of groupBy([...target.distributions.values()], cellOf)) {
        if (closed || state !== target) return false;
        const [first] = members as [LocationDistribution];
        const group = aggregateForecast(members, first.careType, first.municipality);
        warmed.set(cell, calibrateGroup(group, members, calibration, false));
        if (performance.now() - since > SLICE_MS) {
          await yieldToRequests();
          since = performance.now();
        }
      }
      if (closed || state !== target) return false;
      target.calibration = calibration;
      groups.clear();
      totals.clear();
      merged.clear();
      for (const [cell, group] of warmed) if (!changed.has(cell)) groups.set(cell, group);
      return true;
    } finally {
      changedWhileWarming = undefined;
    }
  }

  async function forecastInto(
    into: Map<number, LocationDistribution>,
    model: ForecastModel,
    origin: Date,
    day: string,
    ids?: readonly number[],
  ) {
    const [states, planned] = await Promise.all([repo.locationStates(db, ids), repo.openPlanned(db, day, ids)]);
    const byLocation = groupBy(planned, (p) => p.locationId);
    // Asked for but not read: closed since (locationStates reads open locations only), so its forecast goes.
    const open = new Set(states.map((s) => s.id));
    for (const id of ids ?? []) if (!open.has(id)) into.delete(id);
    let since = performance.now();
    for (const s of states) {
      const unreported = unreportedWeeks(reporting.get(s.id) ?? null, origin.getTime());
      into.set(s.id, forecastFromLastReport(model, s, byLocation.get(s.id) ?? [], origin, unreported));
      // A busy second changes ~100 locations and a refit recomputes them all: let waiting requests in meanwhile.
      if (performance.now() - since > SLICE_MS) {
        await yieldToRequests();
        since = performance.now();
      }
    }
  }

  /** Brings the state up to what the database holds now, recomputing only the locations changed since. */
  async function refresh(): Promise<State> {
    const day = amsterdamToday(now());
    if (!state || state.day !== day) {
      state = await rebuild(day);
      groups.clear();
      totals.clear();
      merged.clear();
      return state;
    }
    const current = state;
    const marks = await repo.watermarks(db);
    const known = current.distributions;
    if (marks.seq === current.seq && marks.planningId === current.planningId && marks.locations === known.size) {
      return current;
    }
    const ids = await repo.changedLocations(db, current, marks);
    // Locations are added without a capacity event (by the beheerder or the seed): found by their number.
    if (marks.locations !== known.size) {
      const all = new Set(await repo.locationIds(db));
      for (const [id, d] of known) {
        if (all.has(id)) continue;
        forget(d);
        known.delete(id);
      }
      for (const id of all) if (!known.has(id)) ids.add(id);
    }
    // Before and after: a location that changed care type or municipality leaves one group for another.
    for (const id of ids) forget(known.get(id));
    // A change is a sign of life: its location's numbers count as just reported (its rhythm stays as it was).
    const at = now().getTime();
    for (const id of ids) reporting.set(id, { cadenceMs: reporting.get(id)?.cadenceMs ?? null, lastAt: at });
    if (ids.size > 0) await forecastInto(known, current.model, current.origin, day, [...ids]);
    for (const id of ids) forget(known.get(id));
    current.seq = marks.seq;
    current.planningId = marks.planningId;
    return current;
  }

  const aggregate: Aggregate = (cells, members, careType, municipality) => {
    const key = `${careType ?? ""}|${municipality ?? ""}|${cells}`;
    // A single cell is a plain care type x gemeente group: the same cache as the detailed answer.
    const plain = careType !== null && municipality !== null && !cells.includes(";");
    const cached = plain ? groups.get(cells) : merged.get(key)?.group;
    if (cached) return cached;
    const calibration = state?.calibration;
    const group = calibrateGroup(aggregateForecast(members, careType, municipality), members, calibration, !plain);
    if (plain) groups.set(cells, group);
    else merged.set(key, { cells: new Set(cells.split(";")), group });
    return group;
  };

  const sync = serialised(refresh);
  // The push says only that forecasts changed; whoever shows one asks, and that answer brings the state up to date.
  // So a process whose changes nobody is looking at spends nothing on recomputing them.
  const push = throttled(
    async () => deps.notify(await currentSeq(db)),
    PUSH_INTERVAL_MS,
    (err) => logger.warn({ err }, "forecast push failed"),
  );
  const check = setInterval(() => {
    sync.run().catch((err) => logger.warn({ err }, "forecast refresh failed"));
  }, CHECK_INTERVAL_MS);
  check.unref();

  return {
    start() {
      sync.run().catch((err) => logger.warn({ err }, "forecast build failed"));
    },

    async forecast(query, reader) {
      const s = await sync.run();
      const careType = query.careType ?? null;
      const municipality = query.municipality ?? null;
      const within = [...s.distributions.values()].filter(
        (d) => (!careType || d.careType === careType) && (!municipality || d.municipality === municipality),
      );
      const totalKey = `${careType ?? ""}|${municipality ?? ""}`;
      const total =
        totals.get(totalKey) ??
        calibrateGroup(aggregateForecast(within, careType, municipality), within, s.calibration, false);
      totals.set(totalKey, total);
      const evaluation = s.calibration
        ? { state: "ready" as const, asOf: s.calibration.asOf, origins: s.calibration.origins }
        : { state: "pending" as const, asOf: null, origins: 0 };
      const answer = { origin: s.origin.toISOString(), seq: s.seq, evaluation };
      if (!reader || can(reader, "movements.detail")) {
        return { ...answer, total, groups: groupsOf(within, groups, s.calibration) };
      }
      return {
        ...answer,
        ...coarseForecast([...s.distributions.values()], { careType, municipality }, total, aggregate),
      };
    },

    async locationForecast(locationId) {
      const s = await sync.run();
      const d = s.distributions.get(locationId);
      if (!d) throw new NotFound(`Locatie ${locationId} bestaat niet.`);
      const r = reporting.get(locationId) ?? null;
      const forecast = calibrateLocation(summarizeLocation(d), d, s.calibration);
      if (!r) return forecast;
      const days = (ms: number) => Math.round((10 * ms) / 86_400_000) / 10;
      const staleDays = days(Math.max(0, now().getTime() - r.lastAt));
      const cadenceDays = r.cadenceMs === null ? null : days(r.cadenceMs);
      return {
        ...forecast,
        reporting: { cadenceDays, staleDays, unreportedWeeks: unreportedWeeks(r, s.origin.getTime()) },
      };
    },

    changed() {
      push.poke();
    },

    async close() {
      closed = true;
      clearInterval(check);
      push.stop();
      await sync.idle();
      await Promise.all(evaluations);
    },
  };
}

const collator = new Intl.Collator("nl-NL");

const cellOf = (d: LocationDistribution) => `${d.careType}|${d.municipality}`;

/** One aggregate per care type x municipality, in the domain's care-type order, then by municipality. */
function groupsOf(
  ds: readonly LocationDistribution[],
  cache: Map<string, GroupForecast>,
  calibration: Calibration | undefined,
) {
  return [...groupBy(ds, cellOf)]
    .map(([key, members]) => [key, members as [LocationDistribution, ...LocationDistribution[]]] as const)
    .sort(
      ([, [a]], [, [b]]) =>
        CARE_TYPES.indexOf(a.careType) - CARE_TYPES.indexOf(b.careType) ||
        collator.compare(a.municipality, b.municipality),
    )
    .map(([key, members]) => {
      const group =
        cache.get(key) ??
        calibrateGroup(
          aggregateForecast(members, members[0].careType, members[0].municipality),
          members,
          calibration,
          false,
        );
      cache.set(key, group);
      return group;
    });
}

// Map.groupBy arrives with Node 21; the engines field promises 20.
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
