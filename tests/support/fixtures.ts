// Test data: each test arranges its own providers and locations.
import type { Db } from "../../server/db/client.js";
import { locations, providers } from "../../server/db/schema.js";
import { type CareType, MUNICIPALITIES, type Municipality } from "../../shared/domain.js";

let counter = 0;

export async function addLocation(
  db: Db,
  overrides: Partial<{
    capacity: number;
    occupied: number;
    reserved: number;
    careType: CareType;
    municipality: Municipality;
    lastConfirmedAt: Date;
    crisisPlaces: number;
  }> = {},
) {
  counter += 1;
  const [provider] = await db
    .insert(providers)
    .values({
      name: `Testaanbieder ${counter}-${Math.random().toString(36).slice(2, 8)}`,
      agbCode: randomAgbCode(),
      kind: "aanbieder",
    })
    .returning();
  if (!provider) throw new Error("provider insert failed");
  const [location] = await db
    .insert(locations)
    .values({
      providerId: provider.id,
      code: `T${counter}`,
      name: `Testlocatie ${counter}`,
      careType: overrides.careType ?? "residentieel",
      municipality: overrides.municipality ?? "Enschede",
      postcode: MUNICIPALITIES.find((m) => m.name === (overrides.municipality ?? "Enschede"))?.pc4 ?? "7511",
      lat: 52.22,
      lon: 6.89,
      ageMin: 12,
      ageMax: 18,
      capacity: overrides.capacity ?? 10,
      occupied: overrides.occupied ?? 5,
      reserved: overrides.reserved ?? 0,
      crisisPlaces: overrides.crisisPlaces ?? 0,
      ...(overrides.lastConfirmedAt ? { lastConfirmedAt: overrides.lastConfirmedAt } : {}),
    })
    .returning();
  if (!location) throw new Error("location insert failed");
  return location;
}

/** A random 8-digit AGB code: providers of one test database never share one (the column is unique). */
export function randomAgbCode(): string {
  return String(10_000_000 + Math.floor(Math.random() * 90_000_000));
}
