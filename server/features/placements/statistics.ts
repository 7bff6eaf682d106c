// Waiting time from request to placement, per care type and per municipality: aggregates only, for the monitor.
import { and, eq, isNotNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { CARE_TYPES, type CareType, type Municipality } from "../../../shared/domain.js";
import { type Cell, MIN_CELL_LOCATIONS, movementsVisible, publishCells } from "../../../shared/rules/small-cells.js";
import { careTypeSchema } from "../../../shared/schemas/capacity.js";
import type { Db, Tx } from "../../db/client.js";
import { locations, placementRequests } from "../../db/schema.js";
import { type Actor, can } from "../../policies/policy.js";

const statSchema = z.object({ placements: z.number().int(), medianDays: z.number(), p90Days: z.number() });
export const waitingTimesSchema = z
  .object({
    total: statSchema,
    /**
     * Per care type of the place. To a reader who may not see locations (policy movements.detail), only care types
     * whose locations form whole cells of at least MIN_CELL_LOCATIONS (shared/rules/small-cells.ts); the others
     * are together in otherCareTypes.
     */
    byCareType: z.record(z.string(), statSchema),
    /** The care types left out of byCareType, together; null when none is. */
    otherCareTypes: statSchema.extend({ careTypes: z.array(careTypeSchema), note: z.string() }).nullable(),
    /** Per woongemeente of the youth: places anywhere in the region, so no location is singled out. */
    byMunicipality: z.record(z.string(), statSchema),
  })
  .meta({ id: "WaitingTimes" });
type Stat = z.infer<typeof statSchema>;

const OTHER_CARE_TYPES_NOTE = `Overige zorgvormen samen: apart zouden ze over te weinig locaties (minder dan ${MIN_CELL_LOCATIONS}) gaan`;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, i)] ?? 0) * 10) / 10;
}

export function stat(days: number[]): Stat {
  const sorted = [...days].sort((a, b) => a - b);
  return { placements: sorted.length, medianDays: quantile(sorted, 0.5), p90Days: quantile(sorted, 0.9) };
}

function groupStats(rows: { key: string; days: number }[]): Record<string, Stat> {
  const groups = new Map<string, number[]>();
  for (const r of rows) groups.set(r.key, [...(groups.get(r.key) ?? []), r.days]);
  return Object.fromEntries([...groups].map(([k, v]) => [k, stat(v)]));
}

/** Narrows the placements: care type of the place, the youth's woongemeente, placed within Dutch calendar days. */
export interface WaitFilter {
  careType?: CareType;
  municipality?: Municipality;
  /** JJJJ-MM-DD, inclusive. */
  placedFrom?: string;
  placedTo?: string;
}

/** Every placement's wait from request to placement, in days, with its care type and woongemeente. */
export async function placementWaits(db: Db | Tx, filter: WaitFilter = {}) {
  const placedDay = sql`(${placementRequests.placedAt} at time zone 'Europe/Amsterdam')::date`;
  const conditions: (SQL | undefined)[] = [
    isNotNull(placementRequests.placedAt),
    filter.careType ? eq(locations.careType, filter.careType) : undefined,
    filter.municipality ? eq(placementRequests.homeMunicipality, filter.municipality) : undefined,
    filter.placedFrom ? sql`${placedDay} >= ${filter.placedFrom}::date` : undefined,
    filter.placedTo ? sql`${placedDay} <= ${filter.placedTo}::date` : undefined,
  ];
  const rows = await db
    .select({
      createdAt: placementRequests.createdAt,
      placedAt: placementRequests.placedAt,
      municipality: placementRequests.homeMunicipality,
      careType: locations.careType,
    })
    .from(placementRequests)
    .innerJoin(locations, eq(locations.id, placementRequests.placedLocationId))
    .where(and(...conditions));
  return rows.map((r) => ({
    careType: r.careType,
    municipality: r.municipality,
    days: ((r.placedAt?.getTime() ?? 0) - r.createdAt.getTime()) / 86_400_000,
  }));
}

/** How many locations each care type x gemeente has now: the cells of the small-cells rule. */
export async function locationCells(db: Db | Tx): Promise<Cell[]> {
  return db
    .select({
      careType: locations.careType,
      municipality: locations.municipality,
      locations: sql<number>`count(*)::int`,
    })
    .from(locations)
    .groupBy(locations.careType, locations.municipality);
}

/** Waits in total, per care type and per woongemeente; a reader without a location view gets no small cells. */
export async function waitingTimes(db: Db, reader: Actor): Promise<z.infer<typeof waitingTimesSchema>> {
  const [waits, cells] = await Promise.all([placementWaits(db), locationCells(db)]);
  const published = publishCells(cells);
  const hidden = can(reader, "movements.detail")
    ? []
    : CARE_TYPES.flatMap((careType) => {
        const visibility = movementsVisible(published, { careType });
        return visibility.visible ? [] : [{ careType, note: visibility.note }];
      });
  const isHidden = (careType: CareType) => hidden.some((h) => h.careType === careType);
  const other = waits.filter((w) => isHidden(w.careType));
  return {
    total: stat(waits.map((w) => w.days)),
    byCareType: groupStats(waits.filter((w) => !isHidden(w.careType)).map((w) => ({ key: w.careType, days: w.days }))),
    otherCareTypes:
      hidden.length === 0
        ? null
        : { ...stat(other.map((w) => w.days)), careTypes: hidden.map((h) => h.careType), note: OTHER_CARE_TYPES_NOTE },
    byMunicipality: groupStats(waits.map((w) => ({ key: w.municipality, days: w.days }))),
  };
}
