// The forecast bench's data set and its in-process full recompute. The data set is the demo region
// (server/db/seed/generate.ts) scaled to the requested number of locations: locations, two years of capacity events
// and the planning history, written in batches in one transaction as seedDemo writes the demo (seedDemo takes no
// scale; the placement history only serves the monitor and is left out).
import { eq } from "drizzle-orm";
import pino from "pino";
import type { Db } from "../server/db/client.js";
import { capacityEvents, eventSequence, locations, providers } from "../server/db/schema.js";
import { generateDemoData } from "../server/db/seed/generate.js";
import { writePlanning } from "../server/db/seed/planning.js";
import type { Rng } from "../server/db/seed/random.js";
import { cancelMove, registerMove } from "../server/features/forecast/planning.js";
import * as repo from "../server/features/forecast/repository.js";
import { createForecastService } from "../server/features/forecast/service.js";
import type { Actor } from "../server/policies/types.js";
import { amsterdamToday, originOf } from "../shared/calendar.js";
import {
  aggregateForecast,
  fitForecastModel,
  forecastLocation,
  type LocationDistribution,
} from "../shared/rules/forecast.js";

export interface DataSet {
  providers: number;
  locations: number;
  places: number;
  capacityEvents: number;
  planningEvents: number;
  plannedDepartures: number;
  plannedAdmissions: number;
  /** The demo generator's multiplier that gave about the requested number of locations. */
  scale: number;
  historyFrom: Date;
  generateMs: number;
  insertMs: number;
}

const DAY_MS = 86_400_000;

/** The Amsterdam calendar day `days` from today, as a planned move's expectedDate. */
export function dayFromToday(days: number): string {
  return new Date(originOf(amsterdamToday()).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

// Rows per INSERT: as many as fit under PostgreSQL's 65,535 bind parameters with room to spare.
const PARAMETERS_PER_INSERT = 60_000;

function batches<T extends object>(rows: T[]): T[][] {
  const size = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / Object.keys(rows[0] ?? { x: 0 }).length));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Generates the demo region at the scale that gives about `target` locations and writes it. */
export async function seedScaled(
  db: Db,
  target: number,
  seed: number,
  now: Date,
  progress: (m: string) => void,
): Promise<DataSet> {
  const generating = performance.now();
  // The generator rounds every group's count, so one cheap run at scale 1 tells the multiplier.
  const perScale = generateDemoData({ now, seed, scale: 1 }).locations.length;
  const scale = target / perScale;
  const data = generateDemoData({ now, seed, scale });
  const generateMs = performance.now() - generating;
  progress(
    `generated ${data.locations.length} locations, ${data.events.length} capacity events, ` +
      `${data.planning.events.length} planning events (scale ${scale.toFixed(2)}) in ${Math.round(generateMs)} ms`,
  );

  const inserting = performance.now();
  await db.transaction(async (tx) => {
    const [counter] = await tx
      .select({ lastSeq: eventSequence.lastSeq })
      .from(eventSequence)
      .where(eq(eventSequence.id, 1))
      .for("update");
    if (counter?.lastSeq !== 0) throw new Error("the scratch database is not empty");

    const providerIds: number[] = [];
    for (const rows of batches(data.providers)) {
      const inserted = await tx.insert(providers).values(rows).returning({ id: providers.id });
      // Identity values follow the order of the VALUES list.
      providerIds.push(...inserted.map((r) => r.id).sort((a, b) => a - b));
    }
    const locationIds: number[] = [];
    for (const rows of batches(data.locations)) {
      const values = rows.map(({ providerIndex, crisis: _, ...location }) => ({
        ...location,
        providerId: providerIds[providerIndex] as number,
      }));
      const inserted = await tx.insert(locations).values(values).returning({ id: locations.id });
      locationIds.push(...inserted.map((r) => r.id).sort((a, b) => a - b));
    }
    let written = 0;
    for (const rows of batches(data.events)) {
      const values = rows.map(({ locationIndex, ...event }) => ({
        ...event,
        locationId: locationIds[locationIndex] as number,
      }));
      await tx.insert(capacityEvents).values(values);
      written += values.length;
      if (written % 100_000 < values.length) progress(`capacity events: ${written}/${data.events.length}`);
    }
    await tx.update(eventSequence).set({ lastSeq: data.events.length }).where(eq(eventSequence.id, 1));
    await writePlanning(tx, data.planning, locationIds);
  });
  await db.execute("ANALYZE");
  const insertMs = performance.now() - inserting;
  progress(`written in ${Math.round(insertMs)} ms`);

  return {
    providers: data.providers.length,
    locations: data.locations.length,
    places: data.locations.reduce((sum, l) => sum + l.capacity, 0),
    capacityEvents: data.events.length,
    planningEvents: data.planning.events.length,
    plannedDepartures: data.planning.departures.length,
    plannedAdmissions: data.planning.admissions.length,
    scale,
    historyFrom: data.events[0]?.at ?? now,
    generateMs,
    insertMs,
  };
}

export interface RecomputeTimes {
  /** watermarks + loadHistory: locations, every capacity event, every planning event. */
  loadMs: number;
  fitMs: number;
  /** locationStates + openPlanned of every location. */
  statesMs: number;
  /** forecastLocation for every location. */
  forecastMs: number;
  /** aggregateForecast over every location (the region total). */
  aggregateMs: number;
  totalMs: number;
}

/**
 * One full recompute with the server's own repository and pure functions, step by step as the forecast service's
 * rebuild does it, then the region total. With `model` given, the fit is skipped: every location re-forecast with
 * the fitted model (what a refresh would cost if it did not know which locations changed).
 */
export async function recomputeSteps(db: Db, now: Date, model?: ReturnType<typeof fitForecastModel>) {
  const t0 = performance.now();
  let loadMs = 0;
  let fitMs = 0;
  let fitted = model;
  if (!fitted) {
    await repo.watermarks(db);
    const history = await repo.loadHistory(db);
    loadMs = performance.now() - t0;
    const t1 = performance.now();
    fitted = fitForecastModel(history, now);
    fitMs = performance.now() - t1;
  }
  const day = amsterdamToday(now);
  const origin = originOf(day);
  const t2 = performance.now();
  const [states, planned] = await Promise.all([repo.locationStates(db), repo.openPlanned(db, day)]);
  const statesMs = performance.now() - t2;
  const t3 = performance.now();
  const byLocation = new Map<number, typeof planned>();
  for (const p of planned) byLocation.set(p.locationId, [...(byLocation.get(p.locationId) ?? []), p]);
  const distributions: LocationDistribution[] = states.map((s) =>
    forecastLocation(fitted, s, byLocation.get(s.id) ?? [], origin),
  );
  const forecastMs = performance.now() - t3;
  const t4 = performance.now();
  aggregateForecast(distributions, null, null);
  const aggregateMs = performance.now() - t4;
  const times: RecomputeTimes = { loadMs, fitMs, statesMs, forecastMs, aggregateMs, totalMs: performance.now() - t0 };
  return { times, model: fitted };
}

/**
 * The server's path, in this process: a new forecast service answering GET /api/forecast (no filter) from nothing,
 * i.e. rebuild (load, fit, every location) plus the total and every care type x gemeente group.
 */
export async function recomputeViaService(db: Db): Promise<number> {
  // The forecast path alone: the daily rolling evaluation is timed in the server (forecast.ts).
  const service = createForecastService({ db, logger: pino({ level: "silent" }), notify: () => {}, evaluate: false });
  const started = performance.now();
  try {
    await service.forecast({});
    return performance.now() - started;
  } finally {
    await service.close();
  }
}

/**
 * The incremental path in this process, on a warm service: a sure departure registered through the planning use
 * case, then the refresh that recomputes the changed location (read through one location's forecast), then the
 * GET /api/forecast answer after it (the total and every group). Each one is cancelled again outside the timings.
 */
export async function incrementalSteps(db: Db, actor: Actor, locationIds: readonly number[], rng: Rng, count: number) {
  // The forecast path alone: the daily rolling evaluation is timed in the server (forecast.ts).
  const service = createForecastService({ db, logger: pino({ level: "silent" }), notify: () => {}, evaluate: false });
  const deps = { db, changed: () => {} };
  const ctx = { actor, ip: "127.0.0.1" };
  const refreshMs: number[] = [];
  const answerMs: number[] = [];
  try {
    await service.forecast({});
    for (let i = 0; i < count; i++) {
      const locationId = rng.pick(locationIds);
      const input = { direction: "uitstroom", expectedDate: dayFromToday(rng.int(7, 70)), certainty: "zeker" } as const;
      const move = await registerMove(deps, locationId, input, ctx);
      const t0 = performance.now();
      await service.locationForecast(locationId);
      const t1 = performance.now();
      await service.forecast({});
      answerMs.push(performance.now() - t1);
      refreshMs.push(t1 - t0);
      await cancelMove(deps, "uitstroom", move.id, ctx);
      await service.forecast({});
    }
  } finally {
    await service.close();
  }
  return { refreshMs, answerMs };
}
