// What the database holds, read straight from the tables: the truth the fault tests compare clients and writers with.
import { asc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../server/db/client.js";
import { capacityEvents, eventSequence, locations } from "../../server/db/schema.js";
import type { Shown } from "./boards.js";

export type Truth = Map<number, Shown & { id: number; providerId: number }>;

export async function truthOf(db: Db): Promise<Truth> {
  const rows = await db
    .select({
      id: locations.id,
      providerId: locations.providerId,
      free: locations.free,
      occupied: locations.occupied,
      reserved: locations.reserved,
      version: locations.version,
    })
    .from(locations)
    .orderBy(asc(locations.id));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The event log after a seq, oldest first: seq, location and the request key it was applied under. */
export function eventLog(db: Db, afterSeq = 0) {
  return db
    .select({ seq: capacityEvents.seq, locationId: capacityEvents.locationId, requestKey: capacityEvents.requestKey })
    .from(capacityEvents)
    .where(gt(capacityEvents.seq, afterSeq))
    .orderBy(asc(capacityEvents.seq));
}

/** The last seq handed out (the counter row). */
export async function headSeq(db: Db): Promise<number> {
  const [row] = await db.select().from(eventSequence).where(eq(eventSequence.id, 1));
  return row?.lastSeq ?? 0;
}

/** Diagnostics only: what the server's claim table holds for these keys (its layout may change; then it says so). */
export async function claimsOf(db: Db, keys: string[]): Promise<string> {
  try {
    // claimed_at as text: at full precision, as the database compares it.
    const claims = await db.execute(
      sql`SELECT key, status, claimed_at::text AS claimed_at FROM idempotency_keys WHERE key IN ${keys}`,
    );
    const logged = await db
      .select({ seq: capacityEvents.seq, requestKey: capacityEvents.requestKey })
      .from(capacityEvents)
      .where(sql`split_part(${capacityEvents.requestKey}, ':', 3) IN ${keys}`);
    return JSON.stringify({ claims, logged });
  } catch (err) {
    return `(not readable: ${(err as Error).message})`;
  }
}
