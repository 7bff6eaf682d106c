// The demo region as a user sees it: the whole of Twente, every care type, and a log that replays to the board.
import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../server/db/client.js";
import type { CapacityEventRow, LocationRow } from "../../server/db/schema.js";
import { capacityEvents, eventSequence, locations, providers } from "../../server/db/schema.js";
import { generateDemoData } from "../../server/db/seed/generate.js";
import { isEmpty, seedDemo } from "../../server/db/seed/seed.js";
import { CARE_TYPES, MUNICIPALITY_NAMES } from "../../shared/domain.js";

const DAY = 86_400_000;
const now = new Date("2026-03-16T10:30:00Z");

let database: Database;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
let locationRows: LocationRow[];
let eventRows: CapacityEventRow[];

beforeAll(async () => {
  database = await openDatabase({});
  expect(await isEmpty(database.db)).toBe(true);
  seeded = await seedDemo(database.db, { now, seed: 42 });
  locationRows = await database.db.select().from(locations);
  eventRows = await database.db.select().from(capacityEvents).orderBy(asc(capacityEvents.seq));
}, 60_000);

afterAll(async () => {
  await database?.close();
});

function eventsByLocation(): Map<number, CapacityEventRow[]> {
  const byLocation = new Map<number, CapacityEventRow[]>();
  for (const event of eventRows) {
    const list = byLocation.get(event.locationId) ?? [];
    list.push(event);
    byLocation.set(event.locationId, list);
  }
  return byLocation;
}

describe("seedDemo", () => {
  it("fills the region with tens of providers and a few hundred locations", async () => {
    expect(await isEmpty(database.db)).toBe(false);
    const providerRows = await database.db.select().from(providers);
    expect(providerRows.length).toBe(seeded.providers);
    expect(seeded.providers).toBeGreaterThanOrEqual(20);
    expect(seeded.providers).toBeLessThanOrEqual(60);
    expect(locationRows.length).toBe(seeded.locations);
    expect(seeded.locations).toBeGreaterThanOrEqual(200);
    expect(seeded.locations).toBeLessThanOrEqual(500);
    expect(eventRows.length).toBe(seeded.events);
    expect(seeded.events).toBeLessThan(60_000);
    const kinds = new Set(providerRows.map((p) => p.kind));
    expect(kinds).toEqual(new Set(["aanbieder", "gezinshuis", "pleegzorgorganisatie"]));
  });

  it("covers all 14 municipalities and all 6 care types, within their capacity ranges", () => {
    expect(new Set(locationRows.map((l) => l.municipality))).toEqual(new Set(MUNICIPALITY_NAMES));
    expect(new Set(locationRows.map((l) => l.careType))).toEqual(new Set(CARE_TYPES));
    const ranges = {
      pleegzorg: [1, 3],
      gezinshuis: [1, 4],
      "kleinschalig-wonen": [4, 8],
      residentieel: [8, 12],
      driemilieu: [8, 12],
      jeugdzorgplus: [6, 10],
    } as const;
    for (const l of locationRows) {
      const [min, max] = ranges[l.careType];
      expect(l.capacity, l.name).toBeGreaterThanOrEqual(min);
      expect(l.capacity, l.name).toBeLessThanOrEqual(max);
      // Secure care takes youths under a court authorisation; open care lists it as a contra-indication at most.
      const secure = l.careType === "jeugdzorgplus";
      expect(l.targetGroups.includes("machtiging-jz"), l.name).toBe(secure);
      if (secure) expect(l.contraIndications).not.toContain("machtiging-jz");
      expect(
        l.targetGroups.filter((c) => l.contraIndications.includes(c)),
        l.name,
      ).toEqual([]);
    }
    expect(locationRows.some((l) => l.crisis)).toBe(true);
  });

  it("never shows a negative number of free places, and keeps residential groups mostly full", () => {
    for (const l of locationRows) {
      expect(l.free, l.name).toBeGreaterThanOrEqual(0);
      expect(l.free).toBe(l.capacity - l.occupied - l.reserved);
    }
    const groups = locationRows.filter((l) => l.careType === "residentieel");
    const occupancy = groups.reduce((s, l) => s + l.occupied, 0) / groups.reduce((s, l) => s + l.capacity, 0);
    expect(occupancy).toBeGreaterThan(0.75);
    expect(occupancy).toBeLessThan(0.99);
  });

  it("numbers the log 1..N without gaps and records the last number in event_sequence", async () => {
    expect(eventRows.findIndex((event, i) => event.seq !== i + 1)).toBe(-1);
    const [counter] = await database.db.select().from(eventSequence);
    expect(counter?.lastSeq).toBe(eventRows.length);
    const [max] = await database.db.select({ max: sql<number>`max(${capacityEvents.seq})::int` }).from(capacityEvents);
    expect(max?.max).toBe(counter?.lastSeq);
  });

  it("replays each location's log to exactly its counts in the locations table", () => {
    const byLocation = eventsByLocation();
    expect(byLocation.size).toBe(locationRows.length);
    const delta: Record<string, number> = { "plek-bezet": 1, "plek-vrijgekomen": -1, "ongewijzigd-bevestigd": 0 };
    // Collected rather than asserted one by one: tens of thousands of expect calls would dominate the run time.
    const problems: string[] = [];
    for (const location of locationRows) {
      const events = byLocation.get(location.id) ?? [];
      const first = events[0];
      if (first?.kind !== "locatie-aangemaakt" || first.prevOccupied !== null || first.version !== 1) {
        problems.push(`${location.name}: does not start with locatie-aangemaakt v1`);
      }
      for (let i = 1; i < events.length; i++) {
        const prev = events[i - 1] as CapacityEventRow;
        const e = events[i] as CapacityEventRow;
        const where = `${location.name} seq ${e.seq}`;
        if (e.at <= prev.at) problems.push(`${where}: not later than seq ${prev.seq}`);
        if (e.version !== prev.version + 1) problems.push(`${where}: version ${e.version} after ${prev.version}`);
        if (e.prevCapacity !== prev.capacity || e.prevOccupied !== prev.occupied || e.prevReserved !== prev.reserved) {
          problems.push(`${where}: prev counts do not match the previous event`);
        }
        if (e.occupied - prev.occupied !== delta[e.kind]) problems.push(`${where}: ${e.kind} changes occupied wrongly`);
        if (e.occupied < 0 || e.occupied > e.capacity || e.reserved !== 0) problems.push(`${where}: counts`);
      }
      const last = events[events.length - 1] as CapacityEventRow;
      const { capacity, occupied, reserved, version, lastConfirmedAt } = location;
      const table = [capacity, occupied, reserved, version, +lastConfirmedAt];
      const log = [last.capacity, last.occupied, last.reserved, last.version, +last.lastConfirmedAt];
      if (table.join() !== log.join()) problems.push(`${location.name}: table ${table} but log ${log}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it("spans about two years before now, with ~10% stale and most locations freshly confirmed", () => {
    const first = eventRows[0] as CapacityEventRow;
    const last = eventRows[eventRows.length - 1] as CapacityEventRow;
    const spanDays = (now.getTime() - first.at.getTime()) / DAY;
    expect(spanDays).toBeGreaterThan(720);
    expect(spanDays).toBeLessThanOrEqual(731);
    expect(last.at.getTime()).toBeLessThan(now.getTime());
    const ageDays = locationRows.map((l) => (now.getTime() - l.lastConfirmedAt.getTime()) / DAY);
    const stale = ageDays.filter((d) => d > 4).length / ageDays.length;
    const fresh = ageDays.filter((d) => d <= 2).length / ageDays.length;
    expect(stale).toBeGreaterThan(0.07);
    expect(stale).toBeLessThan(0.15);
    expect(fresh).toBeGreaterThan(0.7);
  });
});

describe("generateDemoData", () => {
  it("is deterministic for a seed and differs for another seed", () => {
    // A smaller region keeps this fast; the code path is the same as for the full one.
    const a = generateDemoData({ now, seed: 7, scale: 0.3 });
    const b = generateDemoData({ now, seed: 7, scale: 0.3 });
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = generateDemoData({ now, seed: 8, scale: 0.3 });
    expect(c.events.length).not.toBe(a.events.length);
  });
});
