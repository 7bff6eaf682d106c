// The benches' region: a deterministic set of locations spread over the care types and the 14 municipalities of
// Twente, each with at least one free place, so every run benches the same region.
import type { Db } from "../server/db/client.js";
import { locations, providers } from "../server/db/schema.js";
import { CARE_TYPES, type CareType, MUNICIPALITIES, type Municipality } from "../shared/domain.js";
import { PROVIDER_KIND } from "./match-data.js";

export interface SeededLocation {
  id: number;
  careType: CareType;
  municipality: Municipality;
}

/** Places per location by care type: foster families are small, residential groups larger. */
const PLACES: Record<CareType, [number, number]> = {
  pleegzorg: [1, 3],
  gezinshuis: [3, 6],
  "kleinschalig-wonen": [4, 8],
  residentieel: [8, 16],
  driemilieu: [8, 12],
  jeugdzorgplus: [6, 12],
};

/** Deterministic pseudo-random numbers, so every run benches the same region. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Inserts `count` locations spread over care types and the 14 municipalities; each has at least one free place. */
export async function seedLocations(db: Db, count: number): Promise<SeededLocation[]> {
  const random = rng(20_251_123);
  const providerIds = new Map<CareType, number[]>();
  for (const careType of CARE_TYPES) {
    const rows = await db
      .insert(providers)
      .values(
        Array.from({ length: 8 }, (_, i) => ({
          name: `Bench ${careType} ${i + 1}`,
          agbCode: String(20_000_000 + CARE_TYPES.indexOf(careType) * 100 + i),
          kind: PROVIDER_KIND[careType],
        })),
      )
      .returning({ id: providers.id });
    providerIds.set(
      careType,
      rows.map((r) => r.id),
    );
  }
  const values = Array.from({ length: count }, (_, i) => {
    const careType = CARE_TYPES[i % CARE_TYPES.length] as CareType;
    const municipality = MUNICIPALITIES[Math.floor(random() * MUNICIPALITIES.length)] ?? MUNICIPALITIES[0];
    const [min, max] = PLACES[careType];
    const capacity = min + Math.floor(random() * (max - min + 1));
    const reserved = capacity > 4 && random() < 0.2 ? 1 : 0;
    const occupied = Math.floor(random() * (capacity - reserved));
    const ids = providerIds.get(careType) ?? [];
    const ageMin = [0, 4, 8, 12][Math.floor(random() * 4)] ?? 12;
    return {
      providerId: ids[i % ids.length] as number,
      code: `B${i + 1}`,
      name: `${municipality.name} ${careType} ${i + 1}`,
      careType,
      municipality: municipality.name,
      postcode: municipality.pc4,
      lat: municipality.lat + (random() - 0.5) * 0.04,
      lon: municipality.lon + (random() - 0.5) * 0.06,
      ageMin,
      ageMax: Math.min(23, ageMin + 6 + Math.floor(random() * 6)),
      crisisPlaces: random() < 0.1 ? 1 : 0,
      treatment: careType !== "pleegzorg" && random() < 0.4,
      capacity,
      occupied,
      reserved,
    };
  });
  // Every bench location lies in one of the 14 gemeenten.
  return (await db.insert(locations).values(values).returning({
    id: locations.id,
    careType: locations.careType,
    municipality: locations.municipality,
  })) as SeededLocation[];
}
