// Demo data for region Twente: providers, locations and a two-year capacity event history. Pure and deterministic:
// the same options give the same data, so demos, screenshots and tests are reproducible. No I/O here.
import { amsterdamToday } from "../../../shared/calendar.js";
import {
  type CapacityEventKind,
  type CareType,
  type GenderRule,
  MUNICIPALITIES,
  type Municipality,
  type PlaceFlag,
  type ProviderKind,
} from "../../../shared/domain.js";
import type { CapacityEventRow, LocationRow, ProviderRow } from "../schema.js";
import { type BedMove, type DemoPlanning, type PlanningSubject, planDemoMoves } from "./planning.js";
import { Rng } from "./random.js";
import {
  CRISIS_AGES,
  CRISIS_STAY_DAYS,
  FAMILY_HOMES,
  FOSTER_ORGS,
  GROUP_PREFIX,
  MUNICIPALITY_NAMES,
  MUNICIPALITY_WEIGHTS,
  PLACE_NAMES,
  PROFILES,
  RESIDENTIAL_PROVIDERS,
} from "./region-profile.js";

export interface GenerateOptions {
  now: Date;
  seed?: number;
  /** Multiplies the number of locations (and gezinshuizen); 1 gives about 300 locations. */
  scale?: number;
}

// Row shapes of the schema, with array indexes where the database will hand out ids.
export type DemoProvider = Omit<ProviderRow, "id">;
// The demo region lies in Twente; crisis is kept (derived from crisisPlaces, as the database does) for the history.
export type DemoLocation = Omit<LocationRow, "id" | "providerId" | "free" | "municipality"> & {
  providerIndex: number;
  municipality: Municipality;
};
export type DemoEvent = Omit<CapacityEventRow, "locationId" | "requestKey"> & { locationIndex: number };

export interface DemoData {
  providers: DemoProvider[];
  locations: DemoLocation[];
  events: DemoEvent[];
  /** Planned departures and admissions with their history (planning.ts). */
  planning: DemoPlanning;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const HISTORY_DAYS = 730;
export const DEFAULT_SEED = 20_260_101;
/** The beds are simulated this far past now, so open planned departures announce exits that really come. */
const FUTURE_DAYS = 70;

/** Intakes peak in winter and after the summer holidays, dip in summer; crisis intakes swing most. */
function season(t: number, crisis: boolean): number {
  const month = new Date(t).getUTCMonth();
  const base = month <= 1 || month === 11 ? 1.7 : month === 8 || month === 9 ? 1.6 : month >= 5 && month <= 7 ? 0.6 : 1;
  return crisis ? base : 1 + (base - 1) / 3;
}

/** Planned moves happen on weekdays in office hours (07-16 UTC); only ever moves forward, so order is kept. */
function officeTime(t: number, rng: Rng): number {
  const d = new Date(t);
  const hour = d.getUTCHours();
  const dayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  let day = hour < 7 ? dayStart : hour >= 16 ? dayStart + DAY : -1;
  if (day < 0 && d.getUTCDay() % 6 !== 0) return t;
  if (day < 0) day = dayStart;
  while (new Date(day).getUTCDay() % 6 === 0) day += DAY;
  return day + 7 * HOUR + rng.between(0, 9 * HOUR);
}

interface Spec {
  providerIndex: number;
  careType: CareType;
  municipality: Municipality;
  name?: string;
}
type RawEvent = Omit<DemoEvent, "seq" | "at" | "lastConfirmedAt"> & { at: number };
type Span = { horizon: number; until: number; future: Rng };

export function generateDemoData(options: GenerateOptions): DemoData {
  const seed = options.seed ?? DEFAULT_SEED;
  const rng = new Rng(seed);
  const future = new Rng((seed ^ 0x5f3759df) >>> 0);
  const now = options.now.getTime();
  const start = now - HISTORY_DAYS * DAY;
  const { providers, specs } = planProviders(rng, options.scale ?? 1, new Date(start));

  // Exactly 10% stale (last confirmation 4.5-45 days ago), 7% 2-4 days, the rest confirmed within the last 2 days.
  const horizons = new Array<number>(specs.length);
  const shuffled = rng.sample([...specs.keys()], specs.length);
  shuffled.forEach((locationIndex, rank) => {
    const share = rank / specs.length;
    const ageDays = share < 0.1 ? rng.between(4.5, 45) : share < 0.17 ? rng.between(2.6, 3.9) : rng.between(0, 1.5);
    horizons[locationIndex] = now - ageDays * DAY - 10 * 60_000;
  });

  const usedNames = new Set<string>();
  const codes = new Map<number, number>();
  const locations: DemoLocation[] = [];
  const raw: RawEvent[] = [];
  const subjects: PlanningSubject[] = [];
  specs.forEach((spec, locationIndex) => {
    const location = describeLocation(rng, spec, usedNames, start);
    // The provider's own code: numbered per provider, as a planner's list would.
    const n = (codes.get(spec.providerIndex) ?? 0) + 1;
    codes.set(spec.providerIndex, n);
    location.code = `LOC-${String(n).padStart(3, "0")}`;
    const actor = `demo:${(providers[spec.providerIndex] as DemoProvider).name}`;
    const span = { horizon: horizons[locationIndex] as number, until: now + FUTURE_DAYS * DAY, future };
    const { events, moves } = simulate(rng, location, locationIndex, actor, span);
    subjects.push({ ...location, createdAt: location.createdAt.getTime(), until: span.horizon, actor, moves });
    const last = events[events.length - 1] as RawEvent;
    location.occupied = last.occupied;
    location.version = last.version;
    location.lastConfirmedAt = new Date(last.at);
    locations.push(location);
    raw.push(...events);
  });

  respitePlaces(locations);

  oneCrisisPlaceEach(locations);

  // The global seq follows time, as it would have if these events had been written live.
  raw.sort((a, b) => a.at - b.at || a.locationIndex - b.locationIndex || a.version - b.version);
  const events = raw.map((e, i) => ({ ...e, seq: i + 1, at: new Date(e.at), lastConfirmedAt: new Date(e.at) }));
  return { providers, locations, events, planning: planDemoMoves(subjects, seed) };
}

function planProviders(rng: Rng, scale: number, createdAt: Date): { providers: DemoProvider[]; specs: Spec[] } {
  const scaled = (n: number) => Math.max(1, Math.round(n * scale));
  const weightedMunicipality = () => rng.weighted(MUNICIPALITY_NAMES, MUNICIPALITY_WEIGHTS);
  const providers: DemoProvider[] = [];
  const specs: Spec[] = [];
  // AGB codes: '73' (jeugdhulp) and a running number, so every demo provider has a distinct, valid-looking code.
  const addProvider = (name: string, kind: ProviderKind) =>
    providers.push({
      name,
      kind,
      agbCode: `73${String(100_001 + providers.length).padStart(6, "0")}`,
      email: null,
      active: true,
      version: 1,
      createdAt,
    }) - 1;

  for (const p of RESIDENTIAL_PROVIDERS) {
    const providerIndex = addProvider(p.name, "aanbieder");
    for (const [careType, count] of Object.entries(p.mix) as [CareType, number][]) {
      // Secure care and 3-milieu sit on the provider's own campus; groups spread over the region.
      const onCampus = careType === "driemilieu" || careType === "jeugdzorgplus";
      for (let i = 0; i < scaled(count); i++) {
        const municipality = onCampus || rng.chance(0.45) ? p.home : weightedMunicipality();
        specs.push({ providerIndex, careType, municipality });
      }
    }
  }
  for (let i = 0; i < scaled(FAMILY_HOMES.length); i++) {
    const round = Math.floor(i / FAMILY_HOMES.length);
    const name = `Gezinshuis ${FAMILY_HOMES[i % FAMILY_HOMES.length]}${round > 0 ? ` ${round + 1}` : ""}`;
    const providerIndex = addProvider(name, "gezinshuis");
    specs.push({ providerIndex, careType: "gezinshuis", municipality: weightedMunicipality(), name });
  }
  let family = 0;
  const familyNumbers = new Map<Municipality, number>();
  for (const org of FOSTER_ORGS) {
    const providerIndex = addProvider(org.name, "pleegzorgorganisatie");
    for (let i = 0; i < scaled(org.families); i++, family++) {
      // The first families cover every municipality, so each gemeente has at least one place.
      const municipality = MUNICIPALITY_NAMES[family] ?? weightedMunicipality();
      const n = (familyNumbers.get(municipality) ?? 0) + 1;
      familyNumbers.set(municipality, n);
      specs.push({ providerIndex, careType: "pleegzorg", municipality, name: `Pleeggezin ${municipality}-${n}` });
    }
  }
  return { providers, specs };
}

function describeLocation(rng: Rng, spec: Spec, usedNames: Set<string>, start: number): DemoLocation {
  const { careType, municipality } = spec;
  const profile = PROFILES[careType];
  const familyLike = careType === "pleegzorg" || careType === "gezinshuis";
  const crisis = rng.chance(profile.crisis);
  const treatment = rng.chance(profile.treatment);
  const ages = rng.pick(crisis && !familyLike ? CRISIS_AGES : profile.ages);
  const [ageMin = 0, ageMax = 18] = ages.split("-").map(Number);
  const gender: GenderRule = familyLike ? "alle" : rng.weighted(["alle", "jongens", "meisjes"] as const, [80, 10, 10]);
  const targetGroups = rng.sample(profile.targets, rng.int(familyLike ? 0 : 1, 2));
  if (careType === "jeugdzorgplus") targetGroups.unshift("machtiging-jz");
  const contraPool = profile.contras.filter((c) => !targetGroups.includes(c));
  const contraIndications = rng.sample(contraPool, rng.int(0, 3));
  // Open care cannot hold a youth under a JZ+ court authorisation.
  if (careType !== "jeugdzorgplus" && rng.chance(0.85)) contraIndications.push("machtiging-jz");

  let prefix = GROUP_PREFIX[careType];
  if (crisis && !familyLike) prefix = careType === "residentieel" ? "Crisisgroep" : "Crisisopvang";
  else if (careType === "residentieel" && treatment) prefix = "Behandelgroep";
  else if (careType === "kleinschalig-wonen" && ageMin >= 16) prefix = "Kamertraining";
  const word = rng.pick(PLACE_NAMES);
  let name = spec.name ?? `${prefix} ${word}`;
  for (let n = 1; usedNames.has(name); n++) name = `${prefix} ${word} ${municipality}${n > 1 ? ` ${n}` : ""}`;
  usedNames.add(name);

  const centre = MUNICIPALITIES.find((m) => m.name === municipality) as (typeof MUNICIPALITIES)[number];
  const spread = careType === "driemilieu" || careType === "jeugdzorgplus" ? 0.3 : 1;
  const createdAt = new Date(start + rng.between(0, 20 * HOUR));
  const location: DemoLocation = {
    providerIndex: spec.providerIndex,
    code: "",
    name,
    careType,
    municipality,
    otherMunicipality: null,
    postcode: centre.pc4,
    ageMin,
    ageMax,
    gender,
    crisis,
    treatment,
    flags: placeFlags(careType, ageMin, usedNames.size),
    lat: round5(centre.lat + rng.normal() * 0.014 * spread),
    lon: round5(centre.lon + rng.normal() * 0.022 * spread),
    targetGroups,
    contraIndications,
    capacity: rng.pick(profile.capacities),
    crisisPlaces: 0,
    siblingsTogether: targetGroups.includes("broers-zussen"),
    openedOn: amsterdamToday(createdAt),
    closedOn: null,
    occupied: 0,
    reserved: 0,
    lastConfirmedAt: createdAt,
    version: 1,
    createdAt,
  };
  // A crisis location keeps all its places for crisis intake.
  if (crisis) location.crisisPlaces = location.capacity;
  return location;
}

/**
 * Each bed alternates stay and vacancy (a renewal process); the mean vacancy is set so that occupancy averages the
 * location's target, 85-95% for most. Events stop at `horizon`, the location's last confirmation; the bed changes
 * (`moves`, for the planning) go on until `until`, drawn from `future` so the recorded events stay as they were.
 */
function simulate(rng: Rng, loc: DemoLocation, locationIndex: number, actor: string, span: Span) {
  const { horizon, until, future } = span;
  const profile = PROFILES[loc.careType];
  const created = loc.createdAt.getTime();
  const target = loc.crisis ? rng.between(0.7, 0.85) : rng.between(0.85, 0.95);
  const stayRange = loc.crisis ? CRISIS_STAY_DAYS : profile.stayDays;
  const meanGap = ((stayRange[0] + stayRange[1]) / 2) * ((1 - target) / target);
  const changes: { at: number; delta: number }[] = [];
  const moves: BedMove[] = [];
  let occupied = 0;
  for (let bed = 0; bed < loc.capacity; bed++) {
    let busy = rng.chance(target);
    if (busy) occupied++;
    // The history starts mid-stay: the first change comes after a random part of a stay or vacancy.
    let t = created + HOUR + (busy ? rng.humped(...stayRange) : rng.exp(meanGap)) * rng.next() * DAY;
    let since = created;
    let draw = rng;
    for (;;) {
      if (!loc.crisis) t = officeTime(t, draw);
      if (t >= horizon) draw = future;
      if (t >= until) break;
      const delta = busy ? -1 : 1;
      if (t < horizon) changes.push({ at: t, delta });
      moves.push({ at: t, delta, since });
      since = t;
      busy = !busy;
      t += (busy ? draw.humped(...stayRange) : Math.max(0.1, draw.exp(meanGap) / season(t, loc.crisis))) * DAY;
    }
  }
  for (let t = created + rng.exp(profile.confirmDays) * DAY; t < horizon; t += rng.exp(profile.confirmDays) * DAY) {
    changes.push({ at: officeTime(t, rng), delta: 0 });
  }
  changes.sort((a, b) => a.at - b.at);

  const { capacity } = loc;
  const none = { prevCapacity: null, prevOccupied: null, prevReserved: null };
  const base = { locationIndex, capacity, reserved: 0 };
  const events: RawEvent[] = [
    { ...base, ...none, kind: "locatie-aangemaakt", actor: "demo-seed", occupied, version: 1, at: created },
  ];
  const emit = (kind: CapacityEventKind, at: number, delta: number) => {
    const prev = { prevCapacity: capacity, prevOccupied: occupied, prevReserved: 0 };
    occupied += delta;
    events.push({ ...base, ...prev, kind, actor, occupied, version: events.length + 1, at });
  };
  let lastAt = created;
  for (const change of changes) {
    // Every event of a location gets its own instant, so its log has one unambiguous order.
    const at = Math.max(change.at, lastAt + 1000);
    if (at >= horizon) break;
    const kind = change.delta > 0 ? "plek-bezet" : change.delta < 0 ? "plek-vrijgekomen" : "ongewijzigd-bevestigd";
    emit(kind, at, change.delta);
    lastAt = at;
  }
  if (lastAt < horizon - 12 * HOUR) emit("ongewijzigd-bevestigd", horizon, 0);
  moves.sort((a, b) => a.at - b.at);
  return { events, moves };
}

/**
 * Groups that keep one of their places for crisis intake (domain.md, "Running a region"): the first regular group with
 * one place free, whose only free place is then a crisis place (a regular request takes it only with a reason), and the
 * first with more free ("waarvan 1 crisis"). Picked from what the simulation left, without a draw, so every other number
 * of the seed stays as it was; not the demo aanbieder's (the first provider), whose stories reserve regular places.
 * `crisis` stays as the history was simulated: these beds lived as regular ones.
 */
function oneCrisisPlaceEach(locations: DemoLocation[]) {
  const regularGroups = locations.filter(
    (l) =>
      l.providerIndex !== 0 &&
      l.crisisPlaces === 0 &&
      (l.careType === "kleinschalig-wonen" || l.careType === "residentieel"),
  );
  const free = (l: DemoLocation) => l.capacity - l.occupied - l.reserved;
  for (const picked of [regularGroups.find((l) => free(l) === 1), regularGroups.find((l) => free(l) >= 2)]) {
    if (picked) picked.crisisPlaces = 1;
  }
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

/**
 * The orthogonal flags of a demo location, from what it already is (no draw of the generator, so every other number of
 * the seed stays as it was): kamertraining for a 16+ kleinschalig wonen, deeltijd for every third foster family.
 */
function placeFlags(careType: CareType, ageMin: number, nth: number): PlaceFlag[] {
  if (careType === "kleinschalig-wonen" && ageMin >= 16) return ["kamertraining"];
  if (careType === "pleegzorg") return [nth % 3 === 0 ? "pleegzorg-deeltijd" : "pleegzorg-voltijd"];
  return [];
}

/**
 * Logeer-/respijtplekken (domain.md, orthogonal flags): of the gezinshuizen and of the deeltijd foster families, the
 * first with a free place and the first without, so a respite request finds a place and a regular one loses few.
 * Picked from what the simulation left, without a draw, so every other number of the seed stays as it was; not the
 * demo aanbieder's (the first provider), whose stories reserve regular places.
 */
function respitePlaces(locations: DemoLocation[]) {
  const free = (l: DemoLocation) => l.capacity - l.occupied - l.reserved;
  const kinds: ((l: DemoLocation) => boolean)[] = [
    (l) => l.careType === "gezinshuis",
    (l) => l.flags.includes("pleegzorg-deeltijd"),
  ];
  for (const kind of kinds) {
    const pool = locations.filter((l) => kind(l) && l.providerIndex !== 0 && l.crisisPlaces === 0);
    for (const l of [pool.find((l) => free(l) > 0), pool.find((l) => free(l) === 0)]) {
      if (l) l.flags = [...l.flags, "logeer-respijt"];
    }
  }
}
