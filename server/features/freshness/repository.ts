// Data access for one-tap freshness: the locations due for a prompt, and the links (stored by the SHA-256 of their secret).
import { and, asc, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { type Db, executeRows, type Tx } from "../../db/client.js";
import { freshnessLinks, locations, providers } from "../../db/schema.js";

export type LinkRow = typeof freshnessLinks.$inferSelect;
export type LinkedNumbers = LinkRow["numbers"];

/** An open location of an active provider whose last confirmation is older than `confirmedBefore`. */
export interface DueLocation {
  id: number;
  name: string;
  providerId: number;
  providerName: string;
  free: number;
  version: number;
  lastConfirmedAt: Date;
}

export async function dueLocations(tx: Tx, confirmedBefore: Date): Promise<DueLocation[]> {
  return tx
    .select({
      id: locations.id,
      name: locations.name,
      providerId: locations.providerId,
      providerName: providers.name,
      free: locations.free,
      version: locations.version,
      lastConfirmedAt: locations.lastConfirmedAt,
    })
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .where(and(isNull(locations.closedOn), eq(providers.active, true), lt(locations.lastConfirmedAt, confirmedBefore)))
    .orderBy(asc(locations.providerId), asc(locations.id));
}

// Arbitrary but fixed, beside DAILY_LOCK_KEY (727_002) in server/jobs/daily.ts: two processes prompting at once queue.
const PROMPT_LOCK_KEY = 727_003;

/** Held until the transaction ends: a second run waits, then sees the first run's links. */
export async function lockPrompting(tx: Tx): Promise<void> {
  await executeRows(tx, sql`select pg_advisory_xact_lock(${PROMPT_LOCK_KEY}::int)`);
}

/** "locationId:version" of every location a recent link of the provider covered: those were prompted already. */
export async function promptedStates(tx: Tx, providerId: number): Promise<Set<string>> {
  const rows = await tx
    .select({ numbers: freshnessLinks.numbers })
    .from(freshnessLinks)
    .where(eq(freshnessLinks.providerId, providerId))
    .orderBy(desc(freshnessLinks.id))
    .limit(50);
  return new Set(rows.flatMap((r) => r.numbers.map((n) => `${n.locationId}:${n.version}`)));
}

export async function insertLink(
  tx: Tx,
  link: { tokenHash: string; providerId: number; numbers: LinkedNumbers; expiresAt: Date },
): Promise<LinkRow> {
  const [row] = await tx.insert(freshnessLinks).values(link).returning();
  if (!row) throw new Error("freshness link insert returned nothing");
  return row;
}

/** The link with its provider's name; locked (FOR UPDATE) inside a confirmation, so two taps queue and one wins. */
export async function findLink(db: Db | Tx, tokenHash: string, lock = false) {
  const query = db
    .select({ link: freshnessLinks, providerName: providers.name })
    .from(freshnessLinks)
    .innerJoin(providers, eq(providers.id, freshnessLinks.providerId))
    .where(eq(freshnessLinks.tokenHash, tokenHash));
  const [row] = await (lock ? query.for("update", { of: freshnessLinks }) : query);
  return row;
}

/** The linked locations as they are now, whoever they belong to. */
export async function locationsNow(db: Db | Tx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: locations.id,
      name: locations.name,
      providerId: locations.providerId,
      free: locations.free,
      version: locations.version,
      lastConfirmedAt: locations.lastConfirmedAt,
      closedOn: locations.closedOn,
    })
    .from(locations)
    .where(inArray(locations.id, [...ids]));
}

export async function markUsed(tx: Tx, id: number): Promise<void> {
  await tx.update(freshnessLinks).set({ usedAt: sql`now()` }).where(eq(freshnessLinks.id, id));
}
