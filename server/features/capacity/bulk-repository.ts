// Data access of the bulk availability call: the provider it names, and which of its items already committed.
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { capacityEvents, providers } from "../../db/schema.js";

export async function providerExists(db: Db, providerId: number): Promise<boolean> {
  const [row] = await db.select({ id: providers.id }).from(providers).where(eq(providers.id, providerId));
  return row !== undefined;
}

/** The item keys (see bulk.ts itemKey) that have a committed change in the event log. */
export async function committedItemKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: capacityEvents.requestKey })
    .from(capacityEvents)
    .where(inArray(capacityEvents.requestKey, [...keys]));
  return new Set(rows.flatMap((r) => (r.key === null ? [] : [r.key])));
}
