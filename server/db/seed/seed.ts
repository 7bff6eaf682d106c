// Writes the generated demo region into the database: all or nothing, in one transaction.
import { eq } from "drizzle-orm";
import type { Db } from "../client.js";
import { capacityEvents, eventSequence, locations, providers } from "../schema.js";
import { DEFAULT_SEED, generateDemoData } from "./generate.js";
import { generatePlacementHistory, writePlacementHistory } from "./placements-history.js";
import { writePlanning } from "./planning.js";

export interface SeedOptions {
  now?: Date;
  seed?: number;
}

export interface SeedResult {
  providers: number;
  locations: number;
  events: number;
  /** Past placement requests (the monitor's history). */
  requests: number;
  /** Registrations, moves and cancellations of planned departures and admissions. */
  planningEvents: number;
}

// Multi-row inserts keep a PGlite seed to a few seconds; 1000 rows x 20 columns stays far below the
// 65,535 bind-parameter limit of the PostgreSQL protocol.
const BATCH = 1000;

function batches<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

/** True when no location exists yet, i.e. the demo region may be seeded. */
export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: locations.id }).from(locations).limit(1);
  return rows.length === 0;
}

export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const data = generateDemoData({ now, seed: options.seed });
  const history = generatePlacementHistory(data, { now, seed: options.seed ?? DEFAULT_SEED });

  return db.transaction(async (tx) => {
    // Lock the counter first, as every live writer does, so seeded seqs cannot interleave with live ones.
    const [counter] = await tx
      .select({ lastSeq: eventSequence.lastSeq })
      .from(eventSequence)
      .where(eq(eventSequence.id, 1))
      .for("update");
    if (!counter) throw new Error("event_sequence row 1 is missing; run the migrations first");
    const seqOffset = counter.lastSeq;

    // Ids are handed out by the database; names are unique in the generated data, so they map rows back.
    const providerIds = new Map<string, number>();
    for (const rows of batches(data.providers)) {
      const inserted = await tx.insert(providers).values(rows).returning({ id: providers.id, name: providers.name });
      for (const row of inserted) providerIds.set(row.name, row.id);
    }

    const locationIds = new Map<string, number>();
    for (const rows of batches(data.locations)) {
      // crisis is derived by the database from crisisPlaces.
      const values = rows.map(({ providerIndex, crisis: _, ...location }) => {
        const providerName = data.providers[providerIndex]?.name ?? "";
        const providerId = providerIds.get(providerName);
        if (providerId === undefined) throw new Error(`seed: no id for provider ${providerName}`);
        return { ...location, providerId };
      });
      const inserted = await tx.insert(locations).values(values).returning({ id: locations.id, name: locations.name });
      for (const row of inserted) locationIds.set(row.name, row.id);
    }
    const idByIndex = data.locations.map((location) => {
      const id = locationIds.get(location.name);
      if (id === undefined) throw new Error(`seed: no id for location ${location.name}`);
      return id;
    });

    let lastSeq = seqOffset;
    for (const rows of batches(data.events)) {
      const values = rows.map(({ locationIndex, seq, ...event }) => ({
        ...event,
        seq: seqOffset + seq,
        locationId: idByIndex[locationIndex] as number,
      }));
      await tx.insert(capacityEvents).values(values);
      lastSeq = Math.max(lastSeq, ...values.map((v) => v.seq));
    }
    await tx.update(eventSequence).set({ lastSeq }).where(eq(eventSequence.id, 1));
    const requests = await writePlacementHistory(tx, history, idByIndex, now);
    const planningEvents = await writePlanning(tx, data.planning, idByIndex);

    return {
      providers: data.providers.length,
      locations: data.locations.length,
      events: data.events.length,
      requests,
      planningEvents,
    };
  });
}
