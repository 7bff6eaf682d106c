// Data access for providers and locations as master data (drizzle). No rules here: those live in service.ts.
import { and, asc, eq, ne, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { isUniqueViolation } from "../../db/errors.js";
import { type LocationRow, locations, type ProviderRow, providers } from "../../db/schema.js";
import { Conflict } from "../../http/errors.js";

export type LocationWithProvider = { location: LocationRow; providerName: string };
export type ProviderInsert = Omit<typeof providers.$inferInsert, "id" | "version" | "createdAt">;
export type LocationInsert = Omit<typeof locations.$inferInsert, "id" | "version" | "createdAt" | "free" | "crisis">;
export type LocationSet = Partial<Omit<LocationInsert, "providerId">>;

const withProvider = { location: locations, providerName: providers.name };

/** Every provider, by name. */
export async function allProviders(db: Db | Tx): Promise<ProviderRow[]> {
  return db.select().from(providers).orderBy(asc(providers.name), asc(providers.id));
}

/** Every location with its provider's name, closed ones included, by provider and code. */
export async function allLocations(db: Db | Tx): Promise<LocationWithProvider[]> {
  return db
    .select(withProvider)
    .from(locations)
    .innerJoin(providers, eq(providers.id, locations.providerId))
    .orderBy(asc(locations.providerId), asc(locations.code));
}

export async function findProvider(db: Db | Tx, id: number): Promise<ProviderRow | undefined> {
  const [row] = await db.select().from(providers).where(eq(providers.id, id));
  return row;
}

/** Holds the provider's row lock until commit: edits of one provider queue up. */
export async function lockProvider(tx: Tx, id: number): Promise<ProviderRow | undefined> {
  const [row] = await tx.select().from(providers).where(eq(providers.id, id)).for("update");
  return row;
}

/** Another provider with this AGB code or name (checked before writing: a failed statement would end the import). */
export async function providerClash(
  db: Db | Tx,
  values: { agbCode?: string; name?: string },
  exceptId?: number,
): Promise<ProviderRow | undefined> {
  const same = or(
    values.agbCode === undefined ? undefined : eq(providers.agbCode, values.agbCode),
    values.name === undefined ? undefined : eq(providers.name, values.name),
  );
  if (!same) return undefined;
  const [row] = await db
    .select()
    .from(providers)
    .where(and(same, exceptId === undefined ? undefined : ne(providers.id, exceptId)))
    .limit(1);
  return row;
}

export async function insertProvider(tx: Tx, values: ProviderInsert): Promise<ProviderRow> {
  const [row] = await tx.insert(providers).values(values).returning().catch(uniqueToConflict);
  if (!row) throw new Error("provider insert returned no row");
  return row;
}

/** Writes the changed fields and the next version; the caller holds the row lock and checked the version. */
export async function updateProvider(tx: Tx, id: number, set: Partial<ProviderInsert>): Promise<ProviderRow> {
  const [row] = await tx
    .update(providers)
    .set({ ...set, version: sql`${providers.version} + 1` })
    .where(eq(providers.id, id))
    .returning()
    .catch(uniqueToConflict);
  if (!row) throw new Error(`provider ${id} vanished under its lock`);
  return row;
}

/** The provider's location with this code, other than exceptId. */
export async function locationWithCode(db: Db | Tx, providerId: number, code: string, exceptId?: number) {
  const [row] = await db
    .select({ id: locations.id })
    .from(locations)
    .where(
      and(
        eq(locations.providerId, providerId),
        eq(locations.code, code),
        exceptId === undefined ? undefined : ne(locations.id, exceptId),
      ),
    )
    .limit(1);
  return row;
}

export async function insertLocation(tx: Tx, values: LocationInsert): Promise<LocationRow> {
  const [row] = await tx.insert(locations).values(values).returning().catch(uniqueToConflict);
  if (!row) throw new Error("location insert returned no row");
  return row;
}

/** Writes the changed fields and the next version; the caller holds the row lock and checked the version. */
export async function updateLocation(tx: Tx, id: number, set: LocationSet): Promise<LocationRow> {
  const [row] = await tx
    .update(locations)
    .set({ ...set, version: sql`${locations.version} + 1` })
    .where(eq(locations.id, id))
    .returning()
    .catch(uniqueToConflict);
  if (!row) throw new Error(`location ${id} vanished under its lock`);
  return row;
}

/** Two writers got past the checks together: the unique index decided. */
function uniqueToConflict(err: unknown): never {
  if (isUniqueViolation(err))
    throw new Conflict("Deze AGB-code, naam of locatiecode is net door een ander vastgelegd.");
  throw err;
}
