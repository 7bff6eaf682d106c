// Requests still waiting for a place: open requests now, by the age of the request in weeks, per care type and per
// woongemeente. Youths, not places: care types over too few locations are withheld from readers without a location
// view, as for the waiting times of placed requests (shared/rules/small-cells.ts).
import { and, eq, notInArray, sql } from "drizzle-orm";
import { CARE_TYPES, type CareType, MUNICIPALITY_NAMES, type Municipality } from "../../../shared/domain.js";
import { movementsVisible, type PublishedCell } from "../../../shared/rules/small-cells.js";
import { AGE_BUCKETS, type StillWaiting } from "../../../shared/schemas/monitor.js";
import type { Db, Tx } from "../../db/client.js";
import { placementRequests } from "../../db/schema.js";
import type { Period } from "./repository.js";

const WEEK_MS = 7 * 86_400_000;

/** An open request as counted: when it was made, where the youth lives, which care types it accepts. */
export interface OpenRequest {
  createdAt: Date;
  municipality: Municipality;
  careTypes: CareType[];
}

/**
 * Requests neither placed nor withdrawn, within the filter: a care type filter takes the requests that accept it, a
 * gemeente filter the youth's woongemeente ("buiten de regio" matches none: requests live in Twente).
 */
export async function openRequests(db: Db | Tx, p: Pick<Period, "careType" | "municipality">): Promise<OpenRequest[]> {
  const rows = await db
    .select({
      createdAt: placementRequests.createdAt,
      municipality: placementRequests.homeMunicipality,
      careTypes: placementRequests.acceptableCareTypes,
    })
    .from(placementRequests)
    .where(
      and(
        notInArray(placementRequests.status, ["geplaatst", "ingetrokken"]),
        p.careType ? sql`${p.careType} = any(${placementRequests.acceptableCareTypes})` : undefined,
        p.municipality ? eq(placementRequests.homeMunicipality, p.municipality as Municipality) : undefined,
      ),
    );
  return rows;
}

/** Index into AGE_BUCKETS of a request made at createdAt, as of now. */
export function ageBucket(createdAt: Date, now: Date): number {
  const weeks = Math.max(0, now.getTime() - createdAt.getTime()) / WEEK_MS;
  const i = AGE_BUCKETS.findIndex((b) => b.toWeeks === null || weeks < b.toWeeks);
  return i === -1 ? AGE_BUCKETS.length - 1 : i;
}

function tally(requests: readonly OpenRequest[], now: Date): number[] {
  const buckets = AGE_BUCKETS.map(() => 0);
  for (const r of requests) {
    const i = ageBucket(r.createdAt, now);
    buckets[i] = (buckets[i] ?? 0) + 1;
  }
  return buckets;
}

/**
 * The figure for the filter. `published` is the small-cells partition when the reader may not see locations (policy
 * movements.detail), undefined when every group is shown.
 */
export function stillWaiting(
  requests: readonly OpenRequest[],
  filter: Pick<Period, "careType" | "municipality">,
  now: Date,
  published: readonly PublishedCell[] | undefined,
): StillWaiting {
  const totals = tally(requests, now);
  const careTypes = filter.careType ? [filter.careType] : CARE_TYPES;
  const municipalities = MUNICIPALITY_NAMES.filter((m) => !filter.municipality || m === filter.municipality);
  const group = (members: readonly OpenRequest[], note: string | null) =>
    note === null
      ? { requests: members.length, buckets: tally(members, now), note }
      : { requests: null, buckets: null, note };
  return {
    requests: requests.length,
    buckets: AGE_BUCKETS.map((b, i) => ({ ...b, requests: totals[i] ?? 0 })),
    byCareType: careTypes.map((careType) => {
      const visibility = published ? movementsVisible(published, { careType }) : { visible: true as const };
      const members = requests.filter((r) => r.careTypes.includes(careType));
      return { careType, ...group(members, visibility.visible ? null : visibility.note) };
    }),
    byMunicipality: municipalities.map((municipality) => ({
      municipality,
      ...group(
        requests.filter((r) => r.municipality === municipality),
        null,
      ),
    })),
  };
}
