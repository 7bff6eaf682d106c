// The national data set of the matching bench: the 41 jeugdregio's, ~10,000 locations with realistic capacity and
// occupancy, target groups and contra-indications from shared/domain.ts, planned departures; and random placement
// requests for Twente (the only region whose postcode areas shared/geo.ts knows). Deterministic for a given seed.

import type { Db } from "../server/db/client.js";
import { locations, plannedDepartures, providers } from "../server/db/schema.js";
import { Rng } from "../server/db/seed/random.js";
import {
  CARE_TYPES,
  type CareType,
  CHARACTERISTICS,
  type Characteristic,
  type GenderRule,
  MUNICIPALITIES,
  type Municipality,
  type ProviderKind,
} from "../shared/domain.js";
import { municipalityOfPostcode } from "../shared/geo.js";
import type { CreateRequest } from "../shared/schemas/placements.js";

/** A jeugdregio: name, a rough centre and inhabitants x1000 (supply follows population). Approximate on purpose. */
export interface Region {
  name: string;
  lat: number;
  lon: number;
  population: number;
}

export const JEUGDREGIOS: readonly Region[] = [
  { name: "Groningen", lat: 53.22, lon: 6.57, population: 590 },
  { name: "Friesland", lat: 53.1, lon: 5.8, population: 655 },
  { name: "Drenthe", lat: 52.9, lon: 6.6, population: 497 },
  { name: "IJsselland", lat: 52.52, lon: 6.1, population: 540 },
  { name: "Twente", lat: 52.3, lon: 6.75, population: 630 },
  { name: "Noord-Veluwe", lat: 52.35, lon: 5.7, population: 230 },
  { name: "Midden-IJssel/Oost-Veluwe", lat: 52.22, lon: 6.1, population: 380 },
  { name: "Achterhoek", lat: 52.0, lon: 6.55, population: 390 },
  { name: "Centraal Gelderland", lat: 51.98, lon: 5.91, population: 560 },
  { name: "Rijk van Nijmegen", lat: 51.84, lon: 5.86, population: 560 },
  { name: "Rivierenland", lat: 51.88, lon: 5.43, population: 260 },
  { name: "FoodValley", lat: 52.04, lon: 5.66, population: 370 },
  { name: "Flevoland", lat: 52.45, lon: 5.55, population: 440 },
  { name: "Utrecht Stad", lat: 52.09, lon: 5.12, population: 370 },
  { name: "Lekstroom", lat: 52.02, lon: 5.1, population: 210 },
  { name: "Utrecht West", lat: 52.12, lon: 4.95, population: 270 },
  { name: "Zuidoost-Utrecht", lat: 52.05, lon: 5.35, population: 270 },
  { name: "Regio Amersfoort", lat: 52.16, lon: 5.39, population: 320 },
  { name: "Gooi en Vechtstreek", lat: 52.25, lon: 5.17, population: 260 },
  { name: "Kop van Noord-Holland", lat: 52.9, lon: 4.8, population: 180 },
  { name: "West-Friesland", lat: 52.65, lon: 5.05, population: 220 },
  { name: "Noord-Kennemerland", lat: 52.63, lon: 4.75, population: 290 },
  { name: "Zaanstreek-Waterland", lat: 52.45, lon: 4.83, population: 340 },
  { name: "IJmond", lat: 52.47, lon: 4.62, population: 170 },
  { name: "Zuid-Kennemerland", lat: 52.38, lon: 4.63, population: 330 },
  { name: "Amsterdam-Amstelland", lat: 52.37, lon: 4.9, population: 1050 },
  { name: "Holland Rijnland", lat: 52.16, lon: 4.49, population: 580 },
  { name: "Haaglanden", lat: 52.07, lon: 4.3, population: 1150 },
  { name: "Midden-Holland", lat: 52.02, lon: 4.71, population: 260 },
  { name: "Rijnmond", lat: 51.92, lon: 4.48, population: 1350 },
  { name: "Zuid-Holland Zuid", lat: 51.81, lon: 4.67, population: 450 },
  { name: "Zeeland", lat: 51.5, lon: 3.85, population: 390 },
  { name: "West-Brabant-West", lat: 51.55, lon: 4.35, population: 340 },
  { name: "West-Brabant-Oost", lat: 51.59, lon: 4.78, population: 360 },
  { name: "Hart van Brabant", lat: 51.56, lon: 5.09, population: 470 },
  { name: "Noordoost-Brabant", lat: 51.7, lon: 5.3, population: 650 },
  { name: "Zuidoost-Brabant", lat: 51.44, lon: 5.48, population: 780 },
  { name: "Helmond-De Peel", lat: 51.48, lon: 5.66, population: 260 },
  { name: "Noord-Limburg", lat: 51.37, lon: 6.17, population: 290 },
  { name: "Midden-Limburg", lat: 51.2, lon: 5.99, population: 230 },
  { name: "Zuid-Limburg", lat: 50.88, lon: 5.85, population: 600 },
];

/** Per care type, modelled on the demo seed (server/db/seed/generate.ts) and national proportions. */
interface Profile {
  share: number;
  capacities: number[];
  ages: string[];
  targets: Characteristic[];
  contras: Characteristic[];
  crisis: number;
  treatment: number;
}
const FAMILY_CONTRAS: Characteristic[] = ["agressie", "verslaving", "seksueel-grensoverschrijdend", "brandstichting"];
const GROUP_CONTRAS: Characteristic[] = ["brandstichting", "seksueel-grensoverschrijdend", "verslaving", "agressie"];
const PROFILES: Record<CareType, Profile> = {
  pleegzorg: {
    share: 0.46,
    capacities: [1, 1, 1, 2, 2, 3],
    ages: ["0-18", "0-18", "0-12", "4-18", "0-21"],
    targets: ["broers-zussen", "trauma", "jonge-moeder"],
    contras: FAMILY_CONTRAS,
    crisis: 0.06,
    treatment: 0.03,
  },
  gezinshuis: {
    share: 0.1,
    capacities: [1, 2, 2, 3, 3, 3, 4, 4, 4],
    ages: ["0-18", "4-18", "6-18", "8-21", "0-23"],
    targets: ["broers-zussen", "trauma", "lvb"],
    contras: FAMILY_CONTRAS,
    crisis: 0,
    treatment: 0.1,
  },
  "kleinschalig-wonen": {
    share: 0.2,
    capacities: [4, 5, 6, 6, 7, 8],
    ages: ["12-18", "12-18", "14-18", "16-23", "8-16", "16-21"],
    targets: ["lvb", "trauma", "weglopen", "jonge-moeder"],
    contras: GROUP_CONTRAS,
    crisis: 0.1,
    treatment: 0.2,
  },
  residentieel: {
    share: 0.19,
    capacities: [8, 9, 10, 10, 11, 12],
    ages: ["12-18", "12-18", "8-14", "14-18", "6-12"],
    targets: ["agressie", "trauma", "lvb", "psychiatrie", "weglopen"],
    contras: [...GROUP_CONTRAS.slice(0, 3), "suicidaliteit"],
    crisis: 0.2,
    treatment: 0.6,
  },
  driemilieu: {
    share: 0.03,
    capacities: [8, 9, 10, 10, 11, 12],
    ages: ["8-18", "12-18", "6-14"],
    targets: ["psychiatrie", "trauma", "agressie", "lvb"],
    contras: ["brandstichting", "verslaving"],
    crisis: 0,
    treatment: 1,
  },
  jeugdzorgplus: {
    share: 0.02,
    capacities: [6, 7, 8, 8, 9, 10],
    ages: ["12-18", "12-18", "14-18"],
    targets: ["agressie", "weglopen", "verslaving", "seksueel-grensoverschrijdend"],
    contras: ["jonge-moeder"],
    crisis: 0,
    treatment: 1,
  },
};
const CRISIS_AGES = ["12-18", "0-12", "8-18"];
export const PROVIDER_KIND: Record<CareType, ProviderKind> = {
  pleegzorg: "pleegzorgorganisatie",
  gezinshuis: "gezinshuis",
  "kleinschalig-wonen": "aanbieder",
  residentieel: "aanbieder",
  driemilieu: "aanbieder",
  jeugdzorgplus: "aanbieder",
};
const WORDS = (
  "De Esch, De Berk, Het Anker, De Haven, De Vlinder, De Brink, Het Erve, De Molen, De Kolk, De Beek, De Es, " +
  "Het Veld, De Kamp, De Marke, De Linde, Het Baken, De Wilg, De Eik, De Zwaluw, De Merel, De Uil, De Specht, " +
  "De Reiger, Het Kompas, De Vuurtoren, De Klimop, De Akker, Het Hofje, De Schakel, De Brug, De Horizon, De Boei"
).split(", ");

export interface SeedSummary {
  regions: number;
  providers: number;
  locations: number;
  byCareType: Record<CareType, number>;
  places: number;
  free: number;
  /** Locations with at least one free place now. */
  withFree: number;
  departures: number;
  /** Of which cancelled (not counted by matching). */
  cancelledDepartures: number;
  /** Locations with a free place and room to take one more: the writer alternates bezet / vrijgekomen on these. */
  writerLocationIds: number[];
  ms: number;
}

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Binomial draw: how many of n beds are occupied at occupancy p. */
function binomial(rng: Rng, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.chance(p)) k++;
  return k;
}

/** Inserts providers, locations and planned departures in a few multi-row statements. */
export async function seedNational(db: Db, count: number, seed: number, now = new Date()): Promise<SeedSummary> {
  const started = performance.now();
  const rng = new Rng(seed);
  const regionWeights = JEUGDREGIOS.map((r) => r.population);
  const twente = MUNICIPALITIES.map((m) => m.name);

  // Providers: per region a few residential providers and one foster care organisation; every gezinshuis is its own.
  type ProviderSpec = { name: string; kind: ProviderKind };
  const providerSpecs: ProviderSpec[] = [];
  const regionalProviders = new Map<string, { residential: number[]; foster: number }>();
  for (const region of JEUGDREGIOS) {
    const residential: number[] = [];
    const n = Math.max(3, Math.round(region.population / 70));
    for (let i = 0; i < n; i++) {
      residential.push(
        providerSpecs.push({ name: `Jeugdhulp ${rng.pick(WORDS)} ${region.name} ${i + 1}`, kind: "aanbieder" }) - 1,
      );
    }
    const foster = providerSpecs.push({ name: `Pleegzorg ${region.name}`, kind: "pleegzorgorganisatie" }) - 1;
    regionalProviders.set(region.name, { residential, foster });
  }

  type LocationSpec = Omit<typeof locations.$inferInsert, "providerId"> & { providerIndex: number };
  const specs: LocationSpec[] = [];
  const byCareType = Object.fromEntries(CARE_TYPES.map((t) => [t, 0])) as Record<CareType, number>;
  const shares = CARE_TYPES.map((t) => PROFILES[t].share);
  for (let i = 0; i < count; i++) {
    const careType = rng.weighted(CARE_TYPES, shares);
    byCareType[careType] += 1;
    const profile = PROFILES[careType];
    const region = rng.weighted(JEUGDREGIOS, regionWeights);
    const own = regionalProviders.get(region.name)!;
    const familyLike = careType === "pleegzorg" || careType === "gezinshuis";
    let providerIndex: number;
    if (careType === "pleegzorg") providerIndex = own.foster;
    else if (careType === "gezinshuis")
      providerIndex =
        providerSpecs.push({
          name: `Gezinshuis ${rng.pick(WORDS)} ${region.name} ${i + 1}`,
          kind: PROVIDER_KIND[careType],
        }) - 1;
    else providerIndex = rng.pick(own.residential);

    const crisis = rng.chance(profile.crisis);
    const [ageMin = 0, ageMax = 18] = rng
      .pick(crisis && !familyLike ? CRISIS_AGES : profile.ages)
      .split("-")
      .map(Number);
    const gender: GenderRule = familyLike
      ? "alle"
      : rng.weighted(["alle", "jongens", "meisjes"] as const, [80, 10, 10]);
    const targetGroups = rng.sample(profile.targets, rng.int(familyLike ? 0 : 1, 2));
    if (careType === "jeugdzorgplus") targetGroups.unshift("machtiging-jz");
    const contraIndications = rng.sample(
      profile.contras.filter((c) => !targetGroups.includes(c)),
      rng.int(0, 3),
    );
    if (careType !== "jeugdzorgplus" && rng.chance(0.85)) contraIndications.push("machtiging-jz");

    const capacity = rng.pick(profile.capacities);
    // Occupancy averages 85-95% (crisis beds 70-85%), as in the demo seed; a few places are held by a reservation.
    const occupied = binomial(rng, capacity, crisis ? rng.between(0.7, 0.85) : rng.between(0.85, 0.95));
    const reserved = occupied < capacity && rng.chance(0.03) ? 1 : 0;
    // 10% stale (4.5-45 days since the last confirmation), 7% 2.6-3.9 days, the rest within 1.5 days.
    const share = rng.next();
    const ageDays = share < 0.1 ? rng.between(4.5, 45) : share < 0.17 ? rng.between(2.6, 3.9) : rng.between(0, 1.5);
    // Twente keeps its own municipalities (the board and the summary know only those); elsewhere the column, which
    // only admits Twente's names, gets one round-robin and the region goes into the name. Matching uses lat/lon.
    const inTwente = region.name === "Twente";
    const municipality: Municipality = inTwente
      ? rng.weighted(twente, [74, 24, 27, 161, 25, 36, 82, 35, 23, 32, 38, 22, 34, 25])
      : (twente[i % twente.length] as Municipality);
    const centre = inTwente ? MUNICIPALITIES.find((m) => m.name === municipality)! : region;
    const spread = inTwente ? 1 : 2.5;
    specs.push({
      providerIndex,
      code: `B${i + 1}`,
      name: `${careType} ${rng.pick(WORDS)} ${inTwente ? municipality : region.name} ${i + 1}`,
      careType,
      municipality,
      postcode: inTwente ? MUNICIPALITIES.find((m) => m.name === municipality)!.pc4 : "3500",
      lat: Math.round((centre.lat + rng.normal() * 0.014 * spread) * 1e5) / 1e5,
      lon: Math.round((centre.lon + rng.normal() * 0.022 * spread) * 1e5) / 1e5,
      ageMin,
      ageMax,
      gender,
      crisisPlaces: crisis ? capacity : 0,
      treatment: rng.chance(profile.treatment),
      targetGroups,
      contraIndications,
      capacity,
      occupied,
      reserved,
      lastConfirmedAt: new Date(now.getTime() - ageDays * DAY),
    });
  }

  const providerIds: number[] = [];
  for (let i = 0; i < providerSpecs.length; i += 2000) {
    const rows = await db
      .insert(providers)
      .values(providerSpecs.slice(i, i + 2000).map((p, j) => ({ ...p, agbCode: String(10_000_000 + i + j) })))
      .returning({ id: providers.id });
    providerIds.push(...rows.map((r) => r.id));
  }
  const locationIds: number[] = [];
  for (let i = 0; i < specs.length; i += 2000) {
    const chunk = specs.slice(i, i + 2000).map(({ providerIndex, ...l }) => ({
      ...l,
      providerId: providerIds[providerIndex]!,
    }));
    const rows = await db.insert(locations).values(chunk).returning({ id: locations.id });
    locationIds.push(...rows.map((r) => r.id));
  }

  // Verwachte uitstroom: ~15% of occupied locations expect 1-2 departures in the next 90 days; some of those plans are
  // overdue (dated up to two weeks ago and never moved), as real registrations are, and must not count.
  const departures: (typeof plannedDepartures.$inferInsert)[] = [];
  specs.forEach((l, i) => {
    if ((l.occupied ?? 0) === 0 || !rng.chance(0.15)) return;
    const n = Math.min(l.occupied ?? 0, rng.chance(0.3) ? 2 : 1);
    for (let k = 0; k < n; k++) {
      departures.push({
        locationId: locationIds[i]!,
        expectedDate: isoDay(now.getTime() + rng.int(-14, 90) * DAY),
        certainty: rng.weighted(["zeker", "waarschijnlijk", "onzeker"] as const, [35, 40, 25]),
        createdBy: "bench",
        cancelledAt: rng.chance(0.05) ? now : null,
      });
    }
  });
  for (let i = 0; i < departures.length; i += 2000) {
    await db.insert(plannedDepartures).values(departures.slice(i, i + 2000));
  }

  const free = (l: LocationSpec) => l.capacity - (l.occupied ?? 0) - (l.reserved ?? 0);
  return {
    regions: JEUGDREGIOS.length,
    providers: providerSpecs.length,
    locations: specs.length,
    byCareType,
    places: specs.reduce((n, l) => n + l.capacity, 0),
    free: specs.reduce((n, l) => n + free(l), 0),
    withFree: specs.filter((l) => free(l) > 0).length,
    departures: departures.length,
    cancelledDepartures: departures.filter((d) => d.cancelledAt).length,
    writerLocationIds: locationIds.filter((_, i) => free(specs[i]!) > 0),
    ms: performance.now() - started,
  };
}

/** Twente's PC4 areas (7400-7699) by municipality, from shared/geo.ts: requests must use areas it can place. */
function twentePostcodes(): Map<Municipality, string[]> {
  const byMunicipality = new Map<Municipality, string[]>();
  for (let n = 7400; n <= 7699; n++) {
    const m = municipalityOfPostcode(String(n));
    if (m) byMunicipality.set(m, [...(byMunicipality.get(m) ?? []), String(n)]);
  }
  return byMunicipality;
}

/**
 * Random valid placement requests: ages weighted to teenagers, a run of acceptable care types fitting the age,
 * urgencies, 0-3 characteristics, siblings now and then, a Twente home (and usually school) postcode area.
 * `ambulant`: whether the ambulant record is made (crisis requests may search without); `analysis`: complex cases.
 */
export function randomRequests(count: number, seed: number, now = new Date()) {
  const rng = new Rng(seed);
  const postcodes = twentePostcodes();
  const municipalities = [...postcodes.keys()];
  const plain = CHARACTERISTICS.filter((c) => c !== "broers-zussen" && c !== "machtiging-jz");
  const out: { input: CreateRequest; ambulant: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    const band = rng.weighted(["0-3", "4-11", "12-17", "18-22"], [8, 22, 60, 10]);
    const [lo = 12, hi = 17] = band.split("-").map(Number);
    const age = rng.int(lo, hi);
    const secure = age >= 12 && age <= 17 && rng.chance(0.05);
    let acceptableCareTypes: CareType[];
    if (secure) acceptableCareTypes = ["jeugdzorgplus"];
    else {
      const first = age < 12 ? rng.int(0, 1) : rng.int(0, 3);
      const span = rng.int(1, 3);
      acceptableCareTypes = CARE_TYPES.slice(first, Math.min(first + span, 5));
    }
    const siblings = rng.weighted([0, 1, 2], [85, 10, 5]);
    const characteristics: Characteristic[] = rng.sample(plain, rng.weighted([0, 1, 2, 3], [30, 35, 25, 10]));
    if (siblings > 0) characteristics.push("broers-zussen");
    if (secure) characteristics.push("machtiging-jz");
    const urgency = rng.weighted(["regulier", "spoed", "crisis"] as const, [60, 25, 15]);
    const lead = urgency === "crisis" ? 0 : urgency === "spoed" ? rng.int(0, 7) : rng.int(7, 60);
    const homeMunicipality = rng.pick(municipalities);
    const homePostcode = rng.pick(postcodes.get(homeMunicipality)!);
    const schoolPostcode = age >= 4 && rng.chance(0.75) ? rng.pick(postcodes.get(rng.pick(municipalities))!) : null;
    out.push({
      input: {
        caseNumber: `BM-${seed.toString(36).toUpperCase()}-${i + 1}`,
        age,
        gender: rng.weighted(["jongen", "meisje", "anders"] as const, [50, 45, 5]),
        homeMunicipality,
        homePostcode,
        schoolPostcode,
        urgency,
        wantedStart: isoDay(now.getTime() + lead * DAY),
        siblings,
        characteristics,
        acceptableCareTypes,
        complex: rng.chance(0.15),
      },
      ambulant: urgency !== "crisis" || rng.chance(0.5),
    });
  }
  return out;
}
